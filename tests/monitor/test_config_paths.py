"""One rule for relative paths in figwatch.toml: relative to the config file's folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from monitor.alerts.feed import feed_path
from monitor.config import load_config


def test_relative_paths_follow_the_config_file_not_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "conf"
    home.mkdir()
    cfg = home / "figwatch.toml"
    cfg.write_text(
        '[reports]\ndir = "out"\n\n[[source]]\nname = "local"\nkind = "feed"\n'
        'urls = ["feeds/wire.xml"]\n',
        encoding="utf-8",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    config = load_config(cfg)
    assert config.path("out") == home / "out"
    assert config.path(tmp_path / "abs") == tmp_path / "abs"
    assert config.path("~/x") == Path(os.path.expanduser("~/x"))
    assert config.resolve_url("feeds/wire.xml") == (home / "feeds" / "wire.xml").as_uri()
    assert config.resolve_url("https://news.example/feed") == "https://news.example/feed"
    assert feed_path(config) == home / "out" / "alerts.atom"
