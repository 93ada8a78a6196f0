// HTTP access to the delivery API (/api/v1/, docs/api.md): JSON, ETags, readable errors.
//
// Every failure becomes an ApiError: `kind` "network" (no answer at all: offline, DNS,
// a CORS refusal) or "http" (the API answered with its {"error": {code, message}}).

export class ApiError extends Error {
  constructor(kind, message, { status = 0, code = "", details = null } = {}) {
    super(message);
    this.name = "ApiError";
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export class ApiClient {
  // root: the API's base URL ("/api/v1/" or "https://guides.example/api/v1/").
  constructor(root, { apiKey = null } = {}) {
    this.root = new URL(root, globalThis.location?.href);
    this.apiKey = apiKey || null;
  }

  locales(options) {
    return this.get("locales/", {}, options);
  }

  bundle(locale, options) {
    return this.get(`bundles/${encodeURIComponent(locale)}/`, {}, options);
  }

  // Exactly one of `since` (the last token) or `bundle` (the bundle version started from).
  sync(locale, { since = null, bundle = null, etag = null } = {}) {
    return this.get("sync/", { locale, since, bundle }, { etag });
  }

  guide(slug, locale, options) {
    return this.get(`guides/${encodeURIComponent(slug)}/`, { locale }, options);
  }

  faqJsonLd(slug, locale, options) {
    return this.get(`guides/${encodeURIComponent(slug)}/faq.jsonld`, { locale }, options);
  }

  // -> {status: 200, data, etag} or {status: 304, data: null, etag} (when `etag` was sent).
  async get(path, params = {}, { etag = null } = {}) {
    const url = new URL(path, this.root);
    for (const [name, value] of Object.entries(params)) {
      if (value) url.searchParams.set(name, value);
    }
    const headers = { Accept: "application/json" };
    if (this.apiKey) headers["X-API-Key"] = this.apiKey;
    if (etag) headers["If-None-Match"] = etag;
    let response;
    try {
      response = await fetch(url, { headers });
    } catch {
      throw new ApiError("network", "The guide service could not be reached.");
    }
    const newEtag = response.headers.get("ETag") || etag;
    if (response.status === 304) return { status: 304, data: null, etag: newEtag };
    const data = await response.json().catch(() => null);
    if (!response.ok) throw httpError(response.status, data);
    if (data === null) {
      throw new ApiError("http", "The guide service sent an unreadable answer.", {
        status: response.status,
      });
    }
    return { status: response.status, data, etag: newEtag };
  }
}

function httpError(status, body) {
  const error = body && typeof body === "object" ? body.error : null;
  const message =
    (error && typeof error.message === "string" && error.message) ||
    `The guide service answered with HTTP ${status}.`;
  return new ApiError("http", message, {
    status,
    code: (error && error.code) || "",
    details: (error && error.details) || null,
  });
}
