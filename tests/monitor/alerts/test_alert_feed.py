"""The Atom feed of alerts: valid Atom, read back by real parsers (feedparser over HTTP, lxml)."""

from __future__ import annotations

import threading
from datetime import datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from figwatch.cli import app
from monitor.alerts import enqueue
from monitor.alerts.feed import latest_alerts, write_feed
from monitor.config import parse_config
from storage.db import connect, session_scope
from tests.support.alerts import event

A = "{http://www.w3.org/2005/Atom}"
HOSTILE = "<script>alert('x')</script> ]]> &amp; \x00\x0b\x1b[31m \u202eevil"


def sample_events():  # type: ignore[no-untyped-def]
    return [
        event(1),
        event(2, kind="contradicts", new_value_text="41", old_value_text="27"),
        event(
            3,
            place=HOSTILE,
            story=HOSTILE,
            new_title=HOSTILE,
            new_sentence=f"At least 41 died, said {HOSTILE}.",
            new_url="javascript:alert(document.cookie)",
            old_url="https://example.test/old?a=1&b=<2>",
        ),
    ]


def queue(engine: Engine) -> None:
    pol = parse_config(
        {
            "alerts": {
                "channel": [{"name": "a", "type": "console"}, {"name": "b", "type": "console"}]
            }
        }
    ).alerts
    with session_scope(engine) as s:
        enqueue(s, sample_events(), pol)


def assert_valid_atom(data: bytes) -> etree._Element:
    """RFC 4287's structure: the elements a feed and each entry must have, once each; unique
    entry ids; RFC 3339 dates; absolute http(s) links; text and html constructs well formed."""
    root = etree.fromstring(data)
    assert root.tag == f"{A}feed"
    for el in [root, *root.findall(f"{A}entry")]:
        for name in ("id", "title", "updated"):
            assert len(el.findall(f"{A}{name}")) == 1, (el.tag, name)
        datetime.fromisoformat(el.findtext(f"{A}updated"))
        assert el.findtext(f"{A}id").split(":")[0] in {"tag", "urn", "http", "https"}
        for link in el.findall(f"{A}link"):
            assert link.get("href", "").startswith(("http://", "https://")), link.get("href")
            assert link.get("rel", "alternate") in {"alternate", "related", "self"}
        content = el.find(f"{A}content")
        if content is not None and content.get("type") == "html":
            etree.fromstring(f"<div>{content.text}</div>", etree.HTMLParser())  # parses
    entries = root.findall(f"{A}entry")
    assert root.find(f"{A}author/{A}name") is not None or all(
        e.find(f"{A}author") is not None for e in entries
    )
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(ids) == len(set(ids))
    for e in entries:  # an entry without an alternate link must have content
        alternates = [x for x in e.findall(f"{A}link") if x.get("rel", "alternate") == "alternate"]
        assert alternates or e.find(f"{A}content") is not None
    return root


def test_feed_is_valid_atom_with_both_articles_linked_and_scraped_text_escaped(
    engine: Engine, tmp_path: Path
) -> None:
    queue(engine)
    cfg = parse_config(
        {"reports": {"dir": str(tmp_path), "feed_url": "https://desk.example/alerts.atom"}}
    )
    path = write_feed(engine, cfg)
    assert path == tmp_path / "alerts.atom"
    data = path.read_bytes()
    root = assert_valid_atom(data)
    entries = root.findall(f"{A}entry")
    assert len(entries) == 3  # one per alert, not one per channel (2 channels here)
    newest, middle, oldest = entries
    assert [e.findtext(f"{A}id").rsplit("/", 1)[1] for e in entries] == ["3", "2", "1"]
    links = {x.get("rel", "alternate"): x.get("href") for x in oldest.findall(f"{A}link")}
    assert links == {
        "alternate": "https://example.test/norvale-330",
        "related": "https://example.test/norvale-327",
    }
    assert oldest.findtext(f"{A}title") == "Death toll update: 327 → 330, Norvale floods"
    # the hostile entry: no javascript: link, control characters gone, HTML escaped in content
    assert {x.get("rel", "alternate") for x in newest.findall(f"{A}link")} == {"related"}
    html = newest.findtext(f"{A}content")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert b"\x00" not in data and b"\x0b" not in data and b"\x1b" not in data
    assert "javascript:" not in data.decode()
    # a real reader
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert [link.href for link in parsed.entries[2].links] == [
        "https://example.test/norvale-330",
        "https://example.test/norvale-327",
    ]
    assert parsed.feed.links[0].href == "https://desk.example/alerts.atom"
    assert "<script>" not in parsed.entries[0].content[0].value


def test_a_reader_subscribes_over_http(engine: Engine, tmp_path: Path) -> None:
    queue(engine)
    write_feed(engine, parse_config({"reports": {"dir": str(tmp_path)}}))
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.extensions_map = {".atom": "application/atom+xml"}  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: handler(*a))
    server.RequestHandlerClass.log_message = lambda *a: None  # type: ignore[method-assign]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/alerts.atom"
        parsed = feedparser.parse(url)
    finally:
        server.shutdown()
        server.server_close()
    assert parsed.status == 200 and parsed.bozo == 0, parsed.get("bozo_exception")
    assert len(parsed.entries) == 3
    assert parsed.entries[1].title.startswith("Death toll contradiction: 27 → 41")


def test_empty_feed_is_valid(engine: Engine, tmp_path: Path) -> None:
    path = write_feed(engine, parse_config({"reports": {"dir": str(tmp_path)}}))
    root = assert_valid_atom(path.read_bytes())
    assert root.findall(f"{A}entry") == []
    assert feedparser.parse(path.read_bytes()).bozo == 0


def test_limit_and_state(engine: Engine) -> None:
    queue(engine)
    assert [e.verdict_id for _, e in latest_alerts(engine, 2)] == [3, 2]
    assert latest_alerts(engine, 10, "delivered") == []


def test_cli_prints_and_writes_the_feed_and_run_once_writes_it(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'f.db'}"
    queue(connect(db))
    cfg = tmp_path / "figwatch.toml"
    cfg.write_text(f'[reports]\ndir = "{tmp_path / "reports"}"\n', encoding="utf-8")
    base = ["--config", str(cfg), "--db", db]
    result = CliRunner().invoke(app, [*base, "alerts", "--format", "atom", "--limit", "2"])
    assert result.exit_code == 0, result.output
    parsed = feedparser.parse(result.stdout_bytes)
    assert parsed.bozo == 0 and len(parsed.entries) == 2
    out = tmp_path / "desk.atom"
    result = CliRunner().invoke(app, [*base, "alerts", "-f", "atom", "-o", str(out)])
    assert result.exit_code == 0 and "3 alerts" in result.output
    assert len(assert_valid_atom(out.read_bytes()).findall(f"{A}entry")) == 3
    result = CliRunner().invoke(app, [*base, "alerts", "-o", str(out)])
    assert "--output only applies with --format atom" in str(result.exception)
    # the daemon's round: delivery and the report job rewrite reports/alerts.atom
    result = CliRunner().invoke(app, [*base, "run", "--once"])
    assert result.exit_code == 0, result.output
    feed = tmp_path / "reports" / "alerts.atom"
    assert f"report: {feed}" in result.output
    assert len(feedparser.parse(feed.read_bytes()).entries) == 3


@pytest.mark.parametrize("name", ["../x.atom", "a/b.atom"])
def test_feed_name_is_a_file_name(name: str) -> None:
    from monitor.errors import ConfigError

    with pytest.raises(ConfigError, match="expected a file name"):
        parse_config({"reports": {"alerts_feed": name}})
