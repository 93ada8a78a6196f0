// The reader's two screens, built from stored guide documents with DOM calls only:
// the guides of a locale, and one guide (groups, numbered questions, answers from
// `nodes`, review line, disclaimer), each with a local search box.

import { el, fallbackText, reviewText } from "../dom.js";
import { medicalReviewElement } from "../medical_review.js";
import { renderNodes } from "../nodes.js";
import { filter, fold } from "./search.js";

export const guideHref = (locale, slug) =>
  `#/${encodeURIComponent(locale)}/${encodeURIComponent(slug)}`;

// locale: {code, native_name, direction} of the view; guides: stored documents.
export function guideListView(locale, guides) {
  const view = el("section", { class: "guides", "aria-labelledby": "page-title" });
  view.append(el("h1", { id: "page-title", lang: "en", dir: "ltr" }, "Health guides"));
  if (guides.length === 0) {
    view.append(
      el("p", { class: "empty", lang: "en", dir: "ltr" }, `No guides are published in ${locale.native_name} yet.`),
    );
    return view;
  }
  const list = el("ul", { class: "guide-list" });
  const entries = [];
  for (const guide of [...guides].sort((a, b) => a.title.localeCompare(b.title, locale.code))) {
    const item = el(
      "li",
      { lang: guide.locale, dir: guide.direction },
      el("a", { href: guideHref(locale.code, guide.slug), class: "guide-link" }, guide.title),
      guide.summary ? el("p", { class: "summary" }, guide.summary) : null,
      guide.fallback ? fallbackNote(guide, locale) : null,
    );
    list.append(item);
    entries.push({ element: item, text: fold(guideText(guide), guide.locale) });
  }
  view.append(searchBox("Search guides", entries, locale.code, "guides"), list);
  return view;
}

export function guideView(guide, locale) {
  const article = el("article", {
    class: "guide",
    lang: guide.locale,
    dir: guide.direction,
    "aria-labelledby": "page-title",
  });
  article.append(el("p", { class: "back", lang: "en", dir: "ltr" }, el("a", { href: `#/${locale.code}/` }, "All guides")));
  article.append(el("h1", { id: "page-title" }, guide.title));
  if (guide.fallback) article.append(fallbackNote(guide, locale));
  article.append(medicalReviewElement(guide));
  if (reviewText(guide)) article.append(reviewLine(guide));
  article.append(el("div", { class: "intro" }, renderNodes(guide.intro.nodes)));

  const entries = [];
  const groups = el("div", { class: "groups" });
  for (const group of guide.groups) {
    const headingId = `group-${group.id}`;
    const list = el("ol", { class: "items" });
    for (const item of group.items) {
      const questionId = `q-${item.id}`;
      const entry = el(
        "li",
        { class: "item", "data-item-id": item.id, "aria-labelledby": questionId },
        el("h3", { id: questionId, class: "question" }, el("span", { class: "number" }, `${item.number}.`), " ", item.question),
        el("div", { class: "answer" }, renderNodes(item.answer.nodes)),
      );
      list.append(entry);
      entries.push({ element: entry, text: fold(`${item.question}\n${item.answer.text}`, guide.locale) });
    }
    groups.append(
      el("section", { class: "group", "aria-labelledby": headingId }, el("h2", { id: headingId }, group.heading), list),
    );
  }
  article.append(searchBox("Search questions and answers", entries, guide.locale, "questions"), groups);
  article.append(el("div", { class: "conclusion" }, renderNodes(guide.conclusion.nodes)));
  if (guide.medical_review.disclaimer) {
    article.append(
      el("aside", { class: "disclaimer", "aria-label": "Disclaimer" }, el("p", {}, guide.medical_review.disclaimer)),
    );
  }
  return article;
}

export function missingGuideView(slug, locale) {
  return el(
    "section",
    { class: "missing", lang: "en", dir: "ltr", "aria-labelledby": "page-title" },
    el("h1", { id: "page-title" }, "Guide not available"),
    el("p", {}, `The guide “${slug}” is not published in ${locale.native_name}, or was withdrawn.`),
    el("p", {}, el("a", { href: `#/${locale.code}/` }, "See all guides")),
  );
}

export function messageView(title, text) {
  return el(
    "section",
    { class: "message", lang: "en", dir: "ltr", "aria-labelledby": "page-title" },
    el("h1", { id: "page-title" }, title),
    el("p", {}, text),
  );
}

function searchBox(label, entries, locale, noun) {
  const id = `search-${noun}`;
  const input = el("input", { type: "search", id, autocomplete: "off", "aria-describedby": `${id}-count` });
  const count = el("p", { id: `${id}-count`, class: "search-count", role: "status", lang: "en", dir: "ltr" });
  input.addEventListener("input", () => {
    const query = input.value.trim();
    const shown = filter(entries, query, locale);
    count.textContent = query ? `${shown} of ${entries.length} ${noun} match.` : "";
  });
  return el(
    "div",
    { class: "search", role: "search" },
    el("label", { for: id, lang: "en", dir: "ltr" }, label),
    input,
    count,
  );
}

function reviewLine(guide) {
  return el("p", { class: "review", lang: "en", dir: "ltr" }, reviewText(guide));
}

function fallbackNote(guide, locale) {
  return el("p", { class: "fallback", lang: "en", dir: "ltr" }, fallbackText(guide, locale.english_name));
}

function guideText(guide) {
  const parts = [guide.title, guide.summary || ""];
  for (const group of guide.groups) {
    for (const item of group.items) parts.push(item.question, item.answer.text);
  }
  return parts.join("\n");
}
