"""Plain text (as a naive scraper saved it) to :class:`Line` objects."""

from __future__ import annotations

import re

from crawler.noise.engine import Line

_BLOCKS = re.compile(r"\n\s*\n")
_TERMINAL = re.compile(r"[.!?…:;\"”’»)\]>]\s*$")
_WS = re.compile(r"[ \t\u00a0]+")


def _is_wrapped(lines: list[str]) -> bool:
    """A hard-wrapped paragraph: long lines without final punctuation, continued in lower case."""
    if len(lines) < 2:
        return False
    junctions = list(zip(lines, lines[1:], strict=False))
    if any(len(a) < 40 for a, _ in junctions):
        return False
    open_ends = sum(not _TERMINAL.search(a) for a, _ in junctions)
    lower = sum(b[:1].islower() for _, b in junctions)
    return open_ends * 2 >= len(junctions) and lower * 2 >= len(junctions) and lower >= 1


def text_to_lines(text: str) -> list[Line]:
    """Split text into lines; hard-wrapped paragraphs are joined back into one line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    out: list[Line] = []
    for block in _BLOCKS.split(text):
        rows = [_WS.sub(" ", r).strip() for r in block.split("\n")]
        rows = [r for r in rows if r]
        if not rows:
            continue
        if _is_wrapped(rows):
            out.append(Line(" ".join(rows), kind="text"))
        else:
            out.extend(Line(r, kind="text") for r in rows)
    return out
