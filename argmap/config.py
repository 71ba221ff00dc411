"""Settings: what ``[tool.argmap]`` (or an ``argmap.toml``) says, and the flags over it.

The configuration is found by walking up from the working directory to the
first ``argmap.toml``, or ``pyproject.toml`` with a ``[tool.argmap]`` table.
The folder holding it is the project root: relative paths in it (maps,
renders, source roots, the cache) are relative to that folder. With no
configuration the root is the working directory and every setting has its
default.

Every problem of the configuration (a TOML syntax error, an unknown key, a
wrong value, a rule selector that matches nothing) is a :class:`Problem` with
a code, the place in the file and, for a misspelt key, a "did you mean".
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .choices import CLUSTER_BY, DIRECTIONS, ENGINES, FORMATS, LABELS
from .problems import CODES, CODES_BY_NAME, Location, Problem, Severity, closest

CONFIG_FILES = ("argmap.toml", "pyproject.toml")
#: Codes of problems that come before any rule runs (the file cannot be read as a map):
#: they cannot be ignored or made warnings, or a broken map would pass.
UNSELECTABLE_PREFIX = "AM1"

#: The render options a configuration may set, with the values each takes.
RENDER_CHOICES: dict[str, tuple[str, ...]] = {
    "direction": DIRECTIONS,
    "engine": ENGINES,
    "labels": LABELS,
    "cluster-by": CLUSTER_BY,
}
RENDER_INTS = {"wrap": 8, "depth": 0}
RENDER_KEYS = ("formats", *RENDER_CHOICES, *RENDER_INTS, "status")


@dataclass(frozen=True)
class RuleSelection:
    """Which codes are reported, and at which severity (ruff's select / ignore / extend-select)."""

    select: tuple[str, ...] = ("ALL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: Code -> severity, for codes whose severity the configuration changes.
    severity: tuple[tuple[str, Severity], ...] = ()

    def codes(self) -> frozenset[str]:
        chosen = set(expand_selectors(self.select)) | set(expand_selectors(self.extend_select))
        chosen -= set(expand_selectors(self.ignore))
        return frozenset(chosen | {code for code in CODES if code.startswith(UNSELECTABLE_PREFIX)})

    def apply(self, problems: Iterable[Problem]) -> list[Problem]:
        """The problems whose codes are selected, each at its configured severity."""
        codes = self.codes()
        levels = dict(self.severity)
        kept = []
        for problem in problems:
            if problem.code not in codes:
                continue
            level = levels.get(problem.code)
            kept.append(replace(problem, level=level) if level is not None and level is not problem.severity else problem)
        return kept


def expand_selectors(selectors: Iterable[str]) -> list[str]:
    codes: list[str] = []
    for selector in selectors:
        codes.extend(matching_codes(selector))
    return codes


def matching_codes(selector: str) -> list[str]:
    """The codes a selector names: ``ALL``, a code, a code prefix (``AM4``) or a rule name."""
    if selector == "ALL":
        return list(CODES)
    if selector in CODES_BY_NAME:
        return [CODES_BY_NAME[selector].code]
    upper = selector.upper()
    return [code for code in CODES if code.startswith(upper)] if re.fullmatch(r"AM\d{0,3}", upper) else []


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know besides its paths. Frozen: flags make a new one (dataclasses.replace)."""

    #: The folder the configuration file is in (or the working directory).
    root: Path = field(default_factory=Path.cwd)
    #: The configuration file read, if any.
    config_path: Path | None = None
    maps: tuple[Path, ...] = (Path("maps"),)
    renders: Path = Path("renders")
    #: Folders besides the project root that sources may be read from.
    source_roots: tuple[Path, ...] = ()
    rules: RuleSelection = RuleSelection()
    strict: bool = False
    output_format: str = "auto"
    #: None: as many as there are cores.
    jobs: int | None = None
    cache: bool = True
    #: None: ARGMAP_CACHE_DIR, else the user's cache folder (XDG_CACHE_HOME or ~/.cache) /argmap.
    cache_dir: Path | None = None
    #: Render settings for every map: option name (as RenderOptions spells it) -> value; plus "formats".
    render: tuple[tuple[str, Any], ...] = ()
    #: (glob of map paths relative to the root, render settings) pairs, later ones winning.
    per_map_render: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()

    def cache_folder(self) -> Path:
        import os

        if self.cache_dir is not None:
            return self.resolve(self.cache_dir)
        if os.environ.get("ARGMAP_CACHE_DIR"):
            return Path(os.environ["ARGMAP_CACHE_DIR"])
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        return Path(base) / "argmap"

    def resolve(self, path: Path) -> Path:
        """A path from the configuration, relative to the project root."""
        return path if path.is_absolute() else self.root / path

    def render_settings(self, map_path: Path) -> dict[str, Any]:
        """The render settings of one map: the global ones, then each matching per-map entry."""
        chosen = dict(self.render)
        try:
            relative = Path(map_path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            relative = Path(map_path).as_posix()
        for pattern, values in self.per_map_render:
            if fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(Path(relative).name, pattern):
                chosen.update(values)
        return chosen

    def fingerprint(self) -> str:
        """What of the settings can change a map's problems or renders, as text (for the cache key)."""
        return repr((sorted(self.rules.codes()), self.rules.severity, self.render, self.per_map_render, tuple(map(str, self.source_roots))))


@dataclass(frozen=True)
class LoadedConfig:
    settings: Settings
    problems: list[Problem]


def find_config(start: Path) -> Path | None:
    """The nearest argmap.toml, or pyproject.toml with a [tool.argmap] table, at or above ``start``."""
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "argmap.toml":
                return candidate
            try:
                text = candidate.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if re.search(r"^\s*\[\s*tool\s*\.\s*argmap\s*[\].]", text, re.MULTILINE):
                return candidate
    return None


def load_config(start: Path | None = None, path: Path | None = None) -> LoadedConfig:
    """Settings from the configuration found from ``start`` (or the file ``path``), with its problems."""
    start = Path.cwd() if start is None else start
    config_path = path if path is not None else find_config(start.resolve())
    if config_path is None:
        return LoadedConfig(Settings(root=start.resolve()), [])
    return _read(config_path)


def _read(config_path: Path) -> LoadedConfig:
    import tomllib

    from .loader import display_path

    shown = display_path(config_path)
    root = config_path.parent.resolve()
    try:
        text = config_path.read_bytes().decode("utf-8")
        document = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        return LoadedConfig(Settings(root=root, config_path=config_path), [Problem("AM001", f"cannot read the configuration: {exc}", Location(shown))])
    except tomllib.TOMLDecodeError as exc:
        line, column = _toml_error_position(str(exc))
        return LoadedConfig(
            Settings(root=root, config_path=config_path),
            [Problem("AM001", f"the configuration is not valid TOML: {str(exc).split(' (at')[0]}", Location(shown, line, column), hint="see https://toml.io for the syntax")],
        )
    if config_path.name == "pyproject.toml":
        table = document.get("tool", {}).get("argmap", {})
        prefix: tuple[str, ...] = ("tool", "argmap")
    else:
        table = document.get("tool", {}).get("argmap", document) if "tool" in document else document
        prefix = ("tool", "argmap") if "tool" in document else ()
    reader = _Reader(shown, text, prefix)
    settings = reader.settings(table, root, config_path)
    return LoadedConfig(settings, reader.problems)


def _toml_error_position(message: str) -> tuple[int, int]:
    found = re.search(r"line (\d+), column (\d+)", message)
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


def _dotted_key(text: str) -> tuple[str, ...]:
    """The parts of a TOML dotted key (``per-map."maps/*.yaml".render``), quotes removed."""
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)", text)
    return tuple(double or single or bare for double, single, bare in parts)


_TOP_KEYS = (
    "maps",
    "renders",
    "source-roots",
    "select",
    "extend-select",
    "ignore",
    "severity",
    "strict",
    "output-format",
    "jobs",
    "cache",
    "cache-dir",
    "render",
    "per-map",
)


class _Reader:
    """Turns the configuration table into Settings, collecting a problem for each bad entry."""

    def __init__(self, shown: str, text: str, prefix: tuple[str, ...]) -> None:
        self.shown = shown
        self.lines = text.splitlines()
        self.prefix = prefix
        self.problems: list[Problem] = []

    # --- positions: tomllib gives none, so a key is found by reading the file's tables ---

    def where(self, *keys: str) -> Location:
        """The line of ``keys`` (a path under the argmap table), or of its table header."""
        current: tuple[str, ...] = ()
        header_line = 0
        for number, line in enumerate(self.lines, 1):
            stripped = line.strip()
            header = re.fullmatch(r"\[\s*([^\[\]]+?)\s*\]", stripped)
            if header:
                current = _dotted_key(header.group(1))
                if current == self.prefix + keys:
                    header_line = number
                continue
            assignment = re.match(r"\s*((?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=", line)
            if assignment and current + _dotted_key(assignment.group(1)) == self.prefix + keys:
                return Location(self.shown, number, assignment.start(1) + 1)
        return Location(self.shown, header_line, 1 if header_line else 0)

    def problem(self, code: str, message: str, keys: tuple[str, ...], hint: str | None = None) -> None:
        self.problems.append(Problem(code, message, self.where(*keys), hint=hint))

    # --- values ---

    def strings(self, value: Any, keys: tuple[str, ...]) -> tuple[str, ...] | None:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem("AM003", f"`{'.'.join(keys)}` must be a list of strings", keys, hint=f'for example: {keys[-1]} = ["…"]')
            return None
        return tuple(value)

    def selectors(self, value: Any, keys: tuple[str, ...]) -> tuple[str, ...]:
        chosen = self.strings(value, keys) or ()
        for selector in chosen:
            if not matching_codes(selector):
                suggestion = closest(selector, [*CODES, *CODES_BY_NAME])
                self.problem("AM004", f"`{'.'.join(keys)}`: {selector!r} names no rule", keys, hint=f"did you mean {suggestion!r}?" if suggestion else "use a code (AM303), a prefix (AM3) or a name (isolated-node); `argmap rules` lists them")
        return tuple(s for s in chosen if matching_codes(s))

    def unknown_keys(self, table: Mapping[str, Any], allowed: Iterable[str], keys: tuple[str, ...]) -> None:
        allowed = list(allowed)
        for key in table:
            if key not in allowed:
                suggestion = closest(key.replace("_", "-"), allowed)
                where = ".".join((*keys, key))
                self.problem("AM002", f"unknown setting `{where}`", (*keys, key), hint=f"did you mean `{suggestion}`?" if suggestion else "settings: " + ", ".join(allowed))

    def render_values(self, table: Any, keys: tuple[str, ...]) -> tuple[tuple[str, Any], ...]:
        if not isinstance(table, dict):
            self.problem("AM003", f"`{'.'.join(keys)}` must be a table", keys)
            return ()
        self.unknown_keys(table, RENDER_KEYS, keys)
        chosen: list[tuple[str, Any]] = []
        for key, value in table.items():
            here = (*keys, key)
            if key == "formats":
                formats = self.strings(value, here)
                bad = [f for f in formats or () if f not in FORMATS]
                if bad:
                    self.problem("AM003", f"`{'.'.join(here)}`: unknown format {bad[0]!r}", here, hint="formats: " + ", ".join(FORMATS))
                elif formats is not None:
                    chosen.append(("formats", formats))
            elif key in RENDER_CHOICES:
                allowed = RENDER_CHOICES[key]
                if value not in allowed:
                    self.problem("AM003", f"`{'.'.join(here)}` is {value!r}", here, hint="choose one of " + ", ".join(allowed))
                else:
                    chosen.append((key.replace("-", "_"), value))
            elif key in RENDER_INTS:
                if not isinstance(value, int) or isinstance(value, bool) or value < RENDER_INTS[key]:
                    self.problem("AM003", f"`{'.'.join(here)}` must be a whole number, {RENDER_INTS[key]} or more", here)
                else:
                    chosen.append((key, value))
            elif key == "status":
                if not isinstance(value, bool):
                    self.problem("AM003", f"`{'.'.join(here)}` must be true or false", here)
                else:
                    chosen.append((key, value))
        return tuple(chosen)

    def settings(self, table: Any, root: Path, config_path: Path) -> Settings:
        settings = Settings(root=root, config_path=config_path)
        if not isinstance(table, dict):
            self.problem("AM003", "the argmap settings must be a table", ())
            return settings
        self.unknown_keys(table, _TOP_KEYS, ())
        changes: dict[str, Any] = {}
        rules: dict[str, Any] = {}
        for key, value in table.items():
            here = (key,)
            if key == "maps":
                found = self.strings(value, here)
                if found is not None:
                    changes["maps"] = tuple(Path(p) for p in found)
            elif key == "source-roots":
                found = self.strings(value, here)
                if found is not None:
                    changes["source_roots"] = tuple(Path(p) for p in found)
            elif key in ("renders", "cache-dir", "output-format"):
                if not isinstance(value, str) or not value:
                    self.problem("AM003", f"`{key}` must be a non-empty string", here)
                elif key == "output-format":
                    from .report import OUTPUT_FORMATS

                    if value not in OUTPUT_FORMATS:
                        self.problem("AM003", f"`output-format` is {value!r}", here, hint="choose one of " + ", ".join(OUTPUT_FORMATS))
                    else:
                        changes["output_format"] = value
                else:
                    changes["renders" if key == "renders" else "cache_dir"] = Path(value)
            elif key in ("strict", "cache"):
                if not isinstance(value, bool):
                    self.problem("AM003", f"`{key}` must be true or false", here)
                else:
                    changes[key] = value
            elif key == "jobs":
                if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                    self.problem("AM003", "`jobs` must be a whole number, 1 or more", here)
                else:
                    changes["jobs"] = value
            elif key in ("select", "extend-select", "ignore"):
                rules[key.replace("-", "_")] = self.selectors(value, here)
            elif key == "severity":
                rules["severity"] = self.severities(value, here)
            elif key == "render":
                changes["render"] = self.render_values(value, here)
            elif key == "per-map":
                changes["per_map_render"] = self.per_map(value, here)
        ignored = [c for c in expand_selectors(rules.get("ignore", ())) if c.startswith(UNSELECTABLE_PREFIX)]
        if ignored:
            self.problem("AM003", f"`ignore`: {ignored[0]} cannot be ignored: a map with it cannot be read", ("ignore",))
        if rules:
            changes["rules"] = RuleSelection(**rules)
        return replace(settings, **changes)

    def severities(self, value: Any, keys: tuple[str, ...]) -> tuple[tuple[str, Severity], ...]:
        if not isinstance(value, dict):
            self.problem("AM003", "`severity` must be a table of rule = \"error\" | \"warning\"", keys)
            return ()
        chosen: list[tuple[str, Severity]] = []
        for selector, level in value.items():
            here = (*keys, selector)
            codes = matching_codes(selector)
            if not codes:
                suggestion = closest(selector, [*CODES, *CODES_BY_NAME])
                self.problem("AM004", f"`severity`: {selector!r} names no rule", here, hint=f"did you mean {suggestion!r}?" if suggestion else None)
                continue
            if level not in ("error", "warning"):
                self.problem("AM003", f"`severity.{selector}` is {level!r}", here, hint='choose "error" or "warning"; to turn a rule off, add it to `ignore`')
                continue
            if any(code.startswith(UNSELECTABLE_PREFIX) for code in codes) and level == "warning":
                self.problem("AM003", f"`severity.{selector}`: format errors (AM1xx) stay errors", here)
                continue
            chosen.extend((code, Severity(level)) for code in codes)
        return tuple(chosen)

    def per_map(self, value: Any, keys: tuple[str, ...]) -> tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]:
        if not isinstance(value, dict):
            self.problem("AM003", "`per-map` must be a table of map path patterns", keys)
            return ()
        chosen = []
        for pattern, entry in value.items():
            here = (*keys, pattern)
            if not isinstance(entry, dict):
                self.problem("AM003", f"`per-map.{pattern}` must be a table", here)
                continue
            self.unknown_keys(entry, ("render",), here)
            if "render" in entry:
                chosen.append((pattern, self.render_values(entry["render"], (*here, "render"))))
        return tuple(chosen)
