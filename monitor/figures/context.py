"""Article context: what a figure's own sentence leaves unsaid, taken from the rest of the article.

**Place.** A figure whose sentence names no place inherits the article's main place, chosen in
this order:

1. the headline: the first place it names in a locative or typed construction ("… in Karsk
   valley", "Strong earthquake hits Valdoria's Karsk valley");
2. the lede: the first place named in the first three sentences of the text (a wire dateline
   line counts as text, but only its locative places, not the filing city);
3. the dateline ("ORVENNA, Valdoria, March 3 (Wire) –"): where the reporter filed from, the
   weakest hint, used only when headline and lede name no place.

A place the sentence names itself always wins, so a town-level count ("14 arrested in Orvenna")
keeps its town while the valley-wide toll of the same article takes the article's place.
A count for the event as a whole ("the official death toll rose to 27", "48 people had died in
the earthquake", "across the valley") never takes a town: it takes the article's region (the
first typed place — "Karsk valley", "the Kherson region" — of the headline, else of the text,
else the place an event is named after: "the Karsk earthquake"),
and stays without a place when the article names no region.

**Claimant back-references.** A figure whose claimant is only a role or a pronoun takes the most
recent matching claimant named earlier in the same article:

- "the agency", "the ministry", "the institute", "the governor", "the spokeswoman" (a head
  noun, optionally with generic modifiers such as "regional", "national", "official") → the most
  recent earlier claimant whose name or role contains that head noun;
- "she said" / "he said" (and a figure with no claimant in a sentence that ends so) → the most
  recent person;
- a person's organisation written as "its" / "the agency" ("Mirela Vostrand, its spokeswoman";
  "the agency's spokeswoman, Mirela Vostrand") → the most recent matching organisation;
- a sentence that continues the previous one ("Another 30 people were reported missing") and
  names no claimant → the previous sentence's claimant;
- a person speaking in a sentence whose subject is a named organisation ("The Geological
  Institute is recording …, seismologist Petr Halvik said") → that organisation.

Group defaults ("people") are left as they are, and nothing is guessed when no earlier claimant
matches.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from monitor.figures.areas import area_by_id, article_countries, names_subdivision, resolve
from monitor.figures.claimants import _is_place, find_claimant, fold, org_key, related
from monitor.figures.model import Claimant, Figure
from monitor.figures.places import (
    dateline_place,
    event_place,
    find_place,
    place_key,
    place_mentions,
    reported_start,
    typed_place,
)
from monitor.figures.sentences import split_sentences
from monitor.figures.vocab import ORG_HEADS, SPEECH_VERBS

_GENERIC_MODS = {
    "the",
    "regional",
    "national",
    "local",
    "official",
    "country",
    "state",
    "federal",
    "provincial",
    "municipal",
    "city",
    "town",
    "its",
    "their",
    "his",
    "her",
    "government",
}
_PERSON_HEADS = {
    "spokesperson",
    "spokeswoman",
    "spokesman",
    "governor",
    "mayor",
    "minister",
    "president",
    "engineer",
    "seismologist",
    "director",
    "commander",
    "general",
    "officer",
    "prosecutor",
}
# a place word as the owner of a role ("the island's governor", "the nation's disaster agency")
# names no one in particular: the role still refers back
_PLACE_OWNERS = {"island", "nation", "province", "region", "territory", "city", "town", "country"}
# a body's document speaks for it: "the ministry's statement" refers back to the ministry
_DOC_WORDS = {"statement", "report", "bulletin", "update", "figures", "tally", "data"}
#: words that refer back to a claimant named earlier ("the agency", "the spokeswoman")
_BACKREF_HEADS = set(ORG_HEADS) | _PERSON_HEADS
# verbs by which a pronoun subject gives a count ("He put the number of injured at 300,000",
# "she told reporters", "They also announced that four more bodies …")
_PRONOUN_VERBS = "|".join(sorted(set(SPEECH_VERBS) | {"explained", "set", "sets", "believed"}))
_PRONOUN_AUX = r"(?:\s+(?:also|later|earlier|then|now|has|had|again|separately|previously))*"
_PRONOUN_SAID = re.compile(
    rf"\b(?:she|he){_PRONOUN_AUX}\s+(?:{_PRONOUN_VERBS})\b"
    rf"|\b(?:She|He){_PRONOUN_AUX}\s+(?:{_PRONOUN_VERBS})\b",
)
_POSSESSIVE_ORG = {"its", "their", "his", "her"}
# a role named by its organisation ("the army spokesman", "a health ministry official")
_ROLE_OF_ORG = re.compile(
    r"^(?:the|a|an)\s+(?P<o>(?:[a-z]+\s+){0,2}(?:army|police|military|ministry|navy|coastguard|"
    r"agency|council|government|department|office|command))\s+(?:spokes\w+|official|officer|"
    r"chief|head|commander)$"
)
# institutions that are claimants by themselves ("the government's tally", "police figures")
_INSTITUTIONS = {
    "government", "authorities", "police", "army", "military", "ministry", "coastguard", "navy",
    "council", "agency", "office", "department", "commission",
}  # fmt: skip
_THEY_SAID = re.compile(rf"(?:^|[,”\"]\s*)(?:[Tt]hey){_PRONOUN_AUX}\s+(?:{_PRONOUN_VERBS})\b")
# "It called the damage "catastrophic" and said 193,891 people had been injured": an
# organisation named just before speaks again
_IT_SAID = re.compile(
    rf"^\s*It{_PRONOUN_AUX}\s+(?:(?:{_PRONOUN_VERBS})\b|[^.;]{{0,80}}?\band\s+(?:said|says|put|gave)\b)"
)
# a sentence that is all quotation ('"We expect 100,000 dead altogether."')
_QUOTED = re.compile(r"^\s*[“\"][^“”\"]+[”\"]?\s*$")
# heads that any organisation can be referred back by ("the organisation", "the group")
_ANY_ORG_HEADS = {"organisation", "organization", "group", "charity", "agency"}
# "The agency's count had stood at 27": the owner of the count is its claimant
_POSSESSIVE_COUNT = re.compile(
    r"\b(?:[Tt]he\s+)?(?P<o>[A-Za-z][\w -]{1,60}?)(?:'s|’s)\s+(?:(?:own|official|latest|updated|new|"
    r"revised|provisional|previous|earlier|preliminary|final)\s+){0,2}"
    r"(?:count|toll|death\s+toll|tally|figures?|estimate|list|report|bulletin)\b"
)
_EVENT_OWNER = re.compile(
    r"\b(?:hurricane|typhoon|cyclone|storm|earthquake|quake|flood|floods|fire|wildfire|blaze|"
    r"tsunami|eruption|explosion|blast|disaster|collapse|war|attack|sinking)\b",
    re.I,
)
_SUBJECT_ORG = re.compile(
    r"^(?:The\s+)?(?P<o>(?:[A-Z][\w’'-]+\s+){0,4}(?:Agency|Institute|Ministry|Service|Office|Council|"
    r"Command|Committee|Commission|Department|Authority|Survey|Centre|Center|Observatory|Police))\b"
)


# a count for the event as a whole, not for the town an article is about
_EVENT_WIDE = re.compile(
    r"\bthe\s+(?:official\s+|overall\s+|national\s+|total\s+)?(?:death\s+)?toll\b"
    r"|\b(?:in|by)\s+(?:the|this|[A-Z]\w+(?:’s|'s))\s+(?:earthquake|quake|disaster|"
    r"storm|floods?|hurricane|cyclone|typhoon|eruption|wildfires?|attack|bombing|war)\b"
    r"|\bacross\s+the\s+(?:valley|region|country|province|state)\b",
    re.I,
)


# "Another 30 people were reported missing": the sentence continues the previous one's report
_CONTINUES = re.compile(
    r"^\s*(?:Another|A\s+further|An\s+additional|Also,?)\s"
    # "Thirty four of them are still in hospital": a part of the previous sentence's count
    r"|^\s*[“\"]?(?:[\w,-]+\s+){1,3}of\s+(?:them|those|these|whom)\b"
    r"|^\s*[“\"]?(?:Of\s+(?:them|those|these)|Among\s+them)\b",
    re.I,
)


@dataclass(slots=True)
class _Mention:
    claimant: Claimant
    words: set[str]  # name, organisation and role words, for matching a back-reference


def _words(*parts: str | None) -> set[str]:
    out: set[str] = set()
    for p in parts:
        if p:
            out |= set(org_key(p).split())
    return out


def _mention(c: Claimant) -> _Mention:
    return _Mention(c, _words(c.person, c.org, c.role, c.key[2:] if c.key else None))


def backref_head(c: Claimant) -> str | None:
    """The head noun when a claimant is only a role ("the agency", "the regional governor")."""
    if c.person or not c.key or not c.key.startswith("o:"):
        return None
    raw = [w for w in c.key[2:].split() if w not in _PLACE_OWNERS]
    # "the ministry's statement" is the ministry; "the official" is a head by itself
    words = [w for w in raw if w not in _GENERIC_MODS and w not in _DOC_WORDS] or [
        w for w in raw[-1:] if w == "official"
    ]
    if len(words) == 1 and words[0] in _BACKREF_HEADS:
        return words[0]
    return None


def _document_only(c: Claimant) -> bool:
    """Whether a claimant is only a document ("the report", "the latest bulletin")."""
    if c.person or not c.key or not c.key.startswith("o:"):
        return False
    words = [w for w in c.key[2:].split() if w not in _GENERIC_MODS]
    return len(words) == 1 and words[0] in _DOC_WORDS


def _org_claimant(org: str) -> Claimant | None:
    c = Claimant(org=org, key="o:" + org_key(org))
    return None if org.lower() in _POSSESSIVE_ORG or backref_head(c) else c


def _latest(mentions: list[_Mention], head: str) -> Claimant | None:
    """The latest earlier claimant a bare role refers to: a person for a person's role ("the
    governor"), an organisation for an organisation's ("the agency": the agency itself, or the
    organisation a person named earlier speaks for)."""
    for m in reversed(mentions):
        c = m.claimant
        if backref_head(c) is not None or head not in m.words:
            continue
        if head in _PERSON_HEADS:
            if c.person:
                return c
            continue
        if not c.person:
            return c
        if c.org and head in _words(c.org):
            found = _org_claimant(c.org)
            if found:
                return found
    return None


def _latest_org(mentions: list[_Mention], head: str | None = None) -> str | None:
    for m in reversed(mentions):
        c = m.claimant
        org = c.org if c.person else (c.org or (c.key[2:] if c.key else None))
        if not org or org.lower() in _POSSESSIVE_ORG:
            continue
        if backref_head(Claimant(key="o:" + org_key(org))) is not None:
            continue
        if head is None or head in _words(org):
            return org
    return None


def _pronoun_subject(sentence: str, mentions: list[_Mention]) -> tuple[Claimant, str] | None:
    """The earlier claimant a pronoun subject that gives a count refers to: "he/she said" (or
    "put", "told", …) the latest person; "It … said" the organisation named in the three
    attributions before; "They said" the latest organisation or group among them."""
    if _PRONOUN_SAID.search(sentence):
        for m in reversed(mentions):
            if m.claimant.person:
                return m.claimant, "backref:pronoun"
    if _IT_SAID.search(sentence):
        for m in reversed(mentions[-3:]):
            if not m.claimant.person and m.claimant.key and not _vague(m.claimant):
                return m.claimant, "backref:it"
    if _THEY_SAID.search(sentence):
        # "They said 73 people had been reported missing": the last organisation or group
        for m in reversed(mentions[-3:]):
            if not m.claimant.person and m.claimant.key:
                return m.claimant, "backref:they"
    return None


def resolve_claimant(
    c: Claimant, sentence: str, mentions: list[_Mention]
) -> tuple[Claimant, str | None]:
    """``c`` with back-references resolved against earlier ``mentions``; the rule used."""
    if _document_only(c):
        # "…, the report added" after "…, the United Nations said in a report": the body that
        # issued the document named just before
        org = _latest_org(mentions[-3:])
        if org:
            return Claimant(org=org, key="o:" + org_key(org)), "backref:document"
    head = backref_head(c)
    if head is not None:
        r = _latest(mentions, head)
        if r is not None:
            return Claimant(r.person, r.org, r.key, r.role or c.org), f"backref:{head}"
        return c, None
    if not c.key:
        pm = _POSSESSIVE_COUNT.search(sentence)
        if pm and (_EVENT_OWNER.search(pm.group("o")) or _is_place(pm.group("o"))):
            # "Hurricane Katrina's official toll", "Libya's official death toll": the event's
            # or the place's toll, nobody's claim
            pm = None
        if pm:
            owner = pm.group("o")
            oc = Claimant(org=owner, key="o:" + org_key(owner))
            if backref_head(oc):
                r, rule = resolve_claimant(oc, sentence, mentions)
                if rule is None and backref_head(oc) in _INSTITUTIONS:
                    # "The government's own tally was 138 dead": the government is the claimant
                    return oc, "possessive-count"
                return r, rule
            if owner[:1].isupper():
                return oc, "possessive-count"
        return _pronoun_subject(sentence, mentions) or (c, None)
    if c.person:
        org = c.org
        rule = None
        if not org and c.role:
            pm = re.match(r"(its|their)\b", c.role.strip(), re.I)
            if pm:
                org = pm.group(1).lower()
            else:
                # "Gwendolyn Pang, the organisation's secretary general": the organisation named
                # before; "Ana Velk, the Red Cross spokeswoman" keeps its own words
                rm = re.match(
                    r"(?:the\s+)?(?P<o>[\w -]{2,40}?)(?:'s|’s)\s+\w", c.role.strip(), re.I
                )
                if rm and backref_head(Claimant(key="o:" + org_key(rm.group("o")))):
                    org = rm.group("o")
                elif om := _ROLE_OF_ORG.match(c.role.strip()):
                    # "Elias Aad, the army spokesman": the army speaks through him
                    org = om.group("o")
        if org and (
            org.lower() in _POSSESSIVE_ORG or backref_head(Claimant(key="o:" + org_key(org)))
        ):
            head = (
                None
                if org.lower() in _POSSESSIVE_ORG
                else backref_head(Claimant(key="o:" + org_key(org)))
            )
            found = _latest_org(mentions, head) or (
                # "the organisation's secretary general": any organisation named just before
                _latest_org(mentions[-3:], None) if head in _ANY_ORG_HEADS else None
            )
            if found:
                org, rule = found, "backref:org"
            elif head in _ANY_ORG_HEADS:
                org = None  # an unresolved "the organisation" names nobody
        if not org:
            sm = _SUBJECT_ORG.match(sentence.strip())
            if sm:
                org, rule = sm.group("o"), "subject-org"
        if org != c.org:
            return Claimant(c.person, org, c.key, c.role), rule
    return c, None


def article_place(text: str, title: str | None = None) -> tuple[str | None, str | None]:
    """(place, rule) of the article: headline, else the lede's most named place, else dateline."""
    if title:
        p = find_place(title)
        if p:
            return p, "headline"
    spans = split_sentences(text)[:3]
    for s, e in spans:
        sent = text[s:e]
        found = place_mentions(sent, reported_start(sent, len(sent)))
        if found:
            return found[0][1], "lede"
    d = dateline_place(text)
    if d:
        return d, "dateline"
    return None, None


