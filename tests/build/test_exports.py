"""Exports: Open Badges 3.0 achievements, CTDL, schema.org JSON-LD, catalog.json, recognitions.csv, feeds.

Built from the fixture catalog (and from the bundled catalog in content/ when it exists), then parsed back:
JSON against its schemas, XML with an XML parser, CSV with the csv module, JSON-LD out of the built HTML.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from lxml import etree
from referencing import Registry
from referencing.jsonschema import DRAFT201909

from sitegen.cli import main
from sitegen.plan.exports.csv_export import safe_cell
from sitegen.plan.exports.feeds import feed_updated

REPO = Path(__file__).resolve().parents[2]
FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "basic" / "content"
# The official Open Badges 3.0 schema, vendored (tests/schemas/README.md says where from and under what licence).
OB_SCHEMA = REPO / "tests" / "schemas" / "ob-v3p0-achievementcredential.schema.json"
CATALOG_SCHEMA = REPO / "sitegen" / "schemas" / "catalog.schema.json"
BUNDLED_CONTENT = REPO / "content"
BASE_URL = "https://example.github.io/catalog/"
CTDL_CONTEXT = "https://credreg.net/ctdl/schema/context/json"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PRIVATE = (b"hidden-person", b"Hidden Privateperson", "Hidden Privateperson".encode("utf-16-le"))
EXPORT_SUFFIXES = (".json", ".csv", ".xml", ".txt", ".svg")

HOSTILE_TITLE = "=cmd|' /C calc'!A0 </script><script>alert(1)</script> \"double\" 'single' & <!-- x"
HOSTILE_SUMMARY = "</SCRIPT><script>alert(1)</script> \"quotes\" & =cmd|' /C calc'!A0"

Build = Callable[..., Any]


# --- helpers ---------------------------------------------------------------------------------------


def build_into(content: Path, output: Path) -> None:
    code = main(["build", "--content", str(content), "--output", str(output), "--no-search", "--quiet"])
    assert code == 0, f"building {content} failed"


def export_files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` as {relative path: bytes}."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def read_json(site: Path, rel: str) -> Any:
    return json.loads((site / rel).read_text(encoding="utf-8"))


def credential_ids(site: Path) -> list[str]:
    return sorted(p.parent.name for p in (site / "credentials").glob("*/achievement.json"))


def strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def ldjson_blocks(html: str) -> list[str]:
    """The raw text of each <script type="application/ld+json"> element, up to the first `</script`."""
    return re.findall(r'<script type="application/ld\+json">(.*?)</script', html, flags=re.S | re.I)


def rewrite_front_matter(path: Path, **values: str) -> None:
    """Replace top-level `key: value` lines (JSON strings are valid YAML double-quoted scalars)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for key, value in values.items():
        [at] = [n for n, line in enumerate(lines) if line.startswith(f"{key}: ")]
        lines[at] = f"{key}: {json.dumps(value)}"
    path.write_text("\n".join(lines), encoding="utf-8")


def achievement_validator() -> jsonschema.protocols.Validator:
    if not OB_SCHEMA.is_file():  # it is in the repository: missing means a broken checkout, never a skip
        pytest.fail(f"the Open Badges 3.0 schema is missing: {OB_SCHEMA}")
    schema = json.loads(OB_SCHEMA.read_text(encoding="utf-8"))
    registry: Registry[Any] = Registry().with_resource(schema["$id"], DRAFT201909.create_resource(schema))
    return jsonschema.Draft201909Validator({"$ref": schema["$id"] + "#/$defs/Achievement"}, registry=registry)


