"""A minimal crawler used in place of ``python -m crawler.run`` by the daemon tests and benchmarks.

It speaks the same command line (``--config PATH --source NAME [--db URL]``), fetches each URL of
the source over HTTP, ingests it through ``monitor.ingest`` and, standing in for the verdict engine
that is not on this branch, queues an alert for each changed figure "<N> people died". It stops
between articles on SIGTERM and prints one JSON summary line. Not a test module (no tests inside).

Env: ``MINICRAWL_SLEEP`` seconds to pause after each article (to test stopping mid-crawl).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sys
import time
import urllib.request
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

_FIGURE = re.compile(r"(\d[\d,]*) people died")
_TAG = re.compile(r"<[^>]+>")
_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)
_stop = False


def _on_term(_signum: int, _frame: object) -> None:
    global _stop
    _stop = True


def main() -> int:
    from sqlmodel import select

    from monitor.alerts import AlertEvent, enqueue
    from monitor.article import Article
    from monitor.config import load_config
    from monitor.ingest import ingest_in
    from storage.db import connect, session_scope
    from storage.models import ArticleVersionRow

    signal.signal(signal.SIGTERM, _on_term)
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--db")
    args = parser.parse_args()
    config = load_config(args.config)
    source = config.source(args.source)
    engine = connect(args.db or config.storage.database_url)
    pause = float(os.environ.get("MINICRAWL_SLEEP", "0"))
    counts = {"pages": 0, "new": 0, "changed": 0, "unchanged": 0, "alerts": 0, "errors": 0}
    for url in source.urls:
        if _stop:
            break
        try:
            with urllib.request.urlopen(config.resolve_url(url), timeout=10) as resp:
                html = resp.read().decode("utf-8", "replace")
        except OSError:
            counts["errors"] += 1
            continue
        title_match = _TITLE.search(html)
        title = title_match.group(1).strip() if title_match else None
        text = " ".join(_TAG.sub(" ", html).split())
        article = Article(url=url, text=text, title=title, source=source.name)
        with session_scope(engine) as session:
            result = ingest_in(session, article)
            counts["pages"] += 1
            counts[result.status] += 1
            figure = _FIGURE.search(text)
            if result.status != "unchanged" and figure:
                old_value = old_sentence = None
                if result.version > 1:
                    prev = session.exec(
                        select(ArticleVersionRow).where(
                            ArticleVersionRow.article_id == result.article_id,
                            ArticleVersionRow.number == result.version - 1,
                        )
                    ).first()
                    found = _FIGURE.search(prev.text) if prev else None
                    if found:
                        old_value, old_sentence = found.group(1), found.group(0)
                event = AlertEvent(
                    verdict_id=result.version_id,
                    kind="updates" if old_value and old_value != figure.group(1) else "new",
                    measure="deaths",
                    place=title,
                    new_value_text=figure.group(1),
                    old_value_text=old_value,
                    new_sentence=figure.group(0),
                    old_sentence=old_sentence,
                    new_url=url,
                    old_url=url if old_value else None,
                    story=title,
                )
                counts["alerts"] += len(enqueue(session, [event], config.alerts))
        if pause:
            time.sleep(pause)
    engine.dispose()
    print(json.dumps({"source": source.name, "stopped": _stop, **counts}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
