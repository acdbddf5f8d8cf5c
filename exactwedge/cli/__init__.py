"""The ``exactwedge`` command line and its renderers, the top of the pipeline.

One module per sub-command (:mod:`~exactwedge.cli.fit`,
:mod:`~exactwedge.cli.path`, :mod:`~exactwedge.cli.demo`), each with
``register(subparsers)`` and ``run(args)``; :mod:`~exactwedge.cli.report`
prints a fit as rich tables and :mod:`~exactwedge.cli.showcase` the demo's
geometric-algebra tour. Every :class:`~exactwedge.exceptions.ExactWedgeError`
becomes one line on stderr and exit status 2.

>>> main(["fit", "no-such-file.csv", "--beta", "1"])
2
"""

from .main import build_parser, main

__all__ = ["main", "build_parser"]
