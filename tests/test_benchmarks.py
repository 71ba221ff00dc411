"""`make bench` keeps working: the benchmark runs argmap on a generated map and prints its table.

Only a small size and no Argdown here (no timing is asserted); the full run is `make bench`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture
def bench(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import run

    monkeypatch.setattr(run, "WORK", tmp_path)
    monkeypatch.setattr(run, "DATA", tmp_path / "data")
    monkeypatch.setattr(run, "OUT", tmp_path / "out")
    return run


def test_the_benchmark_measures_argmap_on_a_generated_map_and_prints_the_table(bench, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = bench.main(["--sizes", "100", "--repeats", "1", "--no-argdown", "--only", "argmap validate", "--only", "argmap export"])
    output = capsys.readouterr().out
    assert status == 0
    rows = [line for line in output.splitlines() if line.startswith("| 100 |")]
    assert [row.split("|")[2].strip() for row in rows] == ["`argmap validate`", "`argmap export --format json`"]
    assert "FAILED" not in output
    assert (tmp_path / "data" / "map-100.yaml").exists()
    assert "| `argmap validate`, 10 000 nodes: < 0.5 s |" in output  # the targets table, even when a size was not run


def test_the_benchmark_fails_loudly_when_argmap_finds_problems(bench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    bench.prepare_data(100, bench.generate.DEFAULT_SEED)
    broken = tmp_path / "data" / "map-100.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("supports: [", "supports: [no-such-node, ", 1), encoding="utf-8")
    monkeypatch.setattr(bench, "prepare_data", lambda n, seed: None)  # keep the broken map
    status = bench.main(["--sizes", "100", "--repeats", "1", "--no-argdown", "--only", "argmap validate"])
    captured = capsys.readouterr()
    assert status == 1
    assert "FAILED" in captured.out
    assert "AM201" in captured.err + captured.out
