"""``python -m figwatch`` runs the figwatch command."""

from figwatch.cli import main

main()
