"""Hypothesis export: API-shaped annotations, positions in UTF-16 units of the page's text."""

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
from conftest import SEED_MAP, SEED_TEXT
from hypothesis import given
from hypothesis import strategies as st

from argmap.exports import export, export_data
from argmap.formats.hypothesis import PageText, markdown
from argmap.loader import load

URL = "https://www.nybooks.com/daily/2015/11/16/paris-attacks-isis-strategy-chaos/"

#: What the Hypothesis API's create endpoint validates (its annotation schema), and the selectors the client anchors with.
API_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["uri", "target", "text", "tags"],
    "properties": {
        "uri": {"type": "string", "minLength": 1},
        "text": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "document": {"type": "object", "properties": {"title": {"type": "array", "items": {"type": "string"}}}},
        "target": {
            "type": "array",
            "minItems": 1,
            "maxItems": 1,
            "items": {
                "type": "object",
                "required": ["source", "selector"],
                "properties": {
                    "source": {"type": "string"},
                    "selector": {"type": "array", "items": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}}}},
                },
            },
        },
    },
    "not": {"anyOf": [{"required": ["group"]}, {"required": ["permissions"]}, {"required": ["id"]}]},
}
VALIDATOR = jsonschema.Draft202012Validator(API_SCHEMA)


def hypothesis_export(path: Path) -> list[dict[str, Any]]:
    found = json.loads(export(load(path), "hypothesis"))
    assert isinstance(found, list)
    for item in found:
        VALIDATOR.validate(item)
        assert item["target"][0]["source"] == item["uri"]
    return found


def provenance(path: Path) -> list[dict[str, Any]]:
    data = export_data(load(path))
    return [item for entry in data["nodes"] + data["arguments"] for item in entry["provenance"]]


