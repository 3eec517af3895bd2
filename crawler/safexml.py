"""Safe, forgiving parsing of feeds from strangers (sitemaps go through Scrapy's own parser).

``parse_xml`` refuses what could attack the parser (entity declarations: XXE, billion laughs;
gzip bombs) and reads what it can of merely broken XML (lxml ``recover``). ``feed_entries`` works
on element *local* names, so RSS 2.0, RSS 1.0 (RDF) and Atom are read even with wrong or missing
namespaces.
"""

from __future__ import annotations

import codecs
import html.entities
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawler.exceptions import BrokenXML, LimitExceeded, UnsafeXML
from crawler.limits import maybe_gunzip
from storage.timeutil import as_utc

MAX_XML_BYTES = 50_000_000
MAX_ENTRIES = 50_000

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
_NAMED_REF = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_NAMED = {"amp", "lt", "gt", "quot", "apos"}
_WS = re.compile(r"\s+")
_URL_SCHEMES = {"http", "https", "file"}


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of an RSS/Atom feed."""

    url: str
    title: str | None = None
    published: datetime | None = None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def _is_wide(data: bytes) -> bool:
    """Whether the document is UTF-16/32 (with a BOM or an obvious ``<\\0`` pattern)."""
    return data[:4] in (
        b"<\x00?\x00",
        b"<\x00<\x00",
        b"\x00<\x00?",
        b"\x00<\x00<",
    ) or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def _head_as_bytes(data: bytes, size: int = 65536) -> bytes:
    """The start of the document as ASCII-compatible bytes (UTF-16/32 decoded) for pre-checks."""
    head = data[:size]
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(enc, errors="ignore").encode("utf-8")
    if head[:4] in (b"<\x00?\x00", b"<\x00<\x00"):
        return head.decode("utf-16-le", errors="ignore").encode("utf-8")
    if head[:4] in (b"\x00<\x00?", b"\x00<\x00<"):
        return head.decode("utf-16-be", errors="ignore").encode("utf-8")
    return head


_CDATA = re.compile(rb"(<!\[CDATA\[.*?\]\]>)", re.S)
_BARE_AMP = re.compile(rb"&(?!(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});)")


def _repair_entities(data: bytes) -> bytes:
    """Make common feed breakage well-formed: HTML named entities (``&nbsp;``, ``&eacute;``)
    become numeric character references, bare ``&`` becomes ``&amp;`` (CDATA left alone)."""
    if b"&" not in data or _is_wide(data):
        return data  # UTF-16/32 documents are left to the parser

    def named(m: re.Match[bytes]) -> bytes:
        name = m.group(1).decode("ascii")
        if name in _XML_NAMED:
            return m.group(0)
        cp = html.entities.name2codepoint.get(name)
        return f"&#{cp};".encode() if cp else b"&amp;" + m.group(0)[1:]

    parts = _CDATA.split(data)
    for i in range(0, len(parts), 2):  # even indexes are outside CDATA sections
        parts[i] = _NAMED_REF.sub(named, _BARE_AMP.sub(b"&amp;", parts[i]))
    return b"".join(parts)


def parse_xml(data: bytes, *, max_bytes: int = MAX_XML_BYTES) -> etree._Element:
    """Parse untrusted XML safely; returns the root element.

    Gzip input is decompressed up to ``max_bytes`` (a bomb raises ``UnsafeXML``). A DOCTYPE that
    declares entities raises ``UnsafeXML`` before parsing; no entity is ever resolved, no DTD or
    network resource loaded. Ill-formed XML yields what can be read; nothing at all raises
    ``BrokenXML``.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("parse_xml takes bytes")
    try:
        data = maybe_gunzip(bytes(data), max_bytes)
    except LimitExceeded as exc:
        raise UnsafeXML(str(exc)) from None
    head = _head_as_bytes(data)
    if _DOCTYPE.search(head) and _ENTITY_DECL.search(head):
        raise UnsafeXML("XML declares entities in its DOCTYPE (refused: XXE / entity expansion)")
    data = _repair_entities(data)
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise BrokenXML(f"unreadable XML: {exc}") from None
    if root is None:
        raise BrokenXML("no XML element could be read")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise UnsafeXML("XML declares entities in its DOCTYPE (refused: XXE / entity expansion)")
    return root


