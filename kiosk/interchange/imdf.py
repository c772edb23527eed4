"""What IMDF 1.0.0 (OGC community standard 20-094) is, for export and import alike.

One home for the format's knowledge: its feature types and files, the properties each type must
have, the categories our kinds and categories map to (both ways), the labels, the stable ids and the
manifest. The exporter (`kiosk export imdf`) and the importer (`kiosk import`) read it from here.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping

from kiosk.model.building import Text

VERSION = "1.0.0"
# The files of an archive, in the order they reference each other (address before venue, ...).
FEATURE_TYPES = (
    "address",
    "venue",
    "building",
    "footprint",
    "level",
    "unit",
    "opening",
    "amenity",
    "anchor",
    "occupant",
    "kiosk",
)
# The properties every feature of a type carries (a null is allowed where the spec says "null or").
PROPERTIES: Mapping[str, tuple[str, ...]] = {
    "address": (
        "address",
        "unit",
        "locality",
        "province",
        "country",
        "postal_code",
        "postal_code_ext",
        "postal_code_vanity",
    ),
    "venue": (
        "category",
        "restriction",
        "name",
        "alt_name",
        "hours",
        "phone",
        "website",
        "display_point",
        "address_id",
    ),
    "building": ("name", "alt_name", "category", "restriction", "display_point", "address_id"),
    "footprint": ("category", "name", "building_ids"),
    "level": (
        "category",
        "restriction",
        "outdoor",
        "ordinal",
        "name",
        "short_name",
        "display_point",
        "address_id",
        "building_ids",
    ),
    "unit": ("category", "restriction", "accessibility", "name", "alt_name", "level_id", "display_point"),
    "opening": ("category", "accessibility", "access_control", "door", "name", "alt_name", "display_point", "level_id"),
    "amenity": (
        "category",
        "accessibility",
        "name",
        "alt_name",
        "hours",
        "phone",
        "website",
        "unit_ids",
        "address_id",
        "correlation_id",
    ),
    "anchor": ("address_id", "unit_id"),
    "occupant": ("name", "category", "anchor_id", "hours", "phone", "website", "validity", "correlation_id"),
    "kiosk": ("name", "alt_name", "anchor_id", "level_id", "display_point"),
}
# Properties that may never be null.
REQUIRED: Mapping[str, tuple[str, ...]] = {
    "address": ("address", "locality", "country"),
    "venue": ("category", "name", "display_point", "address_id"),
    "building": ("category",),
    "footprint": ("category", "building_ids"),
    "level": ("category", "outdoor", "ordinal", "name", "short_name"),
    "unit": ("category", "level_id"),
    "opening": ("category", "level_id"),
    "amenity": ("category", "unit_ids"),
    "anchor": ("unit_id",),
    "occupant": ("name", "category", "anchor_id"),
    "kiosk": ("level_id",),
}
# What geometry each type has: None (no geometry), or the GeoJSON types allowed.
GEOMETRY: Mapping[str, tuple[str, ...] | None] = {
    "address": None,
    "venue": ("Polygon", "MultiPolygon"),
    "building": None,
    "footprint": ("Polygon", "MultiPolygon"),
    "level": ("Polygon", "MultiPolygon"),
    "unit": ("Polygon", "MultiPolygon"),
    "opening": ("LineString",),
    "amenity": ("Point",),
    "anchor": ("Point",),
    "occupant": None,
    "kiosk": ("Polygon", "MultiPolygon"),
}

VENUE_CATEGORY = "communitycenter"
# Our facility kinds as IMDF amenity categories; a kind not here is "unspecified".
AMENITY_OF_KIND: Mapping[str, str] = {
    "toilet": "restroom",
    "accessible-toilet": "restroom.wheelchair",
    "lift": "elevator",
    "stairs": "stairs",
    "escalator": "escalator",
    "nursing-room": "mothersroom",
    "drinking-water": "drinkingfountain",
    "aed": "defibrillator",
    "information": "information",
    "atm": "atm",
    "first-aid": "firstaid",
    "ticket-machine": "ticketing",
    "charging": "powerchargingstation",
    "entrance": "entry",
    "parking": "parking",
    "security-check": "security.checkpoint",
}
WHEELCHAIR_KINDS = frozenset({"accessible-toilet"})  # amenities with `accessibility: ["wheelchair"]`
# A facility drawn as a room becomes a unit of this category.
UNIT_OF_KIND: Mapping[str, str] = {
    "toilet": "restroom",
    "accessible-toilet": "restroom.wheelchair",
    "lift": "elevator",
    "stairs": "stairs",
    "escalator": "escalator",
    "nursing-room": "mothersroom",
    "first-aid": "firstaid",
    "parking": "parking",
}
# Our space categories as unit categories of the room they are in; others are a plain "room".
UNIT_OF_CATEGORY: Mapping[str, str] = {"learning": "classroom", "sport": "fitnessroom"}
OPEN_AREA_UNIT = "lobby"  # a `walkable: true` space
WALKWAY_UNIT = "walkway"  # the floor between the rooms
# Our space categories as occupant categories (IMDF's list is mostly shops' and restaurants'); others are
# a "communitycenter".
OCCUPANT_OF_CATEGORY: Mapping[str, str] = {"culture": "artgallery", "learning": "adulteducation", "family": "childcare"}
OCCUPANT_CATEGORY = "communitycenter"

KIND_OF_AMENITY: Mapping[str, str] = {v: k for k, v in AMENITY_OF_KIND.items()}
KIND_OF_UNIT: Mapping[str, str] = {v: k for k, v in UNIT_OF_KIND.items()}
CATEGORY_OF_UNIT: Mapping[str, str] = {v: k for k, v in UNIT_OF_CATEGORY.items()}
CATEGORY_OF_OCCUPANT: Mapping[str, str] = {v: k for k, v in OCCUPANT_OF_CATEGORY.items()}

# Ids are version 5 UUIDs under our own namespace: the same building exports the same ids every time.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/kiosk-wayfinding/kiosk/imdf")


def feature_id(building_id: str, feature_type: str, entry_id: str) -> str:
    """The stable UUID of one feature: from the building's id, the feature's type and our entry's id."""
    return str(uuid.uuid5(NAMESPACE, f"{building_id}/{feature_type}/{entry_id}"))


def labels(text: Text | None) -> dict[str, str] | None:
    """An IMDF LABELS object (language tag to text) of one of our texts."""
    return dict(text.root) if text is not None else None


def same_labels(text: str, languages: tuple[str, ...]) -> dict[str, str]:
    """One text (a floor's label, 1F) given in every language."""
    return dict.fromkeys(languages, text)


def manifest(language: str, now: dt.datetime, generated_by: str) -> dict[str, object]:
    """The archive's manifest.json."""
    created = now.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return {
        "version": VERSION,
        "created": created,
        "generated_by": generated_by,
        "language": language,
        "extensions": None,
    }


def feature(building_id: str, feature_type: str, entry_id: str, geometry: object, properties: dict) -> dict:
    """One IMDF feature, its properties completed with nulls so every key the type has is present."""
    complete = dict.fromkeys(PROPERTIES[feature_type]) | properties
    return {
        "id": feature_id(building_id, feature_type, entry_id),
        "type": "Feature",
        "feature_type": feature_type,
        "geometry": geometry,
        "properties": complete,
    }
