"""Helpers of the hostile corpus: a small project to attack, a run of the real `argmap`
program with bounded time and memory, and a snapshot that proves nothing was written."""

from __future__ import annotations

import hashlib
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

SOURCE_TEXT = (
    "Rain fell on the town all night.\n"
    "The river rose above the old bridge.\n"
    "People left their homes before dawn.\n"
)

MAP = """\
argmap: 1
title: Flood
sources:
  src:
    path: source.txt
claims:
  risen:
    text: The river rose.
    quote: The river rose above the old bridge.
  left:
    text: People left.
    quote: People left their homes before dawn.
    supports: risen
"""

ARGMAP = [sys.executable, "-m", "argmap"]
#: Every run of the program gets at most this much address space and time: a hang or a
#: runaway allocation fails the test instead of the machine.
MEMORY_LIMIT = 1536 * 1024 * 1024
TIME_LIMIT = 120.0


@dataclass
class Run:
    status: int
    stdout: bytes
    stderr: bytes
    seconds: float

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    @property
    def text(self) -> str:
        return self.out + self.err


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_argmap(*args: str | os.PathLike[str] | bytes, cwd: Path, stdout: int | None = None, env: dict[str, str] | None = None, seconds: float = TIME_LIMIT) -> Run:
    """The real program (its `main`, exit path included), bounded in time and memory."""
    started = time.perf_counter()
    done = subprocess.run(
        [*ARGMAP, *args],
        cwd=cwd,
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
        timeout=seconds,
        preexec_fn=_limit_memory,
        check=False,
    )
    return Run(done.returncode, done.stdout or b"", done.stderr, time.perf_counter() - started)


def snapshot(folder: Path) -> dict[str, tuple[str, ...]]:
    """Every entry under ``folder``: its kind, mode, and content digest or link target."""
    found: dict[str, tuple[str, ...]] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            key = os.fsdecode(path.relative_to(folder))
            status = path.lstat()
            if path.is_symlink():
                found[key] = ("link", os.readlink(path))
            elif path.is_file():
                found[key] = ("file", oct(status.st_mode), hashlib.sha256(path.read_bytes()).hexdigest())
            else:
                found[key] = ("other", oct(status.st_mode))
    return found


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder (pyproject.toml marks its root) with a map, `map.yaml`, and its source."""
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    return tmp_path


@pytest.fixture
def unchanged(project: Path) -> Callable[[], None]:
    """Call at the end of a test: the project holds exactly what it held at its start."""
    before = snapshot(project)

    def check() -> None:
        assert snapshot(project) == before

    return check
