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
    "us was we were what whats what's when where which who whom whose why will with would you your " +
    "mean means meaning stand stands abbreviation acronym").split(" "));

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

  // The site's own words and glossary, generated at build time
  // (layouts/_partials/site/search-terms.html). Without it, search still works.
  let extra;
  const loadTerms = () => {
    if (!extra) {
      extra = fetch(form.dataset.terms, { headers: { Accept: "application/json" } })
        .then((r) => (r.ok ? r.json() : {})).catch(() => ({}))
        .then((d) => {
          const vocab = new Set(String(d.words || "").split(" ").filter(Boolean));
          const phrases = new Map(); // "signs of safety" → the concepts it names
          (d.concepts || []).forEach((c) => (c.n || []).forEach((n) => {
            const key = words(n).join(" ");
            if (!key || words(n).every((w) => STOP.has(w))) return;
            if (!phrases.has(key)) phrases.set(key, []);
            phrases.get(key).push(c);
          }));
          return { pages: d.pages || 20, sections: d.sections || 100, vocab, phrases };
        });
    }
    return extra;
  };

  // Damerau–Levenshtein distance, given up past max.
  const distance = (a, b, max) => {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let prev2 = [], prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      let best = i;
      for (let j = 1; j <= b.length; j++) {
        row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], prev2[j - 2] + 1);
        best = Math.min(best, row[j]);
      }
      if (best > max) return max + 1;
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  };

  // A word the site never uses becomes the closest word it does (one edit up
  // to seven letters, two beyond, same first letter), as the bot does.
  const correct = (w, vocab) => {
    if (w.length < 4 || vocab.has(w) || STOP.has(w) || /\d/.test(w)) return w;
    const max = w.length > 7 ? 2 : 1;
    let best = w, bestD = max + 1;
    vocab.forEach((v) => {
      if (v[0] !== w[0] || Math.abs(v.length - w.length) > max) return;
      const d = distance(w, v, max);
      if (d <= max && (d < bestD || (d === bestD && v.length < best.length))) { best = v; bestD = d; }
    });
    return best;
  };

  // The question as groups of alternatives: a glossary term named in it
  // (longest phrase first) is one group searched under all its names; every
  // other word worth searching for is a group of its own.
  const groups = (q, t) => {
    const ws = words(q).map((w) => correct(w, t.vocab));
    const out = [];
    for (let i = 0; i < ws.length;) {
      let found = null;
      for (let n = Math.min(8, ws.length - i); n > 0 && !found; n--) {
        const cs = t.phrases.get(ws.slice(i, i + n).join(" "));
        if (cs) found = { n, cs };
      }
      if (found) {
        const phrase = ws.slice(i, i + found.n).join(" ");
        const alts = [phrase];
        found.cs.forEach((c) => c.n.slice(0, 2).forEach((name) => {
          const ks = words(name).filter((w) => !STOP.has(w));
          if (ks.length && ks.length <= 4) alts.push(ks.join(" "));
        }));
        out.push({ alts: [...new Set(alts)].slice(0, 4), links: found.cs.map((c) => c.l).filter(Boolean), defs: found.cs.map((c) => c.g).filter(Boolean) });
        i += found.n;
      } else {
        if (!STOP.has(ws[i])) out.push({ alts: [ws[i]], links: [], defs: [] });
        i++;
      }
    }
    if (!out.length && ws.length) out.push({ alts: [ws.join(" ")], links: [], defs: [] });
    return out;
  };

  // Pagefind also matches a word of the site that merely starts a typed word
  // ("rest" for "restorative", a glossary letter "E" for "escelation"): only
  // count a match that shares most of its start with a searched word.
  const prefix = (a, b) => { let i = 0; while (i < a.length && i < b.length && a[i] === b[i]) i++; return i; };
  const matches = (word, alts) => {
    const w = word.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
    return alts.some((t) => { const p = prefix(w, t); return p >= Math.min(5, t.length) || p >= 0.6 * t.length; });
  };

  // Each group is searched alone; a section scores by the rare groups it holds
  // (IDF over sections), more for a heading or an example question than for
  // the text, times the share of the question it covers, squared. A page
  // ranks by its best section, and first where the glossary links a term.
  const CANDIDATES = 8;
  const find = async (q) => {
    const [pf, t] = await Promise.all([load(), loadTerms()]);
    const gs = groups(q, t);
    if (!gs.length) return { results: [], partial: false };
    // First the pages each group is found on (cheap); then the sections of
    // the likeliest pages (Pagefind's data() is the dear part).
    const alts = gs.map((g) => g.alts.map((a) => words(a).filter((w) => !STOP.has(w))).filter((a) => a.length));
    const found = await Promise.all(alts.map((as) => Promise.all(as.map((a) => pf.search(a.join(" "))))));
    const onPages = found.map((rs) => { const m = new Map(); rs.forEach((r) => r.results.forEach((res) => m.set(res.id, res))); return m; });
    const cheap = new Map();
    onPages.forEach((m) => m.forEach((res, id) => cheap.set(id, (cheap.get(id) || 0) + Math.log(1 + t.pages / m.size) + res.score / 100)));
    const likely = new Set([...cheap.entries()].sort((a, b) => b[1] - a[1]).slice(0, CANDIDATES).map(([id]) => id));
    const sections = new Map(); // url → { page, sub, best, held: Map(group → weight) }
    const pages = new Map(); // page url → data
    const df = gs.map(() => 0);
    await Promise.all(onPages.map(async (m, gi) => {
      const flat = alts[gi].flat();
      // A glossary term's own pages are looked at wherever they rank.
      const keep = gs[gi].links.length ? () => true : (res) => likely.has(res.id);
      const datas = await Promise.all([...m.values()].filter(keep).map((res) => res.data()));
      datas.forEach((d) => {
        if (!pages.has(d.url)) pages.set(d.url, d);
        const content = d.content.split(/\s+/);
        (d.sub_results || []).forEach((sub) => {
          const weight = Math.max(0, ...(sub.weighted_locations || [])
            .filter((l) => matches(content[l.location] || "", flat)).map((l) => l.weight));
          if (!weight) return;
          let s = sections.get(sub.url);
          if (!s) sections.set(sub.url, s = { page: d.url, sub, held: new Map() });
          const before = s.held.get(gi) || 0;
          if (!before) df[gi]++;
          if (weight > before) s.held.set(gi, weight);
          if (weight > (s.best || 0)) { s.best = weight; s.sub = sub; }
        });
      });
    }));
    const idf = df.map((n) => (n ? Math.log(1 + t.sections / n) : 0));
    const whole = idf.reduce((a, b) => a + b, 0);
    if (!whole) return { results: [], partial: false };
    const linked = new Map(); // url the glossary links to → the IDF of the groups that name it
    const link = (l, w) => linked.set(l, (linked.get(l) || 0) + w);
    gs.forEach((g, gi) => g.links.forEach((l) => link(l, Math.max(idf[gi], Math.log(1 + t.sections)))));
    // The question is only a term: its glossary entry defines it.
    if (gs.length === 1) gs[0].defs.forEach((l) => link(l, Math.log(1 + t.sections)));
    const byPage = new Map();
    sections.forEach((s, url) => {
      let held = 0, score = 0;
      s.held.forEach((w, gi) => { held += idf[gi]; score += idf[gi] * (1 + 0.25 * Math.min(w, 8)); });
      score *= (held / whole) ** 2;
      score += (linked.get(url) || 0) * 2;
      s.score = score;
      s.full = held >= whole - 1e-9;
      const p = byPage.get(s.page) || { data: pages.get(s.page), sections: [], score: 0 };
      p.sections.push(s);
      byPage.set(s.page, p);
    });
    byPage.forEach((p, url) => {
      p.sections.sort((a, b) => b.score - a.score);
      p.score = p.sections[0].score + 0.25 * (p.sections[1] ? p.sections[1].score : 0) + (linked.get(url) || 0) * 2;
    });
    const results = [...byPage.values()].sort((a, b) => b.score - a.score);
    return { results, partial: !results.some((p) => p.sections[0].full) };
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

  const resultItem = (p) => {
    const d = p.data;
    const title = (d.meta && d.meta.title) || d.url;
    const sections = p.sections.map((s) => s.sub).filter((s) => s.url && s.url.includes("#")).slice(0, 3);
    return el("li", { class: "search-result" },
      el("h2", { class: "search-result__title" }, el("a", { href: d.url }, title)),
      d.meta && d.meta.summary ? el("p", { class: "search-result__summary" }, d.meta.summary) : null,
      sections.length
        ? el("ul", { class: "search-result__sections" }, sections.map((s) =>
          el("li", {}, el("a", { href: s.url }, s.title), excerpt(s.excerpt))))
        : excerpt((p.sections[0] && p.sections[0].sub.excerpt) || d.excerpt || ""));
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

  // The best answer, compact enough for a third of a phone screen: the link
  // first (after 999, when danger is seen), a short extract, then who to
  // contact and the 999 line folded. The privacy reminder is the search
  // box's own hint, so it is not repeated here.
  const showAnswer = (body) => {
    const notices = (body.notices || []).filter((n) => n.kind !== "safety-net" && n.kind !== "privacy")
      .sort((a, b) => (b.kind === "emergency") - (a.kind === "emergency"));
    const urgent = notices.filter((n) => n.kind === "emergency");
    const others = notices.filter((n) => n.kind !== "emergency");
    const closing = (body.notices || []).filter((n) => n.kind === "safety-net");
    const best = (body.results || [])[0];
    const href = best && safeURL(best.url);
    const notice = (n) => el("p", { class: "answer__notice answer__notice--" + String(n.kind).replace(/[^a-z-]/g, "") }, n.text);
    const parts = urgent.map(notice);
    // Say how sure the answer is: "related" sections may help but do not answer exactly.
    const related = body.confidence === "related";
    if (best && href) {
      parts.push(el("p", { class: "answer__where" }, el("a", { href }, best.title + (best.section ? " – " + best.section : ""))));
      const extract = best.snippet || best.summary;
      if (extract) parts.push(el("p", { class: "answer__extract" }, extract));
    }
    parts.push(...others.map(notice));
    const contacts = (body.contacts || []).slice(0, 3);
    if (!parts.length && !contacts.length) { answer.hidden = true; return null; }
    if (contacts.length || closing.length) {
      parts.push(el("details", { class: "answer__more" },
        el("summary", {}, contacts.length ? "Who to contact" : "If a child is in danger"),
        contacts.length ? el("ul", { class: "answer__contacts" }, contacts.map(contactItem)) : null,
        closing.map((n) => el("p", { class: "answer__notice answer__notice--safety-net" }, n.text))));
    }
    answer.replaceChildren(el("h2", {}, related ? "Nothing answers that exactly. This may help:" : "Best answer"), ...parts);
    answer.hidden = false;
    return best && href ? { url: href, title: best.title, section: best.section, summary: best.summary } : null;
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
      if (mine !== current) return;
      shown.best = showAnswer(body);
      render(mine);
    } catch (e) {
      // No API (static host, offline): Pagefind alone answers.
    } finally {
      clearTimeout(timer);
    }
  };

  // What the page shows for the current question: Pagefind's pages and the
  // ask API's best answer, whichever comes first. The list and the box agree:
  // the best answer's page and section lead the list.
  let current = 0;
  let shown = {};
  const agree = (results, best) => {
    if (!best) return results;
    const [page, hash] = best.url.split("#");
    const i = results.findIndex((p) => p.data.url === page);
    const p = i >= 0 ? results[i] : { data: { url: page, meta: { title: best.title, summary: best.summary } }, sections: [] };
    const secs = p.sections.filter((s) => s.sub.url !== best.url);
    const own = p.sections.find((s) => s.sub.url === best.url) || (hash ? { sub: { url: best.url, title: best.section || best.title, excerpt: "" } } : null);
    return [{ ...p, sections: own ? [own, ...secs] : secs }, ...results.filter((r, j) => j !== i)];
  };
  const render = (mine) => {
    if (mine !== current || !shown.ready) return;
    const { q, partial } = shown;
    const results = agree(shown.results, shown.best);
    const data = results.slice(0, 10);
    list.replaceChildren(...data.map(resultItem));
    empty.hidden = data.length > 0;
    status.textContent = data.length
      ? (results.length === 1 ? "1 page" : results.length + " pages") + " found for “" + q + "”" +
        (partial ? ", matching some of your words." : ".")
      : "No pages found for “" + q + "”.";
  };

  const run = async (q) => {
    const mine = ++current;
    shown = {};
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
      if (mine !== current) return;
      Object.assign(shown, { q, results, partial, ready: true });
      render(mine);
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

  // Start loading the index and the word list as soon as someone means to search.
  input.addEventListener("focus", () => { load().catch(() => {}); loadTerms(); }, { once: true });

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
