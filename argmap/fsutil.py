"""Writing output files safely: a reader sees the old file or the new one, never half of one.

What a target path can be, and what writing to it does:
- a regular file, or a name not taken yet: written to a temporary file in the same folder
  (a short name, `.argmap-XXXXXXXX.tmp`, so that it fits beside any legal target name),
  then renamed over the target. An existing file keeps its permission bits;
- a symbolic link: written through to the file it points to (as a shell's `>` does); the
  link itself stays a link;
- a device or a FIFO (`/dev/null`, `/dev/stdout`, a named pipe): written to directly, since
  it cannot be replaced by a file, and must not be;
- a folder: refused (IsADirectoryError).
Any failure (a read-only folder, a full disk, a name too long) raises OSError after the
temporary file is removed, so nothing half-written is left behind;
:func:`unwritable` turns it into the problem commands report.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .problems import Location, Problem

#: Paths under these folders name the process's own streams and devices (`/dev/stdout` is a
#: link to `/proc/self/fd/1`, which names whatever standard output is): written directly, never resolved.
_STREAM_FOLDERS = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/")


def _pieces(data: bytes | Iterable[bytes]) -> Iterable[bytes]:
    return (data,) if isinstance(data, bytes) else data


def _new_file_mode() -> int:
    """The mode a new file gets from open(): 0o666 less the umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: str | os.PathLike[str], data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (bytes, or pieces of bytes written one after the other) to ``path``
    as the module docstring describes. If making the pieces fails, the temporary file is
    removed and ``path`` is left as it was."""
    target = Path(path)
    try:
        status = os.stat(target)  # through links, as the kernel resolves them (also /proc/self/fd/N)
    except FileNotFoundError:
        status = None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(target))
    if status is not None and (not stat.S_ISREG(status.st_mode) or os.path.abspath(target).startswith(_STREAM_FOLDERS)):
        with open(target, "wb") as stream:
            for piece in _pieces(data):
                stream.write(piece)
        return
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    mode = stat.S_IMODE(status.st_mode) if status is not None else _new_file_mode()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".argmap-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            for piece in _pieces(data):
                stream.write(piece)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


_HINTS = {
    errno.EACCES: "choose a place you may write to",
    errno.EPERM: "choose a place you may write to",
    errno.EROFS: "the file system is read-only: choose another place",
    errno.ENOSPC: "the disk is full: free some space, or write elsewhere",
    errno.EDQUOT: "the disk quota is used up: free some space, or write elsewhere",
    errno.ENAMETOOLONG: "choose a shorter name",
    errno.EISDIR: "a folder of that name is in the way: choose another name",
    errno.ENOTDIR: "part of the path is a file, not a folder",
}


def shown(path: str | os.PathLike[str]) -> str:
    """A path for a message: bytes that are not UTF-8 (kept by the OS as lone surrogates) shown as U+FFFD."""
    return os.fspath(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def unwritable(path: str | os.PathLike[str], error: OSError) -> Problem:
    """The problem (AM901) for an output that could not be written, with the system's reason."""
    reason = error.strerror or str(error)
    return Problem("AM901", f"cannot write {shown(path)}: {reason}", Location(shown(path)), hint=_HINTS.get(error.errno or 0))
