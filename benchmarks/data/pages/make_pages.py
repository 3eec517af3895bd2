"""Generate our own labelled extraction pages: NN_template.html + NN_template.txt (gold body).

All outlets, people, places and sentences are fictional and written for figwatch. Each page wraps
one hand-written article body in one of eight page templates full of the chrome trafilatura tends
to leak (teaser lists, prompts, bio boxes, galleries, share widgets, glued headers). The gold text
is the article body only (no headline). Re-run to regenerate: ``python make_pages.py``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent

ARTICLES = [
    (
        "Floodwater cuts off three villages in the Varna valley",
        "Rivermouth Courier",
        "rivermouth-courier.example",
        [
            "VARNA VALLEY — Floodwater cut off three villages in the upper Varna valley on Tuesday after two days of rain swelled the river past its banks, regional officials said.",
            "At least 420 residents were evacuated by boat overnight, and about 60 more were waiting on rooftops for rescue teams, according to the valley's civil protection office.",
            "“We have never seen the water rise this quickly, not even in the spring thaw,” said Mara Lindqvist, who runs the bakery in Old Kessel.",
            "Two people were reported missing near the Harrow bridge. Police said a search would resume at first light.",
            "The weather service expects the rain to ease by Thursday, but warned that the river would stay high for most of the week.",
        ],
    ),
    (
        "Fire at Northgate packaging plant injures 14 workers",
        "Ledger Wire",
        "ledgerwire.example",
        [
            "NORTHGATE — A fire tore through a packaging plant on the edge of Northgate early on Friday, injuring 14 workers, three of them seriously, the fire brigade said.",
            "Crews from four stations fought the blaze for nearly six hours before bringing it under control shortly after 9 a.m.",
            "“The roof went in less than twenty minutes after the first call,” station commander Idris Okafor told reporters at the gate.",
            "The company, Brightfold Containers, said all 212 employees on the night shift had been accounted for.",
            "Investigators have not yet determined the cause. The plant will stay closed until at least the end of the month.",
        ],
    ),
    (
        "Ferry runs aground off Calder Point; all 87 passengers rescued",
        "The Coastline Post",
        "coastlinepost.example",
        [
            "CALDER POINT — A passenger ferry ran aground on a sandbank off Calder Point on Sunday evening, and all 87 passengers and six crew members were taken off safely, the coastguard said.",
            "Lifeboats from two harbours shuttled people to shore in heavy swell over about three hours.",
            "Eleven passengers were treated for mild hypothermia at the county hospital and released on Monday morning.",
            "“People stayed remarkably calm, even the children,” said coastguard spokeswoman Aileen Brody.",
            "The operator, Skerry Lines, suspended the route and said it would cooperate fully with the maritime accident board.",
        ],
    ),
    (
        "Wildfire forces 2,300 from homes near Pine Hollow",
        "Highland Dispatch",
        "highlanddispatch.example",
        [
            "PINE HOLLOW — A fast-moving wildfire forced about 2,300 people from their homes near Pine Hollow on Wednesday as dry winds pushed the flames across the ridge.",
            "Fire officials said the blaze had burned roughly 1,800 hectares by evening and was 10 percent contained.",
            "Nine houses and a school gymnasium were destroyed, according to a preliminary count by the county.",
            "“We packed the dog, the photo albums and nothing else,” said Tomas Reyes, who spent the night in a shelter at the fairground.",
            "More than 400 firefighters and six aircraft were assigned to the fire. Cooler weather was forecast for the weekend.",
        ],
    ),
    (
        "Twelve miners rescued after 40 hours underground at Dunmore",
        "Valley Standard",
        "valleystandard.example",
        [
            "DUNMORE — Twelve miners trapped by a tunnel collapse at the Dunmore colliery were brought to the surface on Saturday after 40 hours underground, the mine's operator said.",
            "Rescuers drilled a narrow shaft to reach the group, who had sheltered in a refuge chamber with water and air supplies.",
            "Two of the men were taken to hospital with leg injuries; the others were checked by medics at the site.",
            "“When we heard the drill, we knew we would make it,” one of the miners, Petr Halas, said as he hugged his daughter.",
            "The national mining inspectorate has opened an inquiry into the collapse, the second at the site in three years.",
        ],
    ),
    (
        "Earthquake damages 300 buildings in Ostrava Nova",
        "Eastern Chronicle",
        "easternchronicle.example",
        [
            "OSTRAVA NOVA — A magnitude 5.8 earthquake damaged about 300 buildings in and around Ostrava Nova on Thursday, killing two people and injuring 35, the interior ministry said.",
            "The quake struck at 4:12 a.m. at a depth of about ten kilometres, according to the national seismology institute.",
            "Most of the damage was to older brick houses in the town's historic centre, where several chimneys and a church tower collapsed.",
            "“The bed moved across the room, and then the lights went out,” said Lena Morvay, 71, who was staying with her son.",
            "Engineers will inspect schools before classes resume on Monday. Aftershocks of up to magnitude 3.9 were recorded during the day.",
        ],
    ),
    (
        "Heatwave sends hospital admissions up by a third in Saltmere",
        "Saltmere Gazette",
        "saltmeregazette.example",
        [
            "SALTMERE — Hospital admissions in Saltmere rose by about a third during last week's heatwave, with 640 people treated for heat-related illness, the regional health authority said on Monday.",
            "Most of those admitted were over 75, and around 90 needed intensive care, according to figures released by the authority.",
            "Temperatures peaked at 41.2 degrees Celsius on Wednesday, the highest reading since records began in 1931.",
            "“Our emergency department ran at full capacity for five days straight,” said Dr. Hanna Voss, a consultant at St. Brigid's.",
            "The authority said it would extend the opening hours of cooling centres for the rest of the summer.",
        ],
    ),
    (
        "Police arrest 58 after clashes at Merrow port protest",
        "Harbour Times",
        "harbourtimes.example",
        [
            "MERROW — Police arrested 58 people after clashes broke out at a protest against job cuts at the Merrow container port on Saturday, a police spokesman said.",
            "Organisers said about 5,000 dockworkers and supporters joined the march; police put the number at closer to 3,000.",
            "Seven officers and at least a dozen protesters were treated for minor injuries, according to the city's ambulance service.",
            "“We came to be heard, not to fight,” union organiser Rosa Delacroix said outside the police station where many of those detained were held.",
            "The port authority plans to cut 900 jobs over two years as it automates its cranes.",
        ],
    ),
    (
        "Landslide buries road to Tallis Gap; four drivers missing",
        "Mountain Herald",
        "mountainherald.example",
        [
            "TALLIS GAP — A landslide buried a stretch of the mountain road to Tallis Gap on Monday night, and four drivers were missing on Tuesday, rescue officials said.",
            "The slide, about 200 metres wide, swept at least three vehicles off the road after a week of heavy rain, according to the regional roads agency.",
            "Search teams with dogs recovered one car but found no one inside. Work was paused twice because of fresh movement on the slope.",
            "“The hillside is still moving, and we cannot put our people under it,” said rescue coordinator Jonas Petrak.",
            "The road, the only link to about 1,500 residents of the upper villages, is expected to stay closed for several weeks.",
        ],
    ),
    (
        "Bridge closure strands commuters as inspectors find cracks",
        "Metro Ledger",
        "metroledger.example",
        [
            "KINGSFORD — Engineers closed the Kingsford river bridge on Friday after inspectors found cracks in two of its supporting piers, forcing about 45,000 daily commuters onto detours.",
            "The city said the 62-year-old bridge would remain shut for at least six weeks while divers examine the foundations.",
            "Bus operators added 30 extra services, but journeys into the centre took up to an hour longer during the morning rush.",
            "“I left at six and still missed my first meeting,” said Priya Raman, who commutes from the south bank.",
            "A replacement bridge has been planned since 2019 but has not yet been funded, according to the city's transport committee.",
        ],
    ),
]

TEASERS = [
    (
        "Council approves new cycle lanes for the harbour district",
        "The plan adds 14 kilometres of protected lanes by 2027.",
    ),
    (
        "Local choir wins national title for the second year",
        "Judges praised the group's arrangement of folk songs.",
    ),
    (
        "Night market returns to the old tram depot",
        "Stallholders expect 8,000 visitors on the opening weekend.",
    ),
    (
        "School meals to go organic from next term",
        "The change will cost an extra 12 cents per meal.",
    ),
]


def _page(title: str, outlet: str, host: str, slug: str, head_extra: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(title)} | {escape(outlet)}</title>
<link rel="canonical" href="https://www.{host}/news/{slug}">
<meta property="og:site_name" content="{escape(outlet)}">
<meta name="author" content="Staff reporter">
<meta property="article:published_time" content="2026-03-0{len(slug) % 9 + 1}T08:30:00Z">
{head_extra}</head>
<body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a> <a href="/sport">Sport</a></nav></header>
{body}
<footer><p>© 2026 {escape(outlet)}. All rights reserved.</p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>
"""