def apply_context(figs: list[Figure], text: str, title: str | None = None) -> None:
    """Fill each figure's missing place and resolve claimant back-references, in place."""
    if not figs:
        return
    place, prule = article_place(text, title)
    regional = (
        typed_place(title or "")
        or typed_place(text)
        or event_place(title or "")
        or event_place(text)
    )
    mark_campaign_tolls(figs, text, title)
    spans = split_sentences(text)
    heads = sections(text)
    mentions: list[tuple[int, _Mention]] = []  # (sentence index, mention), in text order
    said: dict[int, Claimant] = {}  # sentence index → its (resolved) claimant
    for idx, (s, e) in enumerate(spans):
        sent = text[s:e]
        sm = _SUBJECT_ORG.match(sent.strip())
        if sm:
            o = sm.group("o")
            mentions.append((idx, _mention(Claimant(org=o, key="o:" + org_key(o)))))
        c, _ = find_claimant(sent)
        r, _ = resolve_claimant(c, sent, [m for _, m in mentions[-50:]])
        if r.key:
            mentions.append((idx, _mention(r)))
            said[idx] = r
    starts = [s for s, _ in spans]
    mention_idx = [i for i, _ in mentions]
    for f in figs:
        k = bisect_right(starts, f.start) - 1
        idx = k if k >= 0 and spans[k][0] <= f.start < spans[k][1] else None
        if idx is not None:
            sent = text[spans[idx][0] : spans[idx][1]]
            before = [
                m
                for _, m in mentions[
                    max(0, bisect_left(mention_idx, idx) - 50) : bisect_left(mention_idx, idx)
                ]
            ]
            new, rule = resolve_claimant(f.claimant, sent, before)
            if not new.key and _CONTINUES.match(sent) and idx - 1 in said:
                new, rule = said[idx - 1], "continues-previous"
            if (
                not new.key
                and idx - 1 in said
                and _QUOTED.match(sent)
                and re.search(r"[”\"]", text[spans[idx - 1][0] : spans[idx - 1][1]])
            ):
                # '"We have collected 50,000 bodies," the minister told Reuters. "We expect
                # 100,000 dead altogether."': the quotation goes on in the speaker's voice
                new, rule = said[idx - 1], "quote-continues"
            if new.person and not new.org:
                # "Pang said …" after "Gwendolyn Pang, the Red Cross secretary general, said …":
                # the person keeps the organisation and role of the fuller earlier mention
                full = next(
                    (
                        m.claimant
                        for m in reversed(before)
                        if m.claimant.key == new.key and (m.claimant.org or m.claimant.role)
                    ),
                    None,
                )
                if full is not None:
                    new = Claimant(new.person, full.org, new.key, new.role or full.role)
                    rule = rule or "person-earlier-mention"
            if rule:
                f.claimant = new
                f.rule = f"{f.rule},claimant:{rule}" if f.rule else f"claimant:{rule}"
        _fill_place(f, text, spans, idx, (place, prule, regional), heads)
        _its_people(f)


