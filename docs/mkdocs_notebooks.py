r"""mkdocs hook: the lessons of ``docs/notebooks/*.ipynb``, executed and rendered as pages of the site.

Registered in ``mkdocs.yml`` (``hooks:``). The notebooks are kept in the
repository with their outputs stripped (small diffs, nothing stale). Before
the pages are read, each one is executed (:func:`execute`: nbclient, in a kernel
of the same Python, ipykernel's native ``python3``) and
written as a Markdown page ``notebooks/<stem>.md`` (:func:`to_markdown`):
prose cells as they are (their ``$…$`` go through ``docs/mkdocs_math.py``
like every page), code cells as Python blocks, and each output as text, LaTeX,
HTML or a PNG figure (``notebooks/<stem>/out-<cell>-<k>.png``). The
``.ipynb`` itself is copied into the site, for download. A cell that raises
fails the build. The test suite runs the same :func:`execute`
(``tests/test_notebooks.py``).

>>> nb = {"cells": [{"cell_type": "markdown", "source": ["# Title $a_1$"]},
...                  {"cell_type": "code", "source": "1 + 1",
...                   "outputs": [{"output_type": "execute_result", "data": {"text/plain": "2"}}]}]}
>>> md, images = to_markdown(nb, "demo")
>>> print(md)
[Download this notebook](demo.ipynb) (the test suite runs it, and checks its outputs).
<BLANKLINE>
# Title $a_1$
<BLANKLINE>
```python
1 + 1
```
<BLANKLINE>
```text
2
```
<BLANKLINE>
>>> images
{}
"""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path
from typing import Any

#: Seconds one cell may run (a lesson's cells take well under a second or two).
CELL_TIMEOUT = 300


def notebooks(docs_dir: str | Path) -> list[Path]:
    """The lessons, in order: ``<docs_dir>/notebooks/*.ipynb``."""
    return sorted((Path(docs_dir) / "notebooks").glob("*.ipynb"))


def execute(path: str | Path, *, timeout: int = CELL_TIMEOUT) -> Any:
    """Run a notebook top to bottom in a fresh kernel of this interpreter (working directory: its folder); return it.

    The kernel is ipykernel's own ``python3`` spec, ``sys.executable -m
    ipykernel_launcher``: no installed kernelspec is consulted, so a ``python3``
    kernel registered elsewhere (another environment) cannot be picked up.
    Raises nbclient's ``CellExecutionError`` naming the cell when a cell raises
    (an ``assert`` of a lesson included).
    """
    import nbformat
    from jupyter_client.kernelspec import NATIVE_KERNEL_NAME, KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from traitlets import default

    class ThisPython(AsyncKernelManager):  # nbclient creates, owns and shuts down the kernel
        @default("kernel_spec_manager")
        def _kernel_spec_manager_default(self) -> KernelSpecManager:
            return KernelSpecManager(kernel_dirs=[])  # only ipykernel's native spec: sys.executable

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name=NATIVE_KERNEL_NAME, kernel_manager_class=ThisPython,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def strip_outputs(path: str | Path) -> bool:
    """Remove a notebook's outputs, execution counts and timings in place (before committing it); return whether it changed.

    From the shell: ``python docs/mkdocs_notebooks.py --strip [NOTEBOOK ...]`` (default: every lesson).
    """
    import nbformat

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    changed = False
    for cell in nb.cells:
        if cell.metadata.pop("execution", None) is not None:  # nbclient's and Jupyter's timings
            changed = True
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            cell.outputs, cell.execution_count, changed = [], None, True
    if changed:
        nbformat.write(nb, path)
    return changed


def _fence(text: str, lang: str = "text") -> str:
    ticks = "```" if "```" not in text else "~~~~"
    return f"{ticks}{lang}\n{text.rstrip()}\n{ticks}"


def _html_block(html: str) -> str:
    # a raw HTML block ends at a blank line in Markdown: keep it one block
    body = "\n".join(line for line in html.strip().splitlines() if line.strip())
    return f'<div class="nb-output">\n{body}\n</div>'


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else value  # the .ipynb JSON may split text into lines


def _output(out: Any, name: str, images: dict) -> str | None:
    if out["output_type"] == "stream":
        return _fence(_text(out["text"]))
    if out["output_type"] == "error":
        return _fence("\n".join(re.sub(r"\x1b\[[0-9;]*m", "", line) for line in out["traceback"]))
    data = out.get("data", {})
    if "image/png" in data:
        images[name] = base64.b64decode(_text(data["image/png"]))
        return f"![output]({Path(name).parent.name}/{Path(name).name})"
    if "text/latex" in data:
        return _text(data["text/latex"]).strip()
    if "text/html" in data:
        return _html_block(_text(data["text/html"]))
    if "text/plain" in data:
        return _fence(_text(data["text/plain"]))
    return None


def to_markdown(nb: Any, stem: str) -> tuple[str, dict[str, bytes]]:
    """The page of an (executed) notebook (nbformat's node or the plain JSON), and its figures.

    The figures are ``{"<stem>/out-<cell>-<k>.png": bytes}``.
    """
    parts = [f"[Download this notebook]({stem}.ipynb) (the test suite runs it, and checks its outputs)."]
    images: dict[str, bytes] = {}
    for c, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            parts.append(_text(cell["source"]).strip())
        elif cell["cell_type"] == "code":
            parts.append(_fence(_text(cell["source"]), "python"))
            for k, out in enumerate(cell.get("outputs", [])):
                block = _output(out, f"{stem}/out-{c}-{k}.png", images)
                if block:
                    parts.append(block)
    return "\n\n".join(parts) + "\n", images


def on_files(files: Any, config: Any, **kwargs: Any) -> Any:
    """Add ``notebooks/<stem>.md`` (and its figures) for each executed lesson.

    ``EXACTWEDGE_DOCS_NOTEBOOKS=skip`` renders the stored notebooks without running them (no outputs), for a
    quick ``mkdocs serve``.
    """
    import nbformat
    from mkdocs.structure.files import File

    skip = os.environ.get("EXACTWEDGE_DOCS_NOTEBOOKS", "").lower() == "skip"
    for path in notebooks(config["docs_dir"]):
        nb = nbformat.read(path, as_version=4) if skip else execute(path)
        md, images = to_markdown(nb, path.stem)
        files.append(File.generated(config, f"notebooks/{path.stem}.md", content=md))
        for name, data in images.items():
            files.append(File.generated(config, f"notebooks/{name}", content=data))
    return files


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] != ["--strip"]:
        sys.exit("usage: python docs/mkdocs_notebooks.py --strip [NOTEBOOK ...]")
    for target in sys.argv[2:] or notebooks(Path(__file__).resolve().parent):
        print(("stripped " if strip_outputs(target) else "clean    ") + str(target))
