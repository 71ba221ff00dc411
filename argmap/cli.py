"""The command line: wires options to the library and chooses output and exit code.

Exit codes: 0 no errors, 1 errors found (or warnings with --strict), 2 usage
errors (click's own). Heavy modules (pydantic, graphviz, sentencex) are imported
inside the commands, so `argmap --help` and `argmap --version` start fast.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .choices import CLUSTER_BY, DIRECTIONS, ENGINES, FORMATS, LABELS, OUTPUT_FORMATS
from .formats import FORMATS as EXCHANGE_FORMATS
from .formats import names as format_names

if TYPE_CHECKING:
    from .config import Settings
    from .problems import Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


# --- settings and reporting ----------------------------------------------------------------


def _selectors(values: tuple[str, ...]) -> tuple[str, ...] | None:
    """``--select A,B --select C`` -> ("A", "B", "C"); None when the flag is not given."""
    if not values:
        return None
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _load_settings(config: Path | None, isolated: bool) -> Settings:
    """The configuration's settings; its problems end the run with status 2."""
    from .config import Settings, load_config

    if isolated:
        return Settings()
    loaded = load_config(path=config)
    if loaded.problems:
        _print_problems(loaded.problems, 0, "text", False, quiet=True)
        from .loader import display_path

        click.echo(f"argmap: the configuration {display_path(loaded.settings.config_path or Path())} has errors", err=True)
        sys.exit(EXIT_USAGE)
    return loaded.settings


def _settings_with_flags(settings: Settings, options: dict[str, Any]) -> Settings:
    """Flags over the configuration: a flag given on the command line wins."""
    from dataclasses import replace

    from .config import RuleSelection, expand_selectors

    rules = settings.rules
    select, ignore, extend = _selectors(options.get("select", ())), _selectors(options.get("ignore", ())), _selectors(options.get("extend_select", ()))
    for name, value in (("select", select), ("ignore", ignore), ("extend-select", extend)):
        unknown = [s for s in value or () if not expand_selectors([s])]
        if unknown:
            raise click.BadParameter(f"{unknown[0]!r} names no rule (`argmap rules` lists them)", param_hint=f"--{name}")
    if select is not None or ignore is not None or extend is not None:
        rules = RuleSelection(
            select=select if select is not None else rules.select,
            extend_select=rules.extend_select + (extend or ()),
            ignore=rules.ignore + (ignore or ()),
            severity=rules.severity,
        )
    changes: dict[str, Any] = {"rules": rules}
    if options.get("strict"):
        changes["strict"] = True
    if options.get("jobs") is not None:
        changes["jobs"] = options["jobs"]
    if options.get("no_cache"):
        changes["cache"] = False
    if options.get("source_roots"):
        changes["source_roots"] = settings.source_roots + tuple(Path(os.path.abspath(root)) for root in options["source_roots"])
    if options.get("renders_dir") is not None:
        changes["renders"] = Path(os.path.abspath(options["renders_dir"])) if settings.config_path else options["renders_dir"]
    return replace(settings, **changes)


def _print_problems(problems: list[Problem], files: int, output_format: str, color: bool, quiet: bool, suppressed: list[Problem] | None = None, show_suppressed: bool = False) -> None:
    from .report import REPORTERS, ProblemReport, summary_line

    reporter = REPORTERS[output_format]
    if problems or suppressed or not reporter.summary:  # a clean run prints only its summary (no reporter to load)
        report = ProblemReport(problems, files, suppressed or [], show_suppressed, color)
        # color=: click would strip the colours we chose to keep when standard output is not a terminal
        click.echo(reporter.render(report), nl=False, color=color)
    if reporter.summary and not quiet:
        click.echo(summary_line(problems, files, len(suppressed or [])), err=True)


def _print_problems_to_stderr(problems: list[Problem]) -> None:
    """Problems that explain why a command did not do its job (export, coverage...): text, on standard error."""
    from .report import ProblemReport
    from .report.text import render

    click.echo(render(ProblemReport(problems, 1, color=_color("auto") and sys.stderr.isatty())), nl=False, err=True)


def _output_format(requested: str | None, settings: Settings | None = None) -> str:
    from .report import resolve_output_format

    requested = requested or (settings.output_format if settings else None)
    return resolve_output_format(requested, os.environ, sys.stdout.isatty())


def _color(choice: str) -> bool:
    from .report import use_color

    return use_color(choice, os.environ, sys.stdout.isatty())


def _emit(problems: list[Problem], files: int, output_format: str, quiet: bool) -> None:
    """Print problems the way every command does (text, json, github or sarif) and the summary."""
    _print_problems(problems, files, _output_format(output_format), _color("auto"), quiet)


output_format_option = click.option(
    "--output-format",
    type=click.Choice(OUTPUT_FORMATS),
    default=None,
    help="How problems are printed: text (with the line and the span underlined), json, github (workflow annotations), sarif (SARIF 2.1.0) or auto (default: github inside GitHub Actions, else text).",
)


