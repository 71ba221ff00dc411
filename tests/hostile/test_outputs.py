"""Outputs: no target replaces a device, a link or an input; every failure to write is a
problem with its code (AM901-AM905), exit status 1 (2 for a refused input), no traceback,
and no file left half-written."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap import cli as cli_module
from argmap import fsutil

from .conftest import MAP, run_argmap, snapshot

pytestmark = pytest.mark.graphviz


def _no_traceback(text: str) -> None:
    assert "Traceback" not in text and "internal error" not in text


def test_render_to_dev_null_writes_through_and_keeps_the_device(project: Path, unchanged: Callable[[], None]) -> None:
    done = run_argmap("render", "map.yaml", "-f", "svg", "-o", "/dev/null", cwd=project)
    assert done.status == 0, done.text
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    unchanged()


def test_render_to_dev_stdout_writes_to_standard_output(project: Path, unchanged: Callable[[], None]) -> None:
    done = run_argmap("render", "map.yaml", "-f", "dot", "-o", "/dev/stdout", cwd=project)
    assert done.status == 0, done.text
    assert done.out.startswith("// argmap-digest:") and "digraph" in done.out
    unchanged()


def test_render_into_a_fifo_writes_to_it_and_leaves_it_a_fifo(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    import threading

    fifo = tmp_path_factory.mktemp("fifo") / "out.dot"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    done = run_argmap("render", "map.yaml", "-f", "dot", "-o", fifo, cwd=project)
    reader.join(30)
    assert done.status == 0, done.text
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and b"digraph" in received[0]


def test_a_symlinked_output_is_written_through_and_stays_a_link(project: Path) -> None:
    (project / "out").mkdir()
    link = project / "out" / "map.svg"
    link.symlink_to("real.svg")
    done = run_argmap("render", "map.yaml", "-o", link, cwd=project)
    assert done.status == 0, done.text
    assert link.is_symlink() and os.readlink(link) == "real.svg"
    assert (project / "out" / "real.svg").read_bytes().startswith(b"<?xml")
    assert sorted(os.listdir(project / "out")) == ["map.svg", "real.svg"]


def test_an_output_linked_to_the_map_is_refused(project: Path, unchanged: Callable[[], None]) -> None:
    (project / "map-link.yaml").symlink_to("map.yaml")
    check = snapshot(project)
    done = run_argmap("export", "map.yaml", "-f", "json", "-o", "map-link.yaml", cwd=project)
    assert done.status == 2
    assert "AM902" in done.err and "refusing to write map-link.yaml" in done.err
    assert snapshot(project) == check


def test_rendering_several_maps_never_replaces_another_maps_source(project: Path) -> None:
    """`a`'s render would be `renders/a.svg`, which `b` reads as its source."""
    (project / "renders").mkdir()
    victim = project / "renders" / "a.svg"
    victim.write_text("The river rose above the old bridge.\n", encoding="utf-8")
    (project / "a.yaml").write_text(MAP, encoding="utf-8")
    (project / "b.yaml").write_text(MAP.replace("path: source.txt", "path: renders/a.svg").replace("    quote: People left their homes before dawn.\n", "    implicit: true\n"), encoding="utf-8")
    before = victim.read_bytes()
    done = run_argmap("render", "a.yaml", "b.yaml", cwd=project)
    assert done.status == 2, done.text
    assert "AM902" in done.err and "input of b.yaml" in done.err
    assert victim.read_bytes() == before


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "Permission denied"),
        (OSError(errno.EROFS, "Read-only file system"), "Read-only file system"),
        (OSError(errno.ENOSPC, "No space left on device"), "No space left on device"),
    ],
    ids=["read-only folder", "read-only file system", "full disk"],
)
@pytest.mark.parametrize("command", ["render", "export", "pin"])
def test_a_folder_that_cannot_take_the_output_is_a_problem_not_a_traceback(
    project: Path, unchanged: Callable[[], None], monkeypatch: pytest.MonkeyPatch, error: OSError, words: str, command: str
) -> None:
    """The operating system's refusal, as it comes (tests may run as root, who may write anywhere):
    the temporary file is made, then writing it fails; it must be gone afterwards."""
    real_fdopen = os.fdopen

    class Failing:
        def __init__(self, stream: object) -> None:
            self.stream = stream

        def __enter__(self) -> Failing:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            raise error

    monkeypatch.setattr(fsutil.os, "fdopen", lambda fd, mode: Failing(real_fdopen(fd, mode)))
    monkeypatch.chdir(project)
    args = {"render": ["render", "map.yaml", "-o", "out.svg"], "export": ["export", "map.yaml", "-o", "out.json"], "pin": ["pin", "map.yaml"]}[command]
    result = CliRunner().invoke(cli_module.cli, args)
    assert result.exit_code == 1, result.output
    assert "AM901" in result.output and words in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    unchanged()


