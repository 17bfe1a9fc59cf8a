"""``python -m checker`` runs the ``verify`` command."""

from .cli import main

main(prog_name="verify")
