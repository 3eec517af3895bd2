"""Text in, figures out: the figure grammar plus the article's context, and the rule trace
``figwatch explain`` shows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from monitor.figures.model import Figure, fmt_figure


def extract_figures(
    text: str,
    *,
    published: datetime | None = None,
    url: str | None = None,
    title: str | None = None,
) -> list[Figure]:
    """Every counted figure in ``text``, in text order. Never raises on any string.

    Article context (``monitor.figures.context``) fills what a sentence leaves unsaid: the
    article's place (headline, lede, dateline) and claimant back-references ("the agency said").
    A figure the article repeats (same measure, value, scope and a compatible claimant and place)
    is given once (``monitor.figures.context.merge_repeats``).
    """
    from monitor.figures.context import apply_context, merge_repeats
    from monitor.figures.grammar import extract  # late: monitor.figures.claimants imports the model

    text = text or ""
    figs = [tr.figure for tr in extract(text, published) if tr.figure is not None]
    apply_context(figs, text, title)
    figs = merge_repeats(figs, text)
    for f in figs:
        f.article_url = url
    return figs


def explain(
    text: str, published: datetime | None = None, title: str | None = None
) -> list[dict[str, Any]]:
    """Each number found in ``text``: whether it became a figure and which rules decided it
    (article context included: inherited places and resolved claimants show in the rules)."""
    from monitor.figures.context import apply_context, merge_repeats
    from monitor.figures.grammar import extract

    out = []
    traces = extract(text or "", published)
    figs = [tr.figure for tr in traces if tr.figure is not None]
    apply_context(figs, text or "", title)
    kept = {id(f) for f in merge_repeats(figs, text or "")}
    for tr in traces:
        if tr.figure is not None:
            tr.rules = tr.figure.rule.split(",")
            if id(tr.figure) not in kept:
                tr.taken = False  # a repeat of an earlier figure of the article
                tr.figure = None
        d: dict[str, Any] = {
            "number": tr.number,
            "offset": tr.start,
            "taken": tr.taken,
            "rules": tr.rules,
        }
        if tr.figure is not None:
            f = tr.figure
            d["figure"] = f.to_dict()
            d["summary"] = (
                f"{fmt_figure(f)} {f.measure} · {f.group or 'unknown group'} · "
                f"{f.place or 'no place'} · {f.scope.kind}{'/' + f.scope.unit if f.scope.unit else ''}"
                f"{' ' + f.scope.label if f.scope.label else ''} · {f.claimant.label()}"
            )
        out.append(d)
    return out


def explain_arg(arg: str, published: datetime | None = None) -> list[dict[str, Any]]:
    """``figwatch explain TEXT|PATH``: explain a file's text when ``arg`` names a file."""
    from pathlib import Path

    p = Path(arg)
    try:
        is_file = len(arg) < 4096 and "\n" not in arg and p.is_file()
    except OSError:
        is_file = False
    text = p.read_text(encoding="utf-8", errors="replace") if is_file else arg
    return explain(text, published)
