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
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with outer.lock:
                    outer.posts.append((dict(self.headers.items()), body))
                    status = outer.statuses.pop(0) if outer.statuses else 200
                if outer.delay:
                    time.sleep(outer.delay)
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

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

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        msg = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, msg))
        return "250 OK"


class Site:
    """A static site on 127.0.0.1 serving ``root``; ``page(name, deaths)`` (re)writes a page."""

    def __init__(self, root: Any) -> None:
        from functools import partial
        from http.server import SimpleHTTPRequestHandler

        class Quiet(SimpleHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

        self.root = root
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def page(self, name: str, deaths: int, story: str = "Norvale floods") -> str:
        html = (
            f"<html><head><title>{story} ({name})</title></head><body><p>Rescue teams in "
            f"{story.split()[0]} kept searching on Tuesday. Officials said {deaths:,} people died "
            "after the river burst its banks.</p></body></html>"
        )
        (self.root / f"{name}.html").write_text(html, encoding="utf-8")
        return f"{self.base}/{name}.html"

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


MINICRAWLER = __import__("pathlib").Path(__file__).with_name("test_daemon_minicrawler.py")


def write_config(path: Any, db_url: str, urls: list[str], alerts: str, every: str = "1h") -> Any:
    """A figwatch.toml with one page-list source and the given [alerts] TOML."""
    url_list = ", ".join(f'"{u}"' for u in urls)
    path.write_text(
        f'[storage]\ndatabase_url = "{db_url}"\n\n'
        f'[[source]]\nname = "local"\nkind = "pages"\nurls = [{url_list}]\nevery = "{every}"\n\n'
        f"{alerts}\n",
        encoding="utf-8",
    )
    return path
