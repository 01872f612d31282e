"""Load benchmark of the HTTP service: throughput, latency, load shedding, bounded work, memory.

Starts the real server (``python -m api``, default settings) as a child process
on 127.0.0.1, waits for ``/readyz``, then drives it from this process over
loopback with httpx client threads:

1. cached: the five seed articles re-posted at 1, 4 and 16 concurrent clients
   (after the first request their sentences come from the embedding cache);
2. first sight: distinct Multi-News dev clusters, each posted once, at 1, 4 and
   16 clients: throughput and p50/p95/p99 when every sentence is new;
3. megabyte: ten one-sentence articles of 99,999 characters (inside every
   limit, ~1 MB) posted again and again while another client sends normal
   requests: how the megabyte is answered and what the normal traffic sees;
4. abandoned: 20 clients that hang up after 0.2 s, then one normal request:
   how long the service stays busy for clients that left;
5. overload: many more clients than slots + queue, to show 503 + Retry-After
   shedding, then recovery (the queue drains, single requests succeed again);
6. soak: a few thousand bad requests (malformed, mistyped, too large ...)
   with small real digests running beside them, sampling the server's
   resident memory to show it stays flat;
7. concurrency: servers with 1, 2 and 4 digests in flight get the same article
   sets (first sight), the last two all at once: every concurrent digest must
   equal the lone server's.

Prints a table and writes ``benchmarks/results/load.{json,md}``. Not a test:
speed is measured here, never asserted. Run from the repo root::

    python -m benchmarks.load [--requests 30] [--seconds 25] [--levels 1,4,16] [--soak-requests 3000]
                              [--first-sight-requests 24] [--skip megabyte,soak,...] [--data PATH]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil

if __package__ in (None, ""):  # run as a file: make the repo's ``api`` and ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.settings import DEFAULT_MAX_ARTICLE_CHARS, DEFAULT_MAX_ARTICLES, DEFAULT_MAX_BODY_BYTES
from api.testing import ServerProcess, serve
from benchmarks.common import (
    DEFAULT_DATA,
    REPO_ROOT,
    RESULTS_DIR,
    SEEDS_DIR,
    load_clusters,
    machine_info,
    machine_line,
    markdown_table,
    write_results,
)

PHASES = ("cached", "first-sight", "megabyte", "abandoned", "overload", "soak", "concurrency")

DEFAULT_LEVELS = (1, 4, 16)
DEFAULT_REQUESTS = 30  # per level
DEFAULT_SECONDS = 25.0  # per level: no new request after this
DEFAULT_OVERLOAD_CLIENTS = 48
DEFAULT_OVERLOAD_SECONDS = 10.0
DEFAULT_SOAK_REQUESTS = 3_000  # bad requests; small digests run beside them for the same time
DEFAULT_SOAK_SECONDS = 75.0
DEFAULT_SOAK_CLIENTS = 6
DEFAULT_CLIENT_TIMEOUT_S = 180.0
RSS_SAMPLE_EVERY_S = 0.5
# A shed client waits this long before trying again (it would honour Retry-After in real life).
SHED_BACKOFF_S = 0.05
DEFAULT_FIRST_SIGHT_REQUESTS = 24  # per level, each a cluster the server has not seen
DEFAULT_FIRST_SIGHT_SECONDS = 90.0
MEGABYTE_ARTICLES = 10
MEGABYTE_SENTENCE_CHARS = 99_999
DEFAULT_MEGABYTE_REQUESTS = 3
DEFAULT_ABANDONING_CLIENTS = 20
DEFAULT_HANG_UP_AFTER_S = 0.2
DEFAULT_CONCURRENCY_LEVELS = (2, 4)
DEFAULT_CONCURRENCY_SETS = 8
# The correctness servers get room enough that no digest is refused while they are compared.
CORRECTNESS_SETTINGS = {"max_queue": "16", "time_budget_s": "25", "queue_timeout_s": "120"}
_VOCABULARY = [
    "the",
    "council",
    "approved",
    "troops",
    "budget",
    "vote",
    "river",
    "flood",
    "mayor",
    "said",
    "on",
    "monday",
    "after",
    "a",
    "long",
    "debate",
    "seven",
    "two",
    "city",
    "library",
    "funding",
    "critics",
    "new",
    "report",
    "officials",
    "army",
    "north",
    "south",
    "rain",
    "families",
    "homes",
]

Send = Callable[[httpx.Client, int], httpx.Response]


@dataclass(frozen=True, slots=True)
class Sample:
    kind: str
    status: int  # 0 = no answer (timeout, connection error)
    seconds: float
    began: float


class RssSampler:
    """Samples the server's resident memory in the background."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def now(self) -> int:
        return int(self.process.memory_info().rss)

    def _run(self) -> None:
        start = time.monotonic()
        while not self._stop.is_set():
            try:
                self.samples.append((round(time.monotonic() - start, 2), self.now()))
            except psutil.Error:
                return
            self._stop.wait(RSS_SAMPLE_EVERY_S)


