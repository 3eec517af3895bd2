"""Areas: places resolved in the offline gazetteer (monitor.figures.areas)."""

from __future__ import annotations

import time

import pytest

from monitor.figures.areas import Area, article_countries, contains, resolve, same_area


def rid(place: str, *countries: str) -> str | None:
    a = resolve(place, countries=countries)
    return a.id if a else None


# (place, context, expected id or id prefix, level, country)
EXAMPLES = [
    ("Derna", (), "geo:87205", 4, "LY"),
    ("the city of Derna", (), "geo:87205", 4, "LY"),
    ("eastern Libya", (), "LY|part:east", 2, "LY"),
    ("Libya", (), "LY", 1, "LY"),
    ("Al Haouz province", (), "MA-HAO", 3, "MA"),
    ("Al-Haouz", (), "MA-HAO", 3, "MA"),
    ("Taroudant", ("MA",), "geo:2529649", 4, "MA"),
    ("Marrakech", (), "geo:2542997", 4, "MA"),
    ("Tacloban", (), "geo:1684712", 4, "PH"),
    ("Leyte province", ("PH",), "PH-LEY", 3, "PH"),
    ("Eastern Samar", (), "PH-EAS", 3, "PH"),
    ("Port-au-Prince", (), "geo:3718426", 4, "HT"),
    ("Léogâne", (), "geo:3722286", 4, "HT"),
    ("Leogane", (), "geo:3722286", 4, "HT"),
    ("Puerto Rico", (), "PR", 1, "PR"),
    ("Maui County", (), "US-fips:15009", 3, "US"),
    ("Lahaina", ("US",), "geo:5849996", 4, "US"),
    ("Beirut", (), "geo:276781", 4, "LB"),
    ("Savar", ("BD",), "geo:1349452", 4, "BD"),
    ("Dhaka", (), "geo:1185241", 4, "BD"),
    ("London", (), "geo:2643743", 4, "GB"),
    ("Bakhmut", (), "geo:713174", 4, "UA"),
    ("Donetsk Oblast", (), "UA-14", 2, "UA"),
    ("the Kherson region", (), "UA-65", 2, "UA"),
    ("Kahramanmaras province", (), "TR-46", 2, "TR"),
    ("Kahramanmaraş Province", (), "TR-46", 2, "TR"),
    ("Hatay", (), "TR-31", 2, "TR"),
    ("rebel-held northwest Syria", (), "SY|held:opposition", 2, "SY"),
    ("Kyiv", (), "geo:703448", 4, "UA"),
    ("Kiev", (), "geo:703448", 4, "UA"),
    ("Kyiv Oblast", (), "UA-32", 2, "UA"),
    ("Donetsk", (), "geo:709717", 4, "UA"),
    ("Gaza", (), "PS|gaza-strip", 2, "PS"),
]


@pytest.mark.parametrize(("place", "ctx", "want", "level", "cc"), EXAMPLES)
def test_examples_resolve(place, ctx, want, level, cc):
    a = resolve(place, countries=ctx)
    assert a is not None, place
    assert (a.id, a.level, a.country) == (want, level, cc)
    assert a.level == 1 or a.parents[0] == cc
    assert a.level == 1 or " ⊂ " in a.path()


def test_folding_variants_meet():
    assert rid("Al Haouz province") == rid("Al-Haouz") == rid("al Haouz") == rid("AL HAOUZ")
    assert rid("Kahramanmaras province") == rid("Kahramanmaraş province")
    assert rid("Kyiv") == rid("Kiev") == rid("the city of Kyiv")
    assert rid("Derna") == rid("Darnah") == rid("the city of Derna")
    assert rid("Marrakech") == rid("Marrakesh")
    assert rid("Turkey") == rid("Türkiye") == "TR"


def test_type_words_choose_the_kind():
    assert resolve("Al Haouz province").level == 3  # the subdivision
    assert resolve("Marrakech").level == 4  # the city, not the prefecture
    assert rid("Donetsk") != rid("Donetsk Oblast")
    assert rid("Kherson") != rid("the Kherson region")
    assert rid("Kyiv") != rid("Kyiv region")
    assert rid("Dhaka division") == "BD-C"
    assert rid("Dhaka district") == "BD-13"


