#!/usr/bin/env python3
"""Reference serializer: v1 dump records -> the exact text `GET /v1/organizations/{id}` returned.

Independent of the Rust code: it re-enacts, with the standard library only, what ror-api did at `fd61fd5`
(spec ror-v1-spec.md section 9 and 1.6):

* the model classes (`rorapi/v1/models.py`): attributes read with getattr on the Elasticsearch `_source`
  (a missing key raises, `hasattr` decides whether a nested object exists, `Entity(x, [...])` copies
  attributes and raises when one is missing; `ExternalIds` swallows that error and drops the scheme);
* the DRF 3.11 serializers (`rorapi/v1/serializers.py`): fixed field order, `CharField` and
  `StringRelatedField` -> `str(value)`, `IntegerField` -> `int(value)`, `DecimalField(max_digits=None,
  decimal_places=10, coerce_to_string=False)` -> `Decimal(str(value)).quantize(Decimal('.1') ** 10)`,
  `None` -> null before any field conversion, `required=False` fields skipped when the attribute is missing;
* the DRF JSON renderer: `json.dumps(data, cls=JSONEncoder, ensure_ascii=False, allow_nan=False,
  separators=(',', ':'))` with `Decimal -> float(o)` in the encoder, then U+2028/U+2029 escaped.

Usage:
    v1_serialize.py INPUT [-o OUT.jsonl] [--sha256]
INPUT is a JSON array of v1 records, or a zip holding one. Writes one response text per line (the texts hold
no raw line feed: JSON escapes it), lines separated by "\\n", with a final "\\n". `--sha256` prints the digest
of the output and the record count instead of the output.
"""

import argparse
import decimal
import hashlib
import json
import sys
import zipfile
from collections import OrderedDict
from decimal import Decimal


class Source:
    """Attribute access on a parsed `_source` dict, as elasticsearch_dsl's AttrDict gives it."""

    __slots__ = ("_d",)

    def __init__(self, d):
        self._d = d

    def __getattr__(self, name):
        try:
            return wrap(self._d[name])
        except KeyError:
            raise AttributeError(name) from None


class SourceList(list):
    """AttrList: iterates wrapped items; `str()` is the repr of the raw list."""

    def __init__(self, raw):
        super().__init__(wrap(x) for x in raw)
        self._raw = raw

    def __str__(self):
        return repr(self._raw)

    __repr__ = __str__


def wrap(v):
    if isinstance(v, dict):
        return Source(v)
    if isinstance(v, list):
        return SourceList(v)
    return v


# --- the model classes (rorapi/v1/models.py, rorapi/common/models.py) -------------------------------------


class Entity:
    def __init__(self, base, attributes):
        for a in attributes:
            setattr(self, a, getattr(base, a))


class GeoAdmin:
    def __init__(self, data):
        self.id = data.id if hasattr(data, "id") else None
        self.code = data.code if hasattr(data, "code") else None
        self.name = data.name if hasattr(data, "name") else None
        self.ascii_name = data.ascii_name if hasattr(data, "ascii_name") else None


class License:
    def __init__(self, data):
        self.attribution = getattr(data, "attribution", None)
        self.license = getattr(data, "license", None)


class GeoNamesCity:
    def __init__(self, data):
        self.id = getattr(data, "id", None)
        self.city = getattr(data, "city", None)
        self.license = License(data.license) if hasattr(data, "license") else None
        for name in ("geonames_admin1", "geonames_admin2", "nuts_level1", "nuts_level2", "nuts_level3"):
            setattr(self, name, GeoAdmin(getattr(data, name)) if hasattr(data, name) else None)


class Addresses:
    def __init__(self, data):
        self.country_geonames_id = data.country_geonames_id
        self.lat = data.lat
        self.lng = data.lng
        self.line = data.line
        self.state_code = data.state_code
        self.state = getattr(data, "state", None)
        self.postcode = data.postcode
        self.city = data.city
        self.primary = data.primary
        self.geonames_city = GeoNamesCity(data.geonames_city)


class ExternalIds:
    def __init__(self, data):
        for a in ["ISNI", "FundRef", "HESA", "UCAS", "UKPRN", "CNRS", "OrgRef", "Wikidata", "GRID"]:
            try:
                setattr(self, a, Entity(getattr(data, a), ["preferred", "all"]))
            except AttributeError:
                pass


class Organization(Entity):
    def __init__(self, data):
        super().__init__(
            data,
            ["id", "name", "types", "links", "aliases", "acronyms", "status", "wikipedia_url", "established",
             "relationships", "addresses"],
        )
        self.labels = [Entity(lb, ["label", "iso639"]) for lb in data.labels]
        self.country = Entity(data.country, ["country_name", "country_code"])
        self.ip_addresses = data.ip_addresses
        self.established = getattr(data, "established", None)
        self.email_address = getattr(data, "email_address", None)
        self.relationships = [Entity(r, ["type", "label", "id"]) for r in data.relationships]
        self.addresses = [Addresses(a) for a in data.addresses]
        self.external_ids = ExternalIds(data.external_ids)


