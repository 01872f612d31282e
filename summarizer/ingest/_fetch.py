"""URL -> Article, bounded: one timeout for the whole fetch, a size limit, a few redirects, allowed addresses only.

Every hop is checked before a byte is sent: the host is resolved once, every
address it resolves to must be allowed (public ones only, unless the policy says
otherwise), and the connection goes to that vetted address, the name still sent
as Host and checked against the TLS certificate, so a second DNS answer cannot
slip a private address in between the check and the connection.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import socket
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.message import Message
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

from summarizer.errors import UnreadableInputError
from summarizer.ingest._decode import decode_bytes
from summarizer.ingest._html import article_from_html, decode_html, looks_like_html
from summarizer.types import Article

DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_FETCH_WORKERS = 8
DEFAULT_USER_AGENT = "summarizer/0.1 (news digest; fetches the pages it is given)"
_CHUNK_BYTES = 64 * 1024
_REDIRECT_STATUSES = {301, 302, 303, 307, 308}
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_TEXT_TYPES = {"text/plain"}
_SCHEME = re.compile(r"\A[a-z][a-z0-9+.\-]*://", re.IGNORECASE)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
T = TypeVar("T")


def is_url(value: str) -> bool:
    """True for anything written as ``scheme://...`` (only http and https are fetched)."""
    return bool(_SCHEME.match(value.strip()))


def is_public_address(address: IPAddress) -> bool:
    """True for a globally routable unicast address: not private, loopback, link-local, shared or reserved."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return is_public_address(embedded)
    return address.is_global and not address.is_multicast


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How pages are fetched. ``address_allowed`` (when set) replaces the public/private rule."""

    timeout_s: float = DEFAULT_TIMEOUT_S
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    allow_private: bool = False
    address_allowed: Callable[[IPAddress], bool] | None = None
    user_agent: str = DEFAULT_USER_AGENT

    def allows(self, address: IPAddress) -> bool:
        if self.address_allowed is not None:
            return self.address_allowed(address)
        return self.allow_private or is_public_address(address)


