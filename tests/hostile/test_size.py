"""Size and time: a diagram over the engine's limits is refused (AM503) before Graphviz runs,
Graphviz is stopped when it runs too long (AM504) or reported when it crashes (AM506), a
`--depth` beyond the map's size ends where the map does, and `check` reads committed renders
in bounded time and memory whatever they hold (AM505). Each run is bounded by conftest's limits."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap import limits
from argmap.cli import cli

from .conftest import run_argmap, snapshot

pytestmark = pytest.mark.graphviz


def _shape_map(kind: str, n: int) -> str:
    """An implicit-only map (no source to read) of ``n`` nodes in a hostile shape."""
    lines = ["argmap: 1", f"title: A {kind} of {n} nodes", "claims:"]
    for i in range(n):
        lines.append(f"  n{i}: {{text: Node {i}., implicit: true")
        if kind == "star" and i:
            lines[-1] += ", supports: [n0]"
        elif kind == "chain" and i:
            lines[-1] += f", supports: [n{i - 1}]"
        elif kind == "complete" and i:
            lines[-1] += ", supports: [" + ", ".join(f"n{j}" for j in range(i)) + "]"
        lines[-1] += "}"
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("kind", "n", "nodes", "edges"),
    [("star", 50_000, "50,001", "49,999"), ("chain", 100_000, "100,001", "99,999"), ("complete", 500, "501", "124,750")],
)
def test_a_diagram_over_the_limit_is_refused_before_graphviz_runs(project: Path, kind: str, n: int, nodes: str, edges: str) -> None:
    (project / "big.yaml").write_text(_shape_map(kind, n), encoding="utf-8")
    before = snapshot(project)
    done = run_argmap("render", "big.yaml", "-f", "svg", cwd=project)
    assert done.status == 1, done.text
    assert f"big.yaml: AM503 [error] the diagram has {nodes} nodes and {edges} edges" in done.out, done.text
    assert "--focus" in done.out
    assert snapshot(project) == before
    assert done.seconds < 60


def test_the_dot_text_of_a_large_map_is_still_written(project: Path) -> None:
    """`-f dot` runs no layout, so no engine limit applies: run Graphviz yourself."""
    (project / "big.yaml").write_text(_shape_map("star", 25_000), encoding="utf-8")
    done = run_argmap("render", "big.yaml", "-f", "dot", cwd=project)
    assert done.status == 0, done.text
    assert (project / "renders" / "big.dot").stat().st_size > 1_000_000


@pytest.mark.parametrize("engine", ["sfdp", "neato", "fdp", "twopi", "circo"])
def test_each_engine_is_refused_above_its_limit_with_a_hint_to_another(project: Path, engine: str) -> None:
    n = limits.RENDER_MAX_NODES[engine] + 10
    (project / "big.yaml").write_text(_shape_map("chain", n), encoding="utf-8")
    done = run_argmap("render", "big.yaml", "--engine", engine, cwd=project)
    assert done.status == 1, done.text
    assert "AM503" in done.out and f"Graphviz's {engine} lays out" in done.out and "--engine dot" in done.out
    assert not (project / "renders").exists()


def test_a_depth_beyond_the_map_ends_where_the_map_does(project: Path) -> None:
    done = run_argmap("render", "map.yaml", "--focus", "risen", "--depth", "300000000", "-f", "dot", cwd=project, seconds=30)
    assert done.status == 0, done.text
    assert done.seconds < 15
    assert "around risen (depth 300000000): 2 of 2 nodes shown" in (project / "renders" / "map.dot").read_text(encoding="utf-8")


def test_graphviz_running_past_the_time_limit_is_stopped(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = project / "slow-bin"
    bin_dir.mkdir()
    (bin_dir / "dot").write_text("#!/bin/sh\nexec sleep 30\n", encoding="utf-8")
    (bin_dir / "dot").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(limits, "RENDER_TIMEOUT_SECONDS", 0.5)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["render", "map.yaml", "--output-format", "text"])
    assert result.exit_code == 1, result.output
    assert "map.yaml: AM504 [error] Graphviz's dot did not finish laying out the diagram in 0.5 seconds" in result.output
    assert not (project / "renders").exists()


def test_graphviz_crashing_is_a_problem_not_an_internal_error(project: Path) -> None:
    bin_dir = project / "crash-bin"
    bin_dir.mkdir()
    (bin_dir / "dot").write_text("#!/bin/sh\ncat >/dev/null\nkill -SEGV $$\n", encoding="utf-8")
    (bin_dir / "dot").chmod(0o755)
    done = run_argmap("render", "map.yaml", cwd=project, env={"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"})
    assert done.status == 1, done.text
    assert "AM506" in done.out and "crashed (SIGSEGV)" in done.out
    assert "internal error" not in done.err
    assert not (project / "renders").exists()


# --- `check` and hostile committed renders ---------------------------------------------------
# With --no-cache: these cases are about reading the renders; the cache's own reading of
# them is tests/hostile/test_pending_cache.py.


def _rendered(project: Path) -> Path:
    done = run_argmap("render", "map.yaml", cwd=project)
    assert done.status == 0, done.text
    return project / "renders" / "map.svg"


def test_check_does_not_wait_on_a_fifo_committed_as_a_render(project: Path) -> None:
    _rendered(project)
    os.mkfifo(project / "renders" / "map.png")
    done = run_argmap("check", "map.yaml", "--renders-dir", "renders", "--no-cache", cwd=project, seconds=30)
    assert done.status == 1
    assert "map.yaml: AM505 [error] render renders/map.png cannot be read: not a regular file" in done.out, done.text
    assert stat.S_ISFIFO(os.lstat(project / "renders" / "map.png").st_mode)


def test_check_does_not_read_an_endless_device_linked_as_a_render(project: Path) -> None:
    _rendered(project)
    (project / "renders" / "map.html").symlink_to("/dev/zero")
    done = run_argmap("check", "map.yaml", "--renders-dir", "renders", "--no-cache", cwd=project, seconds=30)
    assert done.status == 1
    assert "AM505" in done.out and "renders/map.html" in done.out


def test_check_refuses_a_committed_render_over_the_size_limit_without_reading_it(project: Path) -> None:
    _rendered(project)
    with open(project / "renders" / "map.dot", "wb") as huge:  # sparse: no disk is used
        huge.truncate(3 * 1024**3)
    done = run_argmap("check", "map.yaml", "--renders-dir", "renders", "--no-cache", cwd=project, seconds=30)
    assert done.status == 1
    assert "AM505" in done.out and "3,221,225,472 bytes" in done.out
    assert done.seconds < 20


def test_check_reads_a_render_full_of_near_stamps_in_bounded_time(project: Path) -> None:
    svg = _rendered(project)
    svg.write_bytes(b"<!-- " + (b"argmap-digest:" + b" " * 200 + b"0" * 63 + b"g") * 200_000 + b" -->")
    done = run_argmap("check", "map.yaml", "--renders-dir", "renders", "--no-cache", cwd=project, seconds=30)
    assert done.status == 1
    assert "AM502" in done.out and "has no argmap digest" in done.out
    assert done.seconds < 15
