"""`argmap init`: a new project that passes `argmap check` at once."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command(short_help="Set up a project: folders, settings, an example map and its render.")
@click.argument("folder", metavar="[DIR]", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Set up in a folder that is not empty (files already there are kept, never overwritten).")
def command(folder: Path, force: bool) -> None:
    """Set up a new argmap project in DIR (default: here).

    \b
    It writes:
      argmap.toml                the project's settings (maps = ["maps"], renders = "renders")
      schema/argmap.schema.json  the map format's JSON Schema, for editors
      sources/library.txt        an example source text
      maps/library.yaml          an example map over it: claims, evidence, an attack,
                                 linked premises, every quote verbatim and pinned
      renders/library.svg        its render, so that `argmap check` passes at once

    A folder that is not empty is refused unless --force is given; even then no
    file that is already there is overwritten.

    \b
    Example:
      argmap init my-project && cd my-project && argmap check
      argmap new --source sources/federalist-51.txt     # then a map of your own
    """
    from argmap.fsutil import write_atomic
    from argmap.loader import display_path, load
    from argmap.rendering import RenderError, RenderOptions, render
    from argmap.starter import init_project
    from argmap.validation import validate

    if folder.exists() and not folder.is_dir():
        raise click.UsageError(f"{folder} is not a folder")
    if folder.exists() and any(folder.iterdir()) and not force:
        raise click.UsageError(f"{folder} is not empty; pass --force to set up a project in it anyway (no file there is overwritten)")
    try:
        project = init_project(folder, write_atomic)
    except OSError as exc:
        click.echo(f"argmap: cannot set up {folder}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    for path in project.written:
        click.echo(f"wrote {display_path(path)}", err=True)
    for path in project.kept:
        click.echo(f"kept {display_path(path)} as it was", err=True)
    loaded = load(project.map_path)
    errors = [p for p in validate(loaded) if p.is_error]
    target = project.root / "renders" / f"{loaded.name}.svg"
    if errors:
        click.echo(f"{display_path(project.map_path)} has errors (`argmap validate` lists them): not rendered", err=True)
        sys.exit(1)
    if target.exists():
        click.echo(f"kept {display_path(target)} as it was", err=True)
    else:
        try:
            write_atomic(target, render(loaded, "svg", RenderOptions()))
        except (RenderError, OSError) as exc:
            click.echo(f"argmap: cannot render {display_path(project.map_path)}: {exc}", err=True)
            sys.exit(1)
        click.echo(f"wrote {display_path(target)}", err=True)
    inside = "" if folder.resolve() == Path.cwd().resolve() else f"cd {folder} && "
    click.echo(f"next: {inside}argmap check; then start a map of your own with `argmap new --source sources/<your text>`", err=True)
