"""Limits on time and memory that hostile or unlucky inputs could otherwise exhaust.

Each limit is a constant with the measurement or the reason it rests on; docs/security.md
lists them. They are module constants so that a test, a benchmark or a configuration can
set them (``argmap.limits.RENDER_TIMEOUT_SECONDS = 300``).
"""

from __future__ import annotations

# --- rendering ----------------------------------------------------------------------------
#
# Measured with Graphviz 2.43 on two shared cores, laying out argmap's own DOT (SVG output)
# of the benchmark maps (benchmarks/generate.py: a support tree with 5% attacks, about 1.05
# edges per node) and of hostile shapes; seconds, or "> 90" when stopped after 90 s:
#
#   engine  benchmark tree, nodes: seconds                          hostile shapes
#   dot     400: 0.1  800: 0.4  3200: 5.4  6400: 15.5  12800: 23.7   star 5000: 14.0, 20000: > 90;
#                                                                     chain 5000: 2.5, 20000: 12.1;
#                                                                     complete graph of 100: > 90
#   sfdp    100: 0.8  200: 5.6  400: 18.3  800: > 90
#   neato   100: 0.8  200: 6.1  400: 21.3  800: > 90
#   fdp     100: 0.9  200: 6.9  400: 26.7  800: > 90
#   twopi   100: 1.1  200: 8.1  400: 52.8  800: > 90
#   circo   100: 2.5  200: 16.4 400: > 90
#
# The engines other than `dot` remove node overlaps (the boxes are wide), which grows about
# as the square of the nodes: each limit sits where the benchmark maps still finish in well
# under a minute. `dot` lays out the 10 000-node benchmark map; what defeats it is edges that
# span many ranks (a star's one wide rank, a dense graph), which no count of nodes or edges
# predicts well: those shapes are refused by the edge limit when large (a complete graph of
# 500 nodes) and otherwise stopped by the time limit (AM504), never left to hang.

#: Most nodes (boxes, junctions and the legend) each engine is asked to lay out; above it AM503.
RENDER_MAX_NODES: dict[str, int] = {
    "dot": 15_000,
    "sfdp": 400,
    "neato": 400,
    "fdp": 400,
    "twopi": 250,
    "circo": 200,
}
#: Most edges (lines) each engine is asked to lay out; above it AM503. Twice the nodes (the
#: benchmark maps have about 1.05 edges a node, arguments add a line per premise).
RENDER_MAX_EDGES: dict[str, int] = {engine: 2 * nodes for engine, nodes in RENDER_MAX_NODES.items()}
#: Graphviz is stopped after this long (AM504): a layout that has not finished by then is
#: not going to, and CI must not hang on it. Well above every measured time under the limits.
RENDER_TIMEOUT_SECONDS = 120.0

# --- committed renders (`argmap check`) ------------------------------------------------------

#: `check` reads only the start of a committed render, where every format carries its stamp
#: (SVG and DOT: the first lines; PNG: the chunk after the header; HTML: the head), so a
#: render of any size costs at most this much memory and time to check.
RENDER_STAMP_WINDOW_BYTES = 64 * 1024
#: A committed render larger than this is refused (AM505) rather than read: the SVG of a
#: 10 000-node map is about 20 MiB, so no render argmap makes comes near it.
RENDER_MAX_BYTES = 512 * 1024 * 1024
