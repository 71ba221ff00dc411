"""`argmap import`: another tool's files in, a map that `argmap validate` accepts out.

The reader of the format (argmap/formats/) turns the input files into map data,
source texts and problems; this service writes the source texts beside the map,
pins them, writes the map atomically, and validates what it wrote. It refuses
to overwrite a map, or a different source text, unless told to (``force``), so
that nothing a user wrote is lost.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import formats
from .formats import Input
from .fsutil import write_atomic
from .loader import LoadedMap, display_path, load
from .problems import Location, Problem, sorted_problems
from .validation import validate

#: Inputs larger than this are refused: no argument map of any corpus comes near it.
MAX_INPUT_BYTES = 64 * 1024 * 1024


class ImportRefused(Exception):
    """The import would overwrite what is there (a map, or a different source text)."""


@dataclass
class ImportReport:
    """What an import wrote and what it found."""

    map_path: Path
    sources_written: list[Path] = field(default_factory=list)
    #: Problems of reading the input (AM7xx), then those of validating the map written.
    problems: list[Problem] = field(default_factory=list)
    loaded: LoadedMap | None = None
    written: bool = False
    #: What the reader has to say besides problems (repaired quotes, counts).
    notes: list[str] = field(default_factory=list)


def read_inputs(paths: list[Path]) -> tuple[list[Input], list[Problem]]:
    """The bytes of every input file; a problem for each that cannot be read."""
    inputs, problems = [], []
    for path in paths:
        shown = display_path(path)
        try:
            if not path.is_file():
                raise OSError(21 if path.is_dir() else 2, "not a regular file" if path.exists() else "no such file")
            size = path.stat().st_size
            if size > MAX_INPUT_BYTES:
                raise OSError(27, f"{size:,} bytes, more than the {MAX_INPUT_BYTES:,} argmap accepts")
            inputs.append(Input(shown, path.read_bytes()))
        except OSError as exc:
            problems.append(Problem("AM701", f"cannot read {shown}: {exc.strerror or exc}", Location(shown)))
    return inputs, problems


def _printable(value: Any) -> Any:
    """``value`` with the characters no output can carry replaced, as in sources (argmap/safety.py):
    another tool's text may hold them, a map may not (AM111)."""
    from .safety import printable_source

    if isinstance(value, str):
        return printable_source(value)
    if isinstance(value, dict):
        return {_printable(key): _printable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_printable(item) for item in value]
    return value


def yaml_text(data: dict[str, Any]) -> str:
    """A map's data as the YAML a person would write: keys in order, one field a line, no tags."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        pass

    def _no_aliases(dumper: Any, data: Any) -> bool:  # every value written out where it is used
        return True

    _Dumper.ignore_aliases = _no_aliases  # type: ignore[method-assign]
    data = _printable(data)
    sections = []
    head = {key: value for key, value in data.items() if not isinstance(value, dict)}
    sections.append(yaml.dump(head, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=2**30))
    for key, value in data.items():
        if isinstance(value, dict) and value:
            sections.append(yaml.dump({key: value}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=2**30))
    return "\n".join(sections)


def import_map(fmt: str, paths: list[Path], output: Path, sources_dir: Path | None = None, force: bool = False, source: Path | None = None) -> ImportReport:
    """Import ``paths`` in format ``fmt`` into the map file ``output``; ``source`` is the
    text a format that takes one (``draft``) checks the quotes against."""
    chosen = formats.get(fmt)
    reader = chosen.reader()
    if chosen.takes_source and source is None:
        raise ImportRefused(f"the {fmt} format checks every quote against its source: name it with --source SOURCE")
    if source is not None and not chosen.takes_source:
        raise ImportRefused(f"--source is for the formats that check quotes against a text ({', '.join(f.name for f in formats.FORMATS.values() if f.takes_source)}); {fmt} carries its own")
    if output.exists() and not force:
        raise ImportRefused(f"{display_path(output)} exists; pass --force to replace it")
    inputs, problems = read_inputs(paths)
    report = ImportReport(output, problems=problems)
    if not inputs:
        return report
    if source is not None:
        declared = Path(os.path.relpath(source.resolve(), output.parent.resolve())).as_posix()
        imported = reader(inputs, formats.SourceInput(source, declared))  # type: ignore[call-arg]
    else:
        imported = reader(inputs)
    report.problems.extend(imported.problems)
    report.notes.extend(imported.notes)
    if imported.data.get("title") is None:
        return report  # nothing usable came out: the problems say why
    folder = sources_dir if sources_dir is not None else output.parent
    planned: list[tuple[Path, bytes]] = []
    for name, text in imported.sources.items():
        target = folder / name
        data = text.encode("utf-8")
        if target.exists() and not force and target.read_bytes() != data:
            raise ImportRefused(f"{display_path(target)} exists with other text; pass --force to replace it, or --sources-dir to write elsewhere")
        planned.append((target, data))
    relative = Path(os.path.relpath(folder.resolve(), output.parent.resolve()))
    for source in imported.data.get("sources", {}).values():
        name = source.get("path")
        if name in imported.sources:
            source["path"] = (relative / name).as_posix()
            source["sha256"] = hashlib.sha256(imported.sources[name].encode("utf-8")).hexdigest()
    for target, data in planned:
        write_atomic(target, data)
        report.sources_written.append(target)
    write_atomic(output, yaml_text(imported.data).encode("utf-8"))
    report.written = True
    report.loaded = load(output)
    report.problems = sorted_problems(report.problems) + validate(report.loaded)
    return report
