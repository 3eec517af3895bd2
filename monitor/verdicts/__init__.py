"""Verdicts: judge each figure in its story's series and record the result.

stories  articles grouped into events (``assign_story``)
series   which figures are the same quantity (story, measure, population, area, scope)
judge    the rules: new / confirms / stale / updates / contradicts / corrects (pure logic)
record   figures and verdicts into the database, late arrivals judged where they belong
held     each series kept in memory between articles (committed rows only)
incremental  a late arrival re-judges only the held values it can change (``retrial``)
rekey    a story's figures keyed again when the story's shape changes (order independence)
listings stored figures and verdicts for the CLI
"""

from monitor.kinds import ALERT_KINDS, VERDICT_KINDS
from monitor.verdicts.judge import StoredFigure, Verdict, describe, judge
from monitor.verdicts.listings import (
    figure_row_dict,
    list_figures,
    list_verdicts,
    verdict_row_dict,
)
from monitor.verdicts.record import record_figures
from monitor.verdicts.rekey import rekey_story
from monitor.verdicts.series import explain_series, scope_class, series_key
from monitor.verdicts.stories import assign_story, text_context

__all__ = [
    "ALERT_KINDS",
    "VERDICT_KINDS",
    "StoredFigure",
    "Verdict",
    "assign_story",
    "describe",
    "explain_series",
    "figure_row_dict",
    "judge",
    "list_figures",
    "list_verdicts",
    "record_figures",
    "rekey_story",
    "scope_class",
    "series_key",
    "text_context",
    "verdict_row_dict",
]
