"""Resolve a map's provenance: read its sources and anchor every quote.

The result is plain data shared by the validation rules and the exporters, so
each source is read, hashed and folded once per run, however many maps and
quotes refer to it.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .anchoring import Document, Position, Span, fold_quote
from .gcpause import paused_gc
from .loader import LoadedMap
from .safety import MAX_FUZZY_WORK, MAX_QUOTE_CHARS, MAX_SOURCE_BYTES, printable_source, source_refusal
from .sourcetext import source_text


@dataclass
class SourceFile:
    """A declared source and what reading it gave."""

    id: str
    declared_path: str
    path: Path
    #: The sha256 of the file's bytes; None when it could not be read.
    sha256: str | None = None
    document: Document | None = None
    error: str | None = None
    #: The problem code that reports ``error``: AM401 when the file cannot be read, the
    #: code of a refusal (argmap/safety.py) when argmap does not read it on purpose.
    error_code: str = "AM401"
    #: How to fix a refusal (None for a file that cannot be read).
    error_hint: str | None = None


@dataclass(slots=True)
class QuoteAnchor:
    """One cited passage of one node, and where it stands."""

    node_id: str
    index: int  # 0-based position among the node's passages: `quote` items first, then `cites`
    quote: str
    source_id: str | None
    path: tuple[str | int, ...]  # where the passage is written, relative to the node
    prefix: str | None = None
    suffix: str | None = None
    occurrence: int | None = None
    matches: list[Span] = field(default_factory=list)  # everywhere the quote stands
    spans: list[Span] = field(default_factory=list)  # the matches that fit prefix, suffix and occurrence

    @property
    def anchored(self) -> bool:
        return len(self.spans) == 1

    @property
    def has_context(self) -> bool:
        return bool(self.prefix or self.suffix or self.occurrence)


def select_matches(document: Document, anchor: QuoteAnchor) -> list[Span]:
    """The matches of a quote that fit its prefix, suffix and occurrence number."""
    fitting = anchor.matches
    if anchor.prefix and anchor.prefix.strip():
        wanted = fold_quote(anchor.prefix)
        fitting = [m for m in fitting if _folded_context(document.text, m.start, len(wanted), before=True).endswith(wanted)]
    if anchor.suffix and anchor.suffix.strip():
        wanted = fold_quote(anchor.suffix)
        fitting = [m for m in fitting if _folded_context(document.text, m.end, len(wanted), before=False).startswith(wanted)]
    if anchor.occurrence is not None:
        fitting = [fitting[anchor.occurrence - 1]] if anchor.occurrence <= len(fitting) else []
    return fitting


def _folded_context(text: str, at: int, length: int, before: bool) -> str:
    """The folded text just before (or after) offset ``at``: more than ``length`` folded
    characters of it where the text has them. The window grows until it holds enough,
    since folding shrinks a run of spaces or invisible characters to one space or none."""
    window = length + 16
    while True:
        piece = fold_quote(text[max(0, at - window) : at] if before else text[at : at + window])
        if len(piece) > length or window >= (at if before else len(text) - at):
            return piece
        window *= 4


@dataclass
class Resolution:
    sources: dict[str, SourceFile]
    quotes: list[QuoteAnchor]
    _by_node: dict[str, list[QuoteAnchor]] | None = field(default=None, repr=False)
    _by_source: dict[str | None, list[QuoteAnchor]] | None = field(default=None, repr=False)

    def of_node(self, node_id: str) -> list[QuoteAnchor]:
        """The passages one node cites, in the order written."""
        if self._by_node is None:
            self._by_node = _grouped(self.quotes, "node_id")
        return self._by_node.get(node_id, [])

    def located(self, anchor: QuoteAnchor) -> tuple[Document, Span, Position] | None:
        """Where an anchored passage stands: its source's document, its span and its position there."""
        source = self.sources.get(anchor.source_id or "")
        if not anchor.anchored or source is None or source.document is None:
            return None
        span = anchor.spans[0]
        return source.document, span, source.document.position(span.start)

    def of_source(self, source_id: str | None) -> list[QuoteAnchor]:
        """The passages quoted from one source, in the order written."""
        if self._by_source is None:
            self._by_source = _grouped(self.quotes, "source_id")
        return self._by_source.get(source_id, [])


def _grouped(quotes: list[QuoteAnchor], key: str) -> dict[Any, list[QuoteAnchor]]:
    groups: dict[Any, list[QuoteAnchor]] = {}
    for anchor in quotes:
        groups.setdefault(getattr(anchor, key), []).append(anchor)
    return groups


#: Sources already read in this process, by path, modification time and size:
#: (sha256 of the bytes, document, error). The bytes themselves are not kept.
_documents: dict[tuple[str, int, int], tuple[str, Document | None, str | None]] = {}


