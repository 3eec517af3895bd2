"""figwatch.toml: sources, crawl politeness, storage, alerts — validated with pydantic.

Every setting has a default. A bad value raises ``ConfigError`` whose message is one line naming
the key and what was expected.
"""

from __future__ import annotations

import logging
import os
import tomllib
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from monitor.errors import ConfigError
from monitor.kinds import DEFAULT_ALERT_KINDS, EVENT_KINDS
from storage.db import choose_url

DEFAULT_CONFIG = "figwatch.toml"
CONFIG_ENV = "FIGWATCH_CONFIG"
#: seconds one source's crawl child may run before it is stopped: ``figwatch crawl --timeout``,
#: ``figwatch run --crawl-timeout`` and ``[distributed] crawl_timeout`` all default to it
DEFAULT_CRAWL_TIMEOUT = 3600.0
#: seconds a crawl child gets to stop between articles after SIGTERM, before SIGKILL
DEFAULT_STOP_GRACE = 30.0


def check_timezone(value: str) -> str:
    """``value`` if it names an IANA time zone (``Europe/Paris``, ``UTC``); else ValueError."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r} (expected e.g. 'Europe/Paris')") from None
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FollowConfig(_Strict):
    """Same-site link following for page-list sources."""

    depth: int = Field(default=0, ge=0, le=10)
    allow: list[str] = Field(default_factory=list)
    deny: list[str] = Field(default_factory=list)
    extract_start: bool = Field(
        default=False,
        description="with depth > 0, also treat the listed start pages as articles "
        "(by default they are index pages whose links are followed)",
    )


class SourceConfig(_Strict):
    """One place to crawl: a feed, a sitemap or a list of pages."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
    kind: Literal["feed", "sitemap", "pages"]
    urls: list[str] = Field(min_length=1)
    every: str | None = Field(default="1h", description="interval such as 30m, 2h, 1d")
    cron: str | None = None
    timezone: str | None = Field(
        default=None, description="time zone of the cron schedule (default: [crawl] timezone)"
    )
    follow: FollowConfig = Field(default_factory=FollowConfig)
    allowed_domains: list[str] = Field(default_factory=list)
    allow_private: bool = False
    render: Literal["http", "browser"] = Field(
        default="http", description='"browser": render pages in the system Chromium (JS pages)'
    )
    quiet_first_crawl: bool | None = Field(
        default=None, description="override [alerts] quiet_first_crawl for this source"
    )
    max_age: str | None = Field(default=None, description="override [alerts] max_age")
    enabled: bool = True
    settings: dict[str, Any] = Field(default_factory=dict)

    @field_validator("every", "max_age")
    @classmethod
    def _check_every(cls, value: str | None) -> str | None:
        if value is not None:
            parse_interval(value)
        return value

    @field_validator("timezone")
    @classmethod
    def _check_source_tz(cls, value: str | None) -> str | None:
        return check_timezone(value) if value is not None else None

    @field_validator("urls")
    @classmethod
    def _check_urls(cls, urls: list[str]) -> list[str]:
        for url in urls:
            if urlparse(url).scheme not in {"http", "https", "file", ""}:
                raise ValueError(f"expected an http(s):// or file:// URL or a path, got {url!r}")
        return urls

    @model_validator(mode="after")
    def _one_schedule(self) -> SourceConfig:
        if self.cron:
            self.every = None
        return self


