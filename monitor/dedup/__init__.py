"""Near-duplicates: which stored articles copy, rewrite or syndicate which.

- ``index``: simhash fingerprints, clusters of near-copies, passage matches; ``index_version`` runs
  inside the ingest transaction.
- ``passages``: word-shingle hashes and the alignment of the stretches two texts share.
- ``syndication``: the sources an article itself states ("AFP contributed reporting").
- independent sources: ``source_key`` and ``independent_sources``, how verdicts count sources
  that are not copies of one another.
"""

from monitor.dedup.index import (
    DedupResult,
    configure,
    fingerprint,
    independent_sources,
    index_version,
    root_article,
    simhash64,
    source_key,
    words,
)
from monitor.dedup.syndication import StatedSource, stated_sources

__all__ = [
    "DedupResult",
    "StatedSource",
    "configure",
    "fingerprint",
    "independent_sources",
    "index_version",
    "root_article",
    "simhash64",
    "source_key",
    "stated_sources",
    "words",
]
