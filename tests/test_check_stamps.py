"""`argmap check` judges a render by the settings it records, and by the map's content."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.anchoring import Document
from argmap.cli import cli
from argmap.diagram import RenderOptions, read_stamp

pytestmark = pytest.mark.graphviz


def _run(project: Path, monkeypatch: pytest.MonkeyPatch, *args: str):
    monkeypatch.chdir(project)
    return CliRunner().invoke(cli, list(args))


def test_a_render_made_with_other_settings_stays_up_to_date(project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(project_copy, monkeypatch, "render", "maps/mumbai-to-paris.yaml", "--direction", "LR", "--labels", "text")
    assert result.exit_code == 0, result.output
    stamp = read_stamp((project_copy / "renders" / "mumbai-to-paris.svg").read_bytes())
    assert stamp is not None and stamp[1] == RenderOptions(direction="LR", labels="text")
    assert _run(project_copy, monkeypatch, "check").exit_code == 0


def test_reordering_nodes_makes_renders_stale(project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = project_copy / "maps" / "mumbai-to-paris.yaml"
    text = path.read_text(encoding="utf-8")
    # Move the first claim's block to the end of the claims: same content, another layout.
    start = text.index("  isis-strategy-shift:")
    end = text.index("  # --- The view the author argues against ---")
    block = text[start:end]
    text = text[:start] + text[end:]
    at = text.index("\nevidence:")
    path.write_text(text[:at] + "\n" + block.rstrip() + "\n" + text[at:], encoding="utf-8")
    result = _run(project_copy, monkeypatch, "check")
    assert result.exit_code == 1
    assert "AM502" in result.output


def test_a_blank_line_always_ends_a_paragraph() -> None:
    text = "This first paragraph has quite a few words and no full stop\n\nsecond paragraph starts in lower case.\n"
    document = Document(text)
    assert [text[p.start : p.end] for p in document.paragraphs] == [
        "This first paragraph has quite a few words and no full stop",
        "second paragraph starts in lower case.",
    ]
