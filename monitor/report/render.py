"""Shared report rendering: one Jinja2 environment (autoescape on), CSV and JSON writers.

Every HTML report extends ``base.html.j2``: one self-contained file (inline CSS and script, no
external assets), a Content-Security-Policy that lets only our own nonce-tagged script run, and
``table.sortable`` tables sortable by clicking a header.
"""

from __future__ import annotations

import csv
import json
import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "—"


def _lag(value: timedelta | None) -> str:
    """A time lag for humans: ``+3 h 20 min``, ``+2 d 4 h``, ``−15 min``."""
    if value is None:
        return "—"
    sign = "−" if value.total_seconds() < 0 else "+"
    secs = int(abs(value.total_seconds()))
    days, rem = divmod(secs, 86400)
    hours, rem = divmod(rem, 3600)
    mins = rem // 60
    if days:
        return f"{sign}{days} d {hours} h"
    if hours:
        return f"{sign}{hours} h {mins} min"
    return f"{sign}{mins} min"


def _href(url: str | None) -> str:
    """A scraped URL fit for ``href``: http(s) and file URLs only, anything else becomes ``#``."""
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://", "file://")) else "#"


def environment() -> Environment:
    """The Jinja2 environment for every report template (autoescape on for .j2 HTML)."""
    env = Environment(
        loader=PackageLoader("monitor.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = _when
    env.filters["lag"] = _lag
    env.filters["href"] = _href
    return env


def render_html(template: str, **context: Any) -> str:
    """Render ``template`` with a fresh CSP nonce for the report's own script."""
    return environment().get_template(template).render(nonce=secrets.token_urlsafe(16), **context)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    return value


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as indented UTF-8 JSON (datetimes ISO, timedeltas in seconds)."""
    path.write_text(
        json.dumps(data, default=_plain, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def write_csv(path: Path, rows: Iterable[Mapping[str, Any]], fields: list[str]) -> None:
    """Write ``rows`` as CSV with a header; cells that a spreadsheet would run as formulas are
    prefixed with ``'``."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            out = {}
            for k in fields:
                v = _plain(row.get(k))
                if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    v = "'" + v
                out[k] = "" if v is None else v
            writer.writerow(out)
