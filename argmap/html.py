"""A self-contained provenance page: the diagram beside the source text.

:func:`render_html` writes one HTML5 file with everything inline (styles,
script, the diagram's SVG and the source texts), so that it opens from disk
and makes no network requests; a Content-Security-Policy in the page forbids
them. Every anchored quote is highlighted in its source, and the page links
both ways: clicking a node shows its passages, clicking a passage shows its
nodes.

Overlapping and nested passages are handled by splitting the text at every
passage and paragraph boundary: each piece is one ``<mark>`` listing the
passages (``data-passages="node/index ..."``) and nodes (``data-nodes``) that
cover it, most specific (shortest passage) first.

The output is deterministic: the same map, SVG and digest give the same bytes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape
from typing import Any

from .anchoring import Document, Span
from .exports import to_data
from .loader import LoadedMap
from .provenance import resolve
from .diagram import DIGEST_MARK, RenderError

__all__ = ["render_html"]

_DIGEST_PATTERN = re.compile(r"[0-9a-f]{64}(?: options=[A-Za-z0-9+/=]+)?")
_SVG_START = re.compile(rb"<svg[\s>]")
_SVG_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')
#: Paragraphs shorter than this at the top of a source are taken for front matter.
_FRONT_MATTER_CHARS = 60


def render_html(loaded: LoadedMap, svg: bytes, digest: str) -> bytes:
    """The provenance page of a map: its diagram (``svg``, as rendered) beside its sources.

    ``digest`` (the render's stamp: its digest, and its settings when they are not
    the defaults) is written into the page as ``<!-- argmap-digest: ... -->`` so
    that ``argmap check`` can tell a stale page from a fresh one.
    """
    model = loaded.model
    if model is None:
        raise RenderError(f"{loaded.display_path}: the map has format errors and cannot be rendered")
    if not _DIGEST_PATTERN.fullmatch(digest):
        raise ValueError(f"a render stamp is a digest of 64 hexadecimal digits (and its options), not {digest!r}")
    data = to_data(loaded)
    resolution = resolve(loaded)
    documents = {source_id: found.document for source_id, found in resolution.sources.items()}
    errors = {source_id: found.error for source_id, found in resolution.sources.items()}

    node_types = {node["id"]: node for node in data["nodes"]}
    passages: dict[str, list[_Passage]] = {}
    for node in data["nodes"]:
        for index, item in enumerate(node["provenance"]):
            if item["start"] is None or item["end"] is None or item["source"] not in documents:
                continue
            passages.setdefault(item["source"], []).append(
                _Passage(f"{node['id']}/{index}", node["id"], node["type"], bool(node["thesis"]), item["start"], item["end"])
            )

    title = data["title"]
    sources = data["sources"]
    quoted = sum(len(found) for found in passages.values())
    body = "".join(
        [
            _header(data, quoted),
            '<main class="panes">',
            _diagram_pane(svg, title),
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
            f"<style>{_CSS}</style>\n",
            "</head>\n<body>\n",
            body,
            f'\n<script type="application/json" id="argmap-data">{_json_for_script(_page_data(data, node_types))}</script>\n',
            f"<script>{_JS}</script>\n",
            "</body>\n</html>\n",
        ]
    )
    return page.encode("utf-8")


# --- the page's parts -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Passage:
    key: str  # "<node id>/<index among the node's provenance items>"
    node_id: str
    node_type: str
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
    stats = f"{claims} claims · {evidence} evidence · {quoted} quoted passages"
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


def _diagram_pane(svg: bytes, title: str) -> str:
    legend = (
        '<ul class="legend" aria-label="Legend">'
        '<li><span class="sw sw-thesis"></span>thesis</li>'
        '<li><span class="sw sw-claim"></span>claim</li>'
        '<li><span class="sw sw-evidence"></span>evidence</li>'
        '<li><span class="ln ln-supports"></span>supports</li>'
        '<li><span class="ln ln-attacks"></span>attacks</li>'
        "</ul>"
    )
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
        '<p class="details-empty">Select a node in the diagram, a highlighted passage in the text, or a search result.</p>'
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
    nodes = list(dict.fromkeys(p.node_id for p in ordered))
    classes = ["q"]
    types = {p.node_type for p in ordered}
    if "claim" in types:
        classes.append("q-claim")
    if "evidence" in types:
        classes.append("q-evidence")
    if any(p.thesis for p in ordered):
        classes.append("q-thesis")
    if len(ordered) > 1:
        classes.append("q-multi")
    if any(p.start == a for p in ordered):
        classes.append("q-start")
    if any(p.end == b for p in ordered):
        classes.append("q-end")
    return (
        f'<mark class="{" ".join(classes)}" data-nodes="{" ".join(nodes)}" '
        f'data-passages="{" ".join(p.key for p in ordered)}" tabindex="0" '
        f'title="Quoted by {escape(", ".join(nodes))}">{chunk}</mark>'
    )


def _page_data(data: dict[str, Any], node_types: dict[str, Any]) -> dict[str, Any]:
    """What the page's script needs: nodes, relations and source titles."""
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
                "quotes": [
                    {
                        "source": item["source"],
                        "quote": item["quote"],
                        "anchored": item["start"] is not None,
                        "line": item["line"],
                        "sentence": item["sentence"],
                    }
                    for item in node["provenance"]
                ],
            }
        )
    relations = [r for r in data["relations"] if r["from"] in node_types and r["to"] in node_types]
    sources = [{"id": s["id"], "title": s.get("title") or s["id"], "author": s.get("author")} for s in data["sources"]]
    return {"title": data["title"], "description": data.get("description"), "nodes": nodes, "relations": relations, "sources": sources}