class CrawlConfig(_Strict):
    """Politeness and limits, applied to every source (a source's ``settings`` may override)."""

    user_agent: str = "figwatch/0.1 (+https://github.com/figwatch/figwatch; news figure monitor)"
    obey_robots: bool = True
    autothrottle: bool = True
    concurrency_per_domain: int = Field(default=2, ge=1, le=64)
    concurrency: int = Field(default=16, ge=1, le=512)
    download_delay: float = Field(default=0.0, ge=0)
    download_timeout: float = Field(default=30.0, gt=0)
    max_page_bytes: int = Field(default=5_000_000, gt=0)
    retries: int = Field(default=2, ge=0, le=10)
    keep_raw_html: bool = False
    browser_path: str = "/usr/bin/chromium"  # Chromium for sources with render = "browser"
    #: accepted so that older configs still load; figwatch keeps no HTTP cache (a recrawl asks
    #: the site what changed), so the value is ignored with a warning
    httpcache_dir: str | None = None
    timezone: str = Field(
        default="UTC", description="time zone of sources' cron schedules, e.g. Europe/Paris"
    )

    @field_validator("timezone")
    @classmethod
    def _check_tz(cls, value: str) -> str:
        return check_timezone(value)

    @field_validator("httpcache_dir")
    @classmethod
    def _ignored(cls, value: str | None) -> str | None:
        if value is not None:
            logging.getLogger(__name__).warning(
                "[crawl] httpcache_dir is ignored: figwatch keeps no HTTP cache; remove it"
            )
        return value


class ReportsConfig(_Strict):
    """The ``[reports]`` section: what the daemon writes, where, and how often."""

    dir: str = Field(
        default="reports", description="folder for reports (relative to the config file)"
    )
    every: str = "1d"
    formats: list[Literal["html", "csv", "json"]] = Field(default_factory=lambda: ["html"])
    since_days: int = Field(
        default=30, ge=1, description="days of news covered, back from the newest article held"
    )
    alerts_feed: str | None = Field(
        default="alerts.atom",
        description="Atom feed of the latest alerts: a file name in dir (empty: none)",
    )
    feed_entries: int = Field(default=200, ge=1, le=10000, description="alerts in the feed")
    feed_title: str = Field(default="figwatch alerts", max_length=200)
    feed_id: str = Field(
        default="tag:figwatch,2026:alerts",
        pattern=r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$",
        description="the feed's permanent Atom id (a URI; entries add /verdict/<id>)",
    )
    feed_url: str | None = Field(
        default=None, description="the http(s) URL the feed is served at (its rel=self link)"
    )

    @field_validator("alerts_feed")
    @classmethod
    def _check_feed_name(cls, value: str | None) -> str | None:
        if value and ("/" in value or "\\" in value or value in {".", ".."}):
            raise ValueError(f"expected a file name (it is written in dir), got {value!r}")
        return value or None

    @field_validator("feed_url")
    @classmethod
    def _check_feed_url(cls, value: str | None) -> str | None:
        if value is not None and urlparse(value).scheme not in {"http", "https"}:
            raise ValueError(f"expected an http(s) URL, got {value!r}")
        return value

    @field_validator("every")
    @classmethod
    def _check_every(cls, value: str) -> str:
        parse_interval(value)
        return value


_KINDS = set(EVENT_KINDS)


def _known_kinds(kinds: list[str]) -> list[str]:
    bad = sorted(set(kinds) - _KINDS)
    if bad:
        raise ValueError(f"unknown verdict kind {bad[0]!r} (expected {sorted(_KINDS)})")
    return kinds


class StorageConfig(_Strict):
    """Where figwatch keeps its data."""

    database_url: str | None = None


class RouteConfig(_Strict):
    """One ``[[alerts.channel.route]]``: an alert takes the route when it matches every list given
    (a list matches when any of its entries does; an empty list matches everything)."""

    kinds: list[str] = Field(default_factory=list, description="verdict kinds")
    measures: list[str] = Field(default_factory=list, description="measure names, e.g. cases")
    stories: list[str] = Field(
        default_factory=list,
        description="story ids, event kinds (flood, epidemic...) or words of the story's name",
    )
    places: list[str] = Field(
        default_factory=list,
        description="places or area codes (a country holds its provinces and towns)",
    )
    sources: list[str] = Field(
        default_factory=list, description="source names from [[source]] (shell patterns: wire-*)"
    )
    words: list[str] = Field(
        default_factory=list, description="whole words in the sentence, story, place or group"
    )

    @field_validator("kinds")
    @classmethod
    def _check_kinds(cls, kinds: list[str]) -> list[str]:
        return _known_kinds(kinds)

    @field_validator("measures", "stories", "places", "sources", "words")
    @classmethod
    def _no_blank(cls, values: list[str]) -> list[str]:
        if any(not v.strip() for v in values):
            raise ValueError("entries must not be blank")
        return [v.strip() for v in values]


