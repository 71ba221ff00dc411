"""When a pinned source changes, `argmap check` names the quotes it affects and says what became of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.cli import cli


def _check(project: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1
    return result.output


def test_one_changed_word_names_the_quote_and_its_new_passage(project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = project_copy / "seeds" / "from-mumbai-to-paris.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("none of these targets is random", "none of these targets was random"), encoding="utf-8")
    output = _check(project_copy, monkeypatch)
    assert "AM402 [error] source 'rashid-2015' has changed since it was pinned" in output
    assert "59 of 60 quotes still anchor; these nodes lost theirs: targets-not-random" in output
    assert "AM403 [error] claim 'targets-not-random': quote not found in the changed source 'rashid-2015' (reworded)" in output
    assert "closest passage, line 14, column 1 (1 of 8 words differs):" in output
    assert "quote:  In fact none of these targets [-is-] random." in output
    assert "source: In fact none of these targets {+was+} random." in output


def test_a_removed_sentence_is_reported_gone(project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = project_copy / "seeds" / "from-mumbai-to-paris.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("In fact none of these targets is random. ", ""), encoding="utf-8")
    output = _check(project_copy, monkeypatch)
    assert "quote not found in the changed source 'rashid-2015' (gone)" in output
