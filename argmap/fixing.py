"""Repairs that cannot change what a map says, and `argmap fix`'s edit of the map file.

A quote that does not stand in its source is repaired only when there is no
doubt which passage it means:

- it differs from exactly one passage only in letter case, spacing or
  typography beyond what folding covers (spaces around a dash), or in at most
  a few words (``threshold``, and never more than one word in four): it becomes
  that passage, with the source's own typography;
- it joins passages with an ellipsis and each part stands once, in order: it
  becomes a list of those passages.

When two passages are close enough, or the closest is too far, the quote is
left as written and the reason is reported. ``argmap import draft`` uses the
same rules (:func:`repair_quote`).

The map file is edited at the exact place of each quote's YAML scalar (found
by PyYAML's composer, with its start and end offsets), so comments, order,
quoting and layout of everything else stay byte for byte. A missing source pin
is written by :func:`argmap.pin.pin`. Before anything is written, the edited
text is parsed again and must hold the same data as the original, except for
the intended changes.
"""

from __future__ import annotations

import copy
import difflib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .quotediff import Alignment, as_quote, closest, split_at_ellipsis

if TYPE_CHECKING:
    from .anchoring import Document
    from .problems import Problem

_OWNER = {"claims": "claim", "evidence": "evidence", "arguments": "argument"}

#: At most this many words (or runs of punctuation) may differ for a quote to be replaced.
DEFAULT_THRESHOLD = 3