class ChannelConfig(_Strict):
    """One alert destination. Secrets come from environment variables named here, never the file."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
    type: Literal["email", "webhook", "apprise", "console", "jsonl"]
    mode: Literal["immediate", "digest"] | None = None
    kinds: list[str] | None = None
    routes: list[RouteConfig] = Field(
        default_factory=list,
        alias="route",
        description="with routes, only alerts matching one of them (see docs/alerts.md)",
    )
    # templates (Jinja2, sandboxed; fields in docs/alerts.md)
    subject_template: str | None = None
    body_template: str | None = Field(default=None, description="plain-text body")
    html_template: str | None = Field(default=None, description="email HTML body (autoescaped)")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    # email
    to: list[str] = Field(default_factory=list)
    from_addr: str = "figwatch@localhost"
    host: str = "localhost"
    port: int | None = Field(default=None, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username_env: str = "FIGWATCH_SMTP_USER"
    password_env: str = "FIGWATCH_SMTP_PASSWORD"
    ca_file: str | None = Field(default=None, description="extra CA bundle (a private mail relay)")
    # webhook
    url: str | None = None
    secret_env: str = "FIGWATCH_WEBHOOK_SECRET"
    signature: Literal["figwatch", "standard", "both", "none"] = Field(
        default="figwatch",
        description="X-Figwatch-Signature, Standard Webhooks headers, both, or none (unsigned)",
    )
    # apprise: URLs often hold tokens, so they may come from an environment variable instead
    urls: list[str] = Field(default_factory=list)
    urls_env: str | None = None
    # jsonl
    path: str | None = None
    timeout: float = Field(default=10.0, gt=0, le=300)

    @model_validator(mode="after")
    def _needs(self) -> ChannelConfig:
        if self.type == "email" and not self.to:
            raise ValueError(f"channel {self.name!r}: email needs at least one address in 'to'")
        if self.type == "webhook" and (
            not self.url or urlparse(self.url).scheme not in {"http", "https"}
        ):
            raise ValueError(f"channel {self.name!r}: webhook needs an http(s) 'url'")
        if self.type == "apprise" and not (self.urls or self.urls_env):
            raise ValueError(f"channel {self.name!r}: apprise needs 'urls' or 'urls_env'")
        for field in ("to", "from_addr", "host"):
            value = getattr(self, field)
            values = value if isinstance(value, list) else [value]
            if any("\r" in v or "\n" in v for v in values):
                raise ValueError(f"channel {self.name!r}: {field} must not contain line breaks")
        if self.kinds is not None:
            _known_kinds(self.kinds)
        if self.html_template is not None and self.type != "email":
            raise ValueError(f"channel {self.name!r}: html_template is for email channels only")
        if self.body_template is not None and self.type in {"webhook", "jsonl"}:
            raise ValueError(
                f"channel {self.name!r}: a {self.type} channel sends the JSON schema; "
                "only subject_template applies"
            )
        from monitor.alerts.templating import check_templates  # late: monitor.alerts imports us

        check_templates(self)
        return self


class DistributedConfig(_Strict):
    """The ``[distributed]`` section: crawl work through Celery (see docs/deploy.md).

    ``FIGWATCH_BROKER_URL`` overrides ``broker_url`` (it may hold a password).
    """

    enabled: bool = Field(default=False, description="figwatch run enqueues instead of crawling")
    broker_url: str = "redis://127.0.0.1:6379/0"
    queue: str = Field(default="figwatch.crawl", pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$")
    crawl_timeout: float = Field(
        default=DEFAULT_CRAWL_TIMEOUT, gt=0, description="seconds per crawl child"
    )
    visibility_timeout: float = Field(
        default=7200.0, gt=0, description="Redis: seconds before an unacked crawl is redelivered"
    )
    redis_key_prefix: str = Field(
        default="", max_length=100, description="prefix for every Redis key (share one Redis)"
    )
    concurrency: int | None = Field(default=None, ge=1, le=256, description="crawls per worker")
    deliver_after_crawl: bool = Field(
        default=True, description="workers drain the outbox after each crawl"
    )

    @field_validator("broker_url")
    @classmethod
    def _check_broker(cls, url: str) -> str:
        if urlparse(url).scheme not in {"redis", "rediss", "amqp", "amqps", "pyamqp"}:
            raise ValueError(
                f"expected a redis:// or amqp:// broker URL, got {url.split(':')[0]!r}"
            )
        return url

    @model_validator(mode="after")
    def _timeouts(self) -> DistributedConfig:
        if self.visibility_timeout <= self.crawl_timeout:
            raise ValueError(
                "visibility_timeout must exceed crawl_timeout "
                "(or a crawl still running is handed to a second worker)"
            )
        return self

    @property
    def effective_broker_url(self) -> str:
        """``FIGWATCH_BROKER_URL`` if set, else ``broker_url``."""
        return env_broker_url() or self.broker_url


_HHMM = r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$"


class AlertsConfig(_Strict):
    """The ``[alerts]`` section: which verdicts alert, where they go, and how delivery retries."""

    kinds: list[str] = Field(default_factory=lambda: list(DEFAULT_ALERT_KINDS))
    measures: list[str] = Field(default_factory=list, description="empty: every measure")
    watch: list[str] = Field(default_factory=list, description="terms that make 'new' alert")
    min_sources: int = Field(default=1, ge=1)
    estimates: bool = Field(
        default=False,
        description="alert changes where either value is an estimate (a band, 'about N', a round "
        "thousand) and the two are not one claimant's own; off: they are recorded and shown in "
        "the figures report only",
    )
    identification: bool = Field(
        default=False,
        description="alert changes in how many of the dead are identified, not yet identified "
        "or handed over to families (the work on the dead, not the toll); off: they are "
        "recorded and shown in the figures report only",
    )
    quiet_hours: str | None = Field(default=None, pattern=_HHMM, description="e.g. 22:00-07:00")
    timezone: str = "UTC"
    mode: Literal["immediate", "digest"] = "immediate"
    digest_every: str = "1h"
    max_attempts: int = Field(default=8, ge=1, le=100)
    backoff: float = Field(default=30.0, gt=0, description="seconds before the first retry")
    backoff_max: float = Field(default=3600.0, gt=0)
    lease: float = Field(default=300.0, gt=0, description="seconds a claimed row stays claimed")
    batch: int = Field(default=100, ge=1)
    every: str = Field(default="1m", description="how often the daemon drains the outbox")
    jsonl_path: str | None = None
    broken_after: int = Field(
        default=3,
        ge=0,
        description="failed crawls in a row before a 'source broken' alert (0: never)",
    )
    quiet_first_crawl: bool = Field(
        default=True,
        description="a source's first successful crawl builds the baseline without alerting",
    )
    max_age: str | None = Field(
        default=None, description="articles published longer ago are stored but never alert"
    )
    channels: list[ChannelConfig] = Field(default_factory=list, alias="channel")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @field_validator("kinds")
    @classmethod
    def _check_kinds(cls, kinds: list[str]) -> list[str]:
        return _known_kinds(kinds)

    @field_validator("digest_every", "every", "max_age")
    @classmethod
    def _check_interval(cls, value: str | None) -> str | None:
        if value is not None:
            parse_interval(value)
        return value

    @field_validator("timezone")
    @classmethod
    def _check_tz(cls, value: str) -> str:
        return check_timezone(value)

    @model_validator(mode="after")
    def _unique_channels(self) -> AlertsConfig:
        names = [c.name for c in self.channels]
        if len(names) != len(set(names)):
            raise ValueError("alert channel names must be unique")
        return self


class Config(_Strict):
    """The whole of figwatch.toml."""

    storage: StorageConfig = Field(default_factory=StorageConfig)
    crawl: CrawlConfig = Field(default_factory=CrawlConfig)
    sources: list[SourceConfig] = Field(default_factory=list, alias="source")
    alerts: AlertsConfig = Field(default_factory=AlertsConfig)
    distributed: DistributedConfig = Field(default_factory=DistributedConfig)
    reports: ReportsConfig = Field(default_factory=lambda: ReportsConfig())
    base_dir: Path = Field(default_factory=Path.cwd, exclude=True)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def database_url(self, override: str | None = None) -> str:
        """The database to use: ``override`` (``--db``), else ``$FIGWATCH_DATABASE_URL``, else
        ``[storage] database_url`` (a relative SQLite file taken from the config file's folder),
        else the default; normalised for psycopg."""
        return choose_url(override, self._anchored(self.storage.database_url))

    def _anchored(self, url: str | None) -> str | None:
        """A relative SQLite file in ``[storage] database_url`` is relative to the config file,
        like every other path of the config (``path``); other URLs are left as they are."""
        if not url or not url.startswith("sqlite"):
            return url
        from sqlalchemy.engine import make_url

        try:
            parsed = make_url(url)
        except Exception:  # noqa: BLE001 - a malformed URL gets its one-line error when opened
            return url
        db = parsed.database
        if not db or db == ":memory:" or db.startswith("file:") or Path(db).is_absolute():
            return url
        return parsed.set(database=str(self.path(db))).render_as_string(hide_password=False)

    @model_validator(mode="after")
    def _unique_names(self) -> Config:
        seen: set[str] = set()
        for src in self.sources:
            if src.name in seen:
                raise ValueError(f"duplicate source name {src.name!r}")
            seen.add(src.name)
        return self

    def source(self, name: str) -> SourceConfig:
        """The source called ``name``; ``ConfigError`` if there is none."""
        for src in self.sources:
            if src.name == name:
                return src
        known = ", ".join(s.name for s in self.sources) or "none"
        raise ConfigError(f"unknown source {name!r} (configured: {known})")

    def path(self, value: str | Path) -> Path:
        """A path from the config as the place it names: ``~`` expanded, and a relative path taken
        relative to the config file's folder (``base_dir``), never to the working directory.
        The one rule for relative paths: source paths, ``[reports] dir`` and the options
        ``anchor_paths`` fixes all go through it."""
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.base_dir / path

    def anchor_paths(self) -> None:
        """Make the path options read by code that gets only a section of the config absolute,
        by ``path``: ``[crawl] browser_path``, ``[alerts] jsonl_path`` and each channel's
        ``path`` and ``ca_file`` (``parse_config`` calls this once ``base_dir`` is known)."""
        self.crawl.browser_path = str(self.path(self.crawl.browser_path))
        if self.alerts.jsonl_path:
            self.alerts.jsonl_path = str(self.path(self.alerts.jsonl_path))
        for channel in self.alerts.channels:
            if channel.path:
                channel.path = str(self.path(channel.path))
            if channel.ca_file:
                channel.ca_file = str(self.path(channel.ca_file))

    def resolve_url(self, url: str) -> str:
        """A source URL as a fetchable URL: bare paths become file:// URLs relative to the config."""
        if urlparse(url).scheme:
            return url
        return self.path(url).resolve().as_uri()


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(value: str) -> int:
    """Seconds in an interval such as ``90s``, ``30m``, ``2h`` or ``1d``."""
    text = value.strip().lower()
    if len(text) >= 2 and text[-1] in _UNITS and text[:-1].isdigit() and int(text[:-1]) > 0:
        return int(text[:-1]) * _UNITS[text[-1]]
    raise ValueError(f"expected an interval like 30m, 2h or 1d, got {value!r}")


def _format_error(exc: ValidationError, path: Path | None) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
    where = f"{path}: " if path else ""
    msg = err["msg"].removeprefix("Value error, ")
    extra = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
    return f"{where}{loc}: {msg}{extra}"


def parse_config(
    data: dict[str, Any], *, base_dir: Path | None = None, path: Path | None = None
) -> Config:
    """Validate a TOML-shaped mapping into a ``Config``."""
    try:
        cfg = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format_error(exc, path)) from None
    cfg.base_dir = base_dir or Path.cwd()
    cfg.anchor_paths()
    return cfg


