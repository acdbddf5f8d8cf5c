"""The built site, opened page by page in headless Chromium (issue 16).

The site is built by the ``built_site`` fixture of ``tests/test_docs.py``
(``mkdocs build --strict``), served from a local ``http.server`` thread (no
network) and every ``*.html`` file of it is opened, so pages added later are
covered. For each page: no SEVERE entry in the browser's console log, every
formula typeset by the bundled KaTeX (``.katex`` nodes, no ``.katex-error``, no
raw ``\\(`` / ``\\[`` / ``$…$`` left in the visible text outside code), and
every ``<img>`` loaded (``complete`` and ``naturalWidth > 0``). The favicon is
not filtered: the "mkdocs" theme ships ``img/favicon.ico``, so a 404 for it is
a failure like any other.

Screenshots of the home page and of one lesson go to the test's tmp folder,
and also to ``site-screenshots/`` at the repository root when
``EXACTWEDGE_SITE_SCREENSHOTS=1`` is set. Needs ``/usr/bin/chromium``,
``/usr/bin/chromedriver`` (apt: chromium, chromium-driver) and selenium (the
``docs`` extra); skipped without them, failed without them under CI=true.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.test_docs import built_site  # noqa: F401  (the fixture: the site, built --strict)

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
# visible text outside code that still looks like TeX: \( \) \[ \] or $x$
RAW_TEX = re.compile(r"\\[()\[\]]|(?<![\w$])\$[^\s$][^$\n]*\$(?![\w$])")
PAGE_STATE = r"""
const outside = (el) => !el.closest('pre, code, .katex');
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const text = [];
while (walker.nextNode()) { const n = walker.currentNode;
  if (outside(n.parentElement) && n.parentElement.offsetParent !== null) text.push(n.textContent); }
return {
  marked: document.querySelectorAll('span.math, div.math').length,
  typeset: document.querySelectorAll('span.math > .katex, div.math > .katex-display, div.math > .katex').length,
  errors: Array.from(document.querySelectorAll('.katex-error')).map(e => e.title || e.textContent),
  images: Array.from(document.images).map(i => [i.getAttribute('src'), i.complete && i.naturalWidth > 0]),
  text: text.join(' '),
};
"""


def _browser_or_skip():
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium")
    if missing:
        msg = f"no headless browser: {', '.join(missing)} missing (apt: chromium chromium-driver; pip: selenium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg)
        pytest.skip(msg)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def served(built_site):  # noqa: F811
    site = built_site / "site"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def driver():
    _browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1200,1600"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    yield drv
    drv.quit()


def _url(base: str, site: Path, html: Path) -> str:
    rel = html.relative_to(site).as_posix()
    return base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


@pytest.mark.slow
def test_every_page_renders_in_chromium(served, driver, tmp_path):
    site, base = served
    pages = sorted(p for p in site.rglob("*.html") if p.name != "404.html")
    assert len(pages) > 10, pages
    problems, typeset_total = [], 0
    for html in pages:
        url = _url(base, site, html)
        driver.get(url)
        state = driver.execute_script(PAGE_STATE)
        severe = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        bad_images = [src for src, ok in state["images"] if not ok]
        raw = RAW_TEX.findall(state["text"])
        typeset_total += state["typeset"]
        if severe or bad_images or raw or state["errors"] or state["typeset"] != state["marked"]:
            problems.append((url, {"console": severe, "images": bad_images, "raw TeX": raw[:5],
                                   "katex errors": state["errors"][:5],
                                   "typeset/marked": (state["typeset"], state["marked"])}))
    assert not problems, problems
    assert typeset_total > 100  # the pages do carry math, and it was typeset

    shots = tmp_path / "site-screenshots"
    shots.mkdir()
    lesson = next(p for p in pages if p.relative_to(site).parts[0] == "notebooks")
    for name, html in (("home", site / "index.html"), ("lesson", lesson)):
        driver.get(_url(base, site, html))
        assert driver.save_screenshot(str(shots / f"{name}.png"))
    if os.environ.get("EXACTWEDGE_SITE_SCREENSHOTS") == "1":
        out = ROOT / "site-screenshots"
        out.mkdir(exist_ok=True)
        for png in shots.glob("*.png"):
            shutil.copyfile(png, out / png.name)


def test_the_raw_tex_pattern_sees_unrendered_math_and_not_prices():
    """The check on the visible text: it must see TeX that KaTeX left alone, and nothing else."""
    hits = [s for s in (r"a \(x_1\) b", r"\[a<b\]", "so $x_1$ is", "pay $5 and $6", "x = 5", "$ 3 $")
            if RAW_TEX.search(s)]
    assert hits == [r"a \(x_1\) b", r"\[a<b\]", "so $x_1$ is"]