def allowed_changes(words: int, threshold: int) -> int:
    """How many words may differ in a quote of ``words`` words: ``threshold``, and at most
    one word in four (but always one, so that a short quote with a typo can be repaired)."""
    return min(threshold, max(1, words // 4))


@dataclass(frozen=True)
class QuoteRepair:
    """What can be done about one quote."""

    #: ``stands`` (nothing to do), ``replaced``, ``split`` or ``failed``.
    outcome: str
    quote: str
    #: The new quote, or the list of quotes for a split.
    new: str | list[str] | None = None
    #: What the repair was ("differs only in letter case", "1 of 8 words differs"), or why none was made.
    reason: str = ""
    #: The quote aligned with its closest passage, when there is one.
    alignment: Alignment | None = None


def repair_quote(document: Document, quote: str, threshold: int = DEFAULT_THRESHOLD, can_split: bool = True) -> QuoteRepair:
    """The repair of one quote of ``document``'s text, or why there is none."""
    spans = document.find(quote)
    if len(spans) == 1:
        return QuoteRepair("stands", quote)
    if spans:
        lines = ", ".join(str(document.line_of(s.start)) for s in spans[:8])
        return QuoteRepair("failed", quote, reason=f"it stands {len(spans)} times (lines {lines}); quote more of the sentence, or use `cites:` with a prefix")
    split = split_at_ellipsis(document, quote)
    if split is not None:
        if not can_split:
            return QuoteRepair("failed", quote, reason="it leaves text out with an ellipsis, and a citation quotes one passage; give each part its own citation")
        spans, repaired = [], []
        for number, (part, span) in enumerate(zip(split.parts, split.spans), start=1):
            if span is None:  # a part that does not stand once may be repaired by the same rules
                repair = repair_quote(document, part, threshold, can_split=False)
                if repair.outcome != "replaced" or not isinstance(repair.new, str):
                    return QuoteRepair("failed", quote, reason=f"it leaves text out with an ellipsis, and part {number} of {len(split.parts)} does not stand: {repair.reason}")
                span = document.find(repair.new)[0]
                repaired.append(f"part {number} {repair.reason}")
            spans.append(span)
        if [s.start for s in spans] != sorted({s.start for s in spans}):
            return QuoteRepair("failed", quote, reason="it leaves text out with an ellipsis, and its parts do not stand in the order written")
        parts = [as_quote(document.text[span.start : span.end]) for span in spans]
        if any(len(document.find(part)) != 1 for part in parts):
            return QuoteRepair("failed", quote, reason="it leaves text out with an ellipsis, and a part stands more than once")
        how = f" ({'; '.join(repaired)})" if repaired else ""
        return QuoteRepair("split", quote, parts, f"split at its ellipsis into {len(parts)} quotes{how}")
    found = closest(document, quote, limit=3)
    if not found:
        return QuoteRepair("failed", quote, reason="no passage of the source is like it")
    best = found[0]
    limit = allowed_changes(best.words, threshold)
    near = [a for a in found if a.distance <= limit]
    if not near:
        return QuoteRepair("failed", quote, reason=f"no passage is close enough (at most {limit} word(s) may differ): the closest, line {best.line}, {best.changes}", alignment=best)
    if len(near) > 1:
        lines = " and ".join(f"line {a.line}" for a in near)
        return QuoteRepair("failed", quote, reason=f"{len(near)} passages are as close ({lines}); argmap does not choose between them", alignment=best)
    new = as_quote(best.passage)
    if len(document.find(new)) != 1:
        return QuoteRepair("failed", quote, reason=f"the closest passage, line {best.line}, stands more than once", alignment=best)
    return QuoteRepair("replaced", quote, new, best.changes, best)


# --- fixing a map file ----------------------------------------------------------------------------


class FixRefused(Exception):
    """The map cannot be edited safely: YAML or format errors, or it changed while being fixed."""


@dataclass(frozen=True)
class FixItem:
    """One thing fixed, or left as it was, and why."""

    where: str  # file:line:col
    subject: str  # "claim 'x'", "source 'y'"
    what: str
    before: str | list[str] | None = None
    after: str | list[str] | None = None
    alignment: Alignment | None = None
    #: The quote and its closest passage, differing words marked (argmap/quotediff.py).
    marked: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"where": self.where, "subject": self.subject, "what": self.what}
        if self.before is not None:
            data["before"] = self.before
        if self.after is not None:
            data["after"] = self.after
        if self.alignment is not None:
            data["closest"] = self.alignment.to_dict()
        return data


@dataclass
class FixResult:
    path: Path
    original: bytes
    fixed: bytes
    done: list[FixItem] = field(default_factory=list)
    not_done: list[FixItem] = field(default_factory=list)
    #: Errors the map still has once fixed (those of `not_done` among them).
    remaining: list[Problem] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def diff(self, shown: str) -> str:
        before = self.original.decode("utf-8-sig").splitlines(keepends=True)
        after = self.fixed.decode("utf-8-sig").splitlines(keepends=True)
        return "".join(difflib.unified_diff(before, after, f"a/{shown}", f"b/{shown}"))


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str
    path: tuple[str | int, ...]
    value: Any


def fix_map(path: Path, threshold: int = DEFAULT_THRESHOLD) -> FixResult:
    """What ``argmap fix`` would make of a map file; nothing is written (see :func:`write_fixed`)."""
    from .loader import load, load_bytes
    from .pin import PinError, pin
    from .provenance import resolve
    from .quotediff import hint_lines
    from .validation import validate

    loaded = load(path)
    if loaded.problems or loaded.records is None:
        first = loaded.problems[0] if loaded.problems else None
        detail = f"{first.location}: {first.code} {first.message}" if first else "it cannot be read"
        raise FixRefused(f"{loaded.display_path}: not fixed: the map has YAML or format errors; fix them first ({detail})")
    raw = loaded.raw_bytes()
    if raw is None:
        raise FixRefused(f"{loaded.display_path}: the map file changed while it was being fixed; run `argmap fix` again")
    result = FixResult(path, raw, raw)
    shown = loaded.display_path
    records = loaded.records
    current = raw
    # Missing pins first: pinning edits whole lines of `sources`, the quotes are edited after it.
    missing = [source_id for source_id, source in records.sources.items() if source.sha256 is None]
    if missing:
        try:
            pinned, changes = pin(loaded)
        except PinError as exc:
            result.not_done.append(FixItem(shown, "sources", f"not pinned: {exc}"))
        else:
            changed_pins = [c for c in changes if c.old is not None]
            if changed_pins:
                names = ", ".join(repr(c.source_id) for c in changed_pins)
                result.not_done.append(FixItem(shown, "sources", f"missing pins not written: source {names} changed since it was pinned; review it, then run `argmap pin`"))
            else:
                current = pinned
                for change in changes:
                    where = loaded.location(("sources", change.source_id, "path"))
                    result.done.append(FixItem(str(where), f"source {change.source_id!r}", f"pinned (sha256 {change.new[:12]}…)", None, change.new))
    text = current.decode("utf-8-sig")
    bom = "\ufeff" if current.startswith(b"\xef\xbb\xbf") else ""
    import yaml

    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    resolution = resolve(loaded)
    sections = {node_id: "claims" for node_id in records.claims} | {node_id: "evidence" for node_id in records.evidence}
    edits: list[_Edit] = []
    for anchor in resolution.quotes:
        if anchor.anchored:
            continue
        source = resolution.sources.get(anchor.source_id or "")
        if source is None or source.document is None:
            continue  # an unknown or unreadable source: its own problem, nothing to repair here
        section = sections.get(anchor.node_id, "arguments")
        subject = f"{_OWNER[section]} {anchor.node_id!r}"
        data_path: tuple[str | int, ...] = (section, anchor.node_id, *anchor.path) + (("quote",) if anchor.path[0] == "cites" else ())
        where = str(loaded.location(data_path))
        if anchor.matches:  # it stands, but more than once or not where its context says
            result.not_done.append(FixItem(where, subject, f"not fixed: the quote stands {len(anchor.matches)} time(s) but its place is not clear; quote more, or set `prefix`, `suffix` or `occurrence`", anchor.quote))
            continue
        is_cite = anchor.path[0] == "cites"
        repair = repair_quote(source.document, anchor.quote, threshold, can_split=not is_cite)
        if repair.outcome in ("failed", "stands"):
            marked = tuple(hint_lines(repair.alignment, anchor.quote, source.document.text)) if _worth_marking(repair.alignment) else ()
            result.not_done.append(FixItem(where, subject, f"not fixed: {repair.reason}", anchor.quote, None, repair.alignment, marked))
            continue
        scalar, parent, key_node = _scalar_at(root, data_path)
        if scalar is None:
            result.not_done.append(FixItem(where, subject, "not fixed: the quote's place in the file was not found", anchor.quote))
            continue
        edit = _edit_for(text, scalar, parent, key_node, data_path, repair.new)  # type: ignore[arg-type]
        if edit is None:
            result.not_done.append(FixItem(where, subject, "not fixed: the quote is written in a way argmap cannot edit safely (split it by hand)", anchor.quote, repair.new))
            continue
        edits.append(edit)
        what = f"quote replaced by its passage ({repair.reason})" if repair.outcome == "replaced" else f"quote {repair.reason}"
        marked = tuple(hint_lines(repair.alignment, anchor.quote, source.document.text)) if repair.alignment is not None else ()
        result.done.append(FixItem(where, subject, what, anchor.quote, repair.new, repair.alignment, marked))
    edited = _apply(text, edits)
    if edits:
        _verify(text, edited, edits)
    result.fixed = (bom + edited).encode("utf-8") if edits else current
    if result.changed:
        after = load_bytes(result.fixed, path)
        result.remaining = [p for p in validate(after) if p.is_error]
    else:
        result.remaining = [p for p in validate(loaded) if p.is_error]
    return result


def _worth_marking(alignment: Alignment | None) -> bool:
    """Whether the closest passage is close enough for its differences to help (most words agree)."""
    return alignment is not None and alignment.word_changes * 2 <= alignment.words


def write_fixed(result: FixResult) -> None:
    """Write a fixed map in place of the original, atomically, keeping the file's mode;
    refused when the file changed since it was read."""
    from .fsutil import write_atomic

    if result.path.read_bytes() != result.original:
        raise FixRefused(f"{result.path}: the map file changed while it was being fixed; run `argmap fix` again")
    mode = os.stat(result.path).st_mode & 0o7777
    write_atomic(result.path, result.fixed)
    os.chmod(result.path, mode)


# --- editing YAML in place ------------------------------------------------------------------------


def _scalar_at(root: Any, data_path: tuple[str | int, ...]) -> tuple[Any, Any, Any]:
    """The YAML node at a data path, its parent collection and (in a mapping) its key node.
    A one-item list stands for its item (the records keep `quote: [x]` as one quote)."""
    import yaml

    node, parent, key_node = root, None, None
    for step in data_path:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            found = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == step), None)
            if found is None:
                return None, None, None
            parent, key_node, node = node, found[0], found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            parent, key_node, node = node, None, node.value[step]
        else:
            return None, None, None
    if isinstance(node, yaml.SequenceNode) and len(node.value) == 1:
        parent, key_node, node = node, None, node.value[0]
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
        return None, None, None
    return node, parent, key_node


