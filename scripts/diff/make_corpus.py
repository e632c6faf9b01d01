#!/usr/bin/env python3
"""Writes the differential corpus: v1 list requests (URL query strings, one per line) covering quick and
advanced queries of every construct, names in many scripts, ids in every form, filters, statuses, paging to
page 500 and invalid requests. Deterministic (seeded) over the bundled dump.

    python3 scripts/diff/make_corpus.py data/ror-v1-dump.zip > tests/data/diff/requests.txt

Each line is preceded by a '# ' comment line naming what it exercises (and the spec §11 row where there is
one); the oracle and our engine skip comment lines.
"""
import json
import random
import sys
import unicodedata
import zipfile
from urllib.parse import quote, urlencode

rng = random.Random(20261125)


def load(path):
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if n.endswith(".json"))
        return json.loads(z.read(name))


recs = load(sys.argv[1] if len(sys.argv) > 1 else "data/ror-v1-dump.zip")
active = [r for r in recs if r["status"] == "active"]
out = []


def add(what, params=None, raw=None):
    """params: list of (key, value) pairs encoded like a browser; raw: a query string used as is."""
    line = raw if raw is not None else urlencode(params, quote_via=quote, safe="")
    out.append(f"# {what}")
    out.append(line)


def q(what, text, **extra):
    add(what, [("query", text)] + list(extra.items()))


def adv(what, text, **extra):
    add(what, [("query.advanced", text)] + list(extra.items()))


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def script_of(s):
    for c in s:
        if c.isalpha() and ord(c) > 0x24F:
            return unicodedata.name(c, "?").split()[0]
    return None


def typo(word, r):
    if len(word) < 4:
        return word
    i = r.randrange(1, len(word) - 1)
    kind = r.choice(["swap", "drop", "dup", "sub"])
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "dup":
        return word[:i] + word[i] + word[i:]
    return word[:i] + r.choice("aeiou") + word[i + 1:]


# ---------------------------------------------------------------- no query, status, paging (spec §7, §11.3)
add("no parameters: all active records in dump order (row 45, 75)", [])
add("page 2 of the default list (row 59)", [("page", "2")])
add("page 500 of the default list (row 78)", [("page", "500")])
add("page 499 of all statuses", [("page", "499"), ("all_status", "")])
add("all_status empty: match all (row 46)", [("all_status", "")])
add("all_status=true", [("all_status", "true")])
add("all_status=TRUE (case-insensitive)", [("all_status", "TRUE")])
add("all_status=false behaves as absent (row 47)", [("all_status", "false")])
add("status filter inactive (row 67)", [("filter", "status:inactive")])
add("status filter upper case (row 67)", [("filter", "status:INACTIVE")])
add("status filters OR-ed (row 67)", [("filter", "status:inactive,status:withdrawn")])
add("status filter with all_status", [("filter", "status:withdrawn"), ("all_status", "")])
add("page past the last hit", [("query", "university"), ("filter", "country.country_code:LU"), ("page", "400")])

# ---------------------------------------------------------------- filters (spec §5, §11.4)
add("types title-cased, OR within key (row 63)", [("filter", "types:company,types:EDUCATION")])
add("country code upper-cased (row 64)", [("filter", "country.country_code:us")])
add("country name titlecase (row 65)", [("filter", "country.country_name:united states")])
add("country name all caps (row 65)", [("filter", "country.country_name:UNITED STATES")])
add("country name 'the netherlands' → The Netherlands (row 66)", [("filter", "country.country_name:the netherlands")])
add("country name mixed case kept (row 66)", [("filter", "country.country_name:united KINGDOM")])
add("country name with collapsed whitespace (row 66)", raw="filter=country.country_name:%20%20south%20%20%20%20africa%20")
add("types:a:b → A (row 68)", [("filter", "types:a:b")])
add("types: empty value (row 68)", [("filter", "types:")])
add("filter key with leading space (row 69)", raw="filter=%20types:Company")
add("filter key capitalised (row 69)", [("filter", "Types:Company")])
add("comma in country name: the v1 regression (row 70)", [("filter", "country.country_name:Korea, Republic of")])
add("two country names OR-ed (row 71)", [("filter", "country.country_name:Germany,country.country_name:France")])
add("unknown type: no results, empty meta (row 72)", [("filter", "types:notatype")])
add("type + country + status combination (row 74)", [("filter", "country.country_code:FR,types:Facility,status:active")])
add("funder type", [("filter", "types:funder")])
add("non-profit → Non-Profit (matches nothing)", [("filter", "types:non-profit")])
for cc in ["JP", "PT", "CN", "GB", "DE", "IN", "BR", "ZA", "NZ", "BQ"]:
    add(f"country code {cc}", [("filter", f"country.country_code:{cc}")])
