"""Run the real service (``python -m api``) in a child process on a loopback port.

For the end-to-end test and the load benchmark: starts the server, waits for
``/readyz``, hands back its address, and always stops it (SIGTERM, then kill).
Standard library only, so it adds no dependency to the service.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from api.settings import ENV_PREFIX

LOOPBACK = "127.0.0.1"
# A fresh process imports sentence-transformers and loads the model: ~5-10 s here, more on a cold disk.
DEFAULT_READY_TIMEOUT_S = 180.0
DEFAULT_STOP_TIMEOUT_S = 30.0


@dataclass
class ServerProcess:
    """A running server: its address, process and log file."""

    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    returncode: int | None = field(default=None)

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(
    *,
    settings: Mapping[str, str] | None = None,
    port: int | None = None,
    ready_timeout_s: float = DEFAULT_READY_TIMEOUT_S,
    stop_timeout_s: float = DEFAULT_STOP_TIMEOUT_S,
    log_path: Path | None = None,
    cwd: Path | None = None,
) -> Iterator[ServerProcess]:
    """Start ``python -m api`` on 127.0.0.1, wait until ready, yield it, then stop it.

    ``settings`` are field names without the prefix (``{"max_queue": "4"}``);
    ``SUMMARIZER_*`` variables of the calling shell are not passed on.
    """
    port = port or free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIX)}
    env.update({f"{ENV_PREFIX}{k.upper()}": str(v) for k, v in (settings or {}).items()})
    env.update({f"{ENV_PREFIX}HOST": LOOPBACK, f"{ENV_PREFIX}PORT": str(port), "HF_HUB_OFFLINE": "1"})
    if log_path is None:
        handle, name = tempfile.mkstemp(prefix="summarizer-api-", suffix=".log")
        os.close(handle)
        log_path = Path(name)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "api"], cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    server = ServerProcess(base_url=f"http://{LOOPBACK}:{port}", process=process, log_path=log_path)
    try:
        _wait_ready(server, ready_timeout_s)
        yield server
    finally:
        server.returncode = _stop(process, stop_timeout_s)


def _wait_ready(server: ServerProcess, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited with {server.process.returncode}:\n{server.log_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{server.base_url}/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass  # not listening yet, or 503 while the model loads
        time.sleep(0.2)
    raise TimeoutError(f"the server was not ready within {timeout_s:g} s:\n{server.log_text()[-3000:]}")


def _stop(process: subprocess.Popen[bytes], timeout_s: float) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # uvicorn finishes in-flight requests, then exits
        try:
            return process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.wait()
