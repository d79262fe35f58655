// The offline copy: registers the service worker (sw.js, at the site root),
// asks it to check for a new version of the guide, and shows a quiet line
// when the page on screen is the saved copy. Pages work without it.
(() => {
  "use strict";
  const script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script || !window.MessageChannel) return;
  const sw = navigator.serviceWorker;

  const savedOn = (iso) => new Intl.DateTimeFormat("en-GB", {
    day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London",
  }).format(new Date(iso));

  const line = () => {
    let el = document.getElementById("offline-note");
    if (!el) {
      el = document.createElement("p");
      el.id = "offline-note";
      el.className = "offline-note";
      el.hidden = true;
      const at = document.querySelector(".emergency");
      (at ? at.parentNode : document.body).insertBefore(el, at ? at.nextSibling : document.body.firstChild);
    }
    return el;
  };

  const ask = (message) => new Promise((resolve) => {
    if (!sw.controller) return resolve(null);
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => resolve(e.data);
    sw.controller.postMessage(message, [channel.port2]);
    setTimeout(() => resolve(null), 3000);
  });

  const show = async () => {
    const status = await ask({ type: "status", page: location.pathname + location.search });
    const el = line();
    const offline = status && status.saved && (status.fromCache || navigator.onLine === false);
    if (offline) {
      el.textContent = "You are offline — this copy was saved on " + savedOn(status.saved) + ".";
      el.dataset.saved = status.saved;
    }
    el.hidden = !offline;
    document.documentElement.toggleAttribute("data-offline", Boolean(offline));
  };

  window.addEventListener("offline", show);
  window.addEventListener("online", () => {
    show();
    if (sw.controller) sw.controller.postMessage({ type: "update" });
  });
  window.addEventListener("load", () => {
    sw.register(script.dataset.sw, { scope: script.dataset.scope }).catch(() => {});
    if (sw.controller) {
      show();
      if (navigator.onLine !== false) sw.controller.postMessage({ type: "update" });
    }
  });
})();
