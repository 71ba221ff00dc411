"""The console examples of the documentation are what argmap prints (docs/examples.py).

When the first test fails, the message is the diff; after a deliberate change
of argmap's output, `.venv/bin/python docs/examples.py --write` updates the docs.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _load_examples():
    spec = importlib.util.spec_from_file_location("docs_examples", REPO / "docs" / "examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the module runs
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


examples = _load_examples()


def test_every_console_example_prints_what_the_docs_show() -> None:
    documents = [examples.parse(REPO / name) for name in examples.DEFAULT_DOCS]
    results = examples.run_documents(documents)
    assert sum(r.actual is not None for r in results) >= 50, "the examples were not found: has the convention changed?"
    drifted = [r for r in results if r.differs]
    if drifted:
        pytest.fail("".join(r.diff() for r in drifted) + "\nrun `.venv/bin/python docs/examples.py --write` to update the docs", pytrace=False)


DOC = """\
# Title

## AM102 not-a-mapping

Some text.

```yaml
- argmap: 1
- title: A list
```

```console
$ argmap validate maps/example.yaml
maps/example.yaml:1:1: AM102 [error] an outdated message
1 error, 0 warnings in 1 map
```

**Fix:** a fragment is not written as the map:

```yaml
title: A list
```

<!-- example: skip shown for its command only -->
```console
$ argmap validate --select AM4
```

```console
maps/other.yaml:3:1: an excerpt is not run
```

## Latin-1

<!-- example
write maps/example.yaml latin-1
  argmap: 1
  title: Café
-->
```console
$ argmap validate maps/example.yaml
```
"""


def test_drift_is_reported_and_write_changes_only_output_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(DOC, encoding="utf-8")

    assert examples.main(["--check", str(doc)]) == 1
    report = capsys.readouterr().out
    assert "-maps/example.yaml:1:1: AM102 [error] an outdated message" in report
    assert "+maps/example.yaml:1:1: AM102 [error] a map must be a mapping" in report
    assert "2 of 2 examples differ" in report

    assert examples.main(["--write", str(doc)]) == 0
    written = doc.read_text(encoding="utf-8")
    assert "an outdated message" not in written
    assert "AM100 [error] map file is not UTF-8 text (byte 0xe9)" in written
    # everything outside the output lines of the two run blocks is kept as it was
    kept = [line for line in DOC.splitlines() if "outdated" not in line and not line.startswith("1 error")]
    assert [line for line in written.splitlines() if line in kept] == kept
    assert "$ argmap validate --select AM4\n```" in written
    assert "maps/other.yaml:3:1: an excerpt is not run" in written

    capsys.readouterr()
    assert examples.main(["--check", str(doc)]) == 0
    assert "2 examples match" in capsys.readouterr().out


def test_setup_steps_and_the_shown_project_path(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(
        """\
## AM401 source-unreadable

```yaml
argmap: 1
title: T
sources:
  s:
    path: notes.txt
claims:
  a:
    text: A.
    quote: "The siege lasted three days."
```

<!-- example
run argmap validate maps/example.yaml --select AM3
-->
```console
$ argmap validate maps/example.yaml
```

<!-- example
write maps/notes.txt
  The siege lasted three days.
replace maps/example.yaml "text: A." "text: B."
-->
```console
$ argmap validate maps/example.yaml
```
""",
        encoding="utf-8",
    )
    first, second = examples.run_documents([examples.parse(doc)])
    assert first.error is None and second.error is None
    shown = "\n".join(first.actual)
    assert "AM401" in shown and "'/home/analyst/project/maps/notes.txt'" in shown
    assert str(tmp_path) not in shown
    assert second.actual[-1].startswith("0 errors")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<!-- example: skip x -->\n\nText in between.\n\n```console\n$ argmap codes\n```\n", "must stand just before a ```console block"),
        ("<!-- example: remove maps -->\n```console\n$ argmap codes\n```\n", "unknown example step 'remove'"),
        ("<!-- example\nskip x\n", "never closed"),
    ],
)
def test_a_misplaced_or_unknown_step_is_an_error(tmp_path: Path, text: str, message: str) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(text, encoding="utf-8")
    with pytest.raises(examples.ExampleError, match=message):
        examples.parse(doc)


def test_a_failing_setup_command_or_a_shell_command_is_reported(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(
        "## A\n\n<!-- example: run argmap validate missing.yaml -->\n```console\n$ argmap codes AM403\n```\n\n"
        "## B\n\n```console\n$ ls maps\n```\n",
        encoding="utf-8",
    )
    failing, shell = examples.run_documents([examples.parse(doc)])
    assert failing.differs and "failed with status 2" in failing.error
    assert shell.differs and "only argmap commands" in shell.error
