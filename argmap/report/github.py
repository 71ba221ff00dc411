"""The GitHub reporter: workflow commands that GitHub Actions turns into annotations.

``::error file=F,line=L,col=C,endLine=L,endColumn=C,title=T::message``. Every
value is escaped as the runner expects (``%``, CR and LF everywhere; ``:``
and ``,`` inside properties), and control characters are shown as escapes,
so no text from a map or a file name can end the command early or start
another one.
"""

from __future__ import annotations

from ..problems import Problem
from ..terminal import printable
from . import ProblemReport
from .spans import span


def _data(text: str) -> str:
    return printable(text, newlines=True).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def command(problem: Problem) -> str:
    level = "error" if problem.is_error else "warning"
    loc = problem.location
    properties = [f"file={_property(loc.path)}"]
    if loc.line:
        properties.append(f"line={loc.line}")
        properties.append(f"col={loc.column or 1}")
        found = span(loc.path, loc.line, loc.column)
        if found is not None:
            properties.append(f"endLine={found.line}")
            properties.append(f"endColumn={found.end_column}")
    properties.append(f"title={_property(f'{problem.code} {problem.name}')}")
    message = f"{problem.code} {problem.message}"
    if problem.hint:
        message += f"\nhint: {problem.hint}"
    return f"::{level} {','.join(properties)}::{_data(message)}"


def render(report: ProblemReport) -> str:
    return "".join(command(p) + "\n" for p in report.problems)
