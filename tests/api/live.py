"""The service on a real uvicorn server (the one ``python -m api`` builds), in a thread, on loopback.

For behaviour that only a real server and real sockets show: slow clients, hang-ups,
shutdown, headers. The summariser is whatever the test passes (usually the fake).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI

from api import Settings, create_app
from api.runtime import SummarizerLike
from api.server import Server, build_server
from api.testing import LOOPBACK, free_port

START_TIMEOUT_S = 20.0


@dataclass
class Live:
    app: FastAPI
    server: Server
    thread: threading.Thread
    port: int

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def connect(self, timeout: float = 10.0) -> socket.socket:
        """A raw TCP connection to the server, for clients that misbehave."""
        return socket.create_connection((LOOPBACK, self.port), timeout=timeout)

    def stop(self, timeout: float = 20.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)


@contextmanager
def live_server(summarizer: SummarizerLike, **settings: Any) -> Iterator[Live]:
    """``create_app`` over ``summarizer`` served by ``build_server``; stopped on exit."""
    port = free_port()
    config = Settings(host=LOOPBACK, port=port, **settings)
    app = create_app(config, summarizer)
    server = build_server(app, config)
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    assert app.state.loader.wait(timeout=START_TIMEOUT_S), "the model never became ready"
    live = Live(app, server, thread, port)
    try:
        yield live
    finally:
        live.stop()


def read_response(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (or the socket times out)."""
    chunks = []
    try:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    except TimeoutError:
        pass
    return b"".join(chunks)


def closed_by_server(sock: socket.socket) -> bool:
    """True when the server closes the connection before the socket's timeout."""
    try:
        while sock.recv(65536):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True
    return True
