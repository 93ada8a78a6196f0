// The medical-review line of a guide, in the guide's language: "Medically reviewed by
// Dr. A, MD on 1 November 2026. Next review due 1 November 2027." It says plainly when
// the review is overdue, when the text changed since, and when this language version was
// never reviewed. Strings: i18n/medical-review.json ({locale: {key: text}}), fetched
// once; until it arrives (or if it cannot) the English built in here is used.

import { el } from "./dom.js";

const CATALOGUE_URL = new URL("./i18n/medical-review.json", import.meta.url);
const ENGLISH = {
  reviewed: "Medically reviewed by {reviewer} on {date}.",
  reviewer_with_credentials: "{name}, {credentials}",
  next_review: "Next review due {date}.",
  overdue: "The next medical review was due on {date} and is overdue, so this information may be out of date.",
  changed: "The text has changed since that review.",
  missing: "This language version has not been medically reviewed yet.",
};

let catalogue = null;
let loading = null;

export function loadCatalogue() {
  loading ||= fetch(CATALOGUE_URL)
    .then((response) => (response.ok ? response.json() : {}))
    .catch(() => ({}))
    .then((data) => (catalogue = data));
  return loading;
}

// The strings for `locale`: exact code, else the same language ("pt" → "pt-BR"), else English.
export function stringsFor(locale, data = catalogue || {}) {
  const language = String(locale || "").split("-")[0];
  const key = locale in data ? locale : Object.keys(data).find((code) => code.split("-")[0] === language);
  return { ...ENGLISH, ...(data.en || {}), ...(key ? data[key] : {}) };
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in values ? values[name] : match));
}

function formatDay(isoDate, locale) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(date);
  } catch {
    return isoDate;
  }
}

// {text, state}: state is "signed" | "overdue" | "changed" | "missing".
export function medicalReviewText(guide, locale = guide.locale, now = new Date(), data = catalogue || {}) {
  const strings = stringsFor(locale, data);
  const review = guide.medical_review || {};
  const by = review.reviewed_by;
  if (!by || !review.last_reviewed) return { text: strings.missing, state: "missing" };
  const reviewer = by.credentials
    ? fill(strings.reviewer_with_credentials, { name: by.name, credentials: by.credentials })
    : by.name;
  const parts = [fill(strings.reviewed, { reviewer, date: formatDay(review.last_reviewed, locale) })];
  const due = review.next_review_due;
  // The document may have been built before the due date passed: check against today too.
  const overdue = review.overdue || (due && due < now.toISOString().slice(0, 10));
  if (due) parts.push(fill(overdue ? strings.overdue : strings.next_review, { date: formatDay(due, locale) }));
  if (review.content_changed_since) parts.push(strings.changed);
  const state = overdue ? "overdue" : review.content_changed_since ? "changed" : "signed";
  return { text: parts.join(" "), state };
}

// A <p class="medical-review"> in the guide's language; filled again once the strings load.
export function medicalReviewElement(guide, attributes = {}) {
  const line = el("p", { class: "medical-review", lang: guide.locale, dir: guide.direction, ...attributes });
  const render = () => {
    const { text, state } = medicalReviewText(guide);
    line.textContent = text;
    line.dataset.state = state;
    if (state !== "signed") line.setAttribute("role", "note");
  };
  if (catalogue) render();
  else loadCatalogue().then(render); // English if the strings cannot be fetched
  return line;
}
