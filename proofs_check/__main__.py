"""``python -m proofs_check`` (see :mod:`proofs_check._cli`)."""

from ._cli import main

raise SystemExit(main())
