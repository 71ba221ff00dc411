"""The library API of argmap/__init__.py, used as its docstring shows."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO, SEED_MAP

import argmap


def test_library_api_as_documented() -> None:
    loaded = argmap.load(SEED_MAP)
    assert callable(argmap.validate), "argmap.validate is no longer the function (shadowed by the submodule)"
    assert argmap.validate(loaded) == []
    assert callable(argmap.export), "argmap.export is no longer the function (shadowed by the submodule)"
    assert json.loads(argmap.export(loaded, "json"))["title"] == "From Mumbai to Paris"
    assert callable(argmap.render), "argmap.render is no longer the function (shadowed by the submodule)"
    assert argmap.render(loaded, "dot").startswith(b"// argmap-digest:")


def test_library_api_can_be_called_twice_in_a_fresh_interpreter() -> None:
    # The docstring's example, run twice in a new process (nothing imported before).
    program = (
        "import argmap\n"
        f"m = argmap.load({str(SEED_MAP)!r})\n"
        "for _ in range(2):\n"
        "    assert argmap.validate(m) == []\n"
        "    argmap.export(m, 'json')\n"
        "    argmap.render(m, 'dot')\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-800:]
