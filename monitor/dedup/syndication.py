"""Syndication markers: the sources an article itself states ("AFP contributed reporting", "(AP)")."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Canonical agency name -> spellings that name it (matched case-sensitively on word boundaries).
AGENCIES: dict[str, tuple[str, ...]] = {
    "AP": ("AP", "Associated Press"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "Reuters": ("Reuters",),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "ANSA": ("ANSA",),
    "EFE": ("EFE",),
    "Xinhua": ("Xinhua",),
    "TASS": ("TASS",),
    "Interfax": ("Interfax",),
    "UPI": ("UPI", "United Press International"),
    "PA Media": ("PA Media", "Press Association"),
    "Bloomberg": ("Bloomberg",),
    "Kyodo": ("Kyodo",),
    "Ukrinform": ("Ukrinform",),
}
_SPELLING = {s: name for name, spellings in AGENCIES.items() for s in spellings}
_AGENCY = "|".join(sorted((re.escape(s) for s in _SPELLING), key=len, reverse=True))
_NAME = r"[A-Z][\w&'’-]*(?:[ \t]+(?:[A-Z][\w&'’-]*|of|de|la))*"  # a capitalised name, one line
_OUTLET = r"[A-Z][A-Z0-9&]+(?:[ \t]+[A-Z][\w&-]*)?"  # an acronym-led outlet name: CNN, RBC Ukraine

_CONTRIB = re.compile(
    rf"\b(?P<names>{_NAME}(?:[ \t]*(?:,|and|&)[ \t]*{_NAME})*)[ \t]+contributed[ \t]+"
    r"(?:to[ \t]+)?(?:this[ \t]+)?(?:report(?:ing)?|to\s+this\s+story|to\s+this\s+article)"
)
_DATELINE = re.compile(rf"\((?P<name>{_AGENCY})\)")
_VIA = re.compile(rf"\bvia[ \t]+(?P<name>{_NAME})")
_QUOTED = re.compile(
    rf"\b(?:as[ \t]+quoted[ \t]+by|according[ \t]+to|told)[ \t]+(?P<name>{_OUTLET})\b"
)
_REPORTED = re.compile(
    rf"\b(?P<name>{_OUTLET})[ \t]+(?:reported|reports|said[ \t]+in[ \t]+a[ \t]+report)\b"
)
_MENTION = re.compile(rf"(?<![\w-])(?P<name>{_AGENCY})(?![\w-])")
_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*")


@dataclass(frozen=True, slots=True)
class StatedSource:
    """One source an article states: normalised name, kind of marker, the marker's text."""

    source: str
    kind: str  # contributed | dateline | via | reported | agency
    marker: str


def _canon(name: str) -> str:
    name = name.strip().rstrip(".")
    name = re.sub(r"^(?:The|the)\s+", "", name)
    return _SPELLING.get(name, name)


def stated_sources(text: str) -> list[StatedSource]:
    """Every source ``text`` states, once each with its strongest marker, strongest first."""
    found: dict[str, StatedSource] = {}

    def add(name: str, kind: str, marker: str) -> None:
        source = _canon(name)[:128]
        if source and source not in found:
            found[source] = StatedSource(source, kind, marker.strip())

    for m in _CONTRIB.finditer(text):
        for name in _SPLIT.split(m.group("names")):
            if name:
                add(name, "contributed", m.group(0))
    for m in _DATELINE.finditer(text):
        add(m.group("name"), "dateline", m.group(0))
    for m in _VIA.finditer(text):
        add(m.group("name"), "via", m.group(0))
    for rx in (_QUOTED, _REPORTED):
        for m in rx.finditer(text):
            add(m.group("name"), "reported", m.group(0))
    for m in _MENTION.finditer(text):
        add(m.group("name"), "agency", m.group(0))
    order = {"contributed": 0, "dateline": 1, "via": 2, "reported": 3, "agency": 4}
    return sorted(found.values(), key=lambda s: (order[s.kind], s.source))