_ITS_PEOPLE = re.compile(
    r"\s+of\s+its\s+(?:own\s+)?(?:pilgrims|citizens|nationals|people|residents|soldiers|troops|"
    r"workers|passengers)\b"
)


def _its_people(f: Figure) -> None:
    """ "Iran's announcement that 465 of its pilgrims died", "Peru said 31 of its citizens
    died": a country's own people, when the sentence names that one country before the count —
    their country is their side (a nation's people are its toll in the story)."""
    sent = f.sentence or ""
    at = sent.find(f.text) if f.text else -1
    if f.side or at < 0 or not _ITS_PEOPLE.match(sent, at + len(f.text)):
        return
    named = article_countries(sent[:at])
    if len(named) == 1 and (area := area_by_id(named[0])) is not None:
        f.side = area.name
        f.rule = f"{f.rule},side:its-people" if f.rule else "side:its-people"


# an incident: one blast, strike, crash … (a story about one, not about a war)
_INCIDENT = re.compile(
    r"\b(?:blast|explosion|bombing|(?:air\s*)?strike\s+on\s+(?:a|an|the)\b|shooting|stampede|"
    r"crash|collapse|attack\s+on\s+(?:a|an|the)\b)",
    re.I,
)
# a toll of a whole war or campaign: "since the war broke out", "in 11 days of bombardment",
# "Israeli strikes on Gaza since October 7 had killed", "its bombardment has killed thousands"
_CAMPAIGN = re.compile(
    r"\bsince\s+the\s+(?:\w+\s+)?(?:war|conflict|fighting|offensive|bombardment|campaign|"
    r"invasion)\s+(?:began|started|broke\s+out|erupted)"
    r"|\bsince\s+the\s+(?:start|beginning|outbreak)\s+of\s+the\s+(?:\w+\s+)?(?:war|conflict|"
    r"fighting|offensive|invasion)"
    r"|\bin\s+(?:\w+\s+){0,2}(?:days|weeks|months)\s+of\s+(?:\w+\s+)?(?:bombardment|war|"
    r"fighting|strikes|air\s*strikes|shelling)"
    r"|\b(?:strikes|air\s*strikes|bombardment|shelling|offensive|war|conflict|invasion)\s+"
    r"(?:on\s+(?:the\s+)?\w+\s+)?(?:since\s+\w+\.?\s+\d{1,2},?\s+)?(?:has|have|had)\s+(?:now\s+)?killed"
    r"|\b(?:strikes|air\s*strikes|bombardment|shelling)\s+(?:on\s+(?:the\s+)?\w+\s+)?since\s+"
    r"(?:\w+\.?\s+\d{1,2}|\d{1,2}\s+\w+)\b",
    re.I,
)
_SUPERLATIVE = re.compile(
    r"\b(?:deadliest|worst|bloodiest|most|largest|biggest)\b[^.;]{0,40}$", re.I
)


