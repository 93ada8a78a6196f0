// Local search: works on what is already on the screen, so it needs no network.
//
// Text is compared folded: lower case, accents and other combining marks removed
// ("Exosomas" finds "exosomas", "que" finds "qué"), in the content's own locale.

export function fold(text, locale) {
  let lower;
  try {
    lower = String(text).toLocaleLowerCase(locale || undefined);
  } catch {
    lower = String(text).toLowerCase();
  }
  return lower.normalize("NFD").replace(/\p{M}/gu, "");
}

// entries: [{element, text}] with `text` already folded. Shows the elements whose text
// holds every word of the query, hides the others; -> how many are shown.
export function filter(entries, query, locale) {
  const words = fold(query, locale).split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const { element, text } of entries) {
    const match = words.every((word) => text.includes(word));
    element.hidden = !match;
    if (match) shown += 1;
  }
  return shown;
}
