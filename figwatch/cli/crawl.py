"""Crawling commands: init (starter config), crawl, ingest (local files) and extract (no storage)."""

from __future__ import annotations

import logging
import sys
import urllib.error
import urllib.request
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from figwatch.cli.app import (
    app,
    console,
    err_console,
    print_json,
    print_table,
    safe_text,
    state,
)
from figwatch.cli.articles import existing_files, parse_when
from monitor.config import DEFAULT_CONFIG, DEFAULT_CRAWL_TIMEOUT, explicit_config
from monitor.errors import UserError
from storage.db import DatabaseError

if TYPE_CHECKING:
    from crawler.runner import CrawlSummary
    from monitor.article import Article

log = logging.getLogger(__name__)

STARTER = """\
# figwatch.toml — what to crawl and how politely. Every setting has a default.

[storage]
# SQLite file by default; PostgreSQL: "postgresql://user@host/db"
# ($FIGWATCH_DATABASE_URL overrides this, and --db overrides both)
# database_url = "sqlite:///figwatch.db"

[crawl]
# user_agent = "figwatch/0.1 (+https://github.com/figwatch/figwatch; news figure monitor)"
obey_robots = true            # honour robots.txt
autothrottle = true           # adapt the request rate to each server's latency
concurrency_per_domain = 2    # parallel requests per site
download_timeout = 30         # seconds per request
max_page_bytes = 5000000      # larger pages are skipped (counted as too_large)
retries = 2                   # retries on 5xx, timeouts and dropped connections
# timezone = "UTC"            # time zone of sources' cron schedules (a source may set its own)

# One [[source]] per feed, sitemap or page list. Bare paths are relative to this file and are
# crawled as file:// URLs, so a folder of saved pages can be crawled like a site.

[[source]]
name = "example-feed"
kind = "feed"                 # feed (RSS/Atom) | sitemap | pages
urls = ["https://example.org/rss.xml"]
every = "30m"                 # or: cron = "0 7 * * 1-5" with timezone = "Europe/Paris"
enabled = false               # remove once the URL is real

# [[source]]
# name = "example-news-sitemap"
# kind = "sitemap"            # sitemaps, sitemap indexes, Google News sitemaps, .xml.gz
# urls = ["https://example.org/sitemap_index.xml"]

# [[source]]
# name = "example-pages"
# kind = "pages"
# urls = ["https://example.org/world/"]   # with follow.depth > 0 these are index pages
# follow = { depth = 1, allow = ["/world/\\\\d{4}/"], deny = ["/tag/", "/video/"] }
# settings = { download_delay = 1.0 }   # per-source overrides of [crawl]

[alerts]
# Which verdicts alert: updates, contradicts, corrects (and new, for watch-list terms).
kinds = ["updates", "contradicts", "corrects"]
# measures = ["killed", "injured"]   # empty: every measure
# watch = ["Orvenna"]                # a NEW figure whose sentence names one of these alerts too
# min_sources = 1                    # independent sources needed before an alert
# quiet_hours = "22:00-07:00"        # hold alerts until the end of the window
# timezone = "Europe/Berlin"
# mode = "immediate"                 # or "digest" (one message every digest_every)
quiet_first_crawl = true             # a new source's first crawl builds the baseline silently
max_age = "7d"                       # older articles are stored but never alert
# broken_after = 3                   # failed crawls in a row before a "source broken" alert
# With no [[alerts.channel]] alerts go to the console and to figwatch-alerts.jsonl.

# [[alerts.channel]]
# name = "desk-mail"
# type = "email"                     # email | webhook | apprise | console | jsonl
# to = ["desk@example.org"]
# host = "smtp.example.org"
# security = "starttls"              # starttls | ssl | none
# username_env = "FIGWATCH_SMTP_USER"        # credentials come from the environment
# password_env = "FIGWATCH_SMTP_PASSWORD"    # (or a *_FILE variable naming a 0600 file)

# [[alerts.channel]]
# name = "cms"
# type = "webhook"
# url = "https://cms.example.org/hooks/figwatch"
# secret_env = "FIGWATCH_WEBHOOK_SECRET"     # HMAC-SHA256 signature key
# signature = "figwatch"             # or "standard" (Standard Webhooks), "both", "none" (unsigned)
# subject_template = "[figwatch] {{ alert.headline }}: {{ alert.change }}"   # Jinja2, sandboxed
# [[alerts.channel.route]]           # with routes, only matching alerts (docs/alerts.md)
# places = ["Pakistan"]              # also: stories, measures, sources, kinds, words

# [[alerts.channel]]
# name = "chat"
# type = "apprise"                   # Slack, Teams, Telegram, Matrix... (Apprise URLs)
# urls_env = "FIGWATCH_APPRISE_URLS"

[reports]
# dir = "reports"                    # dedup.html and figures.html are written here
# every = "1d"                       # by the daemon; `figwatch run --once` writes them too
# formats = ["html"]                 # html | csv | json
# alerts_feed = "alerts.atom"        # Atom feed of the latest alerts ("" for none)
# feed_url = "https://desk.example.org/figwatch/alerts.atom"   # where it is served
"""


