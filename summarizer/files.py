"""Writing results: what the commands and the review site share, with no command-line code.

A result file is checked before any model runs and replaced atomically, so a
reader sees the old content or the new, never half.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import InputError, OutputError


def check_writable(path: Path) -> None:
    """Refuse an output location that cannot be written, before any model runs.

    Raises:
        InputError: a folder, a missing folder, or one this user cannot write to.
    """
    path = path.expanduser()
    if path.is_dir():
        raise InputError(f"{path}: is a directory")
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"{folder}: no such directory")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"{folder}: cannot write there (permission denied)")
    if path.exists() and not os.access(path, os.W_OK):
        raise InputError(f"{path}: cannot write it (permission denied)")


def _new_file_mode(path: Path) -> int:
    # Keep an existing file's mode; a new one gets what the user's umask allows,
    # as any other tool would (mkstemp's own is 0600).
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that readers see the old or the new content, never half.

    Raises:
        InputError: a folder, or a missing folder.
        OutputError: the write failed (full disk, permissions changed since the check).
    """
    path = path.expanduser()
    check_writable(path)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, _new_file_mode(path))
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write it ({exc.strerror or exc})") from None
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
