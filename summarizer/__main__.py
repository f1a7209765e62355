"""``python -m summarizer`` runs the CLI."""

from .cli import run

run()