# --- the serializers (DRF 3.11 field semantics) ----------------------------------------------------------

SKIP = object()


def char(v):  # CharField / StringRelatedField
    return str(v)


def integer(v):  # IntegerField
    return int(v)


def boolean(v):  # BooleanField (3.11): TRUE_VALUES / FALSE_VALUES, else bool()
    if v in (True, 1, "1", "true", "True", "TRUE", "t", "T", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON"):
        return True
    if v in (False, 0, "0", "false", "False", "FALSE", "f", "F", "n", "N", "no", "No", "NO", "off", "Off", "OFF"):
        return False
    return bool(v)


def decimal10(v):  # DecimalField(max_digits=None, decimal_places=10, coerce_to_string=False)
    if not isinstance(v, Decimal):
        v = Decimal(str(v).strip())
    context = decimal.getcontext().copy()
    return v.quantize(Decimal(".1") ** 10, rounding=None, context=context)


def many(v):  # StringRelatedField(many=True)
    return [str(x) for x in v]


def nested(fields):
    def serialize(obj):
        return serialize_fields(obj, fields)

    return serialize


def nested_many(fields):
    def serialize(objs):
        return [serialize_fields(o, fields) for o in objs]

    return serialize


def serialize_fields(obj, fields):
    """Serializer.to_representation: field order, None before conversion, SkipField for optional ones."""
    out = OrderedDict()
    for name, convert, required in fields:
        try:
            value = getattr(obj, name)
        except AttributeError:
            if not required:
                continue
            raise
        out[name] = None if value is None else convert(value)
    return out


def req(*pairs):
    return [(name, convert, True) for name, convert in pairs]


ADMIN = req(("name", char), ("id", integer), ("ascii_name", char), ("code", char))
NUTS = req(("name", char), ("code", char))
LICENSE = req(("attribution", char), ("license", char))
GEONAMES_CITY = req(
    ("id", integer), ("city", char), ("geonames_admin1", nested(ADMIN)), ("geonames_admin2", nested(ADMIN)),
    ("license", nested(LICENSE)), ("nuts_level1", nested(NUTS)), ("nuts_level2", nested(NUTS)),
    ("nuts_level3", nested(NUTS)),
)
ADDRESS = req(
    ("lat", decimal10), ("lng", decimal10), ("state", char), ("state_code", char), ("city", char),
    ("geonames_city", nested(GEONAMES_CITY)), ("postcode", char), ("primary", boolean), ("line", char),
    ("country_geonames_id", integer),
)
EXT_ID = req(("preferred", char), ("all", many))
GRID_ID = req(("preferred", char), ("all", char))
EXTERNAL_IDS = [(s, nested(EXT_ID), False) for s in
                ["ISNI", "FundRef", "HESA", "UCAS", "UKPRN", "CNRS", "OrgRef", "Wikidata"]] + [
    ("GRID", nested(GRID_ID), False)]
ORGANIZATION = req(
    ("id", char), ("name", char), ("email_address", char), ("ip_addresses", many), ("established", integer),
    ("types", many), ("relationships", nested_many(req(("label", char), ("type", char), ("id", char)))),
    ("addresses", nested_many(ADDRESS)), ("links", many), ("aliases", many), ("acronyms", many),
    ("status", char), ("wikipedia_url", char),
    ("labels", nested_many(req(("label", char), ("iso639", char)))),
    ("country", nested(req(("country_name", char), ("country_code", char)))),
    ("external_ids", lambda e: serialize_fields(e, EXTERNAL_IDS)),
)


# --- the renderer ----------------------------------------------------------------------------------------


class Encoder(json.JSONEncoder):
    """rest_framework.utils.encoders.JSONEncoder, the part that matters here."""

    def default(self, o):
        if isinstance(o, Decimal):
            return float(o)
        return super().default(o)


def render(record):
    data = serialize_fields(Organization(Source(record)), ORGANIZATION)
    text = json.dumps(data, cls=Encoder, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def load(path):
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if n.endswith(".json")]
            if len(names) != 1:
                sys.exit(f"{path}: expected one .json member, found {names}")
            with z.open(names[0]) as f:
                return json.load(f)
    with open(path, "rb") as f:
        return json.load(f)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input")
    ap.add_argument("-o", "--out")
    ap.add_argument("--sha256", action="store_true")
    args = ap.parse_args()
    records = load(args.input)
    body = "".join(render(r) + "\n" for r in records).encode("utf-8")
    if args.sha256:
        print(hashlib.sha256(body).hexdigest(), len(records))
    elif args.out:
        with open(args.out, "wb") as f:
            f.write(body)
    else:
        sys.stdout.buffer.write(body)


if __name__ == "__main__":
    main()
