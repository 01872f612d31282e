"""``python -m summarizer`` runs the CLI."""

import sys

from summarizer.cli import main

sys.exit(main())
