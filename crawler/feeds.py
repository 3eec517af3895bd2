"""Article links from RSS 2.0, RSS 1.0 (RDF) and Atom feeds, tolerant of broken XML."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree


@dataclass
class FeedLinks:
    """Links found in a feed, and the first parser error if the XML was broken."""

    kind: str | None
    links: list[str] = field(default_factory=list)
    problem: str | None = None


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def feed_links(body: bytes) -> FeedLinks:
    """Parse a feed; ``kind`` is None when the document is not a feed at all."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        return FeedLinks(None, problem=str(exc))
    errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
    problem = f"line {errors[0].line}: {errors[0].message}" if errors else None
    if root is None:
        return FeedLinks(None, problem=problem or "empty document")
    kind = {"rss": "rss", "RDF": "rdf", "feed": "atom"}.get(_local(root.tag))
    if kind is None:
        return FeedLinks(
            None, problem=problem or f"root element <{_local(root.tag)}> is not a feed"
        )
    links: list[str] = []
    for el in root.iter():
        name = _local(el.tag)
        if kind == "atom" and name == "entry":
            for link in el:
                if _local(link.tag) == "link" and link.get("rel", "alternate") == "alternate":
                    href = (link.get("href") or "").strip()
                    if href:
                        links.append(href)
                        break
        elif kind != "atom" and name == "item":
            link = next((c for c in el if _local(c.tag) == "link" and (c.text or "").strip()), None)
            if link is not None:
                links.append(link.text.strip())  # type: ignore[union-attr]
                continue
            guid = next((c for c in el if _local(c.tag) == "guid"), None)
            if guid is not None and guid.get("isPermaLink", "true") == "true" and guid.text:
                links.append(guid.text.strip())
    return FeedLinks(kind, list(dict.fromkeys(links)), problem)
