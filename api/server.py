"""uvicorn, set up for a public service: slow clients cut off, no banner, a shutdown the app hears of.

- Request headers must arrive within ``SUMMARIZER_HEADER_TIMEOUT_S`` of the
  connection opening, or of the first byte of the next request on a kept-alive
  connection; a client that trickles them (slowloris) is disconnected. uvicorn
  itself only times out idle kept-alive connections. (The body's own limit is
  in ``middleware``.)
- No ``server`` header: nothing tells a scanner what runs here.
- When shutdown begins (SIGTERM), admission drains at once: digests still
  waiting for a slot are answered with a 503 problem instead of being held until
  the grace period ends, while those in flight finish within their time budget,
  which settings keep below the grace period.
- A model that cannot load stops the server (see ``runtime.ModelLoader``).
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Callable

import h11
import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.h11_impl import H11Protocol

from api.settings import DEFAULT_HEADER_TIMEOUT_S, Settings

log = logging.getLogger("api.server")


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline on each request's headers."""

    header_timeout_s = DEFAULT_HEADER_TIMEOUT_S

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._header_timer: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._header_timer is None and self.conn.their_state is h11.IDLE:
            self._arm()  # the first bytes of the next request on a kept-alive connection
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm()  # the headers are in

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout_s, self._headers_too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            log.info(
                "closed a connection that sent no complete request headers within %g s",
                self.header_timeout_s,
                extra={"client": self.client[0] if self.client else None},
            )
            self.transport.close()


class Server(uvicorn.Server):
    """uvicorn's server, which also tells the app when shutdown begins."""

    def __init__(self, config: uvicorn.Config, *, on_shutdown: Callable[[], None] | None = None) -> None:
        super().__init__(config)
        self._on_shutdown = on_shutdown

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        if self._on_shutdown is not None:
            self._on_shutdown()
        await super().shutdown(sockets=sockets)


def build_server(app: FastAPI, settings: Settings) -> Server:
    """The server ``python -m api`` runs: ``settings``' address, guards and grace period."""
    protocol = type("HeaderTimeoutProtocol", (HeaderTimeoutProtocol,), {"header_timeout_s": settings.header_timeout_s})
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        http=protocol,
        log_config=None,  # configure_logging already sends uvicorn's records out as JSON
        access_log=False,  # one line per request comes from the app, with its request id
        server_header=False,
        timeout_graceful_shutdown=settings.shutdown_timeout_s,
    )
    server = Server(config, on_shutdown=app.state.admission.drain)
    # A model that cannot load is final: stop serving (``python -m api`` then exits 3).
    app.state.loader.on_failure = lambda: setattr(server, "should_exit", True)
    return server
