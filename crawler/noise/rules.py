"""Residual-noise rules as data.

Each pattern rule names a kind of page chrome that survives trafilatura, the regular expressions
that recognise it (case-insensitive, matched against one whitespace-normalised line) and the
longest line (in words) it may remove. Structural rules (position, repetition, link density,
site memory) live in :mod:`crawler.noise.engine`; their names are listed in ``STRUCTURAL``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class PatternRule:
    """A named family of noise lines recognised by regular expressions."""

    name: str
    description: str
    patterns: tuple[str, ...]
    max_words: int = 30
    #: lines quoting someone ("…," he said) are never removed by a rule with protect=True
    protect: bool = True
    #: cheap pre-check: unanchored patterns only run on lines containing one of these substrings
    triggers: tuple[str, ...] = ()
    anchored: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    floating: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    cased: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Patterns are case-insensitive: they run on the lower-cased line (much faster than
        # re.IGNORECASE), those anchored at "^" only at the start of it. Patterns naming capitals
        # ([A-Z]: a person's name) run on the original line, case-sensitively.
        cased = [p for p in self.patterns if "[A-Z]" in p]
        plain = [p for p in self.patterns if "[A-Z]" not in p]
        object.__setattr__(self, "anchored", _join([p for p in plain if p.startswith("^")]))
        object.__setattr__(self, "floating", _join([p for p in plain if not p.startswith("^")]))
        object.__setattr__(self, "cased", _join(cased))

    def matches(self, text: str, words: int, lower: str | None = None) -> bool:
        """True when ``text`` (``words`` long; ``lower`` its lower-case form) is this noise."""
        if words > self.max_words:
            return False
        low = lower if lower is not None else text.lower()
        return bool(
            (self.anchored is not None and self.anchored.match(low))
            or (
                self.floating is not None
                and (not self.triggers or any(t in low for t in self.triggers))
                and self.floating.search(low)
            )
            or (self.cased is not None and self.cased.search(text))
        )


def _join(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


_MARKERS = (
    r"read more|show more|load more|see more|view more|more stories|more news|more from [\w .'’&-]{1,40}"
    r"|related(?: articles?| stories| posts?| news| content| coverage| links| reading)?"
    r"|you (?:may|might) (?:also )?like|recommended(?: for you| stories| reading)?|more:|more"
    r"|most (?:read|popular|viewed|shared)|popular (?:on|in) [\w .'’&-]{1,40}|trending(?: now| stories)?"
    r"|top stories|latest(?: news| stories)?|don'?t miss|also read|editor'?s picks|what to read next"
    r"|news feed|in other news|further reading|more on this story|more in [\w .'’&-]{1,30}"
)

#: A line that is only a list heading like "Read more" / "More from X": removed, and it opens a
#: teaser zone (see engine) when it sits in the tail of the text.
LIST_MARKER = re.compile(rf"^\W*(?:{_MARKERS})\W*$", re.IGNORECASE)

PATTERN_RULES: tuple[PatternRule, ...] = (
    PatternRule(
        "related_link",
        "inline pointer to another story: 'Related article: …', 'Read more: …', '[Related: …]'",
        (
            r"^\W{0,3}(?:related(?: article| story| post| content| coverage| reading)?s?|read more|"
            r"read also|also read|see also|see more|more|also|recommended|watch|listen|click here|read"
            r"|don'?t miss|must read|also on [\w.]+|related video|more on this)\s*[:|»>›–—-]",
            r"^\W{0,3}also on [\w-]+\.[a-z]{2,}\b",
            r"^\[\s*related\b",
        ),
        max_words=40,
        protect=False,
    ),
    PatternRule(
        "cta_prompt",
        "app / newsletter / subscription / adblock / follow-us prompts",
        (
            r"\bdownload (?:our|the|this)\b.{0,60}\bapp\b",
            r"\b(?:get|install) (?:the|our) [\w .'’]{0,40}\bapp\b",
            r"\b(?:google play(?:store)?|app store)\b",
            r"\bsign up (?:now|today|here|free)\b",
            r"^\W*sign up\W*$|^\W*sign up\s*[:!-]",
            r"\bsign up for (?:our|the|free|a free|[\w.]+['’]s) [\w .'’-]{0,40}\b(?:newsletters?|e-?mails?|alerts|updates|briefings?|digest)\b",
            r"\bsubscribe (?:now|today|here)\b|^\W*subscribe\W*$",
            r"\bsubscribe to (?:our|the|[\w.]+['’]s) [\w .'’-]{0,40}\b(?:newsletters?|channel|podcast|feed|e-?mails?|alerts|updates)\b",
            r"^[\w .'’&-]{0,40}\bnewsletters?\W*$",
            r"\b(?:our|free|daily|weekly) (?:daily |weekly |free )?newsletters?\b",
            r"\b(?:turn off|disable|whitelist|pause)\b.{0,30}\bad ?-?blocks?(?:er)?\b",
            r"\bad ?-?block(?:er)? (?:is )?(?:on|enabled|detected)\b",
            r"\bclick here\b",
            r"^follow (?:us|[\w .'’@]{1,50}) on (?:twitter|facebook|instagram|x|linkedin|youtube|tiktok)",
            r"\bfollow (?:us|him|her|them) on (?:twitter|facebook|instagram|x|linkedin)\b",
            r"\b(?:share|like) this (?:story|article|post)\b",
            r"\b(?:in|to) your inbox\b",
            r"\bthanks? (?:you )?for (?:signing up|subscribing)\b",
            r"\berror processing your subscription\b",
            r"\bsupport (?:our|independent) journalism\b",
            r"\bif you (?:buy|purchase) something\b|\bmay (?:get|earn|receive) (?:a share|a commission|an affiliate)",
            r"\bletters? to the editor\b",
            r"\bbecome a (?:member|subscriber|patron)\b",
            r"\b(?:already a subscriber|log ?in to (?:continue|comment)|create (?:a free|an) account)\b",
            r"\bcookies?\b.{0,40}\b(?:accept|consent|policy|settings)\b",
            r"\bjoin (?:our|the) (?:free )?[\w$, ]{0,30}\b(?:challenge|community|club|channel)\b",
            r"\bon the go\b.{0,30}\bclick",
        ),
        max_words=45,
        triggers=(
            "app",
            "sign",
            "subscri",
            "newsletter",
            "block",
            "click",
            "follow",
            "this",
            "inbox",
            "thank",
            "journalism",
            "something",
            "may ",
            "editor",
            "become",
            "log",
            "account",
            "cookie",
            "join",
        ),
    ),
    PatternRule(
        "read_time",
        "reading-time badges: '1 min read', 'Reading time: 4 minutes'",
        (
            r"^\W*\d+\s*(?:-\s*)?(?:min(?:ute)?s?|mins?)\.?\s*(?:read|reading|de lectura|de leitura|lesezeit)\W*$",
            r"^\W*(?:reading time|read time|tempo de leitura|tiempo de lectura|temps de lecture|lesezeit|время чтения)\s*:?\s*\d+",
        ),
        max_words=8,
    ),
    PatternRule(
        "timestamp",
        "a line that is only a date stamp ('March 4, 2026', '2026-03-04 10:42')",
        (
            r"^\W*(?:\w+day,?\s+)?(?:\d{1,2}\s+\w+|\w+\s+\d{1,2}),?\s+\d{4}(?:,?\s+\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)?\W*$",
            r"^\W*\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?\W*$",
        ),
        max_words=8,
    ),
    PatternRule(
        "bare_url",
        "a line that is nothing but URLs",
        (r"^\s*(?:(?:https?://|www\.)\S+\s*)+$",),
        max_words=400,
        protect=False,
    ),
    PatternRule(
        "share_widget",
        "share / print / e-mail widgets and comment counters",
        (
            r"^\W*(?:your name|your e-?mail|recipient(?:'s)? e-?mail|recipient name|message|subject|send|"
            r"e-?mail this(?: article| story)?|print(?: this)?(?: article| story| page)?|share(?: this)?"
            r"(?: article| story| post| page)?|share on \w+|tweet|e-?mail|copy link|link copied|"
            r"comments?|\d+\s*comments?|leave a (?:comment|reply)|post a comment|add a comment|"
            r"facebook|twitter|whatsapp|linkedin|pinterest|reddit|flipboard|telegram|like this|"
            r"loading\.*|skip to (?:main )?content|back to top|jump to comments)\W*:?\s*$",
            r"^\W*share (?:this|on)\b.{0,40}$",
            r"\btell us what you think\b",
            r"^\W*(?:comments? (?:are|is) (?:closed|moderated))",
            r"^\W*(?:filed under|tags?|topics?|categories|category)\s*:",
            r"^\W*(?:source|sources)\s*:\s*[\w .,'’&-]{1,60}$",
            r"^\W*(?:copyright|©|\(c\))\s",
            r"\ball rights reserved\b",
            r"^\W*(?:advertisement|sponsored(?: content)?|ad|story continues below(?: advertisement)?)\W*$",
            r"^\W*(?:updated|published|posted|last updated)\b[^.!?]{0,40}\d[\w .:,]{0,12}$",
        ),
        max_words=16,
    ),
    PatternRule(
        "photo_credit",
        "photo credits and gallery captions: 'HIDE CAPTION', 'Photo: X/Getty Images'",
        (
            r"\b(?:hide|show) caption\b",
            r"^\W*\d+\s*(?:of|/)\s*\d+\W*$",
            r"^\W*(?:photo|image|picture|photograph|illustration)s?\s*(?:credit)?\s*(?:by|:|©)",
            r"^\W*(?:credit|courtesy|source: getty)\s*[:©]",
            r"(?:^|[(/|]\s*)(?:getty images|afp|ap photo|reuters|shutterstock|epa|istock|efe)(?:\s*/\s*[\w .'-]+)?\)?\W*$",
            r"/\s*(?:getty images|afp|ap|reuters|shutterstock|epa|istock)\)?\W*$",
            r"^\W*\(?(?:photo|image)\s*(?:by|:)\s",
            r"^\W*(?:enlarge|expand|view) (?:this )?(?:image|photo|gallery)\W*$",
            r"^\W*(?:gallery|photos|slideshow)\s*:?\s*\d*\s*(?:photos|images)?\W*$",
        ),
        max_words=20,
    ),
    PatternRule(
        "bio_box",
        "author and news-desk boxes: 'Avatar', '… news desk', 'We are the news team of …'",
        (
            r"^\W*(?:author )?(?:avatar|profile (?:picture|photo)|author image|about the author)\W*$",
            r"^\W*(?:the )?[\w .'’-]{0,50}\bnews ?(?:desk|team|staff)\W*$",
            r"^\W*we are the (?:news )?(?:team|desk|editors|staff)\b",
            r"\bfeel free to contact us\b",
            r"\b(?:can|may) be reached at\b",
            r"^\W*have a (?:news )?tip\b",
            r"^\W*[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3} is (?:a|an|the|[\w.'’-]+[’']s) (?:[\w-]+ ){0,4}"
            r"(?:writer|reporter|editor|correspondent|journalist|contributor|curator|columnist|"
            r"producer|blogger|author|intern|analyst at)\b",
            r"\breporting by\b.{0,200}\bediting by\b",
            r"^\W*(?:written|posted|edited|reported) by\s+[\w .'’-]{1,60}$",
            r"^\W*[Bb][Yy]\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*(?:[,|]\s*[\w .'’-]{1,40})?$",
        ),
        max_words=45,
    ),
)

#: names of the structural rules applied by the engine, for documentation and --explain
STRUCTURAL: dict[str, str] = {
    "list_marker": "a bare list heading ('Read more', 'More from …', 'News Feed', 'Show More')",
    "teaser_list": "headlines/teasers after a list heading in the tail of the text",
    "header_glued": "site header or breadcrumb glued to the first line ('date … Home World …')",
    "title_repeat": "the headline repeated as the first line of the body",
    "repeated": "a short line repeated on the page (gallery captions, credits)",
    "standfirst": "a heading between the headline and the first paragraph (HTML only)",
    "link_dense": "a fully linked all-capitals promo headline (HTML only)",
    "site_memory": "a line learned as boilerplate of this site (recurs across its articles)",
}
