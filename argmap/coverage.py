"""Coverage: which sentences of each source the map cites, and which it leaves out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .loader import LoadedMap
from .provenance import resolve


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
    sentences: list[SentenceCoverage]

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
            "sentences": len(self.sentences),
            "cited": self.cited,
            "percent": round(self.percent, 1),
            "uncited": [{"sentence": s.number, "line": s.line, "text": s.text} for s in self.sentences if not s.cited_by],
            "cited_by": {str(s.number): s.cited_by for s in self.sentences if s.cited_by},
        }


def coverage(loaded: LoadedMap) -> list[SourceCoverage]:
    """For every readable source of the map, each sentence and the nodes whose quotes overlap it."""
    resolution = resolve(loaded)
    result = []
    for source_id, source in resolution.sources.items():
        document = source.document
        if document is None:
            continue
        sentences = [
            SentenceCoverage(number, document.line_of(span.start), " ".join(document.sentence_text(number).split()))
            for number, span in enumerate(document.sentences, start=1)
        ]
        for anchor in resolution.of_source(source_id):
            if not anchor.anchored:
                continue
            span = anchor.spans[0]
            first = document.position(span.start).sentence
            for number in range(first, len(sentences) + 1):
                sentence_span = document.sentences[number - 1]
                if sentence_span.start >= span.end:
                    break
                if sentence_span.end > span.start and anchor.node_id not in sentences[number - 1].cited_by:
                    sentences[number - 1].cited_by.append(anchor.node_id)
        result.append(SourceCoverage(source_id, source.declared_path, sentences))
    return result
