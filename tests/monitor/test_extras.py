"""The lighter default install: the demo runs without PostgreSQL, Celery, matplotlib or
scrapy-playwright, and a command that needs a missing extra says which in one line.

"Missing" is made real for a whole process tree: a ``sitecustomize`` on ``PYTHONPATH`` refuses to
import the extras' modules, in figwatch and in every crawl child it starts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXTRA_MODULES = ("psycopg", "celery", "matplotlib", "scrapy_playwright")

SITECUSTOMIZE = """
import os, sys

_BLOCKED = set(filter(None, os.environ.get("FIGWATCH_TEST_BLOCK", "").split(",")))


class _Missing:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in _BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, _Missing())
"""


@pytest.fixture
def light_env(tmp_path: Path) -> dict[str, str]:
    """An environment in which the extras' modules cannot be imported."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), str(REPO)]),
        "FIGWATCH_TEST_BLOCK": ",".join(EXTRA_MODULES),
        "COLUMNS": "200",
    }


def figwatch(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "figwatch", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_the_block_is_real(light_env: dict[str, str], tmp_path: Path) -> None:
    probe = subprocess.run(
        [sys.executable, "-c", "import celery"], env=light_env, capture_output=True, text=True
    )
    assert probe.returncode == 1 and "No module named 'celery'" in probe.stderr


def test_default_dependencies_leave_the_extras_out() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    base = " ".join(project["dependencies"]).lower()
    for name in ("psycopg", "celery", "matplotlib", "scrapy-playwright"):
        assert name not in base
    extras = project["optional-dependencies"]
    assert {"postgres", "distributed", "charts", "browser"} <= set(extras)
    assert "figwatch[all]" in extras["dev"]  # `.[dev]` still brings everything the tests need


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (("worker",), "distributed"),
        (("run", "--once", "--distributed"), "distributed"),
        (("--db", "postgresql://127.0.0.1:5432/test", "status"), "postgres"),
    ],
)
def test_a_missing_extra_is_one_line(
    light_env: dict[str, str], tmp_path: Path, args: tuple[str, ...], extra: str
) -> None:
    (tmp_path / "figwatch.toml").write_text("")
    result = figwatch(light_env, tmp_path, *args)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert f"pip install 'figwatch[{extra}]'" in lines[0]


@pytest.mark.slow
def test_demo_runs_on_the_default_install(light_env: dict[str, str], tmp_path: Path) -> None:
    """The README's first command, without any extra: alerts, and a figures report of tables."""
    demo = tmp_path / "demo"
    shutil.copytree(REPO / "examples" / "demo", demo)
    result = figwatch(light_env, tmp_path, "--config", str(demo / "figwatch.toml"), "run", "--once")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert (demo / "figwatch-alerts.jsonl").read_text().strip()  # beside its config
    report = next(tmp_path.rglob("figures.html")).read_text()
    assert "figwatch[charts]" in report and "<svg" not in report
    assert "<table" in report
