"""A misbehaving HTTP server on loopback, for crawl-level fault tests.

    with BadServer() as srv:            # 127.0.0.1, random port, threaded
        srv.url("/ok/1")                 # a normal article page
        srv.hits["/loop"]                # how often a path was requested

Endpoints (all GET):
  /ok/<n>              a small, well-formed article page (with a link to /ok/<n+1>)
  /loop                302 to itself (endless redirect)
  /chain/<n>           302 to /chain/<n+1>, forever
  /meta-loop           200 with <meta http-equiv=refresh> to itself
  /slow                headers, then one byte every 0.3 s for up to 60 s (slow-loris)
  /gzip-bomb           Content-Encoding: gzip, ~100 KB that inflates to 100 MB
  /status/<code>       that status, small body (a 4xx/5xx storm is many of these)
  /huge                20 MB HTML with an honest Content-Length
  /huge-stream         20 MB HTML, no Content-Length (connection-close delimited)
  /short               Content-Length larger than the body, then close (truncated)
  /binary.html         PNG bytes labelled text/html
  /cp1251              cp1251 article without any charset declaration
  /empty               200, empty body
  /links               100,000 links
  /nested              5,000-deep <div> nesting
  /redirect?to=URL     302 to URL (e.g. http://169.254.169.254/latest/meta-data/)
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections import Counter
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Ferry service resumes on the Lorn estuary ({n})</title></head><body>
<header><nav><a href="/">Home</a></nav></header>
<article><h1>Ferry service resumes on the Lorn estuary ({n})</h1>
<p>The harbour authority of the fictional town of Lorn said on Tuesday that the estuary ferry
would run again from Thursday, after storm damage kept it in port for eleven days.</p>
<p>Engineers replaced two mooring posts and checked the slipway, a spokeswoman said, and about
400 commuters a day are expected to return to the crossing in the first week.</p>
<p>Residents of the north bank had faced a 40-minute detour by road while the boat was idle.</p>
<p><a href="/ok/{next}">Next story</a></p>
</article></body></html>"""

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
) * 200

CP1251_PAGE = (
    "<html><head><title>Паводок в долине Лорн</title></head><body><article>"
    "<h1>Паводок в долине Лорн</h1>"
    "<p>Власти вымышленного города Лорн сообщили, что из-за паводка эвакуированы 120 жителей "
    "прибрежных улиц. Спасатели продолжают работу на северном берегу реки.</p>"
    "<p>По словам представителя мэрии, временные пункты размещения открыты в двух школах.</p>"
    "</article></body></html>"
).encode("cp1251")

BOMB_INFLATED = 100_000_000
HUGE = 20_000_000


@cache
def gzip_bomb() -> bytes:
    """~100 KB of gzip that inflates to 100 MB of zeros (built once per process)."""
    return gzip.compress(b"\0" * BOMB_INFLATED, compresslevel=9)


def links_page(n: int = 100_000) -> bytes:
    """A page with ``n`` links to distinct paths on the same host."""
    body = "".join(f'<a href="/l/{i}">item {i}</a>\n' for i in range(n))
    return f"<html><body><h1>Index</h1>{body}</body></html>".encode()


def nested_page(depth: int = 5000) -> bytes:
    """``depth`` nested divs around one paragraph."""
    inner = "<p>The fictional Lorn museum reopened with 12 new rooms.</p>"
    return ("<html><body>" + "<div>" * depth + inner + "</div>" * depth + "</body></html>").encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def _send(
        self,
        status: int,
        body: bytes = b"",
        ctype: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: C901 - one branch per misbehaviour, on purpose
        parts = urlsplit(self.path)
        path = parts.path
        self.server.hits[path] += 1
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route(path, parts.query)

    def _route(self, path: str, query: str) -> None:
        if path.startswith("/ok/"):
            n = int(path.rsplit("/", 1)[-1] or 0)
            self._send(200, ARTICLE.format(n=n, next=n + 1).encode())
        elif path == "/robots.txt":
            self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        elif path == "/loop":
            self._send(302, b"", headers={"Location": "/loop"})
        elif path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[-1] or 0)
            self._send(302, b"", headers={"Location": f"/chain/{n + 1}"})
        elif path == "/meta-loop":
            self._send(200, b'<html><head><meta http-equiv="refresh" content="0;url=/meta-loop">')
        elif path == "/redirect":
            target = parse_qs(query).get("to", ["/ok/0"])[0]
            self._send(302, b"", headers={"Location": target})
        elif path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not self.server.stopping.is_set():
                self.wfile.write(b"<")
                self.wfile.flush()
                time.sleep(0.3)
        elif path == "/gzip-bomb":
            self._send(200, gzip_bomb(), headers={"Content-Encoding": "gzip"})
        elif path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[-1])
            self._send(code, f"<html><body>error {code}</body></html>".encode())
        elif path in ("/huge", "/huge-stream"):
            self._huge(stream=path == "/huge-stream")
        elif path == "/short":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "50000")
            self.end_headers()
            self.wfile.write(ARTICLE.format(n=0, next=1).encode()[:600])
            self.close_connection = True
        elif path == "/binary.html":
            self._send(200, PNG, "text/html")
        elif path == "/cp1251":
            self._send(200, CP1251_PAGE, "text/html")
        elif path == "/empty":
            self._send(200, b"")
        elif path == "/links":
            self._send(200, links_page())
        elif path == "/nested":
            self._send(200, nested_page())
        else:
            self._send(404, b"<html><body>not found</body></html>")

    def _huge(self, *, stream: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if stream:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(HUGE))
        self.end_headers()
        block = b"<p>" + b"lorn " * 2000 + b"</p>\n"
        sent = 0
        while sent < HUGE and not self.server.stopping.is_set():
            chunk = block[: HUGE - sent]
            self.wfile.write(chunk)
            sent += len(chunk)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host: str) -> None:
        super().__init__((host, 0), _Handler)
        self.hits: Counter[str] = Counter()
        self.stopping = threading.Event()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that hang up on a bomb or a slow body are the point of this server


class BadServer:
    """Start/stop the misbehaving server; use as a context manager."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._server = _Server(host)
        self.host = host
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def hits(self) -> Counter[str]:
        return self._server.hits

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def __enter__(self) -> BadServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
