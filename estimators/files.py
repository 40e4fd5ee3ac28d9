"""Reading a file the user named, safely: regular files only, never more than a limit.

Size checks on ``st_size`` alone are not enough: a device such as ``/dev/zero`` reports size 0
and never ends, and opening a FIFO for reading blocks until someone writes to it. So
:func:`read_limited` refuses anything that is not a regular file before opening it, opens
without blocking (in case the path was swapped for a FIFO in between), checks again on the open
file, and reads at most ``limit + 1`` bytes, whatever the file claims. Every file input of the
command line goes through it, and so does :func:`~estimators.scenario.loading.load_scenario`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from estimators.text import Text

__all__ = ["UnreadableFile", "read_limited"]


class UnreadableFile(ValueError):
    """A named file cannot be read as input; the message says why (without the path)."""


def _refuse_unless_regular(info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile(Text("this is a directory, not a file"))
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile(Text("this is not a regular file (it is a device, a pipe or a "
                                  "socket); give the path of an ordinary file"))


def read_limited(path: str | Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``; UnreadableFile when it is anything else, is
    over ``limit`` bytes or cannot be read."""
    try:
        _refuse_unless_regular(os.stat(path))
        # O_NONBLOCK: should the path have become a FIFO since the check, open() returns at once
        # (and the check below refuses it) instead of waiting for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            _refuse_unless_regular(info)
            if info.st_size > limit:
                raise UnreadableFile(Text("the file is {size:,} bytes; the limit is {limit:,}",
                                          size=info.st_size, limit=limit))
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise UnreadableFile(Text("cannot read the file: {reason}",
                                  reason=str(exc.strerror or exc))) from None
    if len(raw) > limit:  # the file grew after its size was read
        raise UnreadableFile(Text("the file is larger than the limit of {limit:,} bytes",
                                  limit=limit))
    return raw
