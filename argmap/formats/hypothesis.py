"""Hypothesis: annotations in the shape the Hypothesis API creates them from.

The output is a JSON list with one object per quoted passage, each the body of
a ``POST /api/annotations`` request: ``uri``, ``document.title``, ``target``
(one, with its ``source`` and ``selector`` list), ``text`` (Markdown) and
``tags``. No ``group`` and no ``permissions`` are written: Hypothesis then keeps
the annotations private to whoever posts them, until they choose a group.

Positions are those of the page's text as a browser holds it, in UTF-16 code
units as Hypothesis counts them: a character outside the Basic Multilingual
Plane counts 2, and line ends are those of the DOM (a CR LF or a lone CR of the
source is one LF). The quote selector's ``exact``, ``prefix`` (32 characters)
and ``suffix`` are the passage and its context in that same text.

For a plain-text source served as ``text/plain`` the positions are exact. For
an HTML source, or a page at the source's ``url`` that is not argmap's copy,
they count argmap's text, which is not the page's ``textContent`` (no markup,
no scripts, one line per block): Hypothesis then takes the position only as a
hint, sees that the text there differs and anchors on the quote, which is what
anchors an annotation.

A source with an http(s) ``url`` annotates that page (``uri``); a source
without one is named by its URN, ``urn:argmap:<map>:source:<id>``, as in the
Web Annotation export. Such a source also gets a ``FragmentSelector`` holding
the passage's text fragment (argmap/formats/textfragment.py): the API keeps
selectors it does not know and the Hypothesis client ignores them.

Every user text in ``text`` is escaped for Hypothesis's Markdown (characters
that would be markup, HTML or math become character references), so that no
node text or note becomes markup.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from . import textfragment
from .webannotation import Names, Passage, passages, relations_by_owner

if TYPE_CHECKING:
    from ..graph import Relation
    from ..loader import LoadedMap

#: Characters of context before and after the passage (as the Hypothesis client records them).
CONTEXT = 32

#: Characters that are Markdown, HTML or math wherever they stand, as character references.
_REFERENCES = {ord(c): f"&#{ord(c)};" for c in "&<>$\\*_`[]~#|"}
#: What opens a list, a quote or a heading at the start of a paragraph (its last character is escaped).
_MARKER = re.compile(r"[-+=>]|\d+[.)]")
_PARAGRAPHS = re.compile(r"\n[^\S\n]*\n\s*")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class PageText:
    """A source text as a browser holds it: line ends made LF, offsets countable in UTF-16 units."""

    def __init__(self, text: str) -> None:
        #: Where each CR LF of the source starts (each becomes one LF).
        self._pairs = [found.start() for found in re.finditer("\r\n", text)]
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        #: Where each character outside the BMP stands in the page text (each is 2 UTF-16 units).
        self._astral = [found.start() for found in _ASTRAL.finditer(self.text)]

    def index(self, offset: int) -> int:
        """The page-text offset of a code-point offset into the source text."""
        return offset - bisect.bisect_left(self._pairs, offset - 1)

    def utf16(self, index: int) -> int:
        """The UTF-16 offset of a code-point offset into the page text."""
        return index + bisect.bisect_left(self._astral, index)


@lru_cache(maxsize=8)
def page_text(text: str) -> PageText:
    return PageText(text)


def selectors(passage: Passage) -> list[dict[str, Any]]:
    """Quote, position (UTF-16) and text fragment of a passage, in the page's text."""
    if passage.text is None or passage.start is None or passage.end is None:
        return [{"type": "TextQuoteSelector", "exact": passage.anchor.quote}]
    page = page_text(passage.text)
    start, end = page.index(passage.start), page.index(passage.end)
    found: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": page.text[start:end], "prefix": page.text[max(0, start - CONTEXT) : start], "suffix": page.text[end : end + CONTEXT]},
        {"type": "TextPositionSelector", "start": page.utf16(start), "end": page.utf16(end)},
    ]
    if passage.link is not None:
        found.append({"type": "FragmentSelector", "conformsTo": textfragment.SPEC, "value": textfragment.fragment_of(passage.link)})
    return found


def markdown(text: str) -> str:
    """User text as Markdown that shows it as written, in Hypothesis's renderer (showdown, with
    ``$$...$$`` and ``\\(...\\)`` taken for math before the Markdown is read).

    The characters that make Markdown, HTML or math (``& < > $ \\ * _ ` [ ] ~ # |``)
    become numeric character references, as do a list or heading marker opening a
    paragraph; paragraphs are kept, and white space within one becomes single spaces
    (no indented code, no hard breaks). Unescaping the character references gives the
    text back, its white space folded."""
    paragraphs = (" ".join(part.split()) for part in _PARAGRAPHS.split(text.replace("\r\n", "\n").replace("\r", "\n")))
    return "\n\n".join(_paragraph(part) for part in paragraphs if part)