def _paras(paras: list[str]) -> str:
    return "\n".join(f"<p>{escape(p)}</p>" for p in paras)


def _teaser_list(tag: str = "ul") -> str:
    items = "".join(
        f'<li><a href="/news/t{i}">{escape(t)}</a></li>' for i, (t, _s) in enumerate(TEASERS)
    )
    return f"<{tag}>{items}</{tag}>"


def t_wire(title, outlet, host, paras):
    body = f"""<article><h1>{escape(title)}</h1>
<p class="byline">By Staff Reporters | {escape(outlet)}</p>
{_paras(paras)}
<p>(Reporting by Nadia Ferre; Editing by Colm Astley)</p>
<div class="share"><p>Share this article</p><p>Facebook</p><p>Twitter</p><p>Email</p></div>
<h3>Related stories</h3>{_teaser_list()}
</article>"""
    return body


def t_blog_repost(title, outlet, host, paras):
    return f"""<div class="post"><p>date 2026-03-04 Download our blog's APP from Google Playstore using the link here&gt;&gt;&gt;</p>
<h2>{escape(title)}</h2>
{_paras(paras)}
<p>Read more</p>
{"".join(f'<p><a href="/p/{i}">{escape(t)}</a> {escape(s)}</p>' for i, (t, s) in enumerate(TEASERS))}
</div>"""


