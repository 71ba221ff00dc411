"""How an argument changed between two versions of a map: a semantic diff for review.

Ids are the identity: a node or relation whose id is in one map and not in
the other was added or removed; one in both whose fields differ was changed.
A removed node and an added node with the same text are reported as a pair
that was possibly renamed (they stay listed as removed and added). Besides the
map's own fields, the diff compares what the maps mean: where each quote
stands in its source (a passage that moved or whose wording changed there),
and the grounded label of every node and inference (argmap/evaluation.py)
that flips.

Both maps are read through what argmap already builds: the argument graph
(``loaded.graph``) for nodes and relations, the resolution of the quotes
(argmap/provenance.py) for passages. A map that does not load cleanly (format
errors drop entries, which would read as removals) is refused with a
:class:`DiffError` that carries its problems.

:func:`load_revision` reads a map as committed at a git revision, with the
sources it quotes as committed at that revision too.

Pure apart from :func:`load_revision`: nothing prints, nothing exits.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .records import as_written
from .report.github import escape_data, escape_property

if TYPE_CHECKING:
    from .graph import ArgumentGraph, Relation
    from .loader import LoadedMap
    from .problems import Problem
    from .provenance import QuoteAnchor, Resolution

#: Node fields reported as relations, not as changed fields.
_RELATION_FIELDS = frozenset({"supports", "attacks", "undercuts"})


class DiffError(Exception):
    """The maps cannot be compared: a map does not load cleanly, or a revision cannot be read."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


# --- the diff as data -------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One field whose value differs; values as written in the map (JSON-ready), None when unset."""

    field: str
    old: Any
    new: Any
    #: Where the new value stands in the new map (0 when it is not written there).
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class NodeEntry:
    """A node that only one of the maps has; its place is in that map."""

    id: str
    type: str
    text: str
    line: int
    column: int


@dataclass(frozen=True)
class NodeChange:
    """A node in both maps whose fields differ; its place is in the new map."""

    id: str
    type: str
    text: str
    fields: tuple[FieldChange, ...]
    line: int
    column: int


@dataclass(frozen=True)
class RelationEntry:
    """A relation that only one of the maps has; its place is in that map."""

    id: str
    kind: str
    sources: tuple[str, ...]
    target: str
    argument: str | None
    line: int
    column: int


@dataclass(frozen=True)
class RelationChange:
    """An argument in both maps whose premises, conclusion or other fields differ."""

    id: str
    kind: str
    fields: tuple[FieldChange, ...]
    line: int
    column: int


@dataclass(frozen=True)
class Passage:
    """Where a quoted passage stands in its source."""

    source: str | None
    line: int
    column: int
    sentence: int
    start: int
    end: int
    #: The passage as the source writes it.
    text: str


@dataclass(frozen=True)
class QuoteChange:
    """A quote written the same way in both maps whose passage in the source is not the same.

    ``change`` is ``moved`` (same wording, another place), ``changed`` (the source's
    wording of the passage differs, e.g. its typography), ``lost`` (it stood in the old
    source and does not stand once in the new one) or ``found`` (the other way round)."""

    owner: str
    quote: str
    change: str
    old: Passage | None
    new: Passage | None
    line: int
    column: int


@dataclass(frozen=True)
class LabelFlip:
    """A node or inference in both maps whose grounded label differs."""

    id: str
    element: str  # "node" or "inference"
    old: str
    new: str
    line: int
    column: int


@dataclass(frozen=True)
class Rename:
    """A removed node and an added node with the same text: possibly one node renamed."""

    old_id: str
    new_id: str
    type: str
    text: str


