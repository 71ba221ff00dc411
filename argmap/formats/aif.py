"""AIF JSON as AIFdb stores it: read into a map, and written from one.

The Argument Interchange Format describes an argument as a graph of nodes:
*I-nodes* hold propositions, *RA-nodes* apply an inference (premises → RA →
conclusion), *CA-nodes* a conflict (attacker → CA → target), *MA-nodes* a
rephrase and *PA-nodes* a preference. The dialogue layer adds *L-nodes*
(locutions: what a speaker said, verbatim, often written ``Speaker : words``),
*YA-nodes* (illocutions that anchor a proposition or an inference in a
locution: "Asserting", "Arguing"...) and *TA-nodes* (transitions between
locutions). AIFdb files hold ``nodes`` (``nodeID``, ``text``, ``type``),
``edges`` (``fromID``, ``toID``), and optionally ``locutions`` (L-node →
``personID``) and ``participants``.

Reading (docs/interop.md, "AIF"):

- an I-node becomes a claim whose text is the proposition;
- an RA with one premise becomes that premise's ``supports``; with several,
  an argument (linked premises) whose ``scheme`` is the RA's scheme when it
  names one other than the default;
- a CA becomes an ``attacks`` (or an argument that attacks); a CA whose target
  is an RA or a CA becomes an undercut of that relation;
- an MA (rephrase) becomes a note on both propositions, not a support: a
  restatement is not a reason, and a support would change what evaluation
  concludes;
- a locution that asserts a proposition gives its speaker (``asserted_by``)
  and its verbatim words: the words of every such locution make a transcript,
  written as the map's source, and each proposition quotes its locution there.
  A proposition no locution states is ``implicit``: plain AIF has no source text;
- what has no place in a map (transitions, illocutions other than asserting and
  arguing, preferences, inferences used as premises, rings of conflicts that
  attack each other...) is a warning AM702 naming the node, and a line of the
  nearest node's note (or of the map's description).

Every node keeps the AIF nodeID it had, as the tag ``aif-<nodeID>`` (as a note
when the nodeID cannot be a tag), so that exporting the map again restores it.

Writing makes one I-node per claim and piece of evidence, one RA per support
(several premise edges for an argument), one CA per attack and per undercut
(pointing at the RA or CA it undercuts), and for every quoted passage an
L-node holding the verbatim quote with a YA "Asserting" from the L-node to its
I-node ("Arguing" to an RA for an argument's quote); the speaker is the
node's agent (``asserted_by``), as a participant and a locution. What AIF has
no place for is kept in keys that AIF tools ignore, all named ``argmap_…``:
ids, kinds, tags, notes, the argument's text, the exact quote, the map's title.
Ids are numbers counted in the map's order (or the restored AIF ids), so the
same map gives the same bytes.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any

from ..anchoring import Document, Span
from ..definition import ARGUMENT, CLAIM, EVIDENCE, MAX_REFERENCE, MAX_TAG, SLUG_PATTERN
from ..gcpause import paused_gc
from ..kinds import AgentType, ClaimKind, EvidenceKind, Label
from ..problems import Problem
from ..provenance import QuoteAnchor, select_matches
from . import Imported, Input
from .mapdata import MapData, dangling, lost, slug, unreadable

if TYPE_CHECKING:
    from ..loader import LoadedMap

_SLUG = re.compile(SLUG_PATTERN)
#: The keys of an imported node, in the order a person writes them.
_NODE_ORDER = ("text", "kind", "asserted_by", "quote", "source", "cites", "implicit", "supports", "attacks", "undercuts", "tags", "group", "note", "thesis", "expect")
_NODE_ORDER += tuple(key for key in (*CLAIM.keys, *EVIDENCE.keys) if key not in _NODE_ORDER)
#: Scheme names that say nothing more than the node's type.
_DEFAULT_SCHEMES = {"", "ra", "ca", "ma", "pa", "default inference", "default conflict", "default rephrase", "default preference", "inference", "conflict"}
#: Illocutions that only say that the speaker states the proposition (or argues the inference).
_PLAIN_ASSERTING = {"", "asserting", "default illocuting", "ya"}
_PLAIN_ARGUING = {"", "arguing", "default illocuting", "ya"}
_SCHEME_TYPES = {"RA", "CA", "MA", "PA"}
_KNOWN_TYPES = {"I", "L", "YA", "TA", *_SCHEME_TYPES}
#: "Speaker : words", the way AIFdb writes a locution (at most 60 characters of name).
_SPEAKER = re.compile(r"\s*([^:\n]{1,60}?)\s*:[ \t]+(?=\S)")

# --- reading JSON ---------------------------------------------------------------------------


def load_json(item: Input) -> tuple[Any, str, list[Problem]]:
    """The parsed JSON of an input, its text, and the problem when it is not JSON."""
    try:
        text = item.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, "", [unreadable(item.name, f"not UTF-8 text (byte 0x{item.data[exc.start]:02x} at offset {exc.start})")]
    try:
        return json.loads(text), text, []
    except json.JSONDecodeError as exc:
        return None, text, [unreadable(item.name, f"not JSON: {exc.msg}", exc.lineno, exc.colno)]
    except (RecursionError, ValueError) as exc:  # nesting too deep, a number too long to convert
        return None, text, [unreadable(item.name, f"not JSON that argmap can read: {exc}")]


class Locator:
    """Where a node or an edge of the input is written: the line and column of its id."""

    _ID = re.compile(r'"(nodeID|id|edgeID)"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?))')

    def __init__(self, text: str) -> None:
        self.text = text
        self._found: dict[tuple[str, str], int] | None = None
        self._lines: list[int] = []

    def _index(self) -> dict[tuple[str, str], int]:
        if self._found is None:
            self._found = {}
            self._lines = [0] + [m.end() for m in re.finditer("\n", self.text)]
            for match in self._ID.finditer(self.text):
                kind = "edge" if match.group(1) == "edgeID" else "node"
                value = match.group(2) if match.group(2) is not None else match.group(3)
                self._found.setdefault((kind, value), match.start())
        return self._found

    def where(self, kind: str, ident: str | None) -> tuple[int, int]:
        if ident is None:
            return 0, 0
        offset = self._index().get((kind, ident))
        if offset is None:
            return 0, 0
        line = bisect.bisect_right(self._lines, offset)
        return line, offset - self._lines[line - 1] + 1


# --- the AIF graph, normalised ---------------------------------------------------------------


@dataclass
class AifNode:
    id: str
    type: str
    text: str
    raw: dict[str, Any]
    line: int = 0
    column: int = 0

    @property
    def scheme(self) -> str:
        """The scheme the node names, when it names one other than its type's default."""
        for candidate in (self.raw.get("scheme"), self.text):
            if isinstance(candidate, str) and candidate.strip() and not candidate.strip().isdigit():
                name = " ".join(candidate.split())
                return "" if name.lower() in _DEFAULT_SCHEMES else name
        return ""


