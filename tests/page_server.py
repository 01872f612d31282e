"""A loopback HTTP server that tests start themselves, serving the pages they give it."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    send_length: bool = True  # False: no Content-Length, the body ends when the connection closes
    delay_s: float = 0.0  # before the status line (a server too slow to answer)
    drip_s: float = 0.0  # between body bytes (a server that answers forever)


class PageServer:
    """Serves ``routes`` on 127.0.0.1 (or ``host``) at a free port; ``hits`` lists the paths asked for."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the http.server API)
                server.hits.append(self.path)
                route = server.routes.get(self.path, Route(b"not found", 404, {"Content-Type": "text/plain"}))
                time.sleep(route.delay_s)
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.send_length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    if route.drip_s:
                        for i in range(len(route.body)):
                            self.wfile.write(route.body[i : i + 1])
                            self.wfile.flush()
                            time.sleep(route.drip_s)
                    else:
                        self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should on a page too large or too slow

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer((host, 0), Handler)
        self._httpd.daemon_threads = True
        self.host = host
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def add(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
        send_length: bool = True,
        delay_s: float = 0.0,
        drip_s: float = 0.0,
    ) -> str:
        """Serve ``body`` at ``path``; returns the page's URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        sent = dict(headers or {})
        if content_type:
            sent.setdefault("Content-Type", content_type)
        self.routes[path] = Route(data, status, sent, send_length, delay_s, drip_s)
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.routes[path] = Route(b"", status, {"Location": location})
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def __enter__(self) -> PageServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object | TracebackType) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
