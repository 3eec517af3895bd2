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


def test_file_paths_read_by_the_crawler_and_the_channels_follow_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``[crawl] browser_path`` (and a source's own), ``[alerts] jsonl_path`` and a channel's
    ``path`` and ``ca_file``: relative to the config file's folder, absolute ones kept."""
    from crawler.sourcesettings import effective_crawl
    from monitor.alerts.channels.local import jsonl_path

    home = tmp_path / "conf"
    home.mkdir()
    cfg = home / "figwatch.toml"
    cfg.write_text(
        '[crawl]\nbrowser_path = "bin/chromium"\n\n'
        '[[source]]\nname = "a"\nkind = "feed"\nurls = ["a.xml"]\n\n'
        '[[source]]\nname = "b"\nkind = "feed"\nurls = ["b.xml"]\n'
        'settings = { browser_path = "other/chromium" }\n\n'
        f'[[source]]\nname = "c"\nkind = "feed"\nurls = ["c.xml"]\n'
        f'settings = {{ browser_path = "{tmp_path / "abs" / "chromium"}" }}\n\n'
        '[alerts]\njsonl_path = "out/alerts.jsonl"\n\n'
        '[[alerts.channel]]\nname = "file"\ntype = "jsonl"\npath = "desk/feed.jsonl"\n\n'
        '[[alerts.channel]]\nname = "mail"\ntype = "email"\nto = ["desk@example.com"]\n'
        'ca_file = "certs/relay.pem"\n\n'
        '[[alerts.channel]]\nname = "home"\ntype = "jsonl"\npath = "~/figwatch.jsonl"\n',
        encoding="utf-8",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    config = load_config(cfg)
    assert config.crawl.browser_path == str(home / "bin" / "chromium")
    assert effective_crawl(config, config.source("a")).browser_path == str(home / "bin/chromium")
    assert effective_crawl(config, config.source("b")).browser_path == str(
        home / "other" / "chromium"
    )
    assert effective_crawl(config, config.source("c")).browser_path == str(
        tmp_path / "abs" / "chromium"
    )
    file, mail, in_home = config.alerts.channels
    assert jsonl_path(config.alerts.jsonl_path, None) == home / "out" / "alerts.jsonl"
    assert jsonl_path(file.path, None) == home / "desk" / "feed.jsonl"
    assert mail.ca_file == str(home / "certs" / "relay.pem")
    assert in_home.path == os.path.expanduser("~/figwatch.jsonl")


def test_the_default_browser_path_stays_absolute(tmp_path: Path) -> None:
    cfg = tmp_path / "figwatch.toml"
    cfg.write_text("", encoding="utf-8")
    assert load_config(cfg).crawl.browser_path == "/usr/bin/chromium"


def test_a_relative_sqlite_file_in_the_config_is_relative_to_the_config(tmp_path: Path) -> None:
    folder = tmp_path / "conf"
    folder.mkdir()
    (folder / "figwatch.toml").write_text('[storage]\ndatabase_url = "sqlite:///data/fw.db"\n')
    cfg = load_config(folder / "figwatch.toml")
    assert cfg.database_url() == f"sqlite:///{folder / 'data' / 'fw.db'}"
    # a URL given on the command line is the user's, relative to the working directory
    assert cfg.database_url("sqlite:///other.db") == "sqlite:///other.db"
    (folder / "figwatch.toml").write_text('[storage]\ndatabase_url = "sqlite:////srv/fw.db"\n')
    assert load_config(folder / "figwatch.toml").database_url() == "sqlite:////srv/fw.db"
