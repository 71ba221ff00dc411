"""W3C Web Annotation export, text-fragment links, and the "show on the original page" link.

No maintained JSON Schema of the Web Annotation model ships with a package this
project can install, so :data:`SCHEMA` below is written from the MUSTs of the
Web Annotation Data Model (W3C Recommendation, 23 February 2017) for what the
writer produces: annotation, textual body, specific resource, the three
selectors, agent, collection and embedded page.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import SEED_MAP, SEED_TEXT, dedent
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.anchoring import Document
from argmap.diagram import RenderOptions, render_digest
from argmap.exports import ExportError, export, export_data
from argmap.formats import textfragment
from argmap.formats.textfragment import decode_term, encode_term, parse_text_directive, passage_link, safe_url, text_directive
from argmap.html import render_html
from argmap.loader import load
from argmap.rendering import render

URL = "https://www.nybooks.com/daily/2015/11/16/paris-attacks-isis-strategy-chaos/"
IRI = r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$"
MOTIVATIONS = ["assessing", "bookmarking", "classifying", "commenting", "describing", "editing", "highlighting", "identifying", "linking", "moderating", "questioning", "replying", "tagging"]

# --- the Web Annotation model's MUSTs, as a JSON Schema -----------------------------------------------

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {
        "iri": {"type": "string", "pattern": IRI},
        "context": {
            # 1 or more values, the Web Annotation context one of them; a single value is a string.
            "anyOf": [
                {"const": "http://www.w3.org/ns/anno.jsonld"},
                {"type": "array", "minItems": 2, "contains": {"const": "http://www.w3.org/ns/anno.jsonld"}},
            ]
        },
        "types": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]},
        "motivation": {"enum": MOTIVATIONS},
        "agent": {
            "type": "object",
            "properties": {"id": {"$ref": "#/$defs/iri"}, "type": {"enum": ["Person", "Organization", "Software"]}, "name": {"type": "string"}},
        },
        "textualBody": {
            "type": "object",
            "required": ["type", "value"],
            "properties": {
                "type": {"const": "TextualBody"},
                "value": {"type": "string"},
                "format": {"type": "string"},
                "purpose": {"anyOf": [{"$ref": "#/$defs/motivation"}, {"type": "array", "items": {"$ref": "#/$defs/motivation"}}]},
                "creator": {"$ref": "#/$defs/agent"},
            },
        },
        "textQuoteSelector": {
            "type": "object",
            "required": ["type", "exact"],
            "properties": {"type": {"const": "TextQuoteSelector"}, "exact": {"type": "string"}, "prefix": {"type": "string"}, "suffix": {"type": "string"}},
        },
        "textPositionSelector": {
            "type": "object",
            "required": ["type", "start", "end"],
            "properties": {"type": {"const": "TextPositionSelector"}, "start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 0}},
        },
        "fragmentSelector": {
            "type": "object",
            "required": ["type", "value"],
            "properties": {"type": {"const": "FragmentSelector"}, "value": {"type": "string"}, "conformsTo": {"$ref": "#/$defs/iri"}},
        },
        "selector": {"oneOf": [{"$ref": "#/$defs/textQuoteSelector"}, {"$ref": "#/$defs/textPositionSelector"}, {"$ref": "#/$defs/fragmentSelector"}]},
        "specificResource": {
            "type": "object",
            "required": ["source"],
            "properties": {
                "id": {"$ref": "#/$defs/iri"},
                "type": {"const": "SpecificResource"},
                "source": {"$ref": "#/$defs/iri"},
                "purpose": {"$ref": "#/$defs/motivation"},
                "selector": {"anyOf": [{"$ref": "#/$defs/selector"}, {"type": "array", "items": {"$ref": "#/$defs/selector"}}]},
            },
        },
        "body": {"oneOf": [{"$ref": "#/$defs/textualBody"}, {"$ref": "#/$defs/specificResource"}]},
        "annotation": {
            "type": "object",
            "required": ["id", "type", "target"],
            "not": {"required": ["bodyValue", "body"]},
            "properties": {
                "@context": {"$ref": "#/$defs/context"},
                "id": {"$ref": "#/$defs/iri"},
                "type": {"anyOf": [{"const": "Annotation"}, {"type": "array", "contains": {"const": "Annotation"}}]},
                "motivation": {"$ref": "#/$defs/motivation"},
                "body": {"anyOf": [{"$ref": "#/$defs/body"}, {"type": "array", "items": {"$ref": "#/$defs/body"}, "minItems": 1}]},
                "target": {"anyOf": [{"$ref": "#/$defs/iri"}, {"$ref": "#/$defs/specificResource"}, {"type": "array", "minItems": 1}]},
            },
        },
        "page": {
            "type": "object",
            "required": ["id", "type", "items"],
            "not": {"required": ["@context"]},  # embedded: SHOULD NOT repeat the context
            "properties": {
                "id": {"$ref": "#/$defs/iri"},
                "type": {"const": "AnnotationPage"},
                "partOf": {"$ref": "#/$defs/iri"},
                "startIndex": {"type": "integer", "minimum": 0},
                "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/annotation"}},
            },
        },
    },
    "type": "object",
    "required": ["@context", "id", "type"],
    "properties": {
        "@context": {"$ref": "#/$defs/context"},
        "id": {"$ref": "#/$defs/iri"},
        "type": {"anyOf": [{"const": "AnnotationCollection"}, {"type": "array", "contains": {"const": "AnnotationCollection"}}]},
        "label": {"type": "string"},
        "total": {"type": "integer", "minimum": 0},
        "first": {"$ref": "#/$defs/page"},
    },
    # A collection with annotations has a first page.
    "if": {"properties": {"total": {"exclusiveMinimum": 0}}, "required": ["total"]},
    "then": {"required": ["first"]},
}


jsonschema.Draft202012Validator.check_schema(SCHEMA)
COLLECTION = jsonschema.Draft202012Validator(SCHEMA)
ANNOTATION = jsonschema.Draft202012Validator(SCHEMA["$defs"]["annotation"] | {"$defs": SCHEMA["$defs"]})


def check_model(collection: dict[str, Any]) -> list[dict[str, Any]]:
    """Validate a collection against the model's MUSTs; return its annotations."""
    COLLECTION.validate(collection)
    items = collection["first"]["items"] if collection.get("total") else []
    assert collection["total"] == len(items)
    for item in items:
        # Taken alone, each annotation with the collection's context is an annotation document.
        ANNOTATION.validate({"@context": collection["@context"], **item})
        for selector in item["target"]["selector"]:
            if selector["type"] == "TextPositionSelector":
                assert selector["start"] <= selector["end"]
    assert len({item["id"] for item in items}) == len(items), "annotation ids are unique"
    return items