def selectors(item: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {selector["type"]: selector for selector in item["target"][0]["selector"]}


def test_seed_export_is_deterministic_and_api_shaped() -> None:
    first = export(load(SEED_MAP), "hypothesis")
    assert export(load(SEED_MAP), "hypothesis") == first
    items = hypothesis_export(SEED_MAP)
    passages = provenance(SEED_MAP)
    assert len(items) == len(passages) == 60
    text = SEED_TEXT.read_bytes().decode("utf-8")
    assert "\r" not in text  # the seed has LF line ends and no character outside the BMP: offsets are the JSON export's
    for item, passage in zip(items, passages, strict=True):
        assert item["uri"] == "urn:argmap:mumbai-to-paris:source:rashid-2015"
        assert item["document"] == {"title": ["From Mumbai to Paris"]}
        found = selectors(item)
        assert set(found) == {"TextQuoteSelector", "TextPositionSelector"}
        assert (found["TextPositionSelector"]["start"], found["TextPositionSelector"]["end"]) == (passage["start"], passage["end"])
        assert found["TextQuoteSelector"] == {"type": "TextQuoteSelector", "exact": passage["text"], "prefix": passage["prefix"], "suffix": passage["suffix"]}


def test_text_and_tags_say_what_the_node_is() -> None:
    items = hypothesis_export(SEED_MAP)
    data = export_data(load(SEED_MAP))
    nodes = {node["id"]: node for node in data["nodes"]}
    owners = [node["id"] for node in data["nodes"] for _ in node["provenance"]]
    for item, owner in zip(items, owners, strict=True):
        node = nodes[owner]
        paragraphs = item["text"].split("\n\n")
        assert html.unescape(paragraphs[0]) == " ".join(node["text"].split())
        assert f"argmap node {markdown(owner)}" in paragraphs[1]
        assert item["tags"][: len(node["tags"])] == node["tags"]
        assert f"argmap:{node['type']}" in item["tags"]
        if node["kind"]:
            assert f"argmap:{node['kind']}" in item["tags"]
        assert ("argmap:thesis" in item["tags"]) == node["thesis"]
        if node["asserted_by"]:
            assert f"Asserted by {markdown(node['asserted_by']['name'])}" in item["text"]
        for relation in data["relations"]:
            if relation["argument"] is None and relation["from"] == owner:
                assert f"**{relation['type'].capitalize()}**: " in item["text"]


# --- UTF-16 positions, CR LF line ends --------------------------------------------------------------------

#: A source with CR LF line ends and characters outside the Basic Multilingual Plane (2 UTF-16 units each).
WIDE = "Line one 😀 has an emoji.\r\nThe second line 🎉🎉 follows.\r\nThird: 𝒳 is a math letter, and café.\r\nLast\rline with a lone CR.\r\n"


@pytest.fixture
def wide_map(write_map: Any, tmp_path: Path) -> Path:
    path = write_map(
        """
        argmap: 1
        title: Wide characters
        sources:
          wide:
            path: wide.txt
            title: Wide
        claims:
          second:
            text: The second line.
            quote: "The second line 🎉🎉 follows."
          across:
            text: It goes on.
            quote: "follows. Third: 𝒳 is"
          cafe:
            text: Coffee.
            quote: "café"
          lone:
            text: After a lone CR.
            quote: "line with a lone CR."
        """,
        source=None,
    )
    (tmp_path / "wide.txt").write_bytes(WIDE.encode("utf-8"))
    return path


def test_positions_count_utf16_units_of_the_text_with_lf_line_ends(wide_map: Path) -> None:
    items = hypothesis_export(wide_map)
    page = WIDE.replace("\r\n", "\n").replace("\r", "\n")
    units = page.encode("utf-16-le")
    expected = {"The second line 🎉🎉 follows.", "follows.\nThird: 𝒳 is", "café", "line with a lone CR."}
    assert {selectors(item)["TextQuoteSelector"]["exact"] for item in items} == expected
    for item, passage in zip(items, provenance(wide_map), strict=True):
        quote, position = selectors(item)["TextQuoteSelector"], selectors(item)["TextPositionSelector"]
        start, end = position["start"], position["end"]
        assert units[2 * start : 2 * end].decode("utf-16-le") == quote["exact"]
        assert units[: 2 * start].decode("utf-16-le").endswith(quote["prefix"]) and len(quote["prefix"]) == min(32, len(units[: 2 * start].decode("utf-16-le")))
        assert units[2 * end :].decode("utf-16-le").startswith(quote["suffix"])
        # The same passage, as argmap reads the file: code points, CR LF kept (the JSON export and Web Annotation).
        assert passage["text"].replace("\r\n", "\n") == quote["exact"]
    [second] = [item for item in items if selectors(item)["TextQuoteSelector"]["exact"].startswith("The second")]
    # "Line one 😀 has an emoji.\n" is 25 code points, 26 UTF-16 units; the quote holds two more wide characters.
    assert selectors(second)["TextPositionSelector"] == {"type": "TextPositionSelector", "start": 26, "end": 26 + 29}


def test_page_text_offsets() -> None:
    page = PageText("a\r\nb😀c\rd")
    assert page.text == "a\nb😀c\nd"
    assert [page.index(i) for i in range(9)] == [0, 1, 2, 2, 3, 4, 5, 6, 7]
    assert [page.utf16(i) for i in range(8)] == [0, 1, 2, 3, 5, 6, 7, 8]


def test_the_web_annotation_export_keeps_code_points_and_cr_lf(wide_map: Path) -> None:
    collection = json.loads(export(load(wide_map), "webannotation"))
    for item in collection["first"]["items"]:
        quote, position = item["target"]["selector"][:2]
        assert WIDE[position["start"] : position["end"]] == quote["exact"]


# --- urls -----------------------------------------------------------------------------------------------


def seed_copy(tmp_path: Path, url: str) -> Path:
    text = SEED_MAP.read_text(encoding="utf-8").replace("path: ../seeds/from-mumbai-to-paris.txt", "path: from-mumbai-to-paris.txt")
    text = text.replace("    publisher: The New York Review of Books\n", f"    publisher: The New York Review of Books\n    url: {json.dumps(url)}\n", 1)
    shutil.copyfile(SEED_TEXT, tmp_path / "from-mumbai-to-paris.txt")  # sources are read inside the map's project
    path = tmp_path / "mumbai-to-paris.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_source_url_is_the_annotated_page(tmp_path: Path) -> None:
    path = seed_copy(tmp_path, URL)
    items = hypothesis_export(path)
    for item, passage in zip(items, provenance(path), strict=True):
        assert item["uri"] == URL
        fragment = selectors(item)["FragmentSelector"]
        assert fragment["conformsTo"] == "https://wicg.github.io/scroll-to-text-fragment/"
        assert f"{URL}#{fragment['value']}" == passage["link"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/plain,x", "file:///tmp/x"])
def test_a_url_that_is_not_http_is_not_used(tmp_path: Path, url: str) -> None:
    for item in hypothesis_export(seed_copy(tmp_path, url)):
        assert item["uri"] == "urn:argmap:mumbai-to-paris:source:rashid-2015"
        assert "FragmentSelector" not in selectors(item)
        assert url not in json.dumps(item)


# --- Markdown --------------------------------------------------------------------------------------------

MARKUP = re.compile(r"\$\$|\\\(|[<>&*_`\[\]~#|\\$]")


@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=200))
def test_markdown_shows_user_text_as_written(text: str) -> None:
    shown = markdown(text)
    # Nothing that Markdown, HTML or Hypothesis's math would read: only character references.
    assert not MARKUP.search(re.sub(r"&#[0-9]+;", "", shown)), shown
    for paragraph in shown.split("\n\n"):
        assert not re.match(r"[-+=]|\d+[.)]", paragraph), paragraph
        assert paragraph == paragraph.strip() and "\n" not in paragraph
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n[^\S\n]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))]
    assert html.unescape(shown) == "\n\n".join(part for part in paragraphs if part)


