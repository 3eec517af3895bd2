"""Real-story benchmark: labelled evolving stories fed through ``monitor.ingest`` in both orders.

    python benchmarks/stories.py [--dir benchmarks/data/stories] [--story SLUG] [--order both]
                                 [--figures-only] [--verbose] [--json OUT]

Each story is a folder in the format of ``shared/STORY-LABELS.md`` (``NN.txt``, ``meta.json``,
``gold.json``): real reporting retold in our own words and labelled by hand. Every story is
ingested into a fresh SQLite database, once in publication order and once in reverse order, and
scored as the label format says:

- figures: a gold figure matches an extracted one in the same article when the measure agrees and
  the number is one of the figure's bounds (or, for "about N", inside the interval); figures of
  other measures than the labelled five (+ affected) are not scored;
- relations: a labelled updates / contradicts / corrects relation is found when a verdict of the
  same kind holds for a figure of the new article with the new number against a stored figure with
  the old number (same measure); ``confirms`` is reported apart;
- alerts: every verdict of an alert kind that reached the outbox (what an editor receives with
  the default policy; a verdict revised by a late arrival alerts only when its relation is new,
  and a withdrawn alert is still counted, as if it had been sent at once); right when it
  matches a labelled relation of its kind; alerts per genuine change = alerts / labelled
  alert-kind relations;
- labelled changes alerted: the relations found whose verdict also reached the outbox (a change
  where either value is an estimate is found and reported, and alerts only with ``[alerts]
  estimates = true``);
- alerts judged: an alert that matches no label may be judged by a reviewer reading both
  articles (``judged.json`` beside ``gold.json``: kind, articles, numbers, right, why); the
  second precision counts labelled and judged-right alerts, and the alerts neither labelled nor
  judged are counted apart (they count as wrong);
- copies: labelled copy pairs in one near-duplicate cluster; false pairs: clustered pairs that are
  not labelled copies.

``--figures-only`` scores extraction alone (no database): fast, for grammar work.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STORIES = ROOT / "benchmarks" / "data" / "stories"
MEASURES = {"killed", "injured", "missing", "displaced", "casualties", "affected"}
ALERT_KINDS = ("updates", "contradicts", "corrects")


@dataclass
class Story:
    """One labelled story folder."""

    slug: str
    path: Path
    meta: dict[str, Any]
    gold: dict[str, Any]
    texts: dict[str, str]
    judged: list[dict[str, Any]] = field(default_factory=list)  # judged.json: alerts judged by hand

    @classmethod
    def load(cls, path: Path) -> Story:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        gold = json.loads((path / "gold.json").read_text(encoding="utf-8"))
        texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(path.glob("[0-9]*.txt"))}
        judged_path = path / "judged.json"
        judged = (
            json.loads(judged_path.read_text(encoding="utf-8")).get("alerts", [])
            if judged_path.exists()
            else []
        )
        return cls(path.name, path, meta, gold, texts, judged)

    def published(self, nn: str) -> datetime:
        """Publication time: the labelled date, with the article's rank as the hour so that
        same-day articles keep their labelled order (feeds carry times; our labels carry days)."""
        day = datetime.fromisoformat(self.meta["articles"][nn]["published"][:10])
        rank = sorted(self.texts).index(nn)
        return day.replace(tzinfo=UTC) + timedelta(hours=6) + timedelta(minutes=20 * rank % 1080)

    def url(self, nn: str) -> str:
        return self.meta["articles"][nn].get("url") or f"https://story.example/{self.slug}/{nn}"


@dataclass
class Score:
    """Counts for one story and one order (they add up over stories)."""

    fig_tp: int = 0
    fig_pred: int = 0
    fig_gold: int = 0
    rel_found: Counter = field(default_factory=Counter)
    rel_gold: Counter = field(default_factory=Counter)
    alerts: int = 0
    alerts_right: int = 0
    alerts_judged_right: int = 0  # right by a label or by a reviewer's judgement (judged.json)
    alerts_unjudged: int = 0  # matching neither a label nor a judgement
    rel_alerted: int = 0  # labelled alert-kind relations an editor was alerted to
    copies_found: int = 0
    copies_gold: int = 0
    false_pairs: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def add(self, o: Score) -> None:
        for k in ("fig_tp", "fig_pred", "fig_gold", "alerts", "alerts_right", "copies_found",
                  "alerts_judged_right", "alerts_unjudged", "rel_alerted"):  # fmt: skip
            setattr(self, k, getattr(self, k) + getattr(o, k))
        self.copies_gold += o.copies_gold
        self.false_pairs += o.false_pairs
        self.rel_found.update(o.rel_found)
        self.rel_gold.update(o.rel_gold)

    def row(self) -> dict[str, Any]:
        p = self.fig_tp / self.fig_pred if self.fig_pred else 1.0
        r = self.fig_tp / self.fig_gold if self.fig_gold else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        found = sum(self.rel_found[k] for k in ALERT_KINDS)
        gold = sum(self.rel_gold[k] for k in ALERT_KINDS)
        return {
            "fig_p": round(p, 3),
            "fig_r": round(r, 3),
            "fig_f1": round(f1, 3),
            "relations": f"{found}/{gold}",
            "rel_recall": round(found / gold, 3) if gold else 1.0,
            "by_kind": {
                k: f"{self.rel_found[k]}/{self.rel_gold[k]}"
                for k in (*ALERT_KINDS, "confirms")
                if self.rel_gold[k]
            },
            "alerts": f"{self.alerts_right}/{self.alerts}",
            "alert_precision": round(self.alerts_right / self.alerts, 3) if self.alerts else 1.0,
            "alerts_judged": f"{self.alerts_judged_right}/{self.alerts}",
            "alert_precision_judged": round(self.alerts_judged_right / self.alerts, 3)
            if self.alerts
            else 1.0,
            "alerts_unjudged": self.alerts_unjudged,
            "rel_alerted": f"{self.rel_alerted}/{gold}",
            "alerts_per_change": round(self.alerts / gold, 2) if gold else 0.0,
            "copies": f"{self.copies_found}/{self.copies_gold}",
            "false_pairs": self.false_pairs,
        }


def _num_ok(want: float | None, low: float | None, high: float | None, bound: str = "") -> bool:
    """Whether an extracted interval carries the labelled number: one of its bounds, or inside
    it for "about N" or a narrow interval round a rounded number."""
    if want is None:
        return False
    if any(v is not None and abs(v - want) < 1e-6 for v in (low, high)):
        return True
    if low is not None and high is not None and low <= want <= high:
        # "about N" anywhere inside; else an interval we read round a rounded number the label
        # gives as exact ("some 1.5 million" read as 1.3 to 1.7 million), not a wide band
        return bound == "about" or (low > 0 and high <= 1.35 * low)
    return False


def _gold_matches(g: dict[str, Any], measure: str, low: float | None, high: float | None,
                  text: str = "") -> bool:  # fmt: skip
    if g["measure"] != measure:
        return False
    if g.get("number") is None:  # "hundreds", "dozens": matched by the quote
        quote, ours = g["quote"].lower(), text.lower()
        return bool(ours) and (ours in quote or quote in ours)
    return _num_ok(g["number"], low, high, g.get("bound", ""))


def score_figures(story: Story, extracted: dict[str, list[tuple[str, float | None, float | None, str]]],
                  s: Score) -> None:  # fmt: skip
    """Greedy one-to-one matching of extracted to gold figures, article by article."""
    for nn in story.texts:
        gold = [g for g in story.gold.get("figures", {}).get(nn, []) if g["measure"] in MEASURES]
        pred = [e for e in extracted.get(nn, []) if e[0] in MEASURES]
        used: set[int] = set()
        tp = 0
        for g in gold:
            for i, (m, lo, hi, text) in enumerate(pred):
                if i not in used and _gold_matches(g, m, lo, hi, text):
                    used.add(i)
                    tp += 1
                    break
            else:
                s.missed.append(
                    f"{story.slug}/{nn} missed {g['measure']} {g.get('number')}: {g['quote']}"
                )
        for i, (m, lo, hi, text) in enumerate(pred):
            if i not in used:
                s.wrong.append(f"{story.slug}/{nn} extra {m} {lo}-{hi}: {text}")
        s.fig_tp += tp
        s.fig_pred += len(pred)
        s.fig_gold += len(gold)


def extract_only(story: Story) -> dict[str, list[tuple[str, float | None, float | None, str]]]:
    """Figures of each article by the grammar alone (no database)."""
    from monitor.figures import extract_figures

    out = {}
    for nn, text in story.texts.items():
        title = story.meta["articles"][nn].get("title")
        figs = extract_figures(text, published=story.published(nn), url=story.url(nn), title=title)
        out[nn] = [(f.measure, f.low, f.high, f.text) for f in figs]
    return out


# words that say what kind of speaker a claimant is but not which one ("the ministry", "officials")
_CL_STOP = {"the", "of", "a", "an", "and", "for", "in", "on", "at", "to", "its", "s", "via", "by"}
_CL_GENERIC = {
    "official", "officials", "government", "ministry", "minister", "authorities", "authority",
    "spokesman", "spokeswoman", "spokesperson", "sources", "source", "president", "governor",
    "mayor", "secretary", "chief", "head", "director", "commander", "general", "national",
    "state", "local", "agency", "office", "department", "council", "police", "army", "report",
    "count", "figure", "figures", "toll", "latest", "services", "service", "people",
}  # fmt: skip


def _cl_words(label: str | None) -> list[str]:
    """Normalised words of a claimant label (diacritics folded, possessives and punctuation off)."""
    import unicodedata

    s = unicodedata.normalize("NFKD", label or "").encode("ascii", "ignore").decode()
    s = re.sub(r"(?<![A-Za-z])((?:[A-Z]\.){2,})", lambda m: m.group(1).replace(".", ""), s)  # U.N.
    s = re.sub(r"['’]s\b", "", s)
    return [w for w in re.findall(r"[A-Za-z0-9]+", s) if w.lower() not in _CL_STOP]


def _cl_key(words: list[str]) -> set[str]:
    """A claimant's key words: its specific words (not generic heads); all its words when it has
    only generic ones ("officials", "the ministry")."""
    low = {w.lower() for w in words}
    return (low - _CL_GENERIC) or low


def _cl_acronym(acr: str, words: list[str]) -> bool:
    """ "UN" = "United Nations", "NDRRMC" = "National Disaster Risk Reduction and Management
    Council": an all-capitals word that spells consecutive initials of the other label."""
    initials = "".join(w[0].lower() for w in words if w[:1].isalpha())
    return len(acr) >= 2 and acr.isupper() and acr.lower() in initials


