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


def escape_data(text: str) -> str:
    """A workflow command's message: line breaks, ``%`` and control characters escaped."""
    # Line breaks in the runner's own encoding (the annotation shows them as breaks); every
    # other control character as a visible escape.
    text = text.replace("%", "%25")
    return "%0D".join(printable(part, newlines=True) for part in text.split("\r")).replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: the message's escapes, and ``:`` and ``,``, which end it."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(problem: Problem) -> str:
    level = "error" if problem.is_error else "warning"
    loc = problem.location
    properties = [f"file={escape_property(loc.path)}"]
    if loc.line:
        properties.append(f"line={loc.line}")
        properties.append(f"col={loc.column or 1}")
        found = span(loc.path, loc.line, loc.column)
        if found is not None:
            properties.append(f"endLine={found.line}")
            properties.append(f"endColumn={found.end_column}")
    properties.append(f"title={escape_property(f'{problem.code} {problem.name}')}")
    message = f"{problem.code} {problem.message}"
    if problem.hint:
        message += f"\nhint: {problem.hint}"
    return f"::{level} {','.join(properties)}::{escape_data(message)}"


def render(report: ProblemReport) -> str:
    return "".join(command(p) + "\n" for p in report.problems)
