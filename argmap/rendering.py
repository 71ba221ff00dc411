"""`render`: a map in one of the render formats (svg, png, pdf, dot, html), stamped.

Above the diagram (argmap/diagram.py: the DOT text, Graphviz, the stamps) and the
provenance page (argmap/html.py, which embeds the diagram's SVG): each format is
one writer of the table below, and formats of one map share one drawing.
"""

from __future__ import annotations

from collections.abc import Callable

from .choices import FORMATS
from .diagram import (
    RenderError,
    RenderOptions,
    build_dot,
    check_size,
    render_digest,
    render_stamp,
    run_graphviz,
    stamp_dot,
    stamp_png,
    stamp_svg,
)
from .loader import LoadedMap

__all__ = ["render", "RenderError", "RenderOptions"]


def _svg(loaded: LoadedMap, dot_source: str, options: RenderOptions) -> bytes:
    """The laid-out SVG, made once per map and settings: the page embeds the same drawing."""
    key = ("svg", options)
    if key not in loaded.cache:
        loaded.cache[key] = run_graphviz(dot_source, "svg", options.engine)
    return loaded.cache[key]


def _write_html(loaded: LoadedMap, dot_source: str, digest: str, options: RenderOptions) -> bytes:
    from .html import render_html  # imported here: only pages need its modules

    return render_html(loaded, _svg(loaded, dot_source, options), digest, options)


_Writer = Callable[[LoadedMap, str, str, RenderOptions], bytes]

#: How each format is made from the DOT text, stamped with the digest where the format allows.
_WRITERS: dict[str, _Writer] = {
    "svg": lambda loaded, dot, digest, options: stamp_svg(_svg(loaded, dot, options), digest),
    "png": lambda loaded, dot, digest, options: stamp_png(run_graphviz(dot, "png", options.engine), digest),
    "pdf": lambda loaded, dot, digest, options: run_graphviz(dot, "pdf", options.engine),
    "dot": lambda loaded, dot, digest, options: stamp_dot(dot, digest),
    "html": _write_html,
}


def render(loaded: LoadedMap, fmt: str = "svg", options: RenderOptions | None = None) -> bytes:
    """Render a map; returns the bytes of the file in the given format."""
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise RenderError(f"unknown render format {fmt!r}; choose one of {', '.join(FORMATS)}")
    options = options or RenderOptions()
    dot_key = ("dot", options)
    if fmt != "dot":  # the DOT text itself is written at any size; a layout is refused above the engine's limit
        check_size(loaded, options)
    if dot_key not in loaded.cache:  # several formats of one map share one drawing
        loaded.cache[dot_key] = build_dot(loaded, options)
    return writer(loaded, loaded.cache[dot_key], render_stamp(render_digest(loaded, options), options), options)