def _problem_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """The options of the commands that report problems (validate, check)."""
    options = [
        click.option("--strict", is_flag=True, default=None, help="Fail (exit 1) on warnings too."),
        output_format_option,
        click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True, help="Colour the text output; auto follows the terminal, NO_COLOR and FORCE_COLOR."),
        click.option("-q", "--quiet", is_flag=True, help="Do not print the summary line."),
        click.option("--select", multiple=True, metavar="RULES", help="Report only these rules (codes, prefixes such as AM4, or names; comma-separated). Overrides the configuration."),
        click.option("--ignore", multiple=True, metavar="RULES", help="Do not report these rules (added to the configuration's)."),
        click.option("--extend-select", multiple=True, metavar="RULES", help="Report these rules too."),
        click.option("--show-suppressed", is_flag=True, help="List the problems that suppressions in the maps hid."),
        click.option("-j", "--jobs", type=click.IntRange(1), default=None, help="Check this many maps at once. Default: the cores available."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache of results."),
        click.option("--source-root", "source_roots", multiple=True, type=click.Path(file_okay=False, path_type=Path), help="Also let sources be read from this folder (besides each map's project; repeatable)."),
        click.option("--config", "config", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Read this configuration file instead of the nearest argmap.toml or pyproject.toml."),
        click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _progress(enabled: bool) -> Callable[[int, int], None] | None:
    """A one-line progress count on standard error, for long runs on a terminal."""
    if not enabled or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total < 20:
            return
        click.echo(f"\r{done}/{total} maps", err=True, nl=done == total)

    return show


def _run_problems(command: str, paths: tuple[Path, ...], options: dict[str, Any]) -> None:
    """validate and check: run the service over the paths, print, exit with the status."""
    from .services import NoMaps, check_paths, exit_status, validate_paths

    settings = _settings_with_flags(_load_settings(options["config"], options["isolated"]), options)
    output_format = _output_format(options["output_format"], settings)
    run = check_paths if command == "check" else validate_paths
    try:
        result = run(list(paths), settings, progress=_progress(output_format == "text" and not options["quiet"]))
    except NoMaps as exc:
        if command == "check" and not paths:
            raise click.UsageError("no PATH given and no maps/ folder here (or none of the configured `maps` folders exist)")
        raise click.UsageError(str(exc))
    problems = result.problems
    _print_problems(problems, result.files, output_format, _color(options["color"]), options["quiet"], result.suppressed, options["show_suppressed"])
    sys.exit(exit_status(problems, settings.strict))


# --- commands ----------------------------------------------------------------------------


#: Commands that live in their own module under ``argmap/commands/``: name -> module.
#: Each module defines ``command``, a :class:`click.Command`, and imports its heavy
#: modules inside the command, so importing it costs next to nothing.
LAZY_COMMANDS: dict[str, str] = {
    "diff": "diff",
    "new": "new",
    "init": "init",
    "fmt": "fmt",
    "fix": "fix",
}


class _Commands(click.Group):
    """The command group: the commands defined here plus those of :data:`LAZY_COMMANDS`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            import importlib

            self.add_command(importlib.import_module(f"argmap.commands.{LAZY_COMMANDS[cmd_name]}").command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", "-V", prog_name="argmap")
def cli() -> None:
    """argmap: argument maps with claim provenance.

    Author a claim map as YAML, render it as a diagram, and check in CI that
    every quote still stands verbatim in its source.

    \b
    Typical use:
      argmap validate maps/            # problems as path:line:col: CODE [severity] message
      argmap render maps/mumbai-to-paris.yaml
      argmap check                     # the CI command: maps valid, renders up to date
    """


def _paths_argument(required: bool = True) -> Callable[[Any], Any]:
    return click.argument("paths", nargs=-1, required=required, type=click.Path(exists=True, dir_okay=True, path_type=Path))


def _no_maps(paths: Iterable[Path]) -> None:
    raise click.UsageError("no map files (*.yaml, *.yml) found in: " + ", ".join(str(p) for p in paths))


@cli.command(short_help="List the problems of maps (files or folders).")
@_paths_argument(required=False)
@_problem_options
def validate(paths: tuple[Path, ...], **options: Any) -> None:
    """Check map files (or every map in folders) and list their problems.

    Each problem is printed as `path:line:col: CODE [severity] message`, then
    the line of the map with the span underlined and the hint. With no PATH it
    validates the configured `maps` folders (default: maps/).

    \b
    Exit status: 0 no errors, 1 errors (or warnings with --strict),
    2 usage or configuration error, 3 internal error.

    \b
    Example:
      argmap validate maps/
      argmap validate --strict --output-format github maps/mumbai-to-paris.yaml
      argmap validate --select AM4 --output-format sarif > argmap.sarif
    """
    _run_problems("validate", paths, options)


@cli.command(short_help="Draw maps as svg, png, pdf, dot or an html page.")
@_paths_argument(required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Output file (one map, one format). Default: RENDERS-DIR/<map name>.<format>.")
@click.option("-f", "--format", "formats", type=click.Choice(FORMATS), multiple=True, help="Output format; repeat for several. Default: the configured `render.formats`, else svg.")
@click.option("--renders-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Folder for renders when no --output is given. Default: the configured `renders` (renders/).")
@click.option("--direction", type=click.Choice(DIRECTIONS), default=None, help="Layout direction: BT puts the thesis at the top, RL at the left; auto (default) picks BT for narrow maps, RL for wide ones.")
@click.option("--engine", type=click.Choice(ENGINES), default=None, help="Graphviz layout engine (default dot); each lays out maps up to a size (docs/security.md), dot the largest.")
@click.option("--labels", type=click.Choice(LABELS), default=None, help="What each box shows: the text, the id, or both (default).")
@click.option("--cluster-by", type=click.Choice(CLUSTER_BY), default=None, help="Draw a box around the nodes of each group (the `group` field) or first tag.")
@click.option("--focus", metavar="ID", help="Draw only the neighbourhood of this node.")
@click.option("--depth", type=click.IntRange(0), default=None, help="With --focus: how many relations away to go (default 1).")
@click.option("--tag", metavar="TAG", help="Draw only the nodes with this tag and those that connect them.")
@click.option("--wrap", type=click.IntRange(8), default=None, help="Wrap node text at this many characters (default 34).")
@click.option("--status", is_flag=True, default=None, help="Mark every node and argument with its grounded label: ✓ accepted, ✗ rejected (greyed), ? undecided.")
@click.option("--force", is_flag=True, help="Render again even when a render is up to date.")
@output_format_option
@click.option("--config", "config", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Read this configuration file instead of the nearest one.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--source-root", "source_roots", multiple=True, type=click.Path(file_okay=False, path_type=Path), help="Also let sources be read from this folder (besides each map's project; repeatable).")
def render(
    paths: tuple[Path, ...],
    output: Path | None,
    formats: tuple[str, ...],
    renders_dir: Path | None,
    force: bool,
    output_format: str | None,
    config: Path | None,
    isolated: bool,
    source_roots: tuple[Path, ...],
    **flags: Any,
) -> None:
    """Render maps as diagrams (svg, png, pdf, dot) or provenance pages (html).

    The html format is one self-contained page: the diagram beside the source
    text, every quoted passage highlighted; click a node to see its passage,
    click a passage to see its node. Settings not given as options come from
    the configuration (`[tool.argmap.render]`, and `[tool.argmap.per-map]`
    for one map), so `argmap render` and `make render` draw a map the same
    way. A render that is already up to date is left as it is (--force to
    redo it). Files are written atomically. A map with errors is not
    rendered: its problems are listed and the exit status is 1. The same
    input always gives the same bytes.

    \b
    Example:
      argmap render maps/mumbai-to-paris.yaml            # -> renders/mumbai-to-paris.svg
      argmap render maps/ -f svg -f png                  # every map, two formats
      argmap render maps/mumbai-to-paris.yaml -f html     # -> renders/mumbai-to-paris.html
      argmap render maps/mumbai-to-paris.yaml -o map.pdf -f pdf
      argmap render maps/mumbai-to-paris.yaml --focus targets-not-random --depth 2 -o focus.svg
    """
    from .check import render_path
    from .diagram import RenderError
    from .fsutil import shown, unwritable, write_atomic
    from .loader import display_path, load
    from .rendering import render as render_map
    from .services import NoMaps, map_paths, problems_of, render_formats, render_options, up_to_date
    from .services import renders_dir as configured_renders_dir
    from .services import source_roots as source_roots_of

    settings = _settings_with_flags(_load_settings(config, isolated), {"renders_dir": renders_dir, "source_roots": source_roots})
    try:
        files = map_paths(list(paths), settings)
    except NoMaps as exc:
        raise click.UsageError(str(exc))
    folder = configured_renders_dir(settings)
    if output is not None and (len(files) > 1 or len(formats) > 1):
        raise click.UsageError("--output takes one map and one format; use --renders-dir for several")
    if output is not None and formats and not _suffix_matches(output, formats[0]):
        raise click.UsageError(f"--output {output} does not end in .{formats[0]}; pass --format to match")
    failed = False
    # Every map is read once, up front: no map's render may replace another map's source,
    # so all their inputs must be known before the first render is written.
    maps = [load(path, source_roots=source_roots_of(settings)) for path in files]
    inputs = _inputs_of(maps)
    for path, loaded in zip(files, maps):
        try:
            options = render_options(settings, path, **flags)
        except RenderError as exc:
            raise click.UsageError(str(exc))
        map_formats = formats or render_formats(settings, path)
        if output is not None and not formats:
            suffix = output.suffix.lower().lstrip(".")
            if suffix not in FORMATS:
                raise click.UsageError(f"--output {output}: the format cannot be told from its suffix; pass --format ({', '.join(FORMATS)})")
            map_formats = (suffix,)
        problems = problems_of(loaded, settings)[0]
        if any(p.is_error for p in problems):
            _print_problems(problems, 1, _output_format(output_format, settings), _color("auto"), quiet=True)
            click.echo(f"{display_path(path)}: not rendered: the map has errors", err=True)
            failed = True
            continue
        for fmt in map_formats:
            target = output or render_path(loaded, folder, fmt)
            _refuse_to_overwrite_inputs(target, inputs)
            if not force and fmt != "pdf" and up_to_date(target, loaded, options):
                click.echo(f"up to date: {shown(display_path(target))}", err=True)
                continue
            try:
                data = render_map(loaded, fmt, options)
                write_atomic(target, data)
            except RenderError as exc:
                problem = exc.problem(loaded.display_path)
                if problem is None:
                    click.echo(f"argmap: {exc}", err=True)
                    sys.exit(EXIT_PROBLEMS)
                _print_problems([problem], 1, _output_format(output_format, settings), _color("auto"), quiet=True)
                failed = True
                break  # this map's other formats need the same layout; the next map may still render
            except OSError as exc:
                _print_problems([unwritable(target, exc)], 1, _output_format(output_format, settings), _color("auto"), quiet=True)
                sys.exit(EXIT_PROBLEMS)
            click.echo(f"wrote {shown(display_path(target))}", err=True)
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


def _inputs_of(maps: Iterable[Any]) -> dict[tuple[int, int], str]:
    """Every file the maps read (each map and its sources) by device and inode, so that links
    and other names of the same file are recognised, with the map it belongs to."""
    from .provenance import read_sources

    found: dict[tuple[int, int], str] = {}
    for loaded in maps:
        for path in (loaded.path, *(source.path for source in read_sources(loaded).values())):
            try:
                status = os.stat(path)
            except (OSError, ValueError):
                continue
            found.setdefault((status.st_dev, status.st_ino), loaded.display_path)
    return found


def _refuse_to_overwrite_inputs(target: Path, inputs: dict[tuple[int, int], str]) -> None:
    """An output must never replace what the user wrote: a map or one of its sources (AM902)."""
    from .fsutil import shown

    try:
        status = os.stat(target)
    except (OSError, ValueError):
        return  # nothing there yet (or nothing readable): not an input
    owner = inputs.get((status.st_dev, status.st_ino))
    if owner is not None:
        raise click.UsageError(f"refusing to write {shown(target)}: it is an input of {shown(owner)} (the map or one of its sources) [AM902 output-is-input]")


def _suffix_matches(output: Path, fmt: str) -> bool:
    """Whether an output's name says its format; a device or a pipe (/dev/null, /dev/stdout) has no say."""
    import stat

    try:
        if not stat.S_ISREG(os.stat(output).st_mode) and not stat.S_ISDIR(os.stat(output).st_mode):
            return True
    except (OSError, ValueError):
        pass
    return output.suffix.lower() == f".{fmt}"


@cli.command(short_help="Write a map in another tool's format (JSON, AIF, Argdown...).")
@click.argument("map_file", metavar="MAP", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(format_names(writes=True)), default="json", show_default=True, help="Export format: " + ", ".join(f"{f.name} ({f.title})" for f in EXCHANGE_FORMATS.values() if f.writes) + ".")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file (atomically) instead of standard output.")
def export(map_file: Path, fmt: str, output: Path | None) -> None:
    """Print a map in another tool's format, or as argmap's JSON with every quote
    resolved to its place in the source (the default).

    The JSON has the shape {"argmap", "title", "description", "sources",
    "agents", "nodes", "relations"}; each node's "provenance" gives, for every
    quote, its start and end offsets (characters, end exclusive), line, column,
    sentence, paragraph and the text around it. See docs/format.md for the
    full contract.

    \b
    Example:
      argmap export maps/mumbai-to-paris.yaml --format json > map.json
      argmap export maps/mumbai-to-paris.yaml --format argdown -o map.argdown
    """
    from .exports import export_chunks
    from .fsutil import unwritable, write_atomic
    from .loader import load
    from .validation import validate as validate_map

    loaded = load(map_file)
    problems = validate_map(loaded)
    errors = [p for p in problems if p.is_error]
    if errors:
        _print_problems_to_stderr(errors)
        click.echo(f"{loaded.display_path}: not exported: the map has errors", err=True)
        sys.exit(EXIT_PROBLEMS)
    chunks = export_chunks(loaded, fmt)
    if output is None:
        _write_stdout(chunks)
        return
    _refuse_to_overwrite_inputs(output, _inputs_of([loaded]))
    try:
        write_atomic(output, (chunk.encode("utf-8") for chunk in chunks))
    except OSError as exc:
        _print_problems_to_stderr([unwritable(output, exc)])
        sys.exit(EXIT_PROBLEMS)


def _write_stdout(chunks: Iterable[str]) -> None:
    """Data for standard output, or a problem on standard error when it cannot be delivered
    there: closed (AM903), full or gone (AM903), or in an encoding that cannot carry it (AM904)."""
    from .problems import Location, Problem

    where = Location("<stdout>")
    try:
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
    except UnicodeEncodeError as exc:
        problem = Problem("AM904", f"standard output is in {exc.encoding}, which cannot carry the text (character {exc.object[exc.start]!r})", where,
                          hint="set PYTHONIOENCODING=utf-8, or write a file with -o")
    except OSError as exc:
        problem = Problem("AM903", f"cannot write to standard output: {exc.strerror or exc}", where, hint="write a file with -o, or free the disk or pipe it goes to")
    else:
        return
    _forget_stdout()
    _print_problems_to_stderr([problem])
    sys.exit(EXIT_PROBLEMS)


def _forget_stdout() -> None:
    """Drop what could not be written, so that exiting does not try (and fail) again."""
    try:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # lives until the process ends
    except OSError:
        pass


@cli.command("import", short_help="Make a map from another tool's files (AIF, OVA, microtexts, Argdown...).")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(format_names(reads=True)))
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The map file to write (refused if it exists, unless --force).")
@click.option("--sources-dir", type=click.Path(file_okay=False, path_type=Path), help="Folder for the source texts the input carries. Default: the map's folder.")
@click.option("--force", is_flag=True, help="Replace an existing map or source text.")
@click.option("--source", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="draft: the source text the draft quotes; every quote is checked against it, and the map pins it.")
@output_format_option
def import_(fmt: str, inputs: tuple[Path, ...], output: Path, sources_dir: Path | None, force: bool, output_format: str | None, source: Path | None) -> None:
    """Read another tool's files and write an argmap map (and the source texts
    they carry), every quote anchored, then validate it.

    Whatever the input holds that argmap cannot represent is reported as a
    warning (AM702) with where it stood, and kept in a note where it can be.
    Exit status: 0 when the map was written and has no errors, 1 otherwise.

    \b
    Example:
      argmap import microtexts micro_b001.xml -o maps/micro_b001.yaml
      argmap import aif nodeset6064.json -o maps/moral-maze.yaml
      argmap import draft draft.jsonl --source seeds/text.txt -o maps/draft.yaml
    """
    from .importing import ImportRefused, import_map
    from .loader import display_path

    try:
        report = import_map(fmt, list(inputs), output, sources_dir, force, source)
    except ImportRefused as exc:
        raise click.UsageError(str(exc))
    for note in report.notes:
        click.echo(note, err=True)
    _print_problems(report.problems, 1, _output_format(output_format), _color("auto"), quiet=True)
    for path in report.sources_written:
        click.echo(f"wrote {display_path(path)}", err=True)
    if report.written:
        click.echo(f"wrote {display_path(report.map_path)}", err=True)
    else:
        click.echo(f"{display_path(report.map_path)}: not written: nothing could be imported", err=True)
    sys.exit(EXIT_PROBLEMS if not report.written or any(p.is_error for p in report.problems) else EXIT_OK)


@cli.command(short_help="CI: maps valid, quotes in place, renders fresh.")
@_paths_argument(required=False)
@click.option("--renders-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Folder holding the committed renders. Default: the configured `renders` (renders/).")
@_problem_options
def check(paths: tuple[Path, ...], renders_dir: Path | None, **options: Any) -> None:
    """The CI command: maps valid, quotes in their sources, renders up to date.

    With no PATH it checks every map under the configured `maps` folders
    (default: maps/). A render counts as up to date when the digest stamped in
    it matches the map's content and its sources' bytes under the settings the
    render records (or, when the configuration sets render settings, under
    those). Unchanged maps are not checked again: results are cached by the
    bytes of the map, its sources, its renders, the settings and argmap's
    version (--no-cache to turn it off).

    \b
    Example:
      argmap check                       # every map in maps/, renders in renders/
      argmap check maps/mumbai-to-paris.yaml --strict
      argmap check -j 4 --output-format sarif > argmap.sarif
    """
    if renders_dir is not None:
        options = {**options, "renders_dir": renders_dir}
    _run_problems("check", paths, options)


@cli.command(short_help="Write each source's sha256 into the map.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Say what would change without writing.")
def pin(paths: tuple[Path, ...], dry_run: bool) -> None:
    """Write the sha256 of each source into the map (accept the source as it is now).

    Only the `sha256:` value changes (or one line is added after `path:`);
    comments, order and formatting stay as they are. The file is written
    atomically.

    \b
    Example:
      argmap pin maps/mumbai-to-paris.yaml
    """
    from .check import find_maps
    from .fsutil import unwritable, write_atomic
    from .loader import load
    from .pin import PinError
    from .pin import pin as pin_map

    files = find_maps(paths)
    if not files:
        _no_maps(paths)
    failed = False
    for path in files:
        loaded = load(path)
        try:
            data, changes = pin_map(loaded)
        except PinError as exc:
            click.echo(f"argmap: {exc}", err=True)
            failed = True
            continue
        for change in changes:
            before = change.old[:12] + "…" if change.old else "unpinned"
            click.echo(f"{loaded.display_path}: source {change.source_id!r}: {before} -> {change.new[:12]}…")
        if changes and not dry_run:
            try:
                write_atomic(path, data)  # through a symbolic link to its file, keeping the file's mode
            except OSError as exc:
                _print_problems_to_stderr([unwritable(path, exc)])
                failed = True
        if not changes:
            click.echo(f"{loaded.display_path}: every source is already pinned", err=True)
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


@cli.command(short_help="Which sentences of the sources the map cites.")
@click.argument("map_file", metavar="MAP", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--min", "minimums", multiple=True, metavar="[SOURCE=]PERCENT",
              help="Fail (exit 1) when a quoted source's coverage is below PERCENT; SOURCE=PERCENT sets one source's minimum (repeatable). Default: each source's `coverage_min`.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def coverage(map_file: Path, minimums: tuple[str, ...], fmt: str) -> None:
    """Report which sentences of each source the map cites, and which it leaves out.

    \b
    Example:
      argmap coverage maps/mumbai-to-paris.yaml
      argmap coverage maps/mumbai-to-paris.yaml --min 80 --format json
      argmap coverage maps/mumbai-to-paris.yaml --min 50 --min rashid-2015=80

    Headings, and the lines a source's `front_matter` names, are not counted;
    a source no node quotes is reported as not quoted and never fails.
    """
    from .coverage import below_minimum
    from .coverage import coverage as coverage_of

    minimum: float | None = None
    per_source: dict[str, float] = {}
    for value in minimums:
        source_id, _, number = value.rpartition("=")
        try:
            percent = float(number)
        except ValueError:
            percent = -1.0
        if not 0 <= percent <= 100:
            raise click.BadParameter(f"{value!r}: write PERCENT or SOURCE=PERCENT, with PERCENT from 0 to 100", param_hint="--min")
        if source_id:
            per_source[source_id] = percent
        else:
            minimum = percent
    from .loader import load
    from .rules import RULES, Context

    loaded = load(map_file)
    if loaded.records is None:
        _print_problems_to_stderr(loaded.problems)
        sys.exit(EXIT_PROBLEMS)
    unknown = sorted(set(per_source) - set(loaded.records.sources))
    if unknown:
        raise click.BadParameter(f"the map declares no source {unknown[0]!r}", param_hint="--min")
    reports = coverage_of(loaded)
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
    else:
        for report in reports:
            if not report.quoted:
                click.echo(f"{report.source_id} ({report.path}): not quoted (only referenced)")
                continue
            left_out = f"; {report.left_out} headings and front-matter sentences not counted" if report.left_out else ""
            click.echo(f"{report.source_id} ({report.path}): {report.cited} of {len(report.sentences)} sentences cited ({report.percent:.1f}%{left_out})")
            uncited = [s for s in report.sentences if not s.cited_by]
            if uncited:
                click.echo("  not cited:")
                for s in uncited:
                    click.echo(f"    {s.number:>4}  line {s.line:<5} {_clip(s.text, 90)}")
    below = below_minimum(reports, minimum, per_source)
    for report, required in below:
        click.echo(f"{loaded.display_path}: coverage of {report.source_id!r} is {report.percent:.1f}%, below {required:g}%", err=True)
    unreadable = list(RULES["AM401"](Context(loaded, loaded.records)))  # that rule alone: the rest is not this command's business
    _print_problems_to_stderr(unreadable)
    sys.exit(EXIT_PROBLEMS if below or unreadable else EXIT_OK)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@cli.group(short_help="Read a source the way argmap reads it.")
def sources() -> None:
    """Tools for authors: read a source the way argmap reads it."""


def _read_document(path: Path) -> Any:
    from .provenance import read_document

    _sha256, document, error = read_document(path)
    if document is None:
        raise click.BadParameter(f"cannot read {path}: {error}", param_hint="SOURCE")
    return document


@sources.command("sentences")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def sources_sentences(source: Path) -> None:
    """List a source's sentences, numbered, with their line numbers.

    \b
    Example:
      argmap sources sentences seeds/from-mumbai-to-paris.txt
    """
    document = _read_document(source)
    for number, span in enumerate(document.sentences, start=1):
        text = " ".join(document.sentence_text(number).split())
        click.echo(f"{number:>4}  line {document.line_of(span.start):<5} {text}")


@sources.command("find")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("text")
def sources_find(source: Path, text: str) -> None:
    """Show where a fragment stands in a source, and the whole sentence around it.

    Matching folds typography as quotes do. When the fragment is not there,
    the closest passage is shown instead, and the exit status is 1.

    \b
    Example:
      argmap sources find seeds/from-mumbai-to-paris.txt "none of these targets"
    """
    document = _read_document(source)
    spans = document.find(text)
    for span in spans:
        position = document.position(span.start)
        sentence = " ".join(document.sentence_text(position.sentence).split())
        click.echo(f"{source}:{position.line}:{position.column}: sentence {position.sentence}, paragraph {position.paragraph}, offsets {span.start}-{span.end}")
        click.echo(f"    {sentence}")
    if spans:
        if len(spans) > 1:
            click.echo(f"{len(spans)} occurrences: a quote must stand once, so quote more of the sentence", err=True)
        return
    suggestion = document.closest(text)
    if suggestion is None:
        click.echo("not found", err=True)
    else:
        passage = " ".join(document.text[suggestion.span.start : suggestion.span.end].split())
        click.echo(f"not found; closest passage ({suggestion.score:.0f}% similar), line {suggestion.line}: {passage}", err=True)
    sys.exit(EXIT_PROBLEMS)


@cli.command(short_help="Print the JSON Schema of the map format.")
def schema() -> None:
    """Print the JSON Schema of the map format (for editors and other tools).

    \b
    Example:
      argmap schema > argmap.schema.json
    """
    from .model import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


@cli.command(short_help="List the rules (problem codes), or document one.")
@click.argument("code", required=False)
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(code: str | None, fmt: str) -> None:
    """List every rule: code, name, default severity and what it catches; or
    print one rule's documentation, with a failing and a fixed example.

    A rule is named by its code or its name; the same names select and ignore
    rules in the configuration (`select`, `ignore`, `severity`).

    \b
    Example:
      argmap rules
      argmap rules AM403
      argmap rules quote-not-found
    """
    from .problems import CODES, CODES_BY_NAME
    from .ruledocs import rule_help

    if code is None:
        if fmt == "json":
            click.echo(json.dumps([{"code": c.code, "name": c.name, "severity": c.severity.value, "summary": c.summary} for c in CODES.values()], indent=2))
            return
        for c in CODES.values():
            click.echo(f"{c.code}  {c.name:<24} {c.severity.value:<8} {c.summary}")
        return
    found = CODES.get(code.upper()) or CODES_BY_NAME.get(code.lower())
    if found is None:
        from .problems import closest

        suggestion = closest(code, [*CODES, *CODES_BY_NAME])
        raise click.BadParameter(f"unknown rule {code!r}" + (f"; did you mean {suggestion!r}?" if suggestion else "; `argmap rules` lists them"), param_hint="CODE")
    if fmt == "json":
        click.echo(json.dumps({"code": found.code, "name": found.name, "severity": found.severity.value, "summary": found.summary, "documentation": rule_help(found.code)}, indent=2))
        return
    click.echo(rule_help(found.code), nl=False)


cli.add_command(click.Command("codes", callback=rules.callback, params=rules.params, help="The old name of `argmap rules`.", hidden=True))


@cli.command(short_help="Which claims stand: label every node and inference.")
@click.argument("map_file", metavar="MAP", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--semantics", type=click.Choice(["grounded", "preferred", "stable"]), default="grounded", show_default=True,
              help="grounded: the one sceptical labelling; preferred, stable: what all such labellings agree on.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def evaluate(map_file: Path, semantics: str, fmt: str) -> None:
    """Label every node and inference of a map accepted, rejected or undecided.

    A claim some inference supports is accepted only when one of its supporting
    inferences is; any node is rejected when an accepted inference attacks it.
    See docs/evaluation.md for the exact semantics and the JSON contract. The
    map must be valid; a failed `expect` (AM601) does not stop evaluation, it
    is marked on the node. Exit status: 0 when the labels are printed, 1 when
    the map has errors, 2 when the semantics cannot be computed for this map
    (too many undecided arguments for a preferred or stable search).

    \b
    Example:
      argmap evaluate maps/mumbai-to-paris.yaml
      argmap evaluate maps/mumbai-to-paris.yaml --semantics preferred --format json
    """
    from .evaluation import EvaluationError
    from .evaluation import evaluate as evaluate_graph
    from .loader import load
    from .validation import validate as validate_map

    loaded = load(map_file)
    problems = validate_map(loaded)
    errors = [p for p in problems if p.is_error and p.code != "AM601"]
    if errors:
        _print_problems_to_stderr(errors)
        click.echo(f"{loaded.display_path}: not evaluated: the map has errors", err=True)
        sys.exit(EXIT_PROBLEMS)
    graph = loaded.graph
    try:
        labelling = evaluate_graph(graph, semantics)
    except EvaluationError as exc:
        raise click.UsageError(str(exc))
    if fmt == "json":
        click.echo(json.dumps({"map": loaded.display_path, **labelling.to_data()}, ensure_ascii=False, indent=2))
        return
    header = f"{loaded.display_path}: {semantics} semantics"
    if labelling.extensions is not None:
        found = labelling.extensions
        number = f"{found:,}" if found < 10**9 else f"about 10^{len(str(found)) - 1}"
        header += f", {number} {semantics} labelling{'' if found == 1 else 's'}"
        header += ": every label is undecided" if found == 0 else ", a label they all agree on (undecided where they differ)" if found > 1 else ""
    click.echo(header)
    width = min(40, max((len(node_id) for node_id in labelling.nodes), default=0))
    for node_id, label in labelling.nodes.items():
        node = graph.nodes[node_id]
        marks = " [thesis]" if node_id in graph.theses else ""
        expected = node.record.expect
        if expected is not None and expected != label:
            marks += f" [expected {expected.value}]"
        click.echo(f"{label.value:<9}  {node_id:<{width}}  {_clip(' '.join(node.record.text.split()), 60)}{marks}")
    if labelling.relations:
        click.echo("inferences:")
        for relation_id, label in labelling.relations.items():
            relation = graph.relations[relation_id]
            shown, marks = relation_id, ""
            if relation.argument is not None:
                shown += f" ({' + '.join(relation.sources)} {relation.kind} {relation.target})"
                expected = graph.records.arguments[relation.argument].expect
                if expected is not None and expected != label:
                    marks = f" [expected {expected.value}]"
            click.echo(f"{label.value:<9}  {shown}{marks}")
    summary = labelling.summary()
    click.echo(", ".join(f"{count} {name}" for name, count in summary.items()) + f" ({len(labelling.nodes)} nodes)")


def main() -> None:
    """Entry point: never lets a Python traceback reach the user.

    An error argmap did not foresee is an internal error: one message that says where
    to report it, exit status 3, and the traceback only with `--debug` (anywhere on the
    command line) or ARGMAP_DEBUG=1. Outputs are written atomically, so such an error
    leaves none half-written.
    """
    from .gcpause import paused_gc

    args = sys.argv[1:]
    debug = os.environ.get("ARGMAP_DEBUG", "") not in ("", "0")
    if "--debug" in args[: args.index("--") if "--" in args else len(args)]:
        args.remove("--debug")
        debug = True
    if sys.stdout is None:  # started with standard output closed (`>&-`): writing there must fail, not vanish
        sys.stdout = _closed_stream()
    try:
        os.getcwd()
    except OSError:
        click.echo("argmap: AM905 working-directory-missing: the working directory no longer exists (deleted or moved); cd to a folder that exists", err=True)
        _exit_at_once(EXIT_PROBLEMS)
    try:
        with paused_gc():
            cli.main(args=args, prog_name="argmap", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("argmap: interrupted", err=True)
        _exit_at_once(130)
    except SystemExit as done:
        _exit_at_once(done.code)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if isinstance(exc, UnicodeEncodeError) and exc.encoding.replace("_", "-").lower() == (getattr(sys.stdout, "encoding", None) or "").replace("_", "-").lower():
            _forget_stdout()
            click.echo(f"argmap: AM904 output-encoding: standard output is in {exc.encoding}, which cannot carry the text; set PYTHONIOENCODING=utf-8", err=True)
            _exit_at_once(EXIT_PROBLEMS)
        if _stdout_broken() or (isinstance(exc, OSError) and exc.errno in _STREAM_ERRNOS):
            # Every file is written through write_atomic, whose errors the commands report (AM901):
            # an OSError of this kind that reaches here came from standard output.
            _forget_stdout()
            click.echo(f"argmap: AM903 stdout-unwritable: cannot write to standard output: {getattr(exc, 'strerror', None) or exc}", err=True)
            _exit_at_once(EXIT_PROBLEMS)
        if debug:
            import traceback

            traceback.print_exc()
        click.echo(f"argmap: internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo(f"This is a bug in argmap; please report it, with the command and the files that caused it, at {_issue_tracker()}"
                   + ("" if debug else " (run again with --debug to see the traceback)"), err=True)
        _exit_at_once(EXIT_INTERNAL)


#: What writing to a closed, full or vanished standard output raises.
_STREAM_ERRNOS = frozenset({errno.EPIPE, errno.EBADF, errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG})


def _closed_stream() -> Any:
    """A text stream whose writes fail as writing to a closed file descriptor does."""
    import io

    class Closed(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def write(self, data: Any) -> int:
            raise OSError(errno.EBADF, "standard output is closed")

    return io.TextIOWrapper(io.BufferedWriter(Closed()), encoding="utf-8")


def _issue_tracker() -> str:
    """Where to report a bug: the package's `Issues` URL, or words when it has none."""
    try:
        from importlib.metadata import metadata

        for entry in metadata("argmap").get_all("Project-URL") or []:
            label, _, url = entry.partition(",")
            if label.strip().lower() in ("issues", "bug tracker", "tracker") and url.strip():
                return url.strip()
    except Exception:  # noqa: BLE001 - no metadata: say it in words
        pass
    return "the project's issue tracker"


def _stdout_broken() -> bool:
    """Whether standard output is closed or cannot take what was written to it."""
    if sys.stdout is None:
        return False
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        return True
    return False


def _exit_at_once(code: object) -> None:
    """End the process without tearing the interpreter down.

    Every output file is written and closed by now; what is left is freeing each
    object of the map one by one and a last garbage collection over them, which
    took 10% of `validate` on a 10 000-node map. Standard output and error are
    flushed first, so nothing printed is lost.
    """
    if code is None:
        status = EXIT_OK
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message") prints the message and fails
        click.echo(str(code), err=True)
        status = 1
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except (OSError, ValueError) as exc:  # what was printed never arrived: the run did not do its job
        if status == EXIT_OK:
            status = EXIT_PROBLEMS
        try:
            sys.stderr.write(f"argmap: AM903 stdout-unwritable: cannot write to standard output: {getattr(exc, 'strerror', None) or exc}\n")
        except (OSError, ValueError, AttributeError):
            pass
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
    except (OSError, ValueError):  # nothing more can be said there
        pass
    os._exit(status)