def seed_body(limit: int | None = None) -> dict[str, Any]:
    paths = sorted(SEEDS_DIR.glob("*.txt"))[:limit]
    return {"articles": [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in paths]}


# Two short articles: a real digest through the model, cheap enough to repeat in the soak.
SMALL_BODY = {
    "articles": [
        {"id": "a", "text": "The city council approved the new budget on Monday after a long debate. "
                            "The vote was seven to two, and the mayor said she would sign it."},
        {"id": "b", "text": "On Monday the city council passed the budget by seven votes to two. "
                            "Critics said it cut library funding by a tenth."},
    ]
}  # fmt: skip


def drive(base_url: str, send: Send, *, clients: int, max_requests: int, max_seconds: float) -> list[Sample]:
    """``clients`` threads send until ``max_requests`` were started or ``max_seconds`` passed."""
    lock = threading.Lock()
    started = 0
    deadline = time.monotonic() + max_seconds
    samples: list[Sample] = []

    def client_loop() -> None:
        nonlocal started
        with httpx.Client(base_url=base_url, timeout=DEFAULT_CLIENT_TIMEOUT_S) as client:
            while True:
                with lock:
                    if started >= max_requests or time.monotonic() >= deadline:
                        return
                    index = started
                    started += 1
                began = time.monotonic()
                try:
                    status = send(client, index).status_code
                except httpx.HTTPError:
                    status = 0
                sample = Sample(kind=_kind(send, index), status=status, seconds=time.monotonic() - began, began=began)
                with lock:
                    samples.append(sample)
                if status == 503:
                    time.sleep(SHED_BACKOFF_S)

    with ThreadPoolExecutor(max_workers=clients) as pool:
        for future in [pool.submit(client_loop) for _ in range(clients)]:
            future.result()
    return samples


def _kind(send: Send, index: int) -> str:
    kinds = getattr(send, "kinds", None)
    return kinds[index % len(kinds)] if kinds else "digest"


def post_json(body: dict[str, Any]) -> Send:
    payload = json.dumps(body).encode()

    def send(client: httpx.Client, _: int) -> httpx.Response:
        return client.post("/v1/digest", content=payload, headers={"content-type": "application/json"})

    return send


def post_each(bodies: Sequence[dict[str, Any]]) -> Send:
    """Request i posts ``bodies[i]`` (wrapping round if there are fewer bodies than requests)."""
    payloads = [json.dumps(body).encode() for body in bodies]

    def send(client: httpx.Client, index: int) -> httpx.Response:
        return client.post(
            "/v1/digest", content=payloads[index % len(payloads)], headers={"content-type": "application/json"}
        )

    return send


def first_sight_bodies(path: Path) -> list[dict[str, Any]]:
    """One digest request per Multi-News dev cluster that fits the service's default limits."""
    bodies = []
    for cluster in load_clusters(path):
        articles = [
            {"id": f"{cluster.id}-{i}", "text": text} for i, text in enumerate(cluster.documents) if text.strip()
        ]
        body = {"articles": articles}
        fits = 2 <= len(articles) <= DEFAULT_MAX_ARTICLES and all(
            len(a["text"]) <= DEFAULT_MAX_ARTICLE_CHARS for a in articles
        )
        if fits and len(json.dumps(body).encode()) <= DEFAULT_MAX_BODY_BYTES:
            bodies.append(body)
    return bodies


def megabyte_body(seed: int = 0) -> dict[str, Any]:
    """Ten articles, each one sentence of 99,999 characters of made-up words (inside every limit)."""
    rng = random.Random(seed)
    articles = []
    for index in range(MEGABYTE_ARTICLES):
        words: list[str] = []
        length = 0
        while length < MEGABYTE_SENTENCE_CHARS:
            words.append(rng.choice(_VOCABULARY))
            length += len(words[-1]) + 1
        articles.append({"id": f"run-on-{index}", "text": " ".join(words)[: MEGABYTE_SENTENCE_CHARS - 1] + "."})
    return {"articles": articles}


