// Typeset the formulas that docs/mkdocs_math.py left in <span class="math">\(…\)</span>
// and <div class="math">\[…\]</div>, with the copy of KaTeX in assets/katex/ (no network).
// A formula KaTeX cannot read stays as written, marked .katex-error (tests/test_site_browser.py fails on it).
(function () {
  function typeset() {
    document.querySelectorAll("span.math, div.math").forEach(function (el) {
      var display = el.tagName === "DIV";
      var tex = el.textContent.trim().replace(display ? /^\\\[|\\\]$/g : /^\\\(|\\\)$/g, "");
      katex.render(tex, el, { displayMode: display, throwOnError: false });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", typeset);
  } else {
    typeset();
  }
})();
