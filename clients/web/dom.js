// Building DOM by name: el("p", {class: "x"}, "text", child). Strings become text
// nodes, never markup; attributes are set one by one. No HTML string is parsed.
// Also the small texts both apps show the same way (dates, the review line, the note on
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

// A catalogue message as DOM: its text, with each value (a name, a number, a date) in
// a <bdi>, so a Latin name or a number inside Arabic text keeps its own direction and
// does not drag the sentence's punctuation around ("Guides updated." never ".Guides updated").
export function localized(messages, key, params = {}) {
  const fragment = document.createDocumentFragment();
  for (const part of messages.parts(key, params)) {
    fragment.append(typeof part === "string" ? part : el("bdi", {}, part.value));
  }
  return fragment;
}

// "Medically reviewed by Dr. A on 1 November 2026." (the API's medical_review), in the
// words of `messages` and with the date formatted for its locale.
function medicalReview(guide, messages) {
  const { last_reviewed: date, reviewer_name: name } = guide.medical_review || {};
  const when = date ? formatDate(date, messages.locale) : null;
  if (name && when) return localized(messages, "review.byOn", { name, date: when });
  if (name) return localized(messages, "review.by", { name });
  if (when) return localized(messages, "review.on", { date: when });
  return localized(messages, "review.none");
}

// How the text the reader sees came to be: the medical review, and for a translation
// whether a machine drafted it, when a person reviewed it, and whether the original
// has changed since. -> a DocumentFragment.
export function reviewContent(guide, messages) {
  const out = document.createDocumentFragment();
  out.append(medicalReview(guide, messages));
  const translation = guide.translation || { is_source: true };
  if (!translation.is_source) {
    const how = translation.machine_translated ? "translation.machine" : "translation.human";
    const date = translation.reviewed_at ? formatDate(translation.reviewed_at, messages.locale) : null;
    out.append(" ", date ? localized(messages, `${how}On`, { date }) : localized(messages, how));
    if (translation.outdated) out.append(" ", localized(messages, "translation.outdated"));
  }
  return out;
}

// A guide served in the source language because the requested one has no reviewed
// translation (`fallback: true`) must say so, in the requested language's words.
export function fallbackContent(guide, messages) {
  const language = messages.languageName(guide.requested_locale);
  return localized(messages, "guide.fallback", { language });
}
