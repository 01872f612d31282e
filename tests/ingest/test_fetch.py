"""Fetching pages, served by a loopback server the tests start: limits, redirects, addresses, failures."""

import gzip
import ipaddress
import logging

import pytest

from summarizer.errors import NoArticlesError
from summarizer.ingest import FetchError, FetchPolicy, article_from_url, is_public_address, load_paths
from tests.ingest.pages import page_bytes

LOOPBACK = FetchPolicy(allow_private=True, timeout_s=5)
NEWS_PAGE = (
    "<html><head><title>Bridge approved</title><meta property='og:site_name' content='City Paper'></head><body>"
    "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>Bridge approved</h1>"
    + "<p>The council approved the new bridge on Monday after a long debate. Work starts in May.</p>" * 3
    + "<p>Sign up for our newsletter to get the news in your inbox.</p></article></body></html>"
)


def test_a_page_is_fetched_extracted_and_marked(page_server):
    url = page_server.add("/news/bridge", page_bytes("de.globalvoices.org.nicaragua.html.gz"))
    article = article_from_url(url, policy=LOOPBACK)
    assert article.id == url and article.url == url and article.derived_from == "url"
    assert "Seit dem Ausbruch der Massenproteste gegen" in article.text and "Name (Pflichtfeld)" not in article.text
    assert article.source == "Global Voices auf Deutsch" and article.published == "2019-04-30"


def test_redirects_are_followed_and_the_final_address_kept(page_server):
    final = page_server.add("/final", NEWS_PAGE)
    page_server.redirect("/hop2", "/final", status=301)
    start = page_server.redirect("/hop1", page_server.url("/hop2"))
    article = article_from_url(start, policy=LOOPBACK)
    assert article.id == start and article.url == final and article.source == "City Paper"


def test_a_redirect_loop_and_too_many_redirects_fail_with_their_reason(page_server):
    page_server.redirect("/a", "/b")
    loop = page_server.redirect("/b", "/a")
    with pytest.raises(FetchError, match="redirect loop") as caught:
        article_from_url(loop, policy=LOOPBACK)
    assert caught.value.kind == "redirects"
    for n in range(4):
        page_server.redirect(f"/r{n}", f"/r{n + 1}")
    page_server.add("/r4", NEWS_PAGE)
    with pytest.raises(FetchError, match="more than 2 redirects"):
        article_from_url(page_server.url("/r0"), policy=FetchPolicy(allow_private=True, max_redirects=2))
    assert article_from_url(page_server.url("/r0"), policy=FetchPolicy(allow_private=True, max_redirects=4)).text


def test_an_oversize_page_is_refused_whether_or_not_it_says_its_length(page_server):
    big = NEWS_PAGE.encode() + b"<!--" + b"x" * 200_000 + b"-->"
    small_limit = FetchPolicy(allow_private=True, max_bytes=100_000)
    with pytest.raises(FetchError, match="over the limit of 100000") as caught:
        article_from_url(page_server.add("/big", big), policy=small_limit)
    assert caught.value.kind == "size"
    with pytest.raises(FetchError, match="over the limit of 100000"):
        article_from_url(page_server.add("/big-unsaid", big, send_length=False), policy=small_limit)


