// <health-guide slug="exosome-hair-loss" locale="es" api-key="gk_..."></health-guide>
//
// The clinic embed (docs/clients.md). Loaded on a partner's page with
//   <script type="module" src="https://<API host>/embed/v1/health-guide.js"></script>
// it renders the guide in an open shadow root as an accordion, adds one MedicalWebPage/FAQPage
// JSON-LD script to the page's <head>, and shows a visible role="alert" message when
// it cannot (key refused, unknown guide, network down). It never throws into the
// host page: every failure ends in that message and a `health-guide:error` event.
// Its own words (loading, errors, the review line) are in the embed's locale (i18n.js):
// the wrapper in the shadow root carries that locale's `lang` and `dir`.

import { ApiClient } from "./api.js";
import { el, fallbackContent, localized, medicalReviewLine, reviewContent } from "./dom.js";
import { loadMessages } from "./i18n.js";
import { chooseLocale } from "./locale.js";
import { renderNodes } from "./nodes.js";
import { adoptStyles } from "./health-guide-styles.js";
import { publishJsonLd, releaseJsonLd } from "./jsonld.js";

const API_ROOT = new URL("/api/v1/", import.meta.url);

class HealthGuideElement extends HTMLElement {
  static observedAttributes = ["slug", "locale", "api-key"];

  #body;
  #loads = 0; // a newer load makes older answers irrelevant
  #pending = false;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    adoptStyles(root);
    this.#body = root.appendChild(document.createElement("div"));
  }

  connectedCallback() {
    this.#schedule();
  }

  disconnectedCallback() {
    releaseJsonLd(this);
  }

  attributeChangedCallback(name, before, after) {
    if (this.isConnected && before !== after) this.#schedule();
  }

  // Attributes set together (an upgrade reports each one) make one load, not several.
  #schedule() {
    if (this.#pending) return;
    this.#pending = true;
    queueMicrotask(() => {
      this.#pending = false;
      if (this.isConnected) this.#load();
    });
  }

  async #load() {
    const load = ++this.#loads;
    const requested = (this.getAttribute("locale") || "").trim();
    let messages = await loadMessages(requested || navigator.language);
    if (load !== this.#loads) return;
    this.#show(status(messages), messages);
    let chosen = requested;
    try {
      const slug = (this.getAttribute("slug") || "").trim();
      if (!slug) throw Object.assign(new Error("no slug"), { code: "no_slug" });
      const api = new ApiClient(API_ROOT, { apiKey: this.getAttribute("api-key") });
      chosen = requested || (await preferredLocale(api));
      const [guide, jsonld] = await Promise.all([
        api.guide(slug, chosen),
        api.faqJsonLd(slug, chosen),
      ]);
      // The locale the API served for (es-MX -> es), whose words the embed then speaks.
      messages = await loadMessages(guide.data.requested_locale || guide.data.locale);
      if (load !== this.#loads) return;
      this.#show(renderGuide(guide.data, messages), messages);
      publishJsonLd(this, `${slug}|${guide.data.locale}`, jsonld.data);
      this.dispatchEvent(new CustomEvent("health-guide:load", { detail: { guide: guide.data } }));
    } catch (error) {
      if (load !== this.#loads) return;
      releaseJsonLd(this);
      if (chosen && !requested) messages = await loadMessages(chosen);
      if (load !== this.#loads) return;
      this.#show(renderError(error, this.getAttribute("slug"), messages, requested), messages);
      this.dispatchEvent(new CustomEvent("health-guide:error", { detail: { error } }));
    }
  }

  #show(content, messages) {
    this.#body.lang = messages.locale;
    this.#body.dir = messages.direction;
    this.#body.replaceChildren(content);
  }
}

async function preferredLocale(api) {
  const { data } = await api.locales();
  return chooseLocale(
    data.results.map((locale) => locale.code),
    undefined,
    data.source,
  );
}

function renderGuide(guide, messages) {
  const section = el("section", { class: "guide", part: "guide" });
  section.lang = guide.locale;
  section.dir = guide.direction;
  section.setAttribute("aria-labelledby", "title");
  section.append(el("h2", { id: "title", class: "title", part: "title" }, guide.title));
  if (guide.fallback) section.append(chrome("p", { class: "fallback", part: "fallback" }, messages, fallbackContent(guide, messages)));
  section.append(el("div", { class: "intro" }, renderNodes(guide.intro.nodes)));
  for (const group of guide.groups) {
    const heading = el("h3", { class: "group", id: `group-${group.id}` }, group.heading);
    const items = el("div", { class: "items" });
    for (const item of group.items) {
      const details = el("details", { class: "item", part: "item" });
      details.dataset.itemId = item.id;
      const summary = el("summary", { part: "question" });
      summary.append(el("span", { class: "number" }, `${item.number}.`), " ", item.question);
      details.append(summary, el("div", { class: "answer", part: "answer" }, renderNodes(item.answer.nodes)));
      items.append(details);
    }
    section.append(heading, items);
  }
  section.append(el("div", { class: "conclusion" }, renderNodes(guide.conclusion.nodes)));
  section.append(medicalReviewLine(guide, messages, { part: "medical-review" }));
  const translationLine = reviewContent(guide, messages);
  if (translationLine) section.append(chrome("p", { class: "review", part: "review" }, messages, translationLine));
  if (guide.medical_review.disclaimer) {
    section.append(el("p", { class: "disclaimer", part: "disclaimer" }, guide.medical_review.disclaimer));
  }
  return section;
}

// The embed's own words inside the guide: in the embed's locale, which for a guide shown
// in its original language differs from the content's.
function chrome(tag, attributes, messages, ...children) {
  return el(tag, { ...attributes, lang: messages.locale, dir: messages.direction }, ...children);
}

function renderError(error, slug, messages, requested) {
  const box = el("div", { class: "error", role: "alert", part: "error" });
  box.append(el("strong", {}, messages.t("embed.failed")), " ", explain(error, slug, messages, requested));
  return box;
}

function explain(error, slug, messages, requested) {
  switch (error && error.code) {
    case "no_slug":
      return localized(messages, "embed.noSlug");
    case "origin_not_allowed":
      return localized(messages, "embed.originRefused", { origin: location.origin });
    case "invalid_api_key":
      return localized(messages, "embed.invalidKey");
    case "api_key_required":
      return localized(messages, "embed.keyRequired");
    case "guide_not_found":
      return localized(messages, "embed.notFound", { slug });
    case "unknown_locale":
      return localized(messages, "embed.unknownLocale", { locale: requested });
    case "throttled":
      return localized(messages, "embed.throttled");
  }
  if (error && error.kind === "network") return localized(messages, "embed.unreachable");
  // Another answer of the API: its own message (English) says more than a generic line.
  return (error && error.kind === "http" && error.message) || messages.t("embed.unknown");
}

function status(messages) {
  return el("p", { class: "status", role: "status" }, messages.t("embed.loading"));
}

try {
  if (!customElements.get("health-guide")) {
    customElements.define("health-guide", HealthGuideElement);
  }
} catch (error) {
  console.warn("health-guide: could not register the element", error);
}
