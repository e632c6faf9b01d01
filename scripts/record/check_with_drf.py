#!/usr/bin/env python3
"""Cross-check of v1_serialize.py against the real libraries of the v1 API.

Renders every record with Django REST framework 3.11.2's own fields, serializers, JSON encoder and renderer
(the serializer classes declared from spec section 9.2-9.4) over elasticsearch_dsl 7.4.1's `AttrDict` (what the
model classes received as `_source`), with the model classes of v1_serialize.py, and compares the bytes with
v1_serialize.py's rendering. Not part of the test suite (it needs packages from PyPI):

    python3 -m venv /tmp/drf && /tmp/drf/bin/pip install Django==2.2.28 djangorestframework==3.11.2 \\
        elasticsearch==7.10.1 elasticsearch-dsl==7.4.1
    /tmp/drf/bin/python scripts/record/check_with_drf.py data/ror-v1-dump.zip
"""

import os
import sys

import django
from django.conf import settings

settings.configure(
    INSTALLED_APPS=["rest_framework"],
    REST_FRAMEWORK={"DEFAULT_RENDERER_CLASSES": ("rest_framework.renderers.JSONRenderer",)},
)
django.setup()

from elasticsearch_dsl.utils import AttrDict  # noqa: E402
from rest_framework import serializers  # noqa: E402
from rest_framework.renderers import JSONRenderer  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import v1_serialize as ref  # noqa: E402


class Label(serializers.Serializer):
    label = serializers.CharField()
    iso639 = serializers.CharField()


class Country(serializers.Serializer):
    country_name = serializers.CharField()
    country_code = serializers.CharField()


class LicenseS(serializers.Serializer):
    attribution = serializers.StringRelatedField()
    license = serializers.StringRelatedField()


class NutsS(serializers.Serializer):
    name = serializers.CharField()
    code = serializers.CharField()


class Admin(serializers.Serializer):
    name = serializers.CharField()
    id = serializers.IntegerField()
    ascii_name = serializers.CharField()
    code = serializers.CharField()


class City(serializers.Serializer):
    id = serializers.IntegerField()
    city = serializers.StringRelatedField()
    geonames_admin1 = Admin()
    geonames_admin2 = Admin()
    license = LicenseS()
    nuts_level1 = NutsS()
    nuts_level2 = NutsS()
    nuts_level3 = NutsS()


class Address(serializers.Serializer):
    lat = serializers.DecimalField(max_digits=None, decimal_places=10, coerce_to_string=False)
    lng = serializers.DecimalField(max_digits=None, decimal_places=10, coerce_to_string=False)
    state = serializers.StringRelatedField()
    state_code = serializers.CharField()
    city = serializers.CharField()
    geonames_city = City()
    postcode = serializers.CharField()
    primary = serializers.BooleanField()
    line = serializers.CharField()
    country_geonames_id = serializers.IntegerField()


class ExtId(serializers.Serializer):
    preferred = serializers.CharField()
    all = serializers.StringRelatedField(many=True)


class GridId(serializers.Serializer):
    preferred = serializers.CharField()
    all = serializers.StringRelatedField()


class ExtIds(serializers.Serializer):
    ISNI = ExtId(required=False)
    FundRef = ExtId(required=False)
    HESA = ExtId(required=False)
    UCAS = ExtId(required=False)
    UKPRN = ExtId(required=False)
    CNRS = ExtId(required=False)
    OrgRef = ExtId(required=False)
    Wikidata = ExtId(required=False)
    GRID = GridId(required=False)


class Rel(serializers.Serializer):
    label = serializers.CharField()
    type = serializers.CharField()
    id = serializers.CharField()


class Org(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    email_address = serializers.StringRelatedField()
    ip_addresses = serializers.StringRelatedField(many=True)
    established = serializers.IntegerField()
    types = serializers.StringRelatedField(many=True)
    relationships = Rel(many=True)
    addresses = Address(many=True)
    links = serializers.StringRelatedField(many=True)
    aliases = serializers.StringRelatedField(many=True)
    acronyms = serializers.StringRelatedField(many=True)
    status = serializers.CharField()
    wikipedia_url = serializers.CharField()
    labels = Label(many=True)
    country = Country()
    external_ids = ExtIds()


def main():
    records = ref.load(sys.argv[1])
    renderer = JSONRenderer()
    differ = 0
    for i, r in enumerate(records):
        drf = renderer.render(Org(ref.Organization(AttrDict(r))).data).decode("utf-8")
        mine = ref.render(r)
        if drf != mine:
            differ += 1
            if differ <= 5:
                print(f"record {i} ({r.get('id')}) differs:\n  drf: {drf}\n  ref: {mine}")
    print(f"{len(records)} records, {differ} differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