# --- the environment -----------------------------------------------------------------------
# Every variable figwatch reads is read in this section, in ``monitor/secrets.py`` (secrets) or,
# for the database layer below, in ``storage/settings.py`` (tests/test_architecture.py checks it).

ROUND_PARALLEL_ENV = "FIGWATCH_ROUND_PARALLEL"
ANALYSIS_WORKERS_ENV = "FIGWATCH_ANALYSIS_WORKERS"
BROKER_URL_ENV = "FIGWATCH_BROKER_URL"
#: the crawl child's Scrapy log level (``figwatch -v`` sets it for the children it starts)
CRAWL_LOG_ENV = "FIGWATCH_CRAWL_LOG_LEVEL"
#: replaces ``python -m crawler`` as the crawl child's command (tests use a stand-in)
CRAWL_COMMAND_ENV = "FIGWATCH_CRAWL_COMMAND"
#: seconds between the crawl child's progress lines (set by the parent in the child's env)
PROGRESS_ENV = "FIGWATCH_CRAWL_PROGRESS"


def env_broker_url() -> str | None:
    """``$FIGWATCH_BROKER_URL``, or None when unset or empty."""
    return os.environ.get(BROKER_URL_ENV) or None


def env_crawl_log_level(default: str | None = "WARNING") -> str | None:
    """``$FIGWATCH_CRAWL_LOG_LEVEL`` (a logging level name), else ``default``."""
    return os.environ.get(CRAWL_LOG_ENV, default)


