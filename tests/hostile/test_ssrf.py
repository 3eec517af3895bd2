"""SSRF: every non-public address class is refused, after DNS and per request; allow-lists work."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from crawler import ssrf
from crawler.exceptions import SSRFRefused
from crawler.ssrf import SSRFGuardMiddleware, address_class, check_url, host_allowed

PUBLIC = "93.184.215.14"


def fake_dns(table: dict[str, list[str]]):
    """A resolver answering from ``table`` (unknown names do not resolve)."""
    return lambda host: table.get(host, [])


@pytest.mark.parametrize(
    ("ip", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "private"),  # carrier-grade NAT
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "private"),  # reserved block, flagged private by ipaddress
        ("255.255.255.255", "private"),
        ("198.18.0.1", "private"),  # benchmarking
        ("192.0.2.1", "private"),  # documentation
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped IPv6
        ("::ffff:169.254.169.254", "link-local"),
        ("2002:7f00:1::", "loopback"),  # 6to4 wrapping 127.0.0.1
        ("64:ff9b::a00:1", "private"),  # NAT64 wrapping 10.0.0.1
    ],
)
def test_address_classes_are_refused(ip: str, kind: str) -> None:
    assert address_class(ip) == kind
    host = f"[{ip}]" if ":" in ip else ip
    reason = check_url(f"http://{host}/x", allow_private=False, allowed_hosts=None)
    assert reason is not None and kind in reason


@pytest.mark.parametrize("ip", [PUBLIC, "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(ip: str) -> None:
    assert address_class(ip) is None
    host = f"[{ip}]" if ":" in ip else ip
    assert check_url(f"https://{host}/a", allow_private=False, allowed_hosts=None) is None


@pytest.mark.parametrize(
    "host", ["2130706433", "0x7f000001", "0177.0.0.1", "127.1", "localhost", "LOCALHOST."]
)
def test_obfuscated_loopback_is_caught_after_real_resolution(host: str) -> None:
    """Decimal, hex, octal and short forms resolve (getaddrinfo) to 127.0.0.1 and are refused."""
    reason = check_url(f"http://{host}:8080/", allow_private=False, allowed_hosts=None)
    assert reason is not None and "loopback" in reason


def test_checked_after_dns_resolution() -> None:
    dns = fake_dns({"news.example": [PUBLIC], "intranet.example": ["10.1.2.3"]})
    assert (
        check_url("http://news.example/", allow_private=False, allowed_hosts=None, resolver=dns)
        is None
    )
    reason = check_url(
        "http://intranet.example/", allow_private=False, allowed_hosts=None, resolver=dns
    )
    assert reason == "intranet.example (10.1.2.3) is a private address"


def test_any_private_answer_among_several_refuses() -> None:
    dns = fake_dns({"mixed.example": [PUBLIC, "127.0.0.1"]})
    reason = check_url(
        "http://mixed.example/", allow_private=False, allowed_hosts=None, resolver=dns
    )
    assert reason is not None and "loopback" in reason


def test_unresolvable_host_is_refused() -> None:
    reason = check_url(
        "http://nowhere.example/", allow_private=False, allowed_hosts=None, resolver=fake_dns({})
    )
    assert reason == "host nowhere.example does not resolve"


def test_allow_private_true_and_network_lists() -> None:
    dns = fake_dns({"intranet.example": ["10.1.2.3"], "meta.example": ["169.254.169.254"]})
    assert check_url("http://127.0.0.1:9/", allow_private=True, allowed_hosts=None) is None
    only_lo = ["127.0.0.1/32"]
    assert check_url("http://127.0.0.1:9/", allow_private=only_lo, allowed_hosts=None) is None
    assert "loopback" in check_url("http://127.0.0.2:9/", allow_private=only_lo, allowed_hosts=None)
    nets = ["10.1.0.0/16"]
    assert (
        check_url("http://intranet.example/", allow_private=nets, allowed_hosts=None, resolver=dns)
        is None
    )
    reason = check_url("http://meta.example/", allow_private=nets, allowed_hosts=None, resolver=dns)
    assert reason is not None and "link-local" in reason


@pytest.mark.parametrize(
    ("host", "ok"),
    [
        ("news.example", True),
        ("www.news.example", True),
        ("NEWS.EXAMPLE.", True),
        ("evilnews.example", False),
        ("news.example.evil.test", False),
        ("other.example", False),
    ],
)
def test_allowed_domains(host: str, ok: bool) -> None:
    assert host_allowed(host, ["news.example"]) is ok
    dns = fake_dns({host.lower().rstrip("."): [PUBLIC]})
    reason = check_url(
        f"https://{host}/", allow_private=False, allowed_hosts={"news.example"}, resolver=dns
    )
    assert (reason is None) is ok
    if not ok:
        assert "outside the source's allowed domains" in reason


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("ftp://news.example/x", "scheme ftp:// is not allowed"),
        ("gopher://127.0.0.1:6379/_INFO", "scheme gopher:// is not allowed"),
        ("data:text/html,<p>x</p>", "scheme data:// is not allowed"),
        ("http:///nohost", "URL has no host"),
        ("http://news.example:99999/", "malformed URL"),
        ("file:///etc/passwd", "file:// URLs are not allowed for this source"),
    ],
)
def test_bad_schemes_and_urls(url: str, expected: str) -> None:
    assert check_url(url, allow_private=True, allowed_hosts=None) == expected


def test_file_urls_only_when_allowed() -> None:
    assert (
        check_url(
            "file:///srv/pages/a.html", allow_private=False, allowed_hosts=None, allow_files=True
        )
        is None
    )


def test_resolution_is_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def fake_getaddrinfo(host, *_a, **_k):
        calls.append(host)
        return [(2, 1, 6, "", (PUBLIC, 0))]

    monkeypatch.setattr(ssrf.socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(ssrf, "_cache", {})
    assert ssrf.resolve("cached.example") == [PUBLIC]
    assert ssrf.resolve("cached.example") == [PUBLIC]
    assert calls == ["cached.example"]


# ---- the Scrapy middleware ----------------------------------------------------------------


def make_mw(spider: object, dns: dict[str, list[str]] | None = None) -> SSRFGuardMiddleware:
    crawler = SimpleNamespace(
        spider=spider, stats=MemoryStatsCollector(SimpleNamespace(settings=Settings()))
    )
    return SSRFGuardMiddleware(crawler, resolver=fake_dns(dns or {}))


def test_middleware_refuses_counts_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    spider = SimpleNamespace(
        name="courier", allow_private=False, figwatch_allowed_hosts=["news.example"]
    )
    mw = make_mw(spider, {"news.example": [PUBLIC], "cdn.news.example": ["10.0.0.5"]})
    assert mw.process_request(Request("https://news.example/a")) is None
    with (
        caplog.at_level(logging.INFO, logger="crawler.ssrf"),
        pytest.raises(IgnoreRequest, match="private"),
    ):
        mw.process_request(Request("https://cdn.news.example/b"))
    with pytest.raises(IgnoreRequest, match="allowed domains"):
        mw.process_request(Request("https://elsewhere.example/c"))
    stats = mw.stats.get_stats()
    assert stats["figwatch/ssrf_refused"] == 2
    assert stats["figwatch/ssrf_refused/private"] == 1
    assert stats["figwatch/ssrf_refused/offsite"] == 1
    assert "source courier: refused https://cdn.news.example/b" in caplog.text


def test_middleware_checks_each_redirect_hop() -> None:
    """A redirect hop is a new Request carrying ``redirect_urls``; it is checked like any other."""
    spider = SimpleNamespace(name="s", allow_private=False)
    mw = make_mw(spider, {"news.example": [PUBLIC], "metadata.example": ["169.254.169.254"]})
    hop = Request(
        "http://metadata.example/latest/", meta={"redirect_urls": ["https://news.example/a"]}
    )
    with pytest.raises(IgnoreRequest, match="link-local"):
        mw.process_request(hop)


def test_middleware_meta_and_spider_allow_private() -> None:
    mw = make_mw(SimpleNamespace(name="demo", allow_private=True))
    assert mw.process_request(Request("http://127.0.0.1:8000/")) is None
    strict = make_mw(SimpleNamespace(name="s"))  # no attribute: private refused
    with pytest.raises(IgnoreRequest):
        strict.process_request(Request("http://127.0.0.1:8000/"))
    assert (
        strict.process_request(
            Request("http://127.0.0.1:8000/", meta={"figwatch_allow_private": True})
        )
        is None
    )


def test_middleware_file_urls() -> None:
    file_source = SimpleNamespace(name="f", start_urls=["file:///srv/demo/feed.xml"])
    assert make_mw(file_source).process_request(Request("file:///srv/demo/a.html")) is None
    web_source = SimpleNamespace(
        name="w", start_urls=["https://news.example/feed"], allow_private=True
    )
    with pytest.raises(IgnoreRequest, match="file://"):
        make_mw(web_source).process_request(Request("file:///etc/passwd"))
    # even a file source may not be bounced into local files by an http redirect
    hop = Request("file:///etc/passwd", meta={"redirect_urls": ["http://127.0.0.1/x"]})
    with pytest.raises(IgnoreRequest, match="file://"):
        make_mw(file_source).process_request(hop)


def test_middleware_falls_back_to_allowed_domains() -> None:
    spider = SimpleNamespace(name="s", allowed_domains=["news.example"], allow_private=True)
    mw = make_mw(spider)
    with pytest.raises(IgnoreRequest, match="allowed domains"):
        mw.process_request(Request("http://127.0.0.1/"))


def test_middleware_reads_figwatch_source_config() -> None:
    """The figwatch spiders carry ``source_config`` and ``source_urls``; no extra attributes needed."""
    from monitor.config import SourceConfig

    web = SimpleNamespace(
        name="courier",
        source_config=SourceConfig(name="courier", kind="feed", urls=["https://news.example/f"]),
        source_urls=["https://news.example/f"],
    )
    mw = make_mw(web, {"news.example": [PUBLIC]})
    assert mw.process_request(Request("https://news.example/a")) is None
    with pytest.raises(SSRFRefused) as exc:
        mw.process_request(Request("http://127.0.0.1:8000/"))
    assert exc.value.reason == "private_address"
    # a remote feed may not point figwatch at local files
    with pytest.raises(SSRFRefused) as exc:
        mw.process_request(Request("file:///etc/passwd"))
    assert exc.value.reason == "local_file_refused"

    local = SimpleNamespace(
        name="demo",
        source_config=SourceConfig(
            name="demo",
            kind="pages",
            urls=["sites/a.html"],
            allow_private=True,
            allowed_domains=["brask.example"],
        ),
        source_urls=["file:///srv/demo/sites/a.html"],
    )
    mw = make_mw(local)
    assert mw.process_request(Request("file:///srv/demo/sites/b.html")) is None
    with pytest.raises(SSRFRefused) as exc:
        mw.process_request(Request("http://127.0.0.1/"))
    assert exc.value.reason == "offsite"


def test_connect_time_guard_honours_approvals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ssrf, "_approved", {})
    dns = fake_dns({"lan.example": ["10.1.2.3"], "pub.example": [PUBLIC]})
    assert (
        check_url(
            "http://pub.example/",
            allow_private=False,
            allowed_hosts=None,
            resolver=dns,
            approve=ssrf.approve_private,
        )
        is None
    )
    assert (
        check_url(
            "http://lan.example/",
            allow_private=["10.0.0.0/8"],
            allowed_hosts=None,
            resolver=dns,
            approve=ssrf.approve_private,
        )
        is None
    )
    assert ssrf.connect_refusal("pub.example", PUBLIC) is None
    assert "loopback address 127.0.0.1 at connect time" in ssrf.connect_refusal(
        "pub.example", "127.0.0.1"
    )
    assert ssrf.connect_refusal("lan.example", "10.1.2.3") is None
    assert "private" in ssrf.connect_refusal("lan.example", "10.9.9.9")
    check_url(
        "http://any.example/", allow_private=True, allowed_hosts=None, approve=ssrf.approve_private
    )
    assert ssrf.connect_refusal("any.example", "169.254.169.254") is None