@dataclass(frozen=True)
class MapDiff:
    """Everything that differs between two maps, each list in the new map's file order."""

    #: How the two maps are named (a path, or REV:PATH for a committed version).
    old: str
    new: str
    #: The new map's file, for annotations placed on its lines.
    new_file: str
    nodes_added: tuple[NodeEntry, ...] = ()
    nodes_removed: tuple[NodeEntry, ...] = ()
    nodes_changed: tuple[NodeChange, ...] = ()
    relations_added: tuple[RelationEntry, ...] = ()
    relations_removed: tuple[RelationEntry, ...] = ()
    relations_changed: tuple[RelationChange, ...] = ()
    quotes: tuple[QuoteChange, ...] = ()
    labels: tuple[LabelFlip, ...] = ()
    renames: tuple[Rename, ...] = ()
    #: Title, description, sources (declarations and file contents) and agents.
    map_fields: tuple[FieldChange, ...] = ()
    #: What the comparison took as given (e.g. a source read from the working tree).
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def changed(self) -> bool:
        return any(
            (self.nodes_added, self.nodes_removed, self.nodes_changed, self.relations_added, self.relations_removed,
             self.relations_changed, self.quotes, self.labels, self.map_fields)
        )

    def summary(self) -> dict[str, int]:
        return {
            "nodes added": len(self.nodes_added),
            "nodes removed": len(self.nodes_removed),
            "nodes changed": len(self.nodes_changed),
            "relations added": len(self.relations_added),
            "relations removed": len(self.relations_removed),
            "relations changed": len(self.relations_changed),
            "quotes moved or changed": len(self.quotes),
            "labels flipped": len(self.labels),
            "possibly renamed": len(self.renames),
            "map fields changed": len(self.map_fields),
        }

    def to_data(self) -> dict[str, Any]:
        """The diff as JSON-ready data (the shape `argmap diff --output-format json` prints)."""
        from dataclasses import asdict

        def items(values: tuple[Any, ...]) -> list[dict[str, Any]]:
            return [asdict(value) for value in values]

        return {
            "old": self.old,
            "new": self.new,
            "changed": self.changed,
            "nodes": {"added": items(self.nodes_added), "removed": items(self.nodes_removed), "changed": items(self.nodes_changed)},
            "relations": {"added": items(self.relations_added), "removed": items(self.relations_removed), "changed": items(self.relations_changed)},
            "quotes": items(self.quotes),
            "labels": items(self.labels),
            "renames": items(self.renames),
            "map": items(self.map_fields),
            "notes": list(self.notes),
            "summary": {name.replace(" ", "_"): count for name, count in self.summary().items()},
        }


# --- comparing two maps ------------------------------------------------------------------------


def usable(loaded: LoadedMap, label: str | None = None) -> None:
    """Refuse a map with format errors: entries it drops would read as removals."""
    errors = tuple(problem for problem in loaded.problems if problem.is_error)
    if loaded.records is None or errors:
        name = label or loaded.display_path
        raise DiffError(f"{name}: cannot compare: the map has format errors", errors)


def diff_maps(
    old: LoadedMap, new: LoadedMap, old_label: str | None = None, new_label: str | None = None, notes: tuple[str, ...] = (), new_file: str | None = None
) -> MapDiff:
    """How ``new`` differs from ``old``. Raises :class:`DiffError` when either does not load cleanly.

    The labels name the maps in the output (default: their paths); ``new_file`` is the
    file annotations are placed in (default: the new map's path)."""
    from .evaluation import evaluate
    from .provenance import resolve

    usable(old, old_label)
    usable(new, new_label)
    old_graph, new_graph = old.graph, new.graph
    added, removed, changed = _nodes(old, new, old_graph, new_graph)
    relations_added, relations_removed, relations_changed = _relations(old, new, old_graph, new_graph)
    old_labels, new_labels = evaluate(old_graph), evaluate(new_graph)
    return MapDiff(
        old=old_label or old.display_path,
        new=new_label or new.display_path,
        new_file=new_file or new.display_path,
        nodes_added=added,
        nodes_removed=removed,
        nodes_changed=changed,
        relations_added=relations_added,
        relations_removed=relations_removed,
        relations_changed=relations_changed,
        quotes=_quotes(new, old_graph, new_graph, resolve(old), resolve(new)),
        labels=_flips(new, new_graph, old_labels.nodes, new_labels.nodes, "node") + _flips(new, new_graph, old_labels.relations, new_labels.relations, "inference"),
        renames=_renames(removed, added),
        map_fields=_map_fields(old, new, resolve(old), resolve(new)),
        notes=notes,
    )