def mark_campaign_tolls(figs: list[Figure], text: str, title: str | None) -> None:
    """In a story about one incident (its headline or lede names a blast, a strike on a
    hospital, a crash …), a toll of the whole war around it ("since the war broke out, about
    3,000 people have been killed", "in 11 days of bombardment", "strikes on Gaza since October
    7 had killed 3,478") belongs to another event: ``event`` False (rule event:background:war).
    "the deadliest since the war began" compares; it dates nothing."""
    lede = " ".join(text[s:e] for s, e in split_sentences(text)[:3])
    if not _INCIDENT.search(f"{title or ''} {lede}"):
        return
    for f in figs:
        if not f.event or not f.sentence:
            continue
        pos = text.find(f.text, max(0, f.start - 2))
        sent_start = text.rfind(f.sentence[:20], 0, f.start + 1) if f.sentence else -1
        off = (pos if pos >= 0 else f.start) - (sent_start if sent_start >= 0 else f.start)
        for m in _CAMPAIGN.finditer(f.sentence):
            # near after the count, or anywhere before it in its sentence ("… 11 days of
            # bombardment, which began after the rampage of Oct. 7 in which 1,300 were killed")
            before = m.start() <= off and ";" not in f.sentence[m.end() : max(m.end(), off)]
            near = before or (m.end() - 40 <= off + 120 and off - 120 <= m.start())
            if near and not _SUPERLATIVE.search(f.sentence, 0, m.start()):
                f.event = False
                f.rule = f"{f.rule},event:background:war" if f.rule else "event:background:war"
                break


