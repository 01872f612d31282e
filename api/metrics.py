"""Prometheus metrics of one app, in a registry of its own.

A registry per app (not the process-global one) lets tests build many apps in
one process. The service runs one worker process per container, so no
multiprocess collector is needed; scale out with more containers.
"""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)

from api.admission import AdmissionGauges

METRICS_CONTENT_TYPE = CONTENT_TYPE_LATEST
# From a health check (~1 ms) to a large digest on CPU (tens of seconds).
DEFAULT_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0)
UNMATCHED_PATH = "other"
# Every label takes values from a fixed set: the route templates, these methods, the statuses the
# service answers with. A method a caller makes up is counted as "other", never as a new series.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
OTHER_METHOD = "other"


def method_label(method: str) -> str:
    """The metrics label of an HTTP method: itself when standard, else ``other``."""
    return method if method in KNOWN_METHODS else OTHER_METHOD


class Metrics:
    """Request counts by status, request latency, digests in flight and waiting, model readiness."""

    def __init__(self, *, buckets: tuple[float, ...] = DEFAULT_LATENCY_BUCKETS) -> None:
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        self.requests = Counter(
            "summarizer_http_requests",
            "HTTP requests answered, by method, route path and status.",
            ["method", "path", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "summarizer_http_request_duration_seconds",
            "Time from request start to the end of the response, by method and route path.",
            ["method", "path"],
            buckets=buckets,
            registry=self.registry,
        )
        self.in_flight = Gauge("summarizer_digests_in_flight", "Digests being computed now.", registry=self.registry)
        self.queued = Gauge("summarizer_digests_queued", "Digests waiting for a free slot.", registry=self.registry)
        self.model_ready = Gauge(
            "summarizer_model_ready", "1 once the embedding model is loaded, else 0.", registry=self.registry
        )

    @property
    def admission_gauges(self) -> AdmissionGauges:
        return AdmissionGauges(in_flight=self.in_flight, queued=self.queued)

    def observe(self, *, method: str, path: str, status: int, seconds: float) -> None:
        """Record one answered request."""
        self.requests.labels(method=method, path=path, status=str(status)).inc()
        self.latency.labels(method=method, path=path).observe(seconds)

    def render(self) -> bytes:
        """The registry in Prometheus' text format."""
        return generate_latest(self.registry)