def t_live(title, outlet, host, paras):
    entries = "\n".join(
        f'<div class="entry"><p class="time">{9 + i}:{15 * (i % 4):02d}</p><p>{escape(p)}</p></div>'
        for i, p in enumerate(paras)
    )
    return f"""<main><h1>Live: {escape(title)}</h1>
<div class="live-badge">LIVE</div>
{entries}
<aside><h3>Most read</h3>{_teaser_list("ol")}</aside>
</main>"""


def t_feed(title, outlet, host, paras):
    tail = "\n".join(f"<p>{escape(s)} {escape(t)}.</p>" for t, s in TEASERS[:3])
    return f"""<div class="feed"><p>News Feed</p>
<h1>{escape(title)}</h1>
<p>1 min read</p>
{_paras(paras)}
<div class="author-box"><p>Avatar</p><p>The {escape(outlet)} news desk</p>
<p>We are the news team of {escape(outlet)}. Feel free to contact us via email with feedback and news alerts.</p></div>
<p>Read more</p><p>News Feed</p>
{tail}
<p>Show More</p></div>"""


def t_gallery(title, outlet, host, paras):
    photos = "\n".join(
        f'<figure><img src="/img/{i}.jpg" alt=""><figcaption><p>Photo: Lena Sorel/Coast Photo Agency</p><p>HIDE CAPTION</p></figcaption></figure>'
        for i in range(4)
    )
    half = len(paras) // 2
    return f"""<article><h1>{escape(title)}</h1>
{photos}
{_paras(paras[:half])}
<p>Photo: Lena Sorel/Coast Photo Agency</p><p>HIDE CAPTION</p>
{_paras(paras[half:])}
<p>Photo: Lena Sorel/Coast Photo Agency</p><p>HIDE CAPTION</p>
</article>"""