def test_hostile_text_is_escaped(write_map: Any) -> None:
    hostile = "**bold** <img src=x onerror=alert(1)> [a](javascript:alert(1)) $$x$$ \\(y\\) `code`\n\n# Heading\n\n1. list"
    path = write_map(
        f"""
        argmap: 1
        title: Hostile
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
    [item] = hypothesis_export(path)
    node_text = item["text"].split("\n\n*claim*")[0]
    assert "<img" not in item["text"] and "](" not in item["text"].replace("&#93;(", "") and "$$" not in item["text"] and "\\(" not in item["text"]
    assert html.unescape(node_text) == "**bold** <img src=x onerror=alert(1)> [a](javascript:alert(1)) $$x$$ \\(y\\) `code`\n\n# Heading\n\n1. list"


# --- in a browser: the positions are those of the page a browser shows ------------------------------------

CHROMIUM = os.environ.get("ARGMAP_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium; the test fails (never skips) when it is missing."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"the browser tests need Chromium at {CHROMIUM}: run `make test`, which installs it (Debian package `chromium`)", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the browser tests need the `playwright` Python package: run `make test`, which installs it", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"], headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.mark.browser
def test_positions_match_the_text_chromium_shows_for_the_file(browser: Any, wide_map: Path, tmp_path: Path) -> None:
    """Opened as text/plain, the source's text in the DOM (JavaScript strings count UTF-16 units)
    holds each passage at its position, with its prefix and suffix around it."""
    items = hypothesis_export(wide_map)
    page = browser.new_page()
    try:
        page.goto((tmp_path / "wide.txt").as_uri())
        for item in items:
            quote, position = selectors(item)["TextQuoteSelector"], selectors(item)["TextPositionSelector"]
            shown = page.evaluate(
                "([start, end, before, after]) => { const t = document.body.textContent;"
                " return [t.slice(start, end), t.slice(start - before, start), t.slice(end, end + after)]; }",
                [position["start"], position["end"], len(quote["prefix"].encode("utf-16-le")) // 2, len(quote["suffix"].encode("utf-16-le")) // 2],
            )
            assert shown == [quote["exact"], quote["prefix"], quote["suffix"]]
    finally:
        page.close()
