// <health-guide slug="exosome-hair-loss" locale="es" api-key="gk_..."></health-guide>
//
// The clinic embed (docs/clients.md). Loaded on a partner's page with
//   <script type="module" src="https://<API host>/embed/v1/health-guide.js"></script>
// it renders the guide in an open shadow root as an accordion, adds one MedicalWebPage/FAQPage
// JSON-LD script to the page's <head>, and shows a visible role="alert" message when
// it cannot (key refused, unknown guide, network down). It never throws into the
// host page: every failure ends in that message and a `health-guide:error` event.

import { ApiClient } from "./api.js";
import { el, fallbackText, reviewText } from "./dom.js";
import { medicalReviewElement } from "./medical_review.js";
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
    this.#show(status("Loading the health guide…"));
    try {
      const slug = (this.getAttribute("slug") || "").trim();
      if (!slug) throw new Error('Set the "slug" attribute to the guide to show.');
      const api = new ApiClient(API_ROOT, { apiKey: this.getAttribute("api-key") });
      const locale = this.getAttribute("locale") || (await preferredLocale(api));
      const [guide, jsonld] = await Promise.all([
        api.guide(slug, locale),
        api.faqJsonLd(slug, locale),
      ]);
      if (load !== this.#loads) return;
      this.#show(renderGuide(guide.data));
      publishJsonLd(this, `${slug}|${guide.data.locale}`, jsonld.data);
      this.dispatchEvent(new CustomEvent("health-guide:load", { detail: { guide: guide.data } }));
    } catch (error) {
      if (load !== this.#loads) return;
      releaseJsonLd(this);
      this.#show(renderError(error, this.getAttribute("slug")));
      this.dispatchEvent(new CustomEvent("health-guide:error", { detail: { error } }));
    }
  }

  #show(content) {
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

function renderGuide(guide) {
  const section = el("section", { class: "guide", part: "guide" });
  section.lang = guide.locale;
  section.dir = guide.direction;
  section.setAttribute("aria-labelledby", "title");
  section.append(el("h2", { id: "title", class: "title", part: "title" }, guide.title));
  if (guide.fallback) {
    section.append(el("p", { class: "fallback", part: "fallback", lang: "en", dir: "ltr" }, fallbackText(guide)));
  }
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
  section.append(medicalReviewElement(guide, { part: "medical-review" }));
  if (reviewText(guide)) section.append(reviewLine(guide));
  if (guide.medical_review.disclaimer) {
    section.append(el("p", { class: "disclaimer", part: "disclaimer" }, guide.medical_review.disclaimer));
  }
  return section;
}

function reviewLine(guide) {
  return el("p", { class: "review", part: "review", lang: "en", dir: "ltr" }, reviewText(guide));
}

function renderError(error, slug) {
  const box = el("div", { class: "error", role: "alert", part: "error" });
  box.lang = "en";
  box.append(el("strong", {}, "The health guide cannot be shown. "), explain(error, slug));
  return box;
}

function explain(error, slug) {
  switch (error && error.code) {
    case "origin_not_allowed":
      return `This site (${location.origin}) may not use this API key. Ask the guide provider to add this site to the key, or remove the api-key attribute.`;
    case "invalid_api_key":
      return "The API key was not accepted: it is wrong or was revoked.";
    case "api_key_required":
      return "This guide service needs an API key: set the api-key attribute.";
    case "guide_not_found":
      return `There is no published guide "${slug}".`;
    case "unknown_locale":
      return `${error.message}`;
    case "throttled":
      return "Too many requests right now. Reload the page in a minute.";
  }
  if (error && error.kind === "network") {
    return "The guide service could not be reached (network down, or this site is not allowed to read it). Check the connection and reload the page.";
  }
  return (error && error.message) || "Something went wrong.";
}

function status(text) {
  const line = el("p", { class: "status", role: "status" }, text);
  line.lang = "en";
  return line;
}

try {
  if (!customElements.get("health-guide")) {
    customElements.define("health-guide", HealthGuideElement);
  }
} catch (error) {
  console.warn("health-guide: could not register the element", error);
}
