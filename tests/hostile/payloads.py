"""Hostile strings for injection tests, shared by the report, alerts and CLI tests.

Use them as scraped titles, text, author names and URLs, then assert with the helpers below that
what figwatch wrote (HTML report, e-mail, webhook body, terminal output) keeps them inert.
"""

from __future__ import annotations

import html
import json

HTML_PAYLOADS = [
    "<script>alert('figwatch')</script>",
    '"><img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">click</a>',
    "</title><style>body{display:none}</style>",
    "{{ 7*7 }} {% raw %}",
]
HEADER_PAYLOADS = [
    "Toll rises\r\nBcc: everyone@example.test",
    "Toll rises\nContent-Type: text/html\n\n<h1>forged</h1>",
    "Toll\u2028rises",
]
SQL_PAYLOADS = [
    "'); DROP TABLE article;--",
    "' OR '1'='1",
    "\\'; SELECT pg_sleep(5);--",
    "Robert'); DELETE FROM article_version WHERE ('1'='1",
]
TERMINAL_PAYLOADS = [
    "[bold red]FAKE ALERT[/]",
    "unbalanced [/] close",
    "[link=https://evil.test]official notice[/link]",
    "\x1b[2J\x1b[31mscreen cleared\x1b[0m",
]
ALL = HTML_PAYLOADS + HEADER_PAYLOADS + SQL_PAYLOADS + TERMINAL_PAYLOADS


def assert_html_escaped(document: str, payload: str) -> None:
    """``payload`` appears in ``document`` only HTML-escaped, never raw (when it has markup)."""
    if any(ch in payload for ch in "<>"):
        assert payload not in document, f"raw payload in HTML: {payload!r}"
    assert payload in html.unescape(document), f"payload lost from HTML: {payload!r}"


def assert_json_roundtrip(body: bytes | str, payload: str) -> None:
    """A webhook body is valid JSON and carries ``payload`` as one intact string value."""
    data = json.loads(body)
    assert any(payload in value for value in _strings(data)), f"{payload!r} not carried intact"


def _strings(data: object):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(data, list | tuple):
        for value in data:
            yield from _strings(value)


def assert_header_safe(value: str) -> None:
    """A mail header value is one line for every reader, Python's email package included
    (it refuses U+2028, U+2029 and U+0085 as line breaks, like ``str.splitlines``)."""
    assert len(value.splitlines()) <= 1 and not value.endswith(("\r", "\n")), repr(value)