for t in ["Archive", "Healthcare", "Government", "Other", "Nonprofit"]:
    add(f"type {t} with a query", [("query", "national"), ("filter", f"types:{t}")])
add("country name + type", [("filter", "country.country_name:Japan,types:Education")])
add("country name with small word 'and'", [("filter", "country.country_name:bosnia and herzegovina")])
add("country name Czech Republic vs Czechia", [("filter", "country.country_name:czechia")])

# ---------------------------------------------------------------- ROR id forms (spec §1.3, rows 6, 48, 61)
some = rng.sample(recs, 6)
inactive = [r for r in recs if r["status"] != "active"]
ids = [r["id"] for r in some] + [rng.choice(inactive)["id"]]
for rid in ids[:3]:
    bare = rid.replace("https://ror.org/", "")
    for form in [rid, rid.replace("https://", "http://"), "ror.org/" + bare, bare]:
        q(f"ROR id shortcut: {form[:20]}… (row 6)", form)
    add("ROR id shortcut, ror.org%2F form (row 6)", raw="query=ror.org%252F" + bare)
    add("ROR id shortcut, double-encoded https form (row 6)", raw="query=https%253A%252F%252Fror.org%252F" + bare)
q("ROR id of an inactive record: no status filter (row 3.1.1)", ids[-1])
q("upper-case ROR id: not found (row 9)", ids[0].replace("https://ror.org/", "").upper())
q("valid-looking absent id (row 4)", "0qwerty89")
q("www. prefix is not an id form: text search", "https://www.ror.org/" + ids[1].replace("https://ror.org/", ""))
add("id shortcut plus a status filter (row 61)", [("query", ids[0]), ("filter", "status:inactive")])
add("id shortcut plus a type filter", [("query", ids[1]), ("filter", "types:Education")])

# ---------------------------------------------------------------- external ids through names_ids.id (spec §3.2, row 79, 89)
with_ext = [r for r in active if r.get("external_ids")]
for r in rng.sample(with_ext, 14):
    for scheme, v in r["external_ids"].items():
        allv = v.get("all")
        val = allv if isinstance(allv, str) else (allv[0] if allv else None)
        if not val:
            continue
        q(f"external id {scheme} unquoted", val)
        q(f"external id {scheme} quoted (row 79)", f'"{val}"')
        break
q("ISNI with spaces, unquoted (row 89)", "0000 0001 2180 7477")
q("Wikidata id in lower case: no match on names_ids.id", "q127990")

# ---------------------------------------------------------------- quick queries over real names
def names_of(r):
    return [r["name"]] + [l["label"] for l in r.get("labels", [])] + list(r.get("aliases", [])) + list(r.get("acronyms", []))


scripts_seen = {}
for r in recs:
    for n in names_of(r):
        s = script_of(n)
        if s and s not in scripts_seen:
            scripts_seen[s] = n
for s, n in sorted(scripts_seen.items()):
    q(f"name in {s} script", n)

sample = rng.sample(active, 60)
for r in sample[:20]:
    q("exact name", r["name"])
for r in sample[20:30]:
    q("name lower-cased, accents stripped", strip_accents(r["name"]).lower())
for r in sample[30:38]:
    words = r["name"].split()
    q("name with a typo per word, fuzzy (~)", " ".join(typo(w, rng) + "~" for w in words))
for r in sample[38:44]:
    words = r["name"].split()
    q("name with an extra word", r["name"] + " School")
for r in sample[44:50]:
    q("quoted phrase of a name", f'"{r["name"]}"')
for r in sample[50:55]:
    w = r["name"].split()[0]
    q("first word as prefix", w[: max(2, len(w) - 2)] + "*")
for r in sample[55:60]:
    if r.get("acronyms"):
        q("acronym", r["acronyms"][0])

for text in [
    "oxford", "university of oxford", "Harvard Medical School", "MIT", "Universität Würzburg", "universitat wurzburg",
    "Centro Universitário do Maranhão", "centro universitario do maranhao", "Centro Universitário do Maranhão School",
    "Julius-Maximilians-Universität Würzburg", "julius-maximilians-universitat wurzburg",
    "Centro~ Universitário~ do~ Maranhão~", "Julius~ Maximilians~ Universität~ Würzburg~",
    "centre~ universitario~ do~ marahao~", "julius~ maximilian~ universitat~ wuerzburg~",
    "東京大学", "北京大学", "京都大学", "東北大学", "ソニー", "서울대학교", "Московский государственный университет",
    "Université Paris-Saclay", "Paris 1: Panthéon", "CNRS", "Max Planck", "max-planck-gesellschaft",
    "Institut National de la Santé et de la Recherche Médicale", "Tech/Excellence", "ror.org/02atag894 foo",
    "grid.1001.0", '"grid.1001.0"', "national institute of health", "national institutes of health",
    "Københavns Universitet", "Łódź", "lodz", "Straße", "strasse", "São Paulo", "sao paulo", "Ñuñoa", "Zürich",
]:
    q("spec and ROR-doc examples: names, diacritics, scripts", text)

