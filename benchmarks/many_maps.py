"""Benchmark `argmap check` on a repository of many maps: cold, warm, one map touched; -j 1 and -j 2.

Usage (``make bench`` runs it after run.py)::

    python benchmarks/many_maps.py [--small 200] [--large 20] [--repeats 3] [--output docs/performance.md]

The repository (benchmarks/.work/many/) holds SMALL maps of 100 nodes and
LARGE maps of 1 000 nodes, each over its own generated source, and the SVG
render of each, made once. Each measurement is a whole `argmap check`
process run in that folder, with its own cache folder:

- cold: an empty cache;
- warm: nothing changed since the last run;
- touched: one claim's text changed in one 100-node map (and its render made
  again, as a user would before committing).

The median of REPEATS runs is reported.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

WORK = HERE / ".work" / "many"
ARGMAP = Path(sys.executable).parent / "argmap"
MARK_BEGIN = "<!-- many-maps:begin -->"
MARK_END = "<!-- many-maps:end -->"


def build(small: int, large: int) -> Path:
    """The repository of maps with their renders; made again only when the counts change."""
    stamp = WORK / f"stamp-{small}-{large}-{generate.GENERATOR_VERSION}"
    if stamp.exists():
        return WORK
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "maps").mkdir(parents=True)
    scratch = WORK / "scratch"
    started = time.perf_counter()
    for number in range(small + large):
        size = 100 if number < small else 1000
        paths = generate.generate(size, scratch, seed=number)
        name = f"m{number:03}"
        source = WORK / "maps" / f"{name}.txt"
        shutil.move(paths["source"], source)
        text = paths["map"].read_text(encoding="utf-8").replace(f"path: source-{size}.txt", f"path: {name}.txt")
        (WORK / "maps" / f"{name}.yaml").write_text(text, encoding="utf-8")
    shutil.rmtree(scratch)
    subprocess.run([str(ARGMAP), "render", "maps/", "--isolated"], cwd=WORK, check=True, stderr=subprocess.DEVNULL)
    stamp.write_text("")
    print(f"built {small + large} maps with their renders in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return WORK


def check(jobs: int, cache: Path) -> float:
    env = {**os.environ, "ARGMAP_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    done = subprocess.run([str(ARGMAP), "check", "-q", "-j", str(jobs), "--isolated"], cwd=WORK, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"argmap check failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return elapsed


def touch_one() -> None:
    """Change one claim's text in the first map and render it again, as a user would."""
    path = WORK / "maps" / "m000.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "    text: "
    at = text.index(marker) + len(marker)
    text = text[:at] + _toggle(text[at:])
    path.write_text(text, encoding="utf-8")
    subprocess.run([str(ARGMAP), "render", "maps/m000.yaml", "--isolated"], cwd=WORK, check=True, stderr=subprocess.DEVNULL)


def _toggle(rest: str) -> str:
    return rest.removeprefix("Edited ") if rest.startswith("Edited ") else "Edited " + rest


def measure(repeats: int) -> dict[tuple[str, int], float]:
    results: dict[tuple[str, int], list[float]] = {}
    for _ in range(repeats):
        for jobs in (1, 2):
            cache = WORK / f"cache-j{jobs}"
            shutil.rmtree(cache, ignore_errors=True)
            results.setdefault(("cold", jobs), []).append(check(jobs, cache))
            results.setdefault(("warm", jobs), []).append(check(jobs, cache))
            touch_one()
            results.setdefault(("touched", jobs), []).append(check(jobs, cache))
    return {key: statistics.median(values) for key, values in results.items()}


def table(results: dict[tuple[str, int], float], small: int, large: int, repeats: int) -> str:
    lines = [
        f"`argmap check` on {small + large} maps ({small} of 100 nodes, {large} of 1 000, each with its source and SVG render), "
        f"median of {repeats} runs of the whole process (`make bench`, benchmarks/many_maps.py):",
        "",
        "| run | -j 1 | -j 2 | touched / cold (-j 2) |",
        "|---|---:|---:|---:|",
    ]
    for run in ("cold", "warm", "touched"):
        ratio = results[(run, 2)] / results[("cold", 2)]
        lines.append(f"| {run} | {results[(run, 1)]:.2f} s | {results[(run, 2)]:.2f} s | {ratio:.0%} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--large", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--output", type=Path, help="rewrite the many-maps section of this Markdown file")
    args = parser.parse_args(argv)
    build(args.small, args.large)
    text = table(measure(args.repeats), args.small, args.large, args.repeats)
    print(text)
    if args.output:
        document = args.output.read_text(encoding="utf-8")
        if MARK_BEGIN in document:
            before, rest = document.split(MARK_BEGIN, 1)
            after = rest.split(MARK_END, 1)[1]
            document = f"{before}{MARK_BEGIN}\n{text}{MARK_END}{after}"
        else:
            document += f"\n## Many maps: cache and parallel check\n\n{MARK_BEGIN}\n{text}{MARK_END}\n"
        args.output.write_text(document, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