_YAML_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _double_quoted(value: str) -> str:
    dumped = json.dumps(value, ensure_ascii=False)
    # JSON leaves these as they are; YAML reads some as line breaks and refuses others.
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def _plain_ok(value: str) -> bool:
    import yaml

    if not value or value != value.strip() or "\n" in value or _YAML_UNSAFE.search(value):
        return False
    try:
        return yaml.safe_load(f"k: {value}\n") == {"k": value}
    except yaml.YAMLError:
        return False


def _scalar_text(value: str, style: str | None, in_flow: bool) -> str:
    """A string as a YAML scalar, in the style it had where that style can hold it."""
    if not style and not in_flow and _plain_ok(value):
        return value
    if style == "'" and not _YAML_UNSAFE.search(value) and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    return _double_quoted(value)


def _edit_for(text: str, scalar: Any, parent: Any, key_node: Any, data_path: tuple[str | int, ...], new: str | list[str]) -> _Edit | None:
    import yaml

    start, end = scalar.start_mark.index, scalar.end_mark.index
    if scalar.style in ("|", ">"):  # a block scalar's extent takes in the line breaks after it
        end = start + len(text[start:end].rstrip())
    in_flow = bool(getattr(parent, "flow_style", False))
    # The value the records see: a one-item list stays a list.
    value_path = data_path
    if isinstance(parent, yaml.SequenceNode) and key_node is None and (not data_path or not isinstance(data_path[-1], int)):
        value_path = (*data_path, 0)
    if isinstance(new, str):
        return _Edit(start, end, _scalar_text(new, scalar.style, in_flow), value_path, new)
    items = [_scalar_text(part, scalar.style, True) for part in new]
    line_end = text.find("\n", start)
    newline = "\r\n" if line_end > 0 and text[line_end - 1] == "\r" else "\n"
    if isinstance(parent, yaml.SequenceNode):
        if in_flow:
            replacement = ", ".join(items)
        else:
            line_start = text.rfind("\n", 0, start) + 1
            lead = text[line_start:start]
            dash = lead.rfind("-")
            if dash == -1 or lead[:dash].strip():
                return None  # not the usual "  - item" layout
            replacement = f"{newline}{' ' * dash}- ".join(items)
        return _Edit(start, end, replacement, value_path, ("split", list(new)))
    if key_node is None:
        return None
    if in_flow:
        return _Edit(start, end, "[" + ", ".join(items) + "]", data_path, list(new))
    indent = " " * (key_node.start_mark.column + 2)
    while start > 0 and text[start - 1] == " ":  # no space left after "quote:"
        start -= 1
    return _Edit(start, end, "".join(f"{newline}{indent}- {item}" for item in items), data_path, list(new))


