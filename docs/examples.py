"""Run the console examples of the documentation and compare them with what argmap prints.

    .venv/bin/python docs/examples.py --check    # exit 1 with a diff for every example that drifted
    .venv/bin/python docs/examples.py --write    # rewrite the output lines of the examples that drifted
    .venv/bin/python docs/examples.py --list     # every console example and how it is run

Both take documentation files as arguments; without them they read
argmap/problems.md (copied to docs/problems.md by `python -m argmap.derive`),
docs/ci.md and docs/format.md. `--write` changes nothing but
the output lines of the console blocks (the `$` lines and the rest of the file
stay byte for byte), so it can be pointed at a copy to preview the result.

How an example is run
---------------------
Every ```console block whose first line starts with `$ ` is an example. A block
that starts otherwise (an excerpt of output, without its command) is not run.

The blocks of one section (a `#` or `##` heading) share one temporary project
folder, a git repository (so that it is the project root sources may be read
from) holding a copy of the repository's `seeds/`, and run in the order they
appear. Each ```yaml block that is a whole map (its first line starts with
`argmap:` or `- argmap:`) is written to `maps/example.yaml` where it appears;
fragments (a fix that shows a few fields) are not. A block whose first line
names a file, such as `# argmap.toml`, is written to that file, without that
line. Each `$` line is run with the installed `argmap` in that folder, as a
terminal without colour shows it: NO_COLOR=1, outside GitHub Actions, standard
output and standard error merged in the order they were written, the cache in
a folder of its own. The absolute path of the project folder is shown as
`/home/analyst/project`. The output lines under each `$` line are compared
with what the command printed; the exit status is not shown, so it is not
compared.

What an example needs besides that is declared in an HTML comment just before
its console block (blank lines may stand between), one step a line; indented
lines under a step are its text (the common indentation is removed):

    <!-- example
    write seeds/notes.txt
      The siege lasted three days.
    -->

    write PATH [ENCODING]   write the indented text to PATH (UTF-8 unless ENCODING is given)
    append-shown PATH       append the last ```yaml block shown above (a fix fragment) to PATH
    replace PATH OLD NEW    replace the text OLD by NEW in PATH (shell quoting: "a b")
    run COMMAND             run an argmap command first, without showing it; it must succeed
    skip REASON             do not run this block (the reason is listed by --list)

A one-line comment holds one step: `<!-- example: skip output left out -->`.
Paths are relative to the project folder and may not leave it.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The rules' documentation is written in argmap/problems.md (docs/problems.md is its copy, made by
# `python -m argmap.derive`).
DEFAULT_DOCS = ("argmap/problems.md", "docs/ci.md", "docs/format.md")
#: What the project folder's absolute path reads as in the documentation.
SHOWN_PROJECT = "/home/analyst/project"
#: Copied from the repository into every project folder.
PROJECT_FILES = ("seeds",)
COMMAND_TIMEOUT = 120

FENCE = re.compile(r"^```(\S*)\s*$")
HEADING = re.compile(r"^(#{1,2}) (.*?)\s*$")
COMMENT_START = re.compile(r"^<!--\s*example\b:?(.*)$")
WHOLE_MAP = re.compile(r"^(- )?argmap:")
#: The first line of a block that names the file it shows: `# argmap.toml`.
NAMED_FILE = re.compile(r"^#\s*((?:[\w.-]+/)*[\w-]+\.\w+)\s*$")
EXAMPLE_MAP = "maps/example.yaml"
STEPS = {"write", "append-shown", "replace", "run", "skip"}


class ExampleError(Exception):
    """A block or a step that cannot be run as written."""


@dataclass
class Step:
    name: str
    args: list[str]
    text: str | None
    #: 1-based line of the step in its file, for messages.
    line: int


@dataclass
class Console:
    path: Path
    section: str
    #: 0-based index of the opening fence; the content is lines[start + 1 : end].
    start: int
    end: int
    content: list[str]
    steps: list[Step] = field(default_factory=list)
    #: The last ```yaml block shown before this block in its section.
    shown_yaml: str | None = None

    @property
    def commands(self) -> list[tuple[str, list[str]]]:
        """The `$` lines and the output lines under each."""
        result: list[tuple[str, list[str]]] = []
        for line in self.content:
            if line.startswith("$ "):
                result.append((line, []))
            elif result:
                result[-1][1].append(line)
        return result

    @property
    def runnable(self) -> bool:
        return bool(self.content) and self.content[0].startswith("$ ")

    @property
    def skip_reason(self) -> str | None:
        for step in self.steps:
            if step.name == "skip":
                return " ".join(step.args) or "no reason given"
        if not self.runnable:
            return "an excerpt of output, without its command"
        return None

    @property
    def label(self) -> str:
        return f"{self.path.name}:{self.start + 1} ({self.section})"


@dataclass
class Section:
    title: str
    #: ("file", (path, text)) for a file a block shows, ("console", Console) for an example.
    events: list[tuple[str, object]] = field(default_factory=list)


@dataclass
class Document:
    path: Path
    text: str
    sections: list[Section]

    @property
    def consoles(self) -> list[Console]:
        return [event for section in self.sections for kind, event in section.events if kind == "console"]  # type: ignore[misc]


def parse(path: Path) -> Document:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    sections = [Section("")]
    pending: list[Step] | None = None
    pending_line = 0
    shown_yaml: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        heading = HEADING.match(line)
        fence = FENCE.match(line)
        comment = COMMENT_START.match(line)
        if heading and pending is None:
            sections.append(Section(heading.group(2)))
            shown_yaml = None
            index += 1
        elif comment:
            end = index
            while "-->" not in lines[end]:
                end += 1
                if end == len(lines):
                    raise ExampleError(f"{path}:{index + 1}: the example comment is never closed")
            body = [comment.group(1)] + lines[index + 1 : end + 1]
            body[-1] = body[-1].split("-->")[0]
            pending, pending_line = _steps(path, index + 1, body), index + 1
            index = end + 1
        elif fence:
            end = index + 1
            while end < len(lines) and lines[end].rstrip() != "```":
                end += 1
            if end == len(lines):
                raise ExampleError(f"{path}:{index + 1}: the code block is never closed")
            content = lines[index + 1 : end]
            language = fence.group(1)
            if language == "console":
                block = Console(path, sections[-1].title, index, end, content, pending or [], shown_yaml)
                sections[-1].events.append(("console", block))
                pending = None
            elif pending is not None:
                raise ExampleError(f"{path}:{pending_line}: an example comment must stand just before a ```console block")
            else:
                named = NAMED_FILE.match(content[0]) if content else None
                if named:
                    sections[-1].events.append(("file", (named.group(1), "\n".join(content[1:]) + "\n")))
                elif language == "yaml":
                    shown_yaml = "\n".join(content) + "\n"
                    if content and WHOLE_MAP.match(content[0]):
                        sections[-1].events.append(("file", (EXAMPLE_MAP, shown_yaml)))
            index = end + 1
        else:
            if pending is not None and line.strip():
                raise ExampleError(f"{path}:{pending_line}: an example comment must stand just before a ```console block")
            index += 1
    if pending is not None:
        raise ExampleError(f"{path}:{pending_line}: an example comment must stand just before a ```console block")
    return Document(path, text, sections)


def _steps(path: Path, first_line: int, body: list[str]) -> list[Step]:
    steps: list[Step] = []
    texts: list[list[str]] = []
    for offset, line in enumerate(body):
        if not line.strip():
            if texts:
                texts[-1].append("")
            continue
        if line[0].isspace() and steps and offset > 0:
            texts[-1].append(line)
            continue
        try:
            words = shlex.split(line)
        except ValueError as exc:
            raise ExampleError(f"{path}:{first_line + offset}: {exc}") from None
        if words[0] not in STEPS:
            raise ExampleError(f"{path}:{first_line + offset}: unknown example step {words[0]!r} (known: {', '.join(sorted(STEPS))})")
        steps.append(Step(words[0], words[1:], None, first_line + offset))
        texts.append([])
    for step, text in zip(steps, texts, strict=True):
        if any(part.strip() for part in text):
            step.text = textwrap.dedent("\n".join(text)).strip("\n") + "\n"
    return steps


# --- running -------------------------------------------------------------------------------


def argmap_executable() -> str:
    """The installed argmap: the one beside this Python, else the repository's .venv, else PATH."""
    for candidate in (Path(sys.executable).parent / "argmap", REPO / ".venv" / "bin" / "argmap"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which("argmap")
    if found is None:
        raise ExampleError("argmap is not installed: run `make setup`")
    return found


def terminal_environment(cache: Path) -> dict[str, str]:
    """The environment of a user's terminal without colour, outside GitHub Actions."""
    environment = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR", "CLICOLOR_FORCE", "ARGMAP_CACHE_DIR")}
    # Unbuffered: standard output and error reach the shared pipe in the order they were written.
    environment.update(NO_COLOR="1", PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8", ARGMAP_CACHE_DIR=str(cache))
    return environment


@dataclass
class Result:
    block: Console
    #: The block's content as argmap prints it now; None when not run.
    actual: list[str] | None
    error: str | None = None

    @property
    def differs(self) -> bool:
        return self.error is not None or (self.actual is not None and self.actual != self.block.content)

    def diff(self) -> str:
        if self.error is not None:
            return f"{self.block.label}: {self.error}\n"
        assert self.actual is not None
        name = f"{self.block.path.name}:{self.block.start + 2} {self.block.section}"
        lines = difflib.unified_diff(self.block.content, self.actual, f"{name} (documented)", f"{name} (argmap prints)", lineterm="")
        return "\n".join(lines) + "\n"


class Project:
    """A temporary project folder for the examples of one section."""

    def __init__(self, root: Path) -> None:
        self.root = root / "project"
        self.cache = root / "cache"
        self.executable = argmap_executable()
        self.environment = terminal_environment(self.cache)
        self.root.mkdir()
        self._mark_as_repository()
        for name in PROJECT_FILES:
            source = REPO / name
            if source.is_dir():
                shutil.copytree(source, self.root / name)
            else:
                shutil.copy2(source, self.root / name)

    def _mark_as_repository(self) -> None:
        # A project in a repository: its root is where sources may be read from (argmap.safety.project_root).
        git = shutil.which("git")
        if git is not None:
            subprocess.run([git, "init", "--quiet", str(self.root)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        (self.root / ".git").mkdir(exist_ok=True)

    def file(self, relative: str) -> Path:
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ExampleError(f"{relative!r} is outside the project folder")
        return path

    def write(self, relative: str, text: str, encoding: str = "utf-8") -> None:
        path = self.file(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(encoding))

    def run(self, command: str) -> tuple[int, list[str]]:
        """Run one `$` line; its exit status and what it printed, line by line."""
        try:
            words = shlex.split(command, comments=True)
        except ValueError as exc:
            raise ExampleError(f"cannot read the command {command!r}: {exc}") from None
        if not words or words[0] != "argmap":
            raise ExampleError(f"only argmap commands can be run: {command!r}")
        if any(word in ("|", ">", ">>", "<", "&&", "||", ";") for word in words):
            raise ExampleError(f"shell operators are not supported: {command!r}")
        try:
            completed = subprocess.run(
                [self.executable, *words[1:]],
                cwd=self.root,
                env=self.environment,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                timeout=COMMAND_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ExampleError(f"{command!r} did not finish within {COMMAND_TIMEOUT} s") from None
        output = completed.stdout.decode("utf-8", errors="replace")
        for shown in {str(self.root.resolve()), str(self.root)}:
            output = output.replace(shown, SHOWN_PROJECT)
        return completed.returncode, output.splitlines()

    def apply(self, step: Step, block: Console) -> None:
        args = step.args
        where = f"{block.path.name}:{step.line}"
        if step.name == "write":
            if len(args) not in (1, 2) or step.text is None:
                raise ExampleError(f"{where}: `write PATH [ENCODING]` needs a path and an indented text under it")
            self.write(args[0], step.text, args[1] if len(args) == 2 else "utf-8")
        elif step.name == "append-shown":
            if len(args) != 1 or block.shown_yaml is None:
                raise ExampleError(f"{where}: `append-shown PATH` needs a path and a ```yaml block above it in the section")
            with self.file(args[0]).open("a", encoding="utf-8") as handle:
                handle.write(block.shown_yaml)
        elif step.name == "replace":
            if len(args) != 3:
                raise ExampleError(f"{where}: `replace PATH OLD NEW` needs three arguments")
            path = self.file(args[0])
            text = path.read_text(encoding="utf-8")
            if args[1] not in text:
                raise ExampleError(f"{where}: {args[1]!r} is not in {args[0]}")
            path.write_text(text.replace(args[1], args[2]), encoding="utf-8")
        elif step.name == "run":
            command = shlex.join(args)
            status, output = self.run(command)
            if status != 0:
                raise ExampleError(f"{where}: `{command}` failed with status {status}:\n" + "\n".join(output))


def run_section(section: Section) -> list[Result]:
    blocks = [event for kind, event in section.events if kind == "console"]
    if not any(isinstance(b, Console) and b.skip_reason is None for b in blocks):
        return [Result(b, None) for b in blocks if isinstance(b, Console)]
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="argmap-example-") as folder:
        project = Project(Path(folder))
        for kind, event in section.events:
            if kind == "file":
                project.write(*event)  # type: ignore[misc]
                continue
            assert isinstance(event, Console)
            if event.skip_reason is not None:
                results.append(Result(event, None))
                continue
            try:
                for step in event.steps:
                    project.apply(step, event)
                actual: list[str] = []
                for command, _ in event.commands:
                    actual.append(command)
                    actual.extend(project.run(command[2:])[1])
                results.append(Result(event, actual))
            except ExampleError as exc:
                results.append(Result(event, None, str(exc)))
    return results


def run_documents(documents: Sequence[Document], jobs: int | None = None) -> list[Result]:
    """Run every example; the results in the order of the documents."""
    sections = [section for document in documents for section in document.sections if section.events]
    with ThreadPoolExecutor(max_workers=jobs or min(8, (os.cpu_count() or 2) + 2)) as pool:
        batches = list(pool.map(run_section, sections))
    return [result for batch in batches for result in batch]


def rewrite(document: Document, results: Iterable[Result]) -> str:
    """The document with the content of each drifted block replaced by what argmap prints."""
    lines = document.text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    # From the end, so that earlier line numbers stay valid.
    for result in sorted(results, key=lambda r: r.block.start, reverse=True):
        if result.block.path != document.path or result.actual is None or not result.differs:
            continue
        lines[result.block.start + 1 : result.block.end] = [line + newline for line in result.actual]
    return "".join(lines)


# --- command line --------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check or rewrite the console examples of the documentation.")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--check", action="store_true", help="exit 1 with a diff for each example that drifted")
    action.add_argument("--write", action="store_true", help="rewrite the output lines of the examples that drifted")
    action.add_argument("--list", action="store_true", help="list the console examples and how each is run")
    parser.add_argument("files", nargs="*", type=Path, help=f"documentation files (default: {', '.join(DEFAULT_DOCS)})")
    options = parser.parse_args(argv)
    paths = options.files or [REPO / name for name in DEFAULT_DOCS]
    try:
        documents = [parse(path) for path in paths]
    except (ExampleError, OSError) as exc:
        print(f"examples: {exc}", file=sys.stderr)
        return 2
    if options.list:
        for document in documents:
            for block in document.consoles:
                status = f"not run: {block.skip_reason}" if block.skip_reason else "run" + (f" after {len(block.steps)} step(s)" if block.steps else "")
                print(f"{block.label}: {status}")
        return 0
    try:
        results = run_documents(documents)
    except ExampleError as exc:
        print(f"examples: {exc}", file=sys.stderr)
        return 2
    ran = [r for r in results if r.actual is not None or r.error is not None]
    drifted = [r for r in results if r.differs]
    if options.write:
        for document in documents:
            updated = rewrite(document, results)
            if updated != document.text:
                from argmap.fsutil import write_atomic

                write_atomic(document.path, updated.encode("utf-8"))
        errors = [r for r in drifted if r.error is not None]
        for result in errors:
            sys.stdout.write(result.diff())
        print(f"{len(drifted) - len(errors)} of {len(ran)} examples rewritten" + (f", {len(errors)} could not be run" if errors else ""))
        return 1 if errors else 0
    for result in drifted:
        sys.stdout.write(result.diff())
    if drifted:
        print(f"{len(drifted)} of {len(ran)} examples differ: " + ", ".join(r.block.label for r in drifted))
        print("run `.venv/bin/python docs/examples.py --write` to update them")
        return 1
    print(f"{len(ran)} examples match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
