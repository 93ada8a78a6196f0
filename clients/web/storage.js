// Guides kept on the device, in IndexedDB.
//
// Two object stores: `guides` (one record per locale view and guide id: {view, id,
// doc}) and `meta` (small values by key: sync state, the locales list, choices).
// `write` applies a whole change in ONE transaction, so a sync token is never stored
// without the guides it stands for (a closed tab mid-sync loses nothing).

const DB_NAME = "health-guides";
const DB_VERSION = 1;

export async function openStorage(name = DB_NAME) {
  const db = await request(
    (() => {
      const opening = indexedDB.open(name, DB_VERSION);
      opening.onupgradeneeded = () => {
        const guides = opening.result.createObjectStore("guides", { keyPath: ["view", "id"] });
        guides.createIndex("view", "view");
        opening.result.createObjectStore("meta");
      };
      return opening;
    })(),
  );
  return new Storage(db);
}

class Storage {
  constructor(db) {
    this.db = db;
  }

  async getMeta(key) {
    const tx = this.db.transaction("meta");
    const value = await request(tx.objectStore("meta").get(key));
    return value === undefined ? null : value;
  }

  async setMeta(key, value) {
    const tx = this.db.transaction("meta", "readwrite");
    tx.objectStore("meta").put(value, key);
    await done(tx);
  }

  // Every stored guide document of a locale view (e.g. "es": translations and fallbacks).
  async guides(view) {
    const tx = this.db.transaction("guides");
    const records = await request(tx.objectStore("guides").index("view").getAll(view));
    return records.map((record) => record.doc);
  }

  async guide(view, slug) {
    return (await this.guides(view)).find((doc) => doc.slug === slug) || null;
  }

  // One atomic change of a locale view: {clear, put: [docs], remove: [ids], meta: {key: value}}.
  async write(view, { clear = false, put = [], remove = [], meta = {} }) {
    const tx = this.db.transaction(["guides", "meta"], "readwrite");
    const guides = tx.objectStore("guides");
    if (clear) guides.delete(IDBKeyRange.bound([view], [view, []]));
    for (const doc of put) guides.put({ view, id: doc.id, doc });
    for (const id of remove) guides.delete([view, id]);
    for (const [key, value] of Object.entries(meta)) tx.objectStore("meta").put(value, key);
    await done(tx);
  }
}

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("IndexedDB transaction aborted"));
  });
}