def web_annotations(path: Path) -> dict[str, Any]:
    return json.loads(export(load(path), "webannotation"))


# --- the seed map ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    return web_annotations(SEED_MAP)


def passages_of(data: dict[str, Any]) -> list[tuple[str, str, int, dict[str, Any]]]:
    """(owner type, owner id, index, provenance item) of every passage, in export order."""
    found = [("node", node["id"], index, item) for node in data["nodes"] for index, item in enumerate(node["provenance"])]
    found += [("argument", argument["id"], index, item) for argument in data["arguments"] for index, item in enumerate(argument["provenance"])]
    return found


def test_seed_export_is_deterministic_and_follows_the_model(seed: dict[str, Any]) -> None:
    again = export(load(SEED_MAP), "webannotation")
    assert export(load(SEED_MAP), "webannotation") == again
    assert json.loads(again) == seed
    items = check_model(seed)
    assert seed["label"] == "From Mumbai to Paris" and seed["id"] == "urn:argmap:mumbai-to-paris"
    assert seed["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    data = export_data(load(SEED_MAP))
    expected = passages_of(data)
    assert len(items) == len(expected) == 60
    assert [item["id"] for item in items] == [f"urn:argmap:mumbai-to-paris:{kind}:{owner}:{index}" for kind, owner, index, _ in expected]


def test_every_selector_names_the_passage_in_the_source_text(seed: dict[str, Any]) -> None:
    text = SEED_TEXT.read_bytes().decode("utf-8")
    data = export_data(load(SEED_MAP))
    for item, (_kind, _owner, _index, provenance) in zip(seed["first"]["items"], passages_of(data), strict=True):
        quote, position = item["target"]["selector"][:2]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        start, end = position["start"], position["end"]
        assert (start, end) == (provenance["start"], provenance["end"])
        assert quote["exact"] == text[start:end] == provenance["text"]
        assert quote["prefix"] == text[max(0, start - 32) : start] == provenance["prefix"]
        assert quote["suffix"] == text[end : end + 32] == provenance["suffix"]
        # Without a url: the source's URN, and no text fragment.
        assert item["target"]["source"] == "urn:argmap:mumbai-to-paris:source:rashid-2015"
        assert len(item["target"]["selector"]) == 2


def test_bodies_describe_the_node_its_kind_tags_agent_and_relations(seed: dict[str, Any]) -> None:
    data = export_data(load(SEED_MAP))
    nodes = {node["id"]: node for node in data["nodes"]}
    base = "urn:argmap:mumbai-to-paris"
    seen_links = set()
    for item in seed["first"]["items"]:
        owner = item["id"].split(":")[-2]
        bodies = item["body"]
        by_purpose: dict[str, list[dict[str, Any]]] = {}
        for body in bodies:
            by_purpose.setdefault(body["purpose"], []).append(body)
        if ":argument:" in item["id"]:
            continue
        node = nodes[owner]
        [describing] = by_purpose["describing"]
        assert describing == {"type": "TextualBody", "value": node["text"], "format": "text/plain", "purpose": "describing"} | (
            {"creator": describing["creator"]} if node["asserted_by"] else {}
        )
        if node["asserted_by"]:
            assert describing["creator"]["id"] == f"{base}:agent:{node['asserted_by']['id']}"
            assert describing["creator"]["name"] == node["asserted_by"]["name"]
        assert by_purpose["identifying"] == [{"type": "SpecificResource", "source": f"{base}:node:{owner}", "purpose": "identifying"}]
        classes = [body["value"] for body in by_purpose["classifying"]]
        assert classes == [node["type"], *([node["kind"]] if node["kind"] else []), *(["thesis"] if node["thesis"] else [])]
        assert [body["value"] for body in by_purpose.get("tagging", [])] == node["tags"]
        assert [body["value"] for body in by_purpose.get("commenting", [])] == ([node["note"]] if node["note"] else [])
        for body in by_purpose.get("linking", []):
            seen_links.add((owner, body["argmap:relation"], body["source"]))
    # Every relation drawn from a quoting node is a link of its annotations.
    quoting = {owner for _kind, owner, _index, _item in passages_of(data)}
    for relation in data["relations"]:
        for source in relation["sources"]:
            if source not in quoting:
                continue
            if relation["argument"] is not None:
                assert (source, "premise-of", f"{base}:argument:{relation['argument']}") in seen_links
            elif relation["type"] == "undercuts":
                target = relation["to"]
                iri = f"{base}:argument:{target}" if any(a["id"] == target for a in data["arguments"]) else f"{base}:relation:{target.replace(' ', '%20')}"
                assert (source, "undercuts", iri) in seen_links
            else:
                assert (source, relation["type"], f"{base}:node:{relation['to']}") in seen_links


def test_an_argument_passage_links_its_premises_and_conclusion() -> None:
    structures = Path(__file__).parent / "fixtures" / "golden" / "structures.yaml"
    items = check_model(web_annotations(structures))
    [need] = [item for item in items if item["id"] == "urn:argmap:structures:argument:need:0"]
    links = [(body["argmap:relation"], body["source"].rsplit(":", 1)[1]) for body in need["body"] if body["purpose"] == "linking"]
    assert links == [("premise", "too-small"), ("premise", "town-growing"), ("supports", "build-school")]
    assert need["body"][0]["value"] == "A full school in a growing town needs more room."
    assert [b["value"] for b in need["body"] if b["purpose"] == "classifying"] == ["argument", "argument from need"]


# --- maps made for the tests ---------------------------------------------------------------------------


def seed_copy(tmp_path: Path, url: str | None) -> Path:
    """The seed map in tmp_path, reading the seed text in place, with a url on its source."""
    text = SEED_MAP.read_text(encoding="utf-8").replace("path: ../seeds/from-mumbai-to-paris.txt", "path: from-mumbai-to-paris.txt")
    if url is not None:
        text = text.replace("    publisher: The New York Review of Books\n", f"    publisher: The New York Review of Books\n    url: {json.dumps(url)}\n", 1)
    shutil.copyfile(SEED_TEXT, tmp_path / "from-mumbai-to-paris.txt")  # sources are read inside the map's project
    path = tmp_path / "mumbai-to-paris.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_source_url_becomes_the_target_and_a_text_fragment(tmp_path: Path) -> None:
    path = seed_copy(tmp_path, URL)
    items = check_model(web_annotations(path))
    data = export_data(load(path))
    for item, (_kind, _owner, _index, provenance) in zip(items, passages_of(data), strict=True):
        assert item["target"]["source"] == URL
        [fragment] = [s for s in item["target"]["selector"] if s["type"] == "FragmentSelector"]
        assert fragment["conformsTo"] == "https://wicg.github.io/scroll-to-text-fragment/"
        assert provenance["link"] == f"{URL}#{fragment['value']}"
        directive = parse_text_directive(fragment["value"].removeprefix(":~:text="))
        assert directive is not None
        words = " ".join(provenance["text"].split())
        if directive.end is None:
            assert directive.start == words
        else:
            assert words.startswith(directive.start) and words.endswith(directive.end)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "vbscript:x", "https://", "http:/example.org/a", "https://exa mple.org/", "https://example.org/\n", "ftp://example.org/a"])
