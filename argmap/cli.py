"""The command line: wires options to the library and chooses output and exit code.

Exit codes: 0 no errors, 1 errors found (or warnings with --strict), 2 usage
errors (click's own). Heavy modules (pydantic, graphviz, sentencex) are imported
inside the commands, so `argmap --help` and `argmap --version` start fast.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .choices import CLUSTER_BY, DIRECTIONS, ENGINES, FORMATS, LABELS
from .formats import FORMATS as EXCHANGE_FORMATS
from .formats import names as format_names

if TYPE_CHECKING:
    from .problems import Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


# --- reporters ---------------------------------------------------------------------------


def _report_text(problems: list[Problem], out: Callable[[str], None]) -> None:
    for p in problems:
        out(f"{p.location}: {p.code} [{p.severity.value}] {p.message}")
        if p.hint:
            out(f"    hint: {p.hint}")


def _report_github(problems: list[Problem], out: Callable[[str], None]) -> None:
    for p in problems:
        level = "error" if p.is_error else "warning"
        loc = p.location
        message = f"{p.code} {p.message}" + (f" ({p.hint})" if p.hint else "")
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        out(f"::{level} file={loc.path},line={loc.line or 1},col={loc.column or 1},title={p.code} {p.name}::{message}")


def _report_json(problems: list[Problem], out: Callable[[str], None]) -> None:
    out(json.dumps([p.to_dict() for p in problems], ensure_ascii=False, indent=2))


REPORTERS: dict[str, Callable[[list[Problem], Callable[[str], None]], None]] = {
    "text": _report_text,
    "github": _report_github,
    "json": _report_json,
}


def _default_output_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _summary(problems: list[Problem], files: int) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    plural = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"  # noqa: E731
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(files, 'map')}"


def _exit_code(problems: list[Problem], strict: bool) -> int:
    if any(p.is_error for p in problems) or (strict and problems):
        return EXIT_PROBLEMS
    return EXIT_OK


def _emit(problems: list[Problem], files: int, output_format: str, quiet: bool) -> None:
    REPORTERS[output_format](problems, click.echo)
    if output_format != "json" and not quiet:
        click.echo(_summary(problems, files), err=True)


output_format_option = click.option(
    "--output-format",
    type=click.Choice(sorted(REPORTERS)),
    default=None,
    help="How problems are printed: text (path:line:col: CODE [severity] message), github (workflow annotations) or json. Default: github inside GitHub Actions, else text.",
)


# --- commands ----------------------------------------------------------------------------


#: Commands that live in their own module under ``argmap/commands/``: name -> module.
#: Each module defines ``command``, a :class:`click.Command`, and imports its heavy
#: modules inside the command, so importing it costs next to nothing.
LAZY_COMMANDS: dict[str, str] = {}


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
@_paths_argument()
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@output_format_option
@click.option("-q", "--quiet", is_flag=True, help="Do not print the summary line.")
def validate(paths: tuple[Path, ...], strict: bool, output_format: str | None, quiet: bool) -> None:
    """Check map files (or every map in folders) and list their problems.

    Each problem is printed as `path:line:col: CODE [severity] message`, with a
    hint on the next line when there is one. Exit status: 0 when there are no
    errors, 1 when there are (or warnings with --strict), 2 on usage errors.

    \b
    Example:
      argmap validate maps/
      argmap validate --strict --output-format github maps/mumbai-to-paris.yaml
    """
    from .check import find_maps
    from .loader import load
    from .problems import sorted_problems
    from .validation import validate as validate_map

    files = find_maps(paths)
    if not files:
        _no_maps(paths)
    problems = []
    for path in files:
        problems.extend(validate_map(load(path)))
    problems = sorted_problems(problems)
    _emit(problems, len(files), output_format or _default_output_format(), quiet)
    sys.exit(_exit_code(problems, strict))


@cli.command(short_help="Draw maps as svg, png, pdf, dot or an html page.")
@_paths_argument()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Output file (one map, one format). Default: RENDERS-DIR/<map name>.<format>.")
@click.option("-f", "--format", "formats", type=click.Choice(FORMATS), multiple=True, help="Output format; repeat for several. Default: svg.")
@click.option("--renders-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("renders"), show_default=True, help="Folder for renders when no --output is given.")
@click.option("--direction", type=click.Choice(DIRECTIONS), default="auto", show_default=True, help="Layout direction: BT puts the thesis at the top, RL at the left; auto picks BT for narrow maps, RL for wide ones.")
@click.option("--engine", type=click.Choice(ENGINES), default="dot", show_default=True, help="Graphviz layout engine; sfdp for very large maps.")
@click.option("--labels", type=click.Choice(LABELS), default="both", show_default=True, help="What each box shows: the text, the id, or both.")
@click.option("--cluster-by", type=click.Choice(CLUSTER_BY), default=None, help="Draw a box around the nodes of each group (the `group` field) or first tag.")
@click.option("--focus", metavar="ID", help="Draw only the neighbourhood of this node.")
@click.option("--depth", type=click.IntRange(0), default=1, show_default=True, help="With --focus: how many relations away to go.")
@click.option("--tag", metavar="TAG", help="Draw only the nodes with this tag and those that connect them.")
@click.option("--wrap", type=click.IntRange(8), default=34, show_default=True, help="Wrap node text at this many characters.")
@click.option("--status", is_flag=True, help="Mark every node and argument with its grounded label: ✓ accepted, ✗ rejected (greyed), ? undecided.")
@output_format_option
def render(
    paths: tuple[Path, ...],
    output: Path | None,
    formats: tuple[str, ...],
    renders_dir: Path,
    direction: str,
    engine: str,
    labels: str,
    cluster_by: str | None,
    focus: str | None,
    depth: int,
    tag: str | None,
    wrap: int,
    status: bool,
    output_format: str | None,
) -> None:
    """Render maps as diagrams (svg, png, pdf, dot) or provenance pages (html).

    The html format is one self-contained page: the diagram beside the source
    text, every quoted passage highlighted; click a node to see its passage,
    click a passage to see its node. Files are written atomically. A map with
    errors is not rendered: its problems are listed and the exit status is 1.
    The same input always gives the same bytes.

    \b
    Example:
      argmap render maps/mumbai-to-paris.yaml            # -> renders/mumbai-to-paris.svg
      argmap render maps/ -f svg -f png                  # every map, two formats
      argmap render maps/mumbai-to-paris.yaml -f html     # -> renders/mumbai-to-paris.html
      argmap render maps/mumbai-to-paris.yaml -o map.pdf -f pdf
      argmap render maps/mumbai-to-paris.yaml --focus targets-not-random --depth 2 -o focus.svg
    """
    from .check import find_maps, render_path
    from .diagram import RenderError, RenderOptions
    from .fsutil import write_atomic
    from .loader import display_path, load
    from .rendering import render as render_map
    from .validation import validate as validate_map

    files = find_maps(paths)
    if not files:
        _no_maps(paths)
    formats = formats or ("svg",)
    if output is not None and (len(files) > 1 or len(formats) > 1):
        raise click.UsageError("--output takes one map and one format; use --renders-dir for several")
    if output is not None and not _suffix_matches(output, formats[0]):
        raise click.UsageError(f"--output {output} does not end in .{formats[0]}; pass --format to match")
    options = RenderOptions(direction=direction, engine=engine, labels=labels, cluster_by=cluster_by, focus=focus, depth=depth, tag=tag, wrap=wrap, status=status)
    failed = False
    for path in files:
        loaded = load(path)
        problems = validate_map(loaded)
        if any(p.is_error for p in problems):
            REPORTERS[output_format or _default_output_format()](problems, click.echo)
            click.echo(f"{loaded.display_path}: not rendered: the map has errors", err=True)
            failed = True
            continue
        for fmt in formats:
            target = output or render_path(loaded, renders_dir, fmt)
            _refuse_to_overwrite_inputs(target, loaded)
            try:
                data = render_map(loaded, fmt, options)
                write_atomic(target, data)
            except RenderError as exc:
                click.echo(f"argmap: {exc}", err=True)
                sys.exit(EXIT_PROBLEMS)
            except OSError as exc:
                click.echo(f"argmap: cannot write {target}: {exc.strerror or exc}", err=True)
                sys.exit(EXIT_PROBLEMS)
            click.echo(f"wrote {display_path(target)}", err=True)
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


def _refuse_to_overwrite_inputs(target: Path, loaded: Any) -> None:
    """An output must never replace what the user wrote: the map or one of its sources."""
    from .provenance import resolve

    inputs = [loaded.path, *(source.path for source in resolve(loaded).sources.values())]
    if target.exists() and any(target.resolve() == path.resolve() for path in inputs if path.exists()):
        raise click.UsageError(f"refusing to write {target}: it is an input of {loaded.display_path} (the map or one of its sources)")


def _suffix_matches(output: Path, fmt: str) -> bool:
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
    from .fsutil import write_atomic
    from .loader import load
    from .validation import validate as validate_map

    loaded = load(map_file)
    problems = validate_map(loaded)
    errors = [p for p in problems if p.is_error]
    if errors:
        REPORTERS["text"](errors, lambda line: click.echo(line, err=True))
        click.echo(f"{loaded.display_path}: not exported: the map has errors", err=True)
        sys.exit(EXIT_PROBLEMS)
    chunks = export_chunks(loaded, fmt)
    if output is None:
        for chunk in chunks:
            click.echo(chunk, nl=False)
    else:
        _refuse_to_overwrite_inputs(output, loaded)
        write_atomic(output, (chunk.encode("utf-8") for chunk in chunks))


@cli.command("import", short_help="Make a map from another tool's files (AIF, OVA, microtexts, Argdown...).")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(format_names(reads=True)))
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The map file to write (refused if it exists, unless --force).")
@click.option("--sources-dir", type=click.Path(file_okay=False, path_type=Path), help="Folder for the source texts the input carries. Default: the map's folder.")
@click.option("--force", is_flag=True, help="Replace an existing map or source text.")
@output_format_option
def import_(fmt: str, inputs: tuple[Path, ...], output: Path, sources_dir: Path | None, force: bool, output_format: str | None) -> None:
    """Read another tool's files and write an argmap map (and the source texts
    they carry), every quote anchored, then validate it.

    Whatever the input holds that argmap cannot represent is reported as a
    warning (AM702) with where it stood, and kept in a note where it can be.
    Exit status: 0 when the map was written and has no errors, 1 otherwise.

    \b
    Example:
      argmap import microtexts micro_b001.xml -o maps/micro_b001.yaml
      argmap import aif nodeset6064.json -o maps/moral-maze.yaml
    """
    from .importing import ImportRefused, import_map
    from .loader import display_path

    try:
        report = import_map(fmt, list(inputs), output, sources_dir, force)
    except ImportRefused as exc:
        raise click.UsageError(str(exc))
    REPORTERS[output_format or _default_output_format()](report.problems, click.echo)
    for path in report.sources_written:
        click.echo(f"wrote {display_path(path)}", err=True)
    if report.written:
        click.echo(f"wrote {display_path(report.map_path)}", err=True)
    else:
        click.echo(f"{display_path(report.map_path)}: not written: nothing could be imported", err=True)
    sys.exit(EXIT_PROBLEMS if not report.written or any(p.is_error for p in report.problems) else EXIT_OK)


@cli.command(short_help="CI: maps valid, quotes in place, renders fresh.")
@_paths_argument(required=False)
@click.option("--renders-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("renders"), show_default=True, help="Folder holding the committed renders.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@output_format_option
@click.option("-q", "--quiet", is_flag=True, help="Do not print the summary line.")
def check(paths: tuple[Path, ...], renders_dir: Path, strict: bool, output_format: str | None, quiet: bool) -> None:
    """The CI command: maps valid, quotes in their sources, renders up to date.

    With no PATH it checks every map under maps/. A render counts as up to
    date when the digest stamped in it matches the map's content and its
    sources' bytes under the settings the render records, so neither another
    Graphviz version nor non-default render options make it stale.

    \b
    Example:
      argmap check                       # every map in maps/, renders in renders/
      argmap check maps/mumbai-to-paris.yaml --strict
    """
    from .check import check as check_maps

    if not paths:
        if not Path("maps").is_dir():
            raise click.UsageError("no PATH given and no maps/ folder here")
        paths = (Path("maps"),)
    reports = check_maps(paths, renders_dir)
    if not reports:
        _no_maps(paths)
    problems = [p for report in reports for p in report.problems]
    _emit(problems, len(reports), output_format or _default_output_format(), quiet)
    sys.exit(_exit_code(problems, strict))


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
    from .fsutil import write_atomic
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
            write_atomic(path, data)
        if not changes:
            click.echo(f"{loaded.display_path}: every source is already pinned", err=True)
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


@cli.command(short_help="Which sentences of the sources the map cites.")
@click.argument("map_file", metavar="MAP", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--min", "minimum", type=click.FloatRange(0, 100), help="Fail (exit 1) when a source's coverage is below PERCENT.", metavar="PERCENT")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def coverage(map_file: Path, minimum: float | None, fmt: str) -> None:
    """Report which sentences of each source the map cites, and which it leaves out.

    \b
    Example:
      argmap coverage maps/mumbai-to-paris.yaml
      argmap coverage maps/mumbai-to-paris.yaml --min 80 --format json
    """
    from .coverage import coverage as coverage_of
    from .loader import load
    from .rules import RULES, Context

    loaded = load(map_file)
    if loaded.records is None:
        REPORTERS["text"](loaded.problems, lambda line: click.echo(line, err=True))
        sys.exit(EXIT_PROBLEMS)
    reports = coverage_of(loaded)
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
    else:
        for report in reports:
            click.echo(f"{report.source_id} ({report.path}): {report.cited} of {len(report.sentences)} sentences cited ({report.percent:.1f}%)")
            uncited = [s for s in report.sentences if not s.cited_by]
            if uncited:
                click.echo("  not cited:")
                for s in uncited:
                    click.echo(f"    {s.number:>4}  line {s.line:<5} {_clip(s.text, 90)}")
    below = [r for r in reports if minimum is not None and r.percent < minimum]
    for report in below:
        click.echo(f"{loaded.display_path}: coverage of {report.source_id!r} is {report.percent:.1f}%, below {minimum:g}%", err=True)
    unreadable = list(RULES["AM401"](Context(loaded, loaded.records)))  # that rule alone: the rest is not this command's business
    REPORTERS["text"](unreadable, lambda line: click.echo(line, err=True))
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


@cli.command(short_help="List the problem codes, or explain one.")
@click.argument("code", required=False)
def codes(code: str | None) -> None:
    """List the problem codes, or explain one (by code or name).

    \b
    Example:
      argmap codes
      argmap codes AM403
      argmap codes quote-not-found
    """
    from .problems import CODES, CODES_BY_NAME

    if code is None:
        for c in CODES.values():
            click.echo(f"{c.code}  {c.name:<22} {c.severity.value:<8} {c.summary}")
        return
    found = CODES.get(code.upper()) or CODES_BY_NAME.get(code.lower())
    if found is None:
        raise click.BadParameter(f"unknown problem code {code!r}; `argmap codes` lists them", param_hint="CODE")
    click.echo(f"{found.code} {found.name} ({found.severity.value})\n\n{found.summary}\n\nSee docs/problems.md#{found.code.lower()}-{found.name}")


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
        REPORTERS["text"](errors, lambda line: click.echo(line, err=True))
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
    """Entry point: never lets a Python traceback reach the user."""
    from .gcpause import paused_gc

    try:
        with paused_gc():
            cli.main(prog_name="argmap", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("argmap: interrupted", err=True)
        sys.exit(130)
    except SystemExit as done:
        _exit_at_once(done.code)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        click.echo(f"argmap: internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo("This is a bug in argmap; please report it with the file that caused it.", err=True)
        sys.exit(3)


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
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can be said there
            pass
    os._exit(status)
