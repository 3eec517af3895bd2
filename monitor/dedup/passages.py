"""Passage reuse: word-shingle fingerprints that show which stretches two texts share.

A derivative article that rewrites around copied quotes is far from its source as a whole
document, but the quotes survive as runs of identical word n-grams. ``align`` finds those runs
in both texts; ``index_hashes`` is the sampled subset of shingle hashes stored for lookup.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

WORD = re.compile(r"\w+")
# Shingles made only of these words are too common to be evidence of reuse.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "i",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "s",
        "said",
        "says",
        "she",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "which",
        "who",
        "will",
        "with",
        "would",
        "not",
        "no",
        "more",
        "than",
        "after",
        "before",
        "about",
        "also",
        "over",
        "into",
        "up",
        "out",
        "last",
        "new",
    ]
)

SHINGLE_WORDS = 5  # chosen by measurement: see docs/dedup.md
SAMPLE_MOD = 2  # store one shingle hash in SAMPLE_MOD for candidate lookup
MIN_RUN_WORDS = 8  # a shared passage is at least this many consecutive shared words
MIN_SHARED_WORDS = 16  # a derivative shares at least this many words in passages
MIN_TOPIC = 0.2  # and is about the same thing (content-word cosine); boilerplate alone is not


@dataclass(frozen=True, slots=True)
class Token:
    """A normalised word and its character span in the original text."""

    word: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """Lower-cased, accent-folded words of ``text`` with their spans."""
    out: list[Token] = []
    for m in WORD.finditer(text):
        word = unicodedata.normalize("NFKD", m.group().lower())
        word = "".join(c for c in word if not unicodedata.combining(c))
        out.append(Token(word, m.start(), m.end()))
    return out


def shingle_hash(words: tuple[str, ...] | list[str]) -> int:
    """A signed 64-bit hash of a word n-gram (stable across runs and machines)."""
    digest = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def shingles(words: list[str], n: int = SHINGLE_WORDS) -> list[int]:
    """Hashes of every word ``n``-gram that is not all stopwords, in text order."""
    out = []
    for i in range(len(words) - n + 1):
        gram = words[i : i + n]
        if all(w in STOPWORDS for w in gram):
            out.append(0)  # placeholder keeps positions aligned; 0 never matches (see align)
            continue
        out.append(shingle_hash(gram))
    return out


def index_hashes(text: str, n: int = SHINGLE_WORDS, mod: int = SAMPLE_MOD) -> set[int]:
    """The sampled shingle hashes stored for candidate lookup (``hash % mod == 0``)."""
    return {h for h in shingles([t.word for t in tokens(text)], n) if h and h % mod == 0}


@dataclass(frozen=True, slots=True)
class Passage:
    """A run of shared words: spans in the new text and in the source text."""

    words: int
    new_span: tuple[int, int]
    old_span: tuple[int, int]
    text: str


@dataclass(frozen=True, slots=True)
class Alignment:
    """What ``new`` shares with ``old``."""

    passages: list[Passage]
    new_words: int
    old_words: int
    topic: float = 0.0  # cosine of the two texts' content-word counts

    @property
    def shared_words(self) -> int:
        return sum(p.words for p in self.passages)

    @property
    def coverage(self) -> float:
        """Share of the new text's words that sit in shared passages."""
        return self.shared_words / self.new_words if self.new_words else 0.0

    def is_derivative(
        self, min_shared: int = MIN_SHARED_WORDS, min_topic: float = MIN_TOPIC
    ) -> bool:
        """Enough shared passages, on the same topic, to call the new text a re-use of the old."""
        return self.shared_words >= min_shared and self.topic >= min_topic


def topic_cosine(a: list[str], b: list[str]) -> float:
    """Cosine similarity of two word lists' content words (stopwords and short words dropped)."""
    va = Counter(w for w in a if len(w) > 2 and w not in STOPWORDS)
    vb = Counter(w for w in b if len(w) > 2 and w not in STOPWORDS)
    num = sum(n * vb[w] for w, n in va.items())
    den = math.sqrt(sum(n * n for n in va.values()) * sum(n * n for n in vb.values()))
    return num / den if den else 0.0


def align(
    new_text: str, old_text: str, n: int = SHINGLE_WORDS, min_run: int = MIN_RUN_WORDS
) -> Alignment:
    """Runs of at least ``min_run`` words of ``new_text`` that also occur in ``old_text``."""
    new_tok, old_tok = tokens(new_text), tokens(old_text)
    new_sh = shingles([t.word for t in new_tok], n)
    old_sh = shingles([t.word for t in old_tok], n)
    old_pos: dict[int, int] = {}
    for i, h in enumerate(old_sh):
        if h:
            old_pos.setdefault(h, i)
    passages: list[Passage] = []
    i = 0
    while i < len(new_sh):
        h = new_sh[i]
        if not h or h not in old_pos:
            i += 1
            continue
        start, o_start = i, old_pos[h]
        while i + 1 < len(new_sh) and new_sh[i + 1] and new_sh[i + 1] in old_pos:
            i += 1
        end_word = i + n - 1  # last word of the last matching shingle
        o_end_word = old_pos[new_sh[i]] + n - 1
        words = end_word - start + 1
        if words >= min_run:
            a, b = new_tok[start].start, new_tok[end_word].end
            passages.append(
                Passage(
                    words,
                    (a, b),
                    (old_tok[o_start].start, old_tok[min(o_end_word, len(old_tok) - 1)].end),
                    new_text[a:b],
                )
            )
        i += 1
    topic = topic_cosine([t.word for t in new_tok], [t.word for t in old_tok])
    return Alignment(passages, len(new_tok), len(old_tok), round(topic, 4))


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, overlapping spans merged."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
