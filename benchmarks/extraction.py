"""Extraction benchmark: trafilatura (default), trafilatura (our settings), figwatch — side by side.

Usage (from the repository root)::

    python benchmarks/extraction.py [--shared DIR] [--only aeb|own] [--show-worst N]

Sets: the 88 public pages of the article-extraction benchmark in ``<shared>/data/aeb`` (read at
run time, never copied) and our own labelled pages in ``benchmarks/data/pages`` (``NAME.html`` +
``NAME.txt`` gold). Scoring follows that benchmark: bags of word 4-gram shingles, per-page
tp/fp/fn normalised to sum 1, precision and recall averaged over pages, F1 from the averages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from crawler.extract import TRAFILATURA_OPTIONS, extract_html  # noqa: E402
from crawler.noise import InMemorySiteMemory  # noqa: E402

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter:
    """Bag of word n-grams of ``text``."""
    words = _TOKEN.findall(text or "")
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def page_scores(gold: str, pred: str) -> tuple[float, float]:
    """(precision, recall) of one page by shingle matching."""
    a, b = shingles(gold), shingles(pred)
    tp = fp = fn = 0
    for k in a.keys() | b.keys():
        x, y = a.get(k, 0), b.get(k, 0)
        tp += min(x, y)
        fp += max(0, y - x)
        fn += max(0, x - y)
    s = tp + fp + fn
    if s:
        tp, fp, fn = tp / s, fp / s, fn / s
    if fp == fn == 0:
        return 1.0, 1.0
    p = 0.0 if tp == fp == 0 else tp / (tp + fp)
    r = 0.0 if tp == fn == 0 else tp / (tp + fn)
    return p, r


Page = tuple[str, str, bytes, str]  # (id, url, html bytes, gold text)


def load_aeb(shared: Path) -> list[Page]:
    """The public benchmark pages from the shared dir (empty when absent)."""
    base = shared / "data" / "aeb"
    gt_path = base / "ground-truth.json"
    if not gt_path.exists():
        return []
    gt = json.loads(gt_path.read_text("utf-8"))
    pages = []
    for key in sorted(gt):
        f = base / "html" / f"{key}.html.gz"
        if f.exists():
            pages.append(
                (
                    key,
                    gt[key].get("url") or "",
                    gzip.decompress(f.read_bytes()),
                    gt[key].get("articleBody") or "",
                )
            )
    return pages


def load_own(folder: Path) -> list[Page]:
    """Our labelled pages: NAME.html with gold NAME.txt; the URL is in <link rel=canonical>."""
    pages = []
    for html in sorted(folder.glob("*.html")):
        gold = html.with_suffix(".txt")
        if not gold.exists():
            continue
        raw = html.read_bytes()
        m = re.search(rb'<link rel="canonical" href="([^"]+)"', raw)
        url = m.group(1).decode() if m else f"https://example.invalid/{html.stem}"
        pages.append((html.stem, url, raw, gold.read_text("utf-8")))
    return pages


def traf_default(raw: bytes, url: str) -> str:
    return trafilatura.extract(raw, url=url) or ""


def traf_default_meta(raw: bytes, url: str) -> str:
    doc = trafilatura.bare_extraction(raw, url=url, with_metadata=True)
    return (doc.text or "") if doc else ""


def traf_ours(raw: bytes, url: str) -> str:
    opts = {
        k: v for k, v in TRAFILATURA_OPTIONS.items() if k not in ("with_metadata", "include_links")
    }
    return trafilatura.extract(raw, url=url, **opts) or ""


class _LearnOnce:
    """Site memory that counts each page once, however often the timing loop re-runs it."""

    def __init__(self) -> None:
        self.inner = InMemorySiteMemory()
        self.done: set[int] = set()
        self.current = 0

    def seen(self, site: str, line_hashes) -> None:  # noqa: ANN001
        if self.current not in self.done:
            self.done.add(self.current)
            self.inner.seen(site, line_hashes)

    def is_boilerplate(self, site: str, line_hash: str) -> bool:
        return self.inner.is_boilerplate(site, line_hash)


def make_figwatch() -> Callable[[bytes, str], str]:
    """figwatch's extraction with one site memory for the whole run (pages in set order)."""
    memory = _LearnOnce()

    def run(raw: bytes, url: str) -> str:
        memory.current = hash((url, len(raw)))
        art = extract_html(raw, url=url, site_memory=memory)
        return art.text if art else ""

    return run


