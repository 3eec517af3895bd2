"""Byte-level limits: capped gunzip, binary sniffing, charset repair, page pre-checks; one-line
header text (``monitor.alerts.render.one_line``, what the e-mail channel runs)."""

from __future__ import annotations

import codecs
import gzip
import time
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.exceptions import LimitExceeded
from crawler.limits import (
    decode_html,
    gunzip_capped,
    looks_binary,
    maybe_gunzip,
    page_problem,
)
from monitor.alerts.render import one_line
from tests.support.badserver import gzip_bomb, links_page


def test_gunzip_roundtrip_and_multi_member() -> None:
    data = b"<p>Lorn</p>" * 1000
    assert gunzip_capped(gzip.compress(data), 1_000_000) == data
    assert gunzip_capped(gzip.compress(b"ab") + gzip.compress(b"cd"), 100) == b"abcd"


def test_gzip_bomb_refused_with_bounded_work() -> None:
    bomb = gzip_bomb()  # ~100 KB -> 100 MB
    start = time.perf_counter()
    with pytest.raises(LimitExceeded, match="beyond the limit of 5000000 bytes"):
        gunzip_capped(bomb, 5_000_000)
    assert time.perf_counter() - start < 1.0


def test_exact_limit_is_allowed() -> None:
    data = b"x" * 4096
    assert gunzip_capped(gzip.compress(data), 4096) == data
    with pytest.raises(LimitExceeded):
        gunzip_capped(gzip.compress(data), 4095)


def test_truncated_and_corrupt_gzip() -> None:
    full = gzip.compress(b"<p>" + b"lorn " * 5000 + b"</p>")
    partial = gunzip_capped(full[: len(full) // 2], 10_000_000)
    assert partial.startswith(b"<p>lorn") and len(partial) < 25_010
    with pytest.raises(LimitExceeded, match="not valid gzip"):
        gunzip_capped(b"\x1f\x8b\x08\x00garbagegarbage", 1000)


def test_maybe_gunzip_passes_plain_bytes_and_caps_them() -> None:
    assert maybe_gunzip(b"<rss/>", 100) == b"<rss/>"
    with pytest.raises(LimitExceeded):
        maybe_gunzip(b"x" * 101, 100)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000), st.integers(min_value=1, max_value=5000))
def test_gunzip_never_exceeds_cap(data: bytes, cap: int) -> None:
    packed = gzip.compress(data)
    try:
        out = gunzip_capped(packed, cap)
    except LimitExceeded:
        assert len(data) > cap
    else:
        assert out == data and len(out) <= cap


@pytest.mark.parametrize(
    ("body", "binary"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, True),
        (b"%PDF-1.4 ...", True),
        (b"\xff\xd8\xff\xe0JFIF", True),
        (b"PK\x03\x04zip", True),
        (zlib.compress(b"x" * 1000), True),
        (bytes(range(256)) * 10, True),
        (b"<html><body>ok</body></html>", False),
        (b"<p>one stray \x00 NUL in a long page</p>" + b"<p>text</p>" * 200, False),
        (codecs.BOM_UTF16_LE + "<p>caf\u00e9</p>".encode("utf-16-le"), False),
        ("<html><p>no bom utf16</p></html>".encode("utf-16-le"), False),
        ("<html><p>\u041b\u043e\u0440\u043d</p></html>".encode("cp1251"), False),
        (b"", False),
    ],
)
def test_looks_binary(body: bytes, binary: bool) -> None:
    assert looks_binary(body) is binary


def test_decode_html_strips_parser_unsafe_controls() -> None:
    enc, text = decode_html(b"<p>moor\x00ing \x0bposts\x1f</p>")
    assert enc == "utf-8" and text == "<p>mooring posts</p>"


def test_decode_html_header_charset_wins_over_detection() -> None:
    body = "<p>Лорн: эвакуированы 120 жителей</p>".encode("cp1251")
    assert (
        decode_html(body, "text/html; charset=windows-1251")[1]
        == "<p>Лорн: эвакуированы 120 жителей</p>"
    )


def test_decode_html_header_says_utf8_but_bytes_are_cp1251() -> None:
    body = ("<p>" + "Лорн: эвакуированы 120 жителей прибрежных улиц. " * 5 + "</p>").encode(
        "cp1251"
    )
    enc, text = decode_html(body, "text/html; charset=utf-8")
    assert enc == "cp1251" and "эвакуированы" in text and "\ufffd" not in text


def test_page_problem() -> None:
    ok = b"<html><body><p>The ferry runs again.</p></body></html>"
    assert page_problem(ok, max_bytes=10_000) is None
    assert page_problem(b"", max_bytes=10) == ("empty", "empty body")
    assert page_problem(b" \n\t", max_bytes=10).code == "empty"
    assert page_problem(ok, max_bytes=10).code == "too_large"
    png = b"\x89PNG\r\n\x1a\n" + bytes(100)
    assert page_problem(png, max_bytes=10_000) == ("not_html", "binary content (not HTML)")
    problem = page_problem(links_page(100_000), max_bytes=50_000_000)
    assert problem == ("too_many_links", "100000 links (over 10000); not an article")


@pytest.mark.parametrize(
    "raw",
    [
        "Toll rises\r\nBcc: everyone@example.test",
        "Toll\nrises",
        "Toll\u2028rises\u0085again",
        "Toll\x00rises\x1b[31m",
    ],
)
def test_one_line_strips_header_injection(raw: str) -> None:
    out = one_line(raw)
    assert not any(ch in out for ch in "\r\n\x00\x1b\u2028\u0085")
    assert out.startswith("Toll")


def test_one_line_caps_length() -> None:
    assert len(one_line("x" * 5000, limit=100)) == 100
