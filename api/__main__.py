"""``python -m api``: serve the digest API with uvicorn, configured from ``SUMMARIZER_*``."""

from __future__ import annotations

import sys

from pydantic import ValidationError


def main() -> int:
    """Start the server; returns the exit status (2 for bad settings)."""
    from api.logs import configure_logging
    from api.settings import Settings, env_name

    try:
        settings = Settings()
    except ValidationError as exc:
        for error in exc.errors(include_url=False, include_input=False):
            where = f"bad setting {env_name(str(error['loc'][0]))}" if error["loc"] else "bad settings"
            print(f"summarizer api: {where}: {error['msg'].removeprefix('Value error, ')}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)

    import uvicorn

    from api.main import create_app

    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,  # configure_logging already sends uvicorn's records out as JSON
        access_log=False,  # one line per request comes from the app, with its request id
        timeout_graceful_shutdown=settings.shutdown_timeout_s,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