def env_crawl_command() -> str | None:
    """``$FIGWATCH_CRAWL_COMMAND``: the crawl child's command line, or None for the default."""
    return os.environ.get(CRAWL_COMMAND_ENV) or None


def env_crawl_progress() -> float | None:
    """``$FIGWATCH_CRAWL_PROGRESS``: seconds between progress lines, or None (no progress)."""
    every = os.environ.get(PROGRESS_ENV)
    return float(every) if every else None


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME``, else ``~/.cache``: where figwatch keeps rebuildable caches."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


def env_round_parallel() -> int | None:
    """``$FIGWATCH_ROUND_PARALLEL``: how many crawl children a daemon round runs at once (None
    when unset or not a positive number)."""
    wanted = os.environ.get(ROUND_PARALLEL_ENV, "")
    return int(wanted) if wanted.isdigit() and int(wanted) > 0 else None


def env_analysis_workers() -> int | None:
    """``$FIGWATCH_ANALYSIS_WORKERS``: a crawl child's text-analysis worker processes
    (``crawler.analysis``; 0: none), or None when unset or not a number."""
    wanted = os.environ.get(ANALYSIS_WORKERS_ENV, "").strip()
    return int(wanted) if wanted.isdigit() else None


def explicit_config(path: str | Path | None = None) -> str | Path | None:
    """The config file asked for: ``path`` (``--config``), else ``$FIGWATCH_CONFIG``; None when
    neither is set (then ./figwatch.toml, if present)."""
    return path or os.environ.get(CONFIG_ENV) or None


def load_config(path: str | Path | None = None) -> Config:
    """Load figwatch.toml (``path``, ``$FIGWATCH_CONFIG`` or ./figwatch.toml).

    A missing default file yields the defaults (no sources); a missing explicit file is an error.
    """
    explicit = explicit_config(path)
    file = Path(explicit or DEFAULT_CONFIG)
    if not file.exists():
        if explicit:
            raise ConfigError(f"config file not found: {file}")
        return parse_config({})
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: invalid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{file}: cannot read: not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read: {exc.strerror}") from None
    return parse_config(data, base_dir=file.resolve().parent, path=file)
