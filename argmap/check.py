"""`argmap check`: are the maps valid and their committed renders up to date?

"Up to date" compares digests, not bytes: every render is stamped with a digest
of the map's content, its sources' bytes, the render settings and the render
style version (see :func:`argmap.diagram.render_digest`). A render made by
another Graphviz version is still up to date; a render of an older map, an
older source or an older style is stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .loader import LoadedMap, display_path, load
from .problems import Location, Problem, sorted_problems
from .validation import validate

MAP_SUFFIXES = (".yaml", ".yml")
#: Render formats `check` looks at: the SVG must exist; the others are checked when present.
REQUIRED_RENDER = "svg"
OPTIONAL_RENDERS = ("png", "html", "dot")


def find_maps(paths: Iterable[str | Path]) -> list[Path]:
    """Map files named directly, plus every *.yaml / *.yml under named folders, sorted."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix in MAP_SUFFIXES and p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))  # each once, in the order found


def render_path(loaded: LoadedMap, renders_dir: Path, fmt: str) -> Path:
    return renders_dir / f"{loaded.name}.{fmt}"


@dataclass
class MapReport:
    loaded: LoadedMap
    problems: list[Problem]


def check_renders(loaded: LoadedMap, renders_dir: Path) -> list[Problem]:
    """Problems with the committed renders of one valid map.

    Each render is compared with what the map would give now under the settings
    the render itself records, so a render made with, say, `--direction LR`
    stays up to date until the map, a source or the style changes.
    """
    from .diagram import read_stamp, render_digest

    problems = []
    where = Location(loaded.display_path)
    for fmt in (REQUIRED_RENDER, *OPTIONAL_RENDERS):
        path = render_path(loaded, renders_dir, fmt)
        if not path.exists():
            if fmt == REQUIRED_RENDER:
                problems.append(
                    Problem("AM501", f"render {display_path(path)} is missing", where, hint=f"run `argmap render {loaded.display_path}` (or `make render`) and commit it")
                )
            continue
        stamp = read_stamp(path.read_bytes())
        if stamp is None or stamp[0] != render_digest(loaded, stamp[1]):
            reason = "has no argmap digest" if stamp is None else "was made from another version of the map, its sources or the render style"
            problems.append(
                Problem("AM502", f"render {display_path(path)} is out of date: it {reason}", where, hint=f"run `argmap render {loaded.display_path} -f {fmt}` (or `make render`) and commit it")
            )
    return problems


def check(paths: Iterable[str | Path], renders_dir: Path) -> list[MapReport]:
    """Validate every map and, for the maps without errors, their renders."""
    reports = []
    for path in find_maps(paths):
        loaded = load(path)
        problems = validate(loaded)
        if loaded.records is not None and not any(p.is_error for p in problems):
            problems = sorted_problems(problems + check_renders(loaded, renders_dir))
        reports.append(MapReport(loaded, problems))
    return reports
