"""Argdown's own command line (``@argdown/cli``), for the tests that check argmap against it.

The first use installs the pinned release with npm into ``tests/.argdown/`` (kept out
of git) and later uses find it there. Tests that need Argdown FAIL when Node.js, npm or
the install is missing: :func:`argdown` raises :class:`ArgdownUnavailable`, and the
``argdown_cli`` fixture turns that into a failure, never a skip.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The release the benchmarks use too: the last that runs on Node.js 20.
ARGDOWN_PACKAGE = "@argdown/cli@1.7.5"
CACHE = Path(__file__).resolve().parent / ".argdown"
BINARY = CACHE / "node_modules" / ".bin" / "argdown"


class ArgdownUnavailable(Exception):
    """Node.js, npm or the Argdown install is missing."""


_checked: list[Path] = []


def argdown() -> Path:
    """The argdown executable, installed into tests/.argdown/ when it is not there yet, and
    checked to run (``argdown --version``)."""
    if _checked:
        return _checked[0]
    binary = _install()
    try:
        done = subprocess.run([str(binary), "--version"], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ArgdownUnavailable(f"{binary} does not run: {exc}") from exc
    if done.returncode != 0:
        raise ArgdownUnavailable(f"{binary} --version failed (exit {done.returncode}):\n{(done.stdout + done.stderr)[-3000:]}")
    _checked.append(binary)
    return binary


def _install() -> Path:
    if BINARY.exists():
        return BINARY
    if shutil.which("node") is None:
        raise ArgdownUnavailable("Node.js (node) is not on PATH; the Argdown tests need it")
    npm = shutil.which("npm")
    if npm is None:
        raise ArgdownUnavailable("npm is not on PATH; the Argdown tests install @argdown/cli with it")
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / ".install.lock", "w") as lock:  # one install, even with tests in parallel
        fcntl.flock(lock, fcntl.LOCK_EX)
        if BINARY.exists():
            return BINARY
        try:
            done = subprocess.run(
                [npm, "install", "--prefix", str(CACHE), "--no-audit", "--no-fund", "--loglevel=error", ARGDOWN_PACKAGE],
                cwd=CACHE, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=900,
            )
        except subprocess.TimeoutExpired as exc:
            raise ArgdownUnavailable(f"npm install {ARGDOWN_PACKAGE} took more than 15 minutes") from exc
        if done.returncode != 0 or not BINARY.exists():
            raise ArgdownUnavailable(f"npm install {ARGDOWN_PACKAGE} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return BINARY


@dataclass
class ArgdownResult:
    """What ``argdown json`` made of one file: its JSON when Argdown accepted the file."""

    data: dict[str, Any] | None
    output: str

    @property
    def accepted(self) -> bool:
        return self.data is not None


def argdown_json_many(paths: list[Path], timeout: float = 600) -> dict[Path, ArgdownResult]:
    """Run ``argdown json`` once over several files. A file Argdown rejects (syntax errors,
    invalid data) gets no JSON: its result has ``data`` None."""
    binary = argdown()
    results: dict[Path, ArgdownResult] = {}
    with tempfile.TemporaryDirectory(prefix="argdown-json-") as work:
        inputs, outputs = Path(work) / "in", Path(work) / "out"
        inputs.mkdir()
        names = {}
        for number, path in enumerate(paths):
            name = f"f{number:04d}"
            shutil.copyfile(path, inputs / f"{name}.argdown")
            names[path] = name
        try:
            done = subprocess.run([str(binary), "json", str(inputs / "*.argdown"), str(outputs)], cwd=work,
                                  stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise ArgdownUnavailable(f"argdown json did not finish in {timeout} s") from exc
        output = done.stdout + done.stderr
        for path, name in names.items():
            produced = outputs / f"{name}.json"
            data = json.loads(produced.read_text(encoding="utf-8")) if produced.exists() else None
            results[path] = ArgdownResult(data, output)
    return results


def argdown_json(path: Path) -> ArgdownResult:
    """``argdown json`` on one file."""
    return argdown_json_many([path])[path]