def _fill_place(
    f: Figure,
    text: str,
    spans: list[tuple[int, int]],
    idx: int | None,
    article: tuple[str | None, str | None, str | None],
    sections: list[tuple[int, int, str]],
) -> None:
    """A figure's place when its sentence names none: the unit "the county" refers back to,
    else its section's (a place heading the paragraphs it stands in), else the article's
    (``article``: its place, that place's rule, its region for an event-wide count)."""
    place, prule, regional = article
    if f.place or "place:contrasted-unknown" in f.rule or "place:whole-of-breakdown" in f.rule:
        return
    if idx is not None and (back := _anaphoric_place(text, spans, idx, f.start)) is not None:
        f.place = back  # "the county's death toll stood at 72, Buncombe County's sheriff said"
        f.rule = f"{f.rule},place:anaphora" if f.rule else "place:anaphora"
        return
    sec = next((p for s, e, p in sections if s <= f.start < e), None)
    if sec:
        f.place = sec
        f.rule = f"{f.rule},place:section" if f.rule else "place:section"
        return
    if _EVENT_WIDE.search(f.sentence):
        # "the official death toll rose to 27", "48 people had died in the earthquake": a
        # count for the whole event takes the article's region, never its town
        if regional:
            f.place = regional
            f.rule = f"{f.rule},place:article-region" if f.rule else "place:article-region"
        return
    if place:
        f.place = place
        f.rule = f"{f.rule},place:article-{prule}" if f.rule else f"place:article-{prule}"


