"""The SARIF reporter: SARIF 2.1.0, the format GitHub code scanning uploads.

One run, one tool (argmap) whose driver lists every rule with its stable id
(the problem code), its name, its one-line summary, its help and a link to its
section of docs/problems.md. Columns count Unicode code points, from 1.
Artifact paths are relative URIs against ``%SRCROOT%`` (the folder argmap ran
in, which in CI is the repository's top).
"""

from __future__ import annotations

import json
from urllib.parse import quote

from .. import __version__
from ..problems import CODES, Problem
from . import ProblemReport
from .spans import span

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
HOME = "https://github.com/argmap/argmap"
PROBLEMS_DOCS = HOME + "/blob/main/docs/problems.md"


def rule_help_uri(code: str) -> str:
    """The link to a code's section of docs/problems.md (GitHub's heading anchor)."""
    return f"{PROBLEMS_DOCS}#{code.lower()}-{CODES[code].name}"


def _rules() -> list[dict[str, object]]:
    from ..ruledocs import rule_help

    rules = []
    for code in CODES.values():
        help_text = rule_help(code.code)
        rules.append(
            {
                "id": code.code,
                "name": "".join(part.capitalize() for part in code.name.split("-")),
                "shortDescription": {"text": code.summary},
                "fullDescription": {"text": code.summary},
                "help": {"text": help_text, "markdown": help_text},
                "helpUri": rule_help_uri(code.code),
                "defaultConfiguration": {"level": code.severity.value},
                "properties": {"tags": [code.name]},
            }
        )
    return rules


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"), safe="/")


def _location(path: str, line: int, column: int) -> dict[str, object]:
    physical: dict[str, object] = {"artifactLocation": {"uri": _uri(path), "uriBaseId": "%SRCROOT%"}}
    if line:
        region: dict[str, object] = {"startLine": line, "startColumn": max(column, 1)}
        found = span(path, line, column)
        if found is not None:
            region.update(endLine=found.line, endColumn=found.end_column)
        physical["region"] = region
    return {"physicalLocation": physical}


def _result(problem: Problem, index: dict[str, int], suppressed: bool = False) -> dict[str, object]:
    text = problem.message + (f"\nhint: {problem.hint}" if problem.hint else "")
    result: dict[str, object] = {
        "ruleId": problem.code,
        "ruleIndex": index[problem.code],
        "level": problem.severity.value,
        "message": {"text": text},
        "locations": [_location(problem.location.path, problem.location.line, problem.location.column)],
    }
    if problem.related:
        result["relatedLocations"] = [
            {"id": number, **_location(r.path, r.line, r.column), "message": {"text": "related place"}} for number, r in enumerate(problem.related, 1)
        ]
    if problem.data is not None:
        result["properties"] = {"data": problem.data}
    if suppressed:
        result["suppressions"] = [{"kind": "inSource", "justification": getattr(problem, "suppressed_by", "") or "suppressed"}]
    return result


def document(report: ProblemReport) -> dict[str, object]:
    rules = _rules()
    index = {rule["id"]: number for number, rule in enumerate(rules)}  # type: ignore[misc]
    results = [_result(p, index) for p in report.problems]
    if report.show_suppressed:
        results.extend(_result(p, index, suppressed=True) for p in report.suppressed)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "argmap", "version": __version__, "semanticVersion": __version__, "informationUri": HOME, "rules": rules}},
                "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The folder argmap ran in: the repository's top in CI."}}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(report: ProblemReport) -> str:
    return json.dumps(document(report), ensure_ascii=False, indent=2) + "\n"
