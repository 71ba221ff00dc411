"""What argmap accepts from a map, its sources and the file system, and why.

A map may come from a stranger (`argmap check` runs in CI on pull requests), so
everything it can make argmap read or spend is bounded here, in one place:

- the limits on sizes, each with the reason for its value (docs/security.md
  lists them);
- which files a map may name as its sources: regular files inside the map's
  project, or inside roots the user allows explicitly;
- which characters a map may hold: none that some output (SVG, HTML, JSON,
  a terminal, a CI log) cannot carry as text.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

# --- limits ----------------------------------------------------------------------------------

#: Map files larger than this are refused before they are read (AM112). Real maps are a
#: few MiB at most (10 000 nodes, every one quoted); 64 MiB leaves room for ten times
#: more while keeping a parse within seconds.
MAX_MAP_BYTES = 64 * 1024 * 1024

#: Source files larger than this are refused before they are read (AM410). The longest
#: books are under 6 MiB of text (War and Peace: 3.2 MiB); a 32 MiB source is read,
#: folded and searched with a peak of about 160 MiB, far within the 1 GiB a CI runner
#: can spare, and in seconds.
MAX_SOURCE_BYTES = 32 * 1024 * 1024

#: Quotes longer than this (in characters) are refused (AM113). A quote is a passage, at
#: most a long paragraph (the longest in the seed map has 330 characters); a text copied
#: wholesale is not a quote, and the closest-passage search a missing quote starts costs
#: time in proportion to its length.
MAX_QUOTE_CHARS = 5_000

#: Work the closest-passage searches for a map's missing quotes may do in one source,
#: counted as characters of the quote times characters of the text compared with it.
#: 10**9 is about five seconds of rapidfuzz on one core (a 100-character quote against
#: a 5 MB text costs 5 * 10**8, under two seconds); past it, missing quotes are still
#: reported, without a closest passage.
MAX_FUZZY_WORK = 1_000_000_000

#: A longer quote is compared by its first characters in the closest-passage search:
#: they find its passage as well, at a fraction of the cost (which grows with the length).
FUZZY_NEEDLE_CHARS = 400

# --- sources stay inside the project ---------------------------------------------------------

#: What marks the root of a project: the nearest folder above a map holding one of these.
PROJECT_MARKERS = ("argmap.toml", "pyproject.toml", ".git")

#: Pseudo-file systems: their "files" are the state of the machine (environment, memory,
#: devices), never a text to quote, whatever roots are allowed.
SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")


def project_root(map_path: Path) -> Path:
    """The folder a map's sources must stay in: the nearest folder at or above the
    map's own, below the home folder, that holds argmap.toml, pyproject.toml or .git;
    else the map's folder."""
    folder = Path(os.path.abspath(map_path)).parent
    home = Path(os.path.expanduser("~"))
    for candidate in (folder, *folder.parents):
        if candidate in (home, Path(candidate.anchor)):
            # a home folder kept in git (dotfiles) or a marker at / is no project: taking it
            # for one would let any map below it read every file of the user
            break
        if any((candidate / marker).exists() for marker in PROJECT_MARKERS):
            return candidate
    return folder


def default_roots(map_path: Path) -> list[Path]:
    """The folders a map's sources may be in without being allowed explicitly: its project root."""
    return [project_root(map_path)]


class Refusal(NamedTuple):
    """Why a source is not read: a problem code, the reason, and how to fix it."""

    code: str
    reason: str
    hint: str


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def source_refusal(path: Path, map_path: Path, roots: Iterable[str | os.PathLike[str]] = ()) -> Refusal | None:
    """Why the source at ``path`` must not be read (None when it may be).

    ``path`` is followed through every symbolic link; what it resolves to must be
    inside the map's project root or one of ``roots``, not in a pseudo-file system,
    a regular file (not a device, pipe, socket or folder) and no larger than
    :data:`MAX_SOURCE_BYTES`. Nothing is opened: only the path and its status are looked at.
    A missing file is not refused here (reading it says so).
    """
    real = os.path.realpath(path)
    system = next((folder for folder in SYSTEM_FOLDERS if _inside(real, folder)), None)
    if system is not None:
        return Refusal("AM409", f"it is under {system}, a system pseudo-file, not a text", "a source is a text file in the project")
    allowed = [os.path.realpath(root) for root in (*default_roots(map_path), *roots)]
    if not any(_inside(real, root) for root in allowed):
        return Refusal(
            "AM408",
            f"it resolves to {real!r}, outside the project ({allowed[0]!r})",
            "copy the source into the project, or allow its folder with `--source-root` (or `source-roots` in the configuration)",
        )
    try:
        status = os.stat(real)
    except OSError:
        return None  # missing or unreadable: reading it reports why (AM401)
    if not stat.S_ISREG(status.st_mode):
        kind = _kind(status.st_mode)
        return Refusal("AM409", f"it is {kind}, not a regular file", "a source is a text file; name the file itself")
    if status.st_size > MAX_SOURCE_BYTES:
        return Refusal(
            "AM410",
            f"it is {status.st_size:,} bytes, more than the {MAX_SOURCE_BYTES:,} argmap reads",
            "quote from an excerpt of the text: split the source and name the part the quotes come from",
        )
    return None


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


