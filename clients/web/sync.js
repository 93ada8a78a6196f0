// Keep a locale's guides on the device up to date (docs/api.md, "Offline sync").
//
// First time: the bundle (/api/v1/bundles/<locale>/, cacheable by a CDN), then
// /sync/?bundle=<its version> for a token to go on from (no second download). After
// that: /sync/?since=<token>, applied exactly as documented: if `full`, drop
// everything; upsert each `changed` guide by id; delete each `removed` id; keep
// `token`. Guides and token are written in one transaction (storage.js).

const stateKey = (locale) => `sync:${locale}`;

// -> {updated: bool, request: "bundle" | "delta" | "none"}; throws ApiError, storage kept.
export async function syncLocale(api, storage, locale) {
  const state = (await storage.getMeta(stateKey(locale))) || {};
  if (state.token) {
    const answer = await api.sync(locale, { since: state.token, etag: state.etag });
    if (answer.status === 304) return { updated: false, request: "delta" };
    await apply(storage, locale, answer);
    return { updated: answerChangesSomething(answer.data), request: "delta" };
  }
  let bundleVersion = state.bundleVersion;
  let request = "none";
  if (!bundleVersion) {
    const bundle = await api.bundle(locale);
    bundleVersion = bundle.data.version;
    request = "bundle";
    await storage.write(locale, {
      clear: true,
      put: bundle.data.guides,
      meta: { [stateKey(locale)]: { bundleVersion } },
    });
  }
  const answer = await api.sync(locale, { bundle: bundleVersion });
  await apply(storage, locale, answer);
  return { updated: request === "bundle" || answerChangesSomething(answer.data), request };
}

export async function hasLocale(storage, locale) {
  const state = await storage.getMeta(stateKey(locale));
  return Boolean(state && (state.token || state.bundleVersion));
}

function apply(storage, locale, { data, etag }) {
  return storage.write(locale, {
    clear: data.full,
    put: data.changed,
    remove: data.removed,
    meta: { [stateKey(locale)]: { token: data.token, etag } },
  });
}

function answerChangesSomething(data) {
  return data.full || data.changed.length > 0 || data.removed.length > 0;
}