def _apply(text: str, edits: list[_Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def _verify(before: str, after: str, edits: list[_Edit]) -> None:
    """The edited text must hold the original data with the intended changes, and no other."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        expected = yaml.load(before, Loader=loader)  # noqa: S506 - a safe loader
        got = yaml.load(after, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise FixRefused(f"the edited map would not be valid YAML ({exc}); nothing was written") from exc
    expected = copy.deepcopy(expected)
    # Splits inside a list change indices: apply them from the last index of each list.
    for edit in sorted(edits, key=lambda e: [(-x if isinstance(x, int) else 0) for x in e.path]):
        container = expected
        for step in edit.path[:-1]:
            container = container[step]
        last = edit.path[-1]
        if isinstance(edit.value, tuple) and edit.value[0] == "split":
            container[last : last + 1] = edit.value[1]
        else:
            container[last] = edit.value
    if got != expected:
        raise FixRefused("the edited map would not hold the same data apart from the fixed quotes; nothing was written")


def report_lines(result: FixResult, shown: str) -> list[str]:
    """The fix report as text lines."""
    lines = []
    for item in result.done:
        lines.append(f"{item.where}: fixed: {item.subject}: {item.what}")
        lines.extend(f"    {line}" for line in item.marked)
    for item in result.not_done:
        lines.append(f"{item.where}: {item.subject}: {item.what}")
        lines.extend(f"    {line}" for line in item.marked)
    unexplained = len(result.remaining) - len(result.not_done)
    if unexplained > 0:
        lines.append(f"{shown}: {unexplained} other error(s) remain; `argmap validate {shown}` lists them")
    lines.append(f"{shown}: {len(result.done)} fixed, {len(result.not_done)} not fixed")
    return lines
