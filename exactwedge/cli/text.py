"""User text on the terminal: no escape sequences, no control characters, no rich markup.

File names and other user-given text are printed through :func:`printable`
(plain output, error lines) or :func:`rich_text` (anything a rich console
prints, which would otherwise read ``[/bold]`` in a file name as markup).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["printable", "rich_text"]

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and two-character ESC sequences
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]")


def printable(text: object) -> str:
    """``text`` with ANSI escape sequences removed and every other control or format character shown as ``?``.

    >>> printable("out\\x1b[31mred\\x1b[0m.json"), printable("a\\nb\\u202e.txt")
    ('outred.json', 'a?b?.txt')
    """
    s = _ANSI.sub("", str(text))
    return "".join("?" if unicodedata.category(c) in ("Cc", "Cf") else c for c in s)


def rich_text(text: object) -> str:
    """:func:`printable` text escaped for rich markup, so ``x[/bold]`` prints as itself.

    >>> rich_text("x[/bold]")
    'x\\\\[/bold]'
    """
    from rich.markup import escape

    return escape(printable(text))
