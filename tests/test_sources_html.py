"""HTML sources are read through an HTML parser; offsets count the extracted text."""

from __future__ import annotations

from pathlib import Path

import argmap
from argmap.exports import export_data
from argmap.htmltext import html_text

PAGE = """<!doctype html><html><head><title>Not text</title><style>p { color: red }</style></head>
<body><h1>A&nbsp;title</h1><p>First <em>emphasised</em> sentence. Second&#8217;s one.</p>
<script>var s = "First emphasised sentence.";</script><p>Third
line here &amp; more.</p></body></html>
"""


def test_text_of_html_keeps_blocks_and_drops_markup_scripts_and_head() -> None:
    assert html_text(PAGE) == "A title\nFirst emphasised sentence. Second’s one.\nThird line here & more.\n"


def test_quotes_anchor_in_the_extracted_text(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "m.yaml").write_text(
        "argmap: 1\ntitle: H\nsources:\n  p: {path: page.html}\nclaims:\n"
        "  a:\n    text: a\n    quote: First emphasised sentence.\n    supports: [b]\n"
        "  b:\n    text: b\n    quote: \"Second's one. Third line here & more.\"\n",
        encoding="utf-8",
    )
    loaded = argmap.load(tmp_path / "m.yaml")
    assert argmap.validate(loaded) == []
    extracted = html_text(PAGE)
    for node in export_data(loaded)["nodes"]:
        (item,) = node["provenance"]
        assert extracted[item["start"] : item["end"]] == item["text"]
    # The script repeats the first quote; it is not part of the text, so the quote is not ambiguous.
    assert [n["provenance"][0]["line"] for n in export_data(loaded)["nodes"]] == [2, 2]
