"""Docs and CLI agree: every ``figwatch`` command and option named in README.md and docs/*.md
exists (``figwatch COMMAND --help`` answers and lists the option).

A command is read from code: inline code spans, fenced blocks and indented blocks. In blocks, only
lines that start with ``figwatch`` (or a path ending in ``/figwatch``, after ``$``, ``&&`` or
``ExecStart=``) count; benchmark output rows (decimal columns) are output, not commands. Table
rows whose first cell names commands must name options those commands take.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from figwatch.cli import app

REPO = Path(__file__).resolve().parents[2]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
ROOT = typer.main.get_command(app)
_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
_SPAN = re.compile(r"`([^`\n]+)`")
_START = re.compile(r"^(?:.*(?:&&|\$|ExecStart\w*=)\s*)?(?:\S*/)?figwatch\s+(.*)$")
_OUTPUT_ROW = re.compile(r"\s\d+\.\d{3,}\b")
_OPTION = re.compile(r"^--?[A-Za-z][\w-]*$")


def _invocations(text: str) -> list[str]:
    """The argument strings of every ``figwatch ...`` invocation in a Markdown text."""
    found: list[str] = []
    blocks = [m.group(1) for m in _FENCE.finditer(text)]
    rest = _FENCE.sub("", text)
    indented = re.findall(r"^(?: {4}|\t)(.*)$", rest, re.M)
    for line in [ln for b in blocks for ln in b.splitlines()] + indented:
        m = _START.match(line.strip())
        if m and not _OUTPUT_ROW.search(line):
            found.append(m.group(1).split(" #")[0])
    for span in _SPAN.findall(rest):
        m = re.match(r"^(?:\S*/)?figwatch\s+(.*)$", span.strip())
        if m:
            found.append(m.group(1))
    return found


def _tokens(args: str) -> list[str]:
    out = []
    for raw in args.replace("\\|", " ").split():
        tok = raw.strip("[](){}…,;").split("=", 1)[0]
        if tok:
            out.append(tok)
    return out


def _options(cmd: Any) -> set[str]:
    return {o for p in cmd.params for o in (*p.opts, *p.secondary_opts)} | {"--help"}


def resolve(args: str) -> tuple[list[str], list[str]]:
    """(command path, options not accepted there) for one documented invocation."""
    path: list[str] = []
    cmd: Any = ROOT
    bad: list[str] = []
    for tok in _tokens(args):
        if _OPTION.match(tok):
            if tok not in _options(cmd) and tok not in _options(ROOT):
                bad.append(tok)
        elif tok in getattr(cmd, "commands", {}):
            cmd = cmd.commands[tok]
            path.append(tok)
        elif not path and re.fullmatch(r"[a-z][a-z-]*", tok):
            bad.append(f"command {tok!r}")
            break
    return path, bad


def documented() -> list[tuple[str, str]]:
    return [(doc.name, inv) for doc in DOCS for inv in _invocations(doc.read_text("utf-8"))]


def test_the_docs_name_many_commands() -> None:
    paths = {" ".join(resolve(inv)[0]) for _, inv in documented()}
    assert {"run", "crawl", "ingest", "extract", "explain", "alerts retry", "db upgrade"} <= paths


@pytest.mark.parametrize(("doc", "invocation"), documented())
def test_documented_invocation_exists(doc: str, invocation: str) -> None:
    path, bad = resolve(invocation)
    assert not bad, f"{doc}: `figwatch {invocation}`: not in the CLI: {bad}"
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output


def _cells(row: str) -> list[str]:
    return re.split(r"(?<!\\)\|", row)


def _table_rows(text: str) -> list[str]:
    """Table rows whose first cell is a ``figwatch ...`` code span."""
    return [
        ln
        for ln in text.splitlines()
        if ln.startswith("|") and re.match(r"\s*`(?:\S*/)?figwatch\s", _cells(ln)[1])
    ]


@pytest.mark.parametrize(
    "row", [r for doc in DOCS for r in _table_rows(doc.read_text("utf-8"))], ids=lambda r: r[:40]
)
def test_options_in_command_tables_exist_on_the_row_commands(row: str) -> None:
    """``| `figwatch figures` / `verdicts` | ... (`--measure`, `--kind`) |``: each option belongs
    to one of the commands the row names."""
    spans = _SPAN.findall(row)
    first = _cells(row)[1]
    commands = []
    for span in _SPAN.findall(first):
        path, _ = resolve(re.sub(r"^(?:\S*/)?figwatch\s+", "", span))
        if path:
            commands.append(path)
    assert commands, row
    accepted = set(_options(ROOT))
    for path in commands:
        cmd: Any = ROOT
        for name in path:
            cmd = cmd.commands[name]
        accepted |= _options(cmd)
    named = {t for s in spans for t in _tokens(s) if _OPTION.match(t)}
    assert named <= accepted, f"{sorted(named - accepted)} in: {row}"


def test_a_missing_option_or_command_is_caught() -> None:
    assert resolve("extract page.html --no-such-flag")[1] == ["--no-such-flag"]
    assert resolve("frobnicate --json")[1] == ["command 'frobnicate'"]
    assert resolve("alerts retry ID")[0] == ["alerts", "retry"]
