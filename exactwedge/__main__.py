"""``python -m exactwedge`` runs the command line."""

from .cli.main import console

console()
