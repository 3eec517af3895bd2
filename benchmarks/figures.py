"""Figure-extraction and verdict benchmark on our own labelled sets.

    python benchmarks/figures.py [--verbose] [--no-demo] [--rows fr323-fr564]

``--rows`` scores only that id range of the real-shapes set (a round's new rows), and only that
set.

Prints precision / recall / F1 of figure extraction (a figure counts when value and measure
match; value, measure, group, scope and claimant are also scored one by one) and of verdicts.
Data: benchmarks/data/figures_eval.jsonl, benchmarks/data/figures_verdicts.jsonl (our sentences);
benchmarks/data/figures_real.jsonl: real reporting's sentence shapes (level verbs, lists,
projections, background figures, increments), each row retold in our own words from the facts of
the page named in its "source"; people-counting figures only, modality / event / place scored too.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.figures import Figure, extract_figures  # noqa: E402
from monitor.verdicts.judge import (  # noqa: E402
    StoredFigure,
    Verdict,
    judge_in_turn,
    representatives,
    scope_class,
)
from monitor.verdicts.series import comparison_key  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
FIELDS = ("value", "measure", "group", "scope", "claimant")
# scored only on rows that label them (figures_real.jsonl)
EXTRA_FIELDS = ("modality", "event", "place")
# the real-shapes set counts people only (as benchmarks/data/stories gold does): homes,
# aftershocks and other counted things extracted from it are neither hits nor extras
PEOPLE = {"killed", "injured", "missing", "displaced", "casualties", "affected"}


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-3 * max(1.0, abs(b))


def _field_ok(field: str, f: Figure, e: dict) -> bool:
    if field == "value":
        return _close(f.low, e["low"]) and _close(f.high, e["high"])
    if field == "measure":
        return f.measure == e["measure"]
    if field == "group":
        return (f.group or None) == (e["group"] or None) or (
            bool(f.group and e["group"]) and f.group.lower() == e["group"].lower()
        )
    if field == "scope":
        return scope_class(f) == e["scope"]
    if field == "modality":
        return f.modality == e.get("modality", "count")
    if field == "event":
        return f.event == e.get("event", True)
    if field == "place":
        from monitor.figures.places import place_key

        if e.get("place_not") and f.place and place_key(f.place) == place_key(e["place_not"]):
            return False  # a place the sentence names that is not the count's own
        if not e.get("place"):
            return True  # unlabelled: the article decides
        return bool(f.place) and place_key(f.place) == place_key(e["place"])
    if field == "claimant":
        if not e["claimant"]:
            return not f.claimant.key
        have = " ".join(x for x in (f.claimant.person, f.claimant.org, f.claimant.key) if x)
        have = have.lower().replace("’", "'").replace("'s", "").replace("defence", "defense")
        want = e["claimant"].lower().replace("'s", "").replace("defence", "defense")
        from monitor.figures.claimants import fold

        return all(w in have for w in want.split()) or (
            f.claimant.key == "p:" + fold(want.split()[-1])
        )
    raise ValueError(field)


def _prf(tp: int, npred: int, nexp: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 1.0
    r = tp / nexp if nexp else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _id_range(spec: str) -> tuple[int, int]:
    """ "fr323-fr564" → (323, 564); a bad range is an error, not an empty set."""
    m = re.fullmatch(r"fr(\d+)-fr(\d+)", spec.strip())
    if not m or int(m.group(1)) > int(m.group(2)):
        raise SystemExit(f"--rows wants a range like fr323-fr564, got {spec!r}")
    return int(m.group(1)), int(m.group(2))


def eval_figures(
    verbose: bool = False,
    name: str = "figures_eval.jsonl",
    people_only: bool = False,
    id_range: tuple[int, int] | None = None,
) -> dict[str, tuple[float, float, float]]:
    """Score extraction on a labelled set (rows whose "frNNN" id is in ``id_range`` when given);
    returns {name: (P, R, F1)}."""
    rows = [json.loads(x) for x in (DATA / name).read_text().splitlines() if x]
    if id_range is not None:
        lo, hi = id_range
        rows = [r for r in rows if lo <= int(r["id"].removeprefix("fr")) <= hi]
        if not rows:
            raise SystemExit(f"no rows fr{lo}-fr{hi} in {name}")
    npred = nexp = tp = 0
    fields = FIELDS + (EXTRA_FIELDS if people_only else ())
    field_tp = dict.fromkeys(fields, 0)
    # place accuracy on the rows written for the count's own place (tags "place-*")
    place_rows = [0, 0]
    for row in rows:
        pub = datetime.fromisoformat(row["published"])
        preds = [f for f in extract_figures(row["text"], published=pub) if f.kind != "multiple"]
        if people_only:
            preds = [f for f in preds if f.kind == "count" and f.measure in PEOPLE]
        exps = list(row["figures"])
        npred += len(preds)
        nexp += len(exps)
        used: set[int] = set()
        misses = []
        for e in exps:
            j = next(
                (
                    i
                    for i, f in enumerate(preds)
                    if i not in used and _field_ok("value", f, e) and _field_ok("measure", f, e)
                ),
                None,
            )
            if j is None:
                j = next(
                    (i for i, f in enumerate(preds) if i not in used and _field_ok("value", f, e)),
                    None,
                )
                if j is None:
                    misses.append(("MISS", e))
                    continue
            used.add(j)
            f = preds[j]
            if people_only and any(t.startswith("place-") for t in row.get("tags", ())):
                place_rows[0] += _field_ok("place", f, e)
                place_rows[1] += 1
            if _field_ok("measure", f, e):
                tp += 1
            for fld in fields:
                if _field_ok(fld, f, e):
                    field_tp[fld] += 1
                elif verbose:
                    misses.append((f"BAD {fld}", e, f))
        extra = [f for i, f in enumerate(preds) if i not in used]
        if verbose and (misses or extra):
            print(f"{row['id']}: {row['text']}")
            for m in misses:
                if m[0] == "MISS":
                    print(f"   MISS {m[1]}")
                else:
                    f = m[2]
                    print(
                        f"   {m[0]}: want {m[1]} got low={f.low} high={f.high} {f.measure} "
                        f"group={f.group} scope={scope_class(f)} claimant={f.claimant.key} "
                        f"place={f.place} modality={f.modality} event={f.event}"
                    )
            for f in extra:
                print(f"   EXTRA {f.text!r} {f.low}-{f.high} {f.measure} {f.group} {f.rule}")
    out = {"figure (value+measure)": _prf(tp, npred, nexp)}
    for fld in fields:
        out[fld] = _prf(field_tp[fld], npred, nexp)
    out["_counts"] = (len(rows), nexp, npred)  # type: ignore[assignment]
    if place_rows[1]:
        out["_place_rows"] = tuple(place_rows)  # type: ignore[assignment]
    return out


def _judge(new: StoredFigure, stored: list[StoredFigure]) -> Verdict:
    """``monitor.verdicts.judge.judge`` for a figure of a given article *version*: a step that
    repeats an earlier step's URL is that article revised in place (a later version), as
    ``monitor.ingest`` stores it; ``judge`` itself takes no version."""
    key = comparison_key(new.figure)
    prior = sorted(
        (s for s in stored if s.order() < new.order() and comparison_key(s.figure) == key),
        key=StoredFigure.order,
    )
    return judge_in_turn([*representatives(prior), new])[-1]


def eval_verdicts(verbose: bool = False) -> dict[str, tuple[float, float, float]]:
    """Score verdicts on figures_verdicts.jsonl: each case feeds articles in order and names the
    expected verdict for figures (by their number text); unnamed figures must not alert. A step
    with an earlier step's URL is a new version of that article. Figures are judged as by
    ``judge``: in one series without a story (``monitor.ingest`` adds the story's context, and
    late verdicts on figures already held, which are not scored here). An expectation may carry
    ``why`` (the rule of docs/figures.md a relabelled verdict follows) and ``was`` (its old
    label)."""
    cases = [json.loads(x) for x in (DATA / "figures_verdicts.jsonl").read_text().splitlines() if x]
    alerts = ("confirms", "updates", "contradicts", "corrects")
    npred = nexp = tp = 0
    labelled = correct = 0
    for case in cases:
        stored: list[StoredFigure] = []
        article_ids: dict[str, int] = {}
        versions: dict[str, int] = {}
        for step in case["steps"]:
            k = article_ids.setdefault(step["url"], len(article_ids))
            versions[step["url"]] = ver = versions.get(step["url"], 0) + 1
            pub = datetime.fromisoformat(step["published"])
            figs = extract_figures(step["text"], published=pub, url=step["url"])
            expect = {x["number"]: x["kind"] for x in step.get("expect", [])}
            got: dict[str, str] = {}
            new = []
            for f in figs:
                me = StoredFigure(
                    f,
                    id=len(stored) + len(new) + 1,
                    article_id=k,
                    version_id=ver,
                    url=step["url"],
                    source=step.get("source"),
                )
                v = _judge(me, stored)
                key = next((n for n in expect if n in f.text), f.text)
                got.setdefault(key, v.kind)
                if verbose and v.kind != expect.get(key, "new"):
                    print(
                        f"{case['id']} step {k}: {f.text!r} got {v.kind} want {expect.get(key, 'new')}: {v.reason}"
                    )
                new.append(me)
            stored.extend(new)
            for n, kind in expect.items():
                labelled += 1
                correct += got.get(n) == kind
                if kind in alerts:
                    nexp += 1
            for n, kind in got.items():
                if kind in alerts:
                    npred += 1
                    if expect.get(n) == kind:
                        tp += 1
    out = {"verdict alerts (confirms/updates/contradicts/corrects)": _prf(tp, npred, nexp)}
    out["labelled verdict accuracy"] = (correct / labelled if labelled else 1.0,) * 3  # type: ignore[assignment]
    out["_counts"] = (len(cases), labelled, npred)  # type: ignore[assignment]
    return out


def main() -> None:
    verbose = "--verbose" in sys.argv or "-v" in sys.argv
    if "--rows" in sys.argv:
        i = sys.argv.index("--rows")
        if i + 1 >= len(sys.argv):
            raise SystemExit("--rows wants a range like fr323-fr564")
        id_range = _id_range(sys.argv[i + 1])
        fig = eval_figures(verbose, "figures_real.jsonl", people_only=True, id_range=id_range)
        n_rows, n_exp, n_pred = fig.pop("_counts")
        print(
            f"figure extraction, real-shapes rows {sys.argv[i + 1]}: {n_rows} sentences, "
            f"{n_exp} expected, {n_pred} extracted"
        )
        print(f"  {'field':28s} {'P':>6s} {'R':>6s} {'F1':>6s}")
        for k, (p, r, f) in fig.items():
            print(f"  {k:28s} {p:6.3f} {r:6.3f} {f:6.3f}")
        return
    for name, title in (
        ("figures_eval.jsonl", "development set"),
        ("figures_heldout.jsonl", "held-out set (written after the grammar; see docs/figures.md)"),
        ("figures_heldout2.jsonl", "second held-out set (see docs/figures.md)"),
        ("figures_real.jsonl", "real-shapes set (real facts retold; people only)"),
    ):
        fig = eval_figures(verbose, name, people_only=name == "figures_real.jsonl")
        n_rows, n_exp, n_pred = fig.pop("_counts")
        print(
            f"figure extraction, {title}: {n_rows} sentences, {n_exp} expected, {n_pred} extracted"
        )
        print(f"  {'field':28s} {'P':>6s} {'R':>6s} {'F1':>6s}")
        place_rows = fig.pop("_place_rows", None)
        for k, (p, r, f) in fig.items():
            print(f"  {k:28s} {p:6.3f} {r:6.3f} {f:6.3f}")
        if place_rows:
            ok, n = place_rows
            print(f"  place on rows tagged place-*: {ok}/{n} = {ok / n:.3f} (of figures found)")
    import time

    rows = [json.loads(x) for x in (DATA / "figures_eval.jsonl").read_text().splitlines() if x]
    blob = "\n\n".join(r["text"] for r in rows) * 20
    t = time.perf_counter()
    n = len(extract_figures(blob, published=datetime(2024, 3, 10)))
    dt = time.perf_counter() - t
    print(
        f"throughput: {len(blob) / 1024 / dt:.0f} KiB/s of article text ({n} figures in {dt:.2f} s)"
    )
    ver = eval_verdicts(verbose)
    n_cases, n_lab, n_alert = ver.pop("_counts")
    print(f"verdicts: {n_cases} cases, {n_lab} labelled figures, {n_alert} alert-kind verdicts")
    for k, (p, r, f) in ver.items():
        if k.startswith("labelled"):
            print(f"  {k:52s} {p:6.3f}")
        else:
            print(f"  {k:52s} P={p:.3f} R={r:.3f} F1={f:.3f}")
    if "--no-demo" not in sys.argv:
        eval_demo()


def eval_demo() -> None:
    """The demo corpus (examples/demo) through extract_html + ingest on a temporary SQLite
    database, in publication and in crawl order (tests/support/demo.py, as tests/e2e/test_demo_e2e.py)."""
    import logging
    import tempfile

    logging.disable(logging.WARNING)
    from sqlmodel import select  # noqa: PLC0415

    from storage.models.figures import VerdictRow  # noqa: PLC0415
    from tests.support import demo  # noqa: PLC0415 - the corpus evaluation, shared with the test

    want = demo.claim_kinds(demo.expected_relations())
    want_all = want | {(k, demo.claim(i)) for k, i in demo.KNOWN_MISSING}
    for name, order in (("publication", demo.PUBLICATION_ORDER), ("crawl", demo.CRAWL_ORDER)):
        with (
            tempfile.TemporaryDirectory() as tmp,
            demo.ingest_demo(order, Path(tmp) / "figwatch.db") as session,
        ):
            taken, extras, _ = demo.match_figures(session)
            rels = demo.claim_kinds(demo.found_relations(session, taken)[0])
            kinds: dict[str, set[str]] = {}
            for v in session.exec(select(VerdictRow)).all():
                if v.figure_id in taken:
                    kinds.setdefault(taken[v.figure_id], set()).add(v.kind)
            alerts = demo.alerted_verdicts(session)
        n_exp = len(demo.EXPECTED["figures"])
        p = len(taken) / max(1, len(taken) + len(extras))
        r = len(taken) / n_exp
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        agree = sum(1 for f in demo.EXPECTED["figures"] if f["verdict"] in kinds.get(f["id"], ()))
        tp = len(rels & want_all)
        print(
            f"demo corpus, {name} order: figures P={p:.3f} R={r:.3f} F1={f1:.3f} "
            f"({len(taken)}/{n_exp}); verdict kind agreement {agree}/{n_exp}; "
            f"alert relations (claim, kind) P={tp / max(1, len(rels)):.3f} "
            f"R={tp / len(want_all):.3f}; alerts {sum(alerts.values())} {dict(sorted(alerts.items()))}"
        )


if __name__ == "__main__":
    main()
