// The offline reader (/reader/): routes, locale choice, syncing, what is on screen.
//
// Guides are read from IndexedDB and shown at once, then synced with the API in the
// background (and again whenever the browser comes back online). A failed sync never
// touches what is stored: the reader says so and keeps showing the saved guides.
// <html data-sync> ("syncing" | "ok" | "offline" | "error") and data-syncs (a counter
// of finished attempts) tell tests and curious people what happened last.

import { ApiClient } from "../api.js";
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
};
const app = { api: new ApiClient(body.dataset.apiRoot), storage: null, locales: [], source: null, locale: null };

start().catch((error) => {
  showAlert(`The reader could not start: ${error.message}`);
  dom.view.replaceChildren(messageView("The reader could not start", String(error.message)));
});

async function start() {
  registerServiceWorker();
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
    if (!stored) throw new Error(`${error.message} Connect to the internet once to download the guides.`);
  }
  app.locales = stored.data.results;
  app.source = stored.data.source;
  dom.select.replaceChildren(
    ...app.locales.map((locale) => {
      const option = new Option(`${locale.native_name} (${locale.english_name})`, locale.code);
      option.lang = locale.code;
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
  dom.select.value = locale;
  if (await hasLocale(app.storage, locale)) {
    await render({ focus });
  } else {
    setLanguage(localeInfo(locale).code, localeInfo(locale).direction);
    dom.view.replaceChildren(messageView("Downloading guides…", "The guides are being saved on this device for offline reading."));
  }
  await refresh({ onlyOnce: true });
}

async function render({ focus = false } = {}) {
  const { slug } = parseRoute();
  const locale = localeInfo(app.locale);
  let view;
  if (slug) {
    const guide = await app.storage.guide(locale.code, slug);
    view = guide ? guideView(guide, locale) : missingGuideView(slug, locale);
    setLanguage(guide ? guide.locale : locale.code, guide ? guide.direction : locale.direction);
    document.title = guide ? `${guide.title} – Health guides` : "Guide not available – Health guides";
    root.dataset.view = guide ? "guide" : "missing";
  } else {
    const guides = await app.storage.guides(locale.code);
    view = guideListView(locale, guides);
    setLanguage(locale.code, locale.direction);
    document.title = "Health guides";
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
  try {
    const result = await syncLocale(app.api, app.storage, locale);
    showAlert(null);
    dom.status.textContent = result.updated ? "Guides updated." : "";
    root.dataset.sync = "ok";
    syncedThisVisit.add(locale);
    if (result.updated && locale === app.locale) await render();
  } catch (error) {
    const stored = await hasLocale(app.storage, locale);
    if (error.kind === "network") {
      root.dataset.sync = "offline";
      dom.status.textContent = stored
        ? "You are offline: showing the guides saved on this device."
        : "You are offline, and no guides are saved on this device yet.";
      showAlert(null);
    } else {
      root.dataset.sync = "error";
      showAlert(`The guide service answered with an error: ${error.message}${stored ? " Showing the guides saved on this device." : ""}`);
    }
    if (!stored && locale === app.locale) {
      dom.view.replaceChildren(messageView("No guides saved yet", "Connect to the internet to download the guides once; after that they work offline."));
    }
  }
}

function showAlert(text) {
  dom.alert.hidden = !text;
  dom.alert.textContent = text || "";
}