def _place(loaded: LoadedMap, path: tuple[str | int, ...], key: bool = False) -> tuple[int, int]:
    location = loaded.location(path, key=key)
    return location.line, location.column


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _nodes(old: LoadedMap, new: LoadedMap, old_graph: ArgumentGraph, new_graph: ArgumentGraph) -> tuple[tuple[NodeEntry, ...], tuple[NodeEntry, ...], tuple[NodeChange, ...]]:
    added = tuple(
        NodeEntry(node_id, node.type, _one_line(node.record.text), *_place(new, node.path, key=True))
        for node_id, node in new_graph.nodes.items()
        if node_id not in old_graph.nodes
    )
    removed = tuple(
        NodeEntry(node_id, node.type, _one_line(node.record.text), *_place(old, node.path, key=True))
        for node_id, node in old_graph.nodes.items()
        if node_id not in new_graph.nodes
    )
    changed = []
    for node_id, node in new_graph.nodes.items():
        before = old_graph.nodes.get(node_id)
        if before is None:
            continue
        fields = []
        if before.type != node.type:
            fields.append(FieldChange("type", before.type, node.type, *_place(new, node.path, key=True)))
        fields.extend(_record_changes(before.record, node.record, new, node.path, _RELATION_FIELDS))
        if fields:
            changed.append(NodeChange(node_id, node.type, _one_line(node.record.text), tuple(fields), *_place(new, node.path, key=True)))
    return added, removed, tuple(changed)


def _record_changes(old: Any, new: Any, new_map: LoadedMap, path: tuple[str | int, ...], skip: frozenset[str] = frozenset()) -> list[FieldChange]:
    """The fields of two records (of one type or two) that differ, in the order the format declares them."""
    names = list(dict.fromkeys([*old._fields, *new._fields]))
    found = []
    for name in names:
        if name in skip:
            continue
        before, after = _written(getattr(old, name, None)), _written(getattr(new, name, None))
        if before != after:
            written_here = name in new._fields and after is not None
            line, column = _place(new_map, (*path, name)) if written_here else _place(new_map, path, key=True)
            found.append(FieldChange(name, before, after, line, column))
    return found


def _written(value: Any) -> Any:
    """A field's value as written, an unset one (empty list, false flag) as None."""
    value = as_written(value)
    return None if value in ([], False, {}) else value


def _relation_entry(loaded: LoadedMap, relation: Relation) -> RelationEntry:
    return RelationEntry(relation.id, relation.kind, tuple(relation.sources), relation.target, relation.argument, *_place(loaded, relation.path))


def _relations(
    old: LoadedMap, new: LoadedMap, old_graph: ArgumentGraph, new_graph: ArgumentGraph
) -> tuple[tuple[RelationEntry, ...], tuple[RelationEntry, ...], tuple[RelationChange, ...]]:
    added = tuple(_relation_entry(new, relation) for relation_id, relation in new_graph.relations.items() if relation_id not in old_graph.relations)
    removed = tuple(_relation_entry(old, relation) for relation_id, relation in old_graph.relations.items() if relation_id not in new_graph.relations)
    changed = []
    for relation_id, relation in new_graph.relations.items():
        before = old_graph.relations.get(relation_id)
        if before is None or relation.argument is None:
            continue  # a node's relation is named by its words: the same id is the same relation
        if before.argument is None:
            fields = [FieldChange("relation", f"{' + '.join(before.sources)} {before.kind} {before.target}", f"{' + '.join(relation.sources)} {relation.kind} {relation.target}", *_place(new, relation.path, key=True))]
        else:
            fields = _record_changes(old_graph.records.arguments[relation_id], new_graph.records.arguments[relation_id], new, relation.path)
        if fields:
            changed.append(RelationChange(relation_id, relation.kind, tuple(fields), *_place(new, relation.path, key=True)))
    return added, removed, tuple(changed)


def _passage(resolution: Resolution, anchor: QuoteAnchor) -> Passage | None:
    located = resolution.located(anchor)
    if located is None:
        return None
    document, span, position = located
    return Passage(anchor.source_id, position.line, position.column, position.sentence, span.start, span.end, document.text[span.start : span.end])


def _owner_path(graph: ArgumentGraph, owner: str) -> tuple[str | int, ...]:
    node = graph.nodes.get(owner)
    return node.path if node is not None else ("arguments", owner)


