"""Residual-noise filter applied after trafilatura (and to plain text input)."""

from crawler.noise.engine import Decision, Line, clean_text, filter_lines, memory_free_text
from crawler.noise.memory import (
    InMemorySiteMemory,
    SiteMemory,
    learnable,
    line_hash,
    site_key,
)
from crawler.noise.rules import PATTERN_RULES, STRUCTURAL
from crawler.noise.text import text_to_lines

__all__ = [
    "PATTERN_RULES",
    "STRUCTURAL",
    "Decision",
    "InMemorySiteMemory",
    "Line",
    "SiteMemory",
    "clean_text",
    "filter_lines",
    "learnable",
    "line_hash",
    "memory_free_text",
    "site_key",
    "text_to_lines",
]
