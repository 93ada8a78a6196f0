// The offline reader (/reader/): routes, locale choice, syncing, what is on screen.
//
// Guides are read from IndexedDB and shown at once, then synced with the API in the
// background (and again whenever the browser comes back online). A failed sync never
// touches what is stored: the reader says so and keeps showing the saved guides.
// <html data-sync> ("syncing" | "ok" | "offline" | "error") and data-syncs (a counter
// of finished attempts) tell tests and curious people what happened last.
// The reader speaks the locale being read: its words come from that locale's catalogue
// (i18n.js), `<html lang dir>` follow it, and the shell's [data-i18n] labels are
// rewritten whenever it changes.

import { ApiClient } from "../api.js";
import { localized } from "../dom.js";
import { loadMessages } from "../i18n.js";
import { chooseLocale } from "../locale.js";
import { openStorage } from "../storage.js";
import { hasLocale, syncLocale } from "../sync.js";
import { guideListView, guideView, messageView, missingGuideView } from "./views.js";

const root = document.documentElement;
const body = document.body;
const dom = {
  view: document.getElementById("view"),
  status: document.getElementById("status"),
  alert: document.getElementById("alert"),
  select: document.getElementById("locale-select"),
  main: document.getElementById("main"),
  header: document.querySelector("header.top"),
};
const app = {
  api: new ApiClient(body.dataset.apiRoot),
  storage: null,
  locales: [],
  source: null,
  locale: null,
  messages: null, // i18n.js Messages of app.locale
  messagesFor: null,
};

start().catch(async (error) => {
  const messages = app.messages || (await useMessages(navigator.language));
  const text = error.readerText || error.message;
  showAlert(messages.t("app.startFailed", { error: text }));
  dom.view.replaceChildren(messageView(messages.t("app.startFailedTitle"), String(text)));
});

// Load the catalogue of `locale` and put its words in the shell.
async function useMessages(locale) {
  const messages = await loadMessages(locale);
  app.messages = messages;
  for (const element of document.querySelectorAll("[data-i18n]")) {
    element.textContent = messages.t(element.dataset.i18n);
  }
  for (const element of [dom.header, dom.status, dom.alert]) {
    element.lang = messages.locale;
    element.dir = messages.direction;
  }
  return messages;
}

async function start() {
  registerServiceWorker();
  await useMessages(navigator.language); // until the locales are known: the browser's language
  app.storage = await openStorage();
  await loadLocales();
  dom.select.addEventListener("change", () => {
    const { slug } = parseRoute();
    location.hash = slug ? `#/${dom.select.value}/${slug}` : `#/${dom.select.value}/`;
  });
  window.addEventListener("hashchange", () => show({ focus: true }));
  await show({ focus: false });
  window.addEventListener("online", () => refresh());
}

function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker
    .register(body.dataset.serviceWorker, { scope: body.dataset.scope })
    .catch((error) => console.warn("reader: no offline support", error));
}

// The enabled locales: the stored copy first (offline), refreshed with a conditional GET.
async function loadLocales() {
  let stored = await app.storage.getMeta("locales");
  try {
    const answer = await app.api.locales({ etag: stored && stored.etag });
    if (answer.status === 200) {
      stored = { data: answer.data, etag: answer.etag };
      await app.storage.setMeta("locales", stored);
    }
  } catch (error) {
    if (!stored) {
      const reason = error.kind === "network" ? app.messages.t("sync.unreachable") : error.message;
      error.readerText = `${reason} ${app.messages.t("app.connectOnce")}`;
      throw error;
    }
  }
  app.locales = stored.data.results;
  app.source = stored.data.source;
  dom.select.replaceChildren(
    ...app.locales.map((locale) => {
      // The native name alone: what a reader looks for, and short enough for a phone.
      const option = new Option(locale.native_name, locale.code);
      option.lang = locale.code;
      option.dir = locale.direction;
      return option;
    }),
  );
  dom.select.disabled = false;
}

function parseRoute() {
  const match = /^#\/([^/]*)\/?([^/]*)$/.exec(location.hash);
  if (!match) return { locale: null, slug: null };
  return { locale: decodeURIComponent(match[1]) || null, slug: decodeURIComponent(match[2]) || null };
}

function localeInfo(code) {
  return app.locales.find((locale) => locale.code === code);
}

async function pickLocale(requested) {
  if (requested && localeInfo(requested)) return requested;
  const remembered = await app.storage.getMeta("chosen-locale");
  if (remembered && localeInfo(remembered)) return remembered;
  return chooseLocale(app.locales.map((l) => l.code), navigator.languages, app.source);
}

