"""Bytes from strangers: capped decompression, charset repair, binary sniffing, page pre-checks.

Everything here is pure (no I/O) so that the crawler, ``figwatch ingest`` and the alerts code can
share it. Each helper either returns something usable or raises ``LimitExceeded`` with one line.
"""

from __future__ import annotations

import codecs
import re
import zlib
from typing import NamedTuple

from w3lib.encoding import html_to_unicode, resolve_encoding

from crawler.exceptions import LimitExceeded

GZIP_MAGIC = b"\x1f\x8b"
DEFAULT_MAX_BYTES = 50_000_000

_BINARY_MAGIC = (
    b"%PDF-",
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"PK\x03\x04",  # zip, docx, xlsx
    GZIP_MAGIC,
    b"BZh",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf",
    b"RIFF",
    b"\x7fELF",
    b"MZ",
    b"OggS",
    b"ID3",
    b"\x00\x00\x00\x18ftyp",
    b"\x00\x00\x00\x20ftyp",
    b"wOFF",
    b"wOF2",
)
_PREFERRED = (
    "utf_8",
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1251",
    "koi8_r",
    "cp1250",
    "iso8859_2",
    "cp1253",
    "cp1254",
    "cp1257",
)
_PARSER_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LINK = re.compile(rb"<a[\s>]", re.I)
MAX_LINKS = 10_000


def gunzip_capped(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Decompress gzip ``data`` (all members), refusing output beyond ``max_bytes``.

    Memory use stays bounded by ``max_bytes``: a gzip bomb is refused after reading at most
    ``max_bytes + 1`` decompressed bytes. A truncated stream yields what could be read.
    """
    out = bytearray()
    rest = data
    while rest:
        if not rest.startswith(GZIP_MAGIC):
            break  # trailing garbage after the last member is ignored, as gzip(1) does
        dec = zlib.decompressobj(16 + zlib.MAX_WBITS)
        chunk_in = rest
        while chunk_in:
            budget = max_bytes - len(out) + 1
            try:
                piece = dec.decompress(chunk_in, budget)
            except zlib.error as exc:
                if out:
                    return bytes(out)
                raise LimitExceeded(f"not valid gzip data: {exc}") from None
            out += piece
            if len(out) > max_bytes:
                raise LimitExceeded(f"gzip data inflates beyond the limit of {max_bytes} bytes")
            chunk_in = dec.unconsumed_tail
            if dec.eof:
                break
        if not dec.eof:
            return bytes(out)  # truncated: keep what was readable
        rest = dec.unused_data
    return bytes(out)


def maybe_gunzip(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """``data`` decompressed if it starts with the gzip magic number, else unchanged (size-checked)."""
    if data.startswith(GZIP_MAGIC):
        return gunzip_capped(data, max_bytes)
    if len(data) > max_bytes:
        raise LimitExceeded(f"{len(data)} bytes is over the limit of {max_bytes} bytes")
    return data


def _utf16_without_bom(sample: bytes) -> bool:
    """True when every other byte is NUL, i.e. ASCII-range text in UTF-16 without a BOM."""
    if len(sample) < 8:
        return False
    evens, odds = sample[0::2], sample[1::2]
    return evens.count(0) >= 0.9 * len(evens) or odds.count(0) >= 0.9 * len(odds)


def looks_binary(body: bytes, sample_size: int = 4096) -> bool:
    """Whether ``body`` is binary (image, PDF, archive...) rather than text, whatever its label."""
    if not body:
        return False
    if body.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if body.startswith(_BINARY_MAGIC):
        return True
    sample = body[:sample_size]
    if b"\x00" in sample and _utf16_without_bom(sample):
        return False
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) * 0.02


def _auto_detect(body: bytes) -> str | None:
    """An encoding for undeclared bytes: strict UTF-8 if it decodes, else charset_normalizer's guess."""
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        matches = list(from_bytes(body[:200_000]))
    except Exception:  # noqa: BLE001 - detection is best effort; fall back below
        matches = []
    if not matches:
        return "cp1252"
    best = matches[0]
    # Short texts tie between near-identical codepages (cp1250/cp1252/cp1257, cp1251/mac-cyrillic):
    # among near-ties prefer the charsets web pages actually use.
    ties = {
        m.encoding
        for m in matches
        if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.05
    }
    for preferred in _PREFERRED:
        if preferred in ties:
            return preferred
    return best.encoding


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode an HTML body whatever its charset: returns ``(encoding, text)``.

    Order: byte-order mark, the Content-Type header, ``<meta charset>``, then detection. A
    declared UTF-8 that does not decode (a cp1251 or latin-1 page mislabelled as UTF-8) is
    re-detected instead of being turned into replacement characters. NUL and other control
    characters that HTML/XML parsers reject are removed.
    """
    if not body:
        return "utf-8", ""
    sample = body[:4096]
    if (
        not body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8))
        and b"\x00" in sample
        and _utf16_without_bom(sample)
    ):
        enc = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        return enc, _PARSER_UNSAFE.sub("", body.decode(enc, errors="replace"))
    enc, text = html_to_unicode(content_type, body, auto_detect_fun=_auto_detect)
    bad = text.count("\ufffd")
    if bad > 2 and bad > len(text) // 1000 and resolve_encoding(enc) == "utf-8":
        guess = _auto_detect(body)
        if guess and resolve_encoding(guess) != "utf-8":
            try:
                return resolve_encoding(guess) or guess, _PARSER_UNSAFE.sub("", body.decode(guess))
            except (UnicodeDecodeError, LookupError):
                pass
    return enc, _PARSER_UNSAFE.sub("", text)


class PageProblem(NamedTuple):
    """Why a page is skipped: a short ``code`` for crawl records and a one-line ``detail``."""

    code: str
    detail: str


def page_problem(body: bytes, *, max_bytes: int, max_links: int = MAX_LINKS) -> PageProblem | None:
    """Why a fetched page should be skipped before extraction, or ``None``.

    Codes, cheapest check first: ``empty``, ``too_large``, ``not_html`` (binary whatever the
    Content-Type), ``too_many_links`` (trafilatura takes ~30 s on 100,000 links).
    """
    if not body or not body.strip():
        return PageProblem("empty", "empty body")
    if len(body) > max_bytes:
        return PageProblem("too_large", f"{len(body)} bytes is over the limit of {max_bytes}")
    if looks_binary(body):
        return PageProblem("not_html", "binary content (not HTML)")
    links = len(_LINK.findall(body))
    if links > max_links:
        return PageProblem("too_many_links", f"{links} links (over {max_links}); not an article")
    return None
