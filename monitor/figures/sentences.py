"""Sentence splitting with character offsets, aware of quotations and hard-wrapped lines.

A quotation that runs over several sentences and ends in an attribution (“… . … ,” X said.) stays
one unit, so the attribution reaches every figure inside it.
"""

from __future__ import annotations

import re

_ABBR = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "col",
    "lt",
    "maj",
    "sgt",
    "capt",
    "st",
    "no",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.k",
    "u.n",
    "e.g",
    "i.e",
    "vs",
    "approx",
    "sen",
    "rep",
    "gov",
    "inc",
    "corp",
    "co",
    "a.m",
    "p.m",
}
_PARA = re.compile(r"\n\s*\n")
_END = re.compile(r"[.!?]+[\"”’)]*(?=\s)")
_MAX_QUOTE = 600


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for m in _PARA.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _line_breaks(text: str, start: int, end: int) -> list[int]:
    """Single newlines inside a paragraph that end a line with terminal punctuation or a title."""
    cuts = []
    i = text.find("\n", start, end)
    while i != -1:
        prev = text[start:i].rstrip()
        if (
            prev
            and prev[-1] in '.!?:"”’'
            or (prev and not re.search(r"[.,;:]", prev[-80:]) and len(prev.split("\n")[-1]) < 80)
        ):
            cuts.append(i)
        i = text.find("\n", i + 1, end)
    return cuts


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``, whitespace trimmed. Never raises."""
    spans: list[tuple[int, int]] = []
    for ps, pe in _paragraphs(text):
        cuts = [ps] + _line_breaks(text, ps, pe) + [pe]
        for a, b in zip(cuts, cuts[1:], strict=False):
            spans.extend(_split_block(text, a, b))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    sent_start = start
    in_quote_since: int | None = None
    pos = start
    for m in _END.finditer(text, start, end):
        # update quote state between pos and the candidate end
        for i in range(pos, m.end()):
            ch = text[i]
            if ch == "“" or (ch == '"' and in_quote_since is None):
                in_quote_since = i
            elif ch == "”" or (ch == '"' and in_quote_since is not None):
                in_quote_since = None
        pos = m.end()
        if in_quote_since is not None and m.end() - in_quote_since < _MAX_QUOTE:
            continue
        word = re.search(r"([\w.]+)[.!?]*[\"”’)]*$", text[sent_start : m.end()])
        if word and m.group(0).startswith(".") and word.group(1).lower().rstrip(".") in _ABBR:
            continue
        nxt = re.match(r"\s*(\S)", text[m.end() : end])
        if nxt and not (
            nxt.group(1).isupper() or nxt.group(1).isdigit() or nxt.group(1) in "“\"‘'("
        ):
            continue
        out.append(_trim(text, sent_start, m.end()))
        sent_start = m.end()
        in_quote_since = None
    if sent_start < end:
        out.append(_trim(text, sent_start, end))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def clauses(sentence: str) -> list[tuple[int, int]]:
    """Comma/semicolon clauses (commas inside numbers such as 20,000 do not split)."""
    out = []
    pos = 0
    for m in re.finditer(r"[,;:](?!\d)|\s[–—-]\s", sentence):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(sentence)))
    return out