@app.command("init")
def init(
    path: Annotated[Path, typer.Argument(help="where to write the config")] = Path(DEFAULT_CONFIG),
    force: Annotated[bool, typer.Option("--force", help="overwrite an existing file")] = False,
) -> None:
    """Write a commented starter figwatch.toml."""
    if path.is_dir():
        path = path / DEFAULT_CONFIG
    if path.exists() and not force:
        raise UserError(f"{path} already exists (use --force to overwrite it)")
    try:
        path.write_text(STARTER, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror}") from None
    console.print(f"wrote {path}")


def _config_path() -> Path | None:
    explicit = explicit_config(state.config_path)
    if explicit:
        return Path(explicit).resolve()
    default = Path(DEFAULT_CONFIG)
    return default.resolve() if default.exists() else None


#: crawl table columns that may be left out on a narrow terminal, least useful first
CRAWL_DROP = ("seconds", "changed", "unchanged", "not modified", "fetched")


def summary_table(rows: list[dict], *, seconds: list[float] | None = None) -> Table:
    """One row per crawl summary (``CrawlSummary`` fields as a dict), the same table for
    ``crawl`` and ``run --once``: ``not modified`` counts 304 answers (nothing downloaded),
    ``unchanged`` pages downloaded with the text already stored, ``skipped`` the pages not
    stored for a reason (reason=count)."""
    headers = ["source", "status", "fetched", "new", "changed", "unchanged", "not modified"]
    headers += ["skipped", "errors"] + (["seconds"] if seconds is not None else [])
    table = Table(*headers, title="crawls" if seconds is not None else None, title_justify="left")
    for i, s in enumerate(rows):
        skipped = ", ".join(f"{k}={v}" for k, v in (s.get("skipped") or {}).items()) or "-"
        status = s.get("status") or "failed"
        cells = [
            safe_text(s.get("source") or ""),
            status if status == "ok" else f"[red]{status}[/red]",
            *(str(s.get(k, 0)) for k in ("fetched", "stored_new", "stored_changed")),
            *(str(s.get(k, 0)) for k in ("unchanged", "not_modified")),
            skipped,
            str(s.get("errors", 0)),
        ]
        table.add_row(*cells, *([f"{seconds[i]:.1f}"] if seconds is not None else []))
    return table