@dataclass
class AifGraph:
    """The nodes and edges of one AIF file, ids as text, every edge between existing nodes."""

    name: str
    nodes: dict[str, AifNode] = field(default_factory=dict)
    into: dict[str, list[str]] = field(default_factory=dict)
    out: dict[str, list[str]] = field(default_factory=dict)
    #: L-node id → participant key, from `locutions` (or an OVA node's participantID).
    speakers: dict[str, str] = field(default_factory=dict)
    #: Participant key → its entry.
    participants: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: What argmap wrote under the top-level `argmap` key, when it wrote the file.
    meta: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def at(self, node_id: str) -> tuple[int, int]:
        node = self.nodes.get(node_id)
        return (node.line, node.column) if node else (0, 0)


def ident(value: Any) -> str | None:
    """An AIF id as text: ids are numbers or strings; anything else is no id."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def node_text(value: Any) -> str:
    """A node's text: a string, or ``{"txt": ...}`` as some tools write it."""
    if isinstance(value, dict):
        value = value.get("txt", value.get("text"))
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _items(container: dict[str, Any], key: str, name: str, problems: list[Problem], required: bool = False) -> list[Any]:
    value = container.get(key)
    if value is None:
        if required:
            problems.append(lost(name, f"no `{key}` list: the file holds no {key}"))
        return []
    if not isinstance(value, list):
        problems.append(unreadable(name, f"`{key}` is {type(value).__name__}, not a list; it is ignored"))
        return []
    return value


def parse_graph(name: str, container: dict[str, Any], locator: Locator, meta: Any = None) -> AifGraph:
    """The AIF graph of a file's `nodes`, `edges`, `locutions` and `participants` (AIFdb
    and OVA shapes alike), with a problem for every item it cannot use."""
    graph = AifGraph(name)
    problems = graph.problems
    if isinstance(meta, dict):
        graph.meta = meta
    for index, raw in enumerate(_items(container, "nodes", name, problems, required=True)):
        if not isinstance(raw, dict):
            problems.append(unreadable(name, f"node {index + 1} is {type(raw).__name__}, not an object; it is ignored"))
            continue
        node_id = ident(raw.get("nodeID", raw.get("id")))
        if node_id is None:
            problems.append(unreadable(name, f"node {index + 1} has no nodeID; it is ignored"))
            continue
        line, column = locator.where("node", node_id)
        if node_id in graph.nodes:
            problems.append(lost(name, f"nodeID {node_id} is used again by node {index + 1}; the second node is ignored", line, column))
            continue
        kind = raw.get("type")
        kind = kind.strip().upper() if isinstance(kind, str) else ""
        graph.nodes[node_id] = AifNode(node_id, kind, node_text(raw.get("text")), raw, line, column)
        graph.into[node_id] = []
        graph.out[node_id] = []
        participant = ident(raw.get("participantID"))
        if kind == "L" and participant is not None and participant != "0":
            graph.speakers[node_id] = participant
    seen_edges: set[tuple[str, str]] = set()
    for index, raw in enumerate(_items(container, "edges", name, problems)):
        edge_id = ident(raw.get("edgeID")) if isinstance(raw, dict) else None
        line, column = locator.where("edge", edge_id)
        if not isinstance(raw, dict):
            problems.append(unreadable(name, f"edge {index + 1} is {type(raw).__name__}, not an object; it is ignored"))
            continue
        ends = []
        for id_key, object_key in (("fromID", "from"), ("toID", "to")):
            value = raw.get(id_key)
            if value is None and isinstance(raw.get(object_key), dict):
                value = raw[object_key].get("nodeID", raw[object_key].get("id"))
            elif value is None:
                value = raw.get(object_key)
            ends.append(ident(value))
        source, target = ends
        label = f"edge {edge_id}" if edge_id is not None else f"edge {index + 1}"
        if source is None or target is None:
            problems.append(unreadable(name, f"{label} does not say which nodes it joins (fromID, toID); it is ignored", line, column))
            continue
        missing = [end for end in (source, target) if end not in graph.nodes]
        if missing:
            problems.append(dangling(name, f"{label} joins {source} to {target}, but no node has the id {' or '.join(missing)}; it is ignored", line, column))
            continue
        if source == target:
            problems.append(lost(name, f"{label} joins node {source} to itself; it is ignored", line, column))
            continue
        if (source, target) in seen_edges:
            continue  # the same edge twice says nothing more
        seen_edges.add((source, target))
        graph.out[source].append(target)
        graph.into[target].append(source)
    for raw in _items(container, "participants", name, problems):
        if isinstance(raw, dict):
            key = ident(raw.get("participantID", raw.get("id")))
            if key is not None:
                graph.participants.setdefault(key, raw)
    for raw in _items(container, "locutions", name, problems):
        if isinstance(raw, dict):
            node_id, person = ident(raw.get("nodeID")), ident(raw.get("personID"))
            if node_id in graph.nodes and person is not None:
                graph.speakers.setdefault(node_id, person)
    return graph


def participant_name(raw: dict[str, Any]) -> str:
    """A participant's name: first name and surname (argmap writes the whole name as the first name)."""
    if isinstance(raw.get("argmap_id"), str) and isinstance(raw.get("firstname"), str) and raw["firstname"].strip() and not raw.get("surname"):
        return str(raw["firstname"])
    parts = [raw.get(key) for key in ("firstname", "surname")]
    name = " ".join(part.strip() for part in parts if isinstance(part, str) and part.strip())
    if not name and isinstance(raw.get("name"), str):
        name = raw["name"].strip()
    return name


# --- placing a verbatim passage in a text ---------------------------------------------------


def cite_at(document: Document, quote: str, start: int, matches: list[Span] | None = None) -> str | dict[str, Any] | None:
    """How a node quotes the passage ``quote`` that stands at ``start`` of the document:
    the quote itself when it stands once, else a citation whose prefix, suffix or
    occurrence picks this place. None when the quote does not stand in the text.
    ``matches``: where the quote stands, when already found (see :func:`find_all`)."""
    if matches is None:
        matches = document.find(quote)
    if not matches:
        return None
    if len(matches) == 1:
        return quote
    mine = next((i for i, span in enumerate(matches) if span.start == start), None)
    if mine is None:  # it stands elsewhere only (inside a word here): the first place
        return {"quote": quote, "occurrence": 1}
    span = matches[mine]
    text = document.text

    def fits(prefix: str | None, suffix: str | None) -> bool:
        anchor = QuoteAnchor("", 0, quote, None, (), prefix, suffix, None, matches)
        return select_matches(document, anchor) == [span]

    for size in (24, 48, 96, 200):
        before = text[max(0, span.start - size) : span.start]
        if span.start - size > 0 and " " in before.strip():
            before = before[before.index(" ") + 1 :]  # start on a word
        after = text[span.end : span.end + size]
        if span.end + size < len(text) and " " in after.strip():
            after = after[: after.rstrip().rindex(" ")]
        prefix = before if before.strip() else None
        suffix = after if after.strip() else None
        for pair in ((prefix, None), (None, suffix), (prefix, suffix)):
            if any(pair) and fits(*pair):
                cite: dict[str, Any] = {"quote": quote}
                if pair[0]:
                    cite["prefix"] = pair[0]
                if pair[1]:
                    cite["suffix"] = pair[1]
                return cite
    return {"quote": quote, "occurrence": mine + 1}


