"""Problems: what validation reports, and the registry of stable problem codes.

A problem is a small frozen value. Rules never choose their own code text or
severity at the call site: they name a :class:`Code` from :data:`CODES`, and the
code carries its name and default severity. Codes are stable once released;
each is documented in ``docs/problems.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum


def closest(name: str, options: Iterable[str]) -> str | None:
    """The option most like a misspelt ``name``, for a "did you mean" hint; None when none is close."""
    import difflib  # imported here: only a map with problems needs it

    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return close[0] if close else None


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    severity: Severity
    summary: str


def _codes(*codes: Code) -> dict[str, Code]:
    return {c.code: c for c in codes}


E, W = Severity.ERROR, Severity.WARNING

CODES: dict[str, Code] = _codes(
    # --- configuration and suppressions: AM0xx ---
    Code("AM001", "config-unreadable", E, "The configuration file cannot be read or is not valid TOML."),
    Code("AM002", "config-unknown-key", E, "The configuration has a setting argmap does not know."),
    Code("AM003", "config-invalid-value", E, "A setting has a value it cannot take."),
    Code("AM004", "config-unknown-rule", E, "A rule selector names no rule."),
    Code("AM010", "suppression-invalid", E, "A `suppress` entry is not `CODE: reason`, or names no rule."),
    Code("AM011", "suppression-unused", W, "A `suppress` entry suppresses nothing: the problem it names is not there."),
    # --- load and format: AM1xx ---
    Code("AM100", "file-unreadable", E, "The map file cannot be read, or is not UTF-8 text."),
    Code("AM101", "yaml-syntax", E, "The file is not valid YAML."),
    Code("AM102", "not-a-mapping", E, "The file is empty, or its top level is not a mapping of keys to values."),
    Code("AM103", "unsupported-version", E, "The `argmap` format version is missing or not supported."),
    Code("AM104", "missing-field", E, "A required field is missing."),
    Code("AM105", "wrong-type", E, "A field has the wrong type."),
    Code("AM106", "unknown-key", E, "A key is not part of the format."),
    Code("AM107", "duplicate-key", E, "A mapping repeats a key; YAML would silently keep only the last."),
    Code("AM108", "invalid-id", E, "An id is not a slug (letters, digits, '-', '_', '.')."),
    Code("AM109", "invalid-value", E, "A field has a value outside what the format allows."),
    Code("AM110", "yaml-unsupported", E, "The YAML uses something argmap refuses: tags, merge keys, recursive aliases, alias bombs or nesting deeper than 100."),
    Code("AM111", "unsafe-character", E, "The map holds a character no output can carry: a control character, DEL, a C1 control, a lone surrogate or U+FFFE/U+FFFF."),
    Code("AM112", "map-too-large", E, "The map file is larger than argmap reads (64 MiB)."),
    Code("AM113", "quote-too-long", E, "A quote, prefix or suffix is longer than argmap accepts (5 000 characters)."),
    # --- references: AM2xx ---
    Code("AM201", "unknown-node", E, "`supports`, `attacks` or `premises` names a node id that does not exist."),
    Code("AM202", "unknown-source", E, "A node names a source id that is not declared under `sources`."),
    Code("AM203", "source-required", E, "The map has several sources and a quoted node does not say which."),
    Code("AM204", "duplicate-id", E, "The same id is used twice among claims, evidence and arguments."),
    Code("AM205", "self-reference", E, "A node supports, attacks or undercuts itself."),
    Code("AM206", "no-sources", E, "A node quotes a source but the map declares no sources."),
    Code("AM207", "unknown-agent", E, "`asserted_by` names an agent that is not declared under `agents`."),
    Code("AM208", "unknown-relation", E, "`undercuts` names a relation that does not exist."),
    Code("AM209", "repeated-relation", W, "The same relation is written twice."),
    # --- structure: AM3xx ---
    Code("AM301", "support-cycle", E, "Supports form a cycle: circular reasoning."),
    Code("AM302", "support-and-attack", E, "A node both supports and attacks the same node."),
    Code("AM303", "isolated-node", W, "A node is connected to no other node."),
    Code("AM311", "argument-one-premise", W, "An argument has a single premise: it is a plain support or attack."),
    Code("AM312", "argument-target", E, "An argument names no target, or more than one of `supports`, `attacks` and `undercuts`."),
    Code("AM313", "premise-is-conclusion", E, "A premise of an argument is also its conclusion."),
    Code("AM314", "premise-repeated", W, "An argument lists the same premise twice."),
    # --- provenance: AM4xx ---
    Code("AM401", "source-unreadable", E, "A source file is missing, unreadable, or not UTF-8 text."),
    Code("AM402", "source-hash-mismatch", E, "A source file's sha256 differs from the pinned one."),
    Code("AM403", "quote-not-found", E, "A quote does not stand in its source."),
    Code("AM404", "quote-ambiguous", E, "A quote stands more than once in its source."),
    Code("AM405", "quote-missing", E, "A node that is not `implicit` has no quote."),
    Code("AM406", "implicit-with-quote", W, "An `implicit` node carries a quote; implicit means the text does not state it."),
    Code("AM407", "quote-context-mismatch", E, "A quote's `prefix`, `suffix` or `occurrence` fits none of the places it stands."),
    Code("AM408", "source-outside-project", E, "A source path resolves (through symbolic links) outside the map's project and the allowed source roots."),
    Code("AM409", "source-not-a-file", E, "A source path names a device, pipe, socket, folder or system pseudo-file (/proc, /sys, /dev), not a text file."),
    Code("AM410", "source-too-large", E, "A source file is larger than argmap reads (32 MiB)."),
    # --- renders: AM5xx (reported by `argmap check`) ---
    Code("AM501", "render-missing", E, "A map has no committed render."),
    Code("AM502", "render-stale", E, "A committed render no longer matches its map, sources or settings."),
    Code("AM503", "render-too-large", E, "The diagram has more nodes or edges than the chosen Graphviz engine lays out in reasonable time."),
    Code("AM504", "render-timeout", E, "Graphviz did not finish laying out the diagram within the time limit."),
    Code("AM505", "render-unreadable", E, "A committed render cannot be read: not a regular file, or over the size limit."),
    Code("AM506", "render-failed", E, "Graphviz failed or crashed while laying out the diagram."),
    # --- evaluation: AM6xx ---
    Code("AM601", "expectation-failed", E, "A node or argument states an `expect`ed label that evaluation does not give it."),
    # --- import: AM7xx (reported by `argmap import`) ---
    Code("AM701", "import-unreadable", E, "An input file cannot be read, or is not what its format says."),
    Code("AM702", "import-lost", W, "Something in the input has no place in argmap's format; it is kept in a note where the format allows."),
    Code("AM703", "import-dangling", E, "The input refers to something it does not contain (an edge to a missing node, a span of no text)."),
    # --- outputs: AM9xx (reported by the commands that write) ---
    Code("AM901", "output-unwritable", E, "An output file cannot be written: a read-only folder, a full disk, a name too long, a folder in the way."),
    Code("AM902", "output-is-input", E, "An output would replace an input: a map or one of its sources."),
    Code("AM903", "stdout-unwritable", E, "Standard output is closed, full or gone, so the output was not delivered."),
    Code("AM904", "output-encoding", E, "Standard output's encoding cannot carry the text to print."),
    Code("AM905", "working-directory-missing", E, "The working directory no longer exists."),
)

CODES_BY_NAME: dict[str, Code] = {c.name: c for c in CODES.values()}


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file; ``line`` and ``column`` are 1-based, 0 when unknown."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column or 1}"
        return self.path


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    location: Location
    hint: str | None = None
    related: tuple[Location, ...] = field(default=())
    #: Structured detail for machine readers (reporters print it as JSON), such as the
    #: word-by-word difference between a quote and its closest passage. Plain JSON values only.
    data: dict[str, object] | None = field(default=None, compare=False)
    #: The severity the configuration gives this problem's code, when it is not the default.
    level: Severity | None = field(default=None, compare=False)
    #: Why it is suppressed (the reason written with the suppression), for ``--show-suppressed``.
    suppressed_by: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unregistered problem code {self.code!r}")

    @property
    def name(self) -> str:
        return CODES[self.code].name

    @property
    def severity(self) -> Severity:
        return self.level or CODES[self.code].severity

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.code, self.message)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "hint": self.hint,
        }


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    """Problems in reading order, with exact duplicates removed."""
    seen: set[tuple[object, ...]] = set()
    unique = []
    for p in problems:
        key = (p.code, p.message, p.location)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return sorted(unique, key=Problem.sort_key)
