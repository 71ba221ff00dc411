"""`check` with its cache on reads hostile committed renders as boundedly as without it.

The cache records a digest of every file a result depends on, renders included: it must
not wait on a FIFO committed as a render, read a link to /dev/zero without end, or read a
3 GiB render whole."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import run_argmap

pytestmark = pytest.mark.graphviz


def _rendered(project: Path) -> None:
    done = run_argmap("render", "map.yaml", cwd=project)
    assert done.status == 0, done.text


def test_check_with_its_cache_does_not_wait_on_a_fifo_committed_as_a_render(project: Path) -> None:
    _rendered(project)
    os.mkfifo(project / "renders" / "map.png")
    done = run_argmap("check", "map.yaml", "--renders-dir", "renders", cwd=project, seconds=30)
    assert done.status == 1 and "AM505" in done.out


def test_check_with_its_cache_does_not_read_an_endless_device(project: Path) -> None:
    _rendered(project)
    (project / "renders" / "map.html").symlink_to("/dev/zero")
    done = run_argmap("check", "map.yaml", "--renders-dir", "renders", cwd=project, seconds=30)
    assert done.status == 1 and "AM505" in done.out


def test_check_with_its_cache_does_not_read_a_huge_render(project: Path) -> None:
    _rendered(project)
    with open(project / "renders" / "map.dot", "wb") as huge:
        huge.truncate(3 * 1024**3)
    done = run_argmap("check", "map.yaml", "--renders-dir", "renders", cwd=project, seconds=30)
    assert done.status == 1 and "AM505" in done.out
    assert done.seconds < 10
