"""SSRF guard: figwatch fetches only public addresses on a source's own hosts.

``check_url`` is the rule (reason string or ``None``); ``SSRFGuardMiddleware`` applies it to every
Scrapy request, which includes each redirect hop (RedirectMiddleware schedules a new request that
passes through ``process_request`` again) and robots.txt fetches. Hosts are resolved with
``getaddrinfo`` and EVERY returned address must be public, unless the source allows private
addresses (``True``, or a list of networks such as ``["127.0.0.1/32", "10.1.0.0/16"]``).

DNS rebinding: Twisted resolves the host again when it connects, so an answer that changes
between check and connect would slip past the middleware alone. ``GuardedResolver`` (Scrapy
setting ``TWISTED_DNS_RESOLVER``) closes that gap: at connect time it refuses any non-public
address that the middleware did not approve for that host under the source's ``allow_private``.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

from crawler.exceptions import SSRFRefused
from crawler.items import META

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
PrivatePolicy = bool | Iterable[str | Network] | None
Resolver = Callable[[str], list[str]]
Approve = Callable[[str, str], None]

STAT = "figwatch/ssrf_refused"
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_CACHE_TTL = 30.0
_CACHE_MAX = 2048


def address_class(ip: str | IPAddress) -> str | None:
    """Why ``ip`` is not a public address (``"loopback"``, ``"private"``...), or ``None``."""
    addr = ipaddress.ip_address(ip) if isinstance(ip, str) else ip
    if isinstance(addr, ipaddress.IPv6Address):
        embedded = addr.ipv4_mapped or addr.sixtofour
        if embedded is None and addr in _NAT64:
            embedded = ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
        if embedded is not None:
            return address_class(embedded)
        if addr.teredo:
            return "reserved"
    if addr.is_unspecified:
        return "unspecified"
    if addr.is_loopback:
        return "loopback"
    if addr.is_link_local:
        return "link-local"
    if addr.is_multicast:
        return "multicast"
    if isinstance(addr, ipaddress.IPv4Address) and addr in _CGNAT:
        return "private"
    if addr.is_private:
        return "private"
    if addr.is_reserved or not addr.is_global:
        return "reserved"
    return None


_cache: dict[str, tuple[float, list[str]]] = {}
_cache_lock = threading.Lock()


def resolve(host: str) -> list[str]:
    """All addresses ``host`` resolves to (cached for 30 s); ``[]`` when it does not resolve."""
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(host)
        if hit and now - hit[0] < _CACHE_TTL:
            return hit[1]
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        addrs: list[str] = []
    else:
        addrs = sorted({str(info[4][0]).split("%", 1)[0] for info in infos})
    with _cache_lock:
        if len(_cache) >= _CACHE_MAX:
            _cache.clear()
        _cache[host] = (now, addrs)
    return addrs


def _networks(policy: PrivatePolicy) -> list[Network] | bool:
    if policy is None or isinstance(policy, bool):
        return bool(policy)
    if isinstance(policy, str):
        policy = [policy]
    return [ipaddress.ip_network(n, strict=False) if isinstance(n, str) else n for n in policy]


def dns_host(host: str) -> str:
    """A host name as DNS compares it: lower case, no surrounding space, no trailing dot (the
    one normaliser for the guard's host checks; ``crawler.noise.memory.site_key`` also drops
    "www." for a site's identity)."""
    return host.lower().strip().rstrip(".")


def host_allowed(host: str, allowed_hosts: Iterable[str] | None) -> bool:
    """Whether ``host`` is one of ``allowed_hosts`` or a subdomain of one (``None``: any host)."""
    if allowed_hosts is None:
        return True
    host = dns_host(host)
    for allowed in allowed_hosts:
        allowed = dns_host(allowed).removeprefix("*.")
        if allowed and (host == allowed or host.endswith("." + allowed)):
            return True
    return False


def check_url(
    url: str,
    *,
    allow_private: PrivatePolicy,
    allowed_hosts: Iterable[str] | None,
    allow_files: bool = False,
    resolver: Resolver = resolve,
    approve: Approve | None = None,
) -> str | None:
    """Why figwatch must not fetch ``url`` (one line), or ``None`` when it may.

    ``allow_private``: ``False`` refuses every non-public address; ``True`` allows all; a list of
    networks allows only those. ``allowed_hosts``: the source's hosts (subdomains included),
    ``None`` for no host restriction. ``file://`` URLs pass only with ``allow_files``.
    ``approve(host, address)`` is told of each non-public address admitted by ``allow_private``
    (``"*"`` for all), which is how ``GuardedResolver`` learns what it may connect to.
    """
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return "malformed URL"
    if scheme == "file":
        return None if allow_files else "file:// URLs are not allowed for this source"
    if scheme not in {"http", "https"}:
        return f"scheme {scheme or '(none)'}:// is not allowed"
    host = (host or "").rstrip(".")
    if not host:
        return "URL has no host"
    if not host_allowed(host, allowed_hosts):
        return f"host {host} is outside the source's allowed domains"
    networks = _networks(allow_private)
    if networks is True:
        if approve is not None:
            approve(host, "*")
        return None
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    addrs = [str(literal)] if literal is not None else resolver(host)
    if not addrs:
        return f"host {host} does not resolve"
    for addr in addrs:
        ip = ipaddress.ip_address(addr)
        kind = address_class(ip)
        if kind is None:
            continue
        if isinstance(networks, list) and any(
            ip.version == n.version and ip in n for n in networks
        ):
            if approve is not None:
                approve(host, str(ip))
            continue
        shown = host if host == addr else f"{host} ({addr})"
        return f"{shown} is a {kind} address"
    return None


_approved: dict[str, set[str]] = {}
_approved_lock = threading.Lock()


def approve_private(host: str, address: str) -> None:
    """Let ``GuardedResolver`` connect ``host`` to non-public ``address`` (``"*"``: any)."""
    with _approved_lock:
        _approved.setdefault(dns_host(host), set()).add(address)


def connect_refusal(host: str, address: str) -> str | None:
    """Why connecting ``host`` to ``address`` is refused at connect time, or ``None``."""
    kind = address_class(address.split("%", 1)[0])
    if kind is None:
        return None
    allowed = _approved.get(dns_host(host), set())
    if "*" in allowed or address in allowed:
        return None
    return f"{host} resolved to {kind} address {address} at connect time (DNS rebinding?)"


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing non-public answers the SSRF middleware did not approve.

    Enable with ``TWISTED_DNS_RESOLVER = "crawler.ssrf.GuardedResolver"``. Hosts listed in the
    ``FIGWATCH_PRIVATE_HOSTS`` setting (e.g. an HTTP proxy on 127.0.0.1) are always allowed.
    """

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> GuardedResolver:
        for host in crawler.settings.getlist("FIGWATCH_PRIVATE_HOSTS"):
            approve_private(host, "*")
        return super().from_crawler(crawler, reactor)

    def getHostByName(self, name: str, timeout: Any = ()) -> Any:  # noqa: N802 - Twisted API
        d = super().getHostByName(name, timeout)
        d.addCallback(self._guard, name)
        return d

    @staticmethod
    def _guard(address: str, name: str) -> str:
        reason = connect_refusal(name, address)
        if reason is not None:
            log.warning("refused connection: %s", reason)
            raise DNSLookupError(reason)
        return address


_RECORD_REASON = {
    "loopback": "private_address",
    "private": "private_address",
    "link-local": "private_address",
    "multicast": "private_address",
    "reserved": "private_address",
    "unspecified": "private_address",
    "offsite": "offsite",
    "unresolvable": "dns",
    "file": "local_file_refused",
    "scheme": "bad_scheme",
}


def _reason_kind(reason: str) -> str:
    for word in ("loopback", "private", "link-local", "multicast", "reserved", "unspecified"):
        if f"a {word} address" in reason:
            return word
    if "allowed domains" in reason:
        return "offsite"
    if "resolve" in reason:
        return "unresolvable"
    if "file://" in reason:
        return "file"
    return "scheme"


def source_policy(spider: Any, meta: dict[str, Any] | None = None) -> tuple[Any, Any, bool]:
    """``(allow_private, allowed_hosts, allow_files)`` for a spider's source.

    Looks at request ``meta`` overrides, then spider attributes, then the figwatch spiders'
    ``source_config`` (``allow_private``, ``allowed_domains``) and ``source_urls``.
    """
    meta = meta or {}
    source = getattr(spider, "source_config", None)
    allow_private = meta.get(META + "allow_private", getattr(spider, "allow_private", None))
    if allow_private is None:
        allow_private = getattr(source, "allow_private", False)
    hosts = getattr(spider, "figwatch_allowed_hosts", None)
    if hosts is None:
        hosts = getattr(spider, "allowed_domains", None) or None
    if hosts is None:
        hosts = list(getattr(source, "allowed_domains", None) or []) or None
    allow_files = meta.get(META + "allow_files", getattr(spider, "allow_files", None))
    if allow_files is None:
        try:
            starts = list(getattr(spider, "start_urls", None) or getattr(spider, "source_urls", []))
        except Exception:  # noqa: BLE001 - a spider without a usable source: no local files
            starts = []
        allow_files = bool(starts) and all(str(u).startswith("file:") for u in starts)
    return allow_private, hosts, bool(allow_files)


class SSRFGuardMiddleware:
    """Scrapy downloader middleware applying ``check_url`` to every request and redirect hop.

    Per source (see ``source_policy``; request ``meta`` overrides spider attributes, which
    override ``spider.source_config``):
      ``allow_private`` / ``meta["figwatch_allow_private"]``: bool or list of networks (default False);
      ``figwatch_allowed_hosts`` (else ``allowed_domains``; unset: any public host);
      ``allow_files`` / ``meta["figwatch_allow_files"]`` (default: the source's start URLs are file://).
    Refusals raise ``SSRFRefused`` (an ``IgnoreRequest`` with ``.reason``) and count in
    ``figwatch/ssrf_refused`` (plus ``/<kind>``).
    A file:// request reached by an http(s) redirect is always refused.
    """

    def __init__(self, crawler: Any = None, resolver: Resolver | None = None) -> None:
        self.crawler = crawler
        self.stats = getattr(crawler, "stats", None)
        self.resolver = resolver

    @classmethod
    def from_crawler(cls, crawler: Any) -> SSRFGuardMiddleware:
        return cls(crawler)

    def _spider(self, spider: Any) -> Any:
        return spider if spider is not None else getattr(self.crawler, "spider", None)

    def process_request(self, request: Any, spider: Any = None) -> None:
        spider = self._spider(spider)
        meta = request.meta
        allow_private, hosts, allow_files = source_policy(spider, meta)
        if request.url.startswith("file:") and any(
            not str(u).startswith("file:") for u in meta.get("redirect_urls", ())
        ):
            allow_files = False
        reason = check_url(
            request.url,
            allow_private=allow_private,
            allowed_hosts=hosts,
            allow_files=allow_files,
            resolver=self.resolver or resolve,
            approve=approve_private,
        )
        if reason is None:
            return None
        kind = _reason_kind(reason)
        if self.stats is not None:
            self.stats.inc_value(STAT)
            self.stats.inc_value(f"{STAT}/{kind}")
        source = getattr(spider, "name", "?")
        hop = " (redirect hop)" if meta.get("redirect_urls") else ""
        level = logging.INFO if kind == "offsite" else logging.WARNING
        log.log(level, "source %s: refused %s%s: %s", source, request.url[:300], hop, reason)
        raise SSRFRefused(_RECORD_REASON.get(kind, "ssrf_" + kind), f"SSRF guard: {reason}")
