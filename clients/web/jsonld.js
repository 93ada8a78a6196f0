// The FAQPage JSON-LD of embedded guides, in the host page's <head>.
//
// Search engines read structured data added by script. One <script
// type="application/ld+json"> per guide and locale, however many elements show it;
// it goes when the last of them does. Data blocks are never executed, and the text
// goes in through textContent, so the host page's CSP and parser play no part.

const published = new Map(); // "slug|locale" -> {script, owners: Set<Element>}
const ownedBy = new WeakMap(); // element -> its key

export function publishJsonLd(owner, key, data) {
  releaseJsonLd(owner);
  let entry = published.get(key);
  if (!entry) {
    const script = document.createElement("script");
    script.type = "application/ld+json";
    script.dataset.healthGuide = key;
    entry = { script, owners: new Set() };
    published.set(key, entry);
    document.head.append(script);
  }
  entry.script.textContent = JSON.stringify(data);
  entry.owners.add(owner);
  ownedBy.set(owner, key);
}

export function releaseJsonLd(owner) {
  const key = ownedBy.get(owner);
  if (!key) return;
  ownedBy.delete(owner);
  const entry = published.get(key);
  if (!entry) return;
  entry.owners.delete(owner);
  if (entry.owners.size === 0) {
    entry.script.remove();
    published.delete(key);
  }
}
