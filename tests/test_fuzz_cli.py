"""Generated input for the library and the command line: whatever the YAML, the bytes or the
file name, only registered problem codes and the documented exit statuses come out
(0 no errors, 1 problems, 2 usage), never an exception. `make fuzz` runs a coverage-guided
fuzzer on the loader for longer (fuzz/fuzz_loader.py)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.cli import cli
from argmap.loader import load_bytes
from argmap.problems import CODES
from argmap.validation import validate

SOURCE = "Rain fell on the town all night.\nThe river rose above the old bridge.\n"
#: Examples per run: together about 55 s on two shared cores (3 200 examples; each run of
#: the command line costs about as much as loading and validating).
LIBRARY_EXAMPLES = 1800
CLI_EXAMPLES = 1400

FIELDS = ["argmap", "title", "description", "sources", "claims", "evidence", "arguments", "agents", "path", "sha256", "text", "quote",
          "supports", "attacks", "undercuts", "premises", "implicit", "kind", "tags", "source", "prefix", "suffix", "occurrence", "expect", "note"]
IDS = ["a", "b", "src", "x-1", "017", "1_5", "1:30", "a b", "é", "<b>", "\\N", "a\"b", "node", "\u202e", "null", "~"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True), st.sampled_from(IDS + ["source.txt", "The river rose above the old bridge.", "1"]),
    st.text(max_size=40),
)
keys = st.one_of(st.sampled_from(FIELDS + IDS), st.text(max_size=12))
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)), max_leaves=25)
maps = st.fixed_dictionaries(
    {"argmap": st.sampled_from([1, 1, 1, 2, "1", None])},
    optional={
        "title": scalars,
        "sources": st.dictionaries(st.sampled_from(IDS), st.fixed_dictionaries({"path": st.sampled_from(["source.txt", "../x", "/proc/self/environ", "nope.txt", ""])}, optional={"sha256": scalars}), max_size=2),
        "claims": st.dictionaries(st.sampled_from(IDS), st.dictionaries(st.sampled_from(FIELDS), documents, max_size=4), max_size=4),
        "evidence": st.dictionaries(st.sampled_from(IDS), st.dictionaries(st.sampled_from(FIELDS), documents, max_size=3), max_size=2),
        "arguments": documents,
        "extra": documents,
    },
)


def _dump(data: object, flow: bool) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False).encode("utf-8", "surrogatepass")


raw_inputs = st.one_of(
    st.builds(_dump, maps, st.booleans()),
    st.builds(_dump, documents, st.booleans()),
    st.binary(max_size=300),
    st.text(alphabet=st.sampled_from(list("{}[]:,-?&*!|>'\"#%@` \n\tab01.\\\r\x00\ufeff\u2028é")), max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
)

_CODE = re.compile(r"\bAM\d{3}\b")


def _codes_are_registered(text: str) -> None:
    unknown = set(_CODE.findall(text)) - set(CODES)
    assert not unknown, f"unregistered codes {unknown} in:\n{text}"


@settings(max_examples=LIBRARY_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=raw_inputs)
def test_the_loader_and_the_rules_give_registered_problems_for_any_bytes(raw: bytes) -> None:
    folder = _folder()
    loaded = load_bytes(raw, folder / "map.yaml")
    for problem in validate(loaded):
        assert problem.code in CODES
        assert problem.location.line >= 0 and problem.location.column >= 0


_FOLDER: list[Path] = []


def _folder() -> Path:
    """One project folder for every example (a fixture would be made once per test anyway)."""
    if not _FOLDER:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="argmap-fuzz-"))
        (folder / "pyproject.toml").write_text("", encoding="utf-8")
        (folder / "source.txt").write_text(SOURCE, encoding="utf-8")
        _FOLDER.append(folder)
    return _FOLDER[0]


names = st.text(alphabet=st.sampled_from(list(string.ascii_letters + string.digits + " -_.\"'<>{}[]&;$`\\#%!é€\u202e\n\t")), min_size=1, max_size=40).filter(
    lambda n: n not in (".", "..") and "/" not in n
)


@settings(max_examples=CLI_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=raw_inputs, name=names, command=st.sampled_from(["validate", "export", "render", "check"]))
def test_the_command_line_exits_0_1_or_2_with_registered_codes(raw: bytes, name: str, command: str) -> None:
    folder = _folder()
    path = folder / f"{name}.yaml"
    path.write_bytes(raw)
    out = folder / "out"
    args = {
        "validate": ["validate", str(path), "--output-format", "text"],
        "export": ["export", str(path), "-f", "json", "-o", str(out / "m.json")],
        "render": ["render", str(path), "-f", "dot", "--renders-dir", str(out), "--output-format", "text"],
        "check": ["check", str(path), "--renders-dir", str(out), "--no-cache", "--output-format", "text"],
    }[command]
    try:
        result = CliRunner().invoke(cli, args)
    finally:
        path.unlink()
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), result.output
    _codes_are_registered(result.output)
