// The embed's styles, isolated in its shadow root and themable from the host page
// through CSS custom properties (docs/clients.md lists them). Applied as a
// constructable stylesheet, which a page's Content-Security-Policy does not govern;
// a <style> element is the fallback for browsers without adoptedStyleSheets.

const CSS = `
:host {
  display: block;
  font-family: var(--health-guide-font-family, inherit);
  font-size: var(--health-guide-font-size, 1rem);
  line-height: 1.5;
  color: var(--health-guide-text-color, inherit);
  background: var(--health-guide-background, transparent);
}
:host([hidden]) { display: none; }
.title { font-size: 1.5em; margin: 0 0 0.5em; }
.group { font-size: 1.2em; margin: 1.5em 0 0.5em; }
.items { display: grid; gap: var(--health-guide-gap, 0.5rem); }
details {
  border: 1px solid var(--health-guide-border-color, #8c96a0);
  border-radius: var(--health-guide-radius, 6px);
  background: var(--health-guide-item-background, transparent);
}
summary {
  cursor: pointer;
  padding: 0.75em 1em;
  font-weight: 600;
  list-style-position: inside;
}
summary:focus-visible {
  outline: 3px solid var(--health-guide-focus-color, var(--health-guide-accent, #0b5cab));
  outline-offset: 2px;
}
details[open] > summary { border-bottom: 1px solid var(--health-guide-border-color, #8c96a0); }
.number { color: var(--health-guide-accent, #0b5cab); }
.answer { padding: 0 1em; }
a { color: var(--health-guide-link-color, var(--health-guide-accent, #0b5cab)); text-decoration: underline; }
.review, .medical-review, .disclaimer, .fallback { font-size: 0.9em; }
.medical-review[data-state="overdue"], .medical-review[data-state="missing"], .medical-review[data-state="changed"] { font-weight: 600; }
.disclaimer {
  border-inline-start: 4px solid var(--health-guide-accent, #0b5cab);
  padding-inline-start: 0.75em;
}
.error {
  border: 2px solid var(--health-guide-error-color, #a4161a);
  border-radius: var(--health-guide-radius, 6px);
  padding: 0.75em 1em;
  color: var(--health-guide-error-color, #a4161a);
  background: var(--health-guide-error-background, #fff5f5);
}
.status { font-style: italic; }
`;

let shared = null;

export function adoptStyles(root) {
  try {
    if (!shared) {
      shared = new CSSStyleSheet();
      shared.replaceSync(CSS);
    }
    root.adoptedStyleSheets = [shared];
  } catch {
    const style = document.createElement("style");
    style.textContent = CSS;
    root.append(style);
  }
}
