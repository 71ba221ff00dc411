"""Text that is safe to print: user text never becomes a terminal escape sequence.

Map text, file names and source passages reach the terminal and CI logs in
problem messages. A control character there could move the cursor, recolour
or hide lines, or forge a line of output; a bidirectional override could make
a line read differently from what it is. Each is shown as a visible escape
(``\\x1b``, ``\\u202e``) instead.
"""

from __future__ import annotations

import re

#: C0 controls except tab, DEL, C1 controls, line and paragraph separators, and the
#: bidirectional embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udfff]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, newlines: bool = False) -> str:
    """``text`` with every character that could act on a terminal shown as an escape.

    Newlines are escaped too unless ``newlines`` is true, so that one problem
    stays one line and no user text can forge another.
    """
    if not newlines:
        text = text.replace("\r", "\\r").replace("\n", "\\n")
    else:
        text = text.replace("\r", "\\r")
    return _UNSAFE.sub(_visible, text)
