// nmt-course: keeps the whole course on this device, so it opens and runs without a connection.
//
// The site build puts this code in front of JupyterLite's own service worker
// (in the same service-worker.js) and fills in NMT_OFFLINE: the build's id and
// every file of the site with a short hash of its content.
//
// - Every GET of a site file is answered from this device's copy when it has
//   one (the files of one build never change), else from the network, and the
//   answer is kept. Query strings are ignored: a static host ignores them too.
// - A page asks for the rest of the site to be saved ("nmt-course:save-offline",
//   sent once Python has started); the worker fetches what it has not kept yet,
//   reports its progress to the pages, and says when the whole course is saved.
// - A new build is a new copy: files whose hash did not change are taken from
//   the earlier copy instead of the network, and the earlier copy is deleted
//   once the new one is whole.
// - JupyterLite's own requests (its files drive, input requests, heartbeat) and
//   anything that is not a file of the site go on to JupyterLite's worker below.
(function () {
  "use strict";
  // replaced by the build: {"build": "<hash of the list>", "made": "<UTC time, YYYYMMDDhhmmss>",
  // "files": {"path": "<hash of its content>", ...}}
  const NMT_OFFLINE = null;
  const PREFIX = "nmt-course-offline-";
  // Copies sort by the time their build was made: a worker deletes only older copies, never a newer one (an
  // old worker can still be finishing its work while the new version's worker takes over).
  const CACHE = PREFIX + NMT_OFFLINE.made + "-" + NMT_OFFLINE.build;
  const MANIFEST_KEY = "__nmt-course-offline-manifest__.json";
  const BASE = new URL("./", self.location.href);
  const FILES = NMT_OFFLINE.files;
  const TOTAL = Object.keys(FILES).length;
  const VIRTUAL = ["api/drive", "api/stdin", "api/service-worker-heartbeat"];
  const PARALLEL = 6;
  let saving = null;
  let earlier = null; // the earlier builds' copies, read once per worker start

  function relative(url) {
    if (url.origin !== BASE.origin || !url.pathname.startsWith(BASE.pathname)) {
      return null;
    }
    let rel = url.pathname.slice(BASE.pathname.length);
    try {
      rel = decodeURIComponent(rel);
    } catch (e) {
      return null;
    }
    if (rel === "" || rel.endsWith("/")) {
      rel += "index.html";
    }
    return rel;
  }

  function keyOf(rel) {
    return new URL(rel.split("/").map(encodeURIComponent).join("/"), BASE).href;
  }

  function isVirtual(rel) {
    return VIRTUAL.some(function (p) { return rel === p || rel.startsWith(p + "/") || rel.includes("/" + p); });
  }

  function keepable(response) {
    return response && response.ok && response.status === 200 && !response.redirected && response.type === "basic";
  }

  function earlierCopies() {
    if (!earlier) {
      earlier = readEarlierCopies();
    }
    return earlier;
  }

  async function readEarlierCopies() {
    const names = (await caches.keys()).filter(function (n) { return n.startsWith(PREFIX) && n !== CACHE; });
    const found = [];
    for (const name of names) {
      const cache = await caches.open(name);
      const saved = await cache.match(new URL(MANIFEST_KEY, BASE).href);
      if (saved) {
        try {
          found.push({ cache: cache, files: (await saved.json()).files || {} });
        } catch (e) {
          /* an unreadable list: that copy is only deleted */
        }
      }
    }
    return found;
  }

  // This build's copy of a file, or the same file (same hash) from an earlier build's copy, moved over.
  async function kept(rel) {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(keyOf(rel));
    if (hit) {
      return hit;
    }
    for (const older of await earlierCopies()) {
      if (older.files[rel] === FILES[rel]) {
        const old = await older.cache.match(keyOf(rel));
        if (old) {
          await cache.put(keyOf(rel), old.clone());
          return old;
        }
      }
    }
    return null;
  }

  async function keep(rel, response) {
    try {
      await (await caches.open(CACHE)).put(keyOf(rel), response);
    } catch (e) {
      /* no room on the device: the page still works online */
    }
  }

  function notSaved(request, rel) {
    if (request.mode !== "navigate") {
      return Response.error();
    }
    const page = "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><meta name='viewport' " +
      "content='width=device-width, initial-scale=1'><title>Not saved on this device</title></head>" +
      "<body style='font: 17px/1.5 sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em'>" +
      "<h1>This page is not saved on this device yet</h1><p>There is no internet connection, and this " +
      "device has no copy of <code>" + rel.replace(/[<>&'"]/g, "") + "</code>. Connect to the internet and " +
      "open the course once: it is then saved for use without a connection.</p>" +
      "<p><a href='" + BASE.href + "'>Back to the course's first page</a></p></body></html>";
    return new Response(page, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
  }

  async function respond(event, rel) {
    const copy = await kept(rel);
    if (copy) {
      return copy;
    }
    try {
      const response = await fetch(event.request);
      if (keepable(response)) {
        event.waitUntil(keep(rel, response.clone()));
      }
      return response;
    } catch (e) {
      return notSaved(event.request, rel);
    }
  }

  self.addEventListener("fetch", function (event) {
    const request = event.request;
    if (request.method !== "GET" || request.headers.has("range")) {
      return;
    }
    const rel = relative(new URL(request.url));
    if (rel === null || isVirtual(rel) || !Object.prototype.hasOwnProperty.call(FILES, rel)) {
      return; // JupyterLite's worker (below) answers it
    }
    event.stopImmediatePropagation();
    event.respondWith(respond(event, rel));
  });

  async function tell(message) {
    const pages = await self.clients.matchAll({ includeUncontrolled: true, type: "window" });
    for (const page of pages) {
      page.postMessage(Object.assign({ type: "nmt-course:offline", total: TOTAL }, message));
    }
  }

  async function saveAll() {
    const cache = await caches.open(CACHE);
    const have = new Set((await cache.keys()).map(function (r) { return r.url; }));
    const missing = Object.keys(FILES).filter(function (rel) { return !have.has(keyOf(rel)); });
    let done = TOTAL - missing.length;
    let lastTold = -1;
    let failed = 0;
    async function one(rel) {
      try {
        if (!(await kept(rel))) {
          const response = await fetch(keyOf(rel), { cache: "no-cache" });
          if (!keepable(response)) {
            throw new Error("HTTP " + response.status);
          }
          await cache.put(keyOf(rel), response);
        }
        done += 1;
      } catch (e) {
        failed += 1;
      }
      const tenth = Math.floor((10 * done) / TOTAL);
      if (tenth !== lastTold) {
        lastTold = tenth;
        await tell({ state: "saving", done: done });
      }
    }
    const queue = missing.slice();
    async function worker() {
      while (queue.length) {
        await one(queue.shift());
      }
    }
    await tell({ state: "saving", done: done });
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    if (failed === 0) {
      await cache.put(new URL(MANIFEST_KEY, BASE).href, new Response(JSON.stringify(NMT_OFFLINE), {
        headers: { "Content-Type": "application/json" },
      }));
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name < CACHE) {
          await caches.delete(name);
        }
      }
      earlier = null;
      await tell({ state: "saved", done: done });
    } else {
      await tell({ state: "incomplete", done: done, failed: failed });
    }
  }

  self.addEventListener("message", function (event) {
    if (!event.data || event.data.type !== "nmt-course:save-offline") {
      return;
    }
    if (!saving) {
      saving = saveAll().finally(function () { saving = null; });
    }
    event.waitUntil(saving);
  });
})();