def test_paths_and_parents():
    assert resolve("Derna").path() == "Darnah ⊂ Darnah ⊂ Libya"
    assert resolve("Al Haouz province").parents == ("MA", "MA-07")
    assert resolve("Marrakech").parents == ("MA", "MA-07")
    assert resolve("Bakhmut").parents == ("UA", "UA-14")
    assert resolve("Maui County").parents == ("US", "US-HI")
    assert resolve("Lahaina").parents == ("US", "US-HI")
    assert resolve("Leyte province").parents == ("PH", "PH-08")
    # GeoNames' admin1 code linked to ISO by the names layer (no city voted for Ouest)
    assert resolve("Port-au-Prince").parents == ("HT", "HT-OU")
    # an admin1 code the data does not link to ISO stays a nameless parent
    assert resolve("Tsuen Wan", countries=["HK"]).parents == ("HK", "geo-admin1:HK.NTW")


def test_context_disambiguates():
    assert rid("Tripoli") is None  # Libya's and Lebanon's: not 10x apart, no context
    assert resolve("Tripoli", countries=["LY"]).country == "LY"
    assert resolve("Tripoli", countries=["LB"]).country == "LB"
    assert resolve("Tripoli", countries=["LB", "LY"]).country == "LB"  # most mentioned first
    assert rid("Tripoli", "FR") is None  # context names neither
    assert resolve("Kensington") is None  # Australia, Britain, the US …
    assert resolve("Kensington", countries=["GB"]).country == "GB"
    # by far the most populous wins only with an empty context
    assert resolve("Dhaka").country == "BD"  # not Dhāka, India (42k)
    assert resolve("London").country == "GB"  # not London, Ontario
    assert rid("London", "CA") == resolve("London", countries=["CA"]).id != rid("London")
    assert rid("London", "FR") is None
    # a name of one country resolves whatever the article's countries
    assert rid("Derna", "EG") == "geo:87205"


def test_unknown_common_nouns_and_people_are_none():
    for s in [
        "",
        None,
        "Zzyzxqua",
        "Valdoria",
        "Orvenna",
        "hospital",
        "the village",
        "the city",
        "the region",
        "John Smith",
        "Joe Biden",
        "President Biden",
        "Market Square",
        "the Church of St Aven",
        "Castle Road",
        "both countries",  # no context
        "eastern Valdoria",
        "Jindo",  # a Korean county: not in the data
    ]:
        assert resolve(s) is None, s


def test_parts_and_held():
    east = resolve("eastern Libya")
    assert east == Area("LY|part:east", "eastern Libya", 2, ("LY",), "LY")
    assert rid("East Libya") == rid("eastern Libya")
    assert rid("northwest Syria") == "SY|part:northwest"
    assert rid("north-western Syria") == "SY|part:northwest"
    assert rid("southern Turkey") == "TR|part:south"
    assert rid("rebel-held northwest Syria") == rid("opposition-held Syria") == "SY|held:opposition"
    assert rid("the part of Ukraine held by Russia") == "UA|held:RU"
    assert rid("Russian-occupied Ukraine") == "UA|held:RU"
    assert rid("northern Gaza") == "PS|gaza-strip|part:north"


def test_unions():
    u = resolve("Turkey and Syria")
    assert u == Area("SY+TR", "Turkey and Syria", 0, (), None)
    assert same_area(u, resolve("Syria and Turkey"))
    assert rid("both countries", "TR", "SY") == "SY+TR"
    assert rid("the two countries", "SY", "TR", "LB") == "SY+TR"
    assert rid("Turkey, Syria and Lebanon") == "LB+SY+TR"
    assert rid("Bosnia and Herzegovina") == "BA"  # a country's own name is not a union
    assert rid("both countries", "TR") is None


