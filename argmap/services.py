"""Services: validate, check and render paths of maps under a :class:`Settings`.

The command line turns options into settings and calls these; so can any
program. Each returns data (what it found, what it wrote) and never prints.

Maps are independent, so several are handled in parallel (``Settings.jobs``
processes); results come back in the order of the paths, so the output of a
parallel run is the output of a serial one. Results of ``validate`` and
``check`` are kept in a content-addressed cache (argmap/cache.py) unless the
settings turn it off.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Settings
from .problems import Problem, sorted_problems


@dataclass(frozen=True)
class MapResult:
    path: Path
    problems: list[Problem]
    suppressed: list[Problem] = field(default_factory=list)
    #: Whether the result came from the cache.
    cached: bool = False


@dataclass(frozen=True)
class RunResult:
    maps: list[MapResult]

    @property
    def problems(self) -> list[Problem]:
        return [p for result in self.maps for p in result.problems]

    @property
    def suppressed(self) -> list[Problem]:
        return [p for result in self.maps for p in result.suppressed]

    @property
    def files(self) -> int:
        return len(self.maps)


class NoMaps(Exception):
    """The paths hold no map files."""

    def __init__(self, paths: Sequence[Path]) -> None:
        super().__init__("no map files (*.yaml, *.yml) found in: " + ", ".join(str(p) for p in paths))
        self.paths = paths


def map_paths(paths: Sequence[Path], settings: Settings) -> list[Path]:
    """The map files under ``paths``, or under the configured map folders when none is given."""
    from .check import find_maps

    if not paths:
        paths = [settings.resolve(p) if settings.config_path else p for p in settings.maps]
        paths = [_relative_to_cwd(p) for p in paths if p.exists()]
        if not paths:
            raise NoMaps([*settings.maps])
    found = find_maps(paths)
    if not found:
        raise NoMaps(list(paths))
    return found


def _relative_to_cwd(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def renders_dir(settings: Settings) -> Path:
    return _relative_to_cwd(settings.resolve(settings.renders)) if settings.config_path else settings.renders


# --- one map ------------------------------------------------------------------------------


def source_roots(settings: Settings) -> tuple[Path, ...]:
    """The folders besides each map's project that its sources may be read from."""
    return tuple(settings.resolve(root) for root in settings.source_roots)


def render_options(settings: Settings, map_path: Path, **overrides: Any) -> Any:
    """The RenderOptions for one map: configuration (global, then per map), then ``overrides`` (flags)."""
    from .diagram import RenderOptions

    chosen = {k: v for k, v in settings.render_settings(map_path).items() if k != "formats"}
    chosen.update({k: v for k, v in overrides.items() if v is not None})
    return RenderOptions(**chosen)


def render_formats(settings: Settings, map_path: Path) -> tuple[str, ...]:
    return tuple(settings.render_settings(map_path).get("formats", ("svg",)))


def _map_problems(path: Path, settings: Settings, with_renders: bool) -> tuple[list[Problem], list[Problem], list[Path]]:
    """(problems, suppressed, files read besides the map) of one map."""
    from .loader import load

    return problems_of(load(path, source_roots=source_roots(settings)), settings, with_renders)


def problems_of(loaded: Any, settings: Settings, with_renders: bool = False) -> tuple[list[Problem], list[Problem], list[Path]]:
    """(problems, suppressed, files read besides the map) of a loaded map, under the settings'
    rule selection and the map's suppressions; with its committed renders when ``with_renders``."""
    from .check import check_renders, render_path
    from .suppression import apply_suppressions
    from .validation import validate

    path = loaded.path
    problems = validate(loaded)
    depends: list[Path] = []
    if loaded.records is not None:
        from .provenance import resolve

        depends.extend(source.path for source in resolve(loaded).sources.values())
        if with_renders and not any(p.is_error for p in problems):
            folder = renders_dir(settings)
            configured = settings.render_settings(path)
            expected = render_options(settings, path) if configured else None
            problems = problems + check_renders(loaded, folder, expected)
            from .check import OPTIONAL_RENDERS, REQUIRED_RENDER

            depends.extend(render_path(loaded, folder, fmt) for fmt in (REQUIRED_RENDER, *OPTIONAL_RENDERS))
    problems = settings.rules.apply(problems)
    kept, suppressed = apply_suppressions(loaded, problems) if loaded.records is not None else (problems, [])
    return sorted_problems(settings.rules.apply(kept)), suppressed, depends