def _quotes(new: LoadedMap, old_graph: ArgumentGraph, new_graph: ArgumentGraph, old_resolution: Resolution, new_resolution: Resolution) -> tuple[QuoteChange, ...]:
    """Quotes written alike in both maps (same owner, source, wording and context) whose passage differs."""
    owners = [node_id for node_id in new_graph.nodes if node_id in old_graph.nodes]
    owners += [argument_id for argument_id in new_graph.records.arguments if argument_id in old_graph.records.arguments]
    found = []
    for owner in owners:
        before = {}
        for anchor in old_resolution.of_node(owner):
            before.setdefault(_quote_key(anchor), anchor)
        for anchor in new_resolution.of_node(owner):
            was = before.get(_quote_key(anchor))
            if was is None:
                continue  # a new or rewritten quote: the node's `quote` or `cites` field says so
            old_passage, new_passage = _passage(old_resolution, was), _passage(new_resolution, anchor)
            change = _passage_change(old_passage, new_passage)
            if change is not None:
                line, column = _place(new, (*_owner_path(new_graph, owner), *anchor.path))
                found.append(QuoteChange(owner, _one_line(anchor.quote), change, old_passage, new_passage, line, column))
    return tuple(found)


def _quote_key(anchor: QuoteAnchor) -> tuple[Any, ...]:
    return (anchor.source_id, anchor.quote, anchor.prefix, anchor.suffix, anchor.occurrence)


def _passage_change(old: Passage | None, new: Passage | None) -> str | None:
    if old is None and new is None:
        return None
    if old is None:
        return "found"
    if new is None:
        return "lost"
    if old.text != new.text:
        return "changed"
    if (old.start, old.line, old.column) != (new.start, new.line, new.column):
        return "moved"
    return None


def _flips(new: LoadedMap, new_graph: ArgumentGraph, old_labels: dict[str, Any], new_labels: dict[str, Any], element: str) -> tuple[LabelFlip, ...]:
    flips = []
    for element_id, label in new_labels.items():
        before = old_labels.get(element_id)
        if before is not None and before != label:
            if element == "node":
                path = new_graph.nodes[element_id].path
            else:
                path = new_graph.relations[element_id].path
            flips.append(LabelFlip(element_id, element, before.value, label.value, *_place(new, path, key=element == "node")))
    return tuple(flips)


def _renames(removed: tuple[NodeEntry, ...], added: tuple[NodeEntry, ...]) -> tuple[Rename, ...]:
    waiting: dict[str, list[NodeEntry]] = {}
    for entry in removed:
        waiting.setdefault(entry.text.casefold(), []).append(entry)
    pairs = []
    for entry in added:
        candidates = waiting.get(entry.text.casefold())
        if candidates:
            was = candidates.pop(0)
            pairs.append(Rename(was.id, entry.id, entry.type, entry.text))
    return tuple(pairs)


def _map_fields(old: LoadedMap, new: LoadedMap, old_resolution: Resolution, new_resolution: Resolution) -> tuple[FieldChange, ...]:
    """Title, description, each source and agent as declared, and each source file's content."""
    assert old.records is not None and new.records is not None
    found = []
    for name in ("title", "description"):
        before, after = getattr(old.records, name), getattr(new.records, name)
        if before != after:
            found.append(FieldChange(name, before, after, *_place(new, (name,))))
    for section in ("sources", "agents"):
        before_section, after_section = getattr(old.records, section), getattr(new.records, section)
        for entry_id in dict.fromkeys([*after_section, *before_section]):
            before = as_written(before_section[entry_id]) if entry_id in before_section else None
            after = as_written(after_section[entry_id]) if entry_id in after_section else None
            if before != after:
                where = _place(new, (section, entry_id), key=True) if after is not None else (0, 0)
                found.append(FieldChange(f"{section}.{entry_id}", before, after, *where))
    for source_id, source in new_resolution.sources.items():
        was = old_resolution.sources.get(source_id)
        if was is not None and was.sha256 != source.sha256:
            found.append(FieldChange(f"sources.{source_id} file sha256", was.sha256, source.sha256, *_place(new, ("sources", source_id), key=True)))
    return tuple(found)


# --- reading a committed version --------------------------------------------------------------


@dataclass(frozen=True)
class Revision:
    """A map as committed at a revision, loaded with its sources as committed there."""

    loaded: LoadedMap
    label: str
    notes: tuple[str, ...]


