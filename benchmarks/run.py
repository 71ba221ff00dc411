"""Benchmark argmap's commands, and Argdown's on the same graphs, as whole processes.

Usage (``make bench`` runs it with no options)::

    python benchmarks/run.py [--sizes 100,1000,10000,100000] [--repeats 5] [--timeout 120]
                             [--render-max 10000] [--no-argdown] [--output docs/performance.md]

For each size N it generates (once, cached under benchmarks/.work/data/) a map
of N nodes over a source of N sentences and the same graph in Argdown (see
benchmarks/generate.py), then runs each command REPEATS times, the commands
of a size taking turns, and reports the median wall time and the median peak memory (the maximum resident set size of
the largest process the command ran, as the kernel reports it for the child to
``wait4``). Wall time is the whole process: interpreter start-up, imports,
reading the files and writing the output.

Every argmap run's exit status is checked: validate must exit 0 and print no
problem on a generated map, and the other commands must exit 0. A failure is
printed loudly with the command's error output, shown in the table, and makes
this script exit with status 1. A run that passes --timeout seconds is killed
and reported as a timeout; the command is then not run at larger sizes. A run
that takes longer than --max-repeat-seconds is not repeated.

Argdown (``@argdown/cli``) runs when Node.js and npm are present; it is
installed into benchmarks/.work/node/ the first time, outside the package.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / ".work"
DATA = WORK / "data"
OUT = WORK / "out"
NODE_DIR = WORK / "node"
ARGDOWN_PACKAGE = "@argdown/cli@1.7.5"  # the last release that runs on Node.js 20

sys.path.insert(0, str(HERE))
import evaluation as evaluation_benchmark  # noqa: E402  (benchmarks/evaluation.py)
import generate  # noqa: E402  (benchmarks/generate.py)

DEFAULT_SIZES = (100, 1_000, 10_000, 100_000)
RESULTS_START = "<!-- results:start (written by benchmarks/run.py --output) -->"
RESULTS_END = "<!-- results:end -->"


# --- commands ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    name: str  # as shown in the table
    tool: str  # "argmap" or "argdown"
    sized: bool = True  # False: runs once, not per size (start-up)
    render: bool = False  # only up to --render-max
    counterpart: str | None = None  # the Argdown command this one is compared with


COMMANDS = [
    Command("argmap --version", "argmap", sized=False, counterpart="argdown --version"),
    Command("argmap validate", "argmap", counterpart="argdown json"),
    Command("argmap export --format json", "argmap", counterpart="argdown json"),
    Command("argmap render --format dot", "argmap", render=True, counterpart="argdown map --format dot"),
    Command("argmap render --format svg", "argmap", render=True, counterpart="argdown map --format svg"),
    Command("argdown --version", "argdown", sized=False),
    Command("argdown json", "argdown"),
    Command("argdown map --format dot", "argdown"),
    Command("argdown map --format svg", "argdown", render=True),
]


def argv_of(command: Command, n: int | None, argmap: Path, argdown: Path | None) -> list[str]:
    """The command line; file names are relative to DATA, where the commands run."""
    out = os.path.relpath(OUT, DATA)
    name = command.name
    if name == "argmap --version":
        return [str(argmap), "--version"]
    if name == "argdown --version":
        return [str(argdown), "--version"]
    yaml_map, argdown_map = f"map-{n}.yaml", f"map-{n}.argdown"
    if name == "argmap validate":
        return [str(argmap), "validate", yaml_map, "--no-cache"]  # the work itself, not a cache hit
    if name == "argmap export --format json":
        return [str(argmap), "export", yaml_map, "--format", "json"]  # stdout goes to a file
    if name == "argmap render --format dot":
        return [str(argmap), "render", yaml_map, "--format", "dot", "-o", f"{out}/map-{n}.dot", "--force"]
    if name == "argmap render --format svg":
        return [str(argmap), "render", yaml_map, "--format", "svg", "-o", f"{out}/map-{n}.svg", "--force"]
    if name == "argdown json":
        return [str(argdown), "json", argdown_map, f"{out}/argdown"]
    if name == "argdown map --format dot":
        return [str(argdown), "map", "--format", "dot", argdown_map, f"{out}/argdown"]
    if name == "argdown map --format svg":
        return [str(argdown), "map", "--format", "svg", argdown_map, f"{out}/argdown"]
    raise ValueError(name)


# --- running one process -----------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    max_rss_kib: int
    exit_code: int | None  # None: killed at the time limit
    stdout: str = ""
    stderr: str = ""

    @property
    def timed_out(self) -> bool:
        return self.exit_code is None


#: Runs the command as its own child and reports its wall time and rusage. A process
#: that execs keeps the peak RSS of what it was before (the kernel carries the old
#: memory's high-water mark over), so the command is started by this small launcher
#: rather than straight from the benchmark's Python process, whose memory would
#: otherwise count as the command's.
_LAUNCHER = """
import os, sys, time
out, argv = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_pid, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
with open(out, "w") as f:
    f.write(f"{seconds!r} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run_once(argv: list[str], timeout: float, stdout_path: Path) -> Run:
    """Run ``argv`` in DATA; wall time from fork to reaped, peak RSS from wait4."""
    stderr_path = stdout_path.with_suffix(".stderr")
    measured = stdout_path.with_suffix(".rusage")
    measured.unlink(missing_ok=True)
    launcher = [sys.executable, "-S", "-E", "-c", _LAUNCHER, str(measured)]
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(launcher + argv, cwd=DATA, stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the group of the launcher we started, only
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            proc.wait()
        finally:
            timer.cancel()
        elapsed = time.perf_counter() - started
    if killed.is_set() or not measured.exists():
        return Run(elapsed, 0, None, _tail(stdout_path), _tail(stderr_path))
    seconds, max_rss, code = measured.read_text().split()
    # ru_maxrss (KiB on Linux) covers the command and the descendants it waited for (e.g. `dot`).
    return Run(float(seconds), int(max_rss), int(code), _tail(stdout_path), _tail(stderr_path))


def _tail(path: Path, limit: int = 4000) -> str:
    data = path.read_bytes()
    text = data[-limit:].decode("utf-8", "replace")
    return ("…" if len(data) > limit else "") + text


# --- results -----------------------------------------------------------------------------------


@dataclass
class Result:
    command: str
    size: int | None
    runs: list[Run] = field(default_factory=list)
    note: str | None = None  # why there is no number: skipped, not installed, ...
    failure: str | None = None  # an argmap run that went wrong

    @property
    def completed(self) -> list[Run]:
        return [r for r in self.runs if not r.timed_out and r.exit_code == 0]

    @property
    def median_seconds(self) -> float | None:
        done = self.completed
        return statistics.median(r.seconds for r in done) if done and len(done) == len(self.runs) else None

    @property
    def median_rss_mib(self) -> float | None:
        done = self.completed
        return statistics.median(r.max_rss_kib for r in done) / 1024 if done and len(done) == len(self.runs) else None

    @property
    def timed_out(self) -> bool:
        return any(r.timed_out for r in self.runs)


def check_run(command: Command, run: Run) -> str | None:
    """What went wrong with an argmap run, or None."""
    if run.timed_out or command.tool != "argmap":
        return None
    if run.exit_code != 0:
        return f"exit status {run.exit_code}"
    if command.name == "argmap validate" and run.stdout.strip():
        return "validate reported problems on a generated map"
    return None


def loud(message: str, run: Run | None = None) -> None:
    bar = "!" * 78
    print(f"\n{bar}\nFAILED: {message}", file=sys.stderr)
    if run is not None:
        for label, text in (("stdout", run.stdout), ("stderr", run.stderr)):
            if text.strip():
                print(f"--- {label} (end) ---\n{text.rstrip()[-2000:]}", file=sys.stderr)
    print(bar + "\n", file=sys.stderr)


def measure(jobs: list[tuple[Command, int | None, list[str]]], args: argparse.Namespace) -> list[Result]:
    """Run each job REPEATS times, taking turns: the first run of every job, then the
    second of every job, and so on, so that a slow spell of a shared machine weighs on
    every command of a size alike, and the argmap/Argdown ratios stay fair."""
    results = [Result(command.name, n) for command, n, _argv in jobs]
    for attempt in range(args.repeats):
        for (command, n, argv), result in zip(jobs, results):
            if attempt and not _repeat(result, args):
                continue
            label = f"{command.name} ({n:,} nodes)" if n else command.name
            stdout_path = OUT / f"{re.sub(r'[^a-z0-9]+', '-', command.name)}-{n or 0}.out"
            run = run_once(argv, args.timeout, stdout_path)
            result.runs.append(run)
            status = "timeout" if run.timed_out else f"exit {run.exit_code}"
            print(f"  {label}: run {attempt + 1}: {run.seconds:.3f} s, {run.max_rss_kib / 1024:.0f} MiB, {status}", file=sys.stderr, flush=True)
            problem = check_run(command, run)
            if problem:
                result.failure = problem
                loud(f"{label}: {problem}\n  command: {' '.join(argv)}  (in {DATA})", run)
    return results


def _repeat(result: Result, args: argparse.Namespace) -> bool:
    """Whether a job is run again: not after a failure, a timeout or a run longer than --max-repeat-seconds."""
    last = result.runs[-1]
    return not (result.failure or last.timed_out or last.exit_code != 0 or last.seconds > args.max_repeat_seconds)


# --- Argdown -----------------------------------------------------------------------------------


def find_argdown(install: bool) -> tuple[Path | None, str]:
    """The argdown executable in benchmarks/.work/node/, installing it there when missing."""
    binary = NODE_DIR / "node_modules" / ".bin" / "argdown"
    if binary.exists():
        return binary, "installed"
    if shutil.which("node") is None:
        return None, "Node.js not found"
    npm = shutil.which("npm")
    if npm is None:
        return None, "npm not found"
    if not install:
        return None, "not installed (--no-install)"
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    print(f"Installing {ARGDOWN_PACKAGE} into {os.path.relpath(NODE_DIR, REPO)}/ ...", file=sys.stderr, flush=True)
    try:
        done = subprocess.run(
            [npm, "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund", "--loglevel=error", ARGDOWN_PACKAGE],
            cwd=NODE_DIR, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600,
        )
    except subprocess.TimeoutExpired:
        return None, "npm install timed out"
    if done.returncode != 0 or not binary.exists():
        print(f"npm install failed:\n{done.stderr[-2000:]}", file=sys.stderr)
        return None, "npm install failed"
    return binary, "installed"


# --- the machine -------------------------------------------------------------------------------


def _version(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return "not found"
    text = (done.stdout + done.stderr).strip().splitlines()
    return text[0].strip() if text else "?"


def machine_info(argmap: Path, argdown: Path | None) -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "?"
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    info = {
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "argmap": _version([str(argmap), "--version"]).replace(", version", ""),
        "graphviz": re.sub(r"^dot - graphviz version (\S+).*", r"Graphviz \1", _version(["dot", "-V"])),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "node": _version(["node", "--version"]) if shutil.which("node") else "not found",
        "argdown": ("@argdown/cli " + _version([str(argdown), "--version"])) if argdown else "not run",
    }
    return info


# --- tables ------------------------------------------------------------------------------------


def _n(n: int) -> str:
    """1 000 000: thin groups, as in the docs."""
    return f"{n:,}".replace(",", " ")


def fmt_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def cell_time(result: Result, timeout: float) -> str:
    if result.note:
        return result.note
    if result.failure:
        return f"**FAILED: {result.failure}**"
    if result.timed_out:
        return f"timeout (> {timeout:g} s)"
    if result.runs and result.runs[-1].exit_code not in (0, None):
        return f"exit {result.runs[-1].exit_code}"
    median = fmt_seconds(result.median_seconds)
    if len(result.runs) > 1:
        times = [r.seconds for r in result.runs]
        return f"{median} ({_short(min(times))}–{_short(max(times))})"
    return median


def _short(seconds: float) -> str:
    return f"{seconds:.2f}" if seconds < 10 else f"{seconds:.1f}"


def cell_memory(result: Result) -> str:
    value = result.median_rss_mib
    return "—" if value is None else f"{value:.0f} MiB"


def cell_ratio(result: Result, by_key: dict[tuple[str, int | None], Result]) -> str:
    command = next(c for c in COMMANDS if c.name == result.command)
    if command.counterpart is None:
        return ""
    other = by_key.get((command.counterpart, result.size))
    mine = result.median_seconds
    theirs = other.median_seconds if other else None
    if mine is None or theirs is None:
        if other is not None and mine is not None and other.timed_out:
            return f"< {mine / other.runs[-1].seconds:.2f} (Argdown timed out)"
        if other is not None and theirs is not None and result.timed_out:
            return f"> {result.runs[-1].seconds / theirs:.2f}"
        return "—"
    ratio = mine / theirs
    verdict = f"{1 / ratio:.1f}× faster" if ratio < 1 else f"{ratio:.1f}× slower"
    return f"{ratio:.2f} ({verdict})"


def results_table(results: list[Result], timeout: float) -> str:
    by_key = {(r.command, r.size): r for r in results}
    lines = [
        "| nodes | command | wall time: median (min–max) | peak memory | runs | argmap / Argdown time |",
        "|---:|---|---:|---:|---:|---|",
    ]
    for r in results:
        size = _n(r.size) if r.size else "—"
        counterpart = next(c for c in COMMANDS if c.name == r.command).counterpart
        ratio = cell_ratio(r, by_key)
        if counterpart and ratio not in ("", "—"):
            ratio = f"{ratio} vs `{counterpart}`"
        lines.append(f"| {size} | `{r.command}` | {cell_time(r, timeout)} | {cell_memory(r)} | {len(r.runs) or ''} | {ratio} |")
    return "\n".join(lines)


def _exponent(small: Result | None, large: Result | None, factor: float) -> tuple[float | None, bool]:
    """Growth exponent k in time ∝ N^k between two sizes; bool: a lower bound (large timed out)."""
    if small is None or large is None or small.median_seconds is None:
        return None, False
    if large.median_seconds is not None:
        return math.log(large.median_seconds / small.median_seconds) / math.log(factor), False
    if large.timed_out:
        return math.log(large.runs[-1].seconds / small.median_seconds) / math.log(factor), True
    return None, False


def targets_table(results: list[Result], timeout: float) -> str:
    by_key = {(r.command, r.size): r for r in results}

    def seconds(command: str, n: int | None) -> Result | None:
        return by_key.get((command, n))

    rows: list[tuple[str, str, str]] = []

    def time_target(label: str, command: str, n: int | None, limit: float) -> None:
        r = seconds(command, n)
        if r is None:
            rows.append((label, "not measured", "not measured"))
        elif r.median_seconds is None:
            shown = cell_time(r, timeout)
            rows.append((label, shown, "**not met**" if r.timed_out else "not measured (the run failed)" if r.failure else "not measured"))
        else:
            rows.append((label, fmt_seconds(r.median_seconds), "met" if r.median_seconds < limit else "**not met**"))

    time_target("`argmap --version` < 0.15 s", "argmap --version", None, 0.15)
    time_target("`argmap validate`, 10 000 nodes: < 0.5 s", "argmap validate", 10_000, 0.5)
    time_target("`argmap validate`, 100 000 nodes: < 5 s", "argmap validate", 100_000, 5.0)
    r = seconds("argmap validate", 100_000)
    label = "`argmap validate`, 100 000 nodes: peak memory < 400 MB"
    if r is None:
        rows.append((label, "not measured", "not measured"))
    elif r.median_rss_mib is None:
        rows.append((label, cell_time(r, timeout), "not measured"))
    else:
        rows.append((label, f"{r.median_rss_mib:.0f} MiB", "met" if r.median_rss_mib < 400 else "**not met**"))
    # Linear growth: time ∝ N^k with k ≤ 1.2 from 10 000 to 100 000 nodes (start-up weighs
    # too much below that to say anything about growth).
    label = "`argmap validate` grows linearly (time ∝ N^k, k ≤ 1.2, from 10 000 to 100 000 nodes)"
    k, lower_bound = _exponent(seconds("argmap validate", 10_000), seconds("argmap validate", 100_000), 10)
    k_small, _ = _exponent(seconds("argmap validate", 1_000), seconds("argmap validate", 10_000), 10)
    small_note = f"; 1 000 → 10 000: k = {k_small:.2f}" if k_small is not None else ""
    if k is None:
        rows.append((label, "not measured" + small_note, "not measured"))
    else:
        shown = f"k {'≥' if lower_bound else '='} {k:.2f}{small_note}"
        rows.append((label, shown, "met" if (k <= 1.2 and not lower_bound) else "**not met**"))
    mine, theirs = seconds("argmap validate", 10_000), seconds("argdown json", 10_000)
    label = "`argmap validate` ≥ 4× faster than `argdown json`, 10 000 nodes"
    if mine is None or theirs is None or mine.median_seconds is None or theirs.median_seconds is None:
        rows.append((label, "not measured", "not measured"))
    else:
        speedup = theirs.median_seconds / mine.median_seconds
        shown = f"{speedup:.2f}× ({fmt_seconds(mine.median_seconds)} vs {fmt_seconds(theirs.median_seconds)})"
        rows.append((label, shown, "met" if speedup >= 4 else "**not met**"))
    time_target("`argmap render --format svg`, 1 000 nodes: < 2 s", "argmap render --format svg", 1_000, 2.0)
    time_target("`argmap render --format svg`, 10 000 nodes: < 9 s", "argmap render --format svg", 10_000, 9.0)
    lines = ["| target | measured | status |", "|---|---|---|"]
    lines += [f"| {label} | {shown} | {status} |" for label, shown, status in rows]
    return "\n".join(lines)


def report(results: list[Result], info: dict[str, str], args: argparse.Namespace, started: datetime, elapsed: float) -> str:
    machine = (
        f"{info['cores']} cores ({info['cpu']}), {info['memory']} of memory, {info['os']}; "
        f"Python {info['python']}, {info['argmap']}, {info['graphviz']}, Node.js {info['node']}, {info['argdown']}. "
        f"Load average when the run started: {info['load']} (other work on the machine slows the runs down)."
    )
    took = f"{elapsed / 60:.0f} min" if elapsed >= 90 else f"{elapsed:.0f} s"
    runs = "1 run" if args.repeats == 1 else f"median of {args.repeats} runs"
    sizes = ", ".join(_n(n) for n in args.sizes)
    return "\n".join(
        [
            f"Measured on {started:%Y-%m-%d %H:%M} UTC ({took} for the whole run): sizes {sizes}; "
            f"{runs} (a run over {args.max_repeat_seconds:g} s is not repeated); "
            f"time limit {args.timeout:g} s a run; renders up to {_n(args.render_max)} nodes.",
            "",
            f"Machine: {machine}",
            "",
            "### Results",
            "",
            results_table(results, args.timeout),
            "",
            "### Targets",
            "",
            targets_table(results, args.timeout),
        ]
    )


def write_docs(path: Path, section: str) -> None:
    """Replace the text between the results markers of ``path`` (or append the markers)."""
    block = f"{RESULTS_START}\n\n{section}\n\n{RESULTS_END}"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n\n## Latest results\n\n"
    if RESULTS_START in text and RESULTS_END in text:
        before = text.split(RESULTS_START, 1)[0]
        after = text.split(RESULTS_END, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# --- main --------------------------------------------------------------------------------------


def prepare_data(n: int, seed: int) -> None:
    """Generate the files for size n unless the cached ones were made by this generator and seed."""
    stamp = DATA / f"stamp-{n}.json"
    wanted = {"generator": generate.GENERATOR_VERSION, "seed": seed, "generate.py": _digest(HERE / "generate.py")}
    files = [DATA / f"map-{n}.yaml", DATA / f"source-{n}.txt", DATA / f"map-{n}.argdown"]
    if stamp.exists() and all(f.exists() for f in files):
        try:
            if json.loads(stamp.read_text()) == wanted:
                return
        except ValueError:
            pass
    started = time.perf_counter()
    generate.generate(n, DATA, seed)
    stamp.write_text(json.dumps(wanted))
    print(f"generated {n:,} nodes in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.replace(" ", "").split(","):
        if part:
            value = int(part.replace("_", ""))
            if value < 2:
                raise argparse.ArgumentTypeError("sizes must be at least 2")
            sizes.append(value)
    if not sizes:
        raise argparse.ArgumentTypeError("no sizes given")
    return sizes


def compile_bytecode() -> None:
    import compileall

    import argmap as package

    compileall.compile_dir(Path(package.__file__).parent, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark argmap (and Argdown) on generated maps; prints a Markdown table.")
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES), help="comma-separated node counts (default: 100,1000,10000,100000)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per command and size; the median is reported (default 5)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is killed and reported as a timeout (default 120)")
    parser.add_argument("--max-repeat-seconds", type=float, default=60.0, help="do not repeat a run that took longer than this (default 60)")
    parser.add_argument("--render-max", type=int, default=10_000, help="largest size to render (default 10000)")
    parser.add_argument("--only", action="append", default=[], metavar="TEXT", help="run only the commands whose name contains TEXT (repeatable)")
    parser.add_argument("--no-argdown", action="store_true", help="do not run Argdown")
    parser.add_argument("--no-install", action="store_true", help="do not install Argdown when it is missing")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED, help="seed of the generator")
    parser.add_argument("--output", type=Path, help="rewrite the results section of this Markdown file (e.g. docs/performance.md)")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    args.sizes = sorted(set(args.sizes))

    argmap = Path(sys.executable).parent / "argmap"
    if not argmap.exists():
        found = shutil.which("argmap")
        if found is None:
            parser.error("argmap is not installed in this Python's environment (run `make setup`)")
        argmap = Path(found)
    DATA.mkdir(parents=True, exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)

    argdown, argdown_status = (None, "not run (--no-argdown)") if args.no_argdown else find_argdown(not args.no_install)
    started, clock = datetime.now(timezone.utc), time.perf_counter()
    info = machine_info(argmap, argdown)
    print(f"machine: {json.dumps(info)}", file=sys.stderr)
    for n in args.sizes:
        prepare_data(n, args.seed)

    # Measure argmap as installed: pip compiles a package's bytecode when it installs
    # it, but an editable install under PYTHONDONTWRITEBYTECODE would compile every
    # module again on every run.
    compile_bytecode()
    # One untimed start of each tool, so that the first measured run does not pay for a cold cache.
    run_once([str(argmap), "--version"], args.timeout, OUT / "warmup.out")
    if argdown is not None:
        run_once([str(argdown), "--version"], args.timeout, OUT / "warmup.out")

    wanted = [c for c in COMMANDS if not args.only or any(text in c.name for text in args.only)]
    results: list[Result] = []
    gave_up: dict[str, int] = {}  # command -> size at which it timed out
    for n in [None, *args.sizes]:
        jobs: list[tuple[Command, int | None, list[str]]] = []
        rows: list[Result | int] = []  # in the order of COMMANDS: a note, or the index of a job
        for command in wanted:
            if command.sized != (n is not None):
                continue
            if command.tool == "argdown" and argdown is None:
                rows.append(Result(command.name, n, note=argdown_status))
                continue
            if n is not None and command.render and n > args.render_max:
                continue
            if command.name in gave_up:
                rows.append(Result(command.name, n, note=f"not run (timed out at {_n(gave_up[command.name])} nodes)"))
                continue
            rows.append(len(jobs))
            jobs.append((command, n, argv_of(command, n, argmap, argdown)))
        measured = measure(jobs, args)
        for row in rows:
            result = measured[row] if isinstance(row, int) else row
            results.append(result)
            if result.timed_out and n is not None:
                gave_up[result.command] = n
    elapsed = time.perf_counter() - clock

    section = report(results, info, args, started, elapsed)
    print(section)
    evaluation_benchmark.after_run(args)
    (WORK / "results.json").write_text(
        json.dumps({"machine": info, "results": [{**asdict(r), "runs": [asdict(run) | {"stdout": "", "stderr": ""} for run in r.runs]} for r in results]}, indent=2)
    )
    if args.output is not None:
        write_docs(args.output, section)
        print(f"\nwrote the results into {args.output}", file=sys.stderr)
    failures = [r for r in results if r.failure]
    if failures:
        loud("argmap failed on generated maps: " + "; ".join(f"{r.command} ({r.size} nodes): {r.failure}" for r in failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