def _cache_entry(path: Path, settings: Settings, with_renders: bool) -> tuple[Any, str] | None:
    """The cache and this map's key in it; None when the cache is off or the map unreadable."""
    if not settings.cache:
        return None
    from .cache import ProblemCache

    try:
        raw = path.read_bytes()
    except OSError:
        return None  # loading it reports why
    cache = ProblemCache(settings.cache_folder())
    return cache, cache.key(path, raw, "check" if with_renders else "validate", str(renders_dir(settings)), settings.fingerprint())


def cached_result(path: Path, settings: Settings, with_renders: bool) -> MapResult | None:
    """The cached result of one map, when every file it read is as it was."""
    entry = _cache_entry(path, settings, with_renders)
    if entry is None:
        return None
    hit = entry[0].get(entry[1])
    return MapResult(path, hit[0], hit[1], cached=True) if hit is not None else None


def fresh_result(path: Path, settings: Settings, with_renders: bool) -> MapResult:
    """Check one map without looking in the cache, and store the result there."""
    problems, suppressed, depends = _map_problems(path, settings, with_renders)
    entry = _cache_entry(path, settings, with_renders)
    if entry is not None:
        entry[0].put(entry[1], depends, problems, suppressed)
    return MapResult(path, problems, suppressed)


# --- many maps ----------------------------------------------------------------------------


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _fresh(arguments: tuple[Path, Settings, bool]) -> MapResult:
    return fresh_result(*arguments)


def run(paths: Sequence[Path], settings: Settings, with_renders: bool, progress: Callable[[int, int], None] | None = None) -> RunResult:
    """Check every map under ``paths``: in parallel over ``settings.jobs`` processes, results in path order.

    The cache is read here, in this process: looking up a map costs far less than
    handing it to a worker, so only the maps that changed go to the workers.
    """
    files = map_paths(paths, settings)
    results: list[MapResult | None] = [cached_result(path, settings, with_renders) for path in files]
    missing = [index for index, result in enumerate(results) if result is None]
    done = len(files) - len(missing)
    jobs = min(settings.jobs or available_cores(), len(missing))
    tasks = [(files[index], settings, with_renders) for index in missing]
    if jobs <= 1:
        computed = map(_fresh, tasks)
        pool = None
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork: the workers start with argmap already imported, which is most of a small map's cost
        context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
        computed = pool.map(_fresh, tasks, chunksize=max(1, len(tasks) // (jobs * 8)))
    try:
        for index, result in zip(missing, computed):
            results[index] = result
            done += 1
            if progress:
                progress(done, len(files))
    finally:
        if pool is not None:
            pool.shutdown()
    return RunResult([r for r in results if r is not None])


def validate_paths(paths: Sequence[Path], settings: Settings, progress: Callable[[int, int], None] | None = None) -> RunResult:
    return run(paths, settings, with_renders=False, progress=progress)


def check_paths(paths: Sequence[Path], settings: Settings, progress: Callable[[int, int], None] | None = None) -> RunResult:
    return run(paths, settings, with_renders=True, progress=progress)


def exit_status(problems: Iterable[Problem], strict: bool) -> int:
    """0 clean, 1 when an error (or, with ``strict``, a warning) was found."""
    problems = list(problems)
    return 1 if any(p.is_error for p in problems) or (strict and problems) else 0


# --- render -------------------------------------------------------------------------------


def up_to_date(target: Path, loaded: Any, options: Any) -> bool:
    """Whether ``target`` holds a render of this map, its sources and ``options`` (by its stamp)."""
    from .check import read_render_head
    from .diagram import read_stamp, render_digest

    try:
        if not target.is_file():
            return False
        stamp = read_stamp(read_render_head(target))
    except OSError:
        return False
    return stamp is not None and stamp[1] == options and stamp[0] == render_digest(loaded, options)
