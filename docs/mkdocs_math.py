r"""mkdocs hook: keep the LaTeX of a page (``$…$``, ``$$…$$``) away from Markdown.

Registered in ``mkdocs.yml`` (``hooks:``). Python-Markdown would read the
``_`` and ``*`` of ``$(x_j - x)_+$`` as emphasis and drop the backslash of
``\{``. Before the conversion each formula outside code is replaced by a
placeholder; after it, the placeholder becomes the formula, HTML-escaped, in
``<span class="math">\(…\)</span>`` (inline) or ``<div class="math">\[…\]</div>``
(display). ``docs/assets/math.js`` typesets these with the KaTeX copy of
``docs/assets/katex/`` (no network; tests/test_site_browser.py checks it in
Chromium). GitHub renders the same ``$`` syntax as math.

>>> md, found = protect(r"Ramps $(x - x_j)_+$ and `$kept$`:" + "\n\n$$\na < b_1\n$$\n")
>>> md
'Ramps MATHxPHx0xEND and `$kept$`:\n\nMATHxPHx1xEND\n'
>>> restore("<p>Ramps MATHxPHx0xEND</p>\n<p>MATHxPHx1xEND</p>", found)
'<p>Ramps <span class="math">\\((x - x_j)_+\\)</span></p>\n<div class="math">\\[\na &lt; b_1\n\\]</div>'
"""

from __future__ import annotations

import html
import re
from typing import Any

_CODE = re.compile(r"(^```.*?^```[ \t]*$|`[^`\n]+`)", re.S | re.M)
_MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![$\w])", re.S)
_TOKEN = "MATHxPHx{}xEND"
_FOUND: dict[str, list] = {}


def protect(markdown: str) -> tuple[str, list]:
    """Replace each formula outside code by a placeholder; return the text and the formulas."""
    found: list = []

    def sub(m: re.Match) -> str:
        display = m.group(1) is not None
        found.append((display, m.group(1) if display else m.group(2)))
        return _TOKEN.format(len(found) - 1)

    parts = _CODE.split(markdown)
    out = [part if k % 2 else _MATH.sub(sub, part) for k, part in enumerate(parts)]
    return "".join(out), found


def restore(content: str, found: list) -> str:
    """Put the formulas back into the HTML, escaped."""
    for k, (display, tex) in enumerate(found):
        token = _TOKEN.format(k)
        if display:
            block = f'<div class="math">\\[{html.escape(tex, quote=False)}\\]</div>'
            content = content.replace(f"<p>{token}</p>", block).replace(token, block)
        else:
            content = content.replace(token, f'<span class="math">\\({html.escape(tex, quote=False)}\\)</span>')
    return content


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    text, found = protect(markdown)
    _FOUND[page.file.src_uri] = found
    return text


def on_page_content(content: str, page: Any, **kwargs: Any) -> str:
    return restore(content, _FOUND.pop(page.file.src_uri, []))
