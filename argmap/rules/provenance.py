"""Rules about provenance: sources and quotes (AM4xx)."""

from __future__ import annotations

import os
from collections.abc import Iterator

from ..anchoring import Document, Span, Suggestion
from ..problems import Location, Problem
from ..provenance import QuoteAnchor
from . import Context, rule

_PREVIEW = 90
#: How many fuzzy suggestions are aligned with a missing quote word by word.
SUGGESTIONS = 5
#: In a changed source, a quote whose closest passage is at least this similar was reworded;
#: below it, the passage is taken to be gone.
REWORDED_MIN_SCORE = 80


def _preview(text: str, width: int = _PREVIEW) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _unread_sources(ctx: Context, code: str) -> Iterator[Problem]:
    """The sources that were not read, for the reason ``code`` names."""
    for source_id, source in ctx.resolution.sources.items():
        if source.error is not None and source.error_code == code:
            yield Problem(
                code,
                f"source {source_id!r}: cannot read {source.declared_path!r}: {source.error}",
                ctx.at(("sources", source_id, "path")),
                source.error_hint or f"the path is relative to the map file's folder; argmap looked for {os.path.abspath(source.path)!r}",
            )


@rule("AM401")
def source_unreadable(ctx: Context) -> Iterator[Problem]:
    """Every declared source must be a readable UTF-8 file."""
    return _unread_sources(ctx, "AM401")


@rule("AM408")
def source_outside_project(ctx: Context) -> Iterator[Problem]:
    """A source must stay inside the map's project or an allowed root (argmap/safety.py); it is never opened otherwise."""
    return _unread_sources(ctx, "AM408")


@rule("AM409")
def source_not_a_file(ctx: Context) -> Iterator[Problem]:
    """A source must be a regular file, not a folder, device, pipe, socket or /proc, /sys, /dev entry."""
    return _unread_sources(ctx, "AM409")


@rule("AM410")
def source_too_large(ctx: Context) -> Iterator[Problem]:
    """A source must be no larger than argmap reads (argmap.safety.MAX_SOURCE_BYTES)."""
    return _unread_sources(ctx, "AM410")


@rule("AM402")
def source_hash_mismatch(ctx: Context) -> Iterator[Problem]:
    """A pinned source must still have the bytes it was pinned with."""
    for source_id, declared in ctx.records.sources.items():
        source = ctx.resolution.sources[source_id]
        if declared.sha256 is None or source.sha256 is None:
            continue
        if source.sha256 != declared.sha256:
            quotes = ctx.resolution.of_source(source_id)
            lost = sorted({a.node_id for a in quotes if not a.anchored})
            if lost:
                shown = ", ".join(lost[:8]) + (f" and {len(lost) - 8} more" if len(lost) > 8 else "")
                verdict = f"{len(quotes) - sum(not a.anchored for a in quotes)} of {len(quotes)} quotes still anchor; these nodes lost theirs: {shown}"
                hint = "fix the quotes reported below, then accept the new text with `argmap pin`"
            else:
                verdict = f"all {len(quotes)} quotes still anchor"
                hint = "review the change, then accept the new text with `argmap pin`"
            yield Problem(
                "AM402",
                f"source {source_id!r} has changed since it was pinned (sha256 {source.sha256[:12]}…, pinned {declared.sha256[:12]}…): {verdict}",
                ctx.at(("sources", source_id, "sha256")),
                hint,
            )


def _quote_location(ctx: Context, anchor: QuoteAnchor) -> Location:
    path = ctx.node_path(anchor.node_id, ctx.owner_types[anchor.node_id], *anchor.path)
    if anchor.path[0] == "cites":
        path = path + ("quote",)
    return ctx.at(path)


def _lines(document: Document, spans: list[Span], limit: int = 12) -> str:
    lines = [str(document.line_of(span.start)) for span in spans[:limit]]
    more = f" and {len(spans) - limit} more" if len(spans) > limit else ""
    return ", ".join(lines) + more


@rule("AM403")
def quote_not_found(ctx: Context) -> Iterator[Problem]:
    """A quote must stand in its source, up to typography."""
    for anchor in ctx.resolution.quotes:
        source = ctx.resolution.sources.get(anchor.source_id) if anchor.source_id else None
        if source is None or source.document is None or anchor.matches:
            continue
        document = source.document
        suggestions = document.suggestions(anchor.quote, limit=SUGGESTIONS)
        hint, data = _difference_hint(document, anchor, suggestions)
        pinned = ctx.records.sources[anchor.source_id].sha256  # type: ignore[index]
        where = f"in source {anchor.source_id!r}"
        if pinned is not None and pinned != source.sha256:
            # The source changed since it was pinned: say whether the passage was reworded or removed.
            drift = "reworded" if suggestions and suggestions[0].score >= REWORDED_MIN_SCORE else "gone"
            where = f"in the changed source {anchor.source_id!r} ({drift})"
        yield Problem(
            "AM403",
            f"{ctx.owner_types[anchor.node_id]} {anchor.node_id!r}: quote not found {where}: \"{_preview(anchor.quote, 60)}\"",
            _quote_location(ctx, anchor),
            hint,
            data=data,
        )


