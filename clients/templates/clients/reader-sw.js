// The offline reader's service worker: keeps the app shell (page, modules, styles,
// icons) so the reader starts with no network. Guides live in IndexedDB, written by
// the app itself; API requests go straight to the network.
const CACHE = "reader-shell-{{ version }}";
const SHELL = {{ shell_json|safe }};
const SHELL_PATHS = new Set(SHELL);
const PAGE = SHELL[0];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith("reader-shell-") && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  const path = request.mode === "navigate" && url.pathname === PAGE ? PAGE : url.pathname;
  if (!SHELL_PATHS.has(path)) return;
  event.respondWith(
    caches.match(path, { cacheName: CACHE }).then((hit) => hit || fetch(request)),
  );
});
