"""``python -m exactwedge`` runs the command line."""

from .cli import main

raise SystemExit(main())
