"""``python -m summarizer`` runs the CLI."""

from summarizer.cli import run

run()