def test_a_url_that_is_not_http_never_becomes_a_link(tmp_path: Path, url: str) -> None:
    assert safe_url(url) is None
    path = seed_copy(tmp_path, url)
    data = export_data(load(path))
    assert all(item["link"] is None for _k, _o, _i, item in passages_of(data))
    items = check_model(web_annotations(path))
    for item in items:
        assert item["target"]["source"] == "urn:argmap:mumbai-to-paris:source:rashid-2015"
        assert all(s["type"] != "FragmentSelector" for s in item["target"]["selector"])
    assert "javascript:" not in json.dumps([item["target"] for item in items])


def test_json_export_has_a_null_link_without_url() -> None:
    data = export_data(load(SEED_MAP))
    assert all("link" in item and item["link"] is None for _k, _o, _i, item in passages_of(data))


def test_html_source_positions_count_the_extracted_text(write_map: Any, tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        "<html><head><title>T</title><script>var x = 'A cat &amp; a dog';</script></head>"
        "<body><h1>Pets</h1><p>A cat &amp; a <b>dog</b> \U0001f408 share a\n   house.</p><p>They sleep.</p></body></html>",
        encoding="utf-8",
    )
    path = write_map(
        """
        argmap: 1
        title: Pets
        sources:
          page:
            path: page.html
            url: https://example.org/pets
        claims:
          share:
            text: A cat and a dog share a house.
            quote: "A cat & a dog \U0001f408 share a house."
        """,
        source=None,
    )
    [item] = check_model(web_annotations(path))
    quote, position, fragment = item["target"]["selector"]
    extracted = "Pets\nA cat & a dog \U0001f408 share a house.\nThey sleep.\n"
    assert extracted[position["start"] : position["end"]] == quote["exact"] == "A cat & a dog \U0001f408 share a house."
    assert position == {"type": "TextPositionSelector", "start": 5, "end": 5 + len("A cat & a dog \U0001f408 share a house.")}
    assert quote["prefix"] == "Pets\n" and quote["suffix"] == "\nThey sleep.\n"
    assert fragment["value"] == ":~:text=A%20cat%20%26%20a%20dog%20%F0%9F%90%88%20share%20a%20house."


