"""The residual-noise filter: lines in, a kept/removed decision (with the rule) per line out."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from crawler.noise.engine_util import is_protected, word_count
from crawler.noise.memory import SiteMemory, learnable, line_hash
from crawler.noise.rules import LIST_MARKER, PATTERN_RULES
from monitor.article import site_host

_WS = re.compile(r"\s+")
_NORM = re.compile(r"[\W_]+", re.UNICODE)
_TERMINAL = re.compile(r"[.!?…:;\"”’»)\]]\s*$")

#: a first line starting with a bare ISO date stamp, or a breadcrumb "Home › World …"
_HEADER_DATE = re.compile(
    r"^\W*(?:date|published|posted)?\s*:?\s*\d{4}-\d{2}-\d{2}(?:[ T][\d:]+)?\s+\S"
)
_NAV_WORDS = {
    "home",
    "world",
    "news",
    "politics",
    "business",
    "sport",
    "sports",
    "opinion",
    "culture",
    "tech",
    "technology",
    "science",
    "health",
    "entertainment",
    "lifestyle",
    "travel",
    "video",
    "videos",
    "economy",
    "markets",
    "europe",
    "africa",
    "asia",
    "americas",
    "local",
    "latest",
    "menu",
    "search",
    "login",
    "subscribe",
    "weather",
    "breaking",
    "live",
}
_BREADCRUMB = re.compile(
    r"^\W*home\s*[›»>/|•-]?\s*(?:" + "|".join(sorted(_NAV_WORDS)) + r")\b", re.I
)
_HOME_SECTION = re.compile(
    r"\bhome\s*[›»>/|•-]?\s*(?:" + "|".join(sorted(_NAV_WORDS)) + r")\b", re.I
)

_CAPTION_CUE = re.compile(
    r"\b(?:photos?|images?|pictures?|credits?|captions?|gallery|getty|afp|ap|reuters|epa|"
    r"shutterstock|courtesy|file)\b|©",
    re.IGNORECASE,
)

#: teaser zone: a list heading opens it only when at most this share of the text follows it
TAIL_SHARE = 0.45
#: lines repeated this often on one page are gallery captions / credits
REPEAT_ALL = 3
REPEAT_MAX_WORDS = 25
LINK_DENSE_RATIO = 0.7
#: a glued header is a line of chrome, not a paragraph: longer first lines are never dropped
HEADER_MAX_WORDS = 40
#: at most this many lines, each at most this long, between two tail list headings are teasers
BRACKET_MAX_LINES = 12
BRACKET_MAX_WORDS = 70
LINK_DENSE_MAX_WORDS = 25


@dataclass(slots=True)
class Line:
    """One line or paragraph of extracted text, with the structural cues the rules use."""

    text: str
    kind: str = "p"  # p | head | item | quote | cell | text
    link_ratio: float = 0.0
    has_links: bool = False  # True when link information exists (HTML input)


@dataclass(slots=True)
class Decision:
    """A line and the rule that removed it (``rule is None``: kept)."""

    line: Line
    rule: str | None = None

    @property
    def kept(self) -> bool:
        return self.rule is None


def norm_key(text: str) -> str:
    """Case/punctuation-insensitive key for comparing lines."""
    return _NORM.sub(" ", text.casefold()).strip()


def _header_glued(text: str) -> bool:
    if _HEADER_DATE.match(text) or _BREADCRUMB.match(text):
        return True
    if _HOME_SECTION.search(text[:120]):
        head = [w.casefold() for w in re.findall(r"\w+", text)[:14]]
        return sum(w in _NAV_WORDS for w in head) >= 2
    return False


def _title_repeat(text: str, title: str | None) -> bool:
    if not title:
        return False
    a, b = norm_key(text), norm_key(title)
    if not a or not b:
        return False
    if a == b or (
        len(a) >= 20 and (b.startswith(a) or a.startswith(b)) and len(a) <= len(b) * 1.15
    ):
        return True
    wa, wb = set(a.split()), set(b.split())
    return len(wa) >= 4 and len(wa & wb) / len(wa | wb) >= 0.8


def _pattern_rule(line: Line, words: int, protected: bool, site: str | None) -> str | None:
    lower = line.text.lower()
    for rule in PATTERN_RULES:
        if protected and rule.protect:
            continue
        if rule.name == "bare_url" and line.has_links and not (site and _self_url(line.text, site)):
            # in HTML a visible address was written by the author (a citation, a shop link),
            # unless it points back at the page's own site (share/permalink widgets);
            # in saved text, URL-only lines are hrefs a naive scraper dumped
            continue
        if rule.matches(line.text, words, lower):
            return rule.name
    return None


def filter_lines(
    lines: Sequence[Line],
    *,
    title: str | None = None,
    site: str | None = None,
    memory: SiteMemory | None = None,
    learn: bool = True,
    disabled: frozenset[str] = frozenset(),
) -> list[Decision]:
    """Decide for every line whether it is article text or residual noise.

    ``memory`` (with ``site``) drops lines learned as the site's boilerplate; with ``learn`` the
    article's own short lines are counted into it first. The passes run in this order, each over
    the lines the earlier ones kept: position, repetition, line patterns (with the teaser zones
    they open), bracketed tail lists, site memory.
    """
    decisions = [Decision(ln) for ln in lines]
    if not decisions:
        return decisions
    words = [word_count(d.line.text) for d in decisions]
    # only short-ish lines can be noise: long ones skip the per-line regex work
    protected = [
        w <= 60 and is_protected(d.line.text) for w, d in zip(words, decisions, strict=True)
    ]
    total_chars = sum(len(d.line.text) for d in decisions) or 1

    _position_pass(decisions, words, title)
    _repetition_pass(decisions, words, protected)
    _pattern_pass(decisions, words, protected, site, total_chars)
    _bracketed_tail(decisions, words, total_chars)
    # site memory goes last and only over lines the static rules kept, so that the lines it drops
    # are exactly "static result minus learned boilerplate" (see ``memory_free_text``)
    if memory is not None and site:
        _memory_pass(decisions, memory, site, learn)

    if disabled:
        for d in decisions:
            if d.rule in disabled:
                d.rule = None
    return decisions


def _position_pass(decisions: list[Decision], words: list[int], title: str | None) -> None:
    """Position: a header glued to the first line, the title repeated at the top."""
    n = len(decisions)
    first = next((i for i in range(n) if words[i]), None)
    if (
        first is not None
        and decisions[first].rule is None
        and words[first] <= HEADER_MAX_WORDS
        and _header_glued(decisions[first].line.text)
    ):
        decisions[first].rule = "header_glued"
    first_p = next((i for i in range(n) if decisions[i].line.kind != "head"), n)
    for i in range(min(n, 3)):
        if decisions[i].rule is None and _title_repeat(decisions[i].line.text, title):
            decisions[i].rule = "title_repeat"
        elif decisions[i].rule is None and i < first_p and decisions[i].line.has_links:
            # headings above the first paragraph of an HTML body: headline and standfirst
            decisions[i].rule = "title_repeat" if i == first else "standfirst"


def _repetition_pass(decisions: list[Decision], words: list[int], protected: list[bool]) -> None:
    """Repetition on the page: credits and captions of a gallery, a link block shown twice.

    Repeated lines without such cues (table headers, interview questions) are content.
    """
    keys = [
        norm_key(d.line.text) if w <= REPEAT_MAX_WORDS else ""
        for w, d in zip(words, decisions, strict=True)
    ]
    counts = Counter(k for k, w in zip(keys, words, strict=True) if k and w <= REPEAT_MAX_WORDS)
    for i, d in enumerate(decisions):
        k = keys[i]
        if (
            d.rule is None
            and counts.get(k, 0) >= REPEAT_ALL
            and not protected[i]
            and (_CAPTION_CUE.search(d.line.text) or d.line.link_ratio >= LINK_DENSE_RATIO)
        ):
            d.rule = "repeated"


def _pattern_pass(
    decisions: list[Decision],
    words: list[int],
    protected: list[bool],
    site: str | None,
    total_chars: int,
) -> None:
    """Line patterns, list headings and the teaser zone they open.

    A zone in the tail of the text swallows what follows (teasers); one mid-text only swallows a
    list of links.
    """
    chars_before = 0
    zone: str | None = None
    prev_linked_teaser = False
    for i, d in enumerate(decisions):
        text = d.line.text
        chars_before += len(text)
        in_tail = (total_chars - chars_before) <= TAIL_SHARE * total_chars and i > 0
        if d.rule is not None:
            continue
        if zone and (
            _teaser(d.line, words[i], zone == "tail")
            or (zone == "tail" and prev_linked_teaser and words[i] <= 30)
        ):
            # a teaser, or the one-sentence snippet under a linked teaser headline
            prev_linked_teaser = d.rule is None and d.line.link_ratio >= 0.5
            d.rule = "teaser_list"
            continue
        prev_linked_teaser = False
        if LIST_MARKER.match(text):
            d.rule = "list_marker"
            zone = "tail" if in_tail else "mid"
            continue
        rule = _pattern_rule(d.line, words[i], protected[i], site)
        if rule:
            d.rule = rule
            if rule in ("related_link", "cta_prompt") and d.line.has_links:
                # in HTML a "Related: …" line often heads a list of links; in plain text an
                # inline pointer says nothing about the lines after it
                zone = "tail" if in_tail else "mid"
            continue  # an open zone stays open across other removed lines
        if _shouting_link(d.line, words[i]):
            d.rule = "link_dense"
            continue
        zone = None


def _memory_pass(decisions: list[Decision], memory: SiteMemory, site: str, learn: bool) -> None:
    """Site memory: learn the article's short lines (``learn``), drop the site's boilerplate."""
    hashes = [line_hash(d.line.text) if learnable(d.line.text) else None for d in decisions]
    if learn:
        memory.seen(site, {h for h in hashes if h})
    for d, h in zip(decisions, hashes, strict=True):
        if d.rule is None and h and memory.is_boilerplate(site, h):
            d.rule = "site_memory"


def _bracketed_tail(decisions: list[Decision], words: list[int], total_chars: int) -> None:
    """Lines between two list headings in the tail ("Read more" … "Show more") are a teaser list."""
    markers = [i for i, d in enumerate(decisions) if d.rule == "list_marker"]
    if len(markers) < 2:
        return
    chars_before = 0
    start: int | None = None
    for i, d in enumerate(decisions):
        chars_before += len(d.line.text)
        if d.rule != "list_marker":
            continue
        if start is not None:
            between = [k for k in range(start + 1, i) if decisions[k].rule is None]
            if (
                between
                and len(between) <= BRACKET_MAX_LINES
                and all(words[k] <= BRACKET_MAX_WORDS for k in between)
            ):
                for k in between:
                    decisions[k].rule = "teaser_list"
        if (total_chars - chars_before) <= TAIL_SHARE * total_chars:
            start = i


def _self_url(text: str, site: str) -> bool:
    hosts = re.findall(r"(?:https?://|www\.)([^/\s?#:]+)", text)
    return bool(hosts) and all(site_host(h).endswith(site) for h in hosts)


def _shouting_link(line: Line, words: int) -> bool:
    """A fully linked, all-capitals line: a promo headline for another story."""
    if not line.has_links or line.link_ratio < 0.95 or words > LINK_DENSE_MAX_WORDS or words < 3:
        return False
    letters = [c for c in line.text if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def _teaser(line: Line, words: int, tail: bool) -> bool:
    """Inside a teaser zone: is this line another teaser (headline, linked item, snippet)?"""
    if not line.has_links:
        # plain text carries no link cues: everything after a tail list heading goes
        return tail
    if line.link_ratio >= 0.8:
        return True
    if not tail:
        return False
    if line.link_ratio >= 0.5 or line.kind in ("item", "head"):
        return True
    return words <= 12 and not _TERMINAL.search(line.text)


def memory_free_text(decisions: Sequence[Decision]) -> str:
    """The clean text as the static rules alone leave it (site-memory removals put back).

    It does not change as a site's memory grows, so it identifies an unchanged page.
    """
    return clean_text([Decision(d.line) if d.rule == "site_memory" else d for d in decisions])


def clean_text(decisions: Sequence[Decision]) -> str:
    """Join the kept lines into the article text (paragraphs separated by newlines)."""
    return "\n".join(
        _WS.sub(" ", d.line.text).strip() for d in decisions if d.kept and d.line.text.strip()
    )
