"""Copy every map of the project into a fuzzing corpus folder, as seeds."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(corpus: Path) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    for folder in (ROOT / "maps", ROOT / "tests" / "fixtures"):
        for path in folder.rglob("*.y*ml"):
            data = path.read_bytes()
            (corpus / hashlib.sha1(data).hexdigest()).write_bytes(data)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / ".venv" / "fuzz" / "corpus")