#: "the county's toll", "in the province": a unit named before, right around the count
_UNIT_BACK = re.compile(
    r"\b(?:the|that)\s+(?P<t>county|province|district|prefecture|governorate)(?:['’]s)?\b(?!\s+of\b)",
    re.I,
)
_UNIT_NAMED = {
    t: re.compile(rf"\b(?P<p>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+{t.capitalize()}\b")
    for t in ("county", "province", "district", "prefecture", "governorate")
}


def _anaphoric_place(text: str, spans: list[tuple[int, int]], idx: int, at: int) -> str | None:
    """The unit a count's "the county" / "the province" refers back to: the one its sentence
    names, else the latest one the two sentences before name ("More than 200 in the county were
    unaccounted for and the county's toll stood at 72, Buncombe County's sheriff said")."""
    s, e = spans[idx]
    m = _UNIT_BACK.search(text, max(s, at - 60), min(e, at + 60))
    if m is None:
        return None
    named = _UNIT_NAMED[m.group("t").lower()]
    for k in range(idx, max(-1, idx - 3), -1):
        found = list(named.finditer(text, spans[k][0], spans[k][1]))
        if found:
            hit = found[-1] if k < idx else found[0]
            return f"{hit.group('p')} {m.group('t').capitalize()}"
    return None


# a paragraph that is a place's name alone ("Florida", "North Carolina") heads the paragraphs
# under it; "Georgia: Gov. Kemp said …" heads its own paragraph
_HEAD_LINE = re.compile(r"(?m)^[ \t]*(?P<p>[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3})[ \t]*$")
_HEAD_LEAD = re.compile(
    r"(?m)^[ \t]*(?P<p>[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}):[ \t]+(?=[A-Z])"
)
_SHORT_LINE = re.compile(r"(?m)^[ \t]*[^\n.!?:]{1,80}[ \t]*$")