def claimants_agree(ours: str | None, gold: str | None) -> bool:
    """Whether our claimant label agrees with gold's: both null agree; a null and a name do not;
    two names agree when one's key words (see ``_cl_key``) occur among the other's words, or one
    has an acronym of the other ("UN" / "United Nations")."""
    if not ours or not gold:
        return not ours and not gold
    wo, wg = _cl_words(ours), _cl_words(gold)
    lo, lg = {w.lower() for w in wo}, {w.lower() for w in wg}
    if _cl_key(wo) & lg or _cl_key(wg) & lo:
        return True
    return any(_cl_acronym(w, wg) for w in wo) or any(_cl_acronym(w, wo) for w in wg)


def _claimant_label(c: Any) -> str | None:
    """One string for an extracted Claimant: person, organisation and role together."""
    parts = [p for p in (c.person, c.org, c.role) if p]
    return " ".join(parts) if parts else None


def score_claimants(story: Story, counts: Counter, lines: list[str]) -> None:
    """Claimant agreement over the figures matched to gold (the matching of ``score_figures``)."""
    from monitor.figures import extract_figures

    for nn, text in story.texts.items():
        title = story.meta["articles"][nn].get("title")
        figs = extract_figures(text, published=story.published(nn), url=story.url(nn), title=title)
        pred = [f for f in figs if f.measure in MEASURES]
        gold = [g for g in story.gold.get("figures", {}).get(nn, []) if g["measure"] in MEASURES]
        used: set[int] = set()
        for g in gold:
            for i, f in enumerate(pred):
                if i not in used and _gold_matches(g, f.measure, f.low, f.high, f.text):
                    used.add(i)
                    ours, want = _claimant_label(f.claimant), g.get("claimant")
                    ok = claimants_agree(ours, want)
                    kind = ("agree" if ok else "wrong") if want and ours else (
                        "null-null" if not want and not ours else (
                        "ours-null" if want else "gold-null"))  # fmt: skip
                    counts[kind] += 1
                    counts["agree_all" if ok else "disagree_all"] += 1
                    if not ok:
                        lines.append(
                            f"{story.slug}/{nn} {g['measure']} {g.get('number')}: ours "
                            f"{ours!r} gold {want!r} — {g['quote']}"
                        )
                    break


