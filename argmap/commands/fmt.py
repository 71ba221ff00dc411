"""`argmap fmt`: maps in canonical order and layout, comments kept, meaning unchanged."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command(short_help="Put maps in canonical order and layout (comments kept).")
@click.argument("paths", metavar="MAP...", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; list the maps that are not formatted and exit 1 if there are any.")
@click.option("--diff", "show_diff", is_flag=True, help="Write nothing; print what would change, as a unified diff.")
def command(paths: tuple[Path, ...], check: bool, show_diff: bool) -> None:
    """Put maps (files, or every map in folders) in canonical order and layout.

    Top-level keys and the fields of every entry follow the order of the format's
    declaration (argmap, title, description, sources, default_source, agents,
    claims, evidence, arguments; a node's text, quote, source, supports...);
    entries keep their order. Indentation is two spaces; lists of ids are written
    `[a, b]`; long lines are never wrapped; comments and quoting stay as written.
    A map is written (atomically, keeping its file mode and symbolic links) only
    when the result loads into exactly the same map; a map with YAML or format
    errors is left as it is and reported.

    Exit status: 0 when every map is formatted (or was formatted now), 1 when a
    map could not be formatted or, with --check, is not formatted.

    \b
    Example:
      argmap fmt maps/
      argmap fmt --check maps/          # in CI
      argmap fmt --diff maps/mumbai-to-paris.yaml
    """
    import difflib

    from argmap.check import find_maps
    from argmap.formatting import FormatRefused, format_map
    from argmap.fsutil import write_atomic
    from argmap.loader import display_path

    files = find_maps(paths)
    if not files:
        raise click.UsageError("no map files (*.yaml, *.yml) found in: " + ", ".join(str(p) for p in paths))
    failed = unformatted = changed = 0
    for path in files:
        shown = display_path(path)
        try:
            raw = path.read_bytes()
            formatted = format_map(raw, path)
        except FormatRefused as exc:
            click.echo(f"{shown}: {exc}", err=True)
            failed += 1
            continue
        except OSError as exc:
            click.echo(f"{shown}: cannot read: {exc.strerror or exc}", err=True)
            failed += 1
            continue
        if formatted == raw:
            continue
        unformatted += 1
        if show_diff:
            before = raw.decode("utf-8-sig").splitlines(keepends=True)
            after = formatted.decode("utf-8-sig").splitlines(keepends=True)
            click.echo("".join(difflib.unified_diff(before, after, f"{shown} (as written)", f"{shown} (formatted)")), nl=False)
        if check:
            click.echo(f"would reformat {shown}")
        elif not show_diff:
            try:
                write_atomic(path, formatted)
            except OSError as exc:
                click.echo(f"{shown}: cannot write: {exc.strerror or exc}", err=True)
                failed += 1
                continue
            changed += 1
            click.echo(f"formatted {shown}", err=True)
    plural = lambda n: f"{n} map{'' if n == 1 else 's'}"  # noqa: E731
    if check or show_diff:
        click.echo(f"{plural(unformatted)} not formatted, {plural(len(files) - unformatted - failed)} formatted" + (f", {plural(failed)} not formattable" if failed else ""), err=True)
    else:
        click.echo(f"{plural(changed)} formatted, {plural(len(files) - changed - failed)} already formatted" + (f", {plural(failed)} not formattable" if failed else ""), err=True)
    sys.exit(1 if failed or (check and unformatted) else 0)