def _is_area_name(name: str) -> bool:
    area = resolve(name)
    return (area is not None and area.level <= 3) or names_subdivision(name)


def sections(text: str) -> list[tuple[int, int, str]]:
    """(start, end, place) of the parts of a roundup by place: lines that are only an area's
    name ("Florida" above its paragraphs), each to the next short heading line, or paragraphs
    that open with an area's name and a colon ("Georgia: Gov. Kemp said …"), each to its end.
    Two or more headings of a kind make a roundup; one ("Delhi: At least 200 …", a site's
    section label before the headline) is a dateline or a label, no section."""
    lines, leads = [], []
    for m in _HEAD_LINE.finditer(text):
        if m.start() == 0 or not _is_area_name(m.group("p")):
            continue
        if "\n\n" not in text[m.end() : m.end() + 3]:
            continue
        nxt = _SHORT_LINE.search(text, m.end() + 1)
        while nxt is not None and "\n\n" not in text[nxt.end() : nxt.end() + 3]:
            nxt = _SHORT_LINE.search(text, nxt.end() + 1)
        lines.append((m.end(), nxt.start() if nxt else len(text), m.group("p")))
    for m in _HEAD_LEAD.finditer(text):
        if m.start() > 0 and _is_area_name(m.group("p")):
            end = text.find("\n\n", m.end())
            leads.append((m.end(), end if end >= 0 else len(text), m.group("p")))
    return [sec for kind in (lines, leads) if len(kind) >= 2 for sec in kind]


def _same_value(a: Figure, b: Figure) -> bool:
    """One number said twice: the same interval, one bound of one is the other's exact value
    ("six" and "at least six"), or an exact value at the middle of a rounded one ("10,000" and
    "some 10,000")."""
    if (a.low, a.high) == (b.low, b.high):
        return True
    if "number:range" in a.rule or "number:range" in b.rule:
        return False  # "the 2,000 to 2,500 the president predicted" is not "2,000"
    for x, y in ((a, b), (b, a)):
        if x.low is not None and x.low == x.high:
            if x.low in (y.low, y.high):
                return True
            if (
                y.low is not None
                and y.high is not None
                and abs((y.low + y.high) / 2 - x.low) < 1e-6
            ):
                return True
    return False


def _same_scope(a: Figure, b: Figure) -> bool:
    """Scopes that can hold one count: a level said on a day and a level to date ("at least six
    died, police said on Wednesday" and "six fatalities so far"); a period, a change ("six
    more", "rose by 40") or a rate only matches its own kind and span."""
    if {a.scope.kind, b.scope.kind} <= {"day", "cumulative"}:
        return True
    if a.scope.kind != b.scope.kind:
        return False
    return (a.scope.start, a.scope.end, a.scope.unit) == (b.scope.start, b.scope.end, b.scope.unit)


# "the two dead", "of the 6,009 dead", "those 150 deaths": a count the reader already knows
_DEFINITE = re.compile(r"(?:\b(?:the|those|these|its|their)\s+)$", re.I)


def is_reference(f: Figure, text: str) -> bool:
    """Whether ``f`` is a definite mention of a count given before ("the two dead were a crew
    member and a student", "his teams had logged the 150 deaths", "of the 97 dead, 74 …"):
    never a new report, whoever speaks. ``text`` is the article text of ``f``'s offsets."""
    return bool(_DEFINITE.search(text[max(0, f.start - 12) : f.start]))


def _own_place(f: Figure) -> bool:
    """Whether the figure's place comes from its own sentence (not the article's place)."""
    return "place:article-" not in f.rule


def _member(f: Figure) -> bool:
    """A breakdown member ("271 in Taroudant", "Aklan (14)"): its place is its identity. (A
    toll's owner or an authority's place, ``place:own:*``, is the count's own but makes no
    breakdown: "Nigeria death toll rises further, now 168" repeats "The number of Nigerian
    pilgrims who died … at Mina has risen to 168".)"""
    if "place:own:" in f.rule and "measure:list-member" not in f.rule:
        return False
    return any(r in f.rule for r in ("place:local", "measure:list-member"))


