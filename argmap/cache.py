"""A content-addressed cache of the problems found in a map.

An entry is found by a key made of everything known before reading the map:
the argmap code, the settings that change results, the working directory
(problems name paths relative to it), the map's path and its bytes. What a
map reads after that (its sources, its committed renders) is recorded in the
entry as a list of dependencies with the digest of each file's bytes; an
entry counts only while every dependency still has that digest. So a changed
map, source, render, setting or argmap version always misses: nothing stale
can pass.

Entries are JSON files written atomically under the cache folder, so two runs
sharing the folder at once at worst both compute the same entry. A damaged or
unreadable entry is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from .problems import Location, Problem, Severity

CACHE_VERSION = "1"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of argmap's own code and version: a new argmap misses every old entry."""
    from . import __version__

    digest = hashlib.sha256(f"{CACHE_VERSION}:{__version__}".encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


#: Files larger than this are known by their size rather than their digest. Every file a
#: result depends on and that is this large (a source or a render over argmap's read limits)
#: gave a "too large" problem, which only its size decides; and a hostile 3 GiB render must
#: not cost a full read here either.
MAX_DIGEST_BYTES = 64 * 1024 * 1024


def file_digest(path: Path) -> str | None:
    """What a result depended on in a file: the sha256 of its bytes; for a file that is not
    a regular file (a FIFO would block, a device never end) its kind, and for a very large
    one its size. None when it is absent or unreadable."""
    import stat

    try:
        with open(path, "rb", buffering=0, opener=lambda name, flags: os.open(name, flags | os.O_NONBLOCK)) as file:
            status = os.fstat(file.fileno())
            if not stat.S_ISREG(status.st_mode):
                return f"not-a-file:{stat.S_IFMT(status.st_mode)}"
            if status.st_size > MAX_DIGEST_BYTES:
                return f"size:{status.st_size}"
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None


def problem_to_json(problem: Problem) -> dict[str, Any]:
    loc = problem.location
    return {
        "code": problem.code,
        "message": problem.message,
        "location": [loc.path, loc.line, loc.column],
        "hint": problem.hint,
        "related": [[r.path, r.line, r.column] for r in problem.related],
        "data": problem.data,
        "level": problem.level.value if problem.level else None,
        "suppressed_by": problem.suppressed_by,
    }


def problem_from_json(data: dict[str, Any]) -> Problem:
    return Problem(
        data["code"],
        data["message"],
        Location(*data["location"]),
        hint=data["hint"],
        related=tuple(Location(*r) for r in data["related"]),
        data=data["data"],
        level=Severity(data["level"]) if data["level"] else None,
        suppressed_by=data["suppressed_by"],
    )


class ProblemCache:
    """Entries under ``folder``; :meth:`get` and :meth:`put` never raise on a bad folder or entry."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def key(self, map_path: Path, raw: bytes, *parts: str) -> str:
        digest = hashlib.sha256()
        for part in (code_fingerprint(), os.getcwd(), str(map_path), *parts):
            digest.update(part.encode("utf-8", "surrogateescape"))
            digest.update(b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def _entry_path(self, key: str) -> Path:
        return self.folder / CACHE_VERSION / key[:2] / f"{key}.json"

    def get(self, key: str) -> tuple[list[Problem], list[Problem]] | None:
        try:
            entry = json.loads(self._entry_path(key).read_bytes())
            for path, digest in entry["depends"]:
                if file_digest(Path(path)) != digest:
                    return None
            return [problem_from_json(p) for p in entry["problems"]], [problem_from_json(p) for p in entry["suppressed"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, depends: list[Path], problems: list[Problem], suppressed: list[Problem]) -> None:
        from .fsutil import write_atomic

        entry = {
            "depends": [[str(path), file_digest(path)] for path in depends],
            "problems": [problem_to_json(p) for p in problems],
            "suppressed": [problem_to_json(p) for p in suppressed],
        }
        try:
            self._prepare()
            target = self._entry_path(key)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, json.dumps(entry).encode("utf-8"))
        except (OSError, ValueError):
            pass  # a cache that cannot be written only costs time

    def _prepare(self) -> None:
        if (self.folder / "CACHEDIR.TAG").exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        # Backup tools skip a folder with this tag, and git ignores everything in it.
        (self.folder / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n# argmap's cache: safe to delete.\n")
        (self.folder / ".gitignore").write_text("*\n")
