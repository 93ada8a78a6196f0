// The clients' own words (labels, messages) in the content's locale.
//
// One small JSON catalogue per locale beside this module (i18n/<code>.json), fetched
// relative to it, so the reader (under /static/) and the embed (under /embed/v1/) find
// them the same way with no build step. A catalogue is
//   {"locale": "es", "direction": "ltr", "messages": {"key": "text with {param}" |
//    {"one": "...", "other": "..."}}}
// where a message with plural forms is chosen by Intl.PluralRules on `params.count`.
// A locale with no catalogue gets English (and only then); a key missing from a
// catalogue (tests/clients/test_catalogues.py forbids it) falls back to English too.

import { chooseLocale } from "./locale.js";

// Every catalogue in i18n/; `en` is the fallback and the reference for the keys.
export const CATALOGUE_LOCALES = ["en", "es", "fr", "de", "pt-BR", "ar", "zh-Hans"];
const FALLBACK = "en";
const loading = new Map(); // catalogue code -> Promise<catalogue>

// The catalogue that serves `locale` ("es-MX" -> "es", "pt" -> "pt-BR", "zh-TW" -> none).
export function catalogueFor(locale) {
  if (!locale) return FALLBACK;
  return chooseLocale(CATALOGUE_LOCALES, [locale], FALLBACK);
}

// -> Messages for `locale`; never rejects (no catalogue reachable: the English words
// built into this module's caller still need a translator, so English it is).
export async function loadMessages(locale) {
  const code = catalogueFor(locale);
  const [own, fallback] = await Promise.all([fetchCatalogue(code), fetchCatalogue(FALLBACK)]);
  const catalogue = own || fallback || { locale: FALLBACK, direction: "ltr", messages: {} };
  return new Messages(catalogue, fallback ? fallback.messages : {});
}

function fetchCatalogue(code) {
  if (!loading.has(code)) {
    const url = new URL(`./i18n/${code}.json`, import.meta.url);
    const promise = fetch(url)
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null)
      .then((catalogue) => {
        if (!catalogue) loading.delete(code); // try again next time (back online)
        return catalogue;
      });
    loading.set(code, promise);
  }
  return loading.get(code);
}

export class Messages {
  constructor(catalogue, fallbackMessages = {}) {
    this.locale = catalogue.locale;
    this.direction = catalogue.direction === "rtl" ? "rtl" : "ltr";
    this.messages = catalogue.messages || {};
    this.fallback = fallbackMessages;
    this.plurals = new Intl.PluralRules(this.locale);
    this.numbers = new Intl.NumberFormat(this.locale);
  }

  // The message as text: t("search.count", {count: 3, total: 15}).
  t(key, params = {}) {
    return this.parts(key, params)
      .map((part) => (typeof part === "string" ? part : part.value))
      .join("");
  }

  // The message as [text, {name, value}, text, ...]: lets the DOM isolate each value
  // (a name, a number, a date) in a <bdi> where it meets right-to-left text.
  parts(key, params = {}) {
    const template = this.#template(key, params);
    const out = [];
    let last = 0;
    for (const match of template.matchAll(/\{(\w+)\}/g)) {
      if (match.index > last) out.push(template.slice(last, match.index));
      const name = match[1];
      out.push({ name, value: name in params ? this.#format(params[name]) : match[0] });
      last = match.index + match[0].length;
    }
    if (last < template.length) out.push(template.slice(last));
    return out;
  }

  // A language's name in this locale's words ("francés" in Spanish).
  languageName(code) {
    try {
      return new Intl.DisplayNames([this.locale], { type: "language" }).of(code) || code;
    } catch {
      return code;
    }
  }

  #template(key, params) {
    const message = key in this.messages ? this.messages[key] : this.fallback[key];
    if (message === undefined) return key;
    if (typeof message === "string") return message;
    const count = Number(params.count);
    const own = key in this.messages;
    const category = (own ? this.plurals : new Intl.PluralRules(FALLBACK)).select(count);
    return message[category] ?? message.other ?? key;
  }

  #format(value) {
    return typeof value === "number" ? this.numbers.format(value) : String(value);
  }
}