def _claimants_compatible(a: Claimant, b: Claimant) -> bool:
    """The same, related, one unknown, or a role that names the other ("the prime minister" and
    the prime minister by name)."""

    if not a.key or not b.key or related(a, b):
        return True
    if backref_head(a) or backref_head(b):
        return True  # an unresolved "the official", "the agency": too vague to tell apart
    if _vague(a) or _vague(b):
        return True  # "officials said", "authorities said": nobody in particular
    for x, y in ((a, b), (b, a)):
        named = (y.person or y.key[2:]).split()
        if x.key.startswith("p:") and named and fold(named[-1]) == x.key[2:]:
            return True  # "Health Minister Veena George said …", later "George said"
        if x.key.startswith("o:") and not x.person and y.person and y.role:
            words = set(x.key[2:].split()) - _GENERIC_MODS
            if words and words <= set(org_key(y.role).split()):
                return True
    return False


_VAGUE_WORDS = {"officials", "authorities", "sources", "source", "official"}


def _vague(c: Claimant) -> bool:
    """A claimant that names nobody in particular ("officials", "local authorities")."""
    if c.person or not c.key or not c.key.startswith("o:"):
        return False
    return set(c.key[2:].split()) - _GENERIC_MODS <= _VAGUE_WORDS


def is_repeat(a: Figure, b: Figure) -> bool:
    """Whether ``b`` repeats figure ``a`` of the same article: the same measure, value, scope,
    modality and event, a compatible group (equal or one unknown), place and claimant (see
    ``_claimants_compatible``). An article that says its toll twice ("killing at least 73
    people" in the lede, "the ministry said the toll stood at 73" further down) gives one figure.
    Two places the sentences name keep two figures when the value is small (under 10) or one is a
    breakdown member ("one died in A", "in B one was confirmed dead"); a larger value said twice
    with two place words ("316,000 died in Haiti", "316,000 lost their lives, he told a news
    conference in the capital") is one count."""
    if a.kind != "count" or b.kind != "count":
        return False
    if (a.measure, a.modality, a.event) != (b.measure, b.modality, b.event):
        return False
    if a.group and b.group and a.group != b.group:
        return False
    if (
        "measure:breakdown-row" in a.rule or "measure:breakdown-row" in b.rule
    ) and a.group != b.group:
        return False  # "• Landslide: 11" is its own part of the toll, not "Polk County with 11"
    if not _same_value(a, b) or not _same_scope(a, b):
        return False
    if (
        a.place
        and b.place
        and place_key(a.place) != place_key(b.place)
        and _own_place(a)
        and _own_place(b)
    ):
        small = min(v for v in (a.low, a.high, b.low, b.high) if v is not None) < 10
        if small or _member(a) or _member(b):
            return False
    return _claimants_compatible(a.claimant, b.claimant)


def merge_repeats(figs: list[Figure], text: str = "") -> list[Figure]:
    """``figs`` without repeats, in text order: a figure that ``is_repeat`` of an earlier one, or
    that is a definite mention (``is_reference``) of an earlier figure's value and measure. The
    first mention is kept; when it names no claimant it takes the repeat's (the figure is
    attributed further down the article) and, when it has no place, the repeat's place."""
    kept: list[Figure] = []
    for f in figs:
        first = next((k for k in kept if is_repeat(k, f)), None)
        ref = first is None and f.kind == "count" and text and is_reference(f, text)
        if ref:
            first = next(
                (
                    k
                    for k in kept
                    if k.kind == "count"
                    and (k.measure, k.event, k.modality) == (f.measure, f.event, f.modality)
                    and _same_value(k, f)
                ),
                None,
            )
        if first is None:
            kept.append(f)
            continue
        if not ref and not first.claimant.key and f.claimant.key:
            first.claimant = f.claimant
            first.rule = f"{first.rule},claimant:repeat" if first.rule else "claimant:repeat"
        if not ref and not first.place and f.place:
            first.place = f.place
        if not ref and "place:own:" in first.rule and not first.group and f.group:
            # "Nigeria death toll rises further, now 168" repeated as "168 Nigerian pilgrims":
            # the owner's toll is of the people the repeat names
            first.group, first.group_text = f.group, f.group_text
            first.side, first.group_kind = f.side, f.group_kind
        f.rule = f"{f.rule},skip:{'reference' if ref else 'repeat'}"
    return kept
