"""The closed sets of render settings, shared by the renderer and the CLI's options.

Kept in a module with no imports, so that the CLI can offer them at start-up
without loading the renderer.
"""

FORMATS = ("svg", "png", "pdf", "dot", "html")
#: `auto` reads top-down (thesis at the top) while the map is narrow enough for a page,
#: and right-to-left (thesis at the left) when a top-down layout would be too wide.
DIRECTIONS = ("auto", "BT", "TB", "LR", "RL")
ENGINES = ("dot", "sfdp", "neato", "fdp", "twopi", "circo")
LABELS = ("both", "text", "id")
CLUSTER_BY = ("tag", "group")
#: What `--output-format` takes: `auto` and the reporters of argmap/report (a test holds the two together).
OUTPUT_FORMATS = ("auto", "text", "json", "github", "sarif")
