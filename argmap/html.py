"""A self-contained provenance page: the diagram beside the source text.

:func:`render_html` writes one HTML5 file with everything inline (styles,
script, the diagram's SVG and the source texts), so that it opens from disk
and makes no network requests; a Content-Security-Policy in the page forbids
them. Every anchored quote is highlighted in its source, and the page links
both ways: clicking a node shows its passages, clicking a passage shows its
nodes.

Overlapping and nested passages are handled by splitting the text at every
passage and paragraph boundary: each piece is one ``<mark>`` listing the
passages (``data-passages="id/index ..."``), nodes (``data-nodes``) and
arguments (``data-arguments``) that cover it, most specific (shortest passage)
first. An argument's quote is highlighted like a node's, and clicking its
junction in the diagram shows its premises, conclusion and passage.

The output is deterministic: the same map, SVG and digest give the same bytes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib import resources
from typing import TYPE_CHECKING, Any

from .anchoring import Document, Span
from .diagram import DIGEST_MARK, RenderError, element_keys
from .exports import export_data
from .loader import LoadedMap
from .provenance import resolve

if TYPE_CHECKING:
    from .diagram import RenderOptions

__all__ = ["render_html"]

_DIGEST_PATTERN = re.compile(r"[0-9a-f]{64}(?: options=[A-Za-z0-9+/=]+)?")
_SVG_START = re.compile(rb"<svg[\s>]")
_SVG_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')
#: Paragraphs shorter than this at the top of a source are taken for front matter.
_FRONT_MATTER_CHARS = 60


def render_html(loaded: LoadedMap, svg: bytes, digest: str, options: RenderOptions | None = None) -> bytes:
    """The provenance page of a map: its diagram (``svg``, as rendered) beside its sources.

    ``digest`` (the render's stamp: its digest, and its settings when they are not
    the defaults) is written into the page as ``<!-- argmap-digest: ... -->`` so
    that ``argmap check`` can tell a stale page from a fresh one. ``options`` are
    the settings the diagram was drawn with (the legend shows status marks when
    the diagram does).
    """
    model = loaded.records
    if model is None:
        raise RenderError(f"{loaded.display_path}: the map has format errors and cannot be rendered")
    if not _DIGEST_PATTERN.fullmatch(digest):
        raise ValueError(f"a render stamp is a digest of 64 hexadecimal digits (and its options), not {digest!r}")
    data = export_data(loaded)
    resolution = resolve(loaded)
    documents = {source_id: found.document for source_id, found in resolution.sources.items()}
    errors = {source_id: found.error for source_id, found in resolution.sources.items()}

    passages: dict[str, list[_Passage]] = {}
    quoting = [(node["id"], node["type"], bool(node["thesis"]), node["provenance"]) for node in data["nodes"]]
    quoting.extend((argument["id"], "argument", False, argument["provenance"]) for argument in data["arguments"])
    for item_id, item_type, thesis, provenance in quoting:
        for index, item in enumerate(provenance):
            if item["start"] is None or item["end"] is None or item["source"] not in documents:
                continue
            passages.setdefault(item["source"], []).append(_Passage(f"{item_id}/{index}", item_id, item_type, thesis, item["start"], item["end"]))

    title = data["title"]
    sources = data["sources"]
    quoted = sum(len(found) for found in passages.values())
    body = "".join(
        [
            _header(data, quoted),
            '<main class="panes">',
            _diagram_pane(svg, title, data, bool(options and options.status)),
            _text_pane(sources, documents, errors, passages),
            "</main>",
            '<div id="live" class="sr-only" aria-live="polite"></div>',
        ]
    )
    page = "".join(
        [
            "<!DOCTYPE html>\n",
            f"<!-- {DIGEST_MARK} {digest} -->\n",
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n',
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
            "base-uri 'none'; form-action 'none'\">\n",
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            '<meta name="generator" content="argmap">\n',
            f"<title>{escape(title)} · argument map</title>\n",
            '<link rel="icon" href="data:,">\n',
            f"<style>{_asset('page.css')}</style>\n",
            "</head>\n<body>\n",
            body,
            f'\n<script type="application/json" id="argmap-data">{_json_for_script(_page_data(data, element_keys(loaded.graph)))}</script>\n',
            f"<script>{_asset('page.js')}</script>\n",
            "</body>\n</html>\n",
        ]
    )
    return page.encode("utf-8")


# --- the page's parts -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Passage:
    key: str  # "<node or argument id>/<index among its provenance items>"
    node_id: str  # the node's or the argument's id
    node_type: str  # "claim", "evidence" or "argument"
    thesis: bool
    start: int
    end: int


def _header(data: dict[str, Any], quoted: int) -> str:
    sources = data["sources"]
    if sources:
        source_info = "; ".join(_citation(source) for source in sources)
    else:
        source_info = "no sources"
    claims = sum(1 for node in data["nodes"] if node["type"] == "claim")
    evidence = len(data["nodes"]) - claims
    description = data.get("description") or ""
    arguments = len(data["arguments"])
    stats = f"{claims} claims · {evidence} evidence · " + (f"{arguments} argument{'s' if arguments != 1 else ''} · " if arguments else "") + f"{quoted} quoted passages"
    return (
        '<header class="top">'
        '<div class="brand">'
        '<p class="eyebrow">Argument map</p>'
        f'<h1 title="{escape(description)}">{escape(data["title"])}</h1>'
        f'<p class="meta"><span class="meta-source">{source_info}</span><span class="meta-stats">{escape(stats)}</span></p>'
        "</div>"
        '<div class="search" role="search">'
        '<label for="search" class="sr-only">Search nodes by text or id</label>'
        '<svg class="search-icon" viewBox="0 0 20 20" aria-hidden="true"><circle cx="8.5" cy="8.5" r="5.5"/><path d="M13 13l4.5 4.5"/></svg>'
        '<input id="search" type="search" placeholder="Search nodes by text or id" autocomplete="off" spellcheck="false" '
        'aria-controls="results" aria-describedby="search-hint">'
        '<kbd id="search-hint" class="search-hint" title="Press / to search">/</kbd>'
        '<div id="results" class="results" role="listbox" aria-label="Matching nodes" hidden></div>'
        "</div>"
        "</header>"
    )


def _citation(source: dict[str, Any]) -> str:
    parts = []
    if source.get("author"):
        parts.append(escape(source["author"]))
    parts.append(f"“{escape(source.get('title') or source['id'])}”")
    if source.get("publisher"):
        parts.append(f"<i>{escape(source['publisher'])}</i>")
    if source.get("published"):
        parts.append(escape(source["published"]))
    return ", ".join(parts)


def _diagram_pane(svg: bytes, title: str, data: dict[str, Any], status: bool) -> str:
    items = [
        '<li><span class="sw sw-thesis"></span>thesis</li>',
        '<li><span class="sw sw-claim"></span>claim</li>',
        '<li><span class="sw sw-evidence"></span>evidence</li>',
        '<li><span class="ln ln-supports"></span>supports</li>',
        '<li><span class="ln ln-attacks"></span>attacks</li>',
    ]
    kinds = {relation["type"] for relation in data["relations"]}
    if "undercuts" in kinds:
        items.append('<li title="An undercut denies an inference: it ends on the inference\'s junction"><span class="ln ln-undercuts"></span>undercuts</li>')
    if any(relation["argument"] is not None for relation in data["relations"]):
        items.append('<li title="Premises that support (or attack) only together meet at a junction"><span class="jn"></span>argument</li>')
    if status:
        items.append(
            '<li class="legend-status" title="Grounded label of each node and inference">'
            '<span class="st st-accepted">✓</span>accepted <span class="st st-rejected">✗</span>rejected <span class="st st-undecided">?</span>undecided</li>'
        )
    legend = '<ul class="legend" aria-label="Legend">' + "".join(items) + "</ul>"
    tools = (
        '<div class="zoom" role="group" aria-label="Zoom">'
        '<button type="button" id="zoom-out" aria-label="Zoom out" title="Zoom out (−)">−</button>'
        '<output id="zoom-level" aria-live="off">100%</output>'
        '<button type="button" id="zoom-in" aria-label="Zoom in" title="Zoom in (+)">+</button>'
        '<button type="button" id="zoom-fit" class="text-btn" title="Fit the diagram to the pane (0)">Fit</button>'
        "</div>"
    )
    return (
        '<section class="pane diagram-pane" aria-label="Argument map diagram">'
        f'<div class="pane-bar">{tools}{legend}</div>'
        '<div id="diagram" class="diagram" tabindex="0" aria-label="Diagram: scroll to pan, Ctrl + scroll or + and − to zoom, drag to pan">'
        f'<div class="canvas">{_inline_svg(svg, title)}</div>'
        "</div>"
        '<aside id="details" class="details" aria-label="Selected node">'
        '<p class="details-empty">Select a node or an argument\'s junction in the diagram, a highlighted passage in the text, or a search result.</p>'
        "</aside>"
        "</section>"
    )


def _inline_svg(svg: bytes, title: str) -> str:
    """The SVG without its prolog (XML declaration, doctype, comments), sized by the page."""
    found = _SVG_START.search(svg)
    if found is None:
        raise RenderError("the diagram is not an SVG document")
    markup = svg[found.start() :].decode("utf-8").strip()
    head_end = markup.index(">") + 1
    head = _SVG_SIZE.sub("", markup[:head_end])
    head = head[: -1].rstrip("/ ") + f' class="map" role="group" aria-label="{escape(title)}: argument map">'
    return head + markup[head_end:]


def _text_pane(
    sources: list[dict[str, Any]],
    documents: dict[str, Document | None],
    errors: dict[str, str | None],
    passages: dict[str, list[_Passage]],
) -> str:
    parts = ['<section class="pane text-pane" aria-label="Source text">']
    if len(sources) > 1:
        parts.append('<div class="pane-bar tabs" role="tablist" aria-label="Sources">')
        for number, source in enumerate(sources):
            selected = "true" if number == 0 else "false"
            parts.append(
                f'<button type="button" role="tab" id="tab-{source["id"]}" aria-controls="src-{source["id"]}" '
                f'aria-selected="{selected}" tabindex="{0 if number == 0 else -1}" data-source="{source["id"]}">'
                f'{escape(source.get("title") or source["id"])}</button>'
            )
        parts.append("</div>")
    else:
        parts.append('<div class="pane-bar"><span class="pane-title">Source text</span>'
                     '<span class="pane-hint">Highlighted passages are quoted by the map</span></div>')
    parts.append('<div id="text" class="text" tabindex="-1">')
    for number, source in enumerate(sources):
        source_id = source["id"]
        hidden = " hidden" if number else ""
        role = f' role="tabpanel" aria-labelledby="tab-{source_id}"' if len(sources) > 1 else ""
        found = passages.get(source_id, [])
        parts.append(f'<article class="source" id="src-{source_id}" data-source="{source_id}"{role}{hidden}>')
        parts.append(_source_head(source, len(found)))
        document = documents.get(source_id)
        if document is None:
            reason = errors.get(source_id) or "unreadable"
            parts.append(f'<p class="src-error">The text of this source could not be read: {escape(reason)}.</p>')
        else:
            parts.append(f'<div class="prose">{_marked_text(document, found)}</div>')
        parts.append("</article>")
    parts.append("</div></section>")
    return "".join(parts)


def _source_head(source: dict[str, Any], quoted: int) -> str:
    byline = []
    if source.get("author"):
        byline.append(f'<span class="author">{escape(source["author"])}</span>')
    if source.get("publisher"):
        byline.append(f"<i>{escape(source['publisher'])}</i>")
    if source.get("published"):
        byline.append(escape(source["published"]))
    meta = [f"<code>{escape(source['path'])}</code>", f"{quoted} quoted passage{'s' if quoted != 1 else ''}"]
    if source.get("url"):
        # Shown as text, not a link: the page itself never reaches the network.
        meta.insert(1, f'<span class="url">{escape(source["url"])}</span>')
    return (
        '<header class="src-head">'
        f'<p class="eyebrow">Source · {escape(source["id"])}</p>'
        f'<h2>{escape(source.get("title") or source["id"])}</h2>'
        + (f'<p class="byline">{" · ".join(byline)}</p>' if byline else "")
        + f'<p class="src-meta">{" · ".join(meta)}</p>'
        "</header>"
    )


def _marked_text(document: Document, passages: list[_Passage]) -> str:
    """The text as paragraphs, every quoted piece wrapped in a <mark>."""
    text = document.text
    length = len(text)
    spans = [p for p in passages if 0 <= p.start < p.end <= length]
    paragraphs: list[Span] = document.paragraphs
    starting: dict[int, list[_Passage]] = {}
    ending: dict[int, list[_Passage]] = {}
    for passage in spans:
        starting.setdefault(passage.start, []).append(passage)
        ending.setdefault(passage.end, []).append(passage)
    points = {0, length}
    points.update(starting)
    points.update(ending)
    for paragraph in paragraphs:
        points.update((paragraph.start, paragraph.end))
    bounds = sorted(points)

    # A run of short lines before the first paragraph of prose is front matter
    # (a site name, a date line, a byline): shown compact, apart from the text.
    front = 0
    while front < len(paragraphs) and paragraphs[front].end - paragraphs[front].start < _FRONT_MATTER_CHARS:
        front += 1
    if front < 2 or front == len(paragraphs):
        front = 0

    out: list[str] = []
    active: dict[str, _Passage] = {}
    para = 0
    in_gap = False
    for a, b in zip(bounds, bounds[1:]):
        for passage in ending.get(a, ()):
            active.pop(passage.key, None)
        for passage in starting.get(a, ()):
            active[passage.key] = passage
        while para < len(paragraphs) and paragraphs[para].end <= a:
            para += 1
        inside = para < len(paragraphs) and paragraphs[para].start <= a
        if not inside:
            if not in_gap:
                out.append("\n")
                in_gap = True
            continue
        in_gap = False
        if a == paragraphs[para].start:
            kind = ' class="front"' if para < front else ""
            out.append(f'<p{kind} data-line="{document.line_of(a)}">')
        chunk = escape(text[a:b], quote=False)
        if active:
            out.append(_mark(list(active.values()), a, b, chunk))
        else:
            out.append(chunk)
        if b == paragraphs[para].end:
            out.append("</p>")
    return "".join(out).strip("\n")


def _mark(covering: list[_Passage], a: int, b: int, chunk: str) -> str:
    ordered = sorted(covering, key=lambda p: (p.end - p.start, p.start, p.key))
    nodes = list(dict.fromkeys(p.node_id for p in ordered if p.node_type != "argument"))
    arguments = list(dict.fromkeys(p.node_id for p in ordered if p.node_type == "argument"))
    classes = ["q"]
    types = {p.node_type for p in ordered}
    if "claim" in types:
        classes.append("q-claim")
    if "evidence" in types:
        classes.append("q-evidence")
    if "argument" in types:
        classes.append("q-argument")
    if any(p.thesis for p in ordered):
        classes.append("q-thesis")
    if len(ordered) > 1:
        classes.append("q-multi")
    if any(p.start == a for p in ordered):
        classes.append("q-start")
    if any(p.end == b for p in ordered):
        classes.append("q-end")
    quoted_by = ", ".join([*nodes, *(f"argument {argument}" for argument in arguments)])
    return (
        f'<mark class="{" ".join(classes)}" data-nodes="{" ".join(nodes)}" '
        + (f'data-arguments="{" ".join(arguments)}" ' if arguments else "")
        + f'data-passages="{" ".join(p.key for p in ordered)}" tabindex="0" '
        f'title="Quoted by {escape(quoted_by)}">{chunk}</mark>'
    )


def _quotes(provenance: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each passage for the details panel; ``link`` (its text fragment on the source's http(s)
    url, checked again by the script) only when there is one."""
    return [
        {"source": item["source"], "quote": item["quote"], "anchored": item["start"] is not None, "line": item["line"], "sentence": item["sentence"]}
        | ({"link": item["link"]} if item.get("link") else {})
        for item in provenance
    ]