def _rel_match(rel: dict[str, Any], v: dict[str, Any]) -> bool:
    """Whether verdict ``v`` is labelled relation ``rel`` (a contradiction either way round,
    also when both figures are in one article)."""
    if rel["kind"] == "contradicts" and v["kind"] == "contradicts" and rel["new"] == v["old_nn"]:
        w = {**v, "new_nn": v["old_nn"], "new_low": v["old_low"], "new_high": v["old_high"],
             "old_low": v["new_low"], "old_high": v["new_high"]}  # fmt: skip
        if _same(rel, w):
            return True
    return _same(rel, v)


def _same(rel: dict[str, Any], v: dict[str, Any]) -> bool:
    if rel["kind"] != v["kind"] or rel["new"] != v["new_nn"]:
        return False
    if rel.get("measure") and rel["measure"] != v["measure"]:
        return False
    return _num_ok(rel.get("new_number"), v["new_low"], v["new_high"], "about") and _num_ok(
        rel.get("old_number"), v["old_low"], v["old_high"], "about"
    )


def _judged_match(j: dict[str, Any], v: dict[str, Any]) -> bool:
    """Whether a reviewer's judgement (judged.json) is about alert ``v``: same kind, articles,
    measure and numbers (a contradiction either way round)."""
    rel = {
        "kind": j["kind"], "new": j["new"], "old": j["old"], "measure": j.get("measure"),
        "new_number": j.get("new_number"), "old_number": j.get("old_number"),
    }  # fmt: skip
    return _rel_match(rel, v) or (
        j["kind"] == v["kind"] == "contradicts"
        and _rel_match({**rel, "new": j["old"], "old": j["new"],
                        "new_number": j.get("old_number"), "old_number": j.get("new_number")}, v)
    )  # fmt: skip


