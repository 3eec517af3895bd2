"""Passage reuse: word-shingle fingerprints that show which stretches two texts share.

A derivative article that rewrites around copied quotes is far from its source as a whole
document, but the quotes survive as runs of identical word n-grams. ``align`` finds those runs
in both texts; ``index_hashes`` is the sampled subset of shingle hashes stored for lookup.
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
import unicodedata
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache

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


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    """One word lower-cased and accent-folded (cached: a news vocabulary is small)."""
    word = word.lower()
    if word.isascii():
        return word
    word = unicodedata.normalize("NFKD", word)
    return "".join(c for c in word if not unicodedata.combining(c))


def tokens(text: str) -> list[Token]:
    """Lower-cased, accent-folded words of ``text`` with their spans."""
    return [Token(_fold(m.group()), m.start(), m.end()) for m in WORD.finditer(text)]


def shingle_hash(words: tuple[str, ...] | list[str]) -> int:
    """A signed 64-bit hash of a word n-gram (stable across runs and machines)."""
    digest = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def shingles(words: list[str], n: int = SHINGLE_WORDS) -> list[int]:
    """Hashes of every word ``n``-gram that is not all stopwords, in text order."""
    out = []
    blake2b, from_bytes, stopwords = hashlib.blake2b, int.from_bytes, STOPWORDS
    # content words among the n words ending at each position: a running count, not a slice
    content = [0] * (len(words) + 1)
    for i, w in enumerate(words):
        content[i + 1] = content[i] + (w not in stopwords)
    for i in range(len(words) - n + 1):
        if content[i + n] == content[i]:
            out.append(0)  # placeholder keeps positions aligned; 0 never matches (see align)
            continue
        digest = blake2b(" ".join(words[i : i + n]).encode("utf-8"), digest_size=8).digest()
        out.append(from_bytes(digest, "big", signed=True))
    return out


def _content(words: list[str]) -> Counter[str]:
    return Counter(w for w in words if len(w) > 2 and w not in STOPWORDS)


@dataclass(slots=True)
class Prepared:
    """A text tokenised and shingled once, to be aligned against many others.

    Compact: the folded words and their hashes, no object per word; the words' character spans
    are found again only when a passage needs them (``spans``)."""

    text: str
    words: list[str]
    shingles: list[int]
    n: int = SHINGLE_WORDS
    _content: Counter[str] | None = field(default=None, repr=False)
    _positions: dict[int, int] | None = field(default=None, repr=False)
    _spans: list[tuple[int, int]] | None = field(default=None, repr=False)

    @property
    def tokens(self) -> list[Token]:
        """The words with their spans (``tokens(text)``)."""
        return [Token(w, a, b) for w, (a, b) in zip(self.words, self.spans, strict=True)]

    @property
    def spans(self) -> list[tuple[int, int]]:
        """Each word's character span in ``text``."""
        if self._spans is None:
            self._spans = [m.span() for m in WORD.finditer(self.text)]
        return self._spans

    @property
    def content(self) -> Counter[str]:
        """Counts of the text's content words (stopwords and short words dropped)."""
        if self._content is None:
            self._content = _content(self.words)
        return self._content

    @property
    def positions(self) -> dict[int, int]:
        """First position of each (non-placeholder) shingle hash."""
        if self._positions is None:
            pos: dict[int, int] = {}
            for i, h in enumerate(self.shingles):
                if h:
                    pos.setdefault(h, i)
            self._positions = pos
        return self._positions

    def index_hashes(self, mod: int = SAMPLE_MOD) -> set[int]:
        """The sampled shingle hashes stored for candidate lookup (``hash % mod == 0``)."""
        return {h for h in self.shingles if h and h % mod == 0}

    def __getstate__(self) -> tuple[str, list[str], list[int], int]:
        """What a worker process hands over: the text, words and hashes (no derived caches)."""
        return (self.text, self.words, self.shingles, self.n)

    def __setstate__(self, state: tuple[str, list[str], list[int], int]) -> None:
        self.text, self.words, self.shingles, self.n = state
        self._content = self._positions = self._spans = None


def prepare(text: str, n: int = SHINGLE_WORDS) -> Prepared:
    """Tokenise and shingle ``text`` once (see ``Prepared``)."""
    fold = _fold
    words = [fold(w) for w in WORD.findall(text)]
    return Prepared(text, words, shingles(words, n), n)


class PreparedCache:
    """A bounded LRU of prepared texts keyed by an immutable id (an article version's)."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._items: OrderedDict[int, Prepared] = OrderedDict()
        self._lock = threading.Lock()  # ingest threads share one cache

    def get(self, key: int, text: str) -> Prepared:
        """The prepared ``text`` stored under ``key``, preparing (and keeping) it if absent."""
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and (hit.text is text or hit.text == text):
                self._items.move_to_end(key)
                return hit
        prepared = prepare(text)
        self.put(key, prepared)
        return prepared

    def put(self, key: int, prepared: Prepared) -> None:
        """Keep ``prepared`` under ``key`` (the least recently used entry goes when full)."""
        with self._lock:
            self._items[key] = prepared
            self._items.move_to_end(key)
            if len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget every prepared text."""
        with self._lock:
            self._items.clear()


def index_hashes(text: str, n: int = SHINGLE_WORDS, mod: int = SAMPLE_MOD) -> set[int]:
    """The sampled shingle hashes stored for candidate lookup (``hash % mod == 0``)."""
    return prepare(text, n).index_hashes(mod)


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
    return _cosine(_content(a), _content(b))


def _cosine(va: Counter[str], vb: Counter[str]) -> float:
    if len(vb) < len(va):
        va, vb = vb, va
    num = sum(n * vb[w] for w, n in va.items())
    den = math.sqrt(sum(n * n for n in va.values()) * sum(n * n for n in vb.values()))
    return num / den if den else 0.0


def align(
    new_text: str, old_text: str, n: int = SHINGLE_WORDS, min_run: int = MIN_RUN_WORDS
) -> Alignment:
    """Runs of at least ``min_run`` words of ``new_text`` that also occur in ``old_text``."""
    return align_prepared(prepare(new_text, n), prepare(old_text, n), min_run)


def align_prepared(new: Prepared, old: Prepared, min_run: int = MIN_RUN_WORDS) -> Alignment:
    """``align`` on texts already prepared (with the same shingle width)."""
    if new.n != old.n:
        raise ValueError("texts prepared with different shingle widths")
    n, new_text = new.n, new.text
    new_sh = new.shingles
    old_pos = old.positions
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
            new_spans, old_spans = new.spans, old.spans
            a, b = new_spans[start][0], new_spans[end_word][1]
            passages.append(
                Passage(
                    words,
                    (a, b),
                    (old_spans[o_start][0], old_spans[min(o_end_word, len(old_spans) - 1)][1]),
                    new_text[a:b],
                )
            )
        i += 1
    topic = _cosine(new.content, old.content)
    return Alignment(passages, len(new.words), len(old.words), round(topic, 4))


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, overlapping spans merged."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