@app.command("crawl")
def crawl(
    source: Annotated[
        list[str] | None, typer.Option("--source", "-s", help="source name (repeatable)")
    ] = None,
    timeout: Annotated[
        float, typer.Option(help="seconds allowed per source")
    ] = DEFAULT_CRAWL_TIMEOUT,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON summaries")] = False,
    progress_every: Annotated[
        float,
        typer.Option(min=0.1, help="seconds between progress lines when stderr is not a terminal"),
    ] = 30.0,
) -> None:
    """Crawl sources now (default: every enabled source), each in its own process.

    On a terminal a progress bar shows each crawl; otherwise a progress line goes to stderr
    every ``--progress-every`` seconds while a crawl runs.
    """
    config = state.config
    if source:
        names = [config.source(n).name for n in source]
    else:
        names = [s.name for s in config.sources if s.enabled]
    if not names:
        raise UserError("no enabled sources in the config (figwatch init writes a starter file)")
    state.engine  # noqa: B018 - migrate once, and fail here with one line if the DB is bad
    from crawler.progress import CrawlProgress
    from crawler.runner import crawl_in_subprocess

    db_url = state.db_url
    summaries: list[CrawlSummary] = []
    with CrawlProgress(err_console, every=progress_every) as progress:
        for i, name in enumerate(names, 1):
            update, done = progress.source(name, i, len(names))
            summaries.append(crawl_in_subprocess(_config_path(), name, db_url, timeout, update))
            done()
    if as_json:
        print_json([asdict(s) for s in summaries])
    else:
        print_table(summary_table([asdict(s) for s in summaries]), drop=CRAWL_DROP)
    for s in summaries:
        if s.baseline and s.quiet:
            err_console.print(
                f"{s.source}: first crawl, {s.quiet} article(s) stored as the baseline "
                "without alerts (quiet_first_crawl)",
                highlight=False,
                soft_wrap=True,
            )
    for s in summaries:  # one line per source that was not ok: the reason and the fix
        if s.status != "ok":
            line = f"{s.source} {s.status}: {s.detail or 'no detail'}"
            err_console.print(safe_text(line), highlight=False, soft_wrap=True)
    if any(s.status not in {"ok", "partial"} for s in summaries):
        raise typer.Exit(1)


class FileProblem(ValueError):
    """Why a local file is not an article; its message is the whole reason."""


def _read_file(path: Path) -> bytes:
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem("binary file, not a page or text")
    return data


def _file_article(path: Path, url: str, source: str | None) -> Article | None:
    from crawler.extract import decode_text, extract_html, extract_text

    data = _read_file(path)
    if path.suffix.lower() == ".txt":
        article = extract_text(decode_text(data), url=url)
        article.source = source
        return article
    return extract_html(data, url=url, source=source)


def _reason(exc: BaseException) -> str:
    """An exception as one short line: its type and the first line of its message."""
    first = (str(exc).strip().splitlines() or [""])[0][:300]
    if isinstance(exc, FileProblem):
        return first
    if isinstance(exc, OSError) and exc.strerror:
        first = exc.strerror
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


