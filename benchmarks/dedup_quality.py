"""Quality of near-copy and derivative detection on our labelled set (benchmarks/data/dedup/).

Each story folder holds an original, an independently written report of the same event
(different outlet, not a copy) and a derivative piece that rewrites around copied quotes. Copies
are made from the original the way syndication makes them: changed headline, added byline and
boilerplate, trimmed or extended. The script prints

1. the simhash shingle-size / normalisation sweep (near-copy precision/recall at k=3),
2. the passage-method sweep (derivative precision/recall),
3. the end-to-end result through ``monitor.dedup.index_version`` on a fresh SQLite database,
4. the seed check (when ../shared/seeds is present).

Run: ``python -m benchmarks.dedup_quality`` (from the repo root).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import re
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from monitor.dedup import fingerprint, words  # noqa: E402
from monitor.dedup import passages as P  # noqa: E402
from storage.neardup import hamming  # noqa: E402

DATA = Path(__file__).with_name("data") / "dedup"
HEADLINES = [
    "UPDATE: {} — what we know",
    "Breaking | {}",
    "{} (live coverage)",
]


def _paras(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def load() -> dict[str, dict[str, str]]:
    """Story id -> {'original', 'independent', 'derivative', 'extra'} texts."""
    stories = {}
    for d in sorted(p for p in DATA.iterdir() if p.is_dir()):
        stories[d.name] = {f.stem: f.read_text(encoding="utf-8") for f in d.glob("*.txt")}
    return stories


def boilerplate() -> list[str]:
    lines = (DATA / "boilerplate.txt").read_text(encoding="utf-8").splitlines()
    return [ln for ln in lines if ln.strip() and not ln.startswith("#")]


def copies(story: str, text: str, extra: str, plate: list[str]) -> dict[str, str]:
    """Syndicated copies of ``text``: the ways wire copies differ from their original."""
    paras = _paras(text)
    lead = paras[0].split(".")[0][:70]
    h = int(hashlib.md5(story.encode()).hexdigest(), 16)
    b1, b2 = plate[h % len(plate)], plate[(h // 7) % len(plate)]
    return {
        "headline": HEADLINES[h % len(HEADLINES)].format(lead) + "\n\n" + text,
        "byline+boilerplate": b1 + "\n\n" + text + "\n\n" + b2,
        "trimmed": "\n\n".join(paras[:-1]),
        "extended": text + "\n\n" + extra,
        "headline+trimmed+boilerplate": HEADLINES[(h + 1) % 3].format(lead)
        + "\n\n"
        + b1
        + "\n\n"
        + "\n\n".join(paras[:-1]),
    }


def labelled_pairs(stories: dict[str, dict[str, str]]):
    """Yield (name_a, text_a, name_b, text_b, near_copy, derivative) with the earlier text second."""
    plate = boilerplate()
    names = list(stories)
    for sid in names:
        s = stories[sid]
        extra = s["extra"]
        cps = copies(sid, s["original"], extra, plate)
        for kind, text in cps.items():
            yield f"{sid}/{kind}", text, f"{sid}/original", s["original"], True, False
        yield f"{sid}/independent", s["independent"], f"{sid}/original", s["original"], False, False
        yield f"{sid}/derivative", s["derivative"], f"{sid}/original", s["original"], False, True
        yield (
            f"{sid}/derivative",
            s["derivative"],
            f"{sid}/independent",
            s["independent"],
            False,
            False,
        )
        yield f"{sid}/independent", s["independent"], f"{sid}/trimmed", cps["trimmed"], False, False
    for a, b in itertools.combinations(names, 2):
        for ka, kb in (
            ("original", "original"),
            ("derivative", "original"),
            ("independent", "derivative"),
        ):
            yield f"{a}/{ka}", stories[a][ka], f"{b}/{kb}", stories[b][kb], False, False


def pr(pred: list[bool], truth: list[bool]) -> tuple[float, float, int, int, int]:
    tp = sum(p and t for p, t in zip(pred, truth, strict=True))
    fp = sum(p and not t for p, t in zip(pred, truth, strict=True))
    fn = sum(t and not p for p, t in zip(pred, truth, strict=True))
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    return prec, rec, tp, fp, fn


def sweep_simhash(pairs, k: int) -> None:
    print(f"\n== simhash near-copy, k={k}: shingle size x normalisation ==")
    print(
        f"{'norm':8} {'n':>2} {'prec':>6} {'recall':>6}  tp fp fn  copy-dist(max)  noncopy-dist(min)"
    )
    truth = [p[4] for p in pairs]
    for mode in ("plain", "nostop", "digits"):
        for n in (1, 2, 3, 4, 5):
            d = [
                hamming(fingerprint(a, n, mode), fingerprint(b, n, mode))
                for _, a, _, b, *_ in pairs
            ]
            prec, rec, tp, fp, fn = pr([x <= k for x in d], truth)
            cmax = max(x for x, t in zip(d, truth, strict=True) if t)
            nmin = min(x for x, t in zip(d, truth, strict=True) if not t)
            print(
                f"{mode:8} {n:>2} {prec:6.3f} {rec:6.3f} {tp:3} {fp:2} {fn:2}  {cmax:>13}  {nmin:>17}"
            )


def copy_distances(pairs) -> None:
    """Per copy kind: simhash distances to the original with the chosen settings."""
    from monitor.dedup.index import NORMALISE, SHINGLE

    print(
        f"\nchosen setting ({NORMALISE}, n={SHINGLE}): distance of each copy kind to its original"
    )
    kinds: dict[str, list[int]] = {}
    for name, a, _, b, copy, _ in pairs:
        if copy:
            kinds.setdefault(name.split("/")[1], []).append(hamming(fingerprint(a), fingerprint(b)))
    for kind, ds in kinds.items():
        print(f"  {kind:30} {sorted(ds)}")


def sweep_containment(pairs, k: int) -> None:
    """Near-copy = simhash within k OR shared passages cover >= t of the shorter text."""
    print(f"\n== near-copy: simhash <= {k} OR passage containment >= t ==")
    truth = [p[4] for p in pairs]
    cont, dist = [], []
    for _, a, _, b, *_ in pairs:
        al = P.align(a, b)
        cont.append(al.shared_words / max(1, min(al.new_words, al.old_words)))
        dist.append(hamming(fingerprint(a), fingerprint(b)))
    print(
        f"containment: copies min {min(c for c, t in zip(cont, truth, strict=True) if t):.2f}, "
        f"non-copies max {max(c for c, t in zip(cont, truth, strict=True) if not t):.2f}"
    )
    for t in (0.3, 0.5, 0.7, 0.9, None):
        pred = [d <= k or (t is not None and c >= t) for d, c in zip(dist, cont, strict=True)]
        prec, rec, tp, fp, fn = pr(pred, truth)
        label = "simhash only" if t is None else f"t = {t:.1f}"
        print(f"  {label:14} precision {prec:.3f} recall {rec:.3f}  tp {tp} fp {fp} fn {fn}")


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?\"”])\s+|\n+", text) if len(words(s)) >= 5]


def sweep_passages(pairs, quiet_header: bool = False) -> None:
    if not quiet_header:
        print("\n== derivative (passage reuse), pairs that are not near-copies ==")
    sub = [p for p in pairs if not p[4]]
    truth = [p[5] for p in sub]
    print(f"{'method':44} {'prec':>6} {'recall':>6}  tp fp fn")

    def show(name: str, pred: list[bool]) -> None:
        prec, rec, tp, fp, fn = pr(pred, truth)
        print(f"{name:44} {prec:6.3f} {rec:6.3f} {tp:3} {fp:2} {fn:2}")

    # (a) exact normalised sentences shared
    for need in (1, 2):
        pred = []
        for _, a, _, b, *_ in sub:
            sa = {" ".join(words(s)) for s in _sentences(a)}
            sb = {" ".join(words(s)) for s in _sentences(b)}
            pred.append(len(sa & sb) >= need)
        show(f"exact sentence match >= {need}", pred)
    # (b) sentence simhash within 3 bits
    for need in (1, 2):
        pred = []
        for _, a, _, b, *_ in sub:
            fa = [fingerprint(s, 1) for s in _sentences(a)]
            fb = [fingerprint(s, 1) for s in _sentences(b)]
            pred.append(sum(any(hamming(x, y) <= 3 for y in fb) for x in fa) >= need)
        show(f"sentence simhash d<=3, >= {need} sentences", pred)
    # (c) word-shingle runs (monitor.dedup.passages)
    for n, run, shared in itertools.product((3, 4, 5, 6), (6, 8, 10), (12, 16, 24)):
        pred = [
            P.align(a, b, n=n, min_run=run).is_derivative(shared, 0.0) for _, a, _, b, *_ in sub
        ]
        show(f"shingle runs n={n} min_run={run} min_shared={shared}", pred)
    for topic in (0.1, 0.2, 0.3):
        pred = [P.align(a, b).is_derivative(min_topic=topic) for _, a, _, b, *_ in sub]
        show(f"chosen runs + topic cosine >= {topic}", pred)


def end_to_end(stories) -> None:
    """Feed every text through ingest (and so index_version) and score the stored decisions."""
    from sqlmodel import Session, select

    from monitor.article import Article
    from monitor.ingest import ingest
    from storage.db import connect
    from storage.models import ClusterMemberRow, DerivativeRow

    plate = boilerplate()
    names = list(stories)
    docs: list[tuple[str, str, int]] = []  # (name, text, story index)
    for i, sid in enumerate(names):
        s = stories[sid]
        extra = s["extra"]
        docs.append((f"{sid}/original", s["original"], i))
        for kind, text in copies(sid, s["original"], extra, plate).items():
            docs.append((f"{sid}/{kind}", text, i))
        docs.append((f"{sid}/independent", s["independent"], i))
        docs.append((f"{sid}/derivative", s["derivative"], i))
    with tempfile.TemporaryDirectory() as tmp:
        engine = connect(f"sqlite:///{tmp}/q.db")
        base = datetime(2025, 1, 1, tzinfo=UTC)
        ids = {}
        for j, (name, text, _) in enumerate(docs):
            site = re.sub(r"\W", "", name) + ".example"
            res = ingest(
                Article(
                    url=f"https://{site}/a",
                    text=text,
                    title=name,
                    published=base + timedelta(hours=j),
                ),
                engine,
            )
            ids[name] = res.article_id
        with Session(engine) as s:
            cluster = {m.article_id: m.cluster_id for m in s.exec(select(ClusterMemberRow))}
            links = {(d.article_id, d.source_article_id) for d in s.exec(select(DerivativeRow))}
        engine.dispose()
    copy_kinds = {
        "headline",
        "byline+boilerplate",
        "trimmed",
        "extended",
        "headline+trimmed+boilerplate",
    }
    pred_c, truth_c = [], []
    pairs = [(a[0], b[0]) for a, b in itertools.combinations(docs, 2)]
    for na, nb in pairs:
        sa, ka = na.split("/")
        sb, kb = nb.split("/")
        pred_c.append(cluster[ids[na]] == cluster[ids[nb]])
        truth_c.append(sa == sb and {ka, kb} <= copy_kinds | {"original"})
    # Derivative links are kept once per cluster of copies, so they are scored per pair of
    # clusters: truth is {cluster of sX/derivative, cluster of sX/original} for each story.
    link_pairs = {frozenset((cluster[x], cluster[y])) for x, y in links}
    truth_pairs = {
        frozenset((cluster[ids[f"{sid}/derivative"]], cluster[ids[f"{sid}/original"]]))
        for sid in names
    }
    print("\n== end to end (ingest -> index_version on SQLite) ==")
    prec, rec, tp, fp, fn = pr(pred_c, truth_c)
    print(
        f"near-copy (same cluster, article pairs)  precision {prec:.3f}  recall {rec:.3f}  "
        f"(tp {tp}, fp {fp}, fn {fn}, pairs {len(pred_c)})"
    )
    for (na, nb), p, t in zip(pairs, pred_c, truth_c, strict=True):
        if p != t:
            print(f"   {'missed' if t else 'false'}: {na} ~ {nb}")
    tp = len(link_pairs & truth_pairs)
    fp, fn = len(link_pairs - truth_pairs), len(truth_pairs - link_pairs)
    print(
        f"derivative (cluster pairs)               precision {tp / max(1, tp + fp):.3f}  "
        f"recall {tp / max(1, tp + fn):.3f}  (tp {tp}, fp {fp}, fn {fn})"
    )
    by_cluster: dict[int, list[str]] = {}
    for name, aid in ids.items():
        by_cluster.setdefault(cluster[aid], []).append(name)
    for pair in link_pairs - truth_pairs:
        print("   false:", " ~ ".join(by_cluster[c][0] for c in pair))


def seeds() -> None:
    env = os.environ.get("FIGWATCH_SHARED")
    shared = Path(env) if env else REPO.parent / "shared"
    folder = shared / "seeds"
    if not folder.is_dir():
        print("\n(seeds absent: skipped the seed check)")
        return
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(folder.glob("00*.txt"))}
    print("\n== seeds (read at run time from the shared dir) ==")
    fps = {k: fingerprint(v) for k, v in texts.items()}
    dmin = min(hamming(fps[a], fps[b]) for a, b in itertools.combinations(fps, 2))
    print(f"min simhash distance between any two seeds: {dmin} (near-copy needs <= 3)")
    for a, b in itertools.permutations(texts, 2):
        al = P.align(texts[a], texts[b])
        if al.is_derivative():
            print(
                f"derivative: {a} re-uses {b}: {len(al.passages)} passages, {al.shared_words} words"
            )
    print("passage methods on the 10 seed pairs (truth: only 000/001 derivative):")
    pairs = [
        (a, texts[a], b, texts[b], False, {a, b} == {"000", "001"})
        for a, b in itertools.combinations(sorted(texts), 2)
    ]
    sweep_passages(pairs, quiet_header=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--no-sweep", action="store_true", help="only end-to-end and seeds")
    args = ap.parse_args()
    stories = load()
    pairs = list(labelled_pairs(stories))
    print(
        f"labelled set: {len(stories)} stories, {len(pairs)} labelled pairs "
        f"({sum(p[4] for p in pairs)} near-copy, {sum(p[5] for p in pairs)} derivative)"
    )
    if not args.no_sweep:
        sweep_simhash(pairs, args.k)
        copy_distances(pairs)
        sweep_containment(pairs, args.k)
        sweep_passages(pairs)
    end_to_end(stories)
    seeds()


if __name__ == "__main__":
    main()
