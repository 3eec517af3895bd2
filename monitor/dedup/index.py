"""Near-duplicates: simhash fingerprints, clusters of near-copies, passage reuse, stated sources.

``index_version`` runs inside the ingest transaction (it never commits). ``source_key`` tells the
verdict code which articles are *not* independent of each other.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sqlalchemy import delete, func, insert, update
from sqlmodel import Session, col, select

from monitor.dedup import passages as P
from monitor.dedup.syndication import stated_sources
from storage.locks import advisory_xact_locks
from storage.models import (
    ArticleRow,
    ArticleVersionRow,
    ClusterMemberRow,
    ClusterRow,
    DerivativeRow,
    FingerprintRow,
    ShingleRow,
    StatedSourceRow,
)
from storage.neardup import (
    DEFAULT_LAYOUT,
    Layout,
    NearDupIndex,
    hamming,
    to_signed,
    to_unsigned,
)
from storage.timeutil import as_utc, utcnow

ARTICLE_SPACE = 0  # neardup_key space holding the current fingerprint of every article
SHINGLE = 1  # words per simhash feature; chosen by measurement (docs/dedup.md)
NORMALISE = "plain"
MAX_PASSAGE_CANDIDATES = 8
#: a sampled shingle indexed for this many articles is common (the stop-list): it is neither
#: looked up nor indexed again, so a lookup's cost stays flat however large a story grows
MAX_SHINGLE_DF = 50
MIN_WORDS = 25  # shorter texts are fingerprinted but never matched (too little evidence)
NEAR_COPY_CONTAINMENT = 0.7  # share of the shorter text in shared passages; measured
_WORD = re.compile(r"\w+")
_LOOKUP_CHUNK = 500


def words(text: str, mode: str = NORMALISE) -> list[str]:
    """Normalised words: NFKC, lower case, accents folded, punctuation dropped.

    ``mode="nostop"`` also drops stopwords, ``"digits"`` maps every digit to 0.
    """
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    out = _WORD.findall(text)
    if mode == "nostop":
        out = [w for w in out if w not in P.STOPWORDS]
    elif mode == "digits":
        out = [re.sub(r"\d", "0", w) for w in out]
    return out


def fingerprint(text: str, shingle: int = SHINGLE, mode: str = NORMALISE) -> int:
    """64-bit simhash (unsigned) of ``text`` over normalised word ``shingle``-grams."""
    toks = words(text, mode)
    if len(toks) < shingle:
        feats = [" ".join(toks)] if toks else [""]
    else:
        feats = [" ".join(toks[i : i + shingle]) for i in range(len(toks) - shingle + 1)]
    counts: dict[str, int] = {}
    for f in feats:
        counts[f] = counts.get(f, 0) + 1
    return simhash64(counts)


_SIMHASH_CHUNK = 8192  # features per matrix product: bounds memory on huge texts


def simhash64(weights: dict[str, int]) -> int:
    """Weighted 64-bit simhash of ``{feature: count}``; any count, any number of features.

    The same value as ``simhash.Simhash(weights).value`` (MD5, last 8 bytes, bit set when its
    weighted votes exceed half the total weight), computed in int64: that library multiplies
    weights into ``uint8`` arrays and overflows under NumPy 2 once a feature occurs 256 times.
    """
    items = list(weights.items())
    total = sum(w for _, w in items)
    votes = np.zeros(64, dtype=np.int64)
    for i in range(0, len(items), _SIMHASH_CHUNK):
        chunk = items[i : i + _SIMHASH_CHUNK]
        digests = b"".join(
            hashlib.md5(f.encode("utf-8"), usedforsecurity=False).digest()[-8:] for f, _ in chunk
        )
        bits = np.unpackbits(np.frombuffer(digests, dtype=np.uint8)).reshape(-1, 64)
        votes += np.array([w for _, w in chunk], dtype=np.int64) @ bits.astype(np.int64)
    return int.from_bytes(np.packbits(2 * votes > total).tobytes(), "big")


@dataclass(slots=True)
class DedupResult:
    """What indexing one article version decided.

    ``near_copy``: the article is a copy of its cluster's original (another, earlier article).
    ``derivative_of``: earlier articles whose passages this one re-uses. ``matches``: the
    ``(article_id, simhash distance)`` near-copies found now. ``stated_sources``: syndication
    markers in the text.
    """

    cluster_id: int
    original_article_id: int
    near_copy: bool
    derivative_of: list[int] = field(default_factory=list)
    fingerprint: int = 0
    matches: list[tuple[int, int]] = field(default_factory=list)  # (article_id, distance)
    stated_sources: list[str] = field(default_factory=list)


_layout: Layout = DEFAULT_LAYOUT


def configure(k: int | None = None, widths: tuple[int, ...] | list[int] | None = None) -> Layout:
    """Set the article index's distance ``k`` and block widths (default k=3, 4 x 16 bits).

    Call before indexing; an existing database must be re-indexed after a layout change.
    Raises ``ValueError`` for a layout that cannot guarantee recall at ``k``.
    """
    global _layout
    k = DEFAULT_LAYOUT.k if k is None else k
    _layout = Layout(k, tuple(widths)) if widths else Layout.even(k)
    return _layout


def _index() -> NearDupIndex:
    return NearDupIndex(ARTICLE_SPACE, _layout)


def _order_key(article: ArticleRow) -> tuple[datetime, int]:
    when = as_utc(article.published) or as_utc(article.first_seen) or utcnow()
    return (when, article.id or 0)


def _elect(session: Session, cluster: ClusterRow) -> None:
    """Re-elect the cluster's original (earliest published member) and recount it.

    Two indexed queries, not a load of every member: a hot story's cluster of copies grows
    with the story. The order is ``_order_key``'s (published, else first seen, then id).
    """
    members = (
        select(ArticleRow.id)
        .join(ClusterMemberRow, col(ClusterMemberRow.article_id) == col(ArticleRow.id))
        .where(ClusterMemberRow.cluster_id == cluster.id)
    )
    first = session.exec(
        members.order_by(
            func.coalesce(ArticleRow.published, ArticleRow.first_seen), col(ArticleRow.id)
        ).limit(1)
    ).first()
    if first is None:
        session.delete(cluster)
        return
    size = session.exec(
        select(func.count())
        .select_from(ClusterMemberRow)
        .where(ClusterMemberRow.cluster_id == cluster.id)
    ).one()
    cluster.original_article_id = first
    cluster.size = size
    cluster.updated = utcnow()
    session.add(cluster)


def _join_cluster(
    session: Session, article: ArticleRow, version_id: int, fp: int, matched: list[int]
) -> ClusterRow:
    """Put ``article`` in the cluster of its matches, merging clusters it bridges."""
    old = session.get(ClusterMemberRow, article.id)
    clusters: dict[int, ClusterRow] = {}
    if matched:
        for member in session.exec(
            select(ClusterMemberRow).where(col(ClusterMemberRow.article_id).in_(matched))
        ):
            c = session.get(ClusterRow, member.cluster_id)
            if c is not None:
                clusters[c.id] = c  # type: ignore[index]
    if not clusters and old is not None:
        cur = session.get(ClusterRow, old.cluster_id)
        if cur is not None and cur.size <= 1:
            clusters[cur.id] = cur  # type: ignore[index]
    # an article new to every cluster joining one cluster (no merge): its original and size
    # follow from the newcomer alone (``_joined``)
    joined = old is None and len(clusters) == 1
    if clusters:
        target = min(clusters.values(), key=lambda c: c.id or 0)
        others = [cid for cid in clusters if cid != target.id]
        if others:
            session.execute(
                update(ClusterMemberRow)
                .where(col(ClusterMemberRow.cluster_id).in_(others))
                .values(cluster_id=target.id)
            )
            session.flush()
            for cid in others:
                session.delete(clusters[cid])
    else:
        target = ClusterRow(original_article_id=article.id)  # type: ignore[arg-type]
        session.add(target)
        session.flush()
    previous = old.cluster_id if old is not None else None
    if old is None:
        old = ClusterMemberRow(
            article_id=article.id,  # type: ignore[arg-type]
            cluster_id=target.id,  # type: ignore[arg-type]
            version_id=version_id,
            simhash=to_signed(fp),
        )
    old.cluster_id, old.version_id, old.simhash = target.id, version_id, to_signed(fp)  # type: ignore[assignment]
    session.add(old)
    session.flush()
    if previous is not None and previous != target.id:
        prev = session.get(ClusterRow, previous)
        if prev is not None:
            _elect(session, prev)
    if joined:
        _joined(session, target, article.id)  # type: ignore[arg-type]
    else:
        _elect(session, target)
    session.flush()
    return target


def _joined(session: Session, cluster: ClusterRow, article_id: int) -> None:
    """``_elect`` after one new member joined a cluster whose original and size are its
    members': the earlier of its original and the newcomer (``_elect``'s order, on two rows),
    and one more member — not a read of every member (a hot story's cluster of copies grows
    with the story)."""
    first = session.exec(
        select(ArticleRow.id)
        .where(col(ArticleRow.id).in_([cluster.original_article_id, article_id]))
        .order_by(func.coalesce(ArticleRow.published, ArticleRow.first_seen), col(ArticleRow.id))
        .limit(1)
    ).first()
    cluster.original_article_id = first  # type: ignore[assignment]
    cluster.size += 1
    cluster.updated = utcnow()
    session.add(cluster)


def common_shingles(session: Session, hashes: Iterable[int], cap: int | None = None) -> set[int]:
    """The stop-list: of ``hashes``, those already indexed for ``cap`` (default
    ``MAX_SHINGLE_DF``) articles. A passage every article of a site or a story shares (a
    template line, a quote all outlets carry) is no evidence that one copied another, and
    its postings would make every lookup cost grow with the story's size."""
    cap = MAX_SHINGLE_DF if cap is None else cap
    items = list(hashes)
    common: set[int] = set()
    for i in range(0, len(items), _LOOKUP_CHUNK):
        common.update(
            session.exec(
                select(ShingleRow.h)
                .where(col(ShingleRow.h).in_(items[i : i + _LOOKUP_CHUNK]))
                .group_by(col(ShingleRow.h))
                .having(func.count() >= cap)
            ).all()
        )
    return common


