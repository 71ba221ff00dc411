"""Coverage-guided fuzzing of the loader and the rules (atheris, libFuzzer's engine for Python).

    make fuzz                                   # 10 minutes (FUZZ_SECONDS=3600 for an hour)
    .venv/bin/python fuzz/fuzz_loader.py .venv/fuzz/corpus -max_total_time=3600

Any bytes must give a loaded map and problems with registered codes, never an exception;
a failing input is written as crash-<sha1> (`make fuzz` puts it in .venv/fuzz/; replay it by
passing the file instead of the corpus folder). The seed corpus is every map in maps/ and
tests/fixtures/ (fuzz/seed_corpus.py).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from argmap.loader import load_bytes
    from argmap.problems import CODES
    from argmap.validation import validate

FOLDER = Path(tempfile.mkdtemp(prefix="argmap-fuzz-"))
(FOLDER / "pyproject.toml").write_text("", encoding="utf-8")
(FOLDER / "source.txt").write_text("Rain fell on the town all night.\nThe river rose above the old bridge.\n", encoding="utf-8")
MAP_PATH = FOLDER / "map.yaml"


def test_one_input(data: bytes) -> None:
    loaded = load_bytes(data, MAP_PATH)
    for problem in validate(loaded):
        if problem.code not in CODES:
            raise AssertionError(f"unregistered code {problem.code}")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
