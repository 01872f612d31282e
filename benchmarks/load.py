"""Load benchmark of the HTTP service: throughput, latency, load shedding, memory.

Starts the real server (``python -m api``, default settings) as a child process
on 127.0.0.1, waits for ``/readyz``, then drives it from this process over
loopback with httpx client threads:

1. levels: the five seed articles at 1, 4 and 16 concurrent clients, each
   level bounded by a request count and a time limit;
2. overload: many more clients than slots + queue, to show 503 + Retry-After
   shedding, then recovery (the queue drains, single requests succeed again);
3. soak: a few thousand bad requests (malformed, mistyped, too large ...)
   with small real digests running beside them, sampling the server's
   resident memory to show it stays flat.

Prints a table and writes ``benchmarks/results/load.{json,md}``. Not a test:
speed is measured here, never asserted. Run from the repo root::

    python -m benchmarks.load [--requests 30] [--seconds 25] [--levels 1,4,16] [--soak-requests 3000]
"""

from __future__ import annotations

import argparse
import json
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

from api.settings import DEFAULT_MAX_BODY_BYTES
from api.testing import ServerProcess, serve
from benchmarks.common import (
    REPO_ROOT,
    RESULTS_DIR,
    SEEDS_DIR,
    machine_info,
    machine_line,
    markdown_table,
    write_results,
)

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
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
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


def run(args: argparse.Namespace) -> dict[str, Any]:
    seeds = post_json(seed_body())
    phases: list[dict[str, Any]] = []
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

        for clients in args.levels:
            before = rss.now()
            samples = drive(
                server.base_url, seeds, clients=clients, max_requests=args.requests, max_seconds=args.seconds
            )
            phases.append(summarise(f"seeds x{clients}", clients, samples, (before, rss.now())))
            _print_phase(phases[-1])
            wait_drained(server)

        before = rss.now()
        samples = drive(
            server.base_url, seeds, clients=args.overload_clients, max_requests=10**6, max_seconds=args.overload_seconds
        )
        overload = summarise("overload", args.overload_clients, samples, (before, rss.now()))
        overload["drain_s"] = round(wait_drained(server), 2)
        phases.append(overload)
        _print_phase(overload)
        recovery = drive(server.base_url, seeds, clients=1, max_requests=2, max_seconds=args.seconds)
        phases.append(summarise("recovery", 1, recovery, (rss.now(), rss.now())))
        _print_phase(phases[-1])

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
    return {
        "machine": machine_info(),
        "server": {"settings": "defaults (python -m api)", **settings, "exit_code": server.returncode},
        "phases": phases,
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
    overload = next(p for p in result["phases"] if p["phase"] == "overload")
    soak = next(p for p in result["phases"] if p["phase"].startswith("soak"))
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
        "p95/p99 are then close to the maximum); ok/s counts 200s per second of wall time.",
        "",
        f"**Overload.** {overload['clients']} clients for {overload['wall_s']} s against 1 digest in flight "
        f"+ 8 queued: {overload['statuses'].get('503', 0)} requests were shed with 503 + Retry-After "
        f"(median answer {overload['shed_latency_ms']['p50']} ms), {overload['ok']} served; the queue drained "
        f"{overload['drain_s']} s after the burst and the next requests were served normally (recovery row).",
        "",
        f"**Memory.** Server RSS {memory['rss_mb_ready']} MB when ready, {memory['rss_mb_end']} MB at the end, "
        f"{memory['rss_mb_max']} MB at most, over {sum(p['requests'] for p in result['phases'])} requests "
        f"({memory['soak_requests']} in the soak).",
        "",
        "Soak mix, statuses by kind: " + "; ".join(f"{kind}: {statuses}" for kind, statuses in soak["by_kind"].items()),
    ]
    return "\n".join(lines)


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