def digest_counts(base_url: str) -> dict[str, float]:
    """Answers of ``POST /v1/digest`` so far, by status, from the server's metrics."""
    text = httpx.get(f"{base_url}/metrics", timeout=10).text
    counts: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith("summarizer_http_requests_total{") and 'path="/v1/digest"' in line:
            status = line.split('status="', 1)[1].split('"', 1)[0]
            counts[status] = counts.get(status, 0.0) + float(line.rsplit(" ", 1)[1])
    return counts


def bad_requests() -> Send:
    """The bad requests a public service meets every day, in turn, and a health probe."""
    too_large = b"x" * (DEFAULT_MAX_BODY_BYTES + 1)
    json_type = {"content-type": "application/json"}
    requests: list[tuple[str, Callable[[httpx.Client], httpx.Response]]] = [
        ("malformed JSON", lambda c: c.post("/v1/digest", content=b'{"articles": [', headers=json_type)),
        ("wrong types", lambda c: c.post("/v1/digest", json={"articles": [{"id": 1, "text": ["x"]}]})),
        ("duplicate ids", lambda c: c.post("/v1/digest", json={"articles": [{"id": "a", "text": "x"}] * 2})),
        ("body too large", lambda c: c.post("/v1/digest", content=too_large, headers=json_type)),
        ("health", lambda c: c.get("/healthz")),
    ]

    def send(client: httpx.Client, index: int) -> httpx.Response:
        return requests[index % len(requests)][1](client)

    send.kinds = [name for name, _ in requests]  # type: ignore[attr-defined]
    return send