@app.command("ingest")
def ingest_files(
    paths: Annotated[list[Path], typer.Argument(help=".html/.htm/.txt files or folders")],
    url: Annotated[str | None, typer.Option(help="the article's URL (one file only)")] = None,
    published: Annotated[str | None, typer.Option(help="publication date, ISO")] = None,
    source: Annotated[str | None, typer.Option(help="source name to record")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Feed local article files through extraction and the ingest door.

    Every file is read; each one that cannot be stored gets one line on stderr (file and reason)
    and the command exits with status 1 at the end. A database problem stops it (one line, 2).
    """
    files = existing_files(paths)
    from monitor.ingest import ingest

    if url and len(files) != 1:
        raise UserError(f"--url names one article but {len(files)} files were given")
    when = parse_when(published)
    engine = state.engine
    alerts = state.config.alerts
    rows: list[dict[str, str | None]] = []
    for file in files:
        try:
            article = _file_article(file, url or file.resolve().as_uri(), source)
            if article is None:
                raise FileProblem("no article text found")
            if when is not None:
                article.published = when
            result = ingest(article, engine, alerts=alerts)
        except DatabaseError:
            raise  # the database, not the file: every other file would fail the same way
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the batch
            log.debug("ingest %s failed", file, exc_info=True)
            reason = _reason(exc)
            rows.append({"file": str(file), "status": "failed", "url": None, "detail": reason})
            err_console.print(
                safe_text(f"error: {file}: {reason}"), highlight=False, soft_wrap=True
            )
            continue
        rows.append(
            {"file": str(file), "status": result.status, "url": article.url, "detail": None}
        )
    failed = sum(1 for r in rows if r["status"] == "failed")
    if as_json:
        print_json(rows)
    else:
        table = Table("file", "status", "url / detail")
        for row in rows:
            table.add_row(
                safe_text(row["file"]),
                row["status"],
                safe_text(row.get("url") or row.get("detail") or ""),
            )
        print_table(table)
    if failed:
        err_console.print(
            f"{failed} of {len(rows)} files failed; the other {len(rows) - failed} were ingested",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(1)


def fetch(url: str, *, max_bytes: int, timeout: float, user_agent: str) -> tuple[str, str]:
    """A plain HTTP GET within the size and time limits; returns (final URL, decoded body)."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise UserError(f"{url}: {length} bytes is over the {max_bytes}-byte limit")
            body = resp.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise UserError(f"{url}: page is over the {max_bytes}-byte limit")
            charset = resp.headers.get_content_charset() or "utf-8"
            final = resp.geturl()
    except urllib.error.HTTPError as exc:
        raise UserError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UserError(f"{url}: cannot fetch: {reason}") from None
    try:
        return final, body.decode(charset, "replace")
    except LookupError:
        return final, body.decode("utf-8", "replace")


@app.command("extract")
def extract(
    target: Annotated[str, typer.Argument(help="a local .html/.txt file or an http(s) URL")],
    explain: Annotated[
        bool,
        typer.Option("--explain", help="every line, and the rule that removed each dropped one"),
    ] = False,
    meta: Annotated[
        bool,
        typer.Option("--meta", help="title, URL, date... above the text (default: on a terminal)"),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Print the cleaned article of a page or file without storing anything.

    Piped, the output is the article text exactly; ``--explain`` prints every line of the page in
    order, kept ones as ``  | text`` and removed ones as ``- [rule] text``.
    """
    if target.startswith(("http://", "https://")):
        crawl_cfg = state.config.crawl
        url, body = fetch(
            target,
            max_bytes=crawl_cfg.max_page_bytes,
            timeout=crawl_cfg.download_timeout,
            user_agent=crawl_cfg.user_agent,
        )
        data: bytes = body.encode("utf-8")
        is_html = True
    else:
        path = Path(target)
        if not path.is_file():
            raise UserError(f"no such file: {target}")
        try:
            data = _read_file(path)
        except (OSError, ValueError) as exc:
            raise UserError(f"{target}: {_reason(exc)}") from None
        url, is_html = path.resolve().as_uri(), path.suffix.lower() != ".txt"
    from crawler.extract import decode_text, extract_html, extract_text
    from crawler.extract import explain as explain_lines

    if explain:
        result = explain_lines(data if is_html else decode_text(data), url=url, html=is_html)
        if result is None:
            raise UserError(f"{target}: no article text found")
        if as_json:
            print_json([{"rule": d.rule, "line": d.line.text} for d in result.decisions])
        else:
            sys.stdout.write(result.render(explain=True) + "\n")
        return
    article = extract_html(data, url=url) if is_html else extract_text(decode_text(data), url=url)
    if article is None:
        raise UserError(f"{target}: no article text found")
    fields = asdict(article)
    fields.pop("raw_html", None)
    if as_json:
        print_json(fields)
        return
    if meta or console.is_terminal:
        for key in ("title", "url", "published", "author", "site_name", "language"):
            if fields.get(key):
                console.print(safe_text(f"{key}: {fields[key]}"), highlight=False, soft_wrap=True)
        console.print()
    sys.stdout.write(article.text + "\n")
    sys.stdout.flush()
