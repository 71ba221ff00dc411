"""`argmap fix`: apply the fixes that cannot change what a map says, keeping its layout."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

EXIT_OK, EXIT_PROBLEMS = 0, 1


@click.command("fix", short_help="Repair near-verbatim quotes and missing pins, keeping comments and layout.")
@click.argument("map_file", metavar="MAP", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--diff", "show_diff", is_flag=True, help="Print the changes as a unified diff and write nothing.")
@click.option("--threshold", type=click.IntRange(0, 50), default=None, metavar="N",
              help="Replace a quote when at most N words (or punctuation marks) differ from its one closest passage, and at most one in four. Default: 3. 0 allows only case, spacing and typography.")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True, help="How the report is printed.")
def command(map_file: Path, show_diff: bool, threshold: int | None, output_format: str) -> None:
    """Apply the fixes that cannot change what the map says, and report what
    is left and why.

    \b
    - A quote that differs from exactly one passage of its source only in
      letter case, spacing or typography, or in at most N words, becomes the
      exact text of that passage.
    - A quote that leaves text out with an ellipsis ("..." or "…"), each part
      standing once and in order, becomes a list of those passages.
    - A source without a pin gets its `sha256:`.

    It never chooses between two passages that fit as well, never edits a map
    with YAML or format errors, and writes the file atomically, comments and
    layout kept byte for byte. Exit status: 0 when the map is left without
    errors, 1 when problems remain.

    \b
    Example:
      argmap fix maps/federalist-51.yaml --diff
      argmap fix maps/federalist-51.yaml --threshold 1
    """
    from argmap.fixing import DEFAULT_THRESHOLD, FixRefused, fix_map, report_lines, write_fixed
    from argmap.loader import display_path

    shown = display_path(map_file)
    try:
        result = fix_map(map_file, DEFAULT_THRESHOLD if threshold is None else threshold)
        if result.changed and not show_diff:
            write_fixed(result)
    except FixRefused as exc:
        click.echo(f"argmap: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    if output_format == "json":
        report = {
            "map": shown,
            "written": result.changed and not show_diff,
            "fixed": [item.to_dict() for item in result.done],
            "not_fixed": [item.to_dict() for item in result.not_done],
            "errors_remaining": len(result.remaining),
        }
        if show_diff:
            report["diff"] = result.diff(shown)
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        if show_diff:
            click.echo(result.diff(shown), nl=False)
        for line in report_lines(result, shown):
            click.echo(line, err=show_diff)
        if result.changed and not show_diff:
            click.echo(f"wrote {shown}", err=True)
    sys.exit(EXIT_PROBLEMS if result.remaining or result.not_done else EXIT_OK)
