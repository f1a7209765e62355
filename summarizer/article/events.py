"""The central event's type, as the opening of a news story states it.

News puts the event first: the title, then the lede. A legal word there that
is the clause's own action ("Thailand deported …", "court sentences …",
"Pleads Not Guilty") names the event type; one that only describes a party
("imprisoned journalists", "Lockerbie convict") or stands in a side clause
("Flouting an extradition request, …") counts less or not at all. (The place: :mod:`summarizer.article.places`.)
"""

from __future__ import annotations

from typing import Any, Optional

from ..schema import EventType, Span

# Lemma stem -> the event type it names. A stem of three letters or fewer must
# match the whole lemma.
CUES: list[tuple[str, EventType]] = [
    ("arrest", "arrest_or_detention"), ("detain", "arrest_or_detention"), ("detention", "arrest_or_detention"),
    ("custody", "arrest_or_detention"), ("apprehend", "arrest_or_detention"),
    ("extradit", "extradition"), ("deport", "deportation"), ("expel", "deportation"), ("expulsion", "deportation"),
    ("asylum", "asylum_or_refugee_decision"), ("refugee", "asylum_or_refugee_decision"),
    ("charge", "charge"), ("indict", "charge"), ("plead", "charge"), ("allegation", "charge"),
    ("trial", "trial"), ("prosecut", "trial"), ("convict", "conviction_or_sentence"),
    ("sentence", "conviction_or_sentence"), ("guilty", "conviction_or_sentence"),
    ("jail", "conviction_or_sentence"), ("imprison", "conviction_or_sentence"),
    ("sue", "lawsuit"), ("lawsuit", "lawsuit"), ("ruling", "court_ruling"), ("rule", "court_ruling"),
    ("appeal", "court_ruling"), ("bail", "court_ruling"), ("verdict", "court_ruling"), ("acquit", "court_ruling"),
    ("sanction", "sanction"), ("protest", "protest"), ("demonstration", "protest"),
    ("attack", "attack"), ("bombing", "attack"), ("shooting", "attack"), ("assassinat", "attack"),
]
# "Pleads not guilty" is a plea to a charge, not a verdict.
_PLEA = {"plead"}
# Asylum and refugee words name a decision only beside a deciding word:
# "asylum seekers rescued" is no asylum decision.
_DECIDING = ("grant", "deny", "denied", "refus", "reject", "decision", "decide", "reconsider", "approv",
             "application", "appeal", "ruling", "award")
# Dependency labels of a word that only describes a party ("imprisoned
# journalists", "the Lockerbie convict", "journalists imprisoned after …").
_DESCRIBING = {"amod", "acl", "compound", "poss", "appos"}
# Parts of speech a cue may have: "the convict" and "the bomber" are people.
_PERSON_NOUNS = {"convict", "bomber", "attacker", "detainee", "protester", "plaintiff", "defendant"}
# Weight of a cue by where it stands: the title, the lede, the sentence after.
_TITLE, _LEDE = 3.0, (2.0, 1.0)
# Words under which an event is one that did not take place.
_CONCESSIVE = {"despite", "notwithstanding", "flout", "defy", "ignore", "instead", "rather", "without"}
_WHEN = {"before", "after", "when", "as", "while", "since", "until", "once"}
_MAIN = 1.5  # the cue is the clause's own action (root, or a verb joined to it)
_MENTION = 1.0


def cue_type(token: Any) -> Optional[EventType]:
    """The event type ``token``'s lemma names, if any."""
    lemma = token.lemma_.lower()
    if lemma in _PERSON_NOUNS or token.pos_ not in {"VERB", "NOUN", "ADJ"}:
        return None
    if lemma == "rule" and token.pos_ == "NOUN":  # a regulation, not a ruling
        return None
    for stem, kind in CUES:
        if lemma.startswith(stem) and (len(stem) > 3 or lemma == stem):
            if kind == "asylum_or_refugee_decision" and not _decided(token):
                return None
            if kind == "conviction_or_sentence" and lemma == "guilty" and _pleaded(token):
                return "charge"
            return kind
    return None


def _decided(token: Any) -> bool:
    text = token.sent.text.lower()
    return any(word in text for word in _DECIDING)


def _pleaded(token: Any) -> bool:
    return any(t.lemma_.lower() in _PLEA for t in token.sent)


def _did_not_happen(token: Any) -> bool:
    """ "despite a request for his extradition", "was not arrested": the event the word names did not happen."""
    if any(child.dep_ == "neg" for child in token.children):
        return True
    return any(a.lemma_.lower() in _CONCESSIVE for a in token.ancestors)


def _weight(token: Any, title: bool) -> float:
    if _did_not_happen(token):
        return 0.0
    if title and token.dep_ == "acl":
        return _MAIN  # a title's reduced passive: "Cartoonist sued by coffee growers"
    if token.dep_ in _DESCRIBING:
        return 0.0
    if token.dep_ == "ROOT" or (token.head.dep_ == "ROOT" and token.dep_ in {"conj", "xcomp", "dobj", "attr",
                                                                             "nsubj", "nsubjpass", "prep", "pobj"}):
        return _MAIN
    if token.dep_ in {"advcl", "pcomp"} and token.head.dep_ == "ROOT":
        if any(c.dep_ == "mark" and c.lower_ in _WHEN for c in token.children):
            return 1.0  # "Moments before a judge sentenced him, …": a clause of time states an event
        return 0.5  # "Flouting a request …, Thailand deported …": a side clause
    return 1.0


def opening(text: str, sentences: list[Span], lead: list[Span]) -> list[tuple[float, Span]]:
    """The title (a first line before the lede) and the lede's two sentences, each with its weight."""
    first_line = text.lstrip().split("\n", 1)[0]
    end = text.find(first_line) + len(first_line)
    title = [(_TITLE, s) for s in sentences if lead and s.end <= min(end, lead[0].start)]
    return title + list(zip(_LEDE, lead))


def event_scores(doc: Any, sentences: list[Span], lead: list[Span]) -> dict[EventType, float]:
    """Each event type the opening names, with its weight (most likely first)."""
    scores: dict[EventType, float] = {}
    for weight, part in opening(doc.text, sentences, lead):
        chunk = doc.char_span(part.start, part.end, alignment_mode="expand")
        seen: set[str] = set()
        for token in chunk or ():
            kind = cue_type(token)
            if kind is None or kind in seen:
                continue
            seen.add(kind)
            scores[kind] = scores.get(kind, 0.0) + weight * _weight(token, weight == _TITLE)
    # A word the second sentence only mentions in passing is no event of the story's.
    ranked = sorted((k for k, v in scores.items() if v > _MENTION), key=lambda k: -scores[k])
    return {k: scores[k] for k in ranked}