def test_hostile_text_stays_text(write_map: Any) -> None:
    hostile = 'Q "}], "x": 1, <script>alert(1)</script> \\u0000 \u2028 end'
    path = write_map(
        f"""
        argmap: 1
        title: {json.dumps(hostile)}
        sources:
          src:
            path: source.txt
        claims:
          rose:
            text: {json.dumps(hostile)}
            note: {json.dumps(hostile)}
            quote: The river rose above the old bridge.
        """
    )
    text = export(load(path), "webannotation")
    data = json.loads(text)
    [item] = check_model(data)
    assert data["label"] == hostile
    assert item["body"][0]["value"] == hostile
    assert [b["value"] for b in item["body"] if b["purpose"] == "commenting"] == [hostile]


def test_a_map_without_passages_is_an_empty_collection(write_map: Any) -> None:
    path = write_map(
        """
        argmap: 1
        title: Nothing quoted
        claims:
          a:
            text: A.
            implicit: true
        """,
        source=None,
    )
    data = web_annotations(path)
    check_model(data)
    assert data["total"] == 0 and "first" not in data


# --- text fragments --------------------------------------------------------------------------------------

#: Characters a term keeps as they are (everything else is percent-encoded).
KEPT = re.compile(r"^(?:[A-Za-z0-9._~!$:;=?@/+]|%[0-9A-F]{2})*$")
texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=80)


