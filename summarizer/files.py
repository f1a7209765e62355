"""Reading articles and writing results, with no command-line code.

One set of rules for an article's text wherever it comes from (a file, stdin,
a JSONL record): not binary (no NUL), UTF-8 (a BOM is dropped), not empty;
see :func:`check_article`. A result file is checked before any model runs and
replaced atomically, so a reader sees the old content or the new, never half.
"""

from __future__ import annotations

import os
import tempfile
import sys
from pathlib import Path
from typing import IO, Optional, Union

from .errors import InputError, OutputError


def check_text(text: str, where: str = "article") -> None:
    """Refuse an empty or whitespace-only article."""
    if not text or not text.strip():
        raise InputError(f"{where}: the article is empty")


def check_article(text: str, where: str, binary: str = "binary data") -> str:
    """The one rule for an article's text: no NUL character (binary data, not text), not empty.

    Raises:
        InputError: a NUL anywhere in the text, or an empty or whitespace-only text.
    """
    if "\x00" in text:
        raise InputError(f"{where}: looks like {binary}, not text")
    check_text(text, where)
    return text


def decode_article(data: bytes, where: str, binary: str = "binary data") -> str:
    """An article's bytes as text: UTF-8 (a BOM dropped), then :func:`check_article`.

    Raises:
        InputError: binary (said before a decoding error), not UTF-8, or empty.
    """
    if b"\x00" in data:  # in UTF-8 a NUL byte is a NUL character: the same rule as check_article's
        raise InputError(f"{where}: looks like {binary}, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: not UTF-8 text (invalid byte at offset {exc.start})") from None
    return check_article(text, where, binary)


def read_article(path: Union[str, Path]) -> str:
    """Read an article file, refusing what cannot be an article.

    Raises:
        InputError: missing file, a directory, binary or non-UTF-8 content, or
            an empty or whitespace-only text.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not an article file")
    return decode_article(path.read_bytes(), str(path), binary="a binary file")


def read_input(source: str, stdin: Optional[IO[bytes]] = None) -> str:
    """An article from a file, or from stdin (``-``), by the same rules."""
    if source == "-":
        return decode_article((stdin or sys.stdin.buffer).read(), "stdin")
    return read_article(source)


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
