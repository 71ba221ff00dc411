"""W3C Web Annotation (JSON-LD): one annotation per quoted passage.

The output is one ``AnnotationCollection`` (Web Annotation Data Model, section 5)
with its only ``AnnotationPage`` embedded as ``first``, as the model's example
of an embedded page has it: the collection names the map (``label``) and
counts the annotations (``total``), which a bare JSON list could not, and it is
the shape annotation servers take and serve. Embedded pages and annotations
inherit the collection's ``@context``.

Each annotation is one passage that a node or an argument quotes, in the order
of the JSON export (claims, evidence, then arguments; each one's passages as
written):

- ``target``: a ``SpecificResource`` whose ``source`` is the source's ``url``
  when the map gives an http(s) one (as written), else
  ``urn:argmap:<map>:source:<id>``;
  its ``selector`` list holds a ``TextQuoteSelector`` (the passage as the
  source has it, with up to 32 characters before and after, as the JSON
  export's ``text``, ``prefix`` and ``suffix``), a ``TextPositionSelector``
  (its offsets in the source text as argmap reads it: code points of the file
  decoded as UTF-8, of the extracted text for HTML sources) and, when the
  source has an http(s) ``url``, a ``FragmentSelector`` whose ``value`` is the
  text-fragment of the passage (argmap/formats/textfragment.py), so that
  ``url#value`` opens the original page at the passage. The model takes the
  selectors of a list as alternatives: a consumer uses those it knows.
- ``body``: the node's text (``TextualBody``, purpose ``describing``, its
  ``creator`` the agent of ``asserted_by``); the node itself (a
  ``SpecificResource`` whose source is the node's IRI, purpose
  ``identifying``); its type, kind, scheme and thesis mark (``classifying``);
  its tags (``tagging``); its note (``commenting``); and its relations
  (``linking``: a ``SpecificResource`` whose source is the other end, with
  the extension term ``argmap:relation`` saying how it relates).
- ``id``: ``urn:argmap:<map>:node:<node id>:<n>`` (``argument:`` for an
  argument), ``n`` counting the node's passages from 0 as the JSON export
  does.

Output is deterministic: no creation times are written (the model's SHOULD for
``created`` is left out for that reason).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..exports import CONTEXT_CHARS, ExportError
from ..provenance import QuoteAnchor, resolve
from . import textfragment

if TYPE_CHECKING:
    from ..graph import ArgumentGraph, Relation
    from ..loader import LoadedMap

#: The Web Annotation JSON-LD context.
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: argmap's own terms (only ``argmap:relation``), defined inline after the Web Annotation context.
VOCABULARY = "urn:argmap:vocabulary#"
#: Agent types that are people, and those that are organisations (the model's classes).
PEOPLE = {"author", "person"}
ORGANISATIONS = {"government", "organisation", "group", "media"}


@dataclass(frozen=True)
class Passage:
    """One quoted passage, as the annotation writers see it."""

    owner: str  # the node's or the argument's id
    owner_type: str  # "claim", "evidence" or "argument"
    index: int  # among the owner's passages, from 0
    anchor: QuoteAnchor
    source_id: str | None
    #: The source text as argmap reads it, and the passage's offsets in it; None when not anchored.
    text: str | None
    start: int | None
    end: int | None
    #: The text-fragment link on the source's url; None without an http(s) url or an anchor.
    link: str | None


def passages(loaded: LoadedMap) -> Iterator[Passage]:
    """Every passage of the map, in the order of the JSON export."""
    model = loaded.records
    if model is None:
        raise ExportError(f"{loaded.display_path}: the map has format errors and cannot be exported")
    return _passages(loaded)


def _passages(loaded: LoadedMap) -> Iterator[Passage]:
    model = loaded.records
    assert model is not None
    resolution = resolve(loaded)
    owners = [(node_id, node_type) for node_id, node_type, _node in model.nodes()]
    owners.extend((argument_id, "argument") for argument_id in model.arguments)
    for owner, owner_type in owners:
        for index, anchor in enumerate(resolution.of_node(owner)):
            located = resolution.located(anchor)
            source = model.sources.get(anchor.source_id or "")
            if located is None:
                yield Passage(owner, owner_type, index, anchor, anchor.source_id, None, None, None, None)
                continue
            document, span, _position = located
            link = textfragment.passage_link(source.url, document.text, span.start, span.end) if source is not None and source.url else None
            yield Passage(owner, owner_type, index, anchor, anchor.source_id, document.text, span.start, span.end, link)


class Names:
    """The IRIs of a map's things: ``urn:argmap:<map>:<kind>:<id>``."""

    def __init__(self, loaded: LoadedMap) -> None:
        self.base = "urn:argmap:" + _segment(loaded.name)
        self.graph: ArgumentGraph = loaded.graph
        self.model = loaded.records

    def node(self, node_id: str) -> str:
        return f"{self.base}:node:{_segment(node_id)}"

    def argument(self, argument_id: str) -> str:
        return f"{self.base}:argument:{_segment(argument_id)}"

    def owner(self, owner_id: str, owner_type: str) -> str:
        return self.argument(owner_id) if owner_type == "argument" else self.node(owner_id)

    def relation(self, relation_id: str) -> str:
        """A relation: an argument is named as the argument, a node's relation by its words."""
        relation = self.graph.relations.get(relation_id)
        if relation is not None and relation.argument is not None:
            return self.argument(relation.argument)
        return f"{self.base}:relation:{_segment(relation_id)}"

    def agent(self, agent_id: str) -> str:
        return f"{self.base}:agent:{_segment(agent_id)}"

    def source(self, source_id: str | None) -> str:
        """The source's url when the map gives an http(s) one, else its URN."""
        source = self.model.sources.get(source_id or "") if self.model is not None else None
        url = textfragment.safe_url(source.url) if source is not None else None
        if url is not None:
            return url
        return f"{self.base}:source:{_segment(source_id or '')}"

    def passage(self, passage: Passage) -> str:
        return f"{self.owner(passage.owner, passage.owner_type)}:{passage.index}"


