// Small enhancements for every page. The page works without them.
(() => {
  "use strict";

  // One polite live region for announcements.
  const live = document.createElement("div");
  live.className = "visually-hidden";
  live.setAttribute("role", "status");
  live.id = "live-region";
  document.body.appendChild(live);
  const announce = (text) => {
    live.textContent = "";
    setTimeout(() => { live.textContent = text; }, 50);
  };

  // Copy-link buttons next to headings.
  const fallbackCopy = (text) => {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok;
  };
  document.querySelectorAll("[data-copy-link]").forEach((button) => {
    const label = button.firstChild;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const url = location.origin + location.pathname + button.dataset.copyLink;
      let ok = false;
      try {
        await navigator.clipboard.writeText(url);
        ok = true;
      } catch (e) {
        ok = fallbackCopy(url);
      }
      button.dataset.state = ok ? "copied" : "failed";
      label.textContent = ok ? "Link copied" : "Copy failed";
      announce(ok ? "Link copied: " + url : "Could not copy. The link is " + url);
      clearTimeout(button.resetTimer);
      button.resetTimer = setTimeout(() => {
        label.textContent = "Copy link";
        delete button.dataset.state;
      }, 5000);
    });
  });

  // Open now: live contacts carry their hours (Europe/London) in data-hours.
  // Example contacts carry none, so example hours are never shown as open
  // or closed and never counted.
  const contacts = document.querySelectorAll("[data-hours]");
  if (contacts.length && window.Intl) {
    const parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/London", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).formatToParts(new Date()).forEach((p) => { parts[p.type] = p.value; });
    const day = (parts.weekday || "").slice(0, 3).toLowerCase();
    const now = Number(parts.hour) * 60 + Number(parts.minute);
    const minutes = (hhmm) => {
      const [h, m] = String(hhmm).split(":").map(Number);
      return h * 60 + m;
    };
    let open = 0;
    contacts.forEach((el) => {
      let hours = [];
      try { hours = JSON.parse(el.dataset.hours) || []; } catch (e) { return; }
      const isOpen = hours.some((h) => (h.days || []).includes(day) && now >= minutes(h.from) && now < minutes(h.to));
      const out = el.querySelector("[data-open-status]");
      if (!out) return;
      out.textContent = isOpen ? "Open now" : "Closed now";
      out.className = "contact__open tag tag--" + (isOpen ? "open" : "closed");
      if (isOpen) open++;
    });
    const summary = document.querySelector("[data-open-summary]");
    if (summary) {
      const examples = document.querySelectorAll("[data-example-hours]").length;
      summary.textContent = "It is now " + parts.hour + ":" + parts.minute + " in the UK; " +
        (open === 1 ? "1 service with confirmed hours is" : open + " services with confirmed hours are") + " open." +
        (examples ? " Example hours are not checked." : "");
    }
  }

  // Printed copies say when they were printed.
  const printed = () => {
    const today = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" }).format(new Date());
    document.querySelectorAll("[data-print-date]").forEach((el) => { el.textContent = today; });
  };
  printed();
  window.addEventListener("beforeprint", printed);
})();