@given(texts)
def test_encoding_a_term_round_trips(term: str) -> None:
    encoded = encode_term(term)
    assert KEPT.match(encoded), encoded
    assert "-" not in encoded and "," not in encoded and "&" not in encoded
    assert decode_term(encoded) == term


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=300)
@given(st.text(st.characters(exclude_categories=("Cs", "Zl", "Zp", "Cc")) | st.sampled_from("-,&%'\"“”é ü 😀"), min_size=1, max_size=120), st.text(max_size=30), st.text(max_size=30))
def test_decoding_the_fragment_gives_back_the_passage(passage: str, before: str, after: str) -> None:
    """A one-line passage of at most 300 characters is given whole: the link decodes to its words."""
    text = before + passage + after
    link = passage_link(URL, text, len(before), len(before) + len(passage))
    words = " ".join(passage.split())
    if not words:
        assert link is None
        return
    assert link is not None and link.startswith(URL + "#:~:text=")
    fragment = link.split("#:~:", 1)[1]
    assert "&" not in fragment and KEPT.match(fragment.removeprefix("text=").replace(",", "").replace("-", ""))
    directive = parse_text_directive(fragment.removeprefix("text="))
    assert directive is not None
    assert directive.start == words and directive.end is None


@pytest.mark.parametrize(
    ("passage", "encoded"),
    [
        ("al-Qaeda, ISIS & co", "al%2DQaeda%2C%20ISIS%20%26%20co"),
        ("100% sure", "100%25%20sure"),
        ('"quoted" and ‘curly’', "%22quoted%22%20and%20%E2%80%98curly%E2%80%99"),
        ("Café Zürich", "Caf%C3%A9%20Z%C3%BCrich"),
        ("a\n  wrapped\tline", None),  # two lines: a range
    ],
)
def test_text_directive_encoding(passage: str, encoded: str | None) -> None:
    directive = text_directive(passage, 0, len(passage))
    if encoded is not None:
        assert directive == "text=" + encoded
    else:
        assert directive == "text=a,wrapped%20line"


