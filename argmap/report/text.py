"""The text reporter: one line per problem, then the offending line with the span
underlined, the hint and related places, as compilers and ruff show them.

::

    maps/example.yaml:13:12: AM403 [error] evidence 'paris': quote not found …
       |
    13 |     quote: "And then there was paris."
       |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^
        hint: the source has it with other letter case, line 13: "And then there was Paris."

The first line is stable (tools grep it); the lines under it are for people.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..problems import Problem
from ..terminal import printable
from . import ProblemReport
from .spans import span

#: Snippet lines longer than this are cut around the span, so a long quote does not flood the terminal.
MAX_SNIPPET = 120


def _style(text: str, color: bool, **styles: object) -> str:
    if not color:
        return text
    import click

    return click.style(text, **styles)  # type: ignore[arg-type]


def problem_line(problem: Problem, color: bool = False) -> str:
    severity = problem.severity.value
    where = _style(printable(str(problem.location)), color, bold=True)
    code = _style(problem.code, color, fg="red" if problem.is_error else "yellow", bold=True)
    return f"{where}: {code} [{severity}] {printable(problem.message)}"


def _window(text: str, start: int, end: int) -> tuple[str, int, int]:
    """``text`` cut to at most MAX_SNIPPET characters around [start, end) (0-based), with the span moved to match."""
    if len(text) <= MAX_SNIPPET:
        return text, start, end
    left = max(0, min(start - 20, len(text) - MAX_SNIPPET))
    right = min(len(text), left + MAX_SNIPPET)
    shown = text[left:right]
    if left:
        shown = "…" + shown[1:]
    if right < len(text):
        shown = shown[:-1] + "…"
    return shown, start - left, min(end - left, len(shown))


def snippet(problem: Problem, color: bool = False) -> list[str]:
    loc = problem.location
    found = span(loc.path, loc.line, loc.column)
    if found is None:
        return []
    text = found.text.replace("\t", " ")  # one column per character, so the carets line up
    shown, start, end = _window(text, found.start_column - 1, found.end_column - 1)
    shown = printable(shown)
    number = str(found.line)
    gutter = " " * len(number)
    carets = _style("^" * max(1, end - start), color, fg="red" if problem.is_error else "yellow", bold=True)
    bar = _style("|", color, fg="blue")
    return [f"{gutter} {bar}", f"{_style(number, color, fg='blue')} {bar} {shown}", f"{gutter} {bar} {' ' * start}{carets}"]


def format_problem(problem: Problem, color: bool = False, with_snippet: bool = True) -> list[str]:
    lines = [problem_line(problem, color)]
    if with_snippet:
        lines.extend(snippet(problem, color))
    if problem.hint:
        label = _style("hint:", color, fg="cyan", bold=True)
        first, *rest = printable(problem.hint, newlines=True).split("\n")
        lines.append(f"    {label} {first}")
        lines.extend(f"          {line}" for line in rest)
    for related in problem.related:
        lines.append(f"    {_style('see:', color, fg='cyan')} {printable(str(related))}")
    return lines


def _lines(problems: Iterable[Problem], color: bool) -> Iterable[str]:
    for problem in problems:
        yield from format_problem(problem, color)


def render(report: ProblemReport) -> str:
    lines = list(_lines(report.problems, report.color))
    if report.show_suppressed and report.suppressed:
        lines.append("suppressed:")
        for problem in report.suppressed:
            lines.append("  " + problem_line(problem, report.color))
    return "".join(line + "\n" for line in lines)