def _segment(text: str) -> str:
    """A piece of a URN: everything but unreserved characters percent-encoded (UTF-8)."""
    return quote(text, safe="-._~")


def write(loaded: LoadedMap) -> Iterator[str]:
    """The map's passages as a Web Annotation collection (JSON-LD), in pieces."""
    found = list(passages(loaded))  # refuses a map with format errors
    names = Names(loaded)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    model = loaded.records
    assert model is not None  # passages() refused a map without records
    head = {
        "@context": [CONTEXT, {"argmap": VOCABULARY}],
        "id": names.base,
        "type": "AnnotationCollection",
        "label": model.title,
        "total": len(found),
    }
    lines = [f"  {encode(key)}: {encode(value)}" for key, value in head.items()]
    if not found:
        yield "{\n" + ",\n".join(lines) + "\n}\n"
        return
    page = f'{{"id": {encode(names.base + ":page:1")}, "type": "AnnotationPage", "partOf": {encode(names.base)}, "startIndex": 0, "items": ['
    yield "{\n" + ",\n".join(lines) + f',\n  "first": {page}'
    relations = relations_by_owner(loaded.graph)
    for number, passage in enumerate(found):
        yield ("\n    " if number == 0 else ",\n    ") + encode(annotation(loaded, names, passage, relations))
    yield "\n  ]}\n}\n"


def annotation(loaded: LoadedMap, names: Names, passage: Passage, relations: dict[str, list[Relation]]) -> dict[str, Any]:
    """The annotation of one passage."""
    return {
        "id": names.passage(passage),
        "type": "Annotation",
        "motivation": "describing",
        "body": bodies(loaded, names, passage.owner, passage.owner_type, relations),
        "target": {"type": "SpecificResource", "source": names.source(passage.source_id), "selector": selectors(passage)},
    }


def selectors(passage: Passage) -> list[dict[str, Any]]:
    """Where the passage stands: its words and context, its offsets, and its text fragment."""
    if passage.text is None or passage.start is None or passage.end is None:
        # Not found in the source: only the words the map quotes.
        return [{"type": "TextQuoteSelector", "exact": passage.anchor.quote}]
    text, start, end = passage.text, passage.start, passage.end
    found: list[dict[str, Any]] = [
        {
            "type": "TextQuoteSelector",
            "exact": text[start:end],
            "prefix": text[max(0, start - CONTEXT_CHARS) : start],
            "suffix": text[end : end + CONTEXT_CHARS],
        },
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]
    if passage.link is not None:
        found.append({"type": "FragmentSelector", "conformsTo": textfragment.SPEC, "value": textfragment.fragment_of(passage.link)})
    return found


