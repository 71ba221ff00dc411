"""The documentation of every rule, from one text: ``argmap/problems.md``.

That file is docs/problems.md, shipped in the package so that ``argmap rules
CODE`` and the SARIF reporter's help work wherever argmap is installed;
``python -m argmap.derive`` copies it to docs/, and a test fails while the two
differ. Each code's section starts with a ``## AMnnn name`` heading and holds
what the rule catches, a failing example and how to fix it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_HEADING = re.compile(r"^## (AM\d{3}) [a-z0-9-]+\s*$", re.MULTILINE)


@lru_cache(maxsize=1)
def problems_text() -> str:
    return resources.files("argmap").joinpath("problems.md").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def sections() -> dict[str, str]:
    """Code -> the Markdown of its section, heading included."""
    text = problems_text()
    found = list(_HEADING.finditer(text))
    result = {}
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        # a section ends at the next heading of level 1 or 2, whichever comes first
        following = re.search(r"^#{1,2} ", text[match.end() : end], re.MULTILINE)
        stop = match.end() + following.start() if following else end
        # the <!-- example: ... --> comments tell docs/examples.py how to run an example; readers need not see them
        section = re.sub(r"<!--.*?-->\n?", "", text[match.start() : stop], flags=re.DOTALL)
        result[match.group(1)] = re.sub(r"\n{3,}", "\n\n", section).rstrip() + "\n"
    return result


def rule_help(code: str) -> str:
    """A rule's documentation as Markdown; its one-line summary when the section is missing."""
    from .problems import CODES

    return sections().get(code) or f"{code} {CODES[code].name}: {CODES[code].summary}\n"
