"""The JSON reporter: one JSON array of problem objects (a documented, stable contract).

Each object has the keys ``code``, ``name``, ``severity``, ``message``,
``path``, ``line``, ``column`` (0 when unknown), ``hint`` (null when none);
since the reporters were given snippets it also has ``end_line`` and
``end_column`` (0 when unknown), ``related`` (a list of {path, line, column}),
``suppressed`` (false, or the suppression's reason) and ``data`` (structured
detail, or null). Keys are only ever added.
"""

from __future__ import annotations

import json

from ..problems import Problem
from . import ProblemReport
from .spans import span


def problem_object(problem: Problem, suppressed: str | bool = False) -> dict[str, object]:
    loc = problem.location
    found = span(loc.path, loc.line, loc.column) if loc.line else None
    data = problem.to_dict()
    data.update(
        end_line=found.line if found else 0,
        end_column=found.end_column if found else 0,
        related=[{"path": r.path, "line": r.line, "column": r.column} for r in problem.related],
        suppressed=suppressed,
        data=problem.data,
    )
    return data


def render(report: ProblemReport) -> str:
    objects = [problem_object(p) for p in report.problems]
    if report.show_suppressed:
        objects.extend(problem_object(p, getattr(p, "suppressed_by", True) or True) for p in report.suppressed)
    return json.dumps(objects, ensure_ascii=False, indent=2) + "\n"
