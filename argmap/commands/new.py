"""`argmap new`: a starter map over a source, ready to quote from."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command(short_help="Start a map over a source: sources block pinned, its sentences listed.")
@click.option("--source", "source", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help="The text the map quotes (plain text, Markdown or HTML).")
@click.option("--id", "source_id", metavar="ID", help="The source's id in the map. Default: from the file name.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The map file to write. Default: maps/<source name>.yaml.")
@click.option("--force", is_flag=True, help="Replace the map file if it exists.")
def command(source: Path, source_id: str | None, output: Path | None, force: bool) -> None:
    """Write a starter map over SOURCE and validate it.

    The map has the `sources:` block filled in and pinned (sha256), the title and
    author where the source states them, an empty `claims:` section with a
    commented example, and every sentence of the source as a comment, numbered,
    to copy quotes from. Its first line points editors (VS Code's YAML extension,
    any yaml-language-server) at the JSON Schema, so they complete and check the
    map while you type. An existing file is not replaced unless --force is given.

    \b
    Example:
      argmap new --source sources/federalist-51.txt
      argmap new --source seeds/from-mumbai-to-paris.txt --id rashid-2015 -o maps/rashid.yaml
    """
    from argmap.cli import _emit
    from argmap.fsutil import write_atomic
    from argmap.loader import display_path, load
    from argmap.starter import StarterError, source_id_for, starter_map
    from argmap.validation import validate

    output = output if output is not None else Path("maps") / f"{source_id_for(source)}.yaml"
    if output.exists() and not force:
        raise click.UsageError(f"{output} exists; pass --force to replace it")
    if output.exists() and output.resolve() == source.resolve():
        raise click.UsageError(f"refusing to write {output}: it is the source")
    from argmap.safety import project_root, source_refusal

    refusal = source_refusal(source, output)
    if refusal is not None and refusal.code == "AM408":
        # The map would fail validation at once: its source lies outside the map's project.
        root = display_path(project_root(output))
        raise click.UsageError(
            f"{source} is outside the project of {output} ({root}: the nearest folder above the map with an argmap.toml, "
            f"pyproject.toml or .git), so argmap would refuse to read it there; write the map inside the source's project, "
            f"copy the source into {root}, or make a project that holds both with `argmap init`"
        )
    try:
        starter = starter_map(source, output, source_id)
    except StarterError as exc:
        raise click.BadParameter(str(exc), param_hint="--source" if source_id is None or "read" in str(exc) else "--id")
    try:
        write_atomic(output, starter.text.encode("utf-8"))
    except OSError as exc:
        click.echo(f"argmap: cannot write {output}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    said = ", ".join(f"{what} {value!r}" for what, value in (("title", starter.title), ("author", starter.author)) if value)
    click.echo(f"wrote {display_path(output)}: source {starter.source_id!r} pinned" + (f", {said}" if said else "") + f", {starter.listed} sentences listed to quote from", err=True)
    problems = validate(load(output))
    _emit(problems, 1, "text", False)
    sys.exit(1 if any(p.is_error for p in problems) else 0)
