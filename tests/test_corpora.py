"""Real argument maps made by others: the arg-microtexts corpus (Peldszus & Stede).

Each microtext's argument graph becomes an argmap map: one claim per argumentative
unit (<adu>), quoting the text of its elementary units (<edu>); `sup` and `exa`
edges become supports, `reb` edges attacks (undercuts and linked premises target
edges, which argmap does not model, and are left out). Every edu is an exact
substring of the text, so every quote must anchor.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import REPO

from argmap.loader import load
from argmap.validation import validate

_CANDIDATES = [Path("/work/shared/corpora"), REPO.parent / "shared" / "corpora"]
CORPORA = next((p for p in _CANDIDATES if (p / "arg-microtexts" / "en").is_dir()), None)
if CORPORA is None:
    pytest.skip(
        "the shared corpora are not here (looked for arg-microtexts/en under /work/shared/corpora and ../shared/corpora)",
        allow_module_level=True,
    )

MICROTEXTS = sorted((CORPORA / "arg-microtexts" / "en").glob("micro_*.xml"))


def microtext_map(xml_path: Path) -> tuple[str, dict]:
    """The argmap YAML of one microtext, and the relations it should have."""
    root = ET.parse(xml_path).getroot()
    edus = {e.get("id"): e.text or "" for e in root.iter("edu")}
    adus = [a.get("id") for a in root.iter("adu")]
    quotes: dict[str, list[str]] = {a: [] for a in adus}
    relations: dict[str, dict[str, list[str]]] = {a: {"supports": [], "attacks": []} for a in adus}
    for edge in root.iter("edge"):
        kind, src, trg = edge.get("type"), edge.get("src"), edge.get("trg")
        if kind == "seg" and trg in quotes:
            quotes[trg].append(edus[src])
        elif kind in ("sup", "exa") and src in relations and trg in relations:
            relations[src]["supports"].append(trg)
        elif kind == "reb" and src in relations and trg in relations:
            relations[src]["attacks"].append(trg)
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731 - JSON strings are YAML strings
    lines = ["argmap: 1", f"title: {q(root.get('id'))}", "sources:", "  text:", "    path: text.txt", "claims:"]
    for adu in adus:
        lines.append(f"  {adu}:")
        lines.append(f"    text: {q(' '.join(quotes[adu]) or adu)}")
        if quotes[adu]:
            lines.append(f"    quote: [{', '.join(q(t) for t in quotes[adu])}]")
        else:
            lines.append("    implicit: true")
        for relation in ("supports", "attacks"):
            if relations[adu][relation]:
                lines.append(f"    {relation}: [{', '.join(relations[adu][relation])}]")
    return "\n".join(lines) + "\n", relations


def test_the_corpus_is_there() -> None:
    assert len(MICROTEXTS) >= 100


@pytest.mark.parametrize("xml_path", MICROTEXTS, ids=lambda p: p.stem)
def test_microtext_quotes_anchor(xml_path: Path, tmp_path: Path) -> None:
    text_path = xml_path.with_suffix(".txt")
    shutil.copy(text_path, tmp_path / "text.txt")
    yaml_text, relations = microtext_map(xml_path)
    (tmp_path / "map.yaml").write_text(yaml_text, encoding="utf-8")
    loaded = load(tmp_path / "map.yaml")
    assert loaded.problems == [], yaml_text
    problems = validate(loaded)
    for problem in problems:
        assert problem.code and problem.location.line >= 1
    quote_problems = [f"{p.location}: {p.code} {p.message}" for p in problems if p.code in ("AM403", "AM404")]
    text = text_path.read_text(encoding="utf-8")
    repeated = [q for claim in loaded.records.claims.values() for q in claim.quote if text.count(q) > 1]
    if not repeated:
        # Every unit's text stands exactly once, so every quote must anchor.
        assert quote_problems == []
    errors = [f"{p.code} {p.message}" for p in problems if p.is_error and p.code not in ("AM403", "AM404")]
    assert errors == []
    # The map keeps the graph's relations.
    for adu, claim in loaded.records.claims.items():
        assert claim.supports == relations[adu]["supports"]
        assert claim.attacks == relations[adu]["attacks"]