def _difference_hint(document: Document, anchor: QuoteAnchor, suggestions: list[Suggestion]) -> tuple[str | None, dict[str, object] | None]:
    """The hint for a quote that does not stand, and the same as data: the closest passage
    aligned with the quote word by word, or the parts of a quote that skips text."""
    import json

    from ..quotediff import as_quote, closest, hint_lines, split_at_ellipsis

    split = split_at_ellipsis(document, anchor.quote)
    if split is not None:
        where = "its own citation" if anchor.path[0] == "cites" else "its own item of a `quote:` list"
        advice = f"a quote cannot leave text out with an ellipsis: give each passage {where}"
        data: dict[str, object] = {"ellipsis": {"parts": split.parts, "stand": split.stands}}
        if split.stands:
            passages = [as_quote(document.text[span.start : span.end]) for span in split.spans if span is not None]
            data["ellipsis"] = {"parts": passages, "stand": True}
            return advice + ", as `argmap fix` does:\nquote:\n" + "\n".join(f"  - {json.dumps(p, ensure_ascii=False)}" for p in passages), data
        missing = next((i for i, span in enumerate(split.spans) if span is None), None)
        if missing is None:
            return f"{advice}; its parts stand in the source, but not once each in the order written", data
        part = split.parts[missing]
        found = closest(document, part, limit=1)
        lines = [f"{advice}; part {missing + 1} of {len(split.parts)} does not stand as written: {json.dumps(part, ensure_ascii=False)}"]
        if found:
            best = found[0]
            lines.append(f"closest passage to it, line {best.line}, column {best.column} ({best.changes}):")
            lines.extend(hint_lines(best, part, document.text))
            data["closest"] = best.to_dict()
        return "\n".join(lines), data
    found = closest(document, anchor.quote, limit=2, suggestions=suggestions)
    if not found:
        return None, None
    best = found[0]
    if best.word_changes * 2 > best.words:  # most words differ: no passage is close, marking would be noise
        return f"no passage is close; the nearest, line {best.line}, column {best.column}: {json.dumps(as_quote(best.passage), ensure_ascii=False)}", best.to_dict()
    lines = [f"closest passage, line {best.line}, column {best.column} ({best.changes}):", *hint_lines(best, anchor.quote, document.text)]
    runner_up = found[1] if len(found) > 1 else None
    if runner_up is not None and runner_up.distance <= best.distance + 1 and runner_up.word_changes * 3 <= runner_up.words:
        lines.append(f"also close: line {runner_up.line}, column {runner_up.column} ({runner_up.changes})")
    return "\n".join(lines), best.to_dict()


@rule("AM404")
def quote_ambiguous(ctx: Context) -> Iterator[Problem]:
    """A quote must point at one passage: it stands once, or its context picks one."""
    for anchor in ctx.resolution.quotes:
        if len(anchor.spans) < 2:
            continue
        document = ctx.resolution.sources[anchor.source_id].document  # type: ignore[index]
        assert document is not None
        still = " still" if anchor.has_context else ""
        yield Problem(
            "AM404",
            f"{ctx.owner_types[anchor.node_id]} {anchor.node_id!r}: quote{still} stands {len(anchor.spans)} times in source {anchor.source_id!r} (lines {_lines(document, anchor.spans)})",
            _quote_location(ctx, anchor),
            "quote more of the sentence, or cite it under `cites:` with a `prefix`, `suffix` or `occurrence` that picks one",
        )


@rule("AM407")
def quote_context_mismatch(ctx: Context) -> Iterator[Problem]:
    """A quote's prefix, suffix or occurrence number must fit one of the places it stands."""
    for anchor in ctx.resolution.quotes:
        if not anchor.has_context or not anchor.matches or anchor.spans:
            continue
        document = ctx.resolution.sources[anchor.source_id].document  # type: ignore[index]
        assert document is not None
        what = []
        if anchor.prefix:
            what.append(f"prefix {anchor.prefix!r}")
        if anchor.suffix:
            what.append(f"suffix {anchor.suffix!r}")
        if anchor.occurrence:
            what.append(f"occurrence {anchor.occurrence}")
        yield Problem(
            "AM407",
            f"{ctx.owner_types[anchor.node_id]} {anchor.node_id!r}: the quote stands {len(anchor.matches)} time(s) in source {anchor.source_id!r} (lines {_lines(document, anchor.matches)}), but none fits its {' and '.join(what)}",
            _quote_location(ctx, anchor),
            "prefix is the text just before the quote, suffix the text just after it; occurrence counts from 1",
        )


@rule("AM405")
def quote_missing(ctx: Context) -> Iterator[Problem]:
    """Every node the text states needs its quote; reconstructed ones are `implicit`."""
    for node_id, node_type, node in ctx.nodes:
        if not node.implicit and not node.quote and not node.cites:
            yield Problem(
                "AM405",
                f"{node_type} {node_id!r} has no quote",
                ctx.at(ctx.node_path(node_id, node_type), key=True),
                "add `quote:` with the sentence it comes from, or `implicit: true` if the text only implies it",
            )


@rule("AM406")
def implicit_with_quote(ctx: Context) -> Iterator[Problem]:
    """An implicit node is one the text does not state, so a quote contradicts it."""
    for node_id, node_type, node in ctx.nodes:
        if node.implicit and (node.quote or node.cites):
            yield Problem(
                "AM406",
                f"{node_type} {node_id!r} is `implicit` but has a quote",
                ctx.at(ctx.node_path(node_id, node_type, "implicit")),
                "remove `implicit: true` if the text states it, or the quote if it does not",
            )


RULES = [source_unreadable, source_outside_project, source_not_a_file, source_too_large, source_hash_mismatch, quote_not_found, quote_ambiguous, quote_context_mismatch, quote_missing, implicit_with_quote]
