// Building DOM by name: el("p", {class: "x"}, "text", child). Strings become text
// nodes, never markup; attributes are set one by one. No HTML string is parsed.
// Also the small texts both apps show the same way (dates, the translation line, the note on
// a guide shown in its original language).

export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  element.append(...children.filter((child) => child !== null && child !== undefined));
  return element;
}

export function formatDate(isoDate, locale) {
  if (!isoDate) return "";
  const date = new Date(isoDate.length === 10 ? `${isoDate}T00:00:00Z` : isoDate);
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(date);
  } catch {
    return isoDate.slice(0, 10);
  }
}

// How a translation came to be: whether a machine drafted it, when a person reviewed
// it, and whether the original has changed since ("" for the original text). The
// medical review has its own line, in the guide's language (medical_review.js).
export function reviewText(guide) {
  const lines = [];
  const translation = guide.translation || { is_source: true };
  if (!translation.is_source) {
    const how = translation.machine_translated ? "Machine-translated, then reviewed" : "Translated and reviewed";
    lines.push(`${how} by a person${translation.reviewed_at ? ` on ${formatDate(translation.reviewed_at, guide.locale)}` : ""}.`);
    if (translation.outdated) lines.push("The original has changed since; an update is on its way.");
  }
  return lines.join(" ");
}

// A guide served in the source language because the requested one has no reviewed
// translation (`fallback: true`) must say so.
export function fallbackText(guide, languageName = languageNameOf(guide.requested_locale)) {
  return `Not yet translated into ${languageName}: shown in the original language.`;
}

function languageNameOf(code) {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(code) || code;
  } catch {
    return code;
  }
}
