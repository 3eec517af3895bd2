"""One crawl timeout: every way to start a crawl child takes its default from monitor.config."""

from __future__ import annotations

import inspect

from crawler.runner import run_child
from figwatch.cli.crawl import crawl
from figwatch.cli.run import run
from figwatch.daemon.runtime import Runtime
from monitor.config import DEFAULT_CRAWL_TIMEOUT, DEFAULT_STOP_GRACE, DistributedConfig


def _default(func: object, name: str) -> object:
    return inspect.signature(func).parameters[name].default  # type: ignore[arg-type]


def test_the_crawl_timeout_defaults_agree() -> None:
    assert _default(crawl, "timeout") == DEFAULT_CRAWL_TIMEOUT
    assert _default(run, "crawl_timeout") == DEFAULT_CRAWL_TIMEOUT
    assert Runtime.__dataclass_fields__["crawl_timeout"].default == DEFAULT_CRAWL_TIMEOUT
    assert DistributedConfig().crawl_timeout == DEFAULT_CRAWL_TIMEOUT


def test_the_stop_grace_defaults_agree() -> None:
    assert _default(run, "stop_grace") == DEFAULT_STOP_GRACE
    assert _default(run_child, "grace") == DEFAULT_STOP_GRACE
    assert Runtime.__dataclass_fields__["stop_grace"].default == DEFAULT_STOP_GRACE