# --- text no output can carry ----------------------------------------------------------------

#: Characters refused in a map: C0 controls but tab, line feed and a carriage return
#: that ends a line (CRLF), DEL, C1 controls (NEL included: YAML parsers disagree on
#: whether it breaks a line), and the noncharacters U+FFFE and U+FFFF. XML (so SVG
#: and HTML) cannot hold most of them, terminals and CI logs obey them, and the two
#: YAML parsers do not read them alike. Lone surrogates cannot be written in UTF-8;
#: an escape that makes one (or any of these) is refused in the scalar it stands in.
UNSAFE_MAP_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|\xc2[\x80-\x9f]|\xef\xbf[\xbe\xbf]")
#: The same characters in text that YAML has already read (escapes expanded), where lone
#: surrogates can occur. A carriage return written as an escape ("\\r") is text that
#: XML, JSON and the reporters carry; only a raw one, which YAML reads as a line break
#: that editors may not show, is refused.
UNSAFE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

#: In source texts the same characters are replaced one for one (so offsets stay true):
#: those that are white space by a space, the others by U+FFFD, the replacement character.
_UNSAFE_SOURCE = UNSAFE_TEXT


_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, 0x0D, *range(0x0E, 0x20), 0x7F])
_OTHER_BYTES = bytes(byte for byte in range(256) if byte not in _CONTROL_BYTES)
# A pattern with a literal start, which the engine skips to at memory speed (one pattern
# with alternatives would try each at every byte, many times slower).
_NONCHARACTERS = re.compile(rb"\xef\xbf[\xbe\xbf]")


def has_unsafe_characters(raw: bytes) -> bool:
    """Whether a map's UTF-8 bytes hold a refused character: a few passes at memory
    speed (a regular expression with alternatives would take ten times longer)."""
    controls = raw.translate(None, _OTHER_BYTES)
    if controls and (controls.count(b"\r") != len(controls) or raw.count(b"\r") != raw.count(b"\r\n")):
        return True
    return _has_c1_control(raw) or _NONCHARACTERS.search(raw) is not None


def _has_c1_control(raw: bytes) -> bool:
    """Whether UTF-8 bytes hold a C1 control (0xC2 then 0x80-0x9F): the lead byte is rare
    in most texts, so finding each one costs less than a pattern's scan."""
    at = raw.find(b"\xc2")
    while at != -1:
        if at + 1 < len(raw) and 0x80 <= raw[at + 1] <= 0x9F:
            return True
        at = raw.find(b"\xc2", at + 1)
    return False


def unsafe_characters(raw: bytes) -> Iterator[tuple[int, int, str]]:
    """Every refused character in a map's UTF-8 bytes, as (line, column, character):
    1-based, the column counted in characters, as editors count them."""
    if not has_unsafe_characters(raw):
        return
    for match in UNSAFE_MAP_BYTES.finditer(raw):
        start = match.start()
        line_start = raw.rfind(b"\n", 0, start) + 1
        line = raw.count(b"\n", 0, start) + 1
        column = len(raw[line_start:start].decode("utf-8", "replace")) + 1
        if line == 1 and raw.startswith(b"\xef\xbb\xbf"):
            column -= 1  # the byte order mark is not part of the text
        yield line, column, match.group().decode("utf-8", "surrogatepass")


def describe_character(char: str) -> str:
    """A character as a message names it: its code point and Unicode name."""
    import unicodedata

    names = {"\x85": "NEXT LINE (NEL)", "\x7f": "DELETE", "\r": "CARRIAGE RETURN"}
    name = names.get(char) or unicodedata.name(char, "")
    if not name and ord(char) < 0x20:
        name = "control character"
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def _replace_source_character(match: re.Match[str]) -> str:
    return " " if match.group().isspace() else "\ufffd"


def printable_source(text: str) -> str:
    """A source text with the characters no output can carry replaced one for one."""
    if _UNSAFE_SOURCE.search(text) is None:  # the usual case: one scan, no copy
        return text
    return _UNSAFE_SOURCE.sub(_replace_source_character, text)
