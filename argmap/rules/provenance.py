"""Rules about provenance: sources and quotes (AM4xx)."""

from __future__ import annotations

from collections.abc import Iterator

from ..problems import Location, Problem
from . import Context, rule

_PREVIEW = 90


def _preview(text: str, width: int = _PREVIEW) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@rule("AM401")
def source_unreadable(ctx: Context) -> Iterator[Problem]:
    """Every declared source must be a readable UTF-8 file."""
    for source_id, source in ctx.resolution.sources.items():
        if source.error is not None:
            yield Problem(
                "AM401",
                f"source {source_id!r}: cannot read {source.declared_path!r}: {source.error}",
                ctx.at(("sources", source_id, "path")),
                f"the path is relative to the map file's folder, here {str(source.path)!r}",
            )


@rule("AM402")
def source_hash_mismatch(ctx: Context) -> Iterator[Problem]:
    """A pinned source must still have the bytes it was pinned with."""
    for source_id, declared in ctx.model.sources.items():
        source = ctx.resolution.sources[source_id]
        if declared.sha256 is None or source.raw is None:
            continue
        if source.sha256 != declared.sha256:
            yield Problem(
                "AM402",
                f"source {source_id!r} has changed: its sha256 is {source.sha256}, the map pins {declared.sha256}",
                ctx.at(("sources", source_id, "sha256")),
                "check the quotes against the new text, then update the pin",
            )


def _quote_location(ctx: Context, node_id: str, index: int) -> Location:
    path = ctx.node_path(node_id, ctx.node_types[node_id], "quote")
    item = path + (index,)
    return ctx.at(item if item in ctx.loaded.positions.values else path)


@rule("AM403")
def quote_not_found(ctx: Context) -> Iterator[Problem]:
    """A quote must stand in its source, up to typography."""
    for anchor in ctx.resolution.quotes:
        source = ctx.resolution.sources.get(anchor.source_id) if anchor.source_id else None
        if source is None or source.document is None or anchor.spans:
            continue
        document = source.document
        suggestion = document.closest(anchor.quote)
        hint = None
        if suggestion is not None:
            passage = document.text[suggestion.span.start : suggestion.span.end]
            if suggestion.case_only:
                hint = f"the source has it with other letter case, line {suggestion.line}: \"{_preview(passage)}\""
            else:
                hint = f"closest passage ({suggestion.score:.0f}% similar), line {suggestion.line}: \"{_preview(passage)}\""
        yield Problem(
            "AM403",
            f"{ctx.node_types[anchor.node_id]} {anchor.node_id!r}: quote not found in source {anchor.source_id!r}: \"{_preview(anchor.quote, 60)}\"",
            _quote_location(ctx, anchor.node_id, anchor.index),
            hint,
        )


@rule("AM404")
def quote_ambiguous(ctx: Context) -> Iterator[Problem]:
    """A quote must stand exactly once, so that it points at one passage."""
    for anchor in ctx.resolution.quotes:
        if len(anchor.spans) < 2:
            continue
        document = ctx.resolution.sources[anchor.source_id].document  # type: ignore[index]
        assert document is not None
        lines = ", ".join(str(document.line_of(span.start)) for span in anchor.spans)
        yield Problem(
            "AM404",
            f"{ctx.node_types[anchor.node_id]} {anchor.node_id!r}: quote stands {len(anchor.spans)} times in source {anchor.source_id!r} (lines {lines})",
            _quote_location(ctx, anchor.node_id, anchor.index),
            "quote more of the sentence so that it stands once",
        )


@rule("AM405")
def quote_missing(ctx: Context) -> Iterator[Problem]:
    """Every node the text states needs its quote; reconstructed ones are `implicit`."""
    for node_id, node_type, node in ctx.model.nodes():
        if not node.implicit and not node.quote:
            yield Problem(
                "AM405",
                f"{node_type} {node_id!r} has no quote",
                ctx.at(ctx.node_path(node_id, node_type), key=True),
                "add `quote:` with the sentence it comes from, or `implicit: true` if the text only implies it",
            )


@rule("AM406")
def implicit_with_quote(ctx: Context) -> Iterator[Problem]:
    """An implicit node is one the text does not state, so a quote contradicts it."""
    for node_id, node_type, node in ctx.model.nodes():
        if node.implicit and node.quote:
            yield Problem(
                "AM406",
                f"{node_type} {node_id!r} is `implicit` but has a quote",
                ctx.at(ctx.node_path(node_id, node_type, "implicit")),
                "remove `implicit: true` if the text states it, or the quote if it does not",
            )


RULES = [source_unreadable, source_hash_mismatch, quote_not_found, quote_ambiguous, quote_missing, implicit_with_quote]