def _page_data(data: dict[str, Any], keys: dict[str, str]) -> dict[str, Any]:
    """What the page's script needs: nodes, relations, arguments and source titles.

    Each relation carries ``element``: the key of its drawn elements in the diagram
    (``edge-KEY``, ``junction-KEY``, ``edge-KEY~SOURCE``)."""
    nodes = []
    for node in data["nodes"]:
        nodes.append(
            {
                "id": node["id"],
                "type": node["type"],
                "kind": node["kind"],
                "text": node["text"],
                "thesis": node["thesis"],
                "implicit": node["implicit"],
                "note": node["note"],
                "tags": node["tags"],
                "asserted_by": node["asserted_by"],
                "status": node["status"],
                "quotes": _quotes(node["provenance"]),
            }
        )
    relations = [
        {key: relation[key] for key in ("id", "from", "to", "type", "sources", "target", "target_type", "argument", "status")} | {"element": keys[relation["id"]]}
        for relation in data["relations"]
    ]
    arguments = [
        {key: argument[key] for key in ("id", "premises", "kind", "target", "target_type", "text", "scheme", "note", "tags", "status")} | {"quotes": _quotes(argument["provenance"])}
        for argument in data["arguments"]
    ]
    sources = [{"id": s["id"], "title": s.get("title") or s["id"], "author": s.get("author")} for s in data["sources"]]
    return {"title": data["title"], "description": data.get("description"), "nodes": nodes, "relations": relations, "arguments": arguments, "sources": sources}


def _json_for_script(value: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' that could end it early."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


@cache
def _asset(name: str) -> str:
    """The page's stylesheet or script, shipped beside this module in argmap/page/."""
    return "\n" + resources.files("argmap").joinpath("page", name).read_text(encoding="utf-8")