class FetchError(UnreadableInputError):
    """A page could not be fetched. ``kind`` names the rule or failure:
    url, address, network, timeout, http, redirects, size, content."""

    def __init__(self, message: str, *, kind: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Page:
    url: str  # after redirects
    media_type: str  # lower case; "" when the server sent none
    charset: str | None
    body: bytes


def article_from_url(
    url: str,
    *,
    policy: FetchPolicy | None = None,
    id: str | None = None,
    title: str | None = None,
    source: str | None = None,
    published: str | None = None,
) -> Article:
    """Fetch ``url`` and make an Article of it (HTML through the main-text extractor, plain text as it is).

    The id is the URL as given unless ``id`` is; ``url`` becomes the address after
    redirects. Raises FetchError (an UnreadableInputError) naming what went wrong.
    """
    page = fetch_page(url, policy or FetchPolicy())
    article_id = id or url
    if not page.body.strip():
        raise FetchError("the page is empty", kind="content")
    if page.media_type in _TEXT_TYPES or page.media_type == "":
        decoded = decode_bytes(page.body, declared=page.charset)
        if not looks_like_html(decoded.text, fragments=False):
            if page.media_type == "":
                raise FetchError("the server sent no content type and the body is not HTML", kind="content")
            if not decoded.text.strip():
                raise FetchError("the page is empty", kind="content")
            return Article(article_id, decoded.text, title, source, page.url, published, derived_from="url")
    elif page.media_type not in _HTML_TYPES:
        raise FetchError(f"not a web page or text (content type {page.media_type})", kind="content")
    html = decode_html(page.body, declared=page.charset).text
    return article_from_html(
        html, id=article_id, title=title, source=source, url=page.url, published=published, derived_from="url"
    )


def fetch_page(url: str, policy: FetchPolicy) -> Page:
    """GET ``url`` within ``policy``, following redirects itself; raises FetchError."""
    deadline = time.monotonic() + policy.timeout_s
    visited = {url}
    current = url
    for _ in range(policy.max_redirects + 1):
        status, headers, body = _get(current, policy, deadline)
        if status in _REDIRECT_STATUSES and headers.get("location"):
            target = urljoin(current, headers["location"].strip())
            if target in visited:
                raise FetchError(f"redirect loop (back to {target})", kind="redirects")
            visited.add(target)
            current = target
            continue
        if not 200 <= status < 300:
            after = f" (after redirects, from {current})" if current != url else ""
            raise FetchError(f"HTTP {status}{after}", kind="http")
        media_type, charset = _content_type(headers.get("content-type"))
        return Page(current, media_type, charset, body)
    raise FetchError(f"more than {policy.max_redirects} redirects", kind="redirects")


def fetch_concurrently(
    calls: Sequence[Callable[[], T]], *, workers: int = DEFAULT_FETCH_WORKERS
) -> list[T | UnreadableInputError]:
    """Run ``calls`` (fetches) a few at a time; each result, or the UnreadableInputError it raised, in order."""

    def run(call: Callable[[], T]) -> T | UnreadableInputError:
        try:
            return call()
        except UnreadableInputError as exc:
            return exc

    if workers <= 1 or len(calls) <= 1:
        return [run(call) for call in calls]
    with ThreadPoolExecutor(max_workers=min(workers, len(calls)), thread_name_prefix="fetch") as pool:
        return list(pool.map(run, calls))


def _get(url: str, policy: FetchPolicy, deadline: float) -> tuple[int, dict[str, str], bytes]:
    """One request to a vetted address: status, lower-cased headers, and the body (empty for redirects)."""
    import urllib3

    scheme, host, port, target = _parts(url)
    addresses = _resolve(host, port)
    refused = [address for address in addresses if not policy.allows(address)]
    if refused:
        raise FetchError(
            f"{host} resolves to {refused[0]}, a private, loopback or link-local address: not fetched", kind="address"
        )
    wire_host = host.encode("idna").decode("ascii") if not _is_ip(host) else host
    shown_host = f"[{wire_host}]" if ":" in wire_host else wire_host
    default_port = 443 if scheme == "https" else 80
    headers = {
        "Host": shown_host if port == default_port else f"{shown_host}:{port}",
        "User-Agent": policy.user_agent,
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
        "Accept-Encoding": "gzip, deflate",
    }
    last_error: Exception | None = None
    for address in addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        pool_class: Any = urllib3.HTTPSConnectionPool if scheme == "https" else urllib3.HTTPConnectionPool
        options: dict[str, Any] = {"timeout": urllib3.Timeout(connect=remaining, read=remaining), "retries": False}
        if scheme == "https":
            options.update(server_hostname=wire_host, assert_hostname=wire_host, cert_reqs="CERT_REQUIRED")
        pool = pool_class(str(address), port, maxsize=1, **options)
        try:
            response = pool.urlopen(
                "GET", target, headers=headers, redirect=False, preload_content=False, assert_same_host=False
            )
            try:
                status = response.status
                response_headers = {name.lower(): value for name, value in response.headers.items()}
                body = b"" if status in _REDIRECT_STATUSES else _read(response, policy, deadline)
            finally:
                response.release_conn()
            return status, response_headers, body
        except urllib3.exceptions.NewConnectionError as exc:
            last_error = exc  # the next address may answer
        except urllib3.exceptions.TimeoutError:
            raise FetchError(f"timed out after {policy.timeout_s:g} s", kind="timeout") from None
        except urllib3.exceptions.SSLError as exc:
            raise FetchError(f"TLS failed for {host}: {exc}", kind="network") from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise FetchError(f"network error from {host}: {exc}", kind="network") from None
        finally:
            pool.close()
    if last_error is None:
        raise FetchError(f"timed out after {policy.timeout_s:g} s", kind="timeout")
    raise FetchError(f"could not connect to {host}:{port}", kind="network")


def _parts(url: str) -> tuple[str, str, int, str]:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"only http:// and https:// URLs are fetched, not {scheme or 'this'}", kind="url")
    host = parts.hostname
    if not host:
        raise FetchError("the URL has no host name", kind="url")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise FetchError("the URL's port is not a number from 1 to 65535", kind="url") from None
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, host, port, target


def _resolve(host: str, port: int) -> list[IPAddress]:
    if _is_ip(host):
        return [ipaddress.ip_address(host)]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve the host name {host} ({exc})", kind="network") from None
    addresses: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])  # drop an IPv6 zone index
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError(f"the host name {host} has no address", kind="network")
    return addresses


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _read(response: Any, policy: FetchPolicy, deadline: float) -> bytes:
    """The body, decompressed, within the size limit and the deadline.

    A socket timeout bounds each read, not the whole: a server sending a byte at a
    time would never trip it, so a timer shuts the socket at the deadline.
    """
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise FetchError(f"the page is {int(declared)} bytes, over the limit of {policy.max_bytes}", kind="size")
    timer = threading.Timer(max(0.0, deadline - time.monotonic()), _shut, args=(response,))
    timer.daemon = True
    timer.start()
    chunks: list[bytes] = []
    total = 0
    try:
        for chunk in response.stream(_CHUNK_BYTES, decode_content=True):
            total += len(chunk)
            if total > policy.max_bytes:
                raise FetchError(f"the page is over the limit of {policy.max_bytes} bytes", kind="size")
            chunks.append(chunk)
    except FetchError:
        raise
    except Exception:
        if time.monotonic() < deadline:
            raise
    finally:
        timer.cancel()
    if time.monotonic() >= deadline:  # the timer cut the body short
        raise FetchError(f"timed out after {policy.timeout_s:g} s", kind="timeout")
    return b"".join(chunks)


def _shut(response: Any) -> None:
    with contextlib.suppress(ValueError, RuntimeError, OSError):  # already closed: nothing to interrupt
        response.shutdown()


def _content_type(header: str | None) -> tuple[str, str | None]:
    if not header or not header.strip():
        return "", None
    message = Message()
    message["content-type"] = header
    charset = message.get_param("charset")
    return message.get_content_type().lower(), charset if isinstance(charset, str) else None
