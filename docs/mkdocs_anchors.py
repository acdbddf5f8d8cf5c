r"""mkdocs hook: heading ids that are valid CSS selectors.

Registered in ``mkdocs.yml`` (``hooks:``). The heading "1. The wedge" gets the
id ``1-the-wedge`` from Python-Markdown's ``toc``; an id that starts with a digit
is no valid CSS selector, and the "mkdocs" theme's scroll-spy
(``document.querySelector('#1-the-wedge')``) then throws, which also stops its
keyboard shortcuts (tests/test_site_browser.py saw it in Chromium's console).
:func:`slugify` keeps the ``toc`` slug and puts ``sec-`` before a leading digit.

>>> slugify("1. The wedge product", "-")
'sec-1-the-wedge-product'
>>> slugify("Notation", "-")
'notation'
"""

from __future__ import annotations

from typing import Any


def slugify(value: str, separator: str) -> str:
    """The ``toc`` slug of a heading, with ``sec-`` before a leading digit."""
    from markdown.extensions.toc import slugify as toc_slugify  # mkdocs' own dependency

    slug = toc_slugify(value, separator)
    return f"sec{separator}{slug}" if slug[:1].isdigit() else slug


def on_config(config: Any, **kwargs: Any) -> Any:
    config["mdx_configs"].setdefault("toc", {})["slugify"] = slugify
    return config
