"""Suppressions written in the map: `suppress: ["AM303: reason"]` on a node or an argument.

A suppression hides the problems of its code whose place lies within its
entry (from the entry's key to the next entry's). The reason is required: a
suppression is a decision someone made, and the reason is what a reviewer
reads. A suppression that hides nothing is reported (AM011), so suppressions
do not outlive the problem they were written for.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from .config import matching_codes
from .loader import LoadedMap
from .problems import CODES, Location, Problem

_ENTRY = re.compile(r"^\s*([A-Za-z0-9-]+)\s*:\s*(\S.*?)\s*$", re.DOTALL)
_SECTIONS = ("claims", "evidence", "arguments")


@dataclass(frozen=True)
class Suppression:
    codes: tuple[str, ...]
    reason: str
    written: str
    #: Where the suppression is written, and the lines of the entry it applies to.
    location: Location
    first_line: int
    end_line: int


def _entry_starts(loaded: LoadedMap) -> list[int]:
    """The first line of every entry and top-level key, sorted: where one entry's lines end."""
    starts = {
        line
        for path, (line, _column) in loaded.positions.keys.items()
        if len(path) == 1 or (len(path) == 2 and path[0] in ("sources", "agents", *_SECTIONS))
    }
    return sorted(line for line in starts if line)


def suppressions(loaded: LoadedMap) -> tuple[list[Suppression], list[Problem]]:
    """The map's suppressions, and a problem (AM010) for each one written wrong."""
    records = loaded.records
    if records is None:
        return [], []
    found: list[Suppression] = []
    problems: list[Problem] = []
    starts: list[int] | None = None
    for section in _SECTIONS:
        for entry_id, entry in getattr(records, section).items():
            written = getattr(entry, "suppress", None)
            if not written:
                continue
            if starts is None:
                starts = _entry_starts(loaded)
            first = loaded.location((section, entry_id), key=True).line
            following = starts[bisect_right(starts, first) :]
            end = following[0] if following else 1 << 30
            for index, text in enumerate(written):
                # a single text is a list of one: its place is the value of `suppress` itself
                where = loaded.location((section, entry_id, "suppress", index))
                match = _ENTRY.match(text)
                codes = matching_codes(match.group(1)) if match else []
                if match is None or not codes or len(codes) != 1 and match.group(1) not in CODES:
                    problems.append(
                        Problem(
                            "AM010",
                            f"suppression {text!r} is not `CODE: reason`" if match is None else f"suppression {text!r} names no rule",
                            where,
                            hint='write the code, a colon and why, e.g. "AM303: the closing remark stands alone on purpose"',
                        )
                    )
                    continue
                found.append(Suppression(tuple(codes), match.group(2), text, where, first, end))
    return found, problems


def apply_suppressions(loaded: LoadedMap, problems: list[Problem]) -> tuple[list[Problem], list[Problem]]:
    """(problems still reported, problems suppressed), plus AM010/AM011 for the suppressions themselves."""
    entries, own = suppressions(loaded)
    if not entries:
        return problems + own, []
    kept: list[Problem] = []
    hidden: list[Problem] = []
    used: set[int] = set()
    for problem in problems:
        line = problem.location.line
        match = next(
            (index for index, s in enumerate(entries) if problem.code in s.codes and s.first_line <= line < s.end_line and problem.location.path == s.location.path),
            None,
        )
        if match is None or problem.code.startswith("AM1"):
            kept.append(problem)
        else:
            used.add(match)
            hidden.append(replace(problem, suppressed_by=entries[match].reason))
    for index, entry in enumerate(entries):
        if index not in used:
            own.append(Problem("AM011", f"suppression {entry.written!r} suppresses nothing", entry.location, hint="remove it: the problem it was written for is gone"))
    return kept + own, hidden
