"""Turn a fetched page (or saved plain text) into a clean :class:`~monitor.article.Article`.

trafilatura extracts the main text and metadata; the residual-noise filter in
:mod:`crawler.noise` removes what it leaves behind (prompts, teaser lists, bio boxes, credits…).
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

import charset_normalizer
from courlan import normalize_url
from lxml import etree
from trafilatura import bare_extraction

from crawler.limits import decode_html as page_text
from crawler.noise import (
    Decision,
    Line,
    SiteMemory,
    clean_text,
    filter_lines,
    memory_free_text,
    site_key,
    text_to_lines,
)
from monitor.article import Article, site_host
from storage.timeutil import as_utc

log = logging.getLogger(__name__)

#: trafilatura settings used by figwatch (benchmarked in benchmarks/extraction.py)
TRAFILATURA_OPTIONS: dict[str, object] = {
    "include_comments": False,
    "include_tables": True,
    "include_links": True,
    "favor_recall": True,
    "with_metadata": True,
}
_TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|igshid|_ga|_gl|"
    r"ref_src|ref_url|cmpid|icid|ncid|ocid|mkt_tok|s_cid|spm|trk|__twitter_impression)$",
    re.IGNORECASE,
)
_META_CHARSET = re.compile(
    r"<meta[^>]+(?:charset\s*=|http-equiv\s*=\s*[\"']?content-type)[^>]*>", re.IGNORECASE
)
_HTML_LANG = re.compile(
    rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.I
)
#: fewer words than this after cleaning is not an article (a nav stub, an error page)
MIN_WORDS = 8
_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body|article|div|p)\b", re.IGNORECASE)


# ---------------------------------------------------------------------------- decoding / URLs


def decode_html(raw: str | bytes, content_type: str | None = None) -> str:
    """Bytes to text whatever the charset (see ``crawler.limits.decode_html``)."""
    if isinstance(raw, str):
        return raw
    return page_text(raw, content_type)[1]


def decode_text(raw: bytes) -> str:
    """Plain-text file bytes to text: BOM (UTF-8/16/32), strict UTF-8, detection, then cp1252."""
    for bom, enc in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if raw.startswith(bom):
            return raw.decode(enc, "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(raw).best()
    if best is not None:
        return str(best)
    return raw.decode("cp1252", "replace")


def utf8_html(raw: str | bytes, content_type: str | None = None) -> bytes:
    """The page as UTF-8 bytes (trafilatura parses bytes faster than str)."""
    if isinstance(raw, str):
        return raw.encode("utf-8", "surrogatepass")
    enc, text = page_text(raw, content_type)
    if enc.replace("-", "").lower() == "utf8" and not raw.startswith(b"\xef\xbb\xbf"):
        return raw
    # drop a now-wrong charset declaration so nothing re-decodes the UTF-8 bytes as cp1251
    text = _META_CHARSET.sub("", text, count=2)
    return text.encode("utf-8", "surrogatepass")


def _same_site(canonical: SplitResult, fetched: SplitResult) -> bool:
    """Whether a canonical link may stand for the fetched page: same site, or a local file."""
    if fetched.scheme == "file":
        return True
    a = site_host(canonical.hostname or "")
    b = site_host(fetched.hostname or "")
    return bool(a) and (a == b or a.endswith("." + b) or b.endswith("." + a))


def canonical_url(url: str, canonical: str | None = None) -> str:
    """The article's identity: canonical link if sane, courlan-normalised, tracking stripped."""
    chosen = url
    if canonical and canonical.startswith(("http://", "https://")):
        c, u = urlsplit(canonical), urlsplit(url)
        # a canonical pointing at a site root is a template bug, not the article's address;
        # one on another site (a syndicated copy naming its original) is not this page's identity
        if (c.path.strip("/") or not u.path.strip("/")) and _same_site(c, u):
            chosen = canonical
    try:
        parts = urlsplit(chosen.strip())
        query = [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        ]
        stripped = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
        return normalize_url(stripped) if parts.scheme in ("http", "https") else stripped
    except Exception:  # malformed URLs: keep what we were given rather than crash a crawl
        return chosen.strip()


_META_TIME = re.compile(
    rb"<meta\b[^>]*?(?:property|name|itemprop)\s*=\s*[\"']?"
    rb"(?:article:published_time|og:published_time|datePublished|pubdate|publishdate|dc.date.issued)"
    rb"[\"']?[^>]*?content\s*=\s*[\"']([^\"'>]{10,40})[\"']",
    re.IGNORECASE,
)
_JSONLD_TIME = re.compile(rb'"datePublished"\s*:\s*"([^"]{10,40})"')