def test_a_compressed_page_is_limited_by_its_size_unpacked(page_server):
    bomb = gzip.compress(b"<html><body><p>" + b"a" * 3_000_000 + b"</p></body></html>")
    assert len(bomb) < 10_000
    url = page_server.add("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="over the limit"):
        article_from_url(url, policy=FetchPolicy(allow_private=True, max_bytes=1_000_000))


def test_slow_servers_time_out(page_server):
    silent = page_server.add("/silent", NEWS_PAGE, delay_s=3)
    with pytest.raises(FetchError, match="timed out after 0.5 s") as caught:
        article_from_url(silent, policy=FetchPolicy(allow_private=True, timeout_s=0.5))
    assert caught.value.kind == "timeout"
    dripping = page_server.add("/drip", NEWS_PAGE, drip_s=0.05)  # ~1,000 bytes, one every 50 ms
    with pytest.raises(FetchError, match="timed out"):
        article_from_url(dripping, policy=FetchPolicy(allow_private=True, timeout_s=0.5))


def test_http_errors_and_pages_that_are_not_articles(page_server):
    with pytest.raises(FetchError, match="HTTP 404"):
        article_from_url(page_server.url("/missing"), policy=LOOPBACK)
    pdf = page_server.add("/report.pdf", b"%PDF-1.7 ...", content_type="application/pdf")
    with pytest.raises(FetchError, match=r"not a web page or text \(content type application/pdf\)"):
        article_from_url(pdf, policy=LOOPBACK)
    with pytest.raises(FetchError, match="only http:// and https://"):
        article_from_url("ftp://example.org/a.txt", policy=LOOPBACK)


def test_plain_text_is_kept_as_served(page_server):
    text = "LONDON (Reuters) - Shares fell on Monday.\r\nTraders cited rates.\r\n"
    url = page_server.add("/wire.txt", text.encode("cp1252"), content_type="text/plain; charset=windows-1252")
    article = article_from_url(url, policy=LOOPBACK)
    assert article.text == text and article.derived_from == "url"


def test_private_addresses_are_refused_before_anything_is_sent(page_server):
    url = page_server.add("/internal", NEWS_PAGE)
    with pytest.raises(FetchError, match="127.0.0.1, a private, loopback or link-local address") as caught:
        article_from_url(url)  # the default policy: public addresses only
    assert caught.value.kind == "address" and page_server.hits == []
    with pytest.raises(FetchError, match="private, loopback or link-local"):
        article_from_url(url.replace("127.0.0.1", "localhost"))  # a name that resolves to loopback


def test_every_redirect_hop_is_checked(page_server):
    """The first address is allowed; the redirect points at one that is not, and is never contacted."""
    only_this_server = FetchPolicy(address_allowed=lambda address: address == ipaddress.ip_address("127.0.0.1"))
    start = page_server.redirect("/go", f"http://127.0.0.2:{page_server.port}/metadata")
    with pytest.raises(FetchError, match="127.0.0.2, a private, loopback or link-local address"):
        article_from_url(start, policy=only_this_server)
    assert page_server.hits == ["/go"]


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("127.0.0.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("::ffff:93.184.216.34", True),
        ("2002:7f00:1::", False),  # 6to4 around 127.0.0.1
    ],
)
def test_public_addresses(address, public):
    assert is_public_address(ipaddress.ip_address(address)) is public


def test_urls_as_arguments_and_a_url_list_with_failures_named(page_server, tmp_path, caplog):
    good = page_server.add("/good", NEWS_PAGE)
    other = page_server.add("/other", NEWS_PAGE.replace("bridge", "tunnel"))
    page_server.redirect("/loop", "/loop")
    url_list = tmp_path / "list.urls"
    url_list.write_text(
        f"# morning pages\n{other}\n\n{page_server.url('/missing')}\nnot a url\n{page_server.url('/loop')}\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="summarizer.ingest"):
        loaded = load_paths([good], url_lists=[url_list], fetch=LOOPBACK)
    assert [a.id for a in loaded.articles] == [good, other]
    reasons = {s.source: s.reason for s in loaded.skipped}
    assert reasons[page_server.url("/missing")].startswith("HTTP 404")
    assert reasons[f"{url_list}:5"].startswith("not a URL")
    assert reasons[page_server.url("/loop")].startswith("redirect loop")
    assert caplog.text.count("skipped ") == 3


def test_when_every_url_fails_the_error_names_each(page_server):
    with pytest.raises(NoArticlesError, match="HTTP 404"):
        load_paths([page_server.url("/gone")], fetch=LOOPBACK)
