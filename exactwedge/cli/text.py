"""User text on the terminal: no escape sequences, no control characters, no rich markup.

File names and other user-given text are printed through :func:`printable`
(plain output, error lines) or :func:`rich_text` (anything a rich console
prints, which would otherwise read ``[/bold]`` in a file name as markup).
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

__all__ = ["printable", "rich_text", "emit_json"]

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


def emit_json(report: Any, path: str | None, **dumps: Any) -> bool:
    """The ``--json PATH`` of every command: print the report for ``-``, else write it atomically to PATH.

    Returns True when it went to standard output (then the command prints nothing else there).

    >>> emit_json({"value": "1/3"}, "-")
    {
      "value": "1/3"
    }
    True
    >>> emit_json({"value": "1/3"}, None)
    False
    """
    if path is None:
        return False
    text = json.dumps(report, indent=2, ensure_ascii=False, **dumps)
    if path == "-":
        print(text)
        return True
    from ..io import atomic_write_text

    atomic_write_text(path, text + "\n")
    return False
