"""``python -m crawler --config PATH --source NAME [--db URL]``: crawl, print JSON summaries.

The database is ``--db``, else ``$FIGWATCH_DATABASE_URL`` (how ``crawler.runner.run_child`` passes
it, so that no password shows in ``ps``), else the config's. Prints one JSON line per crawled
source on stdout (logs go to stderr). Exit code 0 when every
crawl ended ``ok`` or ``partial``, 1 when one ``failed`` (or was stopped), 2 for a configuration
or database problem.
"""

from __future__ import annotations

import argparse
import sys

from crawler.runner import run_crawl
from monitor.config import load_config
from monitor.errors import ConfigError
from storage.db import DatabaseError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler", description=__doc__)
    parser.add_argument("--config", help="figwatch.toml (default: $FIGWATCH_CONFIG or ./)")
    parser.add_argument("--source", action="append", help="source name (repeatable; default all)")
    parser.add_argument("--db", help="database URL (default: $FIGWATCH_DATABASE_URL, the config)")
    args = parser.parse_args(argv)
    try:
        config = load_config(args.config)
        if args.source:
            for name in args.source:
                config.source(name)
        summaries = run_crawl(config, args.source, args.db)
    except (ConfigError, DatabaseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for summary in summaries:
        sys.stdout.write(summary.to_json() + "\n")
    sys.stdout.flush()
    return 0 if all(s.status in {"ok", "partial"} for s in summaries) else 1


if __name__ == "__main__":
    raise SystemExit(main())