def catalog_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(CATALOG_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors_of(validator: jsonschema.protocols.Validator, instance: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


# --- sites -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The bundled catalog is in the repository: missing or broken, its exports fail their checks (never a skip).
    if not (BUNDLED_CONTENT / "site.yaml").is_file():
        pytest.fail(f"the bundled catalog is missing: {BUNDLED_CONTENT / 'site.yaml'}")
    out = tmp_path_factory.mktemp("bundled") / "output"
    code = main(["build", "--content", str(BUNDLED_CONTENT), "--output", str(out), "--no-search", "--quiet"])
    if code != 0:
        pytest.fail(f"the bundled catalog in content/ does not build (exit {code})")
    return out


@pytest.fixture(params=["fixture", "bundled"])
def any_site(request: pytest.FixtureRequest) -> Path:
    name = "built_site" if request.param == "fixture" else "bundled_site"
    site: Path = request.getfixturevalue(name)
    return site


@pytest.fixture
def hostile_site(content: Path, build: Build, project: Path) -> Path:
    """The fixture with a credential whose title and summary try to break out of every format."""
    rewrite_front_matter(content / "credentials" / "feedback-loops.md", title=HOSTILE_TITLE, summary=HOSTILE_SUMMARY)
    result = build("output")
    assert result.code == 0, result.output
    return project / "output"


# --- Open Badges 3.0 --------------------------------------------------------------------------------


def test_every_achievement_is_a_valid_open_badges_achievement(any_site: Path) -> None:
    validator = achievement_validator()
    ids = credential_ids(any_site)
    assert ids
    for credential_id in ids:
        achievement = read_json(any_site, f"credentials/{credential_id}/achievement.json")
        assert errors_of(validator, achievement) == [], credential_id


def test_the_validator_really_checks_the_achievement_definition(built_site: Path) -> None:
    validator = achievement_validator()
    achievement = read_json(built_site, "credentials/feedback-loops/achievement.json")
    assert errors_of(validator, {**achievement, "criteria": "a string"})
    assert errors_of(validator, {**achievement, "type": ["Badge"]})
    assert errors_of(validator, {**achievement, "image": {**achievement["image"], "bogus": 1}})


def test_achievement_content(built_site: Path) -> None:
    achievement = read_json(built_site, "credentials/feedback-loops/achievement.json")
    assert achievement["@context"] == ["https://www.w3.org/ns/credentials/v2",
                                       "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert achievement["id"] == BASE_URL + "credentials/feedback-loops/achievement.json"
    assert achievement["type"] == ["Achievement"]
    assert achievement["achievementType"] == "MicroCredential"
    assert achievement["name"] == "Feedback Loops"
    assert achievement["description"] == "Feedback Loops in one or two sentences."
    narrative = achievement["criteria"]["narrative"]
    assert narrative.index("Overview questions") < narrative.index("Work examples")
    assert "Submit a lesson plan" in narrative
    assert achievement["creator"] == {"id": BASE_URL + "issuers/sample-org/", "type": ["Profile"],
                                      "name": "Sample Learning Org"}
    assert achievement["image"] == {"id": BASE_URL + "credentials/feedback-loops/badge.svg", "type": "Image",
                                    "caption": "Feedback Loops"}
    assert (built_site / "credentials" / "feedback-loops" / "badge.svg").is_file()
    competency, framework = achievement["alignment"]
    assert competency == {"type": ["Alignment"], "targetName": "Competency feedback-loops",
                          "targetUrl": BASE_URL + "competencies/feedback-loops/",
                          "targetDescription": "The educator demonstrates feedback-loops in daily practice.",
                          "targetType": "ceasn:Competency"}
    assert framework["targetFramework"] == "Example Standards"
    assert framework["targetCode"] == "EX-1"
    assert framework["targetUrl"] == "https://example.org/standards"
    [rubric] = achievement["resultDescription"]
    assert rubric["resultType"] == "RubricCriterionLevel"
    assert rubric["allowedValue"] == ["Not yet", "Pass"]
    assert rubric["requiredValue"] == "Pass"
    assert [level["name"] for level in rubric["rubricCriterionLevel"]] == ["Not yet", "Pass"]
    assert all(level["type"] == ["RubricCriterionLevel"] for level in rubric["rubricCriterionLevel"])
    passing = rubric["rubricCriterionLevel"][1]["description"]
    assert "The artifact shows students using the practice." in passing
    assert "The reflection analyses impact on students." in passing
    assert achievement["tag"] == ["assessment"]
    assert achievement["version"] == "1.0"
    assert "humanCode" not in achievement


def test_issuer_url_is_in_the_creator_profile(built_site: Path) -> None:
    creator = read_json(built_site, "credentials/sel-morning-meeting/achievement.json")["creator"]
    assert creator["url"] == "https://www.pesb.wa.gov/"
    assert creator["id"] == BASE_URL + "issuers/pesb/"


# --- CTDL ------------------------------------------------------------------------------------------


def ctdl(site: Path, credential_id: str) -> dict[str, Any]:
    document: dict[str, Any] = read_json(site, f"credentials/{credential_id}/ctdl.json")
    return document


ORGANISATION_REFERENCES = ("ceterms:ownedBy", "ceterms:offeredBy", "ceterms:approvedBy", "ceterms:recognizedBy")


def organizations(site: Path) -> dict[str, dict[str, Any]]:
    """ctdl/organizations.json's nodes by @id (the document's shape checked on the way)."""
    document = read_json(site, "ctdl/organizations.json")
    assert document["@context"] == CTDL_CONTEXT
    nodes = {node["@id"]: node for node in document["@graph"]}
    assert len(nodes) == len(document["@graph"])
    assert all(node["@type"] == "ceterms:CredentialOrganization" for node in nodes.values())
    return nodes


def test_ctdl_shape_for_every_credential(any_site: Path) -> None:
    described = organizations(any_site)
    for credential_id in credential_ids(any_site):
        document = ctdl(any_site, credential_id)
        assert document["@context"] == CTDL_CONTEXT
        graph = document["@graph"]
        assert graph[0]["@type"] == "ceterms:MicroCredential"
        assert all(node["@type"] == "ceterms:CredentialOrganization" for node in graph[1:])
        referenced = {ref["@id"] for key in ORGANISATION_REFERENCES for ref in graph[0].get(key, ())}
        # The graph keeps a short node of the credential's issuer; every organisation it refers to is
        # described once, in ctdl/organizations.json.
        assert [node["@id"] for node in graph[1:]] == [graph[0]["ceterms:ownedBy"][0]["@id"]], credential_id
        assert set(graph[1]) == {"@id", "@type", "ceterms:name"}
        assert graph[1]["ceterms:name"] == described[graph[1]["@id"]]["ceterms:name"]
        assert referenced <= set(described), credential_id


def catalog_wide_districts(catalog: dict[str, Any]) -> set[str]:
    """Pages of the districts whose every rule is catalog-wide (catalog.json as parsed)."""
    return {r["page"] for r in catalog["recognizers"]
            if r["kind"] == "district" and r["rules"] and all(rule["catalog_wide"] for rule in r["rules"])}


def test_ctdl_states_catalog_wide_rules_once_per_state(any_site: Path) -> None:
    catalog = read_json(any_site, "catalog.json")
    wide = catalog_wide_districts(catalog)
    recognizers: dict[str, set[str]] = {}
    for recognizer in catalog["recognizers"]:
        for rule in recognizer["rules"]:
            if rule["catalog_wide"] and rule["status"] in ("active", "pilot"):
                recognizers.setdefault(recognizer["state_name"], set()).add(recognizer["id"])
    assert recognizers
    first = None
    for credential_id in credential_ids(any_site):
        node = ctdl(any_site, credential_id)["@graph"][0]
        profiles = [(how, profile) for how in ("ceterms:approvedIn", "ceterms:recognizedIn")
                    for profile in node.get(how, ())]
        wide_profiles = [(how, p) for how, p in profiles if "any micro-credential" in p["ceterms:description"]["en-US"]]
        states = [p["ceterms:mainJurisdiction"][0]["ceterms:addressRegion"]["en-US"] for _, p in wide_profiles]
        assert sorted(states) == sorted(recognizers), credential_id  # one per state, in one property only
        for _, profile in wide_profiles:
            [place] = profile["ceterms:mainJurisdiction"]
            state = place["ceterms:addressRegion"]["en-US"]
            count = len(recognizers[state])
            assert profile["ceterms:description"]["en-US"].startswith(
                f"{count} recognizer{'s' if count > 1 else ''} in {state} accept"), profile
        # No organisation (node or reference) for a district that only has catalog-wide rules.
        refs = {ref["@id"] for key in ORGANISATION_REFERENCES for ref in node.get(key, ())}
        assert not refs & wide, credential_id
        first = first or wide_profiles
        assert wide_profiles == first  # the same statement for every credential


def test_ctdl_text_is_language_maps(built_site: Path) -> None:
    graph = ctdl(built_site, "feedback-loops")["@graph"]
    credential = graph[0]
    assert credential["ceterms:name"] == {"en-US": "Feedback Loops"}
    assert credential["ceterms:description"] == {"en-US": "Feedback Loops in one or two sentences."}
    assert credential["ceterms:keyword"] == {"en-US": ["assessment"]}
    assert credential["ceterms:subjectWebpage"] == BASE_URL + "credentials/feedback-loops/"

    def check(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("ceterms:name", "ceterms:description", "ceterms:targetNodeName",
                           "ceterms:targetNodeDescription", "ceterms:addressRegion", "ceterms:addressCountry"):
                    assert isinstance(item, dict) and set(item) == {"en-US"}, (key, item)
                    assert isinstance(item["en-US"], str)
                check(item)
        elif isinstance(value, list):
            for item in value:
                check(item)

    check(graph)
    [condition] = credential["ceterms:requires"]
    assert condition["@type"] == "ceterms:ConditionProfile"
    [target] = condition["ceterms:targetCompetency"]
    assert target["@type"] == "ceterms:CredentialAlignmentObject"
    assert target["ceterms:targetNodeName"] == {"en-US": "Competency feedback-loops"}
    assert target["ceterms:targetNodeDescription"] == {
        "en-US": "The educator demonstrates feedback-loops in daily practice."}


def test_ctdl_approval_and_recognition_by_purpose(built_site: Path) -> None:
    graph = ctdl(built_site, "feedback-loops")["@graph"]
    credential = graph[0]
    # wa (clock-hours) and ma (pdps) are license-renewal rules: approval, in their jurisdictions.
    regions = []
    for profile in credential["ceterms:approvedIn"]:
        assert profile["@type"] == "ceterms:JurisdictionProfile"
        [place] = profile["ceterms:mainJurisdiction"]
        assert place["@type"] == "ceterms:Place"
        assert place["ceterms:addressCountry"] == {"en-US": "US"}
        regions.append(place["ceterms:addressRegion"]["en-US"])
    # wa's rule is specific; ma's is catalog-wide: its profile comes after the specific ones and says so.
    assert regions == ["Washington", "Massachusetts"]
    assert credential["ceterms:approvedIn"][0]["ceterms:description"] == {"en-US": "Washington: License renewal"}
    assert credential["ceterms:approvedIn"][1]["ceterms:description"] == {
        "en-US": "1 recognizer in Massachusetts accepts any micro-credential of this catalog: License renewal"}
    # The district's catalog-wide salary rule: one recognition profile for Arizona, no organisation.
    [arizona] = credential["ceterms:recognizedIn"]
    assert arizona["ceterms:description"] == {
        "en-US": "1 recognizer in Arizona accepts any micro-credential of this catalog: Salary"}
    assert arizona["ceterms:mainJurisdiction"][0]["ceterms:addressRegion"] == {"en-US": "Arizona"}
    # Its specific rules are masters-equivalency and leadership-pathway: recognition, by an organisation,
    # referenced by @id and described in ctdl/organizations.json.
    district_url = BASE_URL + "districts/sample-district/"
    assert credential["ceterms:recognizedBy"] == [{"@id": district_url}]
    assert "ceterms:approvedBy" not in credential
    assert district_url not in [node["@id"] for node in graph]
    district = organizations(built_site)[district_url]
    assert district["ceterms:name"] == {"en-US": "Sample Unified School District"}
    assert district["ceterms:subjectWebpage"] == "https://example.org/district"
    assert district["ceterms:description"] == {"en-US": "An illustrative district with every kind of rule."}
    issuer = graph[1]
    assert issuer == {"@id": BASE_URL + "issuers/sample-org/", "@type": "ceterms:CredentialOrganization",
                      "ceterms:name": {"en-US": "Sample Learning Org"}}
    assert credential["ceterms:ownedBy"] == credential["ceterms:offeredBy"] == [{"@id": issuer["@id"]}]
    assert organizations(built_site)[issuer["@id"]]["ceterms:name"] == issuer["ceterms:name"]


def test_ctdl_has_no_ctid_unless_the_content_gives_one(built_site: Path) -> None:
    for credential_id in credential_ids(built_site):
        assert "ceterms:ctid" not in json.dumps(ctdl(built_site, credential_id))


def test_ctdl_district_approval_and_a_given_ctid(content: Path, build: Build, project: Path) -> None:
    district = content / "districts" / "sample-district.md"
    district.write_text(district.read_text(encoding="utf-8").replace("purpose: masters-equivalency",
                                                                     "purpose: graduate-credit"), encoding="utf-8")
    ctid = "ce-3f0c2a9e-6b1d-4c3e-9a57-2d8e4b1f7c60"
    credential = content / "credentials" / "feedback-loops.md"
    credential.write_text(credential.read_text(encoding="utf-8").replace("status: active",
                                                                         f"ctid: {ctid}\nstatus: active"),
                          encoding="utf-8")
    assert build("output").code == 0
    site = project / "output"
    graph = ctdl(site, "feedback-loops")["@graph"]
    district_url = BASE_URL + "districts/sample-district/"
    assert graph[0]["ceterms:ctid"] == ctid
    assert graph[0]["ceterms:approvedBy"] == [{"@id": district_url}]
    assert graph[0]["ceterms:recognizedBy"] == [{"@id": district_url}]
    assert district_url in organizations(site)
    other = ctdl(site, "family-engagement")["@graph"][0]
    assert "ceterms:approvedBy" not in other
    assert "ceterms:ctid" not in other


def test_ctdl_never_carries_portfolio_data(built_site: Path) -> None:
    for credential_id in credential_ids(built_site):
        text = (built_site / "credentials" / credential_id / "ctdl.json").read_text(encoding="utf-8")
        assert "portfolio" not in text.lower()
        assert "Avery" not in text
        assert "avery" not in text


# --- schema.org JSON-LD in pages --------------------------------------------------------------------


def test_credential_page_jsonld(built_site: Path) -> None:
    html = (built_site / "credentials" / "feedback-loops" / "index.html").read_text(encoding="utf-8")
    [block] = ldjson_blocks(html)
    graph = json.loads(block)["@graph"]
    credential = next(n for n in graph if n["@type"] == "EducationalOccupationalCredential")
    assert credential["name"] == "Feedback Loops"
    assert credential["url"] == BASE_URL + "credentials/feedback-loops/"
    assert credential["credentialCategory"] == "Micro-credential"
    assert credential["educationalLevel"] == ["6–8"]
    assert credential["keywords"] == ["assessment"]
    [competency] = credential["competencyRequired"]
    assert competency["@type"] == "DefinedTerm"
    assert competency["url"] == BASE_URL + "competencies/feedback-loops/"
    by_url = {org["url"]: org for org in credential["recognizedBy"]}
    assert by_url[BASE_URL + "states/wa/"]["@type"] == "GovernmentOrganization"
    assert by_url[BASE_URL + "districts/sample-district/"]["@type"] == "Organization"
    crumbs = next(n for n in graph if n["@type"] == "BreadcrumbList")["itemListElement"]
    assert [c["item"] for c in crumbs] == [BASE_URL, BASE_URL + "credentials/",
                                           BASE_URL + "credentials/feedback-loops/"]
    assert [c["position"] for c in crumbs] == [1, 2, 3]


@pytest.mark.parametrize("rel", ["issuers/pesb/index.html", "districts/sample-district/index.html"])
def test_organization_pages_jsonld(built_site: Path, rel: str) -> None:
    [block] = ldjson_blocks((built_site / rel).read_text(encoding="utf-8"))
    organization = json.loads(block)
    assert organization["@context"] == "https://schema.org"
    assert organization["@type"] == "Organization"
    assert organization["name"]
    assert organization["url"].startswith(BASE_URL)
    if rel.startswith("districts/"):
        assert organization["areaServed"] == {"@type": "State", "name": "Arizona"}


# --- catalog.json -----------------------------------------------------------------------------------


def test_catalog_json_matches_its_schema(any_site: Path) -> None:
    validator = catalog_validator()
    catalog = read_json(any_site, "catalog.json")
    assert errors_of(validator, catalog) == []
    assert (any_site / "schemas" / "catalog.schema.json").read_bytes() == CATALOG_SCHEMA.read_bytes()


def test_the_catalog_schema_rejects_what_it_should(built_site: Path) -> None:
    validator = catalog_validator()
    catalog = read_json(built_site, "catalog.json")
    assert errors_of(validator, {**catalog, "surprise": 1})
    broken = json.loads(json.dumps(catalog))
    broken["credentials"][0]["status"] = "lost"
    assert errors_of(validator, broken)


def test_catalog_json_content(built_site: Path) -> None:
    catalog = read_json(built_site, "catalog.json")
    assert catalog["site"]["base_url"] == BASE_URL
    assert [c["id"] for c in catalog["credentials"]] == credential_ids(built_site)
    feedback = next(c for c in catalog["credentials"] if c["id"] == "feedback-loops")
    assert feedback["page"] == BASE_URL + "credentials/feedback-loops/"
    # Specific recognition only (ma's and the district's raise are catalog-wide): those states are listed once.
    assert feedback["states"] == ["az", "wa"]
    assert catalog["states_any"] == ["az", "ma"]
    assert feedback["rules"] == [{"recognizer": "sample-district", "rule": "cpd"},
                                 {"recognizer": "sample-district", "rule": "leader-eligibility"},
                                 {"recognizer": "wa", "rule": "clock-hours"}]
    recognizers = {r["id"]: r for r in catalog["recognizers"]}
    assert {"wa", "ma", "sample-district"} <= set(recognizers)
    [clock_hours] = recognizers["wa"]["rules"]
    assert clock_hours["credentials"] == ["computational-thinking", "feedback-loops", "sel-morning-meeting"]
    assert clock_hours["catalog_wide"] is False
    # A catalog-wide rule is stated once, with `all`, and lists no credentials.
    [pdps] = recognizers["ma"]["rules"]
    assert (pdps["catalog_wide"], pdps["applies_to"]["all"], pdps["credentials"]) == (True, True, [])
    rules = [(r["id"], rule["id"]) for r in catalog["recognizers"] for rule in r["rules"]]
    assert len(rules) == len(set(rules)) == 5
    # Each credential lists exactly the specific rules whose selection holds it.
    for credential in catalog["credentials"]:
        assert credential["rules"] == sorted(
            ({"recognizer": r["id"], "rule": rule["id"]} for r in catalog["recognizers"] for rule in r["rules"]
             if credential["id"] in rule["credentials"]), key=lambda ref: (ref["recognizer"], ref["rule"]))
    # Portfolios link their portfolio.json, which holds the results (catalog-wide rules too).
    [avery] = catalog["portfolios"]
    assert avery["id"] == "avery-example"
    assert "results" not in avery
    assert avery["json"] == BASE_URL + "portfolios/avery-example/portfolio.json"
    results = read_json(built_site, "portfolios/avery-example/portfolio.json")["results"]
    assert ("sample-district", "raise") in {(r["recognizer"], r["rule"]) for r in results}
    assert catalog["parts"] == []


# --- recognitions.csv -------------------------------------------------------------------------------


def csv_rows(site: Path) -> list[dict[str, str]]:
    raw = (site / "recognitions.csv").read_bytes()
    assert b"\r" not in raw
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


def test_recognitions_csv(built_site: Path) -> None:
    rows = csv_rows(built_site)
    catalog = read_json(built_site, "catalog.json")
    expected = sorted((r["id"], rule["id"], c) for r in catalog["recognizers"] for rule in r["rules"]
                      for c in (["*"] if rule["catalog_wide"] else rule["credentials"]))
    assert [(row["recognizer"], row["rule"], row["credential"]) for row in rows] == expected
    # Each catalog-wide rule is one row, with `*` for its credential.
    assert [(row["recognizer"], row["rule"]) for row in rows if row["credential"] == "*"] == [
        ("ma", "pdps"), ("sample-district", "raise")]
    assert next(r for r in rows if r["rule"] == "pdps")["credential_title"] == "any credential of the catalog"
    row = next(r for r in rows if r["rule"] == "cpd" and r["credential"] == "feedback-loops")
    assert row["kind"] == "district"
    assert row["state"] == "az"
    assert row["purpose"] == "masters-equivalency"
    assert row["amount"] == "0.5"
    assert row["unit"] == "cpd-credits"
    assert row["max_total"] == "15"
    assert row["effective_from"] == "2016-07-01"
    assert row["effective_until"] == ""
    assert row["source_title"] == "Fixture source"
    assert row["source_locator"] == "p. 3"
    assert row["credential_title"] == "Feedback Loops"
    raise_row = next(r for r in rows if r["rule"] == "raise")
    assert raise_row["permanent"] == "true"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_formula_cells_are_prefixed(start: str) -> None:
    assert safe_cell(start + "1+1") == "'" + start + "1+1"
    assert safe_cell("a" + start) == "a" + start


# --- feed, sitemap, robots --------------------------------------------------------------------------


def test_sitemap_lists_every_public_page(built_site: Path) -> None:
    root = etree.fromstring((built_site / "sitemap.xml").read_bytes())
    assert root.tag == SITEMAP + "urlset"
    locs = [loc.text or "" for loc in root.iter(SITEMAP + "loc")]
    assert all(loc.startswith(BASE_URL) for loc in locs)
    pages = {BASE_URL + p.relative_to(built_site).as_posix().removesuffix("index.html")
             for p in built_site.rglob("index.html")}
    assert set(locs) == pages
    assert len(locs) == len(set(locs))
    assert not any("404" in loc for loc in locs)


def test_feed_is_atom_with_dated_entries(built_site: Path) -> None:
    root = etree.fromstring((built_site / "feed.xml").read_bytes())
    assert root.tag == ATOM + "feed"
    entries = root.findall(ATOM + "entry")
    ids = [e.findtext(ATOM + "id") for e in entries]
    assert BASE_URL + "credentials/feedback-loops/" in ids
    assert BASE_URL + "districts/sample-district/#rule-cpd" in ids
    assert len(entries) == 6  # five published credentials, one rule with effective.from
    updated = [e.findtext(ATOM + "updated") or "" for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert root.findtext(ATOM + "updated") == "2018-03-01T00:00:00Z"
    urls = [root.findtext(ATOM + "id") or ""] + [str(link.get("href")) for link in root.iter(ATOM + "link")]
    urls += [i or "" for i in ids]
    assert all(url.startswith(BASE_URL) for url in urls)


def test_feed_updated_honours_source_date_epoch(content: Path, build: Build, project: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build("output").code == 0
    root = etree.fromstring((project / "output" / "feed.xml").read_bytes())
    assert root.findtext(ATOM + "updated") == "2023-11-14T22:13:20Z"


def test_feed_updated_never_reads_the_clock() -> None:
    assert feed_updated(None, None) == "1970-01-01T00:00:00Z"
    assert feed_updated(None, "not a number") == "1970-01-01T00:00:00Z"
    assert feed_updated(None, "0") == "1970-01-01T00:00:00Z"
    assert feed_updated(None, "9" * 40) == "1970-01-01T00:00:00Z"
    assert feed_updated(dt.date(2020, 5, 1), None) == "2020-05-01T00:00:00Z"


def test_robots_txt(built_site: Path) -> None:
    assert (built_site / "robots.txt").read_text(encoding="utf-8") == (
        f"User-agent: *\nAllow: /\nSitemap: {BASE_URL}sitemap.xml\n")


# --- privacy, safety, determinism -------------------------------------------------------------------


def test_the_private_portfolio_appears_nowhere(built_site: Path) -> None:
    for path in built_site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in PRIVATE:
                assert needle not in data, f"{needle!r} in {path.relative_to(built_site)}"


def test_hostile_text_in_jsonld_cannot_close_the_script(hostile_site: Path) -> None:
    html = (hostile_site / "credentials" / "feedback-loops" / "index.html").read_text(encoding="utf-8")
    [block] = ldjson_blocks(html)
    assert "<" not in block and ">" not in block
    graph = json.loads(block)["@graph"]
    credential = next(n for n in graph if n["@type"] == "EducationalOccupationalCredential")
    assert credential["name"] == HOSTILE_TITLE
    assert credential["description"] == HOSTILE_SUMMARY
    # Every ld+json element of the site still parses whole.
    for page in hostile_site.rglob("*.html"):
        for found in ldjson_blocks(page.read_text(encoding="utf-8")):
            json.loads(found)


def test_hostile_text_round_trips_in_json(hostile_site: Path) -> None:
    achievement = read_json(hostile_site, "credentials/feedback-loops/achievement.json")
    assert achievement["name"] == HOSTILE_TITLE
    assert achievement["description"] == HOSTILE_SUMMARY
    assert errors_of(achievement_validator(), achievement) == []
    assert ctdl(hostile_site, "feedback-loops")["@graph"][0]["ceterms:name"] == {"en-US": HOSTILE_TITLE}
    catalog = read_json(hostile_site, "catalog.json")
    [credential] = [c for c in catalog["credentials"] if c["id"] == "feedback-loops"]
    assert (credential["title"], credential["summary"]) == (HOSTILE_TITLE, HOSTILE_SUMMARY)
    assert errors_of(catalog_validator(), catalog) == []


def test_hostile_title_is_defused_in_csv(hostile_site: Path) -> None:
    rows = [r for r in csv_rows(hostile_site) if r["credential"] == "feedback-loops"]
    assert rows
    assert all(r["credential_title"] == "'" + HOSTILE_TITLE for r in rows)
    for row in csv_rows(hostile_site):
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


def test_hostile_text_round_trips_in_xml(hostile_site: Path) -> None:
    root = etree.fromstring((hostile_site / "feed.xml").read_bytes())
    entry = next(e for e in root.findall(ATOM + "entry")
                 if e.findtext(ATOM + "id") == BASE_URL + "credentials/feedback-loops/")
    assert entry.findtext(ATOM + "title") == HOSTILE_TITLE
    assert entry.findtext(ATOM + "summary") == HOSTILE_SUMMARY
    etree.fromstring((hostile_site / "sitemap.xml").read_bytes())


def test_characters_xml_cannot_carry_are_dropped(content: Path, build: Build, project: Path) -> None:
    title = "bad\x01char\x0b here\ufffe"
    rewrite_front_matter(content / "credentials" / "feedback-loops.md", title=title)
    assert build("output").code == 0
    site = project / "output"
    etree.fromstring((site / "sitemap.xml").read_bytes())
    feed = etree.fromstring((site / "feed.xml").read_bytes())
    assert "badchar here" in [e.findtext(ATOM + "title") for e in feed.findall(ATOM + "entry")]
    # Control characters are removed when the content is read; JSON carries the rest unchanged.
    [credential] = [c for c in read_json(site, "catalog.json")["credentials"] if c["id"] == "feedback-loops"]
    assert credential["title"] == "badchar here\ufffe"


def test_exports_are_byte_identical_across_builds(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    build_into(FIXTURE_CONTENT, first)
    build_into(FIXTURE_CONTENT, second)
    one, two = export_files(first), export_files(second)
    assert one.keys() == two.keys()
    exports = [rel for rel in one if rel.endswith(EXPORT_SUFFIXES)]
    assert {"catalog.json", "recognitions.csv", "feed.xml", "sitemap.xml", "robots.txt",
            "schemas/catalog.schema.json", "credentials/feedback-loops/ctdl.json"} <= set(exports)
    assert [rel for rel in exports if one[rel] != two[rel]] == []


def test_exports_end_with_one_newline_and_are_utf8(built_site: Path) -> None:
    for rel in ("catalog.json", "recognitions.csv", "feed.xml", "sitemap.xml", "robots.txt",
                "credentials/feedback-loops/achievement.json", "credentials/feedback-loops/ctdl.json"):
        data = (built_site / rel).read_bytes()
        data.decode("utf-8")
        assert data.endswith(b"\n") and not data.endswith(b"\n\n"), rel


def test_every_absolute_url_in_json_exports_is_under_base_url_or_content(built_site: Path) -> None:
    catalog = read_json(built_site, "catalog.json")
    external = {s for s in strings(catalog) if s.startswith("http") and not s.startswith(BASE_URL)}
    # Only URLs that the content itself gives (issuer, district, alignment, reference links) leave the site.
    assert external <= {"https://www.pesb.wa.gov/", "https://example.org/district", "https://example.org/standards",
                        "https://example.org/ref", "https://example.org/article"}
