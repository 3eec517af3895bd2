"""Figures: turn clean article text into Figure records (see docs/figures.md).

``extract_figures`` reads every counted figure of a text (the grammar in ``grammar``, article
context in ``context``, claimants in ``claimants``, places in ``places`` and ``areas``);
``explain`` shows the rules that decided each number.
"""

from __future__ import annotations

from monitor.figures.extract import explain, explain_arg, extract_figures
from monitor.figures.model import Claimant, Figure, Scope

__all__ = ["Claimant", "Figure", "Scope", "explain", "explain_arg", "extract_figures"]