def test_long_and_multi_line_passages_become_ranges() -> None:
    words = [f"word{n}" for n in range(80)]
    text = " ".join(words) + "."
    directive = text_directive(text, 0, len(text))
    assert directive == "text=word0%20word1%20word2%20word3%20word4,word75%20word76%20word77%20word78%20word79."
    parsed = parse_text_directive(directive.removeprefix("text="))
    assert parsed is not None and (parsed.start, parsed.end) == ("word0 word1 word2 word3 word4", "word75 word76 word77 word78 word79.")


def test_a_range_end_that_repeats_inside_the_passage_takes_more_words() -> None:
    words = " ".join(f"w{n}" for n in range(60))
    passage = f"Start here {words} at the end of the day. {words} and then at the end of the day."
    text = "Before. " + passage + " After."
    first = text.index(passage)
    directive = text_directive(text, first, first + len(passage))
    parsed = parse_text_directive(directive.removeprefix("text="))  # type: ignore[union-attr]
    assert parsed is not None and parsed.start == "Start here w0 w1 w2"
    # "at the end of the day." would end the range at its first occurrence, inside the passage: ten words do not.
    assert parsed.end == "w58 w59 and then at the end of the day." and parsed.prefix is None and parsed.suffix is None
    assert textfragment._selects(textfragment._search(text), None, parsed.start, parsed.end, None) == (first, first + len(passage))


def test_context_is_added_only_when_the_passage_repeats() -> None:
    text = "The river rose. Rain fell all night and then the river rose again.\nThe river rose."
    assert text_directive(text, 0, 15) == "text=The%20river%20rose."
    # The second "the river rose": the first match would be the first sentence, so a prefix tells them apart.
    second = text.index("the river rose")
    assert text_directive(text, second, second + 14) == "text=night%20and%20then-,the%20river%20rose"
    # The last line has no words before it on its line: the prefix comes from the line before.
    last = text.rindex("The river rose.")
    assert text_directive(text, last, len(text)) == "text=river%20rose%20again.-,The%20river%20rose."
    # A unique passage needs no context, whatever its case.
    assert text_directive(text, text.index("Rain"), text.index("Rain") + 9) == "text=Rain%20fell"


def test_link_keeps_the_urls_own_fragment_and_drops_an_old_directive() -> None:
    text = "A unique sentence."
    assert passage_link("https://example.org/a?b=c#sec", text, 0, len(text)) == "https://example.org/a?b=c#sec:~:text=A%20unique%20sentence."
    assert passage_link("https://example.org/a#:~:text=old", text, 0, len(text)) == "https://example.org/a#:~:text=A%20unique%20sentence."
    assert passage_link("HTTPS://example.org/", text, 0, len(text)) == "HTTPS://example.org/#:~:text=A%20unique%20sentence."
    assert passage_link(URL, "   \n ", 0, 5) is None


def test_parse_text_directive_follows_the_spec() -> None:
    assert parse_text_directive("a-,b,c,-d") == ("a", "b", "c", "d")
    assert parse_text_directive("b") == (None, "b", None, None)
    assert parse_text_directive("b,-d") == (None, "b", None, "d")
    for invalid in ("", "a-", "-d", "a-,-d", "a,b,c", "-a-", "a-b", "a,,b"):
        assert parse_text_directive(invalid) is None, invalid


# --- in a browser ------------------------------------------------------------------------------------------

