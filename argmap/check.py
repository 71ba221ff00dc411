"""`argmap check`: are the maps valid and their committed renders up to date?

"Up to date" compares digests, not bytes: every render is stamped with a digest
of the map's content, its sources' bytes, the render settings and the render
style version (see :func:`argmap.diagram.render_digest`). A render made by
another Graphviz version is still up to date; a render of an older map, an
older source or an older style is stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .loader import LoadedMap, display_path
from .problems import Location, Problem

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


def read_render_head(path: Path) -> bytes:
    """The first bytes of a committed render, where its stamp stands (argmap/limits.py):
    a render of any size is checked in bounded time and memory. A render that is not a
    regular file (a FIFO would block, a device never end) or is over the size limit
    raises OSError."""
    import errno
    import os
    import stat

    from . import limits

    with open(path, "rb", buffering=0, opener=lambda name, flags: os.open(name, flags | os.O_NONBLOCK)) as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if status.st_size > limits.RENDER_MAX_BYTES:
            raise OSError(errno.EFBIG, f"it is {status.st_size:,} bytes, more than the {limits.RENDER_MAX_BYTES:,} argmap reads")
        return stream.read(limits.RENDER_STAMP_WINDOW_BYTES)


def check_renders(loaded: LoadedMap, renders_dir: Path, expected: Any = None) -> list[Problem]:
    """Problems with the committed renders of one valid map.

    Each render is compared with what the map would give now under the settings
    the render itself records, so a render made with, say, `--direction LR`
    stays up to date until the map, a source or the style changes. When the
    configuration sets render settings for the map (``expected``), a render made
    with other settings is stale too: `argmap render` would not make it so.
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
        try:
            head = read_render_head(path)
        except OSError as exc:
            problems.append(
                Problem("AM505", f"render {display_path(path)} cannot be read: {exc.strerror or exc}", where, hint=f"delete it, run `argmap render {loaded.display_path} -f {fmt}` (or `make render`) and commit it")
            )
            continue
        stamp = read_stamp(head)
        if stamp is not None and expected is not None and stamp[1] != expected and stamp[0] == render_digest(loaded, stamp[1]):
            problems.append(
                Problem("AM502", f"render {display_path(path)} is out of date: it was made with other render settings than the configuration gives", where, hint=f"run `argmap render {loaded.display_path} -f {fmt}` (or `make render`) and commit it")
            )
        elif stamp is None or stamp[0] != render_digest(loaded, stamp[1]):
            reason = "has no argmap digest" if stamp is None else "was made from another version of the map, its sources or the render style"
            problems.append(
                Problem("AM502", f"render {display_path(path)} is out of date: it {reason}", where, hint=f"run `argmap render {loaded.display_path} -f {fmt}` (or `make render`) and commit it")
            )
    return problems