def _passage_candidates(session: Session, article_id: int, hashes: set[int]) -> list[int]:
    """Articles sharing enough of ``hashes`` (rare ones: the caller drops the stop-list), most
    shared first, at most ``MAX_PASSAGE_CANDIDATES``."""
    counts: dict[int, int] = {}
    items = list(hashes)
    for i in range(0, len(items), _LOOKUP_CHUNK):
        rows = session.exec(
            select(ShingleRow.article_id, func.count())
            .where(col(ShingleRow.h).in_(items[i : i + _LOOKUP_CHUNK]))
            .where(ShingleRow.article_id != article_id)
            .group_by(col(ShingleRow.article_id))
        ).all()
        for aid, n in rows:
            counts[aid] = counts.get(aid, 0) + n
    need = max(2, P.MIN_SHARED_WORDS // (P.SAMPLE_MOD * 4))
    ranked = sorted((a for a, n in counts.items() if n >= need), key=lambda a: (-counts[a], a))
    return ranked[:MAX_PASSAGE_CANDIDATES]


@dataclass(slots=True)
class _PassageMatch:
    other: ArticleRow
    other_version_id: int
    other_text: str
    alignment: P.Alignment
    later_is_new: bool  # True: the article being indexed is the later one
    containment: float


#: stored versions' texts, tokenised and shingled, by version id (a version's text never
#: changes; the cache still compares the text, so another database's id 7 is not taken for ours)
_PREPARED = P.PreparedCache(256)


def _passage_matches(
    session: Session, article: ArticleRow, text: P.Prepared, hashes: set[int], skip: set[int]
) -> list[_PassageMatch]:
    """Align the article with earlier/later articles that share sampled shingles."""
    out: list[_PassageMatch] = []
    ids = [a for a in _passage_candidates(session, article.id, hashes) if a not in skip]  # type: ignore[arg-type]
    if not ids:
        return out
    others = {a.id: a for a in session.exec(select(ArticleRow).where(col(ArticleRow.id).in_(ids)))}
    current = [o.current_version_id for o in others.values() if o.current_version_id is not None]
    texts = dict(
        session.exec(
            select(ArticleVersionRow.id, ArticleVersionRow.text).where(
                col(ArticleVersionRow.id).in_(current)
            )
        ).all()
    )
    for other_id in ids:
        other = others.get(other_id)
        if other is None or other.current_version_id not in texts:
            continue
        other_version_id: int = other.current_version_id  # type: ignore[assignment]
        other_text = texts[other_version_id]
        later_is_new = _order_key(other) <= _order_key(article)
        old = _PREPARED.get(other_version_id, other_text)
        al = P.align_prepared(text, old) if later_is_new else P.align_prepared(old, text)
        smaller = min(al.new_words, al.old_words) or 1
        out.append(
            _PassageMatch(
                other, other_version_id, other_text, al, later_is_new, al.shared_words / smaller
            )
        )
    return out


def _derivative_values(
    article: ArticleRow, version_id: int, m: _PassageMatch, created: datetime
) -> dict[str, object]:
    """The ``dedup_derivative`` row of one link (``index_version`` deleted every link of this
    article first: the row is always new)."""
    new, new_v, old, old_v = (
        (article, version_id, m.other, m.other_version_id)
        if m.later_is_new
        else (m.other, m.other_version_id, article, version_id)
    )
    al = m.alignment
    return {
        "article_id": new.id,
        "source_article_id": old.id,
        "version_id": new_v,
        "source_version_id": old_v,
        "shared_words": al.shared_words,
        "passages": len(al.passages),
        "coverage": round(al.coverage, 4),
        "detail": json.dumps(
            [{"words": p.words, "new": p.new_span, "old": p.old_span} for p in al.passages]
        ),
        "created": created,
    }


def _record_sources(session: Session, article_id: int, version_id: int, text: str) -> list[str]:
    session.execute(delete(StatedSourceRow).where(col(StatedSourceRow.version_id) == version_id))
    found = stated_sources(text)
    for s in found:
        session.add(
            StatedSourceRow(
                article_id=article_id,
                version_id=version_id,
                source=s.source,
                kind=s.kind,
                marker=s.marker[:500],
            )
        )
    return [s.source for s in found]


def _existing_result(session: Session, fp_row: FingerprintRow) -> DedupResult | None:
    member = session.get(ClusterMemberRow, fp_row.article_id)
    if member is None or member.version_id != fp_row.version_id:
        return None
    cluster = session.get(ClusterRow, member.cluster_id)
    if cluster is None:
        return None
    derived = session.exec(
        select(DerivativeRow.source_article_id).where(DerivativeRow.article_id == fp_row.article_id)
    ).all()
    sources = session.exec(
        select(StatedSourceRow.source).where(StatedSourceRow.version_id == fp_row.version_id)
    ).all()
    return DedupResult(
        cluster_id=cluster.id,  # type: ignore[arg-type]
        original_article_id=cluster.original_article_id,
        near_copy=cluster.size > 1 and cluster.original_article_id != fp_row.article_id,
        derivative_of=sorted(derived),
        fingerprint=to_unsigned(fp_row.simhash),
        stated_sources=list(sources),
    )


def _load_article(session: Session, article_id: int, published: datetime | None) -> ArticleRow:
    """The article row, with its publication time filled in when it had none."""
    article = session.get(ArticleRow, article_id)
    if article is None:
        raise ValueError(f"no article with id {article_id}")
    if article.published is None and published is not None:
        article.published = as_utc(published)
        session.add(article)
    return article


def _fingerprint_matches(
    session: Session, article_id: int, fp: int, enough: bool
) -> dict[int, int]:
    """Re-index the article's fingerprint; its near-copies by article id -> Hamming distance."""
    index = _index()
    # Serialise writers whose fingerprints could match: two near-copies (distance <= k) share at
    # least one block key, so locking every block key before the lookup means concurrent
    # ingests of syndicated copies see each other and join one cluster (storage.locks).
    advisory_xact_locks(session, {f"neardup:{key}" for key in index.layout.keys(fp)})
    index.remove(session, article_id)
    matches: dict[int, int] = {}
    if enough:
        matches = {m.item_id: m.distance for m in index.query(session, fp, exclude=(article_id,))}
        index.add(session, article_id, fp)
    return matches


def _clear_passages(session: Session, article_id: int) -> None:
    """Drop the article's indexed shingles and its derivative links (both directions)."""
    session.execute(delete(ShingleRow).where(col(ShingleRow.article_id) == article_id))
    session.execute(
        delete(DerivativeRow).where(
            (col(DerivativeRow.article_id) == article_id)
            | (col(DerivativeRow.source_article_id) == article_id)
        )
    )


def _passage_evidence(
    session: Session,
    article: ArticleRow,
    prepared: P.Prepared,
    hashes: set[int],
    fp: int,
    matches: dict[int, int],
) -> list[_PassageMatch]:
    """Add passage near-copies to ``matches``; return the derivative candidates."""
    derivatives: list[_PassageMatch] = []
    for m in _passage_matches(session, article, prepared, hashes, set(matches)):
        if m.containment >= NEAR_COPY_CONTAINMENT:
            other_member = session.get(ClusterMemberRow, m.other.id)
            other_fp = other_member.simhash if other_member is not None else fp
            matches[m.other.id] = hamming(fp, other_fp)  # type: ignore[index]
        elif m.alignment.is_derivative():
            derivatives.append(m)
    return derivatives


def _link_derivatives(
    session: Session,
    article: ArticleRow,
    version_id: int,
    cluster: ClusterRow,
    derivatives: list[_PassageMatch],
) -> list[int]:
    """Store one derivative link per other cluster; the later articles derived from this one."""
    cluster_members = select(ClusterMemberRow.article_id).where(
        ClusterMemberRow.cluster_id == cluster.id
    )
    # the candidates' clusters in one query (not the whole cluster: a hot story's cluster of
    # copies grows with the story); a candidate in this article's cluster is one of its copies
    clusters = dict(
        session.exec(
            select(ClusterMemberRow.article_id, ClusterMemberRow.cluster_id).where(
                col(ClusterMemberRow.article_id).in_([m.other.id for m in derivatives])
            )
        ).all()
    )
    same_cluster = {a for a, c in clusters.items() if c == cluster.id}
    derived: list[int] = []
    linked_clusters: set[int] = set()
    rows: list[dict[str, object]] = []  # inserted at once, not an ORM object and flush each
    later: set[int | None] = set()  # later articles linked here (to this one, in the cluster)
    now = utcnow()
    # One link per cluster of copies: prefer its original, else its earliest member.
    for m in sorted(derivatives, key=lambda m: _order_key(m.other)):
        if m.other.id in same_cluster:
            continue
        other_cluster = clusters.get(m.other.id)
        if m.later_is_new:
            if other_cluster is not None:
                if other_cluster in linked_clusters:
                    continue
                linked_clusters.add(other_cluster)
        elif cluster.size > 1 and (
            m.other.id in later
            or session.exec(
                select(DerivativeRow.id).where(
                    DerivativeRow.article_id == m.other.id,
                    col(DerivativeRow.source_article_id).in_(cluster_members),
                )
            ).first()
        ):
            continue  # the later article already derives from a copy of this one
        rows.append(_derivative_values(article, version_id, m, now))
        if m.later_is_new:
            derived.append(m.other.id)  # type: ignore[arg-type]
        else:
            later.add(m.other.id)
    if rows:
        session.execute(insert(DerivativeRow.__table__), rows)  # type: ignore[attr-defined]
    return derived


def index_version(
    session: Session,
    *,
    article_id: int,
    version_id: int,
    text: str,
    title: str | None,
    published: datetime | None,
    site: str,
    prepared: P.Prepared | None = None,
    simhash: int | None = None,
) -> DedupResult:
    """Fingerprint one article version, cluster it, link shared passages, record stated sources.

    Runs inside the caller's transaction (flushes, never commits). Idempotent per version.
    ``title``/``published``/``site`` are read from the article row; they are accepted so the
    call documents what the decision rests on. ``prepared`` and ``simhash``: the text's
    ``P.prepare`` and ``fingerprint`` made ahead (``monitor.ingest.pretext``); a prepared text
    of another text is not used.
    """
    session.info.pop(_ROOTS, None)  # this changes clusters and links: cached roots are stale
    del title, site  # stored on the article row already
    done = session.exec(
        select(FingerprintRow).where(FingerprintRow.version_id == version_id)
    ).first()
    if done is not None:
        again = _existing_result(session, done)
        if again is not None:
            return again
    article = _load_article(session, article_id, published)
    if prepared is None or prepared.text != text:
        prepared, simhash = P.prepare(text), None
    fp = fingerprint(text) if simhash is None else simhash
    n_words = len(prepared.words)  # P.WORD is _WORD: the text's words
    if done is None:
        session.add(
            FingerprintRow(
                article_id=article_id, version_id=version_id, simhash=to_signed(fp), words=n_words
            )
        )
    enough = n_words >= MIN_WORDS
    matches = _fingerprint_matches(session, article_id, fp, enough)
    # Passage evidence: whole-text containment makes a (trimmed/extended) near-copy, a few
    # shared passages make a derivative.
    _clear_passages(session, article_id)
    _PREPARED.put(version_id, prepared)  # later articles align against this version
    hashes = prepared.index_hashes() if enough else set()
    hashes -= common_shingles(session, hashes)
    derivatives = _passage_evidence(session, article, prepared, hashes, fp, matches)
    session.flush()
    cluster = _join_cluster(session, article, version_id, fp, list(matches))
    derived = _link_derivatives(session, article, version_id, cluster, derivatives)
    if hashes:
        session.execute(
            ShingleRow.__table__.insert(),  # type: ignore[attr-defined]
            [{"h": h, "article_id": article_id} for h in hashes],
        )
    sources = _record_sources(session, article_id, version_id, text)
    session.flush()
    return DedupResult(
        cluster_id=cluster.id,  # type: ignore[arg-type]
        original_article_id=cluster.original_article_id,
        near_copy=cluster.size > 1 and cluster.original_article_id != article_id,
        derivative_of=sorted(derived),
        fingerprint=fp,
        matches=sorted(matches.items(), key=lambda kv: (kv[1], kv[0])),
        stated_sources=sources,
    )


_ANONYMOUS_SITES = {"", "file", "unknown"}


_ROOTS = "figwatch.dedup.roots"  # session.info key: roots resolved in this session


def root_article(session: Session, article_id: int) -> int:
    """The article ``article_id`` ultimately comes from: cluster original, then derivative source.

    Answers are cached for the session (one ingest) and dropped whenever ``index_version``
    changes clusters or links.
    """
    cache: dict[int, int] = session.info.setdefault(_ROOTS, {})
    if article_id in cache:
        return cache[article_id]
    path: list[int] = []
    current = article_id
    while current not in path:
        path.append(current)
        if current in cache:
            current = cache[current]
            break
        member = session.get(ClusterMemberRow, current)
        if member is not None:
            cluster = session.get(ClusterRow, member.cluster_id)
            if cluster is not None and cluster.original_article_id != current:
                current = cluster.original_article_id
                continue
        # the earliest-published article it derives from (one query, not one per source)
        earliest = session.exec(
            select(ArticleRow.id)
            .join(DerivativeRow, col(DerivativeRow.source_article_id) == ArticleRow.id)
            .where(DerivativeRow.article_id == current, col(ArticleRow.id).not_in(path))
            .order_by(func.coalesce(ArticleRow.published, ArticleRow.first_seen), ArticleRow.id)
            .limit(1)
        ).first()
        if earliest is None:
            break
        current = earliest
    for visited in path:
        cache[visited] = current
    return current


def source_key(session: Session, article_id: int) -> str:
    """Independence key for verdicts: equal keys are one source, counted once.

    Near-copies resolve to their cluster's original, derivatives to the article they derive from
    (transitively); the key is then that root article's outlet (``site:…``), or the root article
    itself (``article:…``) when the outlet is unknown (local files).
    """
    root = root_article(session, article_id)
    row = session.get(ArticleRow, root)
    if row is None:
        return f"article:{root}"
    if row.site in _ANONYMOUS_SITES:
        return f"article:{root}"
    return f"site:{row.site}"


def independent_sources(session: Session, article_ids: Iterable[int]) -> int:
    """How many independent sources a set of articles amounts to."""
    return len({source_key(session, a) for a in article_ids})