def t_magazine(title, outlet, host, paras):
    return f"""<article><h1>{escape(title)}</h1><p>4 min read</p>
{_paras(paras[:2])}
<p>Related article: {escape(TEASERS[0][0])}</p>
<div class="signup"><p>Sign up for our daily newsletter to get the top stories in your inbox.</p></div>
{_paras(paras[2:])}
<p>Tomasz Vell is a senior reporter at {escape(outlet)} covering emergencies and public safety.</p>
<p>Follow us on Twitter</p>
</article>"""


def t_email_widget(title, outlet, host, paras):
    return f"""<article><h1>{escape(title)}</h1>
{_paras(paras)}
<form class="mail"><p>Your Name:</p><p>Your Email:</p><p>Recipient Email:</p><p>Message:</p><p>Send</p></form>
<p>Print</p>
<p>https://www.{host}/news/share?id=1234</p>
<p>More from {escape(outlet)}</p>{_teaser_list()}
</article>"""


def t_adblock(title, outlet, host, paras):
    return f"""<div id="content"><p>Please turn off your Adblock to support our journalism.</p>
<h1>{escape(title)}</h1>
{_paras(paras[:3])}
<p>Advertisement</p>
{_paras(paras[3:])}
<p>Tags: emergencies, weather, {escape(outlet)}</p>
<h3>You may also like</h3>
{"".join(f'<h4><a href="/n/{i}">{escape(t)}</a></h4><p>{escape(s)}</p>' for i, (t, s) in enumerate(TEASERS))}
</div>"""


SITES = [
    ("Ledger Wire", "ledgerwire.example"),
    ("Daily Repost Blog", "dailyrepost.example"),
    ("Rivermouth Courier Live", "live.rivermouth-courier.example"),
    ("Eastern Chronicle", "easternchronicle.example"),
    ("The Coastline Post", "coastlinepost.example"),
    ("Highland Dispatch", "highlanddispatch.example"),
    ("Mountain Herald", "mountainherald.example"),
    ("Metro Ledger", "metroledger.example"),
]

TEMPLATES = [
    t_wire,
    t_blog_repost,
    t_live,
    t_feed,
    t_gallery,
    t_magazine,
    t_email_widget,
    t_adblock,
]


def main() -> None:
    for old in HERE.glob("[0-9][0-9]_*.*"):
        old.unlink()
    n = 0
    for rnd in range(5):
        for ti, tmpl in enumerate(TEMPLATES):
            ai = (ti + rnd * 3) % len(ARTICLES)
            title, _outlet, _host, paras = ARTICLES[ai]
            # each template is one fictional site re-publishing stories (wire copies, reposts)
            outlet, host = SITES[ti]
            slug = f"{tmpl.__name__[2:]}-{ai}-{rnd}"
            body = tmpl(title, outlet, host, paras)
            name = f"{n:02d}_{tmpl.__name__[2:]}"
            (HERE / f"{name}.html").write_text(_page(title, outlet, host, slug, "", body), "utf-8")
            gold = paras
            if tmpl is t_live:  # as in the public benchmark, entry times belong to a live blog
                gold = [f"{9 + i}:{15 * (i % 4):02d}\n{p}" for i, p in enumerate(paras)]
            (HERE / f"{name}.txt").write_text("\n\n".join(gold) + "\n", "utf-8")
            n += 1
    print(f"wrote {n} pages to {HERE}")


if __name__ == "__main__":
    main()
