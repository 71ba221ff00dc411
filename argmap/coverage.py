"""Coverage: which sentences of each source the map cites, and which it leaves out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .loader import LoadedMap
from .provenance import resolve
from .records import line_range


@dataclass
class SentenceCoverage:
    number: int
    line: int
    text: str
    cited_by: list[str] = field(default_factory=list)


@dataclass
class SourceCoverage:
    source_id: str
    path: str
    #: The sentences that count: headings and the source's front matter are left out.
    sentences: list[SentenceCoverage]
    #: Whether any node quotes the source; a source only referenced has nothing to cover.
    quoted: bool = True
    #: How many sentences were left out: headings, and sentences on front-matter lines.
    left_out: int = 0
    #: The source's own `coverage_min`, when it has one.
    minimum: float | None = None

    @property
    def cited(self) -> int:
        return sum(1 for s in self.sentences if s.cited_by)

    @property
    def percent(self) -> float:
        return 100.0 * self.cited / len(self.sentences) if self.sentences else 100.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source_id,
            "path": self.path,
            "quoted": self.quoted,
            "sentences": len(self.sentences),
            "left_out": self.left_out,
            "cited": self.cited,
            "percent": round(self.percent, 1),
            "coverage_min": self.minimum,
            "uncited": [{"sentence": s.number, "line": s.line, "text": s.text} for s in self.sentences if not s.cited_by],
            "cited_by": {str(s.number): s.cited_by for s in self.sentences if s.cited_by},
        }


def coverage(loaded: LoadedMap) -> list[SourceCoverage]:
    """For every readable source of the map, each sentence that counts and the nodes whose
    quotes overlap it. Headings, and sentences that start on the source's `front_matter`
    lines, do not count."""
    resolution = resolve(loaded)
    declared = loaded.records.sources if loaded.records is not None else {}
    result = []
    for source_id, source in resolution.sources.items():
        document = source.document
        if document is None:
            continue
        record = declared.get(source_id)
        front_matter = [line_range(item) for item in record.front_matter] if record is not None else []
        headings = document.heading_sentences
        sentences: dict[int, SentenceCoverage] = {}
        for number, span in enumerate(document.sentences, start=1):
            line = document.line_of(span.start)
            if number in headings or any(r is not None and r[0] <= line <= r[1] for r in front_matter):
                continue
            sentences[number] = SentenceCoverage(number, line, " ".join(document.sentence_text(number).split()))
        anchors = resolution.of_source(source_id)
        for anchor in anchors:
            if not anchor.anchored:
                continue
            span = anchor.spans[0]
            first = document.position(span.start).sentence
            for number in range(first, len(document.sentences) + 1):
                sentence_span = document.sentences[number - 1]
                if sentence_span.start >= span.end:
                    break
                counted = sentences.get(number)
                if counted is not None and sentence_span.end > span.start and anchor.node_id not in counted.cited_by:
                    counted.cited_by.append(anchor.node_id)
        result.append(
            SourceCoverage(
                source_id,
                source.declared_path,
                list(sentences.values()),
                quoted=bool(anchors),
                left_out=len(document.sentences) - len(sentences),
                minimum=record.coverage_min if record is not None else None,
            )
        )
    return result


def below_minimum(reports: list[SourceCoverage], default: float | None, per_source: dict[str, float]) -> list[tuple[SourceCoverage, float]]:
    """The quoted sources whose coverage is below their minimum, with that minimum: given on the
    command line for the source, else the source's `coverage_min`, else the default."""
    below = []
    for report in reports:
        minimum = per_source.get(report.source_id, report.minimum if report.minimum is not None else default)
        if report.quoted and minimum is not None and report.percent < minimum:
            below.append((report, minimum))
    return below