def run_story(story: Story, order: str, s: Score, verbose: bool = False) -> None:
    """Ingest ``story`` into a fresh database in ``order`` and add its scores to ``s``."""
    from sqlmodel import select

    from monitor.article import Article
    from monitor.ingest import ingest
    from storage.db import connect, session_scope
    from storage.models import ArticleRow
    from storage.models.alerts import OutboxRow
    from storage.models.dedup import ClusterMemberRow
    from storage.models.figures import FigureRow, VerdictRow

    nns = sorted(story.texts)
    if order == "reverse":
        nns = nns[::-1]
    with tempfile.TemporaryDirectory() as tmp:
        engine = connect(f"sqlite:///{tmp}/stories.db")
        for nn in nns:
            m = story.meta["articles"][nn]
            ingest(
                Article(
                    url=story.url(nn),
                    title=m.get("title") or "",
                    text=story.texts[nn],
                    published=story.published(nn),
                    source="stories",
                ),
                engine,
            )
        with session_scope(engine) as session:
            by_url = {story.url(nn): nn for nn in story.texts}
            art = {a.id: by_url.get(a.url) for a in session.exec(select(ArticleRow)).all()}
            figs = {f.id: f for f in session.exec(select(FigureRow)).all()}
            extracted: dict[str, list] = defaultdict(list)
            for f in figs.values():
                extracted[art[f.article_id]].append((f.measure, f.low, f.high, f.text))
            score_figures(story, extracted, s)
            sent = set(session.exec(select(OutboxRow.verdict_id)).all())
            verdicts = []
            rows = session.exec(select(VerdictRow).order_by(VerdictRow.id)).all()
            final = {v.figure_id: v.id for v in rows}  # a figure's verdict is its latest row
            for v in rows:
                nf, of = figs.get(v.figure_id), figs.get(v.stored_figure_id)
                if nf is None or of is None:
                    continue
                verdicts.append({
                    "kind": v.kind, "new_nn": art[nf.article_id], "old_nn": art[of.article_id],
                    "measure": nf.measure, "new_low": nf.low, "new_high": nf.high,
                    "old_low": of.low, "old_high": of.high, "reason": v.reason,
                    "sent": v.id in sent, "final": final[v.figure_id] == v.id,
                })  # fmt: skip
            members = session.exec(select(ClusterMemberRow)).all()
            clusters: dict[int, list[str]] = defaultdict(list)
            for mem in members:
                clusters[mem.cluster_id].append(art[mem.article_id])
        engine.dispose()
    rels = story.gold.get("relations", [])
    for rel in rels:
        s.rel_gold[rel["kind"]] += 1
        # found: the engine's verdict on the figure now (its latest row); an alert sent on the
        # way (a verdict later revised) still counts as alerted
        if any(_rel_match(rel, v) for v in verdicts if v["final"]):
            s.rel_found[rel["kind"]] += 1
            if rel["kind"] in ALERT_KINDS and any(
                _rel_match(rel, v) for v in verdicts if v["sent"]
            ):
                s.rel_alerted += 1
        elif verbose and rel["kind"] in ALERT_KINDS:
            s.missed.append(
                f"{story.slug} {order}: missed {rel['kind']} {rel['new']}:{rel.get('new_number')}"
                f" vs {rel['old']}:{rel.get('old_number')} {rel.get('measure')} ({rel.get('place')})"
            )
    for v in verdicts:
        if v["kind"] not in ALERT_KINDS or not v["sent"]:
            continue
        s.alerts += 1
        if any(_rel_match(rel, v) for rel in rels):
            s.alerts_right += 1
            s.alerts_judged_right += 1
        else:
            verdict = next((j for j in story.judged if _judged_match(j, v)), None)
            if verdict is None:
                s.alerts_unjudged += 1
            elif verdict.get("right"):
                s.alerts_judged_right += 1
            s.wrong.append(
                f"{story.slug} {order}: alert {v['kind']} {v['new_nn']}:{v['new_low']}-{v['new_high']}"
                f" vs {v['old_nn']}:{v['old_low']}-{v['old_high']} {v['measure']} — {v['reason']}"
            )
    gold_pairs = set()
    for group in story.gold.get("copies", []):
        gold_pairs |= {tuple(sorted(p)) for p in combinations(group, 2)}
    found_pairs = set()
    for group in clusters.values():
        found_pairs |= {tuple(sorted(p)) for p in combinations(group, 2)}
    s.copies_gold += len(gold_pairs)
    s.copies_found += len(gold_pairs & found_pairs)
    s.false_pairs += len(found_pairs - gold_pairs)


