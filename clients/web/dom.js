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

// The medical review (the API's `medical_review`, from the sign-off records of this
// language version), in the words of `messages`: "Medically reviewed by Dr. A, MD on
// 1 November 2026. Next review due 1 November 2027." It says plainly when the review is
// overdue (checked against today too: documents are built ahead), when the text changed
// since, and when this version was never reviewed.
// -> {content: DocumentFragment, state: "signed" | "overdue" | "changed" | "missing"}
export function medicalReview(guide, messages, today = new Date()) {
  const review = guide.medical_review || {};
  const by = review.reviewed_by;
  const content = document.createDocumentFragment();
  if (!by || !review.last_reviewed) {
    content.append(localized(messages, "review.none"));
    return { content, state: "missing" };
  }
  const name = by.credentials
    ? messages.t("review.credentials", { name: by.name, credentials: by.credentials })
    : by.name;
  content.append(
    localized(messages, "review.byOn", { name, date: formatDate(review.last_reviewed, messages.locale) }),
  );
  const due = review.next_review_due;
  const overdue = Boolean(review.overdue || (due && due < today.toISOString().slice(0, 10)));
  if (due) {
    const key = overdue ? "review.overdue" : "review.next";
    content.append(" ", localized(messages, key, { date: formatDate(due, messages.locale) }));
  }
  if (review.content_changed_since) content.append(" ", localized(messages, "review.changed"));
  const state = overdue ? "overdue" : review.content_changed_since ? "changed" : "signed";
  return { content, state };
}

// How a translation came to be: whether a machine drafted it, when a person reviewed
// it, and whether the original has changed since. -> a DocumentFragment, or null for
// the original text (it has no translation line).
export function reviewContent(guide, messages) {
  const out = document.createDocumentFragment();
  const translation = guide.translation || { is_source: true };
  if (translation.is_source) return null;
  const how = translation.machine_translated ? "translation.machine" : "translation.human";
  const date = translation.reviewed_at ? formatDate(translation.reviewed_at, messages.locale) : null;
  out.append(date ? localized(messages, `${how}On`, { date }) : localized(messages, how));
  if (translation.outdated) out.append(" ", localized(messages, "translation.outdated"));
  return out;
}

// A guide served in the source language because the requested one has no reviewed
// translation (`fallback: true`) must say so, in the requested language's words.
export function fallbackContent(guide, messages) {
  const language = messages.languageName(guide.requested_locale);
  return localized(messages, "guide.fallback", { language });
}

// The medical-review line as an element both apps place: <p class="medical-review"> in
// the words of `messages` (lang/dir follow them), its state in data-state, and role=note
// when the reader should notice it (overdue, changed since review, never reviewed).
export function medicalReviewLine(guide, messages, attributes = {}) {
  const { content, state } = medicalReview(guide, messages);
  return el(
    "p",
    {
      class: "medical-review",
      lang: messages.locale,
      dir: messages.direction,
      "data-state": state,
      role: state === "signed" ? null : "note",
      ...attributes,
    },
    content,
  );
}
