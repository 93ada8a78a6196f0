// The reader's two screens, built from stored guide documents with DOM calls only:
// the guides of a locale, and one guide (groups, numbered questions, answers from
// `nodes`, review line, disclaimer), each with a local search box. The reader's own
// words come from `messages` (i18n.js), the catalogue of the locale being read.

import { el, fallbackContent, localized, medicalReviewLine, reviewContent } from "../dom.js";
import { renderNodes } from "../nodes.js";
import { filter, fold } from "./search.js";

export const guideHref = (locale, slug) =>
  `#/${encodeURIComponent(locale)}/${encodeURIComponent(slug)}`;

// locale: {code, native_name, direction} of the view; guides: stored documents.
export function guideListView(locale, guides, messages) {
  const view = el("section", { class: "guides", "aria-labelledby": "page-title" });
  view.append(el("h1", { id: "page-title" }, messages.t("app.name")));
  if (guides.length === 0) {
    const language = messages.languageName(locale.code);
    view.append(el("p", { class: "empty" }, localized(messages, "list.empty", { language })));
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
      guide.fallback ? fallbackNote(guide, messages) : null,
    );
    list.append(item);
    entries.push({ element: item, text: fold(guideText(guide), guide.locale) });
  }
  view.append(searchBox(messages, "guides", entries, locale.code), list);
  return view;
}

export function guideView(guide, locale, messages) {
  const article = el("article", {
    class: "guide",
    lang: guide.locale,
    dir: guide.direction,
    "aria-labelledby": "page-title",
  });
  article.append(chrome("p", { class: "back" }, messages, el("a", { href: `#/${locale.code}/` }, messages.t("guide.back"))));
  article.append(el("h1", { id: "page-title" }, guide.title));
  if (guide.fallback) article.append(fallbackNote(guide, messages));
  article.append(medicalReviewLine(guide, messages));
  const translationLine = reviewContent(guide, messages);
  if (translationLine) article.append(chrome("p", { class: "review" }, messages, translationLine));
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
  article.append(chrome("div", {}, messages, searchBox(messages, "questions", entries, guide.locale)), groups);
  article.append(el("div", { class: "conclusion" }, renderNodes(guide.conclusion.nodes)));
  if (guide.medical_review.disclaimer) {
    article.append(
      el("aside", { class: "disclaimer", "aria-label": messages.t("guide.disclaimer") }, el("p", {}, guide.medical_review.disclaimer)),
    );
  }
  return article;
}

export function missingGuideView(slug, locale, messages) {
  const language = messages.languageName(locale.code);
  return el(
    "section",
    { class: "missing", "aria-labelledby": "page-title" },
    el("h1", { id: "page-title" }, messages.t("missing.title")),
    el("p", {}, localized(messages, "missing.text", { slug, language })),
    el("p", {}, el("a", { href: `#/${locale.code}/` }, messages.t("missing.link"))),
  );
}

// A screen with a title, a text and, optionally, links (e.g. to the languages saved).
export function messageView(title, text, links = []) {
  return el(
    "section",
    { class: "message", "aria-labelledby": "page-title" },
    el("h1", { id: "page-title" }, title),
    el("p", {}, text),
    links.length ? el("ul", { class: "saved-locales" }, ...links.map((link) => el("li", {}, link))) : null,
  );
}

function searchBox(messages, noun, entries, locale) {
  const id = `search-${noun}`;
  const input = el("input", { type: "search", id, autocomplete: "off", "aria-describedby": `${id}-count` });
  const count = el("p", { id: `${id}-count`, class: "search-count", role: "status" });
  input.addEventListener("input", () => {
    const query = input.value.trim();
    const shown = filter(entries, query, locale);
    const key = noun === "guides" ? "search.guidesCount" : "search.questionsCount";
    count.replaceChildren(query ? localized(messages, key, { count: shown, total: entries.length }) : "");
  });
  const label = messages.t(noun === "guides" ? "search.guides" : "search.questions");
  return el("div", { class: "search", role: "search" }, el("label", { for: id }, label), input, count);
}

// The reader's words inside a guide whose content may be in another language (a guide
// shown in its original language): marked with the reader's locale.
function chrome(tag, attributes, messages, ...children) {
  return el(tag, { ...attributes, lang: messages.locale, dir: messages.direction }, ...children);
}

function fallbackNote(guide, messages) {
  return chrome("p", { class: "fallback" }, messages, fallbackContent(guide, messages));
}

function guideText(guide) {
  const parts = [guide.title, guide.summary || ""];
  for (const group of guide.groups) {
    for (const item of group.items) parts.push(item.question, item.answer.text);
  }
  return parts.join("\n");
}
