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
            _BULLET.match(text, i + 1, end)  # a list item starts a unit of its own
            # a table's rows ("Missing: 3" / "Injured: 1,153 (210 seriously)"): one unit a row
            or _ROW.fullmatch(prev.split("\n")[-1])
            or _ROW.match(text, i + 1, end)
            or prev
            and prev[-1] in '.!?:"”’'
            or (prev and not re.search(r"[.,;:]", prev[-80:]) and len(prev.split("\n")[-1]) < 80)
        ):
            cuts.append(i)
        i = text.find("\n", i + 1, end)
    return cuts


# Page furniture: links to other stories ("Read more: …", "Related: …", "More from Nation:" and
# the headline list under it, "- Flash floods kill 37 in Safi" link bullets, "… | Read more").
# Their numbers belong to other articles; the lines are blanked (offsets kept) before splitting.
_NAV_HEAD = re.compile(
    r"(?:read\s+more(?:\s+about\b[^\n]{0,80})?|related(?:\s+(?:stories|articles|coverage|content|"
    r"links|news))?|more\s+(?:headlines|stories|news)|most\s+(?:read|popular|viewed)|"
    r"more\s+(?:from|in|on)\s+[^:\n.]{1,40}|go\s+to\s+video|also\s+read|see\s+also|"
    r"recommended(?:\s+for\s+you)?|trending(?:\s+now)?|top\s+stories|you\s+may\s+also\s+like|"
    r"latest(?:\s+news)?|what\s+to\s+read\s+next)\s*:?\s*",
    re.I,
)
_NAV_LINE = re.compile(
    r"\s*(?:(?:read\s+more|related|also\s+read|see\s+also|more\s+(?:from|in|on)\s+[^:\n.]{1,40}|"
    r"most\s+(?:read|popular)|next\s+(?:post|story|article)|previous\s+(?:post|story|article)|"
    r"also\s+on\s+this\s+page|tags|more)\s*:|(?-i:READ)\s)",
    re.I,
)
_NAV_TAIL = re.compile(r"\|\s*read\s+more\s*$", re.I)
_BULLET = re.compile(r"\s*[-–•·*]\s+\S")
# a short table row: a label, a colon and a number ("Disaster-related deaths: 11")
_ROW = re.compile(r"[^\S\n]*[A-Z][\w ,'’()/-]{0,60}:[^\S\n]*\d[^\n]{0,40}?(?=\n|$)")


def _furniture(text: str) -> list[tuple[int, int]]:
    """(start, end) of the lines of ``text`` that are page furniture (see ``_NAV_HEAD``)."""
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    out = []
    i = 0
    while i < len(lines):
        s, e, line = lines[i]
        if _NAV_HEAD.fullmatch(line.strip()) and line.strip():
            out.append((s, e))
            j = i + 1  # the headline list under a header: short lines without a full stop
            while (
                j < len(lines)
                and lines[j][2].strip()
                and len(lines[j][2]) < 200
                and not re.search(r"[.!?][\"”’)]?\s*$", lines[j][2])
            ):
                out.append(lines[j][:2])
                j += 1
            i = j
            continue
        if (_NAV_LINE.match(line) and not line.lstrip().startswith(("More than", "more than"))) or (
            _NAV_TAIL.search(line)
        ):
            out.append((s, e))
        elif _BULLET.match(line) and not re.search(r"[.!?][\"”’)]?\s*$", line):
            j = i
            while (
                j < len(lines)
                and _BULLET.match(lines[j][2])
                and not re.search(r"[.!?][\"”’)]?\s*$", lines[j][2])
            ):
                j += 1
            if _introduced(lines, i) or _key_points(lines, i):
                i = j  # "… its latest casualty figures:" then "- 344 people confirmed dead", or
                # a live page's key points under its headline: facts
                continue
            if j - i >= 3 or (j - i >= 2 and i > 0 and not lines[i - 1][2].strip()):
                out.extend(ln[:2] for ln in lines[i:j])
                i = j
                continue
        i += 1
    return out


def _key_points(lines: list[tuple[int, int, str]], i: int) -> bool:
    """Whether the bullets from line ``i`` open the text, under its headline at most: a live
    page's key points ("- Germany now reports at least 81 people dead"), not links to other
    stories (those follow the article's body)."""
    before = [ln[2].strip() for ln in lines[:i] if ln[2].strip()]
    return not before or (len(before) == 1 and not re.search(r"[.!?][\"”’)]?$", before[0]))


def _introduced(lines: list[tuple[int, int, str]], i: int) -> bool:
    """Whether the bullets from line ``i`` are introduced by a sentence of the article ending in
    a colon (a list of facts), not a header of links (``_NAV_HEAD``, handled before)."""
    k = i - 1
    while k >= 0 and not lines[k][2].strip():
        k -= 1
    prev = lines[k][2].strip() if k >= 0 else ""
    return prev.endswith(":") and len(prev.split()) >= 5 and not _NAV_HEAD.fullmatch(prev)


def mask_furniture(text: str) -> str:
    """``text`` with its furniture lines blanked to newlines (same length, same offsets)."""
    spans = _furniture(text)
    if not spans:
        return text
    chars = list(text)
    for s, e in spans:
        chars[s:e] = "\n" * (e - s)
    return "".join(chars)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``, whitespace trimmed; page furniture
    (links to other stories) is left out. Never raises."""
    text = mask_furniture(text)
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
