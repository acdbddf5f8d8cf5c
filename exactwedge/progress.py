"""Progress bars (rich, on stderr) for the steps that can run for seconds or more.

A bar is shown only on a terminal; in pipes, CI logs and tests the callback is
a no-op, so output stays clean and machine-readable.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Callable, Iterator

__all__ = ["progress_bar"]


@contextlib.contextmanager
def progress_bar(description: str, total: float | None, *, enabled: bool | None = None) -> Iterator[Callable[..., None]]:
    """Yield ``update(advance=1, completed=None)`` driving a rich progress bar on stderr.

    Parameters
    ----------
    description : str
    total : float or None
        The amount of work (None: unknown).
    enabled : bool, optional
        Force the bar on or off; by default it is on when stderr is a terminal.

    Examples
    --------
    >>> with progress_bar("work", 3, enabled=False) as update:
    ...     for _ in range(3):
    ...         update()
    """
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield lambda advance=1, completed=None: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Steps per second (the rate the remaining time is estimated from)."""

        def render(self, task: object) -> Text:
            speed = getattr(task, "speed", None)
            return Text("" if speed is None else f"{speed:,.1f}/s")

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  RateColumn(), TimeElapsedColumn(), TimeRemainingColumn(), console=Console(stderr=True),
                  transient=True) as prog:
        task = prog.add_task(description, total=total)

        def update(advance: float = 1, completed: float | None = None) -> None:
            if completed is not None:
                prog.update(task, completed=completed)
            else:
                prog.advance(task, advance)

        yield update