def find_all(document: Document, quotes: list[str]) -> dict[str, list[Span]]:
    """Where each quote stands, found in one pass over the text."""
    unique = list(dict.fromkeys(quotes))
    return dict(zip(unique, document.find_many(unique)))


# --- reading: from AIF graphs to a map -------------------------------------------------------


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _words(text: str, longest: int = 48) -> str:
    """The first words of a text, at most about ``longest`` characters, for an id."""
    kept: list[str] = []
    for word in text.split():
        if kept and len(" ".join([*kept, word])) > longest:
            break
        kept.append(word)
    return " ".join(kept)


def _text_field(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _valid_id(value: Any, taken: set[str]) -> str | None:
    if isinstance(value, str) and _SLUG.match(value) and len(value) <= 200 and value not in taken:
        taken.add(value)
        return value
    return None


def _choice(value: Any, enum: Any) -> str | None:
    return value if isinstance(value, str) and value in {e.value for e in enum} else None


def stem_of(name: str) -> str:
    """The file name of an input without its folders and suffix."""
    base = PureWindowsPath(PurePosixPath(name).name).name
    return base.rsplit(".", 1)[0] if "." in base.strip(".") else base


@dataclass
class Placed:
    """A passage a node quotes: the source it stands in and how the node cites it."""

    source: str
    cite: str | dict[str, Any]


class Builder:
    """One map made of one or more AIF graphs."""

    def __init__(self, title: str) -> None:
        self.md = MapData(title)
        self.problems: list[Problem] = []
        #: Source texts for Imported.sources: file name → text.
        self.sources: dict[str, str] = {}
        #: Agents made from speakers: by name, so that a speaker of several files is one agent,
        #: or by the id argmap gave them.
        self.agents: dict[tuple[str, str], str] = {}
        #: Lines for the map's description: what was not represented, counted.
        self.summary: Counter[str] = Counter()
        self.description: list[str] = []
        #: The source each quoted node cites, to name it when the map has several.
        self.node_sources: dict[str, str] = {}
        #: Whether an input gave the map the title argmap wrote into it.
        self.titled = False

    def source_file(self, stem: str, suffix: str) -> str:
        base = slug(stem, set(), fallback="source")
        name, number = f"{base}{suffix}", 1
        while name in self.sources:
            number += 1
            name = f"{base}-{number}{suffix}"
        return name

    def agent(self, name: str, raw: dict[str, Any] | None = None) -> str:
        """The agent id of a speaker (made when first met)."""
        raw = raw or {}
        wanted = raw.get("argmap_id")
        written = isinstance(wanted, str) and bool(_SLUG.match(wanted)) and bool(name.strip())
        if not written:
            name = " ".join(name.split()) or "unnamed speaker"
        key = ("argmap", str(wanted)) if written else ("name", name)
        found = self.agents.get(key)
        if found is not None:
            return found
        agent_id = _valid_id(wanted, self.md.agent_ids) if written else None
        # an agent argmap wrote keeps its type (or none); a speaker of a dialogue is a person
        kind = _choice(raw.get("argmap_type"), AgentType) if written else "person"
        agent_id = agent_id or slug(name, self.md.agent_ids, fallback="speaker")
        self.md.agent(agent_id, name, type=kind, note=_text_field(raw.get("argmap_note")))
        self.agents[key] = agent_id
        return agent_id

    def finish(self) -> Imported:
        data = self.md.data
        if len(data.get("sources", {})) > 1:
            for node_id, source_id in self.node_sources.items():
                entry = self.md.entry(node_id)
                entry.setdefault("source", source_id)
        for key in ("claims", "evidence", "arguments"):
            order = ARGUMENT.keys if key == "arguments" else _NODE_ORDER
            for entry_id, entry in data.get(key, {}).items():
                data[key][entry_id] = {name: entry[name] for name in order if name in entry}
        lines = list(self.description)
        if self.summary:
            lines.append("Not represented (argmap import warnings AM702): " + "; ".join(f"{count} {what}" for what, count in self.summary.items()) + ".")
        if lines:
            data["description"] = "\n".join(lines)
        # keys in the order a person writes them: argmap, title, description, then the sections
        order = ["argmap", "title", "description", "sources", "agents", "claims", "evidence", "arguments"]
        ordered_data = {key: data[key] for key in order if key in data}
        return Imported(ordered_data, dict(self.sources), self.problems)


@dataclass
class _Relation:
    scheme: AifNode
    kind: str  # supports, attacks, undercuts
    premises: list[str]  # argmap node ids
    target: str  # an argmap node id, or for an undercut the AIF id of the scheme node it targets
    argument: str | None = None


class GraphReading:
    """What one AIF graph adds to a map. Subclasses say where the quotes stand."""

    #: Suffix of the source file this reading writes (when it writes one).
    source_suffix = "-locutions.txt"

    def __init__(self, builder: Builder, graph: AifGraph, document: dict[str, Any] | None = None) -> None:
        self.b = builder
        self.g = graph
        #: The whole JSON document (for what lies beside the graph: an OVA text, argmap's keys).
        self.document = document or {}
        self.md = builder.md
        #: AIF I-node id → argmap node id.
        self.ids: dict[str, str] = {}
        #: argmap node or argument id → note lines.
        self.notes: dict[str, list[str]] = {}
        #: Owner (an I-node, or an RA/CA) → the L-nodes whose words state it, in order.
        self.locutions_of: dict[str, list[str]] = {}
        #: L-node id → (agent id or None, the words, offset of the words in the L-node's text).
        self.utterances: dict[str, tuple[str | None, str, int]] = {}
        #: Owner → where its quotes stand; owner → words that stand nowhere.
        self.placed: dict[str, list[Placed]] = {}
        self.unplaced: dict[str, list[str]] = {}

    # --- reporting ---------------------------------------------------------------------

    def warn(self, node_id: str | None, message: str, note_on: list[str] | tuple[str, ...] = (), note: str | None = None, summary: str | None = None) -> None:
        line, column = self.g.at(node_id) if node_id else (0, 0)
        self.b.problems.append(lost(self.g.name, message, line, column))
        for owner in note_on:
            self.notes.setdefault(owner, []).append(note or message)
        if summary:
            self.b.summary[summary] += 1

    def of_type(self, *types: str) -> list[AifNode]:
        return [node for node in self.g.nodes.values() if node.type in types]

    # --- the whole reading ---------------------------------------------------------------

    def read(self) -> None:
        self.b.problems.extend(self.g.problems)
        self.read_meta()
        self.read_participants()
        self.read_propositions()
        self.read_dialogue()
        self.place_quotes()
        self.write_nodes()
        self.read_relations()
        self.read_rephrases_and_preferences()
        self.report_others()
        for owner, lines in self.notes.items():
            for line in dict.fromkeys(lines):
                self.md.note(owner, line)

    def read_meta(self) -> None:
        meta = self.g.meta
        if not meta:
            return
        title = _text_field(meta.get("title"))
        if title and not self.b.titled:
            self.md.data["title"] = title
            self.b.titled = True
        description = _text_field(meta.get("description"))
        if description and description not in self.b.description:
            self.b.description.append(description)

    def read_participants(self) -> None:
        for raw in self.g.participants.values():
            self.b.agent(participant_name(raw), raw)

    def read_propositions(self) -> None:
        for node in self.of_type("I"):
            raw = node.raw
            text = node.text.strip()
            node_id = _valid_id(raw.get("argmap_id"), self.md.node_ids)
            if node_id is None:
                node_id = slug(_words(text) or f"proposition {node.id}", self.md.node_ids, fallback="claim")
            self.ids[node.id] = node_id

    def speaker_of(self, node: AifNode) -> tuple[str | None, str, int]:
        """The agent who says an L-node's words, the words, and where they start in its text."""
        text = node.text
        person = self.g.speakers.get(node.id)
        raw_person = self.g.participants.get(person) if person is not None else None
        name = participant_name(raw_person) if raw_person else None
        exact = node.raw.get("argmap_quote")
        if isinstance(exact, str) and exact.strip() and text.endswith(exact):
            offset = len(text) - len(exact)
            said = text[:offset].strip().rstrip(":").strip()
            speaker = name or said or None
            return (self.b.agent(speaker, raw_person) if speaker else None), exact, offset
        offset = 0
        if name and text.lstrip().startswith(name):
            rest = text.lstrip()[len(name) :]
            colon = re.match(r"\s*:\s*", rest)
            if colon:
                offset = len(text) - len(rest) + colon.end()
        elif (match := _SPEAKER.match(text)) and not re.search(r"[.!?]$", match.group(1)):
            name = name or match.group(1).strip()
            offset = match.end()
        words = text[offset:]
        stripped = words.strip()
        offset += len(words) - len(words.lstrip())
        agent = None
        if name:
            agent = self.b.agent(name, raw_person)
        elif person is not None:
            agent = self.b.agent(f"participant {person}")
        return agent, stripped, offset

    def read_dialogue(self) -> None:
        """Locutions that state a proposition (or argue an inference); the rest of the
        dialogue layer is reported."""
        nodes = self.g.nodes
        used: set[str] = set()
        for ya in self.of_type("YA"):
            sources = [nodes[s] for s in self.g.into[ya.id]]
            targets = [nodes[t] for t in self.g.out[ya.id]]
            locutions = [s for s in sources if s.type == "L"]
            scheme = ya.raw.get("scheme")
            illocution = _short(scheme if isinstance(scheme, str) and scheme.strip() else ya.text) or "YA"
            anchored = False
            for target in targets:
                if target.type == "I" and locutions:
                    for locution in locutions:
                        self.locutions_of.setdefault(target.id, []).append(locution.id)
                        used.add(locution.id)
                    anchored = True
                    if illocution.lower() not in _PLAIN_ASSERTING:
                        self.warn(
                            ya.id,
                            f"illocution {ya.id} ({illocution!r}) of proposition {target.id}: argmap has no illocutionary force other than asserting; kept in the note",
                            [self.ids[target.id]],
                            f"AIF illocution: {illocution} (YA {ya.id})",
                            "illocutions other than asserting (YA)",
                        )
                elif target.type in ("RA", "CA") and locutions:
                    for locution in locutions:
                        self.locutions_of.setdefault(target.id, []).append(locution.id)
                        used.add(locution.id)
                    anchored = True
            if not anchored:
                what = "anchors an inference in a transition" if any(s.type == "TA" for s in sources) else "joins no locution to a proposition"
                self.warn(ya.id, f"illocution {ya.id} ({illocution!r}) {what}; argmap keeps no dialogue structure", summary="illocutions of the dialogue layer (YA)")
        for node in self.of_type("L"):
            if node.id in used:
                self.utterances[node.id] = self.speaker_of(node)
            else:
                self.warn(node.id, f"locution {node.id} ({_short(node.text)!r}) states no proposition; it is not part of the map", summary="locutions that state no proposition (L)")
        for node in self.of_type("TA"):
            self.warn(node.id, f"transition {node.id} between locutions: argmap keeps no dialogue structure", summary="transitions between locutions (TA)")

    # --- quotes ------------------------------------------------------------------------

    def used_locutions(self) -> list[str]:
        wanted = {l_id for l_ids in self.locutions_of.values() for l_id in l_ids}
        return [node.id for node in self.of_type("L") if node.id in wanted and self.utterances[node.id][1]]

    def place_quotes(self) -> None:
        """Plain AIF: the locutions' words, one a line, make the transcript the propositions quote."""
        order = self.used_locutions()
        if not order:
            return
        parts, starts = [], {}
        length = 0
        for l_id in order:
            line = self.g.nodes[l_id].text
            starts[l_id] = length + self.utterances[l_id][2]
            parts.append(line)
            length += len(line) + 1
        text = "\n".join(parts) + "\n"
        file_name = self.b.source_file(stem_of(self.g.name), self.source_suffix)
        source_id = slug(file_name.rsplit(".", 1)[0], self.md.source_ids, fallback="source")
        self.b.sources[file_name] = text
        self.md.source(source_id, file_name, title=f"Locutions of {stem_of(self.g.name)} (AIF)")
        self.place_in(Document(text), source_id, starts)

    def place_in(self, document: Document, source_id: str, starts: dict[str, int | None]) -> None:
        """Place each owner's locutions in the document: at ``starts[l_id]`` when known."""
        found = find_all(document, [self.utterances[l_id][1] for l_ids in self.locutions_of.values() for l_id in l_ids if self.utterances[l_id][1]])
        for owner, l_ids in self.locutions_of.items():
            for l_id in dict.fromkeys(l_ids):
                words = self.utterances[l_id][1]
                if not words:
                    continue
                start = starts.get(l_id)
                cite = cite_at(document, words, start if start is not None else -1, found[words])
                if cite is None:
                    self.unplaced.setdefault(owner, []).append(words)
                else:
                    self.placed.setdefault(owner, []).append(Placed(source_id, cite))

    # --- nodes --------------------------------------------------------------------------

    def write_nodes(self) -> None:
        unstated = 0
        for node in self.of_type("I"):
            raw = node.raw
            node_id = self.ids[node.id]
            restored = raw.get("argmap_id") == node_id
            text = node.text if restored and node.text.strip() else " ".join(node.text.split())
            if not text:
                text = f"(proposition {node.id} has no text)"
                self.warn(node.id, f"proposition {node.id} has no text", [node_id])
            evidence = raw.get("argmap_section") == "evidence"
            enum = EvidenceKind if evidence else ClaimKind
            fields: dict[str, Any] = {}
            if restored:
                tags = raw.get("argmap_tags")
                fields["tags"] = [t for t in tags if isinstance(t, str) and _SLUG.match(t) and len(t) <= MAX_TAG] if isinstance(tags, list) else []
            elif _SLUG.match(f"aif-{node.id}") and len(node.id) <= MAX_TAG - 4:
                fields["tags"] = [f"aif-{node.id}"]
            else:
                self.notes.setdefault(node_id, []).append(f"AIF nodeID: {node.id}")
            kind = raw.get("argmap_kind")
            if kind is not None:
                fields["kind"] = _choice(kind, enum)
                if fields["kind"] is None:
                    self.warn(node.id, f"proposition {node.id}: kind {kind!r} is not a {'evidence' if evidence else 'claim'} kind", [node_id], f"kind: {kind}")
            for key in ("note", "group"):
                fields[key] = _text_field(raw.get(f"argmap_{key}"))
            fields["expect"] = _choice(raw.get("argmap_expect"), Label)
            if not evidence and (raw.get("argmap_thesis") is True or raw.get("majorClaim") is True or raw.get("major_claim") is True):
                fields["thesis"] = True
            # quotes and who says them (a passage highlighted twice is quoted once)
            placed = self._place_quotes(node.id, node_id, fields)
            if not placed or raw.get("argmap_implicit") is True:
                fields["implicit"] = True
                if not placed and node.id not in self.locutions_of and raw.get("argmap_implicit") is not True:
                    unstated += 1
            for words in self.unplaced.get(node.id, []):
                self.warn(node.id, f"proposition {node.id}: the words of its locution do not stand in the text ({_short(words)!r}); kept in the note", [node_id], f"AIF locution: {words}")
            speakers = [self.utterances[l_id][0] for l_id in self.locutions_of.get(node.id, []) if self.utterances.get(l_id, (None,))[0]]
            speakers = list(dict.fromkeys(speakers))
            if not speakers:
                named = raw.get("argmap_asserted_by")
                if isinstance(named, str) and named in self.md.agent_ids:
                    speakers = [named]
            if speakers:
                fields["asserted_by"] = speakers[0]
                for other in speakers[1:]:
                    name = self.md.data["agents"][other]["name"]
                    self.warn(node.id, f"proposition {node.id} is also asserted by {name}; argmap names one agent per node, the others are kept in the note", [node_id], f"Also asserted by: {name}")
            self.md.node(node_id, text, evidence=evidence, **fields)
        if unstated:
            self.warn(None, f"{unstated} proposition(s) are stated by no locution: AIF keeps no source text for them, so they are imported as implicit")

    def _place_quotes(self, aif_id: str, entry_id: str, fields: dict[str, Any]) -> list[Placed]:
        """Write the passages placed for an AIF node as the `quote` and `cites` of its entry."""
        placed = self._unique(self.placed.get(aif_id, []))
        quotes = [p.cite for p in placed if isinstance(p.cite, str)]
        cites = [p.cite for p in placed if isinstance(p.cite, dict)]
        if quotes:
            fields["quote"] = quotes if len(quotes) > 1 else quotes[0]
        if cites:
            fields["cites"] = cites
        if placed:
            self.b.node_sources[entry_id] = placed[0].source
        return placed

    @staticmethod
    def _unique(placed: list[Placed]) -> list[Placed]:
        """The passages without repeats; a quote that stands once is one passage however often it is said."""
        seen: dict[str, Placed] = {}
        for item in placed:
            seen.setdefault(json.dumps([item.source, item.cite], sort_keys=True), item)
        return list(seen.values())

    # --- relations -------------------------------------------------------------------------

    def read_relations(self) -> None:
        nodes = self.g.nodes
        relations: dict[str, _Relation] = {}
        for scheme in self.of_type("RA", "CA"):
            word = "inference" if scheme.type == "RA" else "conflict"
            premises: list[str] = []
            odd: list[AifNode] = []
            for source_id in self.g.into[scheme.id]:
                source = nodes[source_id]
                if source.type == "I":
                    if self.ids[source_id] not in premises:
                        premises.append(self.ids[source_id])
                elif source.type == "CA":
                    continue  # a conflict that undercuts this one: read as that conflict
                elif source.type != "YA":
                    odd.append(source)
            for source in odd:
                if source.type in _SCHEME_TYPES:
                    self.warn(
                        scheme.id,
                        f"{word} {scheme.id} takes {source.type}-node {source.id} as a premise: argmap's premises are propositions",
                        premises,
                        f"AIF {scheme.type} {scheme.id} also takes {source.type} {source.id} as a premise",
                        "inferences or conflicts used as premises",
                    )
                else:
                    self.warn(
                        scheme.id,
                        f"{word} {scheme.id} has an edge from {source.type or 'untyped'} node {source.id}; it is ignored",
                        premises,
                        f"AIF {scheme.type} {scheme.id} has an edge from {source.type or 'untyped'} node {source.id}",
                        "edges argmap cannot read",
                    )
            targets: list[tuple[str, str]] = []
            for target_id in self.g.out[scheme.id]:
                target = nodes[target_id]
                if target.type == "I":
                    targets.append(("node", target_id))
                elif target.type in ("RA", "CA") and scheme.type == "CA":
                    targets.append(("scheme", target_id))
                else:
                    what = "an inference or a conflict" if target.type in _SCHEME_TYPES else f"a {target.type or 'untyped'} node"
                    self.warn(
                        scheme.id,
                        f"{word} {scheme.id} points at {what} ({target_id}); argmap cannot represent this",
                        premises,
                        f"AIF {scheme.type} {scheme.id} also bears on {target.type} {target_id}",
                        f"{scheme.type}-nodes bearing on {target.type or 'untyped'}-nodes",
                    )
            if not premises:
                on = [self.ids[t] for kind, t in targets if kind == "node"]
                self.warn(
                    scheme.id,
                    f"{word} {scheme.id} has no premise; it is not part of the map",
                    on,
                    f"AIF {scheme.type} {scheme.id} ({scheme.text}) has no premise",
                    f"{scheme.type}-nodes without premises",
                )
                continue
            if not targets:
                self.warn(
                    scheme.id,
                    f"{word} {scheme.id} has no conclusion; it is not part of the map",
                    premises,
                    f"AIF {scheme.type} {scheme.id} ({scheme.text}) has no conclusion",
                    f"{scheme.type}-nodes without conclusion",
                )
                continue
            for _kind, extra in targets[1:]:
                shown = self.ids.get(extra, extra)
                self.warn(
                    scheme.id,
                    f"{word} {scheme.id} has more than one conclusion; only the first is kept, not {shown}",
                    premises,
                    f"AIF {scheme.type} {scheme.id} also concludes {shown}",
                    f"{scheme.type}-nodes with several conclusions",
                )
            kind, target = targets[0]
            if kind == "node" and self.ids[target] in premises:
                self.warn(scheme.id, f"{word} {scheme.id} concludes one of its own premises; it is not part of the map", premises, summary="inferences that conclude their premise")
                continue
            relation_kind = "supports" if scheme.type == "RA" else "undercuts" if kind == "scheme" else "attacks"
            relations[scheme.id] = _Relation(scheme, relation_kind, premises, self.ids[target] if kind == "node" else target)
        for scheme_id, relation in relations.items():
            if len(relation.premises) > 1:
                raw = relation.scheme.raw
                base = relation.target if relation.kind != "undercuts" else f"{scheme_id}"
                relation.argument = _valid_id(raw.get("argmap_id"), self.md.node_ids) or slug(f"argument {base}", self.md.node_ids, fallback="argument")
        names = self._names(relations)
        for scheme_id, relation in relations.items():
            if scheme_id not in names:
                continue
            self._write_relation(relation, names)
        # the words of locutions that argue an inference, where the inference has no place for them
        for scheme in self.of_type("RA", "CA"):
            placed = [p.cite if isinstance(p.cite, str) else p.cite["quote"] for p in self.placed.get(scheme.id, [])]
            unplaced = self.unplaced.get(scheme.id, [])
            relation = relations.get(scheme.id)
            if relation is None or scheme.id not in names:
                for said in dict.fromkeys(placed + unplaced):
                    self.warn(scheme.id, f"the locution that argues {scheme.type} {scheme.id} has no place in the map ({_short(said)!r})", summary="locutions of inferences the map cannot hold")
                continue
            owner = relation.argument or relation.premises[0]  # a single premise's placed words: see _write_relation
            for said in unplaced:
                self.warn(
                    scheme.id,
                    f"the words of the locution that argues {scheme.type} {scheme.id} do not stand in the text ({_short(said)!r}); kept in the note",
                    [owner],
                    f"AIF locution arguing {scheme.type} {scheme.id}: {said}",
                )

    def _names(self, relations: dict[str, _Relation]) -> dict[str, str]:
        """The reference of every relation that can be named (see graph.py): undercuts name
        the relation they target, so a ring of single-premise undercuts has no name and
        is dropped, with what depends on it."""
        usable = dict(relations)
        while True:
            names: dict[str, str] = {}
            failed: dict[str, str] = {}
            for start in usable:
                stack, visiting = [start], set()
                while stack:
                    current = stack[-1]
                    if current in names or current in failed:
                        stack.pop()
                        visiting.discard(current)
                        continue
                    relation = usable.get(current)
                    if relation is None:
                        failed[current] = "is not part of the map"
                    elif relation.argument is not None:
                        names[current] = relation.argument
                    elif relation.kind != "undercuts":
                        names[current] = f"{relation.premises[0]} {relation.kind} {relation.target}"
                    elif relation.target in names:
                        named = f"{relation.premises[0]} undercuts {names[relation.target]}"
                        if len(named) > MAX_REFERENCE:
                            failed[current] = "names a chain of undercuts longer than argmap's references"
                        else:
                            names[current] = named
                    elif relation.target in failed or relation.target not in usable:
                        failed[current] = f"targets {relation.target}, which the map cannot hold"
                    elif relation.target in visiting:
                        failed[current] = f"and {relation.target} attack each other in a ring, which argmap cannot name"
                    else:
                        visiting.add(current)
                        stack.append(relation.target)
                        continue
                    stack.pop()
                    visiting.discard(current)
            # an argument that undercuts what failed fails too
            for scheme_id, relation in usable.items():
                if relation.kind == "undercuts" and relation.argument is not None and (relation.target in failed or relation.target not in usable):
                    failed.setdefault(scheme_id, f"targets {relation.target}, which the map cannot hold")
            dropped = [scheme_id for scheme_id in failed if scheme_id in usable]
            if not dropped:
                return names
            for scheme_id in dropped:
                relation = usable.pop(scheme_id)
                word = "inference" if relation.scheme.type == "RA" else "conflict"
                self.warn(
                    scheme_id,
                    f"{word} {scheme_id} {failed[scheme_id]}; it is not part of the map",
                    relation.premises,
                    f"AIF {relation.scheme.type} {scheme_id} {failed[scheme_id]}",
                    "undercuts of what the map cannot hold",
                )

    def _write_relation(self, relation: _Relation, names: dict[str, str]) -> None:
        scheme = relation.scheme
        target = names[relation.target] if relation.kind == "undercuts" else relation.target
        scheme_name = scheme.scheme
        descriptors = scheme.raw.get("descriptors")
        roles = []
        if isinstance(descriptors, dict):
            for role, value in descriptors.items():
                node = self.ids.get(ident(value) or "")
                if node is not None and isinstance(role, str) and not role.lower().startswith("s_conclusion"):
                    roles.append(f"{role.removeprefix('s_').split(chr(0x589))[0].split(':')[0].strip()} = {node}")
        if relation.argument is not None:
            raw = scheme.raw
            restored = raw.get("argmap_id") == relation.argument
            if restored:
                scheme_name = raw["scheme"] if isinstance(raw.get("scheme"), str) and raw["scheme"].strip() else ""
            tags = raw.get("argmap_tags") if restored else None
            fields: dict[str, Any] = {
                "text": _text_field(raw.get("argmap_text")),
                "scheme": scheme_name or None,
                "note": _text_field(raw.get("argmap_note")),
                "expect": _choice(raw.get("argmap_expect"), Label),
            }
            if restored:
                fields["tags"] = [t for t in tags if isinstance(t, str) and _SLUG.match(t) and len(t) <= MAX_TAG] if isinstance(tags, list) else []
            elif _SLUG.match(f"aif-{scheme.id}") and len(scheme.id) <= MAX_TAG - 4:
                fields["tags"] = [f"aif-{scheme.id}"]
            self._place_quotes(scheme.id, relation.argument, fields)
            self.md.argument(relation.argument, relation.premises, relation.kind, target, **fields)
            if roles:
                self.warn(
                    scheme.id,
                    f"scheme roles of {scheme.type} {scheme.id} have no place in argmap; kept in the note",
                    [relation.argument],
                    "AIF scheme roles: " + "; ".join(roles),
                    "scheme roles (descriptors)",
                )
            return
        premise = relation.premises[0]
        self.md.relate(premise, relation.kind, target)
        said = f"{premise} {relation.kind} {target}"
        if scheme_name or roles:
            what = f"scheme {scheme_name}" if scheme_name else "scheme roles"
            self.warn(
                scheme.id,
                f"the {what} of {scheme.type} {scheme.id} ({said}) has a place only on arguments of several premises; kept in the note",
                [premise],
                f"{said}: {what} (AIF {scheme.type} {scheme.id})" + (f"; roles: {'; '.join(roles)}" if roles else ""),
                "schemes of single-premise relations",
            )
        placed = self.placed.get(scheme.id, [])
        for item in placed:
            quote = item.cite if isinstance(item.cite, str) else item.cite["quote"]
            self.warn(
                scheme.id,
                f"the locution that argues {said} has a place only on arguments of several premises; kept in the note",
                [premise],
                f"{said}, argued in the words: {quote}",
                "quotes of single-premise inferences",
            )

    def read_rephrases_and_preferences(self) -> None:
        nodes = self.g.nodes
        for scheme in self.of_type("MA", "PA"):
            sources = [self.ids[s] for s in self.g.into[scheme.id] if nodes[s].type == "I"]
            targets = [self.ids[t] for t in self.g.out[scheme.id] if nodes[t].type == "I"]
            if scheme.type == "MA":
                for source in sources:
                    for target in targets:
                        self.notes.setdefault(source, []).append(f"Rephrases {target} (AIF MA {scheme.id}).")
                        self.notes.setdefault(target, []).append(f"Rephrased by {source} (AIF MA {scheme.id}).")
                self.warn(
                    scheme.id,
                    f"rephrase {scheme.id} ({', '.join(sources) or 'nothing'} rephrases {', '.join(targets) or 'nothing'}): argmap has no rephrase relation; kept in the notes",
                    summary="rephrases (MA)",
                )
            else:
                for source in sources:
                    self.notes.setdefault(source, []).append(f"Preferred to {', '.join(targets) or '(nothing)'} (AIF PA {scheme.id}).")
                self.warn(scheme.id, f"preference {scheme.id}: argmap has no preferences; kept in the notes", summary="preferences (PA)")

    def report_others(self) -> None:
        nodes = self.g.nodes
        for node in nodes.values():
            if node.type not in _KNOWN_TYPES:
                self.warn(node.id, f"node {node.id} has type {node.type or '(none)'!r}, which AIF does not define; it is ignored", summary="nodes of unknown types")
            elif node.type == "I":
                for target in self.g.out[node.id]:
                    if nodes[target].type == "I":
                        self.warn(
                            node.id,
                            f"proposition {node.id} points straight at proposition {target}, with no inference or conflict between; the edge is ignored",
                            [self.ids[node.id]],
                            f"AIF edge to proposition {self.ids[target]} with no inference or conflict",
                            "edges between propositions",
                        )
                    elif nodes[target].type in ("L", "YA", "TA"):
                        self.warn(
                            node.id,
                            f"proposition {node.id} points at {nodes[target].type}-node {target}; the edge is ignored",
                            [self.ids[node.id]],
                            f"AIF edge to {nodes[target].type} {target}",
                            "edges argmap cannot read",
                        )
                for source in self.g.into[node.id]:
                    if nodes[source].type in ("L", "TA"):
                        self.warn(
                            node.id,
                            f"{nodes[source].type}-node {source} points straight at proposition {node.id}, with no illocution between; the edge is ignored",
                            [self.ids[node.id]],
                            f"AIF edge from {nodes[source].type} {source} with no illocution",
                            "edges argmap cannot read",
                        )


# --- the reader ----------------------------------------------------------------------------------------


def unwrap(data: Any) -> tuple[dict[str, Any] | None, str | None]:
    """The part of an AIF or xAIF document that holds the graph, or why there is none."""
    if not isinstance(data, dict):
        return None, f"the top level is {type(data).__name__}, not an object with `nodes` and `edges`"
    if isinstance(data.get("AIF"), dict):
        return data["AIF"], None
    if "nodes" in data or "edges" in data:
        return data, None
    return None, "no `nodes` (nor an `AIF` object that holds them): not AIF"


def read_with(inputs: list[Input], reading: type[GraphReading], what: str) -> Imported:
    """Read every input with a kind of graph reading into one map."""
    with paused_gc():  # many objects, no cycles: see argmap/gcpause.py
        return _read_with(inputs, reading, what)


def _read_with(inputs: list[Input], reading: type[GraphReading], what: str) -> Imported:
    names = [stem_of(item.name) for item in inputs]
    builder = Builder(f"{what}: {', '.join(names)}" if names else what)
    read_any = False
    for item in inputs:
        data, text, problems = load_json(item)
        builder.problems.extend(problems)
        if problems:
            continue
        container, why = unwrap(data)
        if container is None:
            builder.problems.append(unreadable(item.name, why or "not AIF"))
            continue
        meta = data.get("argmap") if isinstance(data, dict) else None
        if meta is None and isinstance(container.get("argmap"), dict):
            meta = container["argmap"]
        graph = parse_graph(item.name, container, Locator(text), meta)
        try:
            reading(builder, graph, data).read()
        except RecursionError:  # pragma: no cover - every walk is iterative; a last guard
            builder.problems.append(unreadable(item.name, "the graph is nested too deeply to read"))
            continue
        read_any = True
    if not read_any:
        return Imported({}, {}, builder.problems)
    return builder.finish()


class AifReading(GraphReading):
    def read(self) -> None:
        if self.document.get("text") or isinstance(self.document.get("analysis"), dict):
            self.warn(None, "the file carries the analysed text (OVA); import it as `ova` to quote that text", summary="analysed texts (import as ova)")
        super().read()


def read(inputs: list[Input]) -> Imported:
    """AIF JSON files (AIFdb's shape, or xAIF's `AIF` object) → one map."""
    return read_with(inputs, AifReading, "AIF")


# --- writing ---------------------------------------------------------------------------------------------


@dataclass
class Locution:
    """An L-node the writer made for a quoted passage, and the passage."""

    node_id: str
    anchor: QuoteAnchor
    owner: str  # the AIF id of the I-node (or RA/CA) it states


@dataclass
class AifDocument:
    data: dict[str, Any]
    locutions: list[Locution]
    #: AIF node id → its place in the argument layer (for layouts): "I", "S" (RA/CA), "L", "YA".
    layers: dict[str, str]
    edges: list[tuple[str, str]]


def _aif_tag(tags: list[str]) -> str | None:
    for tag in tags:
        if tag.startswith("aif-") and len(tag) > 4:
            return tag[4:]
    return None


def aif_document(loaded: LoadedMap) -> AifDocument:
    """The AIF graph of a map (see the module docstring), as plain data."""
    from ..exports import ExportError
    from ..provenance import resolve

    records = loaded.records
    if records is None:
        raise ExportError(f"{loaded.display_path}: the map has format errors and cannot be exported")
    graph = loaded.graph
    resolution = resolve(loaded)
    used: set[str] = set()
    restored: dict[str, str] = {}
    for node_id, _type, node in records.nodes():
        wanted = _aif_tag(node.tags)
        if wanted and wanted not in used and node_id not in restored:
            restored[node_id] = wanted
            used.add(wanted)
    for argument_id, argument in records.arguments.items():
        wanted = _aif_tag(argument.tags)
        if wanted and wanted not in used and argument_id not in restored:
            restored[argument_id] = wanted
            used.add(wanted)
    counter = [0]

    def fresh() -> str:
        while True:
            counter[0] += 1
            candidate = str(counter[0])
            if candidate not in used:
                used.add(candidate)
                return candidate

    nodes: list[dict[str, Any]] = []
    edges: list[tuple[str, str]] = []
    layers: dict[str, str] = {}
    i_of: dict[str, str] = {}
    for node_id, node_type, node in records.nodes():
        if node_id in i_of:
            continue  # an id used twice (AM204): its first node
        aif_id = restored.get(node_id) or fresh()
        i_of[node_id] = aif_id
        entry: dict[str, Any] = {"nodeID": aif_id, "text": node.text, "type": "I", "argmap_id": node_id, "argmap_section": "claims" if node_type == "claim" else "evidence"}
        if node.kind is not None:
            entry["argmap_kind"] = node.kind.value
        if getattr(node, "thesis", False):
            entry["argmap_thesis"] = True
        if node.implicit:
            entry["argmap_implicit"] = True
        if node.tags:
            entry["argmap_tags"] = list(node.tags)
        for key in ("note", "group"):
            if getattr(node, key):
                entry[f"argmap_{key}"] = getattr(node, key)
        if node.expect is not None:
            entry["argmap_expect"] = node.expect.value
        if node.asserted_by and node.asserted_by in records.agents:
            entry["argmap_asserted_by"] = node.asserted_by
        nodes.append(entry)
        layers[aif_id] = "I"
    s_of: dict[str, str] = {}
    complete = graph.complete
    for relation in complete:
        s_of[relation.id] = (restored.get(relation.argument) if relation.argument else None) or fresh()
    for relation in complete:
        scheme_id = s_of[relation.id]
        entry = {"nodeID": scheme_id, "text": "", "type": "RA" if relation.kind == "supports" else "CA"}
        argument = records.arguments.get(relation.argument) if relation.argument else None
        scheme = argument.scheme if argument is not None else None
        entry["text"] = scheme or ("Default Inference" if relation.kind == "supports" else "Default Conflict")
        if scheme:
            entry["scheme"] = scheme
        if argument is not None:
            entry["argmap_id"] = relation.argument
            if argument.text:
                entry["argmap_text"] = argument.text
            if argument.tags:
                entry["argmap_tags"] = list(argument.tags)
            if argument.note:
                entry["argmap_note"] = argument.note
            if argument.expect is not None:
                entry["argmap_expect"] = argument.expect.value
        nodes.append(entry)
        layers[scheme_id] = "S"
        for source in dict.fromkeys(relation.sources):
            edges.append((i_of[source], scheme_id))
        edges.append((scheme_id, s_of[relation.target] if relation.kind == "undercuts" else i_of[relation.target]))
    # locutions: every quoted passage, in the order the passages stand in their sources
    source_order = {source_id: index for index, source_id in enumerate(records.sources)}
    passages: list[tuple[tuple[int, int, int], QuoteAnchor, str]] = []
    owners = [(node_id, aif_id) for node_id, aif_id in i_of.items()]
    owners += [(relation.argument, s_of[relation.id]) for relation in complete if relation.argument]
    for number, (owner_id, aif_id) in enumerate(owners):
        for anchor in resolution.of_node(owner_id):
            located = resolution.located(anchor)
            if located is not None:
                key = (source_order.get(anchor.source_id or "", len(source_order)), located[1].start, number)
            else:
                key = (len(source_order) + 1, number, anchor.index)
            passages.append((key, anchor, aif_id))
    passages.sort(key=lambda item: item[0])
    participants: list[dict[str, Any]] = []
    person_of: dict[str, int] = {}
    for number, (agent_id, agent) in enumerate(records.agents.items(), start=1):
        person_of[agent_id] = number
        participant: dict[str, Any] = {"participantID": number, "firstname": agent.name, "surname": "", "argmap_id": agent_id}
        if agent.type is not None:
            participant["argmap_type"] = agent.type.value
        if agent.note:
            participant["argmap_note"] = agent.note
        participants.append(participant)
    locution_entries: list[dict[str, Any]] = []
    locutions: list[Locution] = []
    speaker_of: dict[str, str | None] = {}
    for node_id, _type, node in records.nodes():
        speaker_of.setdefault(node_id, node.asserted_by if node.asserted_by in records.agents else None)
    for _key, anchor, owner in passages:
        l_id, ya_id = fresh(), fresh()
        speaker = speaker_of.get(anchor.node_id)
        name = records.agents[speaker].name if speaker else None
        nodes.append({"nodeID": l_id, "text": f"{name} : {anchor.quote}" if name else anchor.quote, "type": "L", "argmap_quote": anchor.quote})
        illocution = "Asserting" if layers[owner] == "I" else "Arguing"
        nodes.append({"nodeID": ya_id, "text": illocution, "type": "YA", "scheme": illocution})
        layers[l_id], layers[ya_id] = "L", "YA"
        edges.append((l_id, ya_id))
        edges.append((ya_id, owner))
        if speaker:
            locution_entries.append({"nodeID": l_id, "personID": person_of[speaker], "start": None, "end": None})
        locutions.append(Locution(l_id, anchor, owner))
    unique_edges = list(dict.fromkeys(edges))
    meta: dict[str, Any] = {"format": "argmap", "version": 1, "title": records.title}
    if records.description:
        meta["description"] = records.description
    sources = {}
    for source_id, source in records.sources.items():
        sources[source_id] = {key: getattr(source, key) for key in ("title", "author", "published", "publisher", "url") if getattr(source, key) is not None}
    if sources:
        meta["sources"] = sources
    data = {
        "nodes": nodes,
        "edges": [{"edgeID": str(number), "fromID": source, "toID": target, "formEdgeID": None} for number, (source, target) in enumerate(unique_edges, start=1)],
        "locutions": locution_entries,
        "participants": participants,
        "argmap": meta,
    }
    return AifDocument(data, locutions, layers, unique_edges)


def json_text(data: Any) -> Iterator[str]:
    """JSON text in pieces: keys in the order built, non-ASCII kept, one trailing newline."""
    yield from json.JSONEncoder(ensure_ascii=False, indent=1, check_circular=False).iterencode(data)
    yield "\n"


def write(loaded: LoadedMap) -> Iterator[str]:
    """The map as AIF JSON (AIFdb's shape)."""
    return json_text(aif_document(loaded).data)