def soak(base_url: str, args: argparse.Namespace) -> list[Sample]:
    """Small real digests from two clients (one runs, one waits) beside a stream of bad requests."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        digests = pool.submit(
            drive,
            base_url,
            post_json(SMALL_BODY),
            clients=2,
            max_requests=args.soak_requests,
            max_seconds=args.soak_seconds,
        )
        others = pool.submit(
            drive,
            base_url,
            bad_requests(),
            clients=args.soak_clients,
            max_requests=args.soak_requests,
            max_seconds=args.soak_seconds,
        )
        return [Sample("small digest", s.status, s.seconds, s.began) for s in digests.result()] + others.result()


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (``q`` in 0..100), or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))  # the smallest rank covering q%
    return ordered[rank - 1]


def summarise(name: str, clients: int, samples: list[Sample], rss: tuple[int, int]) -> dict[str, Any]:
    ok = [s.seconds for s in samples if s.status == 200]
    span = max(s.began + s.seconds for s in samples) - min(s.began for s in samples) if samples else 0.0
    shed = [s.seconds for s in samples if s.status == 503]
    return {
        "phase": name,
        "clients": clients,
        "requests": len(samples),
        "ok": len(ok),
        "statuses": dict(sorted(Counter(str(s.status) for s in samples).items())),
        "wall_s": round(span, 2),
        "ok_per_s": round(len(ok) / span, 3) if span else None,
        "requests_per_s": round(len(samples) / span, 3) if span else None,
        "ok_latency_ms": {f"p{q}": _ms(percentile(ok, q)) for q in (50, 95, 99)},
        "all_latency_ms": {f"p{q}": _ms(percentile([s.seconds for s in samples], q)) for q in (50, 99)},
        "shed_latency_ms": {f"p{q}": _ms(percentile(shed, q)) for q in (50, 99)},
        "rss_mb": {"start": _mb(rss[0]), "end": _mb(rss[1])},
    }


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def _mb(rss: int) -> float:
    return round(rss / 2**20, 1)


def wait_drained(server: ServerProcess, timeout_s: float = 120.0) -> float:
    """Seconds until no digest runs or waits (read from /metrics)."""
    began = time.monotonic()
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        while time.monotonic() - began < timeout_s:
            text = client.get("/metrics").text
            values = {
                line.split()[0]: float(line.split()[1])
                for line in text.splitlines()
                if line.startswith("summarizer_digests_")
            }
            if values.get("summarizer_digests_in_flight") == 0 and values.get("summarizer_digests_queued") == 0:
                return time.monotonic() - began
            time.sleep(0.25)
    raise TimeoutError("the server did not drain")


def megabyte_beside_traffic(base_url: str, args: argparse.Namespace, normal: Send) -> dict[str, Any]:
    """The megabyte posted ``args.megabyte_requests`` times in a row while one client sends normal requests."""
    done = threading.Event()
    big = post_json(megabyte_body())
    big_samples: list[Sample] = []

    def megabytes() -> None:
        with httpx.Client(base_url=base_url, timeout=DEFAULT_CLIENT_TIMEOUT_S) as client:
            for _ in range(args.megabyte_requests):
                began = time.monotonic()
                try:
                    response = big(client, 0)
                    status, detail = response.status_code, response.json().get("detail") if response.content else None
                except httpx.HTTPError as exc:
                    status, detail = 0, str(exc)
                big_samples.append(Sample("megabyte", status, time.monotonic() - began, began))
                last_detail[0] = detail
        done.set()

    last_detail: list[str | None] = [None]
    normal_samples: list[Sample] = []
    thread = threading.Thread(target=megabytes)
    thread.start()
    with httpx.Client(base_url=base_url, timeout=DEFAULT_CLIENT_TIMEOUT_S) as client:
        index = 0
        while not done.is_set():
            began = time.monotonic()
            try:
                status = normal(client, index).status_code
            except httpx.HTTPError:
                status = 0
            normal_samples.append(Sample("normal", status, time.monotonic() - began, began))
            index += 1
            if status == 503:
                time.sleep(SHED_BACKOFF_S)
    thread.join()
    return {
        "megabyte": summarise("megabyte", 1, big_samples, (0, 0)) | {"detail": last_detail[0]},
        "normal": summarise("normal beside it", 1, normal_samples, (0, 0)),
        "normal_max_ms": _ms(max((s.seconds for s in normal_samples if s.status == 200), default=None)),
    }


def abandoned_requests(base_url: str, args: argparse.Namespace, bodies: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """``args.abandoning_clients`` clients post first-sight digests and hang up after a moment; then one more."""
    before = digest_counts(base_url)
    payloads = [json.dumps(body).encode() for body in bodies]
    host, port = base_url.removeprefix("http://").split(":")

    def post_and_hang_up(index: int) -> None:
        payload = payloads[index % len(payloads)]
        head = (
            f"POST /v1/digest HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n"
        )
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(head.encode() + payload)
            time.sleep(args.hang_up_after_s)

    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=args.abandoning_clients) as pool:
        list(pool.map(post_and_hang_up, range(args.abandoning_clients)))
    with httpx.Client(base_url=base_url, timeout=DEFAULT_CLIENT_TIMEOUT_S) as client:
        asked = time.monotonic()
        response = post_json(SMALL_BODY)(client, 0)
        served = time.monotonic()
    after = digest_counts(base_url)
    delta = {status: int(after.get(status, 0) - before.get(status, 0)) for status in sorted(set(after) | set(before))}
    return {
        "clients": args.abandoning_clients,
        "hang_up_after_s": args.hang_up_after_s,
        "next_request_status": response.status_code,
        "next_request_ms": _ms(served - asked),
        "busy_for_s": round(served - began, 2),
        "server_statuses": {k: v for k, v in delta.items() if v},
    }


def concurrency_correctness(args: argparse.Namespace, sets: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The same article sets on a lone server and, all at once, on servers with 2 and 4 digests in flight."""

    def digests(in_flight: int) -> list[dict[str, Any] | int]:
        settings = {"max_in_flight": str(in_flight), **CORRECTNESS_SETTINGS}
        with serve(settings=settings, cwd=REPO_ROOT) as server:
            send = post_each(sets)

            def one(index: int) -> dict[str, Any] | int:
                with httpx.Client(base_url=server.base_url, timeout=DEFAULT_CLIENT_TIMEOUT_S) as client:
                    response = send(client, index)
                if response.status_code != 200:
                    return response.status_code
                answer = response.json()
                return {key: answer[key] for key in ("points", "conflicts", "articles")}

            workers = 1 if in_flight == 1 else len(sets)
            with ThreadPoolExecutor(max_workers=workers) as pool:
                return list(pool.map(one, range(len(sets))))

    lone = digests(1)
    result: dict[str, Any] = {"sets": len(sets), "lone_errors": sum(isinstance(d, int) for d in lone), "levels": []}
    for in_flight in args.concurrency_levels:
        together = digests(in_flight)
        compared = [(a, b) for a, b in zip(lone, together, strict=True) if not isinstance(a, int)]
        result["levels"].append(
            {
                "in_flight": in_flight,
                "identical": sum(a == b for a, b in compared),
                "compared": len(compared),
                "errors": sorted({d for d in together if isinstance(d, int)}),
            }
        )
        level = result["levels"][-1]
        print(
            f"   concurrency x{in_flight}: {level['identical']}/{level['compared']} identical to the lone server",
            flush=True,
        )
    return result


