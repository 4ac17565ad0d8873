"""The files a user names on the command line or in the environment: read only when regular, and a
report written atomically and privately.

Reading: ``open()`` of a FIFO blocks until a writer appears, and a read of a character device may
never end; neither is bounded by ``--timeout`` (a thread blocked in ``open`` cannot be cancelled).
So a file is opened with ``O_NONBLOCK`` (which makes opening a FIFO return at once), checked with
``fstat`` on the open descriptor (no race with a rename), and refused unless it is a regular file.
A symlink to a regular file is read: credential files are often linked from a secrets store.

Writing (``--output``): the report goes to a temporary file in the target's directory, mode 0600,
which is renamed over the target, so a reader never sees half a report and a failed run never
truncates an old one. A symlink at the target is refused rather than followed (a link planted in a
shared directory must not redirect the write), and so is anything but a regular file. The target is
checked before any network work, so a bad path costs nothing but a one-line usage error.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from typing import BinaryIO

_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symlink"),
)


class NotRegularFile(OSError):
    """The path names something other than a regular file; ``str()`` says what, in plain words."""

    def __str__(self) -> str:
        return self.strerror or "not a regular file"


def kind_of(mode: int) -> str:
    """``"a FIFO"``, ``"a directory"``, …: what a non-regular file is, for messages."""
    if stat.S_ISDIR(mode):
        return "a directory"
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def _refusal(mode: int) -> NotRegularFile:
    if stat.S_ISDIR(mode):
        return NotRegularFile(0, "is a directory")
    return NotRegularFile(0, f"not a regular file ({kind_of(mode)})")


def open_regular(path: str | os.PathLike[str]) -> tuple[BinaryIO, os.stat_result]:
    """Open ``path`` for reading if it is a regular file, without blocking on a FIFO or device.

    Returns the open file and its ``fstat``; raises :class:`NotRegularFile` or the ``OSError`` of
    ``open`` (``FileNotFoundError``, ``PermissionError``, …)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _refusal(st.st_mode)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb"), st
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | os.PathLike[str], limit: int) -> tuple[bytes, os.stat_result]:
    """At most ``limit + 1`` bytes of a regular file (the caller tells "too large" from the +1)."""
    fh, st = open_regular(path)
    with fh:
        return fh.read(limit + 1), st


# -- writing a report ---------------------------------------------------------------------------


class OutputError(OSError):
    """``--output FILE`` cannot be written; ``str()`` is one line naming the path and the reason."""

    def __str__(self) -> str:
        return f"--output {self.filename}: {self.strerror}"


def _output_error(path: str, reason: str) -> OutputError:
    return OutputError(0, reason, path)


def check_output(path: str) -> None:
    """Raise :class:`OutputError` unless a report can be written to ``path`` (called before the
    run). Creates and removes a temporary file in the directory: the only reliable test of a
    read-only file system, a full quota or an ACL."""
    if not path:
        raise _output_error(path, "empty file name")
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _output_error(path, exc.strerror or type(exc).__name__) from None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise _output_error(path, "is a symlink (refused: name the file it points to)")
        if not stat.S_ISREG(st.st_mode):
            raise _output_error(path, f"is {kind_of(st.st_mode)}, not a regular file")
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise _output_error(path, f"no such directory {directory}")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".dnsdoctor-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _output_error(path, exc.strerror or type(exc).__name__) from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def write_output(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically with mode 0600; a symlink or a non-regular file at
    ``path`` is refused (:class:`OutputError`), never followed or truncated."""
    check_output(path)
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".dnsdoctor-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _output_error(path, exc.strerror or type(exc).__name__) from None
    try:
        # mkstemp creates the file with mode 0600 whatever the umask: a report names the domains,
        # the servers and the environment, which is for the user (and the ticket they choose)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        # a symlink planted between the check and now is replaced, not followed: rename()
        # acts on the directory entry itself
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _output_error(path, exc.strerror or type(exc).__name__) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
