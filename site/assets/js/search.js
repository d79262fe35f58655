// Search page: Pagefind over the built site, made tolerant of questions.
// Words like "what", "should", "I" are dropped; if the remaining words find
// nothing together, each is searched alone and the results merged by score.
// When the site is served by `bot serve`, /api/ask adds a best answer above.
(() => {
  "use strict";
  const form = document.getElementById("search-form");
  if (!form) return;
  const input = form.querySelector("input[name=q]");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const answer = document.getElementById("search-answer");
  const empty = document.getElementById("search-empty");
  const bundle = form.dataset.pagefind;
  let api = form.dataset.api;

  const STOP = new Set(("a an and are as at be been being but by can could did do does doing for from " +
    "had has have having he her him his how i i'm if in into is it its it's me my of on or our " +
    "please she should so some than that the their them then there these they this those to " +
    "us was we were what whats what's when where which who whom whose why will with would you your").split(" "));

  const words = (q) => q.toLowerCase().replace(/[\u2018\u2019]/g, "'")
    .split(/[^\p{L}\p{N}'-]+/u).map((w) => w.replace(/^['-]+|['-]+$/g, "")).filter(Boolean);

  // The words worth searching for: stop words dropped, unless that leaves none.
  const terms = (q) => {
    const all = words(q);
    const kept = all.filter((w) => !STOP.has(w));
    return kept.length ? kept : all;
  };

  let pagefind;
  const load = async () => {
    if (!pagefind) {
      pagefind = await import(bundle + "pagefind.js");
      await pagefind.options({ excerptLength: 26, ranking: { pageLength: 1.0, termFrequency: 0.6 } });
      pagefind.init();
    }
    return pagefind;
  };

  const find = async (q) => {
    const pf = await load();
    const ts = terms(q);
    if (!ts.length) return { results: [], partial: false };
    const together = await pf.search(ts.join(" "));
    if (together.results.length || ts.length === 1) return { results: together.results, partial: false };
    const merged = new Map();
    const each = await Promise.all(ts.map((t) => pf.search(t)));
    each.forEach((r) => r.results.forEach((res) => {
      const m = merged.get(res.id);
      if (m) { m.score += res.score; m.terms++; } else merged.set(res.id, { res, score: res.score, terms: 1 });
    }));
    const results = [...merged.values()]
      .sort((a, b) => b.terms - a.terms || b.score - a.score)
      .map((m) => m.res);
    return { results, partial: true };
  };

  // Pagefind excerpts are escaped text with <mark> around matches; keep only those tags.
  const excerpt = (html) => {
    const p = document.createElement("p");
    p.className = "search-result__excerpt";
    String(html).split(/(<mark>|<\/mark>)/).reduce((inMark, part) => {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      const text = document.createTextNode(decode(part));
      if (inMark) {
        const mark = document.createElement("mark");
        mark.appendChild(text);
        p.appendChild(mark);
      } else {
        p.appendChild(text);
      }
      return inMark;
    }, false);
    return p;
  };
  const decoder = document.createElement("textarea");
  const decode = (s) => { decoder.innerHTML = s.replace(/</g, "&lt;"); return decoder.value; };

  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => { if (v !== undefined) node.setAttribute(k, v); });
    children.flat().forEach((c) => { if (c !== null && c !== undefined && c !== "") node.append(c); });
    return node;
  };

  const safeURL = (u) => {
    try {
      const url = new URL(u, location.href);
      return url.protocol === "http:" || url.protocol === "https:" ? (url.origin === location.origin ? url.pathname + url.hash : url.href) : null;
    } catch (e) { return null; }
  };

  const resultItem = (d) => {
    const title = (d.meta && d.meta.title) || d.url;
    const sections = (d.sub_results || [])
      .filter((s) => s.url && s.url.includes("#"))
      .sort((a, b) => (b.locations || []).length - (a.locations || []).length)
      .slice(0, 3);
    return el("li", { class: "search-result" },
      el("h2", { class: "search-result__title" }, el("a", { href: d.url }, title)),
      d.meta && d.meta.summary ? el("p", { class: "search-result__summary" }, d.meta.summary) : null,
      sections.length
        ? el("ul", { class: "search-result__sections" }, sections.map((s) =>
          el("li", {}, el("a", { href: s.url }, s.title), excerpt(s.excerpt))))
        : (/Also searched for:/.test(d.excerpt || "") ? null : excerpt(d.excerpt)));
  };

  // As guidance.DaysText: runs of consecutive days become "Mon–Fri".
  const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
  const dayName = (d) => d.charAt(0).toUpperCase() + d.slice(1, 3);
  const dayText = (days) => {
    if (days.length === 7) return "Every day";
    const out = [];
    for (let i = 0; i < days.length;) {
      let j = i;
      while (j + 1 < days.length && DAYS.indexOf(days[j + 1]) === DAYS.indexOf(days[j]) + 1) j++;
      if (j === i) out.push(dayName(days[i]));
      else if (j === i + 1) out.push(dayName(days[i]), dayName(days[j]));
      else out.push(dayName(days[i]) + "–" + dayName(days[j]));
      i = j + 1;
    }
    return out.join(", ");
  };

  const contactItem = (c) => {
    const phone = c.phone ? [": ", el("a", { href: "tel:" + c.phone.replace(/[^0-9+]/g, "") }, c.phone)] : [];
    const hours = (c.hours || []).map((h) => dayText(h.days || []) + " " +
      (h.from === "00:00" && h.to === "24:00" ? "24 hours" : h.from + "–" + h.to)).join("; ");
    return el("li", {},
      el("a", { href: "/contacts/#" + encodeURIComponent(c.id) }, c.name), phone,
      c.example ? [" ", el("strong", { class: "tag tag--example" }, "example — replace before publishing")] : [],
      hours ? el("span", { class: "answer__hours" }, " (" + hours + ")") : null);
  };

  const showAnswer = (body) => {
    // 999 first when danger is seen; the same line closes every other answer.
    const notices = (body.notices || []).filter((n) => n.kind !== "safety-net")
      .sort((a, b) => (b.kind === "emergency") - (a.kind === "emergency"));
    const closing = (body.notices || []).filter((n) => n.kind === "safety-net");
    const best = (body.results || [])[0];
    const href = best && safeURL(best.url);
    const parts = [];
    notices.forEach((n) => parts.push(el("p", { class: "answer__notice answer__notice--" + String(n.kind).replace(/[^a-z-]/g, "") }, n.text)));
    if (best && href) {
      parts.push(el("p", { class: "answer__where" }, el("a", { href }, best.title + (best.section ? " – " + best.section : ""))));
      if (best.snippet) parts.push(el("p", {}, best.snippet));
      else if (best.summary) parts.push(el("p", {}, best.summary));
    }
    if (body.contacts && body.contacts.length) {
      parts.push(el("p", { class: "answer__contacts-title" }, el("strong", {}, "Who to contact")));
      parts.push(el("ul", { class: "answer__contacts" }, body.contacts.slice(0, 3).map(contactItem)));
    }
    if (!parts.length) { answer.hidden = true; return; }
    closing.forEach((n) => parts.push(el("p", { class: "answer__notice answer__notice--safety-net" }, n.text)));
    // Say how sure the answer is: "related" sections may help but do not answer exactly.
    const related = body.confidence === "related";
    if (related) parts.splice(notices.length, 0, el("p", { class: "answer__related" }, "Nothing in the guidance answers that exactly. These sections may help:"));
    answer.replaceChildren(el("h2", {}, related ? "This may help" : "Best answer"), ...parts);
    answer.hidden = false;
  };

  const ask = async (q, mine) => {
    if (!api) return;
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), 6000);
    try {
      // POST, so the question stays out of URLs and server logs.
      const res = await fetch(api, { method: "POST", body: new URLSearchParams({ q }), headers: { Accept: "application/json" }, signal: ctrl.signal });
      if (!res.ok || !(res.headers.get("content-type") || "").includes("json")) {
        if (res.status === 404 || res.status === 405) api = ""; // a static host: no ask API
        return;
      }
      const body = await res.json();
      if (mine === current) showAnswer(body);
    } catch (e) {
      // No API (static host, offline): Pagefind alone answers.
    } finally {
      clearTimeout(timer);
    }
  };

  let current = 0;
  const run = async (q) => {
    const mine = ++current;
    q = q.trim();
    answer.hidden = true;
    if (!q) {
      list.replaceChildren();
      empty.hidden = true;
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    ask(q, mine);
    try {
      const { results, partial } = await find(q);
      const data = await Promise.all(results.slice(0, 10).map((r) => r.data()));
      if (mine !== current) return;
      list.replaceChildren(...data.map(resultItem));
      empty.hidden = data.length > 0;
      status.textContent = data.length
        ? (results.length === 1 ? "1 page" : results.length + " pages") + " found for “" + q + "”" +
          (partial ? ", matching some of your words." : ".")
        : "No pages found for “" + q + "”.";
    } catch (e) {
      if (mine !== current) return;
      list.replaceChildren();
      empty.hidden = false;
      status.textContent = "Search is not available right now. Browse by topic or contact someone below.";
    }
  };

  // Questions may hold case details: never keep them in the address bar or
  // the browser's history (shared office computers). A ?q= link still works:
  // it is read once, then taken out of the address.
  const forget = () => {
    const url = new URL(location.href);
    if (!url.searchParams.has("q")) return;
    url.searchParams.delete("q");
    history.replaceState(null, "", url);
  };

  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), 300);
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });

  const initial = new URLSearchParams(location.search).get("q");
  forget();
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