def relations_by_owner(graph: ArgumentGraph) -> dict[str, list[Relation]]:
    """For each node and argument, the complete relations that start from it (an argument: its own)."""
    found: dict[str, list[Relation]] = {}
    for relation in graph.complete:
        if relation.argument is not None:
            found.setdefault(relation.argument, []).append(relation)
        for source in relation.sources:
            found.setdefault(source, []).append(relation)
    return found


def _text_body(value: str, purpose: str) -> dict[str, Any]:
    return {"type": "TextualBody", "value": value, "format": "text/plain", "purpose": purpose}


def bodies(loaded: LoadedMap, names: Names, owner: str, owner_type: str, relations: dict[str, list[Relation]]) -> list[dict[str, Any]]:
    """What the annotation says about its passage: the node (or argument) that quotes it."""
    model = loaded.records
    assert model is not None
    if owner_type == "argument":
        argument = model.arguments[owner]
        describing = _text_body(argument.text or _argument_words(loaded, owner), "describing")
        classes = ["argument", *([argument.scheme] if argument.scheme else [])]
        tags, note = list(argument.tags), argument.note
    else:
        node = model.claims[owner] if owner_type == "claim" else model.evidence[owner]
        describing = _text_body(node.text, "describing")
        agent = model.agents.get(node.asserted_by) if node.asserted_by else None
        if agent is not None and node.asserted_by is not None:
            creator: dict[str, Any] = {"id": names.agent(node.asserted_by)}
            kind = agent.type.value if agent.type else None
            if kind in PEOPLE:
                creator["type"] = "Person"
            elif kind in ORGANISATIONS:
                creator["type"] = "Organization"
            creator["name"] = agent.name
            describing["creator"] = creator
        classes = [owner_type, *([node.kind.value] if node.kind else []), *(["thesis"] if getattr(node, "thesis", False) else [])]
        tags, note = list(node.tags), node.note
    found: list[dict[str, Any]] = [describing, {"type": "SpecificResource", "source": names.owner(owner, owner_type), "purpose": "identifying"}]
    found.extend(_text_body(value, "classifying") for value in classes)
    found.extend(_text_body(tag, "tagging") for tag in tags)
    if note:
        found.append(_text_body(note, "commenting"))
    found.extend(_links(names, owner, owner_type, relations.get(owner, [])))
    return found


def _links(names: Names, owner: str, owner_type: str, relations: list[Relation]) -> Iterator[dict[str, Any]]:
    """The relations of a node or an argument, as linking bodies."""
    for relation in relations:
        if relation.argument is not None and relation.argument == owner and owner_type == "argument":
            # The argument's premises, then its conclusion.
            for premise in relation.sources:
                yield {"type": "SpecificResource", "source": names.node(premise), "purpose": "linking", "argmap:relation": "premise"}
            yield {"type": "SpecificResource", "source": _target(names, relation), "purpose": "linking", "argmap:relation": relation.kind}
        elif relation.argument is not None:
            yield {"type": "SpecificResource", "source": names.argument(relation.argument), "purpose": "linking", "argmap:relation": "premise-of"}
        else:
            yield {
                "id": names.relation(relation.id),
                "type": "SpecificResource",
                "source": _target(names, relation),
                "purpose": "linking",
                "argmap:relation": relation.kind,
            }


def _target(names: Names, relation: Relation) -> str:
    return names.relation(relation.target) if relation.kind == "undercuts" else names.node(relation.target)


def _argument_words(loaded: LoadedMap, argument_id: str) -> str:
    """What an argument without text says: its premises together support (attack, undercut) its target."""
    relation = loaded.graph.relations.get(argument_id)
    if relation is None or relation.argument != argument_id:
        return f"argument {argument_id}"
    return f"{', '.join(relation.sources)} together {relation.kind[:-1]} {relation.target}"
