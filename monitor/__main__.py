"""``python -m monitor`` runs the figwatch command."""

from monitor.cli import main

main()
