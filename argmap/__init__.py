"""argmap: argument maps with claim provenance.

The library API; it never prints or exits::

    import argmap
    m = argmap.load("maps/mumbai-to-paris.yaml")
    problems = argmap.validate(m)
    svg = argmap.render(m, "svg")
    data = argmap.export(m, "json")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["load", "validate", "render", "export", "__version__"]

if TYPE_CHECKING:
    from .loader import LoadedMap
    from .problems import Problem


def load(path: Any) -> LoadedMap:
    """Load a map file; problems are collected on the result, never raised."""
    from .loader import load as _load

    return _load(path)


def validate(loaded: LoadedMap) -> list[Problem]:
    """All problems of a loaded map, sorted by position."""
    from .validation import validate as _validate

    return _validate(loaded)


def render(loaded: LoadedMap, format: str = "svg", **options: Any) -> bytes:
    """Render a map as svg, png, pdf or dot; returns the file's bytes."""
    from .diagram import RenderOptions
    from .rendering import render as _render

    return _render(loaded, format, RenderOptions(**options))


def export(loaded: LoadedMap, format: str = "json") -> str:
    """Export a map (json); returns the text."""
    from .exports import export as _export

    return _export(loaded, format)