def run(args: argparse.Namespace) -> dict[str, Any]:
    seeds = post_json(seed_body())
    phases: list[dict[str, Any]] = []
    extra: dict[str, Any] = {}
    wanted = [p for p in PHASES if p not in args.skip]
    needs_data = {"first-sight", "abandoned", "concurrency"} & set(wanted)
    pool = first_sight_bodies(Path(args.data)) if needs_data else []
    if needs_data and not pool:
        raise SystemExit(
            f"no usable cluster in {args.data}: pass --data with a Multi-News JSONL, or --skip {','.join(needs_data)}"
        )
    taken = 0

    def fresh(n: int) -> list[dict[str, Any]]:
        """``n`` clusters this server has not seen yet (wrapping round when the data runs out)."""
        nonlocal taken
        chosen = [pool[(taken + i) % len(pool)] for i in range(n)]
        taken += n
        return chosen

    soaked: list[Sample] = []
    with serve(cwd=REPO_ROOT) as server, RssSampler(server.process.pid) as rss:
        print(
            f"server ready at {server.base_url} (pid {server.process.pid}, log {server.log_path}); warming up",
            flush=True,
        )
        with httpx.Client(base_url=server.base_url, timeout=DEFAULT_CLIENT_TIMEOUT_S) as client:
            settings = {"ready": client.get("/readyz").json()}
            warm = seeds(client, 0)
            assert warm.status_code == 200, warm.text
        rss_ready = rss.now()

        for clients in args.levels if "cached" in wanted else ():
            before = rss.now()
            samples = drive(
                server.base_url, seeds, clients=clients, max_requests=args.requests, max_seconds=args.seconds
            )
            phases.append(summarise(f"seeds x{clients}", clients, samples, (before, rss.now())))
            _print_phase(phases[-1])
            wait_drained(server)

        for clients in args.levels if "first-sight" in wanted else ():
            before = rss.now()
            bodies = fresh(args.first_sight_requests)
            samples = drive(
                server.base_url,
                post_each(bodies),
                clients=clients,
                max_requests=len(bodies),
                max_seconds=args.first_sight_seconds,
            )
            phases.append(summarise(f"first sight x{clients}", clients, samples, (before, rss.now())))
            phases[-1]["repeats"] = taken > len(pool)
            _print_phase(phases[-1])
            wait_drained(server)

        if "megabyte" in wanted:
            before = rss.now()
            extra["megabyte"] = megabyte_beside_traffic(server.base_url, args, seeds)
            for name in ("megabyte", "normal"):
                extra["megabyte"][name]["rss_mb"] = {"start": _mb(before), "end": _mb(rss.now())}
                phases.append(extra["megabyte"][name])
            beside = extra["megabyte"]
            print(
                f"      megabyte: {beside['megabyte']['statuses']}, normal beside it: {beside['normal']['statuses']}, "
                f"max {beside['normal_max_ms']} ms",
                flush=True,
            )
            wait_drained(server)

        if "abandoned" in wanted:
            extra["abandoned"] = abandoned_requests(server.base_url, args, fresh(args.abandoning_clients))
            print(f"     abandoned: {extra['abandoned']}", flush=True)
            wait_drained(server)

        if "overload" in wanted:
            before = rss.now()
            samples = drive(
                server.base_url,
                seeds,
                clients=args.overload_clients,
                max_requests=10**6,
                max_seconds=args.overload_seconds,
            )
            overload = summarise("overload", args.overload_clients, samples, (before, rss.now()))
            overload["drain_s"] = round(wait_drained(server), 2)
            phases.append(overload)
            _print_phase(overload)
            recovery = drive(server.base_url, seeds, clients=1, max_requests=2, max_seconds=args.seconds)
            phases.append(summarise("recovery", 1, recovery, (rss.now(), rss.now())))
            _print_phase(phases[-1])

        if "soak" in wanted:
            before = rss.now()
            soaked = soak(server.base_url, args)
            soak_phase = summarise("soak (mixed)", args.soak_clients + 2, soaked, (before, rss.now()))
            soak_phase["by_kind"] = {
                kind: dict(sorted(Counter(str(s.status) for s in soaked if s.kind == kind).items()))
                for kind in dict.fromkeys(s.kind for s in soaked)
            }
            phases.append(soak_phase)
            _print_phase(soak_phase)
        wait_drained(server)
        rss_end = rss.now()
        rss_samples = list(rss.samples)
    if "concurrency" in wanted:
        smallest = sorted(pool, key=lambda body: len(json.dumps(body)))[: args.concurrency_sets]
        extra["concurrency"] = concurrency_correctness(args, smallest)
    return {
        "machine": machine_info(),
        "server": {"settings": "defaults (python -m api)", **settings, "exit_code": server.returncode},
        "phases": phases,
        **extra,
        "memory": {
            "rss_mb_ready": _mb(rss_ready),
            "rss_mb_end": _mb(rss_end),
            "rss_mb_max": _mb(max(r for _, r in rss_samples)) if rss_samples else None,
            "soak_requests": len(soaked),
            "samples": [(t, _mb(r)) for t, r in rss_samples[:: max(1, len(rss_samples) // 400)]],
        },
    }


def _print_phase(phase: dict[str, Any]) -> None:
    latency = phase["ok_latency_ms"]
    print(
        f"{phase['phase']:>14}: {phase['requests']:5d} requests, {phase['ok']:5d} ok, statuses {phase['statuses']}, "
        f"{phase['ok_per_s']} ok/s, p50/p95/p99 {latency['p50']}/{latency['p95']}/{latency['p99']} ms",
        flush=True,
    )


def to_markdown(result: dict[str, Any]) -> str:
    rows = []
    for p in result["phases"]:
        latency, shed = p["ok_latency_ms"], p["shed_latency_ms"]
        errors = ", ".join(f"{status}: {n}" for status, n in p["statuses"].items() if status != "200") or "none"
        shed_p50 = shed["p50"] if shed["p50"] is not None else "-"
        memory = f"{p['rss_mb']['start']} → {p['rss_mb']['end']}"
        rows.append(
            [
                *(p["phase"], p["clients"], p["requests"], p["ok"], p["ok_per_s"]),
                *(latency["p50"], latency["p95"], latency["p99"], errors, shed_p50, memory),
            ]
        )
    header = ["phase", "clients", "requests", "200", "ok/s", "p50 ms", "p95 ms", "p99 ms", "other statuses",
              "503 p50 ms", "server RSS MB"]  # fmt: skip
    memory = result["memory"]
    lines = [
        "# Load benchmark: the HTTP service",
        "",
        machine_line(result["machine"]),
        "",
        f"`{result['machine']['command']}` — server: {result['server']['settings']}, "
        f"model {result['server']['ready']['model']} on {result['server']['ready']['device']}.",
        "",
        markdown_table(header, rows),
        "",
        "Latency percentiles are over the 200 answers of each phase (few samples at high concurrency: "
        'p95/p99 are then close to the maximum); ok/s counts 200s per second of wall time. "seeds" rows '
        "re-post the same five articles (their sentences come from the embedding cache after the first "
        'request); "first sight" rows post Multi-News dev clusters the server has not seen, each once.',
    ]
    lines += _sections(result)
    lines += [
        "",
        f"**Memory.** Server RSS {memory['rss_mb_ready']} MB when ready, {memory['rss_mb_end']} MB at the end, "
        f"{memory['rss_mb_max']} MB at most, over {sum(p['requests'] for p in result['phases'])} requests "
        f"({memory['soak_requests']} in the soak).",
    ]
    return "\n".join(lines)


def _sections(result: dict[str, Any]) -> list[str]:
    """The paragraphs under the table, for the phases that ran."""
    lines: list[str] = []
    phases = {p["phase"]: p for p in result["phases"]}
    if "megabyte" in result:
        big, normal = result["megabyte"]["megabyte"], result["megabyte"]["normal"]
        lines += [
            "",
            f"**One-sentence megabyte beside normal traffic.** {big['requests']} posts of ten one-sentence "
            f"articles of 99,999 characters (~1 MB, inside every limit): statuses {big['statuses']}, median answer "
            f'{big["ok_latency_ms"]["p50"] or _median_ms(big)} ms; "{big["detail"]}". Meanwhile '
            f"{normal['requests']} normal requests (the seeds) got {normal['statuses']}, p50 "
            f"{normal['ok_latency_ms']['p50']} ms, at most {result['megabyte']['normal_max_ms']} ms.",
        ]
    if "abandoned" in result:
        gone = result["abandoned"]
        lines += [
            "",
            f"**Abandoned requests.** {gone['clients']} clients posted first-sight digests and hung up after "
            f"{gone['hang_up_after_s']} s; the server answered them {gone['server_statuses']} (499: dropped before "
            f"they started, 503: refused at once). The next request was served ({gone['next_request_status']}) in "
            f"{gone['next_request_ms']} ms, {gone['busy_for_s']} s after the burst began.",
        ]
    if "overload" in phases:
        overload = phases["overload"]
        lines += [
            "",
            f"**Overload.** {overload['clients']} clients for {overload['wall_s']} s against the default slots and "
            f"queue: {overload['statuses'].get('503', 0)} requests were shed with 503 + Retry-After (median answer "
            f"{overload['shed_latency_ms']['p50']} ms), {overload['ok']} served; the queue drained "
            f"{overload['drain_s']} s after the burst and the next requests were served normally (recovery row).",
        ]
    if "concurrency" in result:
        levels = "; ".join(
            f"{lv['in_flight']} in flight: {lv['identical']} of {lv['compared']} identical"
            + (f" (errors {lv['errors']})" if lv["errors"] else "")
            for lv in result["concurrency"]["levels"]
        )
        lines += [
            "",
            f"**Concurrent digests.** {result['concurrency']['sets']} first-sight article sets, sent all at once "
            f"to servers with more than one digest in flight, compared with a lone server's digests "
            f"(points, conflicts, articles): {levels}.",
        ]
    soak = phases.get("soak (mixed)")
    if soak is not None:
        lines += [
            "",
            "Soak mix, statuses by kind: "
            + "; ".join(f"{kind}: {statuses}" for kind, statuses in soak["by_kind"].items()),
        ]
    return lines


def _median_ms(phase: dict[str, Any]) -> float | None:
    return phase.get("all_latency_ms", {}).get("p50")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", type=lambda s: [int(x) for x in s.split(",")], default=list(DEFAULT_LEVELS))
    parser.add_argument("--requests", type=int, default=DEFAULT_REQUESTS, help="most requests per level")
    parser.add_argument("--seconds", type=float, default=DEFAULT_SECONDS, help="most seconds per level")
    parser.add_argument("--overload-clients", type=int, default=DEFAULT_OVERLOAD_CLIENTS)
    parser.add_argument("--overload-seconds", type=float, default=DEFAULT_OVERLOAD_SECONDS)
    parser.add_argument("--soak-requests", type=int, default=DEFAULT_SOAK_REQUESTS)
    parser.add_argument("--soak-seconds", type=float, default=DEFAULT_SOAK_SECONDS)
    parser.add_argument("--soak-clients", type=int, default=DEFAULT_SOAK_CLIENTS)
    parser.add_argument("--first-sight-requests", type=int, default=DEFAULT_FIRST_SIGHT_REQUESTS, help="per level")
    parser.add_argument("--first-sight-seconds", type=float, default=DEFAULT_FIRST_SIGHT_SECONDS, help="per level")
    parser.add_argument("--megabyte-requests", type=int, default=DEFAULT_MEGABYTE_REQUESTS)
    parser.add_argument("--abandoning-clients", type=int, default=DEFAULT_ABANDONING_CLIENTS)
    parser.add_argument("--hang-up-after-s", type=float, default=DEFAULT_HANG_UP_AFTER_S)
    parser.add_argument(
        "--concurrency-levels", type=lambda s: [int(x) for x in s.split(",")], default=list(DEFAULT_CONCURRENCY_LEVELS)
    )
    parser.add_argument("--concurrency-sets", type=int, default=DEFAULT_CONCURRENCY_SETS)
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="Multi-News JSONL for first-sight traffic")
    parser.add_argument(
        "--skip",
        type=lambda s: {x for x in s.split(",") if x},
        default=set(),
        help=f"phases to skip: {','.join(PHASES)}",
    )
    parser.add_argument("--out", default=str(RESULTS_DIR / "load"), help="results path without extension")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    result = run(args)
    markdown = to_markdown(result)
    json_path, md_path = write_results(Path(args.out), result, markdown)
    print("\n" + markdown + f"\n\nwrote {json_path} and {md_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