def precise_published(raw: bytes, day: datetime | None) -> datetime | None:
    """The publication time to the minute when the page states one (htmldate keeps only the
    day): from ``article:published_time``-style meta tags or JSON-LD, if it falls on ``day``."""
    head = raw[:200_000]
    for pattern in (_META_TIME, _JSONLD_TIME):
        for match in pattern.finditer(head):
            value = match.group(1).decode("ascii", "ignore").strip().replace("Z", "+00:00")
            try:
                when = datetime.fromisoformat(value)
            except ValueError:
                continue
            if "T" not in value and " " not in value.strip():
                continue  # a bare date adds nothing to htmldate's
            local_day, utc = when.date(), as_utc(when)  # the day where it was published
            if day is None or local_day == day.date() or utc.date() == day.date():
                return utc
    return day


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    return as_utc(dt)


# ---------------------------------------------------------------------------- HTML → lines


def body_lines(body: etree._Element | None) -> list[Line]:
    """trafilatura's XML body to lines, with the kind of block and its share of link text."""
    if body is None:
        return []
    for lb in body.iter("lb"):
        lb.tail = "\n" + (lb.tail or "")
    out: list[Line] = []

    def add(el: etree._Element, kind: str) -> None:
        text = "".join(el.itertext())
        total = len(text.strip())
        if not total:
            return
        link = sum(len("".join(r.itertext()).strip()) for r in el.iter("ref"))
        ratio = min(1.0, link / total)
        for part in text.split("\n"):
            part = " ".join(part.split())
            if part:
                out.append(Line(part, kind=kind, link_ratio=ratio, has_links=True))

    for el in body:
        tag = el.tag
        if tag == "list":
            for item in el.iter("item"):
                if item.getparent() is el:
                    add(item, "item")
        elif tag == "table":
            for row in el.iter("row"):
                cells = [" ".join("".join(c.itertext()).split()) for c in row.iter("cell")]
                cells = [c for c in cells if c]
                if cells:
                    link = sum(len("".join(r.itertext())) for r in row.iter("ref"))
                    text = " | ".join(cells)
                    out.append(Line(text, "cell", min(1.0, link / max(1, len(text))), True))
        elif isinstance(tag, str):
            add(el, tag if tag in ("head", "quote") else "p")
    return out


@dataclass(slots=True)
class Extraction:
    """Everything one extraction decided: metadata, per-line decisions, the clean text."""

    decisions: list[Decision]
    title: str | None = None
    published: datetime | None = None
    author: str | None = None
    site_name: str | None = None
    language: str | None = None
    canonical: str | None = None

    @property
    def text(self) -> str:
        return clean_text(self.decisions)

    @property
    def identity_text(self) -> str | None:
        """The text without site-memory removals, when any were made (else None)."""
        if not any(d.rule == "site_memory" for d in self.decisions):
            return None
        return memory_free_text(self.decisions)

    @property
    def removed(self) -> list[tuple[str, str]]:
        """(rule, line) for every removed line, in page order."""
        return [(d.rule, d.line.text) for d in self.decisions if d.rule]

    def render(self, explain: bool = False) -> str:
        """Plain-text report for ``figwatch extract``: the clean text, or with ``explain`` every
        line in page order, kept ones as ``  | text`` and removed ones as ``- [rule] text``."""
        if not explain:
            return self.text
        out = []
        for d in self.decisions:
            out.append(f"- [{d.rule}] {d.line.text}" if d.rule else f"  | {d.line.text}")
        removed = sum(1 for d in self.decisions if d.rule)
        out.append(f"# {len(self.decisions) - removed} lines kept, {removed} removed")
        return "\n".join(out)


def _run_trafilatura(html: bytes, url: str):  # -> trafilatura Document | None
    try:
        return bare_extraction(html, url=url, **TRAFILATURA_OPTIONS)
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        log.warning("trafilatura failed on %s: %s", url, exc)
        return None


