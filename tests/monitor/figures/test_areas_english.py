"""The gazetteer's names layer (monitor.figures.area_names): English names of subdivisions and
the districts below them, as news in English names them."""

from __future__ import annotations

import pytest

from monitor.figures.areas import (
    area_by_id,
    article_countries,
    contains,
    names_subdivision,
    resolve,
)


def rid(place: str, *countries: str) -> str | None:
    a = resolve(place, countries=countries)
    return a.id if a else None


# (place as reported, article's country, the existing ISO id it must map onto)
ISO_NAMES = [
    ("Bavaria", "DE", "DE-BY"),
    ("Rhineland-Palatinate", "DE", "DE-RP"),
    ("North Rhine-Westphalia", "DE", "DE-NW"),
    ("Lower Saxony", "DE", "DE-NI"),
    ("Catalonia", "ES", "ES-CT"),
    ("Valencian Community", "ES", "ES-VC"),
    ("Andalusia", "ES", "ES-AN"),
    ("Wallonia", "BE", "BE-WAL"),
    ("Flanders", "BE", "BE-VLG"),
    ("Lombardy", "IT", "IT-25"),
    ("Tuscany", "IT", "IT-52"),
    ("Apulia", "IT", "IT-75"),
    ("Sicily", "IT", "IT-82"),
    ("Sichuan", "CN", "CN-SC"),
    ("Sichuan province", "CN", "CN-SC"),
    ("Gansu", "CN", "CN-GS"),
    ("Inner Mongolia", "CN", "CN-NM"),
    ("Central Java", "ID", "ID-JT"),
    ("West Java", "ID", "ID-JB"),
    ("Central Sulawesi", "ID", "ID-ST"),
    ("West Sumatra", "ID", "ID-SB"),
    ("Brittany", "FR", "FR-BRE"),
    ("Normandy", "FR", "FR-NOR"),
    ("Ishikawa", "JP", "JP-17"),  # two towns named Ishikawa: the prefecture
    ("Ishikawa prefecture", "JP", "JP-17"),
    ("Khyber Pakhtunkhwa", "PK", "PK-KP"),
    ("Sao Paulo state", "BR", "BR-SP"),
    ("Guerrero", "MX", "MX-GRO"),
    ("Northern Mindanao", "PH", "PH-10"),
]


@pytest.mark.parametrize(("place", "cc", "want"), ISO_NAMES)
def test_english_names_map_onto_iso_ids(place, cc, want):
    assert rid(place, cc) == want
    assert area_by_id(want).country == cc


# (place as reported, article's country, parent ISO id): GeoNames admin2 units at level 3
DISTRICTS = [
    ("Gorkha", "NP", "NP-P4"),
    ("Gorkha district", "NP", "NP-P4"),
    ("Sindhupalchowk", "NP", "NP-P3"),
    ("Dhading district", "NP", "NP-P3"),
    ("Jajarkot", "NP", "NP-P6"),
    ("Zinda Jan", "AF", "AF-HER"),  # GeoNames "Zindah Jān": a final "-ah" written "-a"
    ("Zinda Jan district", "AF", "AF-HER"),
    ("Swat district", "PK", "PK-KP"),
    ("Wayanad", "IN", "IN-KL"),
    ("Wayanad district", "IN", "IN-KL"),
    ("Chimanimani", "ZW", "ZW-MA"),
    ("Cologne district", "DE", "DE-NW"),
]


@pytest.mark.parametrize(("place", "cc", "parent"), DISTRICTS)
def test_districts_below_an_iso_parent(place, cc, parent):
    a = resolve(place, countries=(cc,))
    assert a is not None, place
    assert a.id.startswith("geo-admin2:")
    assert (a.level, a.country, a.parents[-1]) == (3, cc, parent)
    assert contains(area_by_id(parent), a) and contains(area_by_id(cc), a)


def test_cities_find_their_subdivision_through_the_layer():
    munich, bavaria = resolve("Munich"), resolve("Bavaria")
    assert munich.parents == ("DE", "DE-BY")
    assert contains(bavaria, munich)
    assert not contains(resolve("Saxony", countries=["DE"]), munich)
    assert contains(resolve("Sichuan", countries=["CN"]), resolve("Chengdu"))
    assert resolve("Porto Alegre").parents[-1] == "BR-RS"
    # a city under a subdivision that sits below another keeps the whole chain
    assert resolve("Cianjur", countries=["ID"]).parents == ("ID", "ID-JW", "ID-JB")


def test_layer_names_yield_to_the_datas_own():
    assert rid("Cologne", "DE") == "geo:2886242"  # the city (an alternate name), not the district
    assert rid("Chipinge", "ZW").startswith("geo:")  # the town, not the district named after it
    assert rid("Chipinge district", "ZW").startswith("geo-admin2:")
    assert rid("Valencia", "ES") == "geo:2509954"  # the city, not the Valencian Community
    assert rid("Valencia province", "ES") == "ES-V"
    assert rid("Kathmandu", "NP") == "geo:1283240"
    assert rid("Hatay") == "TR-31"  # no context: a layer's name elsewhere does not blur it
    assert rid("Georgia") == "GE"
    assert rid("Al Haouz province") == "MA-HAO"


def test_a_layer_name_without_context():
    assert rid("Bavaria") == "DE-BY"  # one country has the name
    assert rid("Gorkha") == "geo-admin2:12095472"


def test_compass_word_before_a_district_places_it():
    assert rid("the central Gorkha district", "NP") == rid("Gorkha", "NP")
    assert rid("eastern Chimanimani region", "ZW") == rid("Chimanimani", "ZW")
    assert rid("eastern Libya") == "LY|part:east"  # a country's part is still a part
    assert rid("northern Bavaria", "DE") == "DE-BY|part:north"


def test_unknown_stays_unknown():
    assert rid("Ahr valley", "DE") is None
    assert rid("Gayan district", "AF") is None
    assert rid("Sindhupalchok district", "NP") is None  # GeoNames spells it Sindhupalchowk


def test_english_names_are_subdivisions_and_mentions():
    assert names_subdivision("Bavaria") and names_subdivision("Gorkha")
    text = "Floods in Rhineland-Palatinate and North Rhine-Westphalia killed dozens."
    assert article_countries(text) == ["DE"]


@pytest.mark.parametrize(
    ("name", "country", "area"),
    [
        ("KP", "PK", "PK-KP"),
        ("KPK", "PK", "PK-KP"),
        ("AJK", "PK", "PK-JK"),
        ("NSW", "AU", "AU-NSW"),
    ],
)
def test_regions_abbreviated_as_news_does(name: str, country: str, area: str) -> None:
    """'KP' and 'KPK' for Khyber Pakhtunkhwa, 'AJK' for Azad Jammu and Kashmir, 'NSW'."""
    found = resolve(name, countries=(country,))
    assert found is not None and found.id == area