# ---------------------------------------------------------------- quick-query syntax
for text in [
    "oxford AND cambridge", "oxford OR cambridge", "oxford && cambridge", "oxford || cambridge", "oxford NOT brookes",
    "oxford -brookes", "+oxford +university", "!oxford university", "-oxford", "NOT oxford", "(oxford OR cambridge) AND university",
    "oxford^2 cambridge", "oxford cambridge^0.5", '"university of oxford"~2', '"oxford university"~1', '"oxford university"',
    "oxf*", "ox?ord", "*ford", "o*d", "/oxf.*/", "/Oxf.*/", "oxford~", "oxford~1", "oxfrod~", "oxfrod~2", "oxford~AUTO",
    "[a TO b]", "names_ids.name:oxford", "names_ids.id:grid.1001.0", "name:oxford", "names_ids.\\*:oxford", "*", "*:*",
    "university AND", "(oxford", '"oxford', "oxford)", "oxford:", "\\(oxford\\)", "oxford\\~", "a:b:c", "and or not",
    "univ* of oxf*", "university of tech*", "harvard medical school boston", "OR", "AND oxford", "oxford AND NOT cambridge",
    "_exists_:names_ids.name", "names_ids.name:>x", "names_ids.name:[oxford TO oxfordz]", "name\\:oxford",
]:
    q("query-string syntax in the quick query", text)
add("empty query: no documents (row 86)", raw="query=")
add("blank query: no documents (row 86)", raw="query=%20")
add("query.name renamed to query (row 42)", [("query.name", "university")])
add("query.names renamed to query (row 41)", [("query.names", "university"), ("page", "7")])
add("format=json is accepted (row 44)", [("format", "json"), ("query", "oxford")])
add("format=api: 404 (row 44)", [("format", "api"), ("query", "oxford")])

# ---------------------------------------------------------------- advanced queries (spec §4)
r0 = sample[0]
for text in [
    "name:Oxford", 'name:"University of Oxford"', "name:oxford AND _exists_:wikipedia_url",
    "types:Education AND country.country_code:GB", "types:education", "country.country_name:Panama",
    "country.country_name:panama", "established:1996", "established:[1990 TO 2000]", "established:{1990 TO 2000}",
    "established:>2015", "established:>=2015", "established:<1800", "established:<=1800", "established:[2020 TO *]",
    "established:foo", "established:970", "status:inactive", "NOT status:active", "status:withdrawn AND types:Company",
    "_exists_:wikipedia_url", "_exists_:email_address", "_exists_:addresses.geonames_city.geonames_admin2.code",
    "_exists_:external_ids.OrgRef.all", "_exists_:addresses", "_exists_:external_ids", "_exists_:labels",
    "addresses.\\*:Oxford", "addresses.city:Oxford", "addresses.city:oxford", "addresses.geonames_city.city:Paris",
    "acronyms:MIT", "acronyms:mit", "aliases:Harvard", "labels.label:Universität", "labels.label:universitat",
    "labels.iso639:ja", "links:ox", "wikipedia_url:wikipedia", "relationships.type:Parent", "relationships.type:parent",
    "relationships.label:CNRS", "id:https\\:\\/\\/ror.org\\/02atag894", "external_ids.GRID.all:grid.1001.0",
    "external_ids.ISNI.all:0000 0001 2180 7477", 'external_ids.ISNI.all:"0000 0001 2180 7477"', "external_ids.UKPRN.all:10007774",
    "external_ids.UKPRNS.all:10007774", "external_ids.Wikidata.all:Q127990", "external_ids.FundRef.all:100000001",
    "addresses.lat:[51 TO 52]", "addresses.lng:<-170", "addresses.lat:51.75", "addresses.geonames_city.id:2643743",
    "addresses.country_geonames_id:2635167", "addresses.primary:false", "addresses.primary:true", "addresses.primary:yes",
    "name:Harvard Medical", "Harvard Medical", "Harvard University", "university", "universite paris", "1996", "51.75",
    "oxford", "Oxford", "OXFORD", "oxf*", "name:oxf*", "name:Oxf*", "name.keyword:Oxford*", "name:/oxf.*/", "name:/Oxf.*/",
    "name:oxfrd~", "name:oxfrd~1", "acronyms:MIT~1", "name:univ*ity", "name:univ?rsity", "types:Edu*", "types:*",
    "name:*", "country.country_code:[A TO C]", "country.country_code:{GA TO GC}", "name:(oxford cambridge)",
    "name:(oxford OR cambridge)", "name:oxford OR name:cambridge", "+name:oxford -types:Education", "-types:Education",
    "university AND name:oxford", "(name:foo)", "name:oxford^3 OR aliases:oxford", "types:Education^2",
    "name.norm:universitat", "name:universitat", "name:universität", "email_address:*", "ip_addresses:*",
    "valid:x", "rename:x", "prototypes:x", "addresses.geonames_city.nuts_level1.name:x", "xstatus:x",
    "relationships.id:https\\://ror.org/00mmn6b08", "_exists_:status", "query\\:query", "_exists_:id",
    "name:\"University of\"~3", 'name:"of Oxford University"~2', "established:[1996 TO 1996]", "established:[2000||-10y TO 2000]", "established:[1999-06-15||/y TO 2001]", "established:[1990||+1y/y TO *]",
    "established:[2000 TO 1990]", "name:[a TO b]", "acronyms:[A TO B}", "name:oxford AND", "name:", "(name:oxford",
    "links:https\\://www.ox.ac.uk", "links:/.*ox.*/", "addresses.state:*", "addresses.postcode:*",
]:
    adv("advanced query", text)
