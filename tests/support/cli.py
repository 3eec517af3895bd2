"""Run the figwatch command in the test's own process."""

from __future__ import annotations

import sys

import pytest


def fw_here(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the figwatch CLI in this process (cwd = the test's tmp dir); (exit code, out, err)."""
    from figwatch.cli import main

    capsys.readouterr()
    old = sys.argv
    sys.argv = ["figwatch", *args]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = old
    out = capsys.readouterr()
    return code, out.out, out.err
