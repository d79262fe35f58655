// The offline copy of the guide. After the first visit this service worker
// keeps every file listed in offline.json (written after Pagefind by
// cmd/offline-manifest) in one cache named by the content version. Pages come
// from the network while it answers, so readers online always get the
// current guidance, and from the saved copy when it does not; other files
// come from the saved copy first (they are fingerprinted, or belong to the
// same saved version of the search index). When offline.json shows a new
// version, the whole new copy is fetched beside the old one, then the old
// one is deleted. The ask API is never cached.
"use strict";

const PREFIX = "guide-";
const META = "offline-meta"; // a cache entry holding {version, saved}
const scope = self.registration.scope;

let updating = null;
let lastCheck = 0;

const currentCache = async () => {
  const names = (await caches.keys()).filter((n) => n.startsWith(PREFIX));
  for (const name of names) {
    const cache = await caches.open(name);
    const meta = await cache.match(new URL(META, scope));
    if (meta) return { cache, name, meta: await meta.json() };
  }
  return null;
};

// A response safe to answer a navigation with (no redirect flag).
const plain = async (res) => res.redirected
  ? new Response(await res.blob(), { status: res.status, statusText: res.statusText, headers: res.headers })
  : res;

const fill = async () => {
  const res = await fetch(new URL("offline.json", scope), { cache: "no-store" });
  if (!res.ok) throw new Error("offline.json: " + res.status);
  const manifest = await res.json();
  const current = await currentCache();
  const name = PREFIX + manifest.version;
  if (current && current.name === name) return;
  await caches.delete(name); // a half-filled copy from an interrupted try
  const cache = await caches.open(name);
  const queue = manifest.files.slice();
  const worker = async () => {
    while (queue.length) {
      const url = new URL(queue.shift(), scope);
      const r = await fetch(url, { cache: "no-cache" });
      if (!r.ok) throw new Error(url + ": " + r.status);
      await cache.put(url, await plain(r));
    }
  };
  try {
    await Promise.all([worker(), worker(), worker(), worker()]);
  } catch (e) {
    await caches.delete(name);
    throw e;
  }
  const meta = { version: manifest.version, saved: new Date().toISOString(), files: manifest.files.length, bytes: manifest.bytes };
  await cache.put(new URL(META, scope), new Response(JSON.stringify(meta), { headers: { "Content-Type": "application/json" } }));
  for (const old of await caches.keys()) {
    if (old.startsWith(PREFIX) && old !== name) await caches.delete(old);
  }
};

// One update at a time, at most once a minute unless forced.
const update = (force) => {
  if (updating) return updating;
  if (!force && Date.now() - lastCheck < 60000) return Promise.resolve();
  lastCheck = Date.now();
  updating = fill().catch(() => {}).finally(() => { updating = null; });
  return updating;
};

self.addEventListener("install", (event) => {
  self.skipWaiting();
  event.waitUntil(update(true));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

const fromCache = async (request, saved) => {
  const current = saved || await currentCache();
  if (!current) return undefined;
  // Pages are saved without their query (/search/?q=…) and with their
  // trailing slash (a short link typed as /r/4); Pagefind adds a
  // cache-busting query to its entry file.
  const found = (await current.cache.match(request)) || (await current.cache.match(request, { ignoreSearch: true }));
  if (found || request.mode !== "navigate") return found;
  const url = new URL(request.url);
  if (url.pathname.endsWith("/") || url.pathname.split("/").pop().includes(".")) return undefined;
  url.pathname += "/";
  return current.cache.match(url.href, { ignoreSearch: true });
};

const notSaved = () => new Response(
  "<!DOCTYPE html><html lang=\"en-GB\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
  "<title>Not saved for offline use</title><main><h1>You are offline</h1><p>This page was not saved for offline use.</p>" +
  "<p><a href=\"" + scope + "\">Go to the home page</a> — the saved copy of the guide opens there.</p>" +
  "<p><strong>If a child is in immediate danger, call 999.</strong></p></main></html>",
  { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });

// A page from the saved copy carries its date (data-saved on <html>), so
// offline.js can say so at once, without asking the worker.
const page = async (event) => {
  const request = event.request;
  try {
    // Asked of the server every time, even where a host lets browsers keep
    // pages: online, the guidance is always the current one.
    return await fetch(new Request(request, { cache: "no-cache" }));
  } catch (e) {
    const current = await currentCache();
    const cached = current && await fromCache(request, current);
    if (!cached) return notSaved();
    if (!(cached.headers.get("Content-Type") || "").startsWith("text/html")) return cached;
    const saved = String(current.meta.saved).replace(/[^0-9A-Za-z:.-]/g, "");
    const html = (await cached.text()).replace(/<html\b/i, "<html data-saved=\"" + saved + "\"");
    return new Response(html, { status: cached.status, statusText: cached.statusText, headers: cached.headers });
  }
};

const file = async (request) => {
  const cached = await fromCache(request);
  return cached || fetch(request);
};

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(scope)) return;
  const url = new URL(request.url);
  if (url.pathname.startsWith(new URL("api/", scope).pathname)) return;
  event.respondWith(request.mode === "navigate" ? page(event) : file(request));
});

// Pages ask when the saved copy was saved (when the connection drops while
// they are open), and prompt a check for a new version.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  const port = event.ports && event.ports[0];
  if (data.type === "status" && port) {
    event.waitUntil(currentCache().then((c) => {
      port.postMessage({ saved: c ? c.meta.saved : null, version: c ? c.meta.version : null });
    }));
  } else if (data.type === "update") {
    event.waitUntil(update(Boolean(data.force)));
  }
});
