"""The service's edges, on a real uvicorn server and raw sockets: slow, vanishing and nosy clients, and shutdown.

Each test drives the server the way a misbehaving client or an orchestrator does
(no model: the fake summariser, held in flight with a gate where needed).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from api_helpers import FakeSummarizer, assert_problem, small_body
from live import closed_by_server, live_server, read_response
from prometheus_client.parser import text_string_to_metric_families

BODY = json.dumps(small_body(2)).encode()


def post_request(body: bytes = BODY, *, content_length: int | None = None) -> bytes:
    length = len(body) if content_length is None else content_length
    head = (
        f"POST /v1/digest HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    )
    return head.encode() + body


def gauge(url: str, name: str) -> float:
    text = httpx.get(f"{url}/metrics").text
    return next(s.value for f in text_string_to_metric_families(text) for s in f.samples if s.name == name)


def wait_until(condition: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def requests_by_status(url: str) -> dict[str, float]:
    text = httpx.get(f"{url}/metrics").text
    counts: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == "summarizer_http_requests_total" and s.labels["path"] == "/v1/digest":
                counts[s.labels["status"]] = counts.get(s.labels["status"], 0) + s.value
    return counts


class TestSlowClients:
    def test_a_client_that_trickles_its_headers_is_cut_off(self) -> None:
        with live_server(FakeSummarizer(), header_timeout_s=0.5) as live:
            with live.connect(timeout=10) as sock:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\n")  # and the blank line never comes
                assert closed_by_server(sock)
            with live.connect(timeout=10) as idle:  # a connection that sends nothing at all
                assert closed_by_server(idle)
            # A kept-alive connection: the second request's headers get the same deadline.
            with live.connect(timeout=10) as sock:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
                assert sock.recv(65536).startswith(b"HTTP/1.1 200")
                sock.sendall(b"GET /healthz HTTP/1.1\r\n")
                assert closed_by_server(sock)
            assert httpx.get(f"{live.url}/healthz").status_code == 200  # honest clients are served

    def test_a_body_that_trickles_in_gets_408_and_the_connection_closed(self) -> None:
        with live_server(FakeSummarizer(), body_timeout_s=0.5) as live, live.connect(timeout=10) as sock:
            sock.sendall(post_request(BODY[:10], content_length=len(BODY)))  # the rest never comes
            answer = read_response(sock)
            head, _, body = answer.partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 408"), answer[:200]
            assert b"content-type: application/problem+json" in head.lower()
            problem = json.loads(body)
            assert "SUMMARIZER_BODY_TIMEOUT_S" in problem["detail"] and problem["request_id"]


class TestClientsThatLeave:
    def test_a_client_that_hangs_up_mid_upload_is_not_a_server_error(self, caplog: pytest.LogCaptureFixture) -> None:
        with caplog.at_level(logging.INFO), live_server(FakeSummarizer()) as live:
            with live.connect() as sock:
                sock.sendall(post_request(BODY[:20], content_length=len(BODY)))
                time.sleep(0.2)
            wait_until(lambda: requests_by_status(live.url).get("499") == 1)
            assert "500" not in requests_by_status(live.url)
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]

    def test_a_request_abandoned_while_it_waits_is_never_computed(self) -> None:
        gate = threading.Event()
        fake = FakeSummarizer(gate=gate)
        with live_server(fake, max_in_flight=1, max_queue=4) as live, ThreadPoolExecutor(1) as pool:
            running = pool.submit(httpx.post, f"{live.url}/v1/digest", json=small_body(), timeout=30)
            assert fake.entered.acquire(timeout=10)  # one digest in flight, held
            for _ in range(3):  # three clients queue behind it, then give up
                with live.connect() as sock:
                    sock.sendall(post_request())
                    wait_until(lambda: gauge(live.url, "summarizer_digests_queued") >= 1)
            # They leave the queue as soon as they hang up, not when a slot frees.
            wait_until(lambda: gauge(live.url, "summarizer_digests_queued") == 0)
            gate.set()
            assert running.result(timeout=30).status_code == 200
            assert len(fake.calls) == 1  # nothing was computed for the clients that left
            assert requests_by_status(live.url).get("499") == 3


class TestShutdown:
    def test_waiting_requests_get_a_problem_at_once_and_running_ones_finish(self) -> None:
        gate = threading.Event()
        fake = FakeSummarizer(gate=gate)
        with (
            live_server(fake, max_in_flight=1, max_queue=2, shutdown_timeout_s=20) as live,
            ThreadPoolExecutor(2) as pool,
        ):
            running = pool.submit(httpx.post, f"{live.url}/v1/digest", json=small_body(), timeout=30)
            assert fake.entered.acquire(timeout=10)
            waiting = pool.submit(httpx.post, f"{live.url}/v1/digest", json=small_body(), timeout=30)
            wait_until(lambda: gauge(live.url, "summarizer_digests_queued") == 1)
            live.server.should_exit = True  # what SIGTERM does
            shed = waiting.result(timeout=10)  # answered while the running digest is still held
            assert not running.done()
            assert_problem(shed, 503, kind="shutting-down")
            assert shed.headers["retry-after"]
            gate.set()
            assert running.result(timeout=30).status_code == 200  # in flight: finished, not cut off
            live.thread.join(20)
            assert not live.thread.is_alive()
        assert len(fake.calls) == 1


class TestHeadersAndRoutes:
    def test_answers_carry_nosniff_and_no_server_banner(self) -> None:
        with live_server(FakeSummarizer()) as live:
            for response in (
                httpx.get(f"{live.url}/healthz"),
                httpx.post(f"{live.url}/v1/digest", json=small_body()),
                httpx.post(f"{live.url}/v1/digest", content=b"{", headers={"content-type": "application/json"}),
                httpx.get(f"{live.url}/nowhere"),
            ):
                assert response.headers["x-content-type-options"] == "nosniff", response.url
                assert "server" not in response.headers, response.url

    def test_health_endpoints_answer_head(self) -> None:
        with live_server(FakeSummarizer()) as live:
            for path in ("/healthz", "/readyz"):
                response = httpx.head(f"{live.url}{path}")
                assert response.status_code == 200 and response.content == b"", path

    def test_no_answer_redirects_to_a_host_the_caller_named(self) -> None:
        with live_server(FakeSummarizer()) as live:
            paths = [getattr(route, "path", "") for route in live.app.routes] + ["/v1/digest/", "/healthz/", "/docs/"]
            for path in {p for p in paths if p and "{" not in p}:
                for variant in (path, path.rstrip("/") + "/"):
                    response = httpx.get(f"{live.url}{variant}", headers={"host": "evil.example"})
                    assert not 300 <= response.status_code < 400, (variant, response.headers.get("location"))
                    assert "evil.example" not in response.text, variant


def test_made_up_methods_do_not_add_metric_series(client: Any) -> None:
    def series() -> int:
        text = client.get("/metrics").text
        return sum(len(f.samples) for f in text_string_to_metric_families(text) if f.name.startswith("summarizer_http"))

    client.request("BREW", "/v1/digest")  # one of each kind first: their "other" series now exist
    client.request("BREW", "/no/such/path")
    client.get("/metrics")  # and the scrape's own
    before = series()
    for i in range(50):
        client.request(f"PROPFIND{i}", "/v1/digest")
        client.request(f"X{i}", f"/no/such/{i}")
    assert series() == before  # the 50 methods and paths landed in the existing "other" series
    assert 'method="other"' in client.get("/metrics").text


def test_docs_load_with_no_network(client: Any) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assets = [part.split('"')[0] for part in page.text.split('src="')[1:] + page.text.split('href="')[1:]]
    assert assets and not [a for a in assets if a.startswith(("http://", "https://", "//"))], assets
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200 and len(response.content) > 1_000, asset
    redoc = client.get("/redoc")
    assert redoc.status_code == 200 and "cdn." not in redoc.text
