"""The simhash fingerprint: same values as the simhash library where it works, no overflow where
it does not (a shingle occurring 256+ times), on every shared benchmark page and on huge input."""

from __future__ import annotations

import gzip
import random
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from simhash import Simhash

from crawler.extract import extract_html
from monitor.dedup import fingerprint, simhash64, words
from storage.neardup import hamming

REPO = Path(__file__).resolve().parents[3]
DEDUP_DATA = REPO / "benchmarks" / "data" / "dedup"
VOCAB = [f"w{i}" for i in range(5000)]


def _library(text: str) -> int:
    counts: dict[str, int] = {}
    for w in words(text):
        counts[w] = counts.get(w, 0) + 1
    return Simhash(counts or {"": 1}).value


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=12), st.integers(1, 255), min_size=1, max_size=300))
def test_same_value_as_the_library_below_its_overflow(weights: dict[str, int]) -> None:
    assert simhash64(weights) == Simhash(weights).value


def test_same_value_as_the_library_on_the_labelled_dedup_set() -> None:
    texts = sorted(DEDUP_DATA.rglob("*.txt"))
    assert len(texts) >= 20
    for path in texts:
        text = path.read_text(encoding="utf-8")
        assert fingerprint(text) == _library(text), path.name


def test_a_line_repeated_hundreds_of_times() -> None:
    text = "Share this article on social media. " * 300  # the library: OverflowError (NumPy 2)
    assert 0 <= fingerprint(text) < 2**64


def test_repetitive_text_keeps_near_duplicate_behaviour() -> None:
    rng = random.Random(7)
    body = " ".join(rng.choice(VOCAB) for _ in range(800))
    page = body + "\n" + "Read more Read more Subscribe now\n" * 400
    copy = "By Wire Staff\n" + page + "\nFollow us for more news."
    other = " ".join(rng.choice(VOCAB) for _ in range(800)) + "\n" + "Subscribe now\n" * 400
    assert hamming(fingerprint(page), fingerprint(copy)) <= 3
    assert hamming(fingerprint(body), fingerprint(other)) > 6


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n ",
        "!!! ??? ...",
        "word " * 1_000_000,  # one feature, weight one million
        "\n".join(["The same line again."] * 20_000),
        "¹²³ ﬁ Ωmega ÀÉÎ 東京 " * 5_000,
    ],
    ids=["empty", "blank", "no-words", "one-word-1e6", "one-line-20k", "unicode"],
)
def test_degenerate_and_repetitive_inputs(text: str) -> None:
    value = fingerprint(text)
    assert 0 <= value < 2**64
    assert value == fingerprint(text)


def test_huge_varied_input_is_fingerprinted_quickly() -> None:
    rng = random.Random(1)
    text = " ".join(rng.choice(VOCAB) + rng.choice(VOCAB) for _ in range(1_000_000))  # ~11 MB
    started = time.monotonic()
    value = fingerprint(text)
    assert 0 <= value < 2**64
    assert time.monotonic() - started < 60


def test_every_shared_benchmark_page_is_fingerprinted(shared_dir: Path) -> None:
    pages = sorted((shared_dir / "data" / "aeb" / "html").glob("*.html.gz"))
    if not pages:
        pytest.skip("shared/data/aeb/html is absent")
    done = 0
    for page in pages:
        html = gzip.decompress(page.read_bytes())
        article = extract_html(html, url=f"https://bench.example/{page.name}")
        texts = [html.decode("utf-8", "replace")] + ([article.text] if article else [])
        for text in texts:
            assert 0 <= fingerprint(text) < 2**64, page.name
        done += 1
    assert done == len(pages)
