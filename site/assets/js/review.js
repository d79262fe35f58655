// The review page folds each recommendation's record in a <details>. A link
// to #recommendation-N (or any heading inside a record) opens that record
// before the browser scrolls to it. Without JavaScript every record can
// still be opened by hand, and most browsers open it for a fragment.
(() => {
  "use strict";
  const reveal = () => {
    if (!location.hash) return;
    let target = null;
    try { target = document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { return; }
    const record = target && target.closest("details.record");
    if (record && !record.open) {
      record.open = true;
      target.scrollIntoView();
    }
  };
  reveal();
  window.addEventListener("hashchange", reveal);
})();
