"""`argmap diff`: how the argument changed between two versions of a map."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from argmap.loader import LoadedMap

EXIT_SAME, EXIT_CHANGED, EXIT_BAD_INPUT = 0, 1, 2


class _Side:
    """One of the two maps as the command line names it: a file, or a file at a revision."""

    def __init__(self, path: str, revision: str | None = None) -> None:
        self.path = path
        self.revision = revision

    def load(self) -> tuple[LoadedMap, str, tuple[str, ...]]:
        """The loaded map, how it is named in the output, and notes on how it was read."""
        from argmap.loader import display_path, load
        from argmap.mapdiff import load_revision

        if self.revision is not None:
            committed = load_revision(self.revision, self.path)
            return committed.loaded, committed.label, committed.notes
        return load(self.path), display_path(Path(self.path)), ()


def _side(argument: str, name: str) -> _Side | None:
    """A file; else ``REV:PATH``; else None (a bare revision, which takes the other map's path)."""
    if Path(argument).exists():
        if Path(argument).is_dir():
            raise click.BadParameter(f"{argument} is a folder; diff compares two map files", param_hint=name)
        return _Side(argument)
    revision, colon, path = argument.partition(":")
    if colon:
        if not revision or not path:
            raise click.BadParameter(f"{argument!r}: write REV:PATH, e.g. HEAD~1:maps/x.yaml", param_hint=name)
        return _Side(path, revision)
    return None


@click.command("diff", short_help="How the argument changed between two versions of a map.")
@click.argument("maps", nargs=-1, metavar="[OLD] NEW")
@click.option("--rev", "revision", metavar="REV", help="Compare MAP as committed at REV (a commit, branch or tag) with MAP as it is now.")
@click.option("--output-format", type=click.Choice(["text", "json", "github"]), default=None,
              help="text (sections for reviewers), json, or github (workflow annotations on the new map's lines). Default: github inside GitHub Actions, else text.")
@click.option("--render", "render_to", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.svg|FILE.html",
              help="Also draw the diff: both maps in one diagram, every change marked (SVG, or an HTML page with the SVG and the report).")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the maps differ, 0 when they do not (as `git diff --exit-code`).")
def command(maps: tuple[str, ...], revision: str | None, output_format: str | None, render_to: Path | None, exit_code: bool) -> None:
    """Report how the argument changed: nodes added, removed and changed (which
    fields, old and new value), relations added and removed, quotes whose passage
    moved or changed in the source, grounded labels that flip, and removed and added
    nodes with the same text (possibly renamed). Ids are the identity.

    OLD and NEW are map files, or REV:PATH for a map as committed at a revision
    (PATH relative to the current folder, as any path). OLD may be a bare
    revision: then it is NEW's path at that revision. With one MAP, it is
    compared with its last commit (HEAD), or with --rev REV. A committed map's
    relative sources are read from the same revision.

    Exit status: 0 when the diff is printed (1 with --exit-code when the maps
    differ), 2 when a map cannot be read or compared (format errors, unknown
    revision, not in git).

    \b
    Example:
      argmap diff maps/old.yaml maps/new.yaml
      argmap diff HEAD~1 maps/mumbai-to-paris.yaml
      argmap diff --rev origin/main maps/mumbai-to-paris.yaml --output-format github
      argmap diff maps/mumbai-to-paris.yaml --render diff.svg
    """
    from argmap.diagram import RenderError
    from argmap.diffdiagram import render_diff
    from argmap.fsutil import write_atomic
    from argmap.loader import display_path
    from argmap.mapdiff import REPORTERS, DiffError, diff_maps

    old_side, new_side = _sides(maps, revision)
    if render_to is not None and render_to.suffix.lower() not in (".svg", ".html"):
        raise click.BadParameter(f"{render_to} does not end in .svg or .html", param_hint="--render")
    try:
        old, old_label, old_notes = old_side.load()
        new, new_label, new_notes = new_side.load()
        diff = diff_maps(old, new, old_label, new_label, old_notes + new_notes, new_file=display_path(Path(new_side.path)))
    except DiffError as exc:
        for problem in exc.problems:
            click.echo(f"{problem.location}: {problem.code} [{problem.severity.value}] {problem.message}", err=True)
            if problem.hint:
                click.echo(f"    hint: {problem.hint}", err=True)
        click.echo(f"argmap: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    report = REPORTERS[output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")](diff)
    if report:
        click.echo(report)
    if render_to is not None:
        _refuse_to_overwrite_inputs(render_to, new)
        try:
            write_atomic(render_to, render_diff(old, new, diff, render_to.suffix.lower()[1:]))
        except RenderError as exc:
            click.echo(f"argmap: {exc}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except OSError as exc:
            click.echo(f"argmap: cannot write {render_to}: {exc.strerror or exc}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        click.echo(f"wrote {display_path(render_to)}", err=True)
    sys.exit(EXIT_CHANGED if exit_code and diff.changed else EXIT_SAME)


def _sides(maps: tuple[str, ...], revision: str | None) -> tuple[_Side, _Side]:
    if revision is not None:
        if len(maps) != 1:
            raise click.UsageError("with --rev, give one MAP: its version at REV is compared with the file as it is now")
        return _Side(_file(maps[0], "MAP").path, revision), _file(maps[0], "MAP")
    if len(maps) == 1:
        new = _file(maps[0], "MAP")
        return _Side(new.path, "HEAD"), new
    if len(maps) != 2:
        raise click.UsageError("give OLD and NEW (map files or REV:PATH), or one MAP to compare with HEAD")
    new = _side(maps[1], "NEW")
    if new is None:
        raise click.BadParameter(f"{maps[1]}: no such file (NEW is a map file or REV:PATH)", param_hint="NEW")
    old = _side(maps[0], "OLD")
    if old is None and maps[0].lower().endswith((".yaml", ".yml")):
        raise click.BadParameter(f"{maps[0]}: no such file", param_hint="OLD")
    if old is None:  # a bare revision: NEW's path at that revision
        old = _Side(new.path, maps[0])
    return old, new


def _file(argument: str, name: str) -> _Side:
    side = _side(argument, name)
    if side is None or side.revision is not None:
        raise click.BadParameter(f"{argument}: no such file", param_hint=name)
    return side


def _refuse_to_overwrite_inputs(target: Path, loaded: LoadedMap) -> None:
    """A render must never replace the map or one of its sources."""
    from argmap.provenance import resolve

    inputs = [loaded.path, *(source.path for source in resolve(loaded).sources.values())]
    if target.exists() and any(target.resolve() == path.resolve() for path in inputs if path.exists()):
        raise click.UsageError(f"refusing to write {target}: it is an input of {loaded.display_path} (the map or one of its sources)")