def evaluate(
    pages: list[Page], systems: list[tuple[str, Callable[[bytes, str], str]]], repeats: int
) -> dict[str, tuple[float, float, float, float, list]]:
    """Per system: (P, R, F1, ms/page, per-page rows).

    Systems run interleaved page by page, and each page's time is the best of ``repeats`` runs,
    so that load from other processes on a shared machine does not favour one system.
    """
    acc: dict[str, dict[str, list]] = {
        n: {"p": [], "r": [], "t": [], "rows": []} for n, _ in systems
    }
    for key, url, raw, gold in pages:
        for name, fn in systems:
            best = float("inf")
            pred = ""
            for _ in range(repeats):
                t0 = time.perf_counter()
                pred = fn(raw, url)
                best = min(best, time.perf_counter() - t0)
            p, r = page_scores(gold, pred)
            a = acc[name]
            a["p"].append(p)
            a["r"].append(r)
            a["t"].append(best)
            a["rows"].append((key, p, r))
    out = {}
    for name, a in acc.items():
        p, r = sum(a["p"]) / len(a["p"]), sum(a["r"]) / len(a["r"])
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out[name] = (p, r, f1, sum(a["t"]) / len(a["t"]) * 1000, a["rows"])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_shared = os.environ.get("FIGWATCH_SHARED") or str(ROOT.parent / "shared")
    ap.add_argument("--shared", default=default_shared, help="shared dir holding data/aeb")
    ap.add_argument("--only", choices=("aeb", "own"))
    ap.add_argument("--show-worst", type=int, default=0, help="list the N worst pages of figwatch")
    ap.add_argument("--repeats", type=int, default=3, help="timed runs per page and system")
    args = ap.parse_args()

    sets = []
    if args.only in (None, "aeb"):
        aeb = load_aeb(Path(args.shared))
        if aeb:
            sets.append(("aeb public (88 real pages)", aeb))
        else:
            print(f"(aeb pages not found under {args.shared}; skipped)")
    if args.only in (None, "own"):
        sets.append(
            (f"own set ({len(own := load_own(ROOT / 'benchmarks/data/pages'))} pages)", own)
        )

    print(
        f"trafilatura {trafilatura.__version__}; time = mean over pages of the best of {args.repeats} runs"
    )
    for name, pages in sets:
        if not pages:
            continue
        for _k, url, raw, _g in pages[:3]:  # warm-up: imports and caches
            traf_default(raw, url)
            extract_html(raw, url=url)
        systems = [
            ("trafilatura default", traf_default),
            ("trafilatura our settings", traf_ours),
            ("figwatch full extraction", make_figwatch()),
            ("(ref) trafilatura default+metadata", traf_default_meta),
        ]
        res = evaluate(pages, systems, args.repeats)
        print(f"\n{name}")
        print(f"  {'system':34s} {'precision':>9s} {'recall':>7s} {'F1':>7s} {'ms/page':>8s}")
        for sname, (p, r, f1, ms, _rows) in res.items():
            print(f"  {sname:34s} {p:9.4f} {r:7.4f} {f1:7.4f} {ms:8.1f}")
        fw = res["figwatch full extraction"][3]
        print(f"  time figwatch / trafilatura default: {fw / res['trafilatura default'][3]:.2f}x")
        meta = res["(ref) trafilatura default+metadata"][3]
        print(f"  time figwatch / trafilatura default with metadata: {fw / meta:.2f}x")
        if args.show_worst:
            rows = sorted(res["figwatch full extraction"][4], key=lambda x: x[1] + x[2])
            for key, p, r in rows[: args.show_worst]:
                print(f"    {key[:16]:16s} P={p:.3f} R={r:.3f}")


if __name__ == "__main__":
    main()