CHROMIUM = os.environ.get("ARGMAP_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _missing_browser() -> str | None:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"the browser tests need Chromium at {CHROMIUM}: run `make test`, which installs it (Debian package `chromium`)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the browser tests need the `playwright` Python package: run `make test`, which installs it"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium; a test fails (never skips) when it is missing."""
    missing = _missing_browser()
    if missing is not None:
        pytest.fail(missing, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


def _offline_page(browser: Any) -> tuple[Any, Any, list[str]]:
    """A page that may open file: and data: URLs only; the list collects what was refused."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, reduced_motion="reduce")
    refused: list[str] = []

    def block(route: Any) -> None:
        refused.append(route.request.url)
        route.abort()

    context.route(re.compile(r"^(?!file:|data:|about:).*"), block)
    return context, context.new_page(), refused


@pytest.mark.browser
def test_the_page_shows_a_link_to_the_original_page(browser: Any, tmp_path: Path) -> None:
    path = seed_copy(tmp_path, URL)
    loaded = load(path)
    page_file = tmp_path / "page.html"
    page_file.write_bytes(render_html(loaded, render(loaded, "svg"), render_digest(loaded, RenderOptions())))
    [node] = [n for n in export_data(loaded)["nodes"] if n["id"] == "ankara-bombing"]
    context, page, refused = _offline_page(browser)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(page_file.as_uri())
        page.wait_for_selector("html[data-ready='true']")
        page.click("#node-ankara-bombing")
        links = page.locator("#details a.d-origin, #details .d-origin a")
        assert links.count() == len(node["provenance"]) == 1
        link = links.first
        assert link.inner_text().startswith("Show on the original page")
        assert link.get_attribute("href") == node["provenance"][0]["link"]
        assert link.get_attribute("target") == "_blank"
        assert link.get_attribute("rel") == "noopener noreferrer"
        assert page.evaluate("(a => new URL(a.href).protocol)", link.element_handle()) == "https:"
        # The page itself fetched nothing (the CSP forbids it); a link is for the reader to follow.
        assert refused == [] and errors == []
    finally:
        context.close()


@pytest.mark.browser
def test_the_page_refuses_a_link_that_is_not_http(browser: Any, tmp_path: Path) -> None:
    """Even with a `javascript:` link forced into the page's data, the script shows no link."""
    path = seed_copy(tmp_path, URL)
    loaded = load(path)
    markup = render_html(loaded, render(loaded, "svg"), render_digest(loaded, RenderOptions())).decode("utf-8")
    data_start = markup.index('<script type="application/json" id="argmap-data">') + len('<script type="application/json" id="argmap-data">')
    data_end = markup.index("</script>", data_start)
    data = json.loads(markup[data_start:data_end])
    for node in data["nodes"]:
        for quote in node["quotes"]:
            if quote.get("link"):
                quote["link"] = "javascript:alert(1)//" if node["id"] == "ankara-bombing" else quote["link"].replace("https:", "data:", 1)
    page_file = tmp_path / "forced.html"
    page_file.write_text(markup[:data_start] + json.dumps(data).replace("<", "\\u003c") + markup[data_end:], encoding="utf-8")
    context, page, refused = _offline_page(browser)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(page_file.as_uri())
        page.wait_for_selector("html[data-ready='true']")
        for node_id in ("ankara-bombing", "paris-attacks"):
            page.click(f"#node-{node_id}")
            assert page.locator("#details .d-quote").count() >= 1
            assert page.locator("#details a").count() == 0
        assert dialogs == [] and refused == []
    finally:
        context.close()


def _paragraph_page(document: Document, path: Path) -> None:
    """The source text as an HTML page: one far-apart <p> per paragraph, as an article's page would have them."""
    parts = [f'<p id="p{number}" style="margin: 3000px 0 0">{html.escape(document.text[span.start : span.end])}</p>' for number, span in enumerate(document.paragraphs, 1)]
    path.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>' + "".join(parts) + '<div style="height: 3000px"></div></body></html>', encoding="utf-8")


def _paragraph_in_view(page: Any) -> list[int]:
    return page.evaluate(
        """() => [...document.querySelectorAll('p')].filter(p => {
               const r = p.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight;
           }).map(p => Number(p.id.slice(1)))"""
    )


def _land(page: Any, base: str, link: str) -> list[int]:
    page.goto("about:blank")
    page.goto(base + "#" + textfragment.fragment_of(link))
    page.wait_for_function("() => window.scrollY > 0", timeout=5000)
    page.wait_for_function(
        """() => new Promise(done => { let last = scrollY; requestAnimationFrame(() => requestAnimationFrame(() => done(scrollY === last))); })""",
        timeout=5000,
    )
    return _paragraph_in_view(page)


@pytest.mark.browser
def test_chromium_opens_each_seed_link_at_its_passage(browser: Any, tmp_path: Path) -> None:
    """Every text-fragment link of the seed map, followed in Chromium on a page of the same text,
    scrolls to the paragraph where the passage starts (or, for a passage over several, ends)."""
    path = seed_copy(tmp_path, URL)
    data = export_data(load(path))
    document = Document(SEED_TEXT.read_text(encoding="utf-8"))
    page_file = tmp_path / "article.html"
    _paragraph_page(document, page_file)
    context, page, refused = _offline_page(browser)
    try:
        for _kind, owner, _index, item in passages_of(data):
            expected = {document.position(item["start"]).paragraph, document.position(item["end"] - 1).paragraph}
            assert expected & set(_land(page, page_file.as_uri(), item["link"])), (owner, item["link"])
        assert refused == []
    finally:
        context.close()


@pytest.mark.browser
def test_chromium_finds_the_right_one_of_repeated_passages(browser: Any, write_map: Any, tmp_path: Path) -> None:
    # Blank lines between the paragraphs: lines of similar length with none would read as one
    # hard-wrapped paragraph.
    source = dedent(
        """
        The river rose. It was a wet year, and the fields were under water for weeks on end.

        Nobody in the valley had seen such rain since the old mill burned down in the great storm.

        Then the river rose again, and the town – its 1,200 people & their 100% soaked homes – waited.

        By spring the river rose once more; the mayor said the town would rebuild, café and all.

        The river rose.
        """
    )
    path = write_map(
        """
        argmap: 1
        title: Floods
        sources:
          src:
            path: source.txt
            url: https://example.org/floods
        claims:
          again:
            text: The river rose again.
            cites:
              - quote: the river rose
                occurrence: 1
          spring:
            text: It rose in spring.
            cites:
              - quote: the river rose
                occurrence: 2
          last:
            text: The river rose at the end.
            cites:
              - quote: The river rose.
                occurrence: 2
          town:
            text: The town waited.
            quote: "the town – its 1,200 people & their 100% soaked homes – waited"
          cafe:
            text: The café will be rebuilt.
            quote: café and all
        """,
        source=source,
    )
    data = export_data(load(path))
    document = Document(source)
    page_file = tmp_path / "floods.html"
    _paragraph_page(document, page_file)
    expected = {"again": 3, "spring": 4, "last": 5, "town": 3, "cafe": 4}
    context, page, refused = _offline_page(browser)
    try:
        for node in data["nodes"]:
            [item] = node["provenance"]
            assert item["link"] is not None and item["start"] is not None
            assert _land(page, page_file.as_uri(), item["link"]) == [expected[node["id"]]], (node["id"], item["link"])
        assert refused == []
    finally:
        context.close()


def test_a_passage_not_found_keeps_only_its_quote(write_map: Any) -> None:
    """The export refuses a map with errors, but the writer itself never fails on one."""
    path = write_map(
        """
        argmap: 1
        title: Missing
        sources:
          src:
            path: source.txt
            url: https://example.org/src
        claims:
          gone:
            text: Not there.
            quote: This sentence is not in the source.
        """
    )
    [item] = check_model(web_annotations(path))
    assert item["target"]["selector"] == [{"type": "TextQuoteSelector", "exact": "This sentence is not in the source."}]
    assert item["target"]["source"] == "https://example.org/src"
    [passage] = export_data(load(path))["nodes"][0]["provenance"]
    assert passage["link"] is None and passage["start"] is None


@pytest.mark.parametrize("fmt", ["webannotation", "hypothesis"])
def test_a_map_with_format_errors_is_refused(write_map: Any, fmt: str) -> None:
    path = write_map("- not\n- a map\n")
    with pytest.raises(ExportError):
        export(load(path), fmt)
