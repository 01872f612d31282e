"""``python -m api``: serve the digest API with uvicorn, configured from ``SUMMARIZER_*``.

Exit status: 0 after a clean shutdown; 2 for settings that cannot work (each
mistake one line on stderr that says what to change: a bad value, an unknown
``SUMMARIZER_*`` name, knobs that do not go together); 3 when the model cannot
be loaded (one line saying why, and the server stops instead of answering 503
for ever).
"""

from __future__ import annotations

import os
import sys

from pydantic import ValidationError

EXIT_OK, EXIT_BAD_SETTINGS, EXIT_MODEL_UNAVAILABLE = 0, 2, 3
PREFIX = "summarizer api"


def main() -> int:
    """Start the server; returns the exit status."""
    from api.logs import configure_logging
    from api.settings import Settings, env_name, unknown_variables
    from summarizer.errors import ConfigurationError

    problems = unknown_variables(os.environ)
    try:
        settings = Settings()
    except ValidationError as exc:
        for error in exc.errors(include_url=False, include_input=False):
            where = f"bad setting {env_name(str(error['loc'][0]))}" if error["loc"] else "bad settings"
            problems.append(f"{where}: {error['msg'].removeprefix('Value error, ')}")
    if problems:
        for line in problems:
            print(f"{PREFIX}: {line}", file=sys.stderr)
        return EXIT_BAD_SETTINGS
    configure_logging(settings.log_level)

    from api.main import create_app
    from api.server import build_server

    try:
        app = create_app(settings)
    except ConfigurationError as exc:  # settings that are each fine but do not go together
        print(f"{PREFIX}: bad settings: {exc}", file=sys.stderr)
        return EXIT_BAD_SETTINGS
    build_server(app, settings).run()
    error = app.state.loader.error
    if error is not None:
        print(f"{PREFIX}: the model could not be loaded: {' '.join(error.split())}", file=sys.stderr)
        return EXIT_MODEL_UNAVAILABLE
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
