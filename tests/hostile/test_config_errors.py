"""Every bad configuration value gets one clear line naming the key and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config import load_config, parse_config
from monitor.errors import ConfigError

SRC = {"name": "lorn", "kind": "feed", "urls": ["feed.xml"]}

CASES = [
    ({"source": [{**SRC, "name": "bad name!"}]}, "source.0.name", "pattern"),
    ({"source": [{**SRC, "kind": "rss"}]}, "source.0.kind", "'feed', 'sitemap' or 'pages'"),
    ({"source": [{**SRC, "urls": []}]}, "source.0.urls", "at least 1"),
    ({"source": [{**SRC, "urls": ["gopher://x/a"]}]}, "source.0.urls", "http(s):// or file://"),
    ({"source": [{**SRC, "urls": "http://x/a"}]}, "source.0.urls", "valid list"),
    ({"source": [{**SRC, "every": "soon"}]}, "source.0.every", "interval like 30m"),
    ({"source": [{**SRC, "allow_private": "yes please"}]}, "source.0.allow_private", "boolean"),
    ({"source": [{**SRC, "alow_private": True}]}, "source.0.alow_private", "Extra inputs"),
    ({"source": [SRC, SRC]}, "(top level)", "duplicate source name 'lorn'"),
    (
        {"source": [{**SRC, "follow": {"depth": 99}}]},
        "source.0.follow.depth",
        "less than or equal to 10",
    ),
    ({"crawl": {"download_timeout": -1}}, "crawl.download_timeout", "greater than 0"),
    ({"crawl": {"max_page_bytes": "big"}}, "crawl.max_page_bytes", "integer"),
    ({"crawl": {"concurrency": 0}}, "crawl.concurrency", "greater than or equal to 1"),
    ({"crawll": {}}, "crawll", "Extra inputs"),
    ({"storage": {"database_url": 5}}, "storage.database_url", "valid string"),
]


@pytest.mark.parametrize(("data", "key", "expected"), CASES)
def test_bad_value_one_line_names_key(data: dict, key: str, expected: str) -> None:
    with pytest.raises(ConfigError) as exc:
        parse_config(data)
    message = str(exc.value)
    assert "\n" not in message
    assert message.startswith(f"{key}:"), message
    assert expected in message


def test_bad_toml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "figwatch.toml"
    bad.write_text('[crawl]\nconcurrency = "\n')
    with pytest.raises(ConfigError) as exc:
        load_config(bad)
    assert "\n" not in str(exc.value) and "invalid TOML" in str(exc.value)
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "absent.toml")


def test_binary_config_file(tmp_path: Path) -> None:
    bad = tmp_path / "figwatch.toml"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    with pytest.raises(ConfigError) as exc:
        load_config(bad)
    assert "\n" not in str(exc.value)