def test_containment_chains():
    ly, derna, east = resolve("Libya"), resolve("Derna"), resolve("eastern Libya")
    assert contains(ly, derna)
    assert contains(resolve("Darnah district", countries=["LY"]), derna)
    assert contains(ly, east)
    assert not contains(east, derna)  # a part contains nothing resolvable: unknown, not yes
    assert not contains(derna, ly)
    assert not contains(ly, ly)  # strict
    ma, hao, reg = resolve("Morocco"), resolve("Al Haouz province"), resolve("Marrakech-Safi")
    assert contains(ma, hao) and contains(reg, hao) and contains(ma, reg)
    assert contains(reg, resolve("Marrakech"))
    assert not contains(hao, resolve("Marrakech"))
    ua = resolve("Ukraine")
    assert contains(resolve("Donetsk Oblast"), resolve("Bakhmut"))
    assert contains(ua, resolve("Bakhmut")) and contains(ua, resolve("Donetsk Oblast"))
    assert not contains(resolve("the Kherson region"), resolve("Bakhmut"))
    us = resolve("United States")
    assert contains(resolve("Hawaii"), resolve("Maui County"))
    assert contains(us, resolve("Lahaina"))
    held = resolve("rebel-held northwest Syria")
    assert contains(resolve("Syria"), held) and not contains(held, resolve("Idlib"))


def test_union_containment():
    u = resolve("Turkey and Syria")
    for p in ("Turkey", "Syria", "Hatay", "Kahramanmaras province", "Idlib", "northwest Syria"):
        assert contains(u, resolve(p)), p
    assert not contains(u, resolve("Beirut"))
    assert contains(resolve("Turkey, Syria and Lebanon"), u)
    assert not contains(u, u)


def test_same_area():
    assert same_area(resolve("Derna"), resolve("the city of Derna"))
    assert not same_area(resolve("Derna"), resolve("Libya"))
    assert not same_area(resolve("Donetsk"), resolve("Donetsk Oblast"))
    kyiv = resolve("Kyiv")
    assert kyiv.parents == ("UA", "UA-30")
    # the city and its city-status subdivision are one place, neither contains the other
    city_sub = Area("UA-30", "Kyiv", 2, ("UA",), "UA")
    assert same_area(kyiv, city_sub) and not contains(city_sub, kyiv)


def test_article_countries():
    text = (
        "Libyan officials said floods in Derna killed thousands. The Red Crescent in eastern "
        "Libya said more bodies were found. Egypt sent rescue teams."
    )
    assert article_countries(text, "Libya floods: Derna toll rises") == ["LY", "EG"]
    quake = (
        "A 7.8 earthquake struck southern Turkey and northwest Syria. In Kahramanmaras and "
        "Hatay, Turkish rescuers worked through the night; Syrian civil defence in Idlib said "
        "the toll rose."
    )
    assert article_countries(quake, "Turkey-Syria quake")[:2] == ["TR", "SY"]
    assert article_countries("Fighting in Tripoli. The Lebanese army said")[0] == "LB"
    assert article_countries("The U.S. and Britain said", None)[:2] == ["US", "GB"]
    assert article_countries("Nothing here names a place.") == []
    ctx = article_countries(quake)
    assert rid("both countries", *ctx) == "SY+TR"


def test_a_country_name_that_is_another_countrys_state():
    storm = (
        "The storm came ashore on Thursday night and moved north. In Georgia, the governor "
        "said 25 people had died; more died in North Carolina and in Tennessee."
    )
    assert article_countries(storm, "Storm toll climbs across the Southeast") == ["US"]
    assert rid("Georgia", *article_countries(storm)) == "US-GA"
    tbilisi = "Floods in Georgia swept through a resort town; officials in Tbilisi said 11 died."
    assert article_countries(tbilisi)[0] == "GE"
    assert article_countries("Niger's army said the convoy was attacked.") == ["NE"]


def test_two_countries_joined_by_a_hyphen_are_both():
    assert rid("Turkey-Syria", "TR", "SY") == "SY+TR"
    assert rid("Turkey–Syria") == "SY+TR"
    assert rid("Guinea-Bissau") == "GW"  # one country's name keeps its hyphen
    assert rid("Port-au-Prince", "HT").startswith("geo:")


def test_fast_after_warm_up():
    resolve("Derna")
    t = time.perf_counter()
    for i in range(2000):
        resolve("Derna", countries=("LY", str(i)))  # a new context defeats the result cache
    assert (time.perf_counter() - t) / 2000 < 200e-6


def test_continents_and_world_regions_are_no_area_of_the_gazetteer():
    from monitor.figures.areas import world_region

    for p in ("Africa", "south-east Africa", "South Asia", "Central America", "the Caribbean"):
        assert world_region(p) and resolve(p) is None, p  # not Tunisia's town "Africa"
    assert resolve("South Africa").id == "ZA"  # a country keeps its name
    assert resolve("West Bengal").id == "IN-WB"