adv("empty advanced query: no documents", "")
adv("advanced with all_status", "name:oxford", all_status="")
adv("advanced with a status filter (row 53)", "university", filter="status:inactive")
adv("advanced status field suppresses the default (row 54)", "status:inactive")
adv("advanced NOT status:active (row 62)", "NOT status:active")

# ---------------------------------------------------------------- validation errors (spec §2.3, §11.2)
add("illegal parameters (row 14)", raw="query=query&illegal=whatever&another=3")
add("bad all_status (row 15)", raw="all_status=foo")
add("query and query.advanced (row 16)", raw="query=query&query.advanced=query")
add("illegal field (row 17)", raw="query.advanced=foo:bar")
add("filter errors (row 18)", raw="query=query&filter=fi1:e,types:F,f3,field2:44")
for p in ["whatever", "-5", "0", "501", "10001", "5.0", "", "0501", "-0", "%207%20", "%2B3", "1_0", "500", "99999999999999999999"]:
    add(f"page {p} (rows 19, 28-30)", raw=f"query=query&page={p}")
add("six errors in order (row 20)", raw="query=query&illegal=whatever&filter=fi1:e,types:F,f3,field2:44&another=3&page=third")
add("valid combination (row 21)", raw="query=query&page=4&filter=country.country_code:DE,types:s,status:inactive&all_status=")
add("valid combination with a country name (row 22)", raw="query=query&page=4&filter=country.country_name:Germany,types:s,status:inactive&all_status=")
add("bad all_status and an illegal key (row 31)", raw="all_status=foo&bad=1")
add("query + advanced + illegal (row 32)", raw="query=q&query.advanced=x&bad=1")
add("five errors (row 33)", raw="query.advanced=a:b&filter=x&page=0&all_status=maybe&query=y")
add("colon in a URL value (row 34)", raw="query.advanced=links:https://ox.ac.uk")
add("escaped colon in a URL value (row 34)", raw="query.advanced=links:https%5C://ox.ac.uk")
add("sub-field not whitelisted (row 35)", raw="query.advanced=name.keyword:Oxford")
add("object not whitelisted (row 35)", raw="query.advanced=addresses:Oxford")
add("UKPRN misspelling (row 36)", raw="query.advanced=external_ids.UKPRN.all:10007774")
add("quotes around a colon (row 38)", raw='query.advanced=name:%22foo:bar%22')
add("field before status value (row 39)", raw="query.advanced=foo:status")
add("sort is illegal (row 40)", raw="sort=id")
add("affiliation is not validated (row 43)", raw="affiliation=x&page=abc&bogus=1&all_status=maybe")

# ---------------------------------------------------------------- paging of broad queries (row 77)
for page in ["2", "3", "50", "250", "500"]:
    add(f"quick query page {page}", [("query", "university"), ("page", page)])
for page in ["2", "100", "500"]:
    add(f"advanced query page {page}", [("query.advanced", "types:Company"), ("page", page)])
add("filtered quick query page 2", [("query", "university"), ("filter", "types:Healthcare"), ("page", "2")])

sys.stdout.write("# The differential corpus (generated by scripts/diff/make_corpus.py; do not edit by hand).\n")
sys.stdout.write("\n".join(out) + "\n")
print(f"{len(out) // 2} requests", file=sys.stderr)
