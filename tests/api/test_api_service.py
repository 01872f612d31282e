"""Service behaviour around the digest: readiness, load shedding, library errors, crashes, API keys."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from api_helpers import FakeSummarizer, assert_problem, small_body
from fastapi.testclient import TestClient

from summarizer.errors import InputError, ModelUnavailableError, NoArticlesError, NoContentError


def wait_for(condition: Any, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def metric(client: TestClient, name: str) -> float:
    for line in client.get("/metrics").text.splitlines():
        if line.startswith(f"{name} "):
            return float(line.split()[1])
    raise AssertionError(f"{name} not exported")


def test_health_is_open_and_readiness_names_the_model(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready", "model": "fake-model", "device": "cpu"}


def test_while_the_model_loads_health_is_up_and_the_rest_is_503(make_client: Any) -> None:
    load_gate = threading.Event()
    fake = FakeSummarizer(load_gate=load_gate)
    client = make_client(fake, wait_ready=False, retry_after_s=7)
    assert client.get("/healthz").status_code == 200
    response = client.get("/readyz")
    assert_problem(response, 503, kind="not-ready", mentions="loading")
    assert response.headers["retry-after"] == "7"
    response = client.post("/v1/digest", json=small_body())
    assert_problem(response, 503, kind="not-ready")
    assert response.headers["retry-after"] == "7"
    assert not fake.calls
    load_gate.set()
    wait_for(lambda: client.get("/readyz").status_code == 200)
    assert client.post("/v1/digest", json=small_body()).status_code == 200


def test_a_model_that_cannot_load_fails_health_and_keeps_its_paths_to_the_log(
    make_client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    secret_path = "/opt/venv/lib/python3.11/site-packages/no_model_here"
    fake = FakeSummarizer(load_error=ModelUnavailableError(f"no model at {secret_path}; set SUMMARIZER_MODEL"))
    with caplog.at_level(logging.ERROR, logger="api.model"):
        client = make_client(fake, wait_ready=False)
        wait_for(lambda: client.app.state.loader.error is not None)
    # Health turns 503 (a health check restarts or reports the container); nothing shows the path.
    for response in (client.get("/healthz"), client.get("/readyz"), client.post("/v1/digest", json=small_body())):
        assert_problem(response, 503, mentions="SUMMARIZER_MODEL")
        assert secret_path not in response.text
    assert any(secret_path in r.getMessage() for r in caplog.records)  # the operator's log has it


def test_a_model_that_cannot_load_tells_the_server_to_stop(make_client: Any) -> None:
    stopped = threading.Event()
    fake = FakeSummarizer(load_error=ModelUnavailableError("no such model"), load_gate=threading.Event())
    client = make_client(fake, wait_ready=False)
    client.app.state.loader.on_failure = stopped.set  # python -m api stops uvicorn here and exits 3
    assert fake.load_gate is not None
    fake.load_gate.set()
    assert stopped.wait(5)


def test_a_model_named_by_its_folder_is_shown_by_the_folder_name_only(make_client: Any, tmp_path: Any) -> None:
    class FolderModel(FakeSummarizer):
        @property
        def model_name(self) -> str:
            return str(tmp_path / "models" / "house-minilm")

    (tmp_path / "models" / "house-minilm").mkdir(parents=True)
    client = make_client(FolderModel())
    assert client.get("/readyz").json()["model"] == "house-minilm"
    digest = client.post("/v1/digest", json=small_body())
    assert digest.json()["meta"]["model"] == "house-minilm"
    assert str(tmp_path) not in digest.text


def test_the_model_is_loaded_once_at_start_not_per_request(make_client: Any) -> None:
    loads = []

    class CountingFake(FakeSummarizer):
        def load(self) -> None:
            loads.append(1)
            super().load()

    client = make_client(CountingFake())
    for _ in range(3):
        assert client.post("/v1/digest", json=small_body()).status_code == 200
    assert loads == [1]


@pytest.mark.parametrize(
    ("error", "status", "kind"),
    [
        (NoContentError("the articles hold only boilerplate; send the article bodies"), 422, "no-content"),
        (NoArticlesError("no usable article was given; send at least one"), 422, "no-articles"),
        (InputError("article 'a' cannot be read; send plain text"), 422, "unusable-input"),
        (ModelUnavailableError("the model went away; restart the service"), 503, "model-unavailable"),
    ],
)
def test_library_errors_map_to_their_status(make_client: Any, error: Exception, status: int, kind: str) -> None:
    client = make_client(FakeSummarizer(raises=error))
    response = client.post("/v1/digest", json=small_body())
    if isinstance(error, ModelUnavailableError):  # its message is for the operator (paths): not sent
        assert str(error) not in assert_problem(response, status, kind=kind)["detail"]
    else:
        assert_problem(response, status, kind=kind, mentions=str(error))
    assert ("retry-after" in response.headers) == (status == 503)


def test_an_unexpected_error_is_a_500_problem_whose_request_id_is_logged(
    make_client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(FakeSummarizer(raises=RuntimeError("secret internal state")))
    with caplog.at_level(logging.INFO):
        response = client.post("/v1/digest", json=small_body())
    problem = assert_problem(response, 500, kind="internal-error")
    request_id = problem["request_id"]
    assert request_id in problem["detail"]
    assert "secret internal state" not in response.text
    errors = [r for r in caplog.records if r.name == "api.error" and getattr(r, "request_id", None) == request_id]
    assert errors and errors[0].exc_info is not None
    assert "secret internal state" in str(errors[0].exc_info[1])
    access = [r for r in caplog.records if r.name == "api.access" and getattr(r, "request_id", None) == request_id]
    assert [r.status for r in access] == [500]  # type: ignore[attr-defined]
    # The service keeps serving afterwards.
    assert client.get("/healthz").status_code == 200


class TestLoadShedding:
    def test_past_the_bound_and_the_queue_requests_get_503_with_retry_after(self, make_client: Any) -> None:
        gate = threading.Event()
        fake = FakeSummarizer(gate=gate)
        client = make_client(fake, max_in_flight=1, max_queue=1, retry_after_s=3)
        with ThreadPoolExecutor(max_workers=2) as pool:
            running = pool.submit(client.post, "/v1/digest", json=small_body())
            assert fake.entered.acquire(timeout=5)  # the first digest is in flight and blocked
            queued = pool.submit(client.post, "/v1/digest", json=small_body())
            wait_for(lambda: metric(client, "summarizer_digests_queued") == 1)
            assert metric(client, "summarizer_digests_in_flight") == 1

            began = time.monotonic()
            shed = client.post("/v1/digest", json=small_body())
            assert time.monotonic() - began < 2  # refused at once, not after waiting
            assert_problem(shed, 503, kind="overloaded", mentions="capacity")
            assert shed.headers["retry-after"] == "3"

            gate.set()
            assert running.result(timeout=10).status_code == 200
            assert queued.result(timeout=10).status_code == 200
        # Recovered: slots are free again.
        assert client.post("/v1/digest", json=small_body()).status_code == 200
        assert metric(client, "summarizer_digests_in_flight") == 0
        assert metric(client, "summarizer_digests_queued") == 0
        assert len(fake.calls) == 3

    def test_a_request_that_waits_too_long_in_the_queue_gets_503(self, make_client: Any) -> None:
        gate = threading.Event()
        fake = FakeSummarizer(gate=gate)
        client = make_client(fake, max_in_flight=1, max_queue=4, queue_timeout_s=0.2)
        with ThreadPoolExecutor(max_workers=1) as pool:
            running = pool.submit(client.post, "/v1/digest", json=small_body())
            assert fake.entered.acquire(timeout=5)
            assert_problem(client.post("/v1/digest", json=small_body()), 503, kind="overloaded", mentions="0.2 s")
            gate.set()
            assert running.result(timeout=10).status_code == 200

    def test_health_answers_while_digests_are_in_flight(self, make_client: Any) -> None:
        gate = threading.Event()
        fake = FakeSummarizer(gate=gate)
        client = make_client(fake, max_in_flight=1, max_queue=0)
        with ThreadPoolExecutor(max_workers=1) as pool:
            running = pool.submit(client.post, "/v1/digest", json=small_body())
            assert fake.entered.acquire(timeout=5)
            assert client.get("/healthz").status_code == 200
            assert client.get("/readyz").status_code == 200
            gate.set()
            assert running.result(timeout=10).status_code == 200


class TestApiKeys:
    @pytest.fixture
    def keyed(self, make_client: Any) -> TestClient:
        return make_client(api_keys="first-key, second-key")

    @pytest.mark.parametrize("headers", [{}, {"x-api-key": "wrong"}, {"authorization": "Bearer wrong"},
                                         {"authorization": "Basic Zmlyc3Qta2V5Og=="}, {"x-api-key": ""}])  # fmt: skip
    def test_a_request_without_a_valid_key_is_401(self, keyed: TestClient, headers: dict[str, str]) -> None:
        response = keyed.post("/v1/digest", json=small_body(), headers=headers)
        assert_problem(response, 401, kind="unauthorized")
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert_problem(keyed.get("/metrics", headers=headers), 401)

    def test_the_key_is_checked_before_the_body(self, keyed: TestClient) -> None:
        response = keyed.post("/v1/digest", content=b"{not json", headers={"content-type": "application/json"})
        assert_problem(response, 401)

    @pytest.mark.parametrize("headers", [{"x-api-key": "first-key"}, {"x-api-key": "second-key"},
                                         {"authorization": "Bearer second-key"}])  # fmt: skip
    def test_a_valid_key_is_served(self, keyed: TestClient, headers: dict[str, str]) -> None:
        assert keyed.post("/v1/digest", json=small_body(), headers=headers).status_code == 200
        assert keyed.get("/metrics", headers=headers).status_code == 200

    def test_health_and_docs_stay_open(self, keyed: TestClient) -> None:
        for path in ("/healthz", "/readyz", "/docs", "/openapi.json"):
            assert keyed.get(path).status_code == 200, path

    def test_without_configured_keys_no_key_is_needed(self, client: TestClient) -> None:
        assert client.post("/v1/digest", json=small_body()).status_code == 200
