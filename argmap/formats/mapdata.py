"""What readers share: building map data in argmap's format, with ids that are valid and unique.

A reader assembles the plain data of a map file (the same dicts and lists a
YAML map holds) with :class:`MapData`, names things with :func:`slug`, and
reports what it cannot carry with :func:`lost`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..definition import MAX_ID
from ..problems import Location, Problem

_NOT_SLUG = re.compile(r"[^A-Za-z0-9_.-]+")


def slug(text: str, taken: set[str], fallback: str = "node", longest: int = 60) -> str:
    """A valid id made from ``text`` (accents dropped, other characters as '-'), unique
    among ``taken`` (a number is added when it must be), and added to ``taken``."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    base = _NOT_SLUG.sub("-", ascii_text).strip("-.").lower()[:longest].strip("-.") or fallback
    if not re.match(r"[A-Za-z0-9_]", base):
        base = f"{fallback}-{base}"
    base = base[: MAX_ID - 8]
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate


class MapData:
    """The plain data of a map under construction, keys in the order a person writes them."""

    def __init__(self, title: str, description: str | None = None) -> None:
        self.data: dict[str, Any] = {"argmap": 1, "title": title or "(untitled)"}
        if description:
            self.data["description"] = description
        #: Ids taken by nodes and arguments (one namespace), and by sources and agents.
        self.node_ids: set[str] = set()
        self.source_ids: set[str] = set()
        self.agent_ids: set[str] = set()

    def section(self, name: str) -> dict[str, Any]:
        return self.data.setdefault(name, {})

    def source(self, source_id: str, path: str, **fields: Any) -> dict[str, Any]:
        self.source_ids.add(source_id)
        entry = {"path": path, **{k: v for k, v in fields.items() if v is not None}}
        self.section("sources")[source_id] = entry
        return entry

    def agent(self, agent_id: str, name: str, **fields: Any) -> dict[str, Any]:
        self.agent_ids.add(agent_id)
        entry = {"name": name, **{k: v for k, v in fields.items() if v is not None}}
        self.section("agents")[agent_id] = entry
        return entry

    def node(self, node_id: str, text: str, evidence: bool = False, **fields: Any) -> dict[str, Any]:
        """A claim (or a piece of evidence); fields left None are left out."""
        self.node_ids.add(node_id)
        entry = {"text": text, **{k: v for k, v in fields.items() if v is not None and v != []}}
        self.section("evidence" if evidence else "claims")[node_id] = entry
        return entry

    def argument(self, argument_id: str, premises: list[str], kind: str, target: str, **fields: Any) -> dict[str, Any]:
        """Linked premises that bear on ``target`` together (``kind``: supports, attacks or undercuts)."""
        self.node_ids.add(argument_id)
        entry = {"premises": list(premises), kind: target, **{k: v for k, v in fields.items() if v is not None and v != []}}
        self.section("arguments")[argument_id] = entry
        return entry

    def entry(self, node_id: str) -> dict[str, Any]:
        """The entry of a node or argument already added."""
        for name in ("claims", "evidence", "arguments"):
            found = self.data.get(name, {}).get(node_id)
            if found is not None:
                return found
        raise KeyError(node_id)

    def relate(self, source_id: str, kind: str, target: str) -> None:
        """Write a node's own relation: ``source_id`` supports, attacks or undercuts ``target``
        (for an undercut, ``target`` is the reference of a relation: `a supports b` or an argument id)."""
        targets = self.entry(source_id).setdefault(kind, [])
        if target not in targets:
            targets.append(target)

    def note(self, node_id: str, text: str) -> None:
        """Add a line to a node's or argument's note (where a reader keeps what it cannot represent)."""
        entry = self.entry(node_id)
        entry["note"] = f"{entry['note']}\n{text}" if entry.get("note") else text


def lost(where: str, message: str, line: int = 0, column: int = 0, hint: str | None = None) -> Problem:
    """A warning that something of the input has no place in the map (AM702)."""
    return Problem("AM702", message, Location(where, line, column), hint)


def unreadable(where: str, message: str, line: int = 0, column: int = 0, hint: str | None = None) -> Problem:
    """An input that is not what its format says (AM701)."""
    return Problem("AM701", message, Location(where, line, column), hint)


def dangling(where: str, message: str, line: int = 0, column: int = 0, hint: str | None = None) -> Problem:
    """A reference of the input to something it does not contain (AM703)."""
    return Problem("AM703", message, Location(where, line, column), hint)