def _git(args: list[str], cwd: Path) -> bytes:
    environment = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, env=environment, timeout=120, check=False)
    except FileNotFoundError:
        raise DiffError("git was not found on PATH; reading a revision needs git") from None
    except subprocess.TimeoutExpired:
        raise DiffError(f"git {args[0]} took more than 120 s; gave up") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _GitFailed(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


class _GitFailed(DiffError):
    """git ran and refused."""


def load_revision(revision: str, path: str | os.PathLike[str], source_roots: tuple[str, ...] = ()) -> Revision:
    """The map at ``path`` (relative to the current folder, as any path) as committed at
    ``revision``, each relative source it quotes read from the same revision.

    A source that the revision does not hold (untracked then) or that lies outside the
    repository is read from the working tree, and a note says so; an absolute source path
    is read from disk as in any map. Sources are read only where they would be read for
    the map in the working tree: inside its project, or in ``source_roots``."""
    from .loader import load_bytes
    from .provenance import resolve
    from .safety import project_root

    if not revision or revision.startswith("-"):
        raise DiffError(f"{revision!r} is not a revision")
    wanted = Path(os.path.abspath(path))
    folder = wanted.parent
    while not folder.is_dir():  # the map may be gone from the working tree, and its folder with it
        folder = folder.parent
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], folder).decode("utf-8").strip())
        prefix = _git(["rev-parse", "--show-prefix"], folder).decode("utf-8").strip()
    except _GitFailed:
        raise DiffError(f"{path}: not inside a git repository, so it has no revision {revision!r}") from None
    relative = os.path.normpath(os.path.join(prefix, os.path.relpath(wanted, folder))).replace(os.sep, "/")
    if relative.startswith("../"):
        raise DiffError(f"{path}: outside the git repository at {top}")
    try:
        commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], top).decode("ascii").strip()
    except _GitFailed:
        raise DiffError(f"unknown revision {revision!r} (not a commit, branch or tag of {top})") from None
    label = f"{revision}:{_shown(path)}"
    try:
        raw = _git(["show", f"{commit}:{relative}"], top)
    except _GitFailed:
        raise DiffError(f"{label}: {relative} is not in revision {revision!r}") from None

    loaded = load_bytes(raw, Path(relative), source_roots=source_roots)
    errors = tuple(_relabelled(problem, label) for problem in loaded.problems if problem.is_error)
    if loaded.records is None or errors:
        raise DiffError(f"{label}: cannot compare: the map has format errors", errors)
    with tempfile.TemporaryDirectory(prefix="argmap-diff-") as scratch:
        # The repository's top is mirrored as many folders deep as the sources reach above
        # it with `../`, so that every relative source lands inside the scratch folder.
        mirror = Path(scratch, *(["up"] * _levels_up(loaded, relative)), "repo")
        loaded.path = mirror / relative  # where its relative sources are looked for
        loaded.path.parent.mkdir(parents=True, exist_ok=True)
        # Sources may be read where the map's sources may be read in the working tree: its
        # project (mirrored here), and for those read from the working tree, the project itself.
        project = Path(project_root(top / relative))
        inside = os.path.relpath(project, top)
        mirrored = mirror if inside.startswith("..") else Path(os.path.normpath(mirror / inside))
        loaded.source_roots = (*loaded.source_roots, str(mirrored), str(project))
        notes = []
        for source_id, source in loaded.records.sources.items():
            if os.path.isabs(source.path):
                notes.append(f"source {source_id!r} of {label}: an absolute path, read from disk as it is now")
                continue
            in_repo = os.path.normpath(os.path.join(os.path.dirname(relative), source.path)).replace(os.sep, "/")
            placed = Path(os.path.normpath(mirror / in_repo))
            if placed.exists() or placed.is_symlink():
                continue  # two sources of one file
            placed.parent.mkdir(parents=True, exist_ok=True)
            committed = None
            if not in_repo.startswith("../"):
                try:
                    committed = _git(["show", f"{commit}:{in_repo}"], top)
                except _GitFailed:
                    committed = None
            if committed is not None:
                placed.write_bytes(committed)
                continue
            working = top / in_repo
            where = "outside the repository" if in_repo.startswith("../") else f"not in revision {revision!r}"
            if working.exists():
                os.symlink(os.path.abspath(working), placed)
                notes.append(f"source {source_id!r} of {label}: {where}; read from the working tree")
            else:
                notes.append(f"source {source_id!r} of {label}: {where}, and not in the working tree either")
        resolve(loaded)  # read now: the scratch folder goes away with this block
    return Revision(loaded, label, tuple(notes))