async function show({ focus }) {
  const route = parseRoute();
  const locale = await pickLocale(route.locale);
  if (locale !== app.locale) {
    app.locale = locale;
    await app.storage.setMeta("chosen-locale", locale);
  }
  if (!app.messages || app.messagesFor !== locale) {
    await useMessages(locale);
    app.messagesFor = locale;
    dom.status.textContent = "";
  }
  dom.select.value = locale;
  setLanguage(localeInfo(locale).code, localeInfo(locale).direction);
  if (await hasLocale(app.storage, locale)) {
    await render({ focus });
  } else {
    const m = app.messages;
    dom.view.replaceChildren(messageView(m.t("sync.downloadingTitle"), m.t("sync.downloadingText")));
  }
  await refresh({ onlyOnce: true });
}

async function render({ focus = false } = {}) {
  const { slug } = parseRoute();
  const locale = localeInfo(app.locale);
  const messages = app.messages;
  let view;
  // <html lang dir> are the locale being read; a guide shown in its original language
  // carries its own lang and dir on its <article>.
  setLanguage(locale.code, locale.direction);
  if (slug) {
    const guide = await app.storage.guide(locale.code, slug);
    view = guide ? guideView(guide, locale, messages) : missingGuideView(slug, locale, messages);
    const title = guide ? guide.title : messages.t("missing.title");
    document.title = messages.t("app.pageTitle", { title });
    root.dataset.view = guide ? "guide" : "missing";
  } else {
    const guides = await app.storage.guides(locale.code);
    view = guideListView(locale, guides, messages);
    document.title = messages.t("app.name");
    root.dataset.view = "list";
  }
  dom.view.replaceChildren(view);
  if (focus) dom.main.focus();
}

function setLanguage(lang, dir) {
  root.lang = lang;
  root.dir = dir;
}

// One sync at a time; a locale switched to during a sync is synced right after it.
// Each locale syncs once per visit on its own, and again whenever the network returns.
let running = null; // {locale, promise}
const syncedThisVisit = new Set();

async function refresh({ onlyOnce = false } = {}) {
  while (running) {
    if (running.locale === app.locale) return running.promise;
    await running.promise;
  }
  const locale = app.locale;
  if (onlyOnce && syncedThisVisit.has(locale)) return null;
  root.dataset.sync = "syncing";
  const promise = syncOnce(locale).finally(() => {
    running = null;
    root.dataset.syncs = String(Number(root.dataset.syncs || 0) + 1);
  });
  running = { locale, promise };
  return promise;
}

async function syncOnce(locale) {
  const m = () => app.messages; // the locale shown may change while this runs
  try {
    const result = await syncLocale(app.api, app.storage, locale);
    showAlert(null);
    if (locale === app.locale) dom.status.textContent = result.updated ? m().t("sync.updated") : "";
    root.dataset.sync = "ok";
    syncedThisVisit.add(locale);
    if (result.updated && locale === app.locale) await render();
  } catch (error) {
    const stored = await hasLocale(app.storage, locale);
    const saved = stored ? [] : await savedLocales();
    if (error.kind === "network") {
      root.dataset.sync = "offline";
      const key = stored ? "sync.offline" : saved.length ? "sync.offlineOther" : "sync.offlineNothing";
      dom.status.textContent = m().t(key);
      showAlert(null);
    } else {
      root.dataset.sync = "error";
      const key = stored ? "sync.errorKept" : "sync.error";
      showAlert(localized(m(), key, { message: error.message }));
    }
    if (!stored && locale === app.locale) dom.view.replaceChildren(notSavedView(saved));
  }
}

// The locales whose guides are on this device (other than the one being read).
async function savedLocales() {
  const saved = [];
  for (const locale of app.locales) {
    if (locale.code !== app.locale && (await hasLocale(app.storage, locale.code))) saved.push(locale);
  }
  return saved;
}

// Nothing of this locale on the device: say whether other languages are, and link them.
function notSavedView(saved) {
  const m = app.messages;
  if (saved.length === 0) return messageView(m.t("empty.title"), m.t("empty.text"));
  const links = saved.map((locale) =>
    Object.assign(document.createElement("a"), {
      href: `#/${encodeURIComponent(locale.code)}/`,
      lang: locale.code,
      dir: locale.direction,
      textContent: locale.native_name,
    }),
  );
  return messageView(m.t("notSaved.title"), m.t("notSaved.text"), links);
}

// text: a string, a node (a localized message with its values in <bdi>), or null.
function showAlert(text) {
  dom.alert.hidden = !text;
  dom.alert.replaceChildren(text || "");
}
