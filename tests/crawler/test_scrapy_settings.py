"""Scrapy settings in two places only: what is the same for every crawl in crawler/settings.py,
what comes from figwatch.toml in ``crawler.sourcesettings.scrapy_settings`` (applied by each
spider), and nothing written to Scrapy's settings anywhere else."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from crawler import settings as project
from crawler.hardening import crawl_limits, hardening_settings
from crawler.sourcesettings import scrapy_settings
from monitor.config import parse_config

REPO = Path(__file__).resolve().parents[2]
PROJECT_KEYS = {k for k in vars(project) if k.isupper()}


def _per_crawl(crawl: dict[str, Any], depth: int) -> dict[str, Any]:
    config = parse_config(
        {
            "crawl": crawl,
            "source": [
                {"name": "s", "kind": "pages", "urls": ["a.html"], "follow": {"depth": depth}}
            ],
        }
    )
    return scrapy_settings(config, config.sources[0])


DEFAULTS = _per_crawl({}, 0)
CHANGED = _per_crawl(
    {
        "user_agent": "other-bot/2.0",
        "obey_robots": False,
        "autothrottle": False,
        "concurrency_per_domain": 5,
        "concurrency": 7,
        "download_delay": 1.5,
        "download_timeout": 5.0,
        "max_page_bytes": 1000,
        "retries": 0,
    },
    2,
)


def test_every_per_crawl_setting_follows_the_config() -> None:
    """Each key ``scrapy_settings`` sets changes when the config does: none is a constant that
    belongs in crawler/settings.py."""
    assert DEFAULTS.keys() == CHANGED.keys()
    assert sorted(k for k in DEFAULTS if DEFAULTS[k] == CHANGED[k]) == []


def test_no_per_crawl_setting_is_also_a_project_setting() -> None:
    """A value from the config is never given a second default in crawler/settings.py."""
    assert sorted(PROJECT_KEYS & DEFAULTS.keys()) == []


def test_the_project_level_hardening_is_the_project_settings() -> None:
    """``hardening_settings`` (for a crawler without the project settings) takes its
    project-level part from crawler/settings.py, and its config part is ``crawl_limits``."""
    full = hardening_settings()
    limits = crawl_limits(max_page_bytes=5_000_000, download_timeout=30.0, retries=2)
    assert limits.items() <= full.items()
    for key in full.keys() - limits.keys():
        assert key in PROJECT_KEYS, key
        if key == "DOWNLOADER_MIDDLEWARES":
            assert full[key].items() <= project.DOWNLOADER_MIDDLEWARES.items()
        else:
            assert full[key] == getattr(project, key), key


def _settings_writes(path: Path) -> list[str]:
    """Each place ``path`` writes Scrapy settings: ``<x>settings.set*(...)`` calls and
    ``custom_settings``, as ``"file:line: code"``."""
    tree = ast.parse(path.read_text(), str(path))
    rel = path.relative_to(REPO).as_posix()
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("set", "setdict", "setmodule", "update", "setdefault")
            and ast.unparse(node.func.value).endswith("settings")
        ):
            found.append(f"{rel}: {ast.unparse(node)}")
        if isinstance(node, ast.Name | ast.Attribute) and "custom_settings" in ast.unparse(node):
            found.append(f"{rel}: custom_settings")
    return found


def test_scrapy_settings_are_written_in_two_places_only() -> None:
    """The spiders apply ``scrapy_settings`` (from the config); the runner sets the log level
    (``figwatch -v``). No spider has ``custom_settings``; nothing else writes a setting."""
    writes = sorted(
        w
        for top in ("crawler", "monitor", "figwatch")
        for p in (REPO / top).rglob("*.py")
        for w in _settings_writes(p)
    )
    assert writes == [
        "crawler/runner.py: settings.set('LOG_LEVEL', env_crawl_log_level(), 'cmdline')",
        "crawler/spiders/base.py: crawler.settings.setdict(scrapy_settings(config, source), "
        "priority='spider')",
    ]


def test_no_crawl_opens_a_console_or_remote_control() -> None:
    """Scrapy's telnet console and its remote control (2.19+, an HTTP endpoint that runs posted
    Python code) are off in the project settings every crawl child starts from."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule(project, priority="project")
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False