def _shown(path: str | os.PathLike[str]) -> str:
    from .loader import display_path

    return display_path(Path(path))


def _levels_up(loaded: LoadedMap, relative: str) -> int:
    """How many folders above the repository's top the map's sources reach (0 when none do)."""
    assert loaded.records is not None
    deepest = 0
    for source in loaded.records.sources.values():
        if not os.path.isabs(source.path):
            parts = os.path.normpath(os.path.join(os.path.dirname(relative), source.path)).replace(os.sep, "/").split("/")
            deepest = max(deepest, sum(1 for part in parts if part == ".."))
    return deepest


def _relabelled(problem: Problem, label: str) -> Problem:
    """A problem of a committed version, placed in ``REV:PATH`` rather than in a scratch file."""
    return replace(problem, location=replace(problem.location, path=label))


# --- reporters -------------------------------------------------------------------------------


def _value(value: Any, width: int = 120) -> str:
    if value is None:
        return "(none)"
    text = _one_line(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = text if len(text) <= width else text[: width - 1] + "…"
    return f'"{text}"' if isinstance(value, str) else text


def _at(line: int) -> str:
    return f" (line {line})" if line else ""


def format_text(diff: MapDiff) -> str:
    """The diff as a reviewer reads it: one section per kind of change, then a summary line."""
    out = [f"--- {diff.old}", f"+++ {diff.new}"]
    renamed_from = {rename.new_id: rename.old_id for rename in diff.renames}
    renamed_to = {rename.old_id: rename.new_id for rename in diff.renames}

    def section(title: str, lines: list[str]) -> None:
        if lines:
            out.append(f"{title}:")
            out.extend(lines)

    section("nodes added", [
        f"  + {e.type} {e.id}{_at(e.line)}: {_value(e.text)}" + (f"  (possibly renamed from {renamed_from[e.id]})" if e.id in renamed_from else "")
        for e in diff.nodes_added
    ])
    section("nodes removed", [
        f"  - {e.type} {e.id}: {_value(e.text)}" + (f"  (possibly renamed to {renamed_to[e.id]})" if e.id in renamed_to else "")
        for e in diff.nodes_removed
    ])
    changed = []
    for change in diff.nodes_changed:
        changed.append(f"  ~ {change.type} {change.id}{_at(change.line)}")
        changed.extend(f"      {f.field}: {_value(f.old)} -> {_value(f.new)}" for f in change.fields)
    section("nodes changed", changed)
    section("relations added", [f"  + {e.id}{_at(e.line)}" + _argument_words(e) for e in diff.relations_added])
    section("relations removed", [f"  - {e.id}" + _argument_words(e) for e in diff.relations_removed])
    changed = []
    for change in diff.relations_changed:
        changed.append(f"  ~ argument {change.id}{_at(change.line)}")
        changed.extend(f"      {f.field}: {_value(f.old)} -> {_value(f.new)}" for f in change.fields)
    section("relations changed", changed)
    section("quotes moved or changed in the source", [f"  ~ {q.owner}{_at(q.line)}: {_quote_words(q)}" for q in diff.quotes])
    section("labels flipped (grounded)", [f"  ~ {flip.element} {flip.id}: {flip.old} -> {flip.new}" for flip in diff.labels])
    section("map", [f"  ~ {f.field}: {_value(f.old)} -> {_value(f.new)}" for f in diff.map_fields])
    section("notes", [f"  {note}" for note in diff.notes])
    if not diff.changed:
        out.append("no changes to the argument")
    out.append(summary_line(diff))
    return "\n".join(out)


#: How one item of each count of :meth:`MapDiff.summary` reads.
_SINGULAR = {
    "nodes added": "node added", "nodes removed": "node removed", "nodes changed": "node changed",
    "relations added": "relation added", "relations removed": "relation removed", "relations changed": "relation changed",
    "quotes moved or changed": "quote moved or changed", "labels flipped": "label flipped",
    "possibly renamed": "possibly renamed", "map fields changed": "map field changed",
}


def summary_line(diff: MapDiff) -> str:
    """``3 nodes added, 1 node changed, ...``: the counts that are not zero."""
    counts = [f"{count} {_SINGULAR[name] if count == 1 else name}" for name, count in diff.summary().items() if count]
    return ", ".join(counts) if counts else "0 changes"


def _argument_words(entry: RelationEntry) -> str:
    if entry.argument is None:
        return ""
    return f": {' + '.join(entry.sources)} together {entry.kind} {entry.target}"


def _visible(passage: str, width: int = 120) -> str:
    """A passage whose wording changed, with the characters that do not show (no-break
    spaces, line breaks, zero-width marks) written as escapes, since they may be the change."""
    import unicodedata

    text = "".join(
        char if char == " " or not (char.isspace() or unicodedata.category(char) in ("Cc", "Cf")) else ("\\n" if char == "\n" else f"\\u{ord(char):04x}")
        for char in passage[: width * 2]
    )
    return '"' + (text if len(text) <= width else text[: width - 1] + "…") + '"'


def _passage_words(passage: Passage) -> str:
    return f"line {passage.line}:{passage.column} of {passage.source}"


def _quote_words(change: QuoteChange) -> str:
    quote = _value(change.quote, 50)
    if change.change == "moved":
        assert change.old is not None and change.new is not None
        return f"{quote} moved from {_passage_words(change.old)} to line {change.new.line}:{change.new.column}"
    if change.change == "changed":
        assert change.old is not None and change.new is not None
        return f"{quote}: the source now reads {_visible(change.new.text)} (was {_visible(change.old.text)}), {_passage_words(change.new)}"
    if change.change == "lost":
        assert change.old is not None
        return f"{quote} no longer stands once in its source (was at {_passage_words(change.old)})"
    assert change.new is not None
    return f"{quote} now stands in its source, at {_passage_words(change.new)}"


def format_json(diff: MapDiff) -> str:
    return json.dumps(diff.to_data(), ensure_ascii=False, indent=2)


def _command(file: str, line: int, column: int, title: str, message: str) -> str:
    where = f"file={escape_property(file)}"
    if line:
        where += f",line={line},col={column or 1}"
    return f"::notice {where},title={escape_property(title)}::{escape_data(message)}"


def format_github(diff: MapDiff) -> str:
    """GitHub Actions workflow commands: a notice on the new map's line of each added or
    changed node, relation, moved quote and flipped label; removals on the file itself."""
    file = diff.new_file
    lines = []
    renamed_from = {rename.new_id: rename.old_id for rename in diff.renames}
    for e in diff.nodes_added:
        extra = f" (possibly renamed from {renamed_from[e.id]})" if e.id in renamed_from else ""
        lines.append(_command(file, e.line, e.column, f"argmap diff: {e.type} added", f"+ {e.type} {e.id}: {e.text}{extra}"))
    for change in diff.nodes_changed:
        for f in change.fields:
            lines.append(_command(file, f.line or change.line, f.column or change.column, f"argmap diff: {change.type} changed",
                                  f"~ {change.id} {f.field}: {_value(f.old, 200)} -> {_value(f.new, 200)}"))
    for e in diff.relations_added:
        lines.append(_command(file, e.line, e.column, "argmap diff: relation added", f"+ {e.id}{_argument_words(e)}"))
    for change in diff.relations_changed:
        for f in change.fields:
            lines.append(_command(file, f.line or change.line, f.column or change.column, "argmap diff: argument changed",
                                  f"~ {change.id} {f.field}: {_value(f.old, 200)} -> {_value(f.new, 200)}"))
    for q in diff.quotes:
        lines.append(_command(file, q.line, q.column, f"argmap diff: quote {q.change}", f"~ {q.owner}: {_quote_words(q)}"))
    for flip in diff.labels:
        lines.append(_command(file, flip.line, flip.column, "argmap diff: label flipped", f"~ {flip.element} {flip.id}: {flip.old} -> {flip.new}"))
    for f in diff.map_fields:
        lines.append(_command(file, f.line, f.column, "argmap diff: map changed", f"~ {f.field}: {_value(f.old, 200)} -> {_value(f.new, 200)}"))
    for e in diff.nodes_removed:
        lines.append(_command(file, 0, 0, f"argmap diff: {e.type} removed", f"- {e.type} {e.id}: {e.text}"))
    for e in diff.relations_removed:
        lines.append(_command(file, 0, 0, "argmap diff: relation removed", f"- {e.id}{_argument_words(e)}"))
    return "\n".join(lines)


#: Output format → the function that writes the diff in it.
REPORTERS = {"text": format_text, "json": format_json, "github": format_github}
