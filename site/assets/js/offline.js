// The offline copy: registers the service worker (sw.js, at the site root),
// asks it to check for a new version of the guide, and shows a quiet line
// while the page on screen is the saved copy (sw.js marks such pages with
// data-saved on <html>) or the connection is gone. Pages work without it.
(() => {
  "use strict";
  const script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) return;
  const sw = navigator.serviceWorker;
  const fromCopy = document.documentElement.dataset.saved;

  const savedOn = (iso) => new Intl.DateTimeFormat("en-GB", {
    day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London",
  }).format(new Date(iso));

  const show = (saved) => {
    let el = document.getElementById("offline-note");
    if (!el) {
      el = document.createElement("p");
      el.id = "offline-note";
      el.className = "offline-note";
      const at = document.querySelector(".emergency");
      (at ? at.parentNode : document.body).insertBefore(el, at ? at.nextSibling : document.body.firstChild);
    }
    el.hidden = !saved;
    if (saved) el.textContent = "You are offline — this copy was saved on " + savedOn(saved) + ".";
  };

  // The saved copy's date, from the worker.
  const saved = () => new Promise((resolve) => {
    if (!sw.controller || !window.MessageChannel) return resolve(null);
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => resolve(e.data && e.data.saved);
    sw.controller.postMessage({ type: "status" }, [channel.port2]);
    setTimeout(() => resolve(null), 3000);
  });

  // A page can also open offline from the browser's own cache.
  const check = async () => show(fromCopy || (navigator.onLine === false && await saved()));
  if (fromCopy) show(fromCopy);
  window.addEventListener("offline", check);
  window.addEventListener("online", () => {
    if (!fromCopy) show(null);
    if (sw.controller) sw.controller.postMessage({ type: "update" });
  });
  window.addEventListener("load", () => {
    sw.register(script.dataset.sw, { scope: script.dataset.scope }).catch(() => {});
    if (navigator.onLine === false) check();
    else if (sw.controller) sw.controller.postMessage({ type: "update" });
  });
})();
