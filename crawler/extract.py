"""HTML/text → Article (placeholder: trafilatura with metadata; replaced by the extraction owner)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import trafilatura
from courlan import normalize_url

from monitor.article import Article


def _canonical(url: str) -> str:
    try:
        return normalize_url(url, strict=True)
    except (ValueError, AttributeError):
        return url


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def extract_html(
    html: str | bytes,
    *,
    url: str,
    source: str | None = None,
    keep_raw: bool = False,
    site_memory: Any = None,
) -> Article | None:
    """The main text and metadata of an HTML page, or None when it has no article text."""
    raw = html.encode("utf-8") if isinstance(html, str) else html
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None or not (doc.text or "").strip():
        return None
    if doc.url and doc.url.startswith("http"):
        canonical = _canonical(doc.url)
    else:
        canonical = _canonical(url) if url.startswith("http") else url
    text = html if isinstance(html, str) else raw.decode("utf-8", "replace")
    return Article(
        url=canonical,
        text=doc.text.strip(),
        title=doc.title,
        published=_date(doc.date),
        author=doc.author,
        site_name=doc.sitename,
        language=doc.language,
        fetched_url=url,
        source=source,
        raw_hash=hashlib.sha256(raw).hexdigest(),
        raw_size=len(raw),
        raw_html=text if keep_raw else None,
    )


def extract_text(
    text: str, *, url: str, published: datetime | None = None, title: str | None = None
) -> Article:
    """An Article from plain text (the first line is the title unless one is given)."""
    raw = text.encode("utf-8")
    body = text.strip()
    if title is None and "\n" in body:
        first, rest = body.split("\n", 1)
        if len(first) < 200 and rest.strip():
            title, body = first.strip(), rest.strip()
    return Article(
        url=url,
        text=body,
        title=title,
        published=published,
        fetched_url=url,
        raw_hash=hashlib.sha256(raw).hexdigest(),
        raw_size=len(raw),
    )
