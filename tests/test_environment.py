"""Database URL precedence, the crawl child's environment, and a suite immune to the shell's
FIGWATCH_* variables."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.runner import run_child
from storage.db import DATABASE_URL_ENV, choose_url, connect, database_url

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "planted-db-pw-93ad"
#: what a user's shell might hold; every value would break a test that obeyed it
HOSTILE_ENV = {
    "FIGWATCH_DATABASE_URL": "sqlite:////nonexistent-dir/hostile.db",
    "FIGWATCH_CONFIG": "/nonexistent/figwatch.toml",
    "FIGWATCH_CRAWL_COMMAND": "false",
    "FIGWATCH_CRAWL_LOG_LEVEL": "DEBUG",
    "FIGWATCH_SQLITE_BUSY_MS": "1",
    "FIGWATCH_WEBHOOK_SECRET": "hostile-shell-secret",
    "FIGWATCH_SMTP_PASSWORD_FILE": "/nonexistent/pw",
    "FIGWATCH_BROKER_URL": "redis://127.0.0.1:1/0",
}


def test_connect_honours_the_url_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATABASE_URL_ENV, f"sqlite:///{tmp_path / 'env.db'}")
    engine = connect(f"sqlite:///{tmp_path / 'given.db'}")
    engine.dispose()
    assert (tmp_path / "given.db").exists() and not (tmp_path / "env.db").exists()
    assert database_url(None) == f"sqlite:///{tmp_path / 'env.db'}"  # only fills a missing URL


def test_precedence_flag_then_environment_then_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    assert choose_url(None, "sqlite:///cfg.db") == "sqlite:///cfg.db"
    assert choose_url(None, None) == "sqlite:///figwatch.db"
    monkeypatch.setenv(DATABASE_URL_ENV, "sqlite:///env.db")
    assert choose_url(None, "sqlite:///cfg.db") == "sqlite:///env.db"
    assert choose_url("sqlite:///flag.db", "sqlite:///cfg.db") == "sqlite:///flag.db"
    assert choose_url("postgres://u@h/db", None) == "postgresql+psycopg://u@h/db"


def test_cli_db_flag_beats_the_environment(tmp_path: Path) -> None:
    env = {**os.environ, DATABASE_URL_ENV: f"sqlite:///{tmp_path / 'env.db'}"}
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "figwatch",
            "--db",
            f"sqlite:///{tmp_path / 'flag.db'}",
            "db",
            "upgrade",
        ],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "flag.db").exists() and not (tmp_path / "env.db").exists()


def _recording_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in crawl child that records its argv and environment, then prints a summary."""
    record = tmp_path / "child.json"
    script = tmp_path / "child.py"
    script.write_text(
        "import json, os, sys\n"
        f"json.dump({{'argv': sys.argv, 'db': os.environ.get({DATABASE_URL_ENV!r})}}, "
        f"open({str(record)!r}, 'w'))\n"
        "print(json.dumps({'source': 'wire', 'status': 'ok'}))\n"
    )
    monkeypatch.setenv("FIGWATCH_CRAWL_COMMAND", f"{sys.executable} {script}")
    return record


def test_crawl_child_gets_the_url_in_its_environment_not_argv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = _recording_child(tmp_path, monkeypatch)
    url = f"postgresql+psycopg://figwatch:{PASSWORD}@127.0.0.1:5432/test"
    out = run_child(tmp_path / "figwatch.toml", "wire", url, timeout=60)
    assert out.ok, out.error
    seen = json.loads(record.read_text())
    assert not any(PASSWORD in arg for arg in seen["argv"])
    assert seen["db"] == url


@pytest.mark.postgres
def test_figwatch_crawl_with_a_password_url_keeps_it_off_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_url: str
) -> None:
    record = _recording_child(tmp_path, monkeypatch)
    url = pg_url.replace("postgres@", f"postgres:{PASSWORD}@")  # trust auth ignores it
    cfg = tmp_path / "figwatch.toml"
    cfg.write_text('[[source]]\nname = "wire"\nkind = "feed"\nurls = ["feed.xml"]\n')
    res = subprocess.run(
        [sys.executable, "-m", "figwatch", "--config", str(cfg), "--db", url, "crawl", "--json"],
        cwd=tmp_path,
        env={
            **os.environ,
            "PYTHONPATH": str(REPO),
            DATABASE_URL_ENV: "sqlite:////nonexistent/x.db",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    seen = json.loads(record.read_text())
    assert not any(PASSWORD in arg for arg in seen["argv"])
    assert PASSWORD in seen["db"] and seen["db"].endswith(url.split("@", 1)[1])


def test_suite_passes_whatever_figwatch_variables_the_shell_holds(tmp_path: Path) -> None:
    """Tests that read the database URL, the config, the crawl command and secrets, run in a
    child pytest under hostile FIGWATCH_* values (tests/conftest.py clears them)."""
    selected = [
        "tests/hostile/test_crawl_run.py::test_healthy_source_stored_despite_hostile_neighbour",
        "tests/crawler/test_crawl_runner.py::test_unknown_source_is_a_failed_summary",
        "tests/figwatch/test_cli_batch.py::test_piped_tables_hold_every_cell_in_full",
        "tests/monitor/alerts/test_alerts.py::test_missing_webhook_secret_is_a_dead_letter_with_a_clear_error",
        "tests/test_environment.py::test_cli_db_flag_beats_the_environment",
    ]
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            "not postgres",
            "--basetemp",
            str(tmp_path / "t"),
            *selected,
        ],  # fmt: skip
        cwd=REPO,
        env={**os.environ, **HOSTILE_ENV},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert res.returncode == 0, res.stdout[-3000:]
    assert f"{len(selected)} passed" in res.stdout, res.stdout[-2000:]
