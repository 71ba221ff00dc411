"""Reporters: how a list of problems is printed, one module per output format.

A reporter takes a :class:`ProblemReport` (the problems of a run and what was
checked) and returns the text to print; it never prints itself, so the CLI
decides where the text goes and a library user can keep it. The registry
:data:`REPORTERS` feeds the ``--output-format`` choice.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ..problems import Problem


@dataclass(frozen=True)
class ProblemReport:
    """What a validate or check run found."""

    problems: list[Problem]
    #: How many map files were checked.
    files: int
    #: Problems a suppression in the map (or the configuration) hid, for ``--show-suppressed``.
    suppressed: list[Problem] = field(default_factory=list)
    #: Whether to print the suppressed problems too.
    show_suppressed: bool = False
    #: The text reporter colours its output when true.
    color: bool = False


class Reporter(NamedTuple):
    name: str
    description: str
    #: The whole output for a report; ends with a newline unless empty.
    render: Callable[[ProblemReport], str]
    #: Whether a summary line ("1 error, 0 warnings in 1 map") goes to standard error after it.
    summary: bool


def _text(report: ProblemReport) -> str:
    from .text import render

    return render(report)


def _json(report: ProblemReport) -> str:
    from .jsonout import render

    return render(report)


def _github(report: ProblemReport) -> str:
    from .github import render

    return render(report)


def _sarif(report: ProblemReport) -> str:
    from .sarif import render

    return render(report)


REPORTERS: dict[str, Reporter] = {
    r.name: r
    for r in (
        Reporter("text", "path:line:col: CODE [severity] message, the line with the span underlined, the hint", _text, True),
        Reporter("json", "a JSON array of problems (docs/problems.md: JSON output)", _json, False),
        Reporter("github", "GitHub Actions workflow commands: annotations on the pull request's lines", _github, True),
        Reporter("sarif", "SARIF 2.1.0, for GitHub code scanning and other SARIF viewers", _sarif, False),
    )
}

#: What ``--output-format`` accepts: the reporters, and ``auto`` (argmap/choices.py spells them
#: out, so that the CLI offers them without importing this package at start-up).
OUTPUT_FORMATS = ("auto", *REPORTERS)


def resolve_output_format(requested: str | None, environ: os._Environ[str] | dict[str, str], stdout_is_terminal: bool) -> str:
    """The reporter ``auto`` (or nothing) stands for: github in GitHub Actions, else text."""
    if requested and requested != "auto":
        return requested
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"


def use_color(choice: str, environ: os._Environ[str] | dict[str, str], stdout_is_terminal: bool) -> bool:
    """Colour for ``--color auto|always|never``; ``auto`` follows NO_COLOR, FORCE_COLOR and the terminal."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if environ.get("NO_COLOR"):  # https://no-color.org: any non-empty value
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return stdout_is_terminal and environ.get("TERM") != "dumb"


def summary_line(problems: list[Problem], files: int, suppressed: int = 0) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors

    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    line = f"{count(errors, 'error')}, {count(warnings, 'warning')} in {count(files, 'map')}"
    if suppressed:
        line += f" ({suppressed} suppressed)"
    return line
