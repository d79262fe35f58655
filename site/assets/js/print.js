// Print buttons: the whole page ([data-print]) or one section
// ([data-print-section="#id"]: its heading and text up to the next heading of
// the same or a higher level). Without JavaScript the buttons stay hidden and
// the browser's own Print prints the page.
(() => {
  "use strict";
  const keep = "data-print-keep";
  const clear = () => {
    document.body.classList.remove("print-section");
    document.querySelectorAll("[" + keep + "]").forEach((el) => el.removeAttribute(keep));
  };
  const markSection = (id) => {
    const heading = document.getElementById(id);
    const wrap = heading && heading.closest(".heading");
    if (!wrap) return false;
    const level = Number(heading.tagName.slice(1));
    wrap.setAttribute(keep, "");
    for (let el = wrap.nextElementSibling; el; el = el.nextElementSibling) {
      const h = el.classList.contains("heading") && el.querySelector("h2, h3, h4, h5, h6");
      if (h && Number(h.tagName.slice(1)) <= level) break;
      el.setAttribute(keep, "");
    }
    document.body.classList.add("print-section");
    return true;
  };
  document.querySelectorAll("[data-print], [data-print-section]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => {
      clear();
      const section = button.dataset.printSection;
      if (section) markSection(section.slice(1));
      window.print();
    });
  });
  window.addEventListener("afterprint", clear);
})();