def analyse_html(
    html: str | bytes,
    *,
    url: str,
    site_memory: SiteMemory | None = None,
    learn: bool = True,
    content_type: str | None = None,
) -> Extraction | None:
    """Run trafilatura and the noise filter on a page; None when trafilatura finds nothing."""
    data = utf8_html(html, content_type)
    doc = _run_trafilatura(data, url)
    if doc is None:
        return None
    language = doc.language
    if not language:
        m = _HTML_LANG.search(data[:4096])
        language = m.group(1).decode("ascii").lower() if m else None
    lines = body_lines(doc.body)
    decisions = filter_lines(
        lines, title=doc.title, site=site_key(url), memory=site_memory, learn=learn
    )
    return Extraction(
        decisions=decisions,
        title=doc.title or None,
        published=precise_published(data, _parse_date(doc.date)),
        author=doc.author or None,
        site_name=doc.sitename or None,
        language=language or None,
        canonical=doc.url or None,
    )


# ---------------------------------------------------------------------------- public API


def extract_html(
    html: str | bytes,
    *,
    url: str,
    source: str | None = None,
    keep_raw: bool = False,
    site_memory: SiteMemory | None = None,
    content_type: str | None = None,
    learn: bool = True,
) -> Article | None:
    """Extract a clean Article from a fetched page; None (logged) when it has no article text.

    With ``site_memory`` the page's short lines are counted for its site (``learn=False`` to
    only consult it, e.g. for a revision of an article already stored) and learned boilerplate
    is dropped.
    """
    raw = html.encode("utf-8") if isinstance(html, str) else bytes(html)
    result = analyse_html(
        raw, url=url, site_memory=site_memory, learn=learn, content_type=content_type
    )
    if result is None:
        log.info("no article text in %s (trafilatura found no main content)", url)
        return None
    body = result.text
    if len(re.findall(r"\w+", body)) < MIN_WORDS:
        log.info("no article text in %s (fewer than %d words left after cleaning)", url, MIN_WORDS)
        return None
    decoded = decode_html(html, content_type) if keep_raw else None
    return Article(
        url=canonical_url(url, result.canonical),
        text=body,
        identity_text=result.identity_text,
        title=result.title,
        published=result.published,
        author=result.author,
        site_name=result.site_name,
        language=result.language,
        fetched_url=url,
        source=source,
        raw_hash=hashlib.sha256(raw).hexdigest(),
        raw_size=len(raw),
        raw_html=decoded,
    )


def analyse_text(
    text: str,
    *,
    url: str,
    title: str | None = None,
    site_memory: SiteMemory | None = None,
    learn: bool = True,
) -> Extraction:
    """Run the noise filter on plain text."""
    decisions = filter_lines(
        text_to_lines(text), title=title, site=site_key(url), memory=site_memory, learn=learn
    )
    return Extraction(decisions=decisions, title=title)


def extract_text(
    text: str,
    *,
    url: str,
    published: datetime | None = None,
    title: str | None = None,
    site_memory: SiteMemory | None = None,
    source: str | None = None,
    learn: bool = True,
) -> Article:
    """An Article from plain text (a saved scrape): the noise filter is applied line by line."""
    raw = text.encode("utf-8")
    result = analyse_text(text, url=url, title=title, site_memory=site_memory, learn=learn)
    return Article(
        url=canonical_url(url),
        text=result.text,
        identity_text=result.identity_text,
        title=title or headline_of(result.text),
        published=published,
        fetched_url=url,
        source=source,
        raw_hash=hashlib.sha256(raw).hexdigest(),
        raw_size=len(raw),
    )


def headline_of(text: str) -> str | None:
    """The first line of a plain text when it reads like a headline (short, no final stop)."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first and len(first.split()) <= 20 and first[-1] not in '.:;,!?"”':
        return first
    return None


def looks_like_html(data: str | bytes) -> bool:
    """Sniff whether input is HTML (rather than plain text)."""
    head = data[:4096] if isinstance(data, bytes) else data[:4096].encode("utf-8", "replace")
    return bool(_HTML_SNIFF.search(head))


def explain(
    data: str | bytes,
    *,
    url: str,
    html: bool | None = None,
    site_memory: SiteMemory | None = None,
) -> Extraction | None:
    """Kept and removed lines (with the rule that removed each) for ``figwatch extract --explain``.

    ``html=None`` sniffs the input. Site memory is consulted but not updated.
    """
    is_html = looks_like_html(data) if html is None else html
    if is_html:
        return analyse_html(data, url=url, site_memory=site_memory, learn=False)
    text = decode_text(data) if isinstance(data, bytes) else data
    decisions = filter_lines(
        text_to_lines(text), site=site_key(url), memory=site_memory, learn=False
    )
    return Extraction(decisions=decisions)