def load_stories(root: Path, only: str | None = None) -> list[Story]:
    """Every labelled story folder under ``root`` (or just ``only``)."""
    dirs = sorted(p for p in root.iterdir() if (p / "gold.json").exists()) if root.exists() else []
    return [Story.load(d) for d in dirs if only is None or d.name == only]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=STORIES)
    ap.add_argument("--story")
    ap.add_argument("--order", choices=("both", "publication", "reverse"), default="both")
    ap.add_argument("--figures-only", action="store_true")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--json", type=Path)
    ap.add_argument(
        "--claimants",
        action="store_true",
        help="with --figures-only: over the figures matched to gold, how often our claimant agrees "
        "with gold's (both null agree; two names agree when one's key words — its words other than "
        "generic heads such as 'ministry', 'officials', or all its words when it has no other — "
        "occur among the other's words, or one is an acronym of the other: 'UN' / 'United "
        "Nations'); with -v lists the disagreements",
    )
    args = ap.parse_args(argv)
    import logging

    logging.disable(logging.WARNING)
    stories = load_stories(args.dir, args.story)
    if not stories:
        print(f"no labelled stories under {args.dir}")
        return 1
    orders = ["publication", "reverse"] if args.order == "both" else [args.order]
    if args.figures_only:
        orders = ["text"]
    report: dict[str, Any] = {}
    for order in orders:
        total = Score()
        print(f"\n== order: {order}")
        print(f"{'story':<24} {'fig P/R/F1':<18} {'relations':<10} {'alerts right':<13} "
              f"{'al/chg':<7} {'copies':<7} false  by kind")  # fmt: skip
        for story in stories:
            s = Score()
            if args.figures_only:
                score_figures(story, extract_only(story), s)
            else:
                run_story(story, order, s, args.verbose)
            r = s.row()
            report.setdefault(order, {})[story.slug] = r
            total.add(s)
            print(f"{story.slug:<24} {r['fig_p']:.2f}/{r['fig_r']:.2f}/{r['fig_f1']:.2f}     "
                  f"{r['relations']:<10} {r['alerts']:<13} {r['alerts_per_change']:<7} "
                  f"{r['copies']:<7} {r['false_pairs']:<6} {r['by_kind']}")  # fmt: skip
            if args.verbose:
                for line in s.missed + s.wrong:
                    print("   ", line)
        r = total.row()
        report.setdefault(order, {})["TOTAL"] = r
        print(f"{'TOTAL':<24} {r['fig_p']:.3f}/{r['fig_r']:.3f}/{r['fig_f1']:.3f}  "
              f"relations {r['relations']} ({r['rel_recall']:.2f}) {r['by_kind']}  "
              f"alerts right {r['alerts']} ({r['alert_precision']:.2f}), "
              f"{r['alerts_per_change']} per change, copies {r['copies']}, "
              f"false pairs {r['false_pairs']}")  # fmt: skip
        if not args.figures_only:
            print(f"{'':<24} alerts right by label or by a reviewer's judgement (judged.json): "
                  f"{r['alerts_judged']} ({r['alert_precision_judged']:.2f}); "
                  f"{r['alerts_unjudged']} alerts neither labelled nor judged; labelled "
                  f"changes alerted {r['rel_alerted']} (the rest are found and reported, not "
                  "alerted: estimates, [alerts] estimates = false)")  # fmt: skip
        if args.claimants and args.figures_only:
            cl: Counter = Counter()
            cl_lines: list[str] = []
            for story in stories:
                score_claimants(story, cl, cl_lines)
            n = cl["agree_all"] + cl["disagree_all"]
            report[order]["claimants"] = dict(cl)
            print(f"claimants: {cl['agree_all']}/{n} agree ({cl['agree_all'] / n if n else 1:.3f}); "
                  f"both named {cl['agree']} agree / {cl['wrong']} differ, both null "
                  f"{cl['null-null']}, ours null {cl['ours-null']}, gold null {cl['gold-null']}")  # fmt: skip
            if args.verbose:
                for line in cl_lines:
                    print("   ", line)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