def xml_problem(data: bytes, *, max_bytes: int = MAX_XML_BYTES) -> str | None:
    """The first well-formedness error of ``data`` (None when it parses strictly)."""
    try:
        data = maybe_gunzip(bytes(data), max_bytes)
        strict = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        )
        etree.fromstring(data, parser=strict)
    except etree.XMLSyntaxError as exc:
        return str(exc).splitlines()[0] if str(exc) else "ill-formed XML"
    except (LimitExceeded, ValueError) as exc:
        return str(exc)
    return None


def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _children(el: etree._Element, name: str) -> Iterator[etree._Element]:
    return (c for c in el if _local(c) == name)


def _child(el: etree._Element, *names: str) -> etree._Element | None:
    for name in names:
        for c in el:
            if _local(c) == name:
                return c
    return None


def _text(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    text = _WS.sub(" ", "".join(el.itertext())).strip()
    return text or None


def parse_date(value: str | None) -> datetime | None:
    """An aware UTC datetime from RFC 822 or ISO 8601 text; ``None`` when unreadable."""
    if not value:
        return None
    value = value.strip()
    dt: datetime | None = None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if dt is None:
        return None
    try:
        return as_utc(dt)
    except (OverflowError, ValueError):
        return None


def _url(raw: str | None, base_url: str, xml_base: str | None = None) -> str | None:
    if not raw:
        return None
    raw = raw.strip()
    base = urljoin(base_url, xml_base) if xml_base else base_url
    url = urljoin(base, raw)
    parts = urlsplit(url)
    if parts.scheme.lower() not in _URL_SCHEMES:
        return None
    if parts.scheme == "file" and urlsplit(base_url).scheme != "file":
        return None  # a remote document may not point at local files
    if parts.scheme in {"http", "https"} and not parts.hostname:
        return None
    return url


_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


def _entry_link(item: etree._Element, base_url: str) -> str | None:
    xml_base = item.get(_XML_BASE)
    links = list(_children(item, "link"))
    # Atom: <link rel="alternate" href=...>; the first alternate (or rel-less) wins.
    for link in links:
        href = link.get("href")
        if href and link.get("rel", "alternate").lower() == "alternate":
            return _url(href, base_url, xml_base)
    for link in links:
        if link.get("href") is None and (url := _url(_text(link), base_url, xml_base)):
            return url
    guid = _child(item, "guid", "id")
    if guid is not None and guid.get("isPermaLink", "true").lower() != "false":
        url = _url(_text(guid), base_url, xml_base)
        if url and url.startswith(("http://", "https://")):
            return url
    about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    return _url(about, base_url, xml_base)


def feed_entries(data: bytes, base_url: str, *, max_entries: int = MAX_ENTRIES) -> list[FeedEntry]:
    """The entries of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in document order, URLs absolute.

    Entries without a usable http(s) link are skipped; duplicates keep their first occurrence.
    """
    root = parse_xml(data)
    if _local(root) not in {"rss", "rdf", "feed", "channel"}:
        raise BrokenXML(f"not a feed: root element is <{_local(root) or root.tag}>")
    out: list[FeedEntry] = []
    seen: set[str] = set()
    for item in root.iter():
        if _local(item) not in {"item", "entry"}:
            continue
        url = _entry_link(item, base_url)
        if not url or url in seen:
            continue
        seen.add(url)
        date = _text(_child(item, "pubdate", "published", "date", "issued", "updated", "modified"))
        out.append(
            FeedEntry(url=url, title=_text(_child(item, "title")), published=parse_date(date))
        )
        if len(out) >= max_entries:
            break
    return out
