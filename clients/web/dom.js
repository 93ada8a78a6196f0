// Building DOM by name: el("p", {class: "x"}, "text", child). Strings become text
// nodes, never markup; attributes are set one by one. No HTML string is parsed.
// Also the small texts both apps show the same way (dates, the medical-review line).

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

// "Medically reviewed by Dr. A on 1 November 2026." (the API's medical_review).
export function medicalReviewText(guide) {
  const { last_reviewed: date, reviewer_name: name } = guide.medical_review || {};
  if (!name && !date) return "The medical review has not been recorded for this guide.";
  let text = "Medically reviewed";
  if (name) text += ` by ${name}`;
  if (date) text += ` on ${formatDate(date, guide.locale)}`;
  return `${text}.`;
}
