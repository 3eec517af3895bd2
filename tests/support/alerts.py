"""Real loopback servers and sample events shared by the alert and daemon tests."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
from datetime import UTC, datetime
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from monitor.alerts import AlertEvent
from tests.support.sites import LocalSite, Page, article_html

SECRET = "s3cret-for-tests"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def event(verdict_id: int, **over: Any) -> AlertEvent:
    """A death-toll update written for the tests (a fictional outlet and story)."""
    base = {
        "verdict_id": verdict_id,
        "kind": "updates",
        "measure": "deaths",
        "group": "people",
        "place": "Norvale",
        "scope": "cumulative",
        "new_value_text": "330",
        "old_value_text": "327",
        "new_low": 330.0,
        "new_high": 330.0,
        "old_low": 327.0,
        "old_high": 327.0,
        "new_sentence": "Officials in Norvale said 330 people had died by Tuesday evening.",
        "old_sentence": "At least 327 people died, the Norvale relief office said.",
        "new_url": "https://example.test/norvale-330",
        "old_url": "https://example.test/norvale-327",
        "new_title": "Norvale floods: toll rises",
        "old_title": "Norvale floods",
        "new_claimant": "Norvale officials",
        "old_claimant": "relief office",
        "new_published": datetime(2026, 3, 2, 18, 0, tzinfo=UTC),
        "old_published": datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
        "independent_sources": 2,
        "cluster_id": 7,
        "story": "Norvale floods",
        "reason": "cumulative count rose",
    }
    base.update(over)
    return AlertEvent(**base)


class Receiver:
    """A webhook receiver on 127.0.0.1: answers from a script of status codes, records posts."""

    def __init__(self, statuses: list[int] | None = None, delay: float = 0.0) -> None:
        self.statuses = list(statuses or [])
        self.delay = delay
        self.posts: list[tuple[dict[str, str], bytes]] = []
        self.accepted_at: dict[int, datetime] = {}  # post index → when it was answered
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with outer.lock:
                    outer.posts.append((dict(self.headers.items()), body))
                    index = len(outer.posts) - 1
                    status = outer.statuses.pop(0) if outer.statuses else 200
                if outer.delay:
                    time.sleep(outer.delay)
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
                with outer.lock:
                    outer.accepted_at[index] = datetime.now(UTC)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def verified(self) -> list[dict[str, Any]]:
        """Every received body whose signature and timestamp check out (asserts on failure)."""
        out = []
        for headers, body in self.posts:
            expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            assert hmac.compare_digest(headers["X-Figwatch-Signature"], expected)
            data = json.loads(body)
            assert str(data["timestamp"]) == headers["X-Figwatch-Timestamp"]
            assert data["delivery_id"] == headers["X-Figwatch-Delivery"]
            out.append(data)
        return out


class Mailbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.port = 0  # set by whoever starts the SMTP server on it (the ``mailbox`` fixture)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        msg = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, msg))
        return "250 OK"


#: Fictional counties; one per page keeps each page's figures comparable only with themselves.
PLACES = [
    "Marrow",
    "Tessel",
    "Harlow",
    "Brask",
    "Quillon",
    "Fenwick",
    "Oldmere",
    "Carrow",
    "Dunmore",
    "Elsby",
    "Gorran",
    "Hexley",
    "Ivelton",
    "Jarrow",
    "Kestow",
    "Lanford",
    "Morwick",
    "Nettlebed",
    "Orrin",
    "Pellby",
    "Quarley",
    "Rushden",
    "Stilton",
    "Tarrant",
]


def news_page(name: str, killed: int, place: str = "Marrow", published: str = "2026-03-02") -> str:
    """A news article (written for these tests) whose one figure the figure grammar reads."""
    return article_html(
        f"Floods in {place} county ({name})",
        [
            f"The fire service said {killed} people had been killed in the floods in {place} "
            "county.",
            f"Rescue crews in {place} kept searching the riverside lanes on Tuesday while "
            "volunteers carried sandbags to the chapel and the old mill behind the square.",
            "The council opened the sports hall as a shelter and asked drivers to stay off the "
            "valley road until the water had gone down and engineers had checked the bridges.",
        ],
        outlet="The Marrow Courier",
        published=published,
    )


class Site(LocalSite):
    """The local news site of the daemon tests: ``page(name, killed)`` (re)writes an article.

    ``delay`` seconds are spent before answering each request (a slow site, to stop mid-crawl).
    """

    def __init__(self, delay: float = 0.0) -> None:
        super().__init__()
        self.delay = delay
        self.arrived = 0  # requests received (counted before the delay)

    def page(self, name: str, killed: int, place: str = "Marrow") -> str:
        path = f"/news/{name}.html"
        self.pages[path] = Page(news_page(name, killed, place).encode())
        return self.url(path)

    def _serve(self, req: Any) -> None:
        with self._lock:
            self.arrived += 1
        if self.delay:
            time.sleep(self.delay)
        super()._serve(req)


def write_config(
    path: Any, db_url: str, urls: list[str], alerts: str, every: str = "1h", crawl: str = ""
) -> Any:
    """A figwatch.toml with one page-list source on loopback and the given [alerts] TOML.

    The crawl settings suit a local site: no robots.txt, no autothrottle, one request at a time
    (so a stop signal lands between articles), short timeouts, no retries. Reports go to
    ``reports/`` beside the config file. ``crawl`` adds lines to ``[crawl]``.
    """
    url_list = ", ".join(f'"{u}"' for u in urls)
    path.write_text(
        f'[storage]\ndatabase_url = "{db_url}"\n\n'
        f'[reports]\ndir = "{path.parent / "reports"}"\n\n'
        "[crawl]\nobey_robots = false\nautothrottle = false\nconcurrency_per_domain = 1\n"
        f"download_timeout = 10\nretries = 0\n{crawl}\n\n"
        f'[[source]]\nname = "local"\nkind = "pages"\nurls = [{url_list}]\nevery = "{every}"\n'
        "allow_private = true\n\n"
        f"{alerts}\n",
        encoding="utf-8",
    )
    return path