def _paragraph(text: str) -> str:
    escaped = text.translate(_REFERENCES)
    marker = _MARKER.match(escaped)
    if marker is not None:
        at = marker.end() - 1
        escaped = escaped[:at] + f"&#{ord(escaped[at])};" + escaped[at + 1 :]
    return escaped


def write(loaded: LoadedMap) -> Iterator[str]:
    """The map's passages as Hypothesis API annotations (a JSON list), in pieces."""
    found = passages(loaded)  # refuses a map with format errors
    names = Names(loaded)
    relations = relations_by_owner(loaded.graph)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    first = True
    for passage in found:
        yield ("[\n  " if first else ",\n  ") + encode(annotation(loaded, names, passage, relations))
        first = False
    yield "[]\n" if first else "\n]\n"


def annotation(loaded: LoadedMap, names: Names, passage: Passage, relations: dict[str, list[Relation]]) -> dict[str, Any]:
    """One passage as the body of a Hypothesis create-annotation request."""
    model = loaded.records
    assert model is not None
    uri = names.source(passage.source_id)
    found: dict[str, Any] = {"uri": uri}
    source = model.sources.get(passage.source_id or "")
    if source is not None and source.title:
        found["document"] = {"title": [source.title]}
    found["target"] = [{"source": uri, "selector": selectors(passage)}]
    found["text"] = _text(loaded, passage, relations)
    found["tags"] = _tags(loaded, passage)
    return found


def _owner(loaded: LoadedMap, passage: Passage) -> Any:
    model = loaded.records
    assert model is not None
    if passage.owner_type == "argument":
        return model.arguments[passage.owner]
    return model.claims[passage.owner] if passage.owner_type == "claim" else model.evidence[passage.owner]


def _tags(loaded: LoadedMap, passage: Passage) -> list[str]:
    """The node's tags, then what it is: ``argmap:claim`` (or evidence, argument), its kind, ``argmap:thesis``."""
    owner = _owner(loaded, passage)
    tags = [*owner.tags, f"argmap:{passage.owner_type}"]
    kind = getattr(owner, "kind", None)
    if kind is not None:
        tags.append(f"argmap:{kind.value}")
    if getattr(owner, "thesis", False):
        tags.append("argmap:thesis")
    return list(dict.fromkeys(tags))


def _words(loaded: LoadedMap, item_id: str) -> str:
    """How the text names a node, an argument or a relation: its words, then its id."""
    model = loaded.records
    assert model is not None
    node = model.claims.get(item_id) or model.evidence.get(item_id)
    if node is not None:
        return f"{markdown(node.text)} ({markdown(item_id)})"
    argument = model.arguments.get(item_id)
    if argument is not None and argument.text:
        return f"{markdown(argument.text)} (argument {markdown(item_id)})"
    return ("argument " if argument is not None else "") + markdown(item_id)


_VERBS = {"supports": "Supports", "attacks": "Attacks", "undercuts": "Undercuts"}


def _text(loaded: LoadedMap, passage: Passage, relations: dict[str, list[Relation]]) -> str:
    """The annotation's Markdown: the node's text, what it is, its relations and its note."""
    model = loaded.records
    assert model is not None
    owner = _owner(loaded, passage)
    if passage.owner_type == "argument":
        relation = loaded.graph.relations.get(passage.owner)
        said = owner.text or (f"{', '.join(relation.sources)} together {relation.kind[:-1]} {relation.target}" if relation is not None else passage.owner)
        what = ["argument", *([owner.scheme] if owner.scheme else [])]
    else:
        said = owner.text
        what = [passage.owner_type, *([owner.kind.value] if owner.kind else []), *(["thesis"] if getattr(owner, "thesis", False) else [])]
    parts = [markdown(said), f"*{markdown(' · '.join(what))}* · argmap {'argument' if passage.owner_type == 'argument' else 'node'} {markdown(passage.owner)}"]
    agent = model.agents.get(owner.asserted_by) if getattr(owner, "asserted_by", None) else None
    if agent is not None:
        parts.append(f"Asserted by {markdown(agent.name)}")
    lines = []
    for relation in relations.get(passage.owner, []):
        if passage.owner_type == "argument" and relation.argument == passage.owner:
            lines.append("**Premises**: " + "; ".join(_words(loaded, premise) for premise in relation.sources))
            lines.append(f"**{_VERBS[relation.kind]}**: {_words(loaded, relation.target)}")
        elif relation.argument is not None:
            lines.append(f"**Premise of**: {_words(loaded, relation.argument)}")
        else:
            lines.append(f"**{_VERBS[relation.kind]}**: {_words(loaded, relation.target)}")
    if lines:
        parts.append("  \n".join(lines))
    if owner.note:
        parts.append("**Note**: " + markdown(owner.note))
    return "\n\n".join(parts)