def read_sources(loaded: LoadedMap) -> dict[str, SourceFile]:
    """Every declared source of a map, read (and its sha256 computed), without anchoring quotes."""
    model = loaded.records
    if model is None:
        return {}
    return {source_id: _read_source(source_id, source.path, loaded.path, loaded.source_roots) for source_id, source in model.sources.items()}


def _read_source(source_id: str, declared: str, map_path: Path, roots: tuple[str, ...] = ()) -> SourceFile:
    path = (map_path.parent / declared) if not os.path.isabs(declared) else Path(declared)
    found = SourceFile(source_id, declared, path)
    refusal = source_refusal(path, map_path, roots)
    if refusal is not None:
        # Never opened: its text must reach no hint, page or export.
        found.error, found.error_code, found.error_hint = refusal.reason, refusal.code, refusal.hint
        return found
    found.sha256, found.document, found.error = read_document(path)
    return found


def read_document(path: Path) -> tuple[str | None, Document | None, str | None]:
    """A source file as quotes are matched against it: the sha256 of its bytes, its
    document, and why it cannot be read (None when it can). Each version of a file
    is read and folded once per process."""
    try:
        if not path.is_file():
            return None, None, "no such file" if not path.exists() else "not a regular file"
        stat = path.stat()
        if stat.st_size > MAX_SOURCE_BYTES:
            return None, None, f"file is {stat.st_size:,} bytes, more than the {MAX_SOURCE_BYTES:,} argmap accepts"
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        if key not in _documents:
            with path.open("rb") as file:
                raw = file.read(MAX_SOURCE_BYTES + 1)  # a file that grows while it is read stops at the limit
            if len(raw) > MAX_SOURCE_BYTES:
                return None, None, f"file is more than the {MAX_SOURCE_BYTES:,} bytes argmap reads"
            digest = hashlib.sha256(raw).hexdigest()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                _documents[key] = (digest, None, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})")
            else:
                del raw  # the document keeps the text; the bytes would only double the memory
                # Characters no output can carry are replaced one for one, so offsets stay true.
                _documents[key] = (digest, Document(printable_source(source_text(path, text))), None)
        return _documents[key]
    except OSError as exc:
        return None, None, exc.strerror or str(exc)


def resolve(loaded: LoadedMap) -> Resolution:
    """Read every source of the map and anchor every quote (memoised on the map)."""
    cached = loaded.cache.get("resolution")
    if cached is not None:
        return cached
    with paused_gc():
        return _resolve(loaded)


_QUOTE_PATH: tuple[str | int, ...] = ("quote",)


def _quoting(records: Any) -> list[tuple[str, Any]]:
    """Every entry that may quote a source: the nodes, then the arguments."""
    entries = [(node_id, node) for node_id, _type, node in records.nodes()]
    entries.extend(records.arguments.items())
    return entries


def default_source_of(records: Any) -> str | None:
    """The source a quote comes from when its node names none: the map's `default_source`,
    else its only source; None when it has several and names no default (AM203 asks for one)."""
    if records.default_source is not None:
        return records.default_source
    return next(iter(records.sources)) if len(records.sources) == 1 else None


def _too_long(anchor: QuoteAnchor) -> bool:
    return len(anchor.quote) > MAX_QUOTE_CHARS or len(anchor.prefix or "") > MAX_QUOTE_CHARS or len(anchor.suffix or "") > MAX_QUOTE_CHARS


def _resolve(loaded: LoadedMap) -> Resolution:
    model = loaded.records
    sources = read_sources(loaded)
    quotes: list[QuoteAnchor] = []
    if model is not None:
        map_source = default_source_of(model)
        for node_id, node in _quoting(model):
            default_source = map_source if node.source is None else node.source
            written = node.quote
            if len(written) == 1:  # the usual case, kept short: this loop runs once per node
                quotes.append(QuoteAnchor(node_id, 0, written[0], default_source, _QUOTE_PATH))
            else:
                quotes.extend(QuoteAnchor(node_id, index, quote, default_source, ("quote", index)) for index, quote in enumerate(written))
            for number, cite in enumerate(node.cites):
                source_id = cite.source or default_source
                quotes.append(
                    QuoteAnchor(node_id, len(written) + number, cite.quote, source_id, ("cites", number), cite.prefix, cite.suffix, cite.occurrence)
                )
    if any(problem.code == "AM113" for problem in loaded.problems):
        # Refused at loading (AM113): neither searched nor reported again as not found.
        quotes = [anchor for anchor in quotes if not _too_long(anchor)]
    resolution = Resolution(sources, quotes)
    # One pass over each source for all of its quotes.
    for source_id, source in sources.items():
        document = source.document
        if document is None:
            continue
        document.fuzzy_budget = MAX_FUZZY_WORK  # each map may spend it on its missing quotes
        mine = resolution.of_source(source_id)
        for anchor, matches in zip(mine, document.find_many([anchor.quote for anchor in mine])):
            anchor.matches = anchor.spans = matches
            if anchor.has_context:
                anchor.spans = select_matches(document, anchor)
    loaded.cache["resolution"] = resolution
    return resolution
