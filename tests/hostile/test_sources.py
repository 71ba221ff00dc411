"""Sources stay inside the project, are regular files of bounded size, and are read in bounded time."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from argmap import safety
from argmap.anchoring import Document
from argmap.htmltext import html_text
from argmap.loader import load
from argmap.validation import validate

SECRET = "TOP-SECRET-TOKEN-1234"


def _map(folder: Path, path: str, quote: str = "The rain fell.") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "m.yaml"
    target.write_text(f"argmap: 1\ntitle: T\nsources:\n  s:\n    path: {path}\nclaims:\n  a:\n    text: x\n    quote: {quote}\n", encoding="utf-8")
    return target


def _codes(map_file: Path, **options: object) -> list[tuple[str, int, int]]:
    return [(p.code, p.location.line, p.location.column) for p in validate(load(map_file, **options)) if p.code != "AM303"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    (root / "maps").mkdir(parents=True)
    (root / "pyproject.toml").write_text("", encoding="utf-8")
    (tmp_path / "outside.txt").write_text(f"The rain fell. {SECRET}\n", encoding="utf-8")
    monkeypatch.chdir(root)  # the working folder is a root too: here, the project's
    return root


def _leaks(map_file: Path, **options: object) -> bool:
    return any(SECRET in f"{p.message} {p.hint}" for p in validate(load(map_file, **options)))


@pytest.mark.parametrize("path", ["../../outside.txt", "ABSOLUTE"])
def test_a_source_outside_the_project_is_refused_unread(project: Path, path: str) -> None:
    path = str(project.parent / "outside.txt") if path == "ABSOLUTE" else path
    map_file = _map(project / "maps", path, quote=SECRET)
    assert _codes(map_file) == [("AM408", 5, 11)]
    assert not _leaks(map_file)


def test_a_symbolic_link_that_leaves_the_project_is_refused(project: Path) -> None:
    (project / "maps" / "link.txt").symlink_to(project.parent / "outside.txt")
    assert _codes(_map(project / "maps", "link.txt", quote=SECRET)) == [("AM408", 5, 11)]


def test_an_allowed_root_lets_a_source_outside_be_read(project: Path) -> None:
    map_file = _map(project / "maps", "../../outside.txt")
    assert _codes(map_file, source_roots=[project.parent]) == []


def test_sources_in_the_project_are_read_through_links_inside_it(project: Path) -> None:
    (project / "texts").mkdir()
    (project / "texts" / "s.txt").write_text("The rain fell.\n", encoding="utf-8")
    (project / "maps" / "link.txt").symlink_to(project / "texts" / "s.txt")
    assert _codes(_map(project / "maps", "../texts/s.txt")) == []
    assert _codes(_map(project / "maps", "link.txt")) == []


@pytest.mark.parametrize("path", ["/proc/self/environ", "/dev/zero", "/sys/kernel/notes", "/proc/self/cmdline"])
def test_system_pseudo_files_are_refused_even_in_an_allowed_root(project: Path, path: str) -> None:
    map_file = _map(project / "maps", path, quote=SECRET)
    assert _codes(map_file, source_roots=["/"]) == [("AM409", 5, 11)]


def test_a_pipe_a_folder_and_a_device_link_are_not_files(project: Path) -> None:
    maps = project / "maps"
    os.mkfifo(maps / "pipe")
    (maps / "folder").mkdir()
    (maps / "zero").symlink_to("/dev/zero")
    for name in ("pipe", "folder", "zero"):
        started = time.monotonic()
        assert _codes(_map(maps, name)) == [("AM409", 5, 11)], name
        assert time.monotonic() - started < 10  # a pipe is never opened (it would block)


def test_without_a_project_marker_only_the_maps_folder_is_the_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder argmap runs in is no root of its own: a map from elsewhere, checked from a
    project, must not read that project's files."""
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "s.txt").write_text("The rain fell.\n", encoding="utf-8")
    map_file = _map(tmp_path / "maps", "../texts/s.txt")
    assert safety.project_root(map_file) == tmp_path / "maps"
    monkeypatch.chdir(tmp_path)
    assert _codes(map_file) == [("AM408", 5, 11)]
    (tmp_path / "argmap.toml").write_text("", encoding="utf-8")  # now tmp_path is the project
    assert _codes(map_file) == []


def test_the_home_folder_is_never_a_root_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "secret.txt").write_text(f"The rain fell. {SECRET}\n", encoding="utf-8")
    map_file = _map(tmp_path / "Downloads", "../secret.txt", quote=SECRET)
    monkeypatch.chdir(tmp_path)
    assert _codes(map_file) == [("AM408", 5, 11)]
    assert not _leaks(map_file)


def test_a_home_folder_kept_in_git_is_no_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".git").mkdir()
    (tmp_path / "secret.txt").write_text(f"The rain fell. {SECRET}\n", encoding="utf-8")
    map_file = _map(tmp_path / "Downloads", "../secret.txt", quote=SECRET)
    assert safety.project_root(map_file) == tmp_path / "Downloads"
    assert _codes(map_file) == [("AM408", 5, 11)]
    assert not _leaks(map_file)


