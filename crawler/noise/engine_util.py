"""Small text helpers shared by the noise engine and site memory."""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+", re.UNICODE)
_QUOTE_CHARS = re.compile(r"[\"“”«»„]|(?:^|\s)[‘'][A-Z]")
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|told|tells|according to|added|stated|announced|reported|claimed|"
    r"estimated|wrote|warned|insisted|confirmed|denied|asked)\b"
)


def word_count(text: str) -> int:
    """Number of ``\\w+`` tokens in ``text``."""
    return len(_WORD.findall(text))


def is_protected(text: str) -> bool:
    """A line that quotes or attributes (``"…," he said`` / ``according to``) is article text."""
    return bool(_QUOTE_CHARS.search(text)) or bool(_ATTRIBUTION.search(text.lower()))