def test_standard_output_on_a_full_disk(project: Path, unchanged: Callable[[], None]) -> None:
    with open("/dev/full", "wb") as full:
        done = run_argmap("export", "map.yaml", cwd=project, stdout=full.fileno())
    assert done.status == 1
    assert "AM903" in done.err and "No space left on device" in done.err
    _no_traceback(done.err)
    unchanged()


def test_closed_standard_output(project: Path, unchanged: Callable[[], None]) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "argmap", "export", "map.yaml"], cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False,
                          pass_fds=(), preexec_fn=lambda: os.close(1), timeout=60)
    assert done.returncode == 1
    assert b"AM903" in done.stderr and b"closed" in done.stderr
    _no_traceback(done.stderr.decode())
    unchanged()


def test_an_output_encoding_that_cannot_carry_the_text(project: Path, unchanged: Callable[[], None]) -> None:
    (project / "map.yaml").write_text(MAP.replace("title: Flood", "title: Flood — “high”"), encoding="utf-8")
    check = snapshot(project)
    done = run_argmap("export", "map.yaml", cwd=project, env={"PYTHONIOENCODING": "ascii"})
    assert done.status == 1
    assert "AM904" in done.err and "ascii" in done.err
    _no_traceback(done.err)
    assert snapshot(project) == check


def test_a_deleted_working_directory(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    gone = tmp_path_factory.mktemp("gone")
    import subprocess
    import sys

    done = subprocess.run(
        f"cd {gone} && rmdir {gone} && exec {sys.executable} -m argmap validate {project / 'map.yaml'}",
        shell=True, capture_output=True, timeout=60, check=False,
    )
    assert done.returncode == 1
    assert b"AM905" in done.stderr
    _no_traceback(done.stderr.decode())


def test_a_map_whose_name_is_not_utf8_renders_and_is_named_readably(project: Path) -> None:
    name = b"flood-\xff\xfe.yaml"
    os.rename(project / "map.yaml", os.path.join(os.fsencode(project), name))
    done = run_argmap("render", os.fsdecode(name), "-f", "svg", "-f", "dot", cwd=project)
    assert done.status == 0, done.text
    assert "wrote renders/flood-\ufffd\ufffd.svg" in done.err
    svg = (project / "renders" / os.fsdecode(b"flood-\xff\xfe.svg")).read_bytes()
    assert b"<title>flood&#45;__</title>" in svg  # Graphviz writes "-" as &#45;


def test_a_name_of_245_characters_fits_its_temporary_file(project: Path) -> None:
    name = "n" * 245
    os.rename(project / "map.yaml", project / f"{name}.yaml")
    done = run_argmap("render", f"{name}.yaml", "-f", "dot", cwd=project)
    assert done.status == 0, done.text
    assert (project / "renders" / f"{name}.dot").exists()
    assert not [p for p in (project / "renders").iterdir() if p.name.endswith(".tmp")]


def test_an_internal_error_says_where_to_report_it_and_exits_3_without_a_traceback(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    statuses: list[int] = []

    class Exited(Exception):
        pass

    def fake_exit(status: int) -> None:
        statuses.append(status)
        raise Exited

    def broken(*args: object, **kwargs: object) -> bytes:
        raise ZeroDivisionError("planted")

    monkeypatch.setattr(cli_module.os, "_exit", fake_exit)
    monkeypatch.setattr("argmap.rendering.render", broken)
    monkeypatch.chdir(project)
    monkeypatch.delenv("ARGMAP_DEBUG", raising=False)
    for debug in (False, True):
        monkeypatch.setattr("sys.argv", ["argmap", "render", "map.yaml", "-f", "svg", "-f", "png"] + (["--debug"] if debug else []))
        with pytest.raises(Exited):
            cli_module.main()
        err = capsys.readouterr().err
        assert "argmap: internal error: ZeroDivisionError: planted" in err
        assert "report it" in err
        assert ("Traceback" in err) is debug
    assert statuses == [3, 3]
    assert not (project / "renders").exists() or not list((project / "renders").iterdir())  # nothing half-made


def test_write_atomic_never_replaces_a_folder(tmp_path: Path) -> None:
    (tmp_path / "out.svg").mkdir()
    with pytest.raises(IsADirectoryError):
        fsutil.write_atomic(tmp_path / "out.svg", b"x")
    assert (tmp_path / "out.svg").is_dir() and os.listdir(tmp_path) == ["out.svg"]


def test_write_atomic_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.svg"
    target.write_bytes(b"old")
    target.chmod(0o600)
    fsutil.write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o600