def test_the_project_root_is_the_nearest_folder_with_a_marker(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "argmap.toml").write_text("", encoding="utf-8")
    assert safety.project_root(tmp_path / "a" / "b" / "m.yaml") == tmp_path / "a"


def test_a_source_over_the_size_limit_is_refused_before_it_is_read(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = project / "maps" / "big.txt"
    with source.open("wb") as file:  # sparse: 40 MiB of size without writing them
        file.truncate(40 * 1024 * 1024)
    assert _codes(_map(project / "maps", "big.txt")) == [("AM410", 5, 11)]


def test_a_map_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as file:
        file.truncate(safety.MAX_MAP_BYTES + 1)
    [problem] = load(big).problems
    assert problem.code == "AM112"


def test_a_quote_over_the_length_limit_is_refused_and_not_searched(project: Path) -> None:
    (project / "maps" / "s.txt").write_text("The rain fell.\n", encoding="utf-8")
    long_quote = "word " * (safety.MAX_QUOTE_CHARS // 5 + 10)
    map_file = _map(project / "maps", "s.txt", quote=long_quote.strip())
    started = time.monotonic()
    assert _codes(map_file) == [("AM113", 9, 12)]
    assert time.monotonic() - started < 10


def test_characters_no_output_can_carry_are_replaced_one_for_one_in_sources(project: Path) -> None:
    (project / "maps" / "s.txt").write_text("Before\x01it. The rain\x0bfell\x85now.\ufffe\n", encoding="utf-8")
    loaded = load(_map(project / "maps", "s.txt", quote="The rain fell now."))
    assert _codes(project / "maps" / "m.yaml") == []
    from argmap.provenance import resolve

    document = resolve(loaded).sources["s"].document
    assert document is not None
    assert document.text == "Before\ufffdit. The rain fell now.\ufffd\n"  # same length: offsets stay true


def test_character_references_in_html_sources_give_well_formed_text() -> None:
    text = html_text("<p>a&#1;b&#0;c&#x85;d&#xD800;e&#x7f;f\x01g</p>")
    assert not safety.UNSAFE_TEXT.search(safety.printable_source(text))


# --- bounded time ------------------------------------------------------------------------------
# Each case took from 20 seconds to over a minute before; the bounds are generous (ten
# times or more what they take now) so that a slow machine does not fail them.


def test_html_of_unclosed_tags_is_read_in_linear_time() -> None:
    for markup in ("<a " * 20_000, '<a x="' * 10_000, "<!--" * 15_000, "</a " * 15_000, "<a <b>" * 10_000):
        started = time.monotonic()
        html_text(markup)
        assert time.monotonic() - started < 5, markup[:10]


def test_html_without_a_closing_head_keeps_its_body() -> None:
    assert html_text("<html><head><title>T</title><meta charset=utf-8><p>Body text.</p>") == "Body text.\n"
    assert html_text("<head><title>T</title>Loose text after the title.") == "Loose text after the title.\n"
    assert html_text("<head><title>T</title></head><body><p>Body text.</p></body>") == "Body text.\n"


def test_a_hard_wrapped_lower_case_text_is_laid_out_in_linear_time() -> None:
    line = "and the rain fell on the town of them all and then it was not"
    document = Document((line + "\n") * 20_000)  # 1.3 MB without a full stop
    started = time.monotonic()
    assert document.sentences
    assert time.monotonic() - started < 20


def test_the_closest_passage_search_is_bounded() -> None:
    document = Document("The rain fell on the town. " * 4_000)
    missing = "zebra quokka " * 380  # just under the quote limit
    started = time.monotonic()
    document.suggestions(missing)
    assert time.monotonic() - started < 10
    # Past the budget no more searching: the work is counted, not timed.
    document.fuzzy_budget = 0
    assert document.suggestions("a quote that is not there") == []


def test_prefix_before_a_run_of_spaces_still_fits(project: Path) -> None:
    (project / "maps" / "s.txt").write_text("First the prefix words." + " " * 80 + "The quote stands here. The quote stands here again.\n", encoding="utf-8")
    map_file = project / "maps" / "m.yaml"
    map_file.write_text(
        "argmap: 1\ntitle: T\nsources:\n  s:\n    path: s.txt\nclaims:\n  a:\n    text: x\n    cites:\n"
        "      - quote: quote stands here.\n        prefix: First the prefix words. The\n"
        '      - quote: The quote\n        suffix: "stands here."\n        prefix: "words."\n',
        encoding="utf-8",
    )
    assert _codes(map_file) == []


@pytest.mark.parametrize(
    ("source", "quote"),
    [
        ("Add ½cup of flour now.", "cup of flour now."),
        ("It costs ½ of the price.", "of the price."),
        ("The ½ mark was reached.", "The ½ mark"),
        ("Mix ¼½ cup.", "Mix ¼½ cup."),
        ("Then ﬁne ㎏ here.", "Then ﬁne ㎏ here."),
    ],
)
def test_quotes_next_to_characters_that_fold_to_several_are_found(source: str, quote: str) -> None:
    document = Document(source)
    [span] = document.find(quote)
    assert source[span.start : span.end] == quote