def _json_for_script(value: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' that could end it early."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


# --- styles and script ------------------------------------------------------------------------

_CSS = r"""
:root {
  --ink: #1d2330; --muted: #5b6472; --faint: #8a93a1; --line: #e3e6eb; --bg: #f4f5f7; --paper: #ffffff;
  --blue: #0072B2; --claim-fill: #EAF3FB; --thesis-fill: #CFE5F7; --amber: #E69F00; --evidence-fill: #FFF4DC;
  --amber-ink: #8a5a00; --green: #009E73; --vermillion: #D55E00; --focus: #1a56db;
  --ui: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", "DejaVu Sans", Arial, sans-serif;
  --read: Charter, "Bitstream Charter", "Sitka Text", Cambria, "Noto Serif", "Liberation Serif", "DejaVu Serif", Georgia, serif;
  --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace;
}
* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; font: 14px/1.45 var(--ui); color: var(--ink); background: var(--bg); overflow: hidden; }
button, input { font: inherit; color: inherit; }
[hidden] { display: none !important; }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }

/* header */
.top { flex: none; display: flex; align-items: center; gap: 24px; padding: 10px 20px 10px 22px; background: var(--paper); border-bottom: 1px solid var(--line); box-shadow: 0 1px 2px rgba(16, 24, 40, .04); }
.brand { min-width: 0; flex: 1; }
.eyebrow { margin: 0; font-size: 11px; font-weight: 600; letter-spacing: .08em; text-transform: uppercase; color: var(--blue); }
h1 { margin: 1px 0 2px; font-size: 20px; line-height: 1.2; font-weight: 700; letter-spacing: -.01em; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.meta { margin: 0; font-size: 13px; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.meta-stats::before { content: "·"; margin: 0 8px; color: var(--faint); }
.search { position: relative; flex: none; width: min(380px, 34vw); }
.search input { width: 100%; height: 36px; padding: 0 34px 0 34px; border: 1px solid #cdd2da; border-radius: 8px; background: #fbfbfc; font-size: 14px; }
.search input:focus { border-color: var(--focus); background: #fff; outline: 3px solid rgba(26, 86, 219, .25); outline-offset: 0; }
.search-icon { position: absolute; left: 11px; top: 10px; width: 16px; height: 16px; fill: none; stroke: var(--faint); stroke-width: 2; stroke-linecap: round; pointer-events: none; }
.search-hint { position: absolute; right: 9px; top: 8px; min-width: 20px; height: 20px; padding: 0 5px; border: 1px solid #d5d9e0; border-radius: 4px; font: 12px/18px var(--mono); color: var(--faint); text-align: center; background: #fff; pointer-events: none; }
.search input:focus ~ .search-hint, .search input:not(:placeholder-shown) ~ .search-hint { display: none; }
.search input::-webkit-search-cancel-button { cursor: pointer; }
.results { position: absolute; z-index: 20; top: 42px; right: 0; width: min(460px, 90vw); max-height: min(60vh, 480px); overflow: auto; padding: 6px; background: #fff; border: 1px solid var(--line); border-radius: 10px; box-shadow: 0 12px 32px rgba(16, 24, 40, .18); }
.results-count { margin: 2px 8px 6px; font-size: 12px; color: var(--muted); }
.result { display: grid; grid-template-columns: 10px 1fr; gap: 2px 10px; padding: 7px 8px; border-radius: 7px; cursor: pointer; }
.result:hover, .result:focus-visible { background: #eef3fb; }
.result:focus-visible { outline: 2px solid var(--focus); outline-offset: -2px; }
.result .sw { margin-top: 5px; }
.result-text { font-size: 13.5px; line-height: 1.35; }
.result-id { grid-column: 2; font: 11.5px var(--mono); color: var(--muted); }
.result b { background: #fff1a8; font-weight: inherit; border-radius: 2px; }

/* panes */
.panes { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr) minmax(360px, clamp(380px, 46vw, 760px)); }
.pane { display: flex; flex-direction: column; min-width: 0; min-height: 0; }
.pane-bar { flex: none; display: flex; align-items: center; gap: 14px; min-height: 42px; padding: 6px 14px; background: var(--paper); border-bottom: 1px solid var(--line); }
.diagram-pane { border-right: 1px solid var(--line); }
.zoom { display: flex; align-items: center; gap: 2px; padding: 2px; border: 1px solid var(--line); border-radius: 8px; background: #fafbfc; }
.zoom button { min-width: 28px; height: 26px; padding: 0 6px; border: 0; border-radius: 6px; background: transparent; cursor: pointer; font-size: 16px; line-height: 1; }
.zoom button.text-btn { font-size: 13px; font-weight: 600; padding: 0 9px; }
.zoom button:hover { background: #e9edf3; }
.zoom output { min-width: 44px; text-align: center; font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 0 0 0 auto; padding: 0; list-style: none; font-size: 12px; color: var(--muted); }
.legend li { display: flex; align-items: center; gap: 6px; white-space: nowrap; }
.sw { display: inline-block; flex: none; width: 16px; height: 11px; border: 1.5px solid var(--blue); border-radius: 3px; background: var(--claim-fill); }
.sw-thesis { border-width: 2.5px; background: var(--thesis-fill); }
.sw-evidence { border-color: var(--amber); background: var(--evidence-fill); border-radius: 0; }
.result .sw { width: 10px; height: 10px; }
.ln { position: relative; display: inline-block; width: 22px; height: 0; border-top: 2px solid var(--green); }
.ln::after { content: ""; position: absolute; right: -2px; top: -6px; border: 5px solid transparent; border-left: 7px solid var(--green); border-right: 0; }
.ln-attacks { border-top: 2px dashed var(--vermillion); }
.ln-attacks::after { right: -1px; top: -7px; width: 2px; height: 12px; border: 0; background: var(--vermillion); }

/* diagram */
.diagram { flex: 1; min-height: 0; overflow: auto; background: #fff; background-image: radial-gradient(#e8ebf0 1px, transparent 1px); background-size: 18px 18px; cursor: grab; overscroll-behavior: contain; }
.diagram.dragging { cursor: grabbing; user-select: none; }
.diagram:focus-visible { outline-offset: -3px; }
.canvas { display: flex; width: max-content; min-width: 100%; min-height: 100%; padding: 14px; }
svg.map { display: block; flex: none; margin: auto; width: 100%; height: auto; }
svg.map > g > g > a > polygon[fill="white"] { fill: transparent; }
svg.map .node { cursor: pointer; transition: opacity .15s; }
svg.map .edge { transition: opacity .15s; }
svg.map .node:hover path, svg.map .node:hover polygon { stroke-width: 2.4px; }
svg.map .node a:focus { outline: none; }
svg.map .node a:focus-visible path, svg.map .node a:focus-visible polygon { stroke: var(--focus); stroke-width: 3px; }
svg.map .node.active path, svg.map .node.active polygon { stroke: #101828; stroke-width: 4.5px; }
svg.map .node.active { filter: drop-shadow(0 0 6px rgba(26, 86, 219, .55)); }
svg.map .node.dim, svg.map .edge.dim { opacity: .14; }
svg.map .node.dim.active { opacity: 1; }
svg.map #legend { cursor: default; }

/* details */
.details { flex: none; max-height: 42%; overflow: auto; padding: 12px 18px 14px; background: var(--paper); border-top: 1px solid var(--line); box-shadow: 0 -4px 12px rgba(16, 24, 40, .05); }
.details-empty { margin: 0; color: var(--muted); font-size: 13px; }
.d-head { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 999px; font-size: 11px; font-weight: 700; letter-spacing: .05em; text-transform: uppercase; color: var(--blue); background: var(--claim-fill); border: 1px solid #b9d7ee; }
.badge.evidence { color: var(--amber-ink); background: var(--evidence-fill); border-color: #f3d48f; }
.badge.thesis { color: #fff; background: var(--blue); border-color: var(--blue); }
.badge.soft { color: var(--muted); background: #f1f3f6; border-color: #e1e5ea; font-weight: 600; }
.d-id { font: 12px var(--mono); color: var(--muted); }
.d-close { margin-left: auto; width: 28px; height: 28px; border: 0; border-radius: 6px; background: transparent; cursor: pointer; font-size: 18px; color: var(--muted); }
.d-close:hover { background: #eef0f3; }
.d-text { margin: 6px 0 4px; font-size: 16px; line-height: 1.4; font-weight: 600; }
.d-by { margin: 0 0 8px; font-size: 13px; color: var(--muted); }
.d-by strong { color: #5b3a8c; font-weight: 600; }
.d-section { margin: 10px 0 0; }
.d-section h3 { margin: 0 0 5px; font-size: 11px; font-weight: 700; letter-spacing: .07em; text-transform: uppercase; color: var(--faint); }
.d-quote { display: block; width: 100%; margin: 0 0 6px; padding: 6px 10px 6px 12px; border: 0; border-left: 3px solid var(--blue); border-radius: 0 6px 6px 0; background: var(--claim-fill); text-align: left; cursor: pointer; }
.d-quote.evidence { border-left-color: var(--amber); background: var(--evidence-fill); }
.d-quote.missing { cursor: default; border-left-color: #b42318; background: #fef3f2; }
.d-quote:not(.missing):hover { filter: brightness(.97); }
.d-quote q { display: block; font: italic 14px/1.45 var(--read); }
.d-where { display: block; margin-top: 3px; font-size: 12px; color: var(--muted); }
.d-rel { display: grid; grid-template-columns: 96px minmax(0, 1fr); align-items: baseline; margin: 0 0 5px; font-size: 13px; }
.d-rel > span { color: var(--muted); }
.d-chips { display: flex; flex-wrap: wrap; gap: 5px; min-width: 0; }
.chip { max-width: 100%; padding: 2px 9px; border: 1px solid #b9d7ee; border-radius: 999px; background: var(--claim-fill); font-size: 12.5px; cursor: pointer; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.chip.evidence { border-color: #f3d48f; background: var(--evidence-fill); }
.chip:hover { border-color: var(--blue); }
.chip.evidence:hover { border-color: var(--amber); }
.d-note { margin: 8px 0 0; font-size: 13px; color: var(--muted); }
.d-tags { margin-top: 8px; display: flex; flex-wrap: wrap; gap: 5px; }
.tag { padding: 0 7px; border-radius: 4px; background: #f1f3f6; font: 11.5px/20px var(--mono); color: var(--muted); }

/* source text */
.tabs { gap: 4px; overflow-x: auto; }
.tabs [role="tab"] { flex: none; padding: 6px 12px; border: 1px solid transparent; border-radius: 7px; background: transparent; cursor: pointer; color: var(--muted); font-weight: 600; }
.tabs [role="tab"][aria-selected="true"] { color: var(--ink); background: #eef3fb; border-color: #cfe0f3; }
.pane-title { font-weight: 600; }
.pane-hint { margin-left: auto; font-size: 12px; color: var(--faint); }
.pane-hint::before { content: ""; display: inline-block; width: 14px; height: 9px; margin-right: 6px; vertical-align: 0; background: var(--claim-fill); border-bottom: 2px solid var(--blue); }
.text { flex: 1; min-height: 0; overflow: auto; background: var(--paper); scroll-padding: 40px; }
.source { max-width: calc(68ch + 72px); margin: 0 auto; padding: 26px 36px 60px 56px; font: 17px/1.68 var(--read); }
.src-head { margin: 0 0 22px; padding-bottom: 16px; border-bottom: 1px solid var(--line); font-family: var(--ui); }
.src-head h2 { margin: 4px 0 4px; font: 700 25px/1.2 var(--read); letter-spacing: -.01em; }
.byline { margin: 0; font-size: 14.5px; color: var(--ink); }
.byline .author { font-weight: 600; }
.src-meta { margin: 4px 0 0; font-size: 12.5px; color: var(--muted); }
.src-meta code { font: 12px var(--mono); }
.src-error { padding: 10px 14px; border-radius: 8px; background: #fef3f2; color: #912018; font-family: var(--ui); }
.prose { hyphens: auto; overflow-wrap: break-word; }
.prose p { position: relative; margin: 0 0 .85em; }
.prose p.front { margin: 0; font: 13.5px/1.6 var(--ui); color: var(--muted); }
.prose p.front::before { top: .15em; }
.prose p.front + p:not(.front) { margin-top: 1.2em; }
.prose p::before { content: attr(data-line); position: absolute; left: -46px; width: 34px; top: .3em; text-align: right; font: 11px/1.4 var(--mono); color: #b5bcc7; user-select: none; }
mark.q { color: inherit; background: var(--claim-fill); border-bottom: 1.5px solid rgba(0, 114, 178, .45); padding: 1px 0; cursor: pointer; transition: background-color .15s, box-shadow .15s; }
mark.q.q-evidence { background: var(--evidence-fill); border-bottom-color: rgba(230, 159, 0, .65); }
mark.q.q-claim.q-evidence { background: linear-gradient(var(--claim-fill), var(--claim-fill)) top / 100% 55% no-repeat, var(--evidence-fill); }
mark.q.q-multi { border-bottom-width: 3px; border-bottom-style: double; }
mark.q.q-thesis { border-bottom-width: 3px; border-bottom-color: var(--blue); }
mark.q:hover { background: #d9eaf8; }
mark.q.q-evidence:hover { background: #ffe9b8; }
mark.q.dim { background: transparent; border-bottom-color: #d7dbe1; }
mark.q.active { background: #b9dbf6; border-bottom-color: var(--blue); box-shadow: 0 0 0 2px rgba(0, 114, 178, .55); }
mark.q.q-evidence.active { background: #ffdf94; border-bottom-color: var(--amber); box-shadow: 0 0 0 2px rgba(230, 159, 0, .8); }
mark.q.active.q-start { border-top-left-radius: 3px; border-bottom-left-radius: 3px; }
mark.q.active.q-end { border-top-right-radius: 3px; border-bottom-right-radius: 3px; }
mark.q:focus-visible { outline: 3px solid var(--focus); outline-offset: 1px; border-radius: 2px; }
mark.q.flash { animation: flash 1.1s ease-out; }
@keyframes flash { 0% { box-shadow: 0 0 0 6px rgba(26, 86, 219, .45); } 100% { box-shadow: 0 0 0 2px rgba(0, 114, 178, .55); } }

@media (max-width: 900px) {
  body { overflow: auto; }
  .panes { grid-template-columns: 1fr; grid-template-rows: 70vh auto; }
  .text { max-height: none; }
  .legend { display: none; }
  .meta-stats { display: none; }
}
@media (prefers-reduced-motion: reduce) {
  * { transition: none !important; animation: none !important; }
}
@media print {
  body { display: block; overflow: visible; height: auto; }
  .top .search, .pane-bar, .details { display: none; }
  .panes { display: block; }
  .diagram, .text { overflow: visible; }
}
"""

_JS = r"""
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("argmap-data").textContent);
  var nodes = {}, outgoing = {}, incoming = {};
  DATA.nodes.forEach(function (n) { nodes[n.id] = n; outgoing[n.id] = []; incoming[n.id] = []; });
  DATA.relations.forEach(function (r) { outgoing[r.from].push(r); incoming[r.to].push(r); });
  var sourceTitles = {};
  DATA.sources.forEach(function (s) { sourceTitles[s.id] = s.title; });

  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var behavior = reduceMotion ? "auto" : "smooth";
  var diagram = document.getElementById("diagram");
  var svg = diagram.querySelector("svg.map");
  var textPane = document.getElementById("text");
  var details = document.getElementById("details");
  var search = document.getElementById("search");
  var results = document.getElementById("results");
  var live = document.getElementById("live");
  var emptyDetails = details.innerHTML;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "className") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function nodeEl(id) { return document.getElementById("node-" + id); }
  function marksOf(id) { return document.querySelectorAll('mark.q[data-nodes~="' + CSS.escape(id) + '"]'); }
  function marksOfPassage(key) { return document.querySelectorAll('mark.q[data-passages~="' + CSS.escape(key) + '"]'); }
  function announce(message) { live.textContent = message; }
  function typeLabel(n) { return n.thesis ? "thesis" : n.type; }

  /* ---- zoom and pan ---- */
  var vb = svg.viewBox.baseVal;
  var zoom = 1, MIN_ZOOM = 0.08, MAX_ZOOM = 4, READABLE = 0.85;
  var zoomLabel = document.getElementById("zoom-level");
  function setZoom(z, clientX, clientY) {
    z = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
    var box = diagram.getBoundingClientRect();
    if (clientX === undefined) { clientX = box.left + diagram.clientWidth / 2; clientY = box.top + diagram.clientHeight / 2; }
    var before = svg.getBoundingClientRect();
    var ux = (clientX - before.left) / zoom, uy = (clientY - before.top) / zoom;
    zoom = z;
    svg.style.width = (vb.width * z) + "px";
    svg.style.height = (vb.height * z) + "px";
    var after = svg.getBoundingClientRect();
    diagram.scrollLeft += after.left + ux * z - clientX;
    diagram.scrollTop += after.top + uy * z - clientY;
    zoomLabel.textContent = Math.round(z * 100) + "%";
  }
  function fit() {
    var z = Math.min(1, (diagram.clientWidth - 28) / vb.width, (diagram.clientHeight - 28) / vb.height);
    setZoom(z);
    diagram.scrollLeft = 0; diagram.scrollTop = 0;
  }
  document.getElementById("zoom-in").addEventListener("click", function () { setZoom(zoom * 1.25); });
  document.getElementById("zoom-out").addEventListener("click", function () { setZoom(zoom / 1.25); });
  document.getElementById("zoom-fit").addEventListener("click", fit);
  diagram.addEventListener("wheel", function (e) {
    if (!e.ctrlKey && !e.metaKey) return;
    e.preventDefault();
    setZoom(zoom * Math.exp(-e.deltaY * 0.0025), e.clientX, e.clientY);
  }, { passive: false });
  diagram.addEventListener("keydown", function (e) {
    if (e.target !== diagram) return;
    if (e.key === "+" || e.key === "=") { setZoom(zoom * 1.25); e.preventDefault(); }
    else if (e.key === "-" || e.key === "_") { setZoom(zoom / 1.25); e.preventDefault(); }
    else if (e.key === "0") { fit(); e.preventDefault(); }
  });
  var drag = null, suppressClick = false;
  diagram.addEventListener("pointerdown", function (e) {
    if (e.button !== 0 || e.pointerType === "touch") return;
    drag = { x: e.clientX, y: e.clientY, left: diagram.scrollLeft, top: diagram.scrollTop, moved: false, id: e.pointerId };
  });
  diagram.addEventListener("pointermove", function (e) {
    if (!drag) return;
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 5) return;
    if (!drag.moved) { drag.moved = true; diagram.classList.add("dragging"); diagram.setPointerCapture(drag.id); }
    diagram.scrollLeft = drag.left - dx; diagram.scrollTop = drag.top - dy;
  });
  function endDrag() {
    if (drag && drag.moved) { suppressClick = true; setTimeout(function () { suppressClick = false; }, 0); }
    drag = null; diagram.classList.remove("dragging");
  }
  diagram.addEventListener("pointerup", endDrag);
  diagram.addEventListener("pointercancel", endDrag);

  function centerNode(id, ensureReadable) {
    var g = nodeEl(id);
    if (!g) return;
    if (ensureReadable && zoom < READABLE) {
      var r0 = g.getBoundingClientRect();
      setZoom(READABLE, r0.left + r0.width / 2, r0.top + r0.height / 2);
    }
    var r = g.getBoundingClientRect(), box = diagram.getBoundingClientRect();
    diagram.scrollBy({ left: r.left + r.width / 2 - (box.left + diagram.clientWidth / 2),
                       top: r.top + r.height / 2 - (box.top + diagram.clientHeight / 2), behavior: behavior });
  }

  function keepInView(id) {
    // The details panel takes room from the diagram: keep the selected node on screen.
    var g = nodeEl(id);
    if (!g) return;
    var r = g.getBoundingClientRect(), box = diagram.getBoundingClientRect(), m = 12;
    var bottom = box.top + diagram.clientHeight, right = box.left + diagram.clientWidth;
    var dy = r.bottom + m > bottom ? Math.min(r.bottom + m - bottom, r.top - m - box.top) : r.top - m < box.top ? r.top - m - box.top : 0;
    var dx = r.right + m > right ? Math.min(r.right + m - right, r.left - m - box.left) : r.left - m < box.left ? r.left - m - box.left : 0;
    if (dx || dy) diagram.scrollBy({ left: dx, top: dy, behavior: behavior });
  }

  /* ---- sources ---- */
  var tabs = Array.prototype.slice.call(document.querySelectorAll('[role="tab"]'));
  function showSource(id) {
    if (!tabs.length) return;
    tabs.forEach(function (t) {
      var on = t.dataset.source === id;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
    });
    document.querySelectorAll("article.source").forEach(function (a) { a.hidden = a.dataset.source !== id; });
  }
  tabs.forEach(function (t, i) {
    t.addEventListener("click", function () { showSource(t.dataset.source); });
    t.addEventListener("keydown", function (e) {
      var step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      var next = tabs[(i + step + tabs.length) % tabs.length];
      showSource(next.dataset.source); next.focus(); e.preventDefault();
    });
  });
  function scrollToMark(mark) {
    var article = mark.closest("article.source");
    if (article && article.hidden) showSource(article.dataset.source);
    var r = mark.getBoundingClientRect(), box = textPane.getBoundingClientRect();
    var top = textPane.scrollTop + r.top - box.top - textPane.clientHeight * 0.3;
    textPane.scrollTo({ top: Math.max(0, top), behavior: behavior });
    mark.classList.remove("flash"); void mark.offsetWidth; mark.classList.add("flash");
  }
  function showPassage(id, index) {
    var n = nodes[id];
    if (!n) return false;
    var order = index === undefined ? n.quotes.map(function (_, i) { return i; }) : [index];
    for (var k = 0; k < order.length; k++) {
      var marks = marksOfPassage(id + "/" + order[k]);
      if (marks.length) { scrollToMark(marks[0]); return true; }
    }
    return false;
  }

  /* ---- selection ---- */
  var selected = [];
  function clearActive() {
    document.querySelectorAll(".active").forEach(function (e) { e.classList.remove("active"); });
  }
  function select(ids, how) {
    ids = ids.filter(function (id) { return nodes[id]; });
    if (!ids.length) return;
    clearActive();
    selected = ids;
    ids.forEach(function (id) {
      var g = nodeEl(id);
      if (g) g.classList.add("active");
      marksOf(id).forEach(function (m) { m.classList.add("active"); });
    });
    renderDetails(ids[0], ids.slice(1));
    if (how.text) showPassage(ids[0]);
    if (how.diagram) centerNode(ids[0], how.readable);
    else keepInView(ids[0]);
    try { history.replaceState(null, "", "#node-" + ids[0]); } catch (err) { /* file: URLs may refuse */ }
    announce("Selected " + typeLabel(nodes[ids[0]]) + " " + ids[0] + ": " + nodes[ids[0]].text);
  }
  function clearSelection() {
    if (!selected.length) return;
    selected = [];
    clearActive();
    details.innerHTML = emptyDetails;
    try { history.replaceState(null, "", location.pathname + location.search); } catch (err) { /* ignore */ }
    announce("Selection cleared");
  }

  function chip(id) {
    var n = nodes[id];
    var b = el("button", { type: "button", className: "chip " + (n ? n.type : ""), title: n ? n.text : id, text: n ? n.text : id });
    b.addEventListener("click", function () { select([id], { text: true, diagram: true, readable: true }); });
    return b;
  }
  function renderDetails(id, others) {
    var n = nodes[id];
    details.innerHTML = "";
    var badges = [el("span", { className: "badge " + (n.thesis ? "thesis" : n.type), text: typeLabel(n) })];
    if (n.kind) badges.push(el("span", { className: "badge soft", text: n.kind }));
    if (n.implicit) badges.push(el("span", { className: "badge soft", text: "implicit" }));
    var close = el("button", { type: "button", className: "d-close", "aria-label": "Clear the selection (Escape)", title: "Clear the selection (Escape)", text: "×" });
    close.addEventListener("click", clearSelection);
    details.appendChild(el("div", { className: "d-head" }, badges.concat([el("span", { className: "d-id", text: id }), close])));
    details.appendChild(el("p", { className: "d-text", text: n.text }));
    var by = n.asserted_by;
    details.appendChild(el("p", { className: "d-by" }, by
      ? ["Asserted by ", el("strong", { text: by.name }), by.type ? " (" + by.type + ")" : ""]
      : ["Asserted by ", el("strong", { text: "the author" })]));
    if (!nodeEl(id)) details.appendChild(el("p", { className: "d-note", text: "Not drawn in this diagram." }));
    if (n.quotes.length) {
      var qs = el("div", { className: "d-section" }, [el("h3", { text: n.quotes.length > 1 ? "Quotes" : "Quote" })]);
      n.quotes.forEach(function (q, i) {
        var where = q.anchored
          ? "Line " + q.line + " · sentence " + q.sentence + (DATA.sources.length > 1 ? " · " + (sourceTitles[q.source] || q.source) : "")
          : "Not found in " + (sourceTitles[q.source] || q.source || "the source");
        var b = el("button", { type: "button", className: "d-quote " + n.type + (q.anchored ? "" : " missing") },
          [el("q", { text: q.quote }), el("span", { className: "d-where", text: where + (q.anchored ? " — show in text" : "") })]);
        if (q.anchored) b.addEventListener("click", function () { showPassage(id, i); });
        else b.disabled = true;
        qs.appendChild(b);
      });
      details.appendChild(qs);
    } else if (n.implicit) {
      details.appendChild(el("p", { className: "d-note", text: "Implicit premise: reconstructed, not stated in the text." }));
    }
    var rows = [
      ["Supports", outgoing[id].filter(function (r) { return r.type === "supports"; }).map(function (r) { return r.to; })],
      ["Attacks", outgoing[id].filter(function (r) { return r.type === "attacks"; }).map(function (r) { return r.to; })],
      ["Supported by", incoming[id].filter(function (r) { return r.type === "supports"; }).map(function (r) { return r.from; })],
      ["Attacked by", incoming[id].filter(function (r) { return r.type === "attacks"; }).map(function (r) { return r.from; })],
      ["Same passage", others]
    ].filter(function (row) { return row[1].length; });
    if (rows.length) {
      var rel = el("div", { className: "d-section" }, [el("h3", { text: "Relations" })]);
      rows.forEach(function (row) {
        rel.appendChild(el("div", { className: "d-rel" }, [el("span", { text: row[0] }), el("div", { className: "d-chips" }, row[1].map(chip))]));
      });
      details.appendChild(rel);
    }
    if (n.note) details.appendChild(el("p", { className: "d-note" }, [el("strong", { text: "Note: " }), n.note]));
    if (n.tags.length) details.appendChild(el("div", { className: "d-tags" }, n.tags.map(function (t) { return el("span", { className: "tag", text: "#" + t }); })));
    details.scrollTop = 0;
  }

  /* ---- diagram clicks ---- */
  svg.addEventListener("click", function (e) {
    var a = e.target.closest("a");
    if (a) e.preventDefault();
    if (suppressClick) return;
    var g = e.target.closest("g.node");
    if (g && g.id.indexOf("node-") === 0) select([g.id.slice(5)], { text: true });
  });
  svg.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" && e.key !== " ") return;
    var g = e.target.closest && e.target.closest("g.node");
    if (g && g.id.indexOf("node-") === 0) { e.preventDefault(); select([g.id.slice(5)], { text: true }); }
  });

  /* ---- passages ---- */
  function activateMark(m) { select(m.dataset.nodes.split(" "), { diagram: true, readable: true }); }
  textPane.addEventListener("click", function (e) {
    var m = e.target.closest("mark.q");
    if (m && !(window.getSelection && String(window.getSelection()).length)) activateMark(m);
  });
  textPane.addEventListener("keydown", function (e) {
    var m = e.target.closest && e.target.closest("mark.q");
    if (m && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); activateMark(m); }
  });

  /* ---- search ---- */
  function norm(s) { return String(s).toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"'); }
  function highlight(text, q) {
    var out = el("span", { className: "result-text" }), lower = norm(text), at = 0, i;
    while (q && (i = lower.indexOf(q, at)) !== -1) {
      out.appendChild(document.createTextNode(text.slice(at, i)));
      out.appendChild(el("b", { text: text.slice(i, i + q.length) }));
      at = i + q.length;
    }
    out.appendChild(document.createTextNode(text.slice(at)));
    return out;
  }
  var matches = [];
  function filter() {
    var q = norm(search.value.trim());
    var all = DATA.nodes;
    matches = q ? all.filter(function (n) { return norm(n.text).indexOf(q) !== -1 || norm(n.id).indexOf(q) !== -1; }) : all;
    var hit = {};
    matches.forEach(function (n) { hit[n.id] = true; });
    all.forEach(function (n) { var g = nodeEl(n.id); if (g) g.classList.toggle("dim", !!q && !hit[n.id]); });
    DATA.relations.forEach(function (r) {
      var g = document.getElementById("edge-" + r.from + "-" + r.type + "-" + r.to);
      if (g) g.classList.toggle("dim", !!q && !(hit[r.from] && hit[r.to]));
    });
    document.querySelectorAll("mark.q").forEach(function (m) {
      m.classList.toggle("dim", !!q && !m.dataset.nodes.split(" ").some(function (id) { return hit[id]; }));
    });
    results.innerHTML = "";
    if (!q) { results.hidden = true; return; }
    results.appendChild(el("p", { className: "results-count", role: "presentation",
      text: matches.length ? matches.length + " of " + all.length + " nodes match" : "No node matches “" + search.value.trim() + "”" }));
    matches.forEach(function (n) {
      var item = el("div", { className: "result", role: "option", tabindex: "0", "data-node": n.id, "aria-selected": "false" },
        [el("span", { className: "sw sw-" + (n.thesis ? "thesis" : n.type), "aria-hidden": "true" }), highlight(n.text, q),
         el("span", { className: "result-id", text: n.id + (n.kind ? " · " + n.kind : "") })]);
      results.appendChild(item);
    });
    results.hidden = false;
    announce(matches.length + " nodes match");
  }
  function pick(item) {
    results.querySelectorAll('[aria-selected="true"]').forEach(function (r) { r.setAttribute("aria-selected", "false"); });
    item.setAttribute("aria-selected", "true");
    select([item.dataset.node], { text: true, diagram: true, readable: true });
  }
  search.addEventListener("input", filter);
  search.addEventListener("focus", function () { if (search.value.trim()) results.hidden = false; });
  search.addEventListener("keydown", function (e) {
    var first = results.querySelector(".result");
    if (e.key === "ArrowDown" && first) { first.focus(); e.preventDefault(); }
    else if (e.key === "Enter" && first) { pick(first); e.preventDefault(); }
  });
  results.addEventListener("click", function (e) { var item = e.target.closest(".result"); if (item) pick(item); });
  results.addEventListener("keydown", function (e) {
    var item = e.target.closest(".result");
    if (!item) return;
    if (e.key === "Enter" || e.key === " ") { pick(item); e.preventDefault(); }
    else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      var next = e.key === "ArrowDown" ? item.nextElementSibling : item.previousElementSibling;
      if (next && next.classList.contains("result")) next.focus(); else if (e.key === "ArrowUp") search.focus();
      e.preventDefault();
    }
  });
  document.addEventListener("pointerdown", function (e) {
    if (!e.target.closest(".search")) results.hidden = true;
  });
  document.addEventListener("focusin", function (e) {
    if (!e.target.closest(".search")) results.hidden = true;
  });

  /* ---- keyboard ---- */
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      if (e.target === search && search.value) { search.value = ""; filter(); }
      results.hidden = true;
      clearSelection();
    } else if (e.key === "/" && !/^(INPUT|TEXTAREA)$/.test(e.target.tagName)) {
      search.focus(); search.select(); e.preventDefault();
    }
  });

  fit();
  var start = /^#node-(.+)$/.exec(location.hash);
  if (start && nodes[decodeURIComponent(start[1])]) select([decodeURIComponent(start[1])], { text: true, diagram: true });
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { if (zoom < READABLE) fit(); }, 120);
  });
  document.documentElement.dataset.ready = "true";
})();
"""
