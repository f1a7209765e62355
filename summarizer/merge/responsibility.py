"""Claims and denials of responsibility across reports.

Who says they did it, or did not, is what reports of an attack most often
revise or dispute ("the Provisional IRA accepted responsibility" in 1972, "he
still refused to accept responsibility" in a retrospective). Code finds the
sentences that claim or deny responsibility; a sentence of each of two reports
makes a pair for the judge, and a named party's claim or denial that no other
report speaks of is a difference only one report has. Three pairs carry their
answer for the rules (:mod:`summarizer.merge.rules`): one party's claim and its
denial, an earlier "no one has claimed responsibility" with a later report that
names who carried out the attack, and an earlier "no link to terrorism" with a
later report that calls the attack terrorism.
"""

from __future__ import annotations

import re

from .dossier import Difference, Evidence
from .pairs import distinct_pairs
from .similarity import similarity
from .passages import shorten, split_sentences
from ..schema import Span
from .report import Candidate, Report

# A verb of claiming, accepting or denying shortly before "responsib-": "accepted responsibility",
# "has taken responsibility", "said it was not responsible"; not "root out those responsible".
_CLAIM_OR_DENIAL = re.compile(
    r"\b(?:accept\w*|claim\w*|take|takes|took|taken|den(?:y|ies|ied)|not|refus\w*|admit\w*)\b[^.;]{0,40}?"
    r"\bresponsib\w*", re.IGNORECASE)
# A claim proper: the verb and the noun together ("claimed responsibility", "took full responsibility"),
# not "will take those responsible to justice".
_CLAIMED = re.compile(r"\b(?:(?:claim|accept|admit|take)(?:s|ed|ing)?|took|taken)\s+(?:\w+\s+){0,2}?"
                      r"responsibility\b", re.IGNORECASE)
_NOBODY = re.compile(r"\bno (?:one|group|organi[sz]ation)\b", re.IGNORECASE)
_DENIAL = re.compile(r"\b(?:den(?:y|ies|ied)|not|refus\w*|never)\b|n't\b", re.IGNORECASE)
# A sentence that says who carried out the attack, in the active voice: "the brothers allegedly set off
# two bombs", "police say X carried the bombs", "the group was behind the attack". Not "whoever placed
# these bombs" (nobody yet), nor "bombs detonated at the marathon" (no one named as doing it).
_ATTACK = r"(?:bombs?|bombings?|attacks?|explosives?|blasts?|explosions?)\b"
_PERPETRATED = re.compile(
    rf"(?<!\bwho )(?<!\bwhoever )(?<!\bwas )(?<!\bwere )(?<!\bbeen )(?<!\bbeing )"
    rf"\b(?:set off|planted|detonated|carried|placed|staged|launched|perpetrated)\s+(?:out\s+)?"
    rf"(?:(?!(?:of|to|from|in|at|on|by|with|after|for)\b)[\w'-]+\s+){{0,3}}?{_ATTACK}"
    rf"(?!\s+(?:victims?|survivors?|suspects?|scene|site)\b)"  # "carried injured bombing victims"
    rf"|\b(?:was|were|is|are)\s+behind\s+(?:the|these|this|those|both)\s+(?:\w+\s+)?{_ATTACK}",
    re.IGNORECASE)
# Whether an attack is terrorism is the other open question of early reports: "we do not see a link
# to terrorism" (a negation before a link word), answered later by "an act of terrorism" said plainly
# (no negation or hedge just before it: not "no evidence yet that it was an act of terrorism").
_NO_TERROR_LINK = re.compile(r"\b(?:no|not|nothing|n't)\b[^.;]{0,30}?\b(?:link\w*|connect\w*|ties|tied)\b"
                             r"[^.;]{0,30}?\bterror", re.IGNORECASE)
_TERRORISM = re.compile(r"\bact of terror(?:ism)?\b|\bterror(?:ist)? attack\b", re.IGNORECASE)
_HEDGE = re.compile(r"\b(?:no|not|n't|whether|if|possibl[ey]|may|might|could|any|rule|ruled|suspect\w*|"
                    r"potential\w*|investigat\w*|early|treat\w*)\b", re.IGNORECASE)
# Words that leave open who did it: "trying to determine whether someone detonated the bombs", "want to
# know who planted the bombs" (not a relative "who": "brothers who had lived here … carried the bombs").
_OPEN_QUESTION = re.compile(r"\b(?:whether|unclear|determine|know|find out|identify|ask\w*)\b", re.IGNORECASE)
# A later report that says the first stance was dropped reports a change, not a conflict.
_RETRACTED = re.compile(r"\b(?:retract\w*|withdr[ae]w\w*|revers\w*|no longer|recant\w*)\b", re.IGNORECASE)
# Capitalised words that start a clause rather than name anyone.
_NOT_NAMES = {"The", "A", "An", "In", "On", "At", "But", "And", "After", "Before", "Then", "It", "He", "She",
              "They", "We", "This", "That", "Its", "Their", "His", "Her", "Monday", "Tuesday", "Wednesday",
              "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
              "July", "August", "September", "October", "November", "December"}
# "Police said Hamas claimed …": a source named before its reporting verb is not who claims.
_SOURCE = re.compile(r"\b[A-Z][\w'-]*(?=\s+(?:said|says|told|reported|reports|added|confirmed)\b)")


def responsibility_sentences(text: str) -> list[Span]:
    """Sentences of a report that claim or deny responsibility (or say nobody has claimed it)."""
    return [s for s in split_sentences(text) if _CLAIM_OR_DENIAL.search(s.text)]


def stance(sentence: str) -> str:
    """What a responsibility sentence says: ``nobody`` claimed it, a party ``denied`` or ``claimed`` it, or
    ``other`` ("root out those responsible").

    The first verb before "responsib-" decides: "said it was not responsible for the attack, unlike the
    bombing it claimed responsibility for" is a denial of this attack.
    """
    if _NOBODY.search(sentence):
        return "nobody"
    match = _CLAIM_OR_DENIAL.search(sentence)
    if match and _DENIAL.search(match.group()):
        return "denied"
    return "claimed" if _CLAIMED.search(sentence) else "other"


def claimant_words(sentence: str) -> set[str]:
    """The capitalised words before a claim's verb: who claims ("The Provisional IRA accepted ..." -> IRA ...)."""
    match = _CLAIMED.search(sentence)
    before = sentence[:match.start()] if match else ""
    sources = set(_SOURCE.findall(before))
    return {w for w in re.findall(r"\b[A-Z][\w'-]*", before) if w not in _NOT_NAMES and w not in sources}


def opposed(x: str, y: str) -> bool:
    """Whether one party claims responsibility in ``x`` and the same party, named in ``y``, denies it there.

    The party is the claim's named subject; the denial may name it in passing ("an IRA leader ... still
    refused to accept responsibility"), since a denial is mostly voiced by someone speaking for it. A
    denial that says the claim was withdrawn is a change the model weighs, not a conflict.
    """
    of_x = stance(x)
    if {of_x, stance(y)} != {"claimed", "denied"} or _RETRACTED.search(x) or _RETRACTED.search(y):
        return False
    claim, denial = (x, y) if of_x == "claimed" else (y, x)
    return any(re.search(rf"\b{re.escape(w)}\b", denial) for w in claimant_words(claim))


def responsibility_pairs(items: list[Report], limit: int = 2) -> list[Candidate]:
    """For every two reports, their responsibility sentences paired, the most alike first.

    A claim and a denial by one party are marked (``fact_a``/``fact_b``) for the rule that decides them.
    """
    found = []
    for a, b in distinct_pairs(items):
        scored = [(opposed(x.text, y.text), similarity(x.text, y.text), x, y)
                  for x in responsibility_sentences(a.text) for y in responsibility_sentences(b.text)]
        scored.sort(key=lambda t: (not t[0], -t[1]))
        found += [Candidate("responsibility", "responsibility for the attack", Evidence(report=a.id, span=x),
                            Evidence(report=b.id, span=y), score=score,
                            fact_a=stance(x.text) if clash else None, fact_b=stance(y.text) if clash else None)
                  for clash, score, x, y in scored[:limit]]
    return found


def perpetrator_sentences(text: str) -> list[Span]:
    """Sentences that name who carried out an attack, or a party's claim of it."""
    return [s for s in split_sentences(text) if (_named_perpetrator(s.text) and not _DENIAL.search(s.text))
            or (_CLAIM_OR_DENIAL.search(s.text) and stance(s.text) == "claimed")]


def _named_perpetrator(sentence: str) -> bool:
    """Whether a sentence says who carried out the attack, as a settled fact: not a question still
    open before the verb ("whether someone detonated"), nor a bomb squad's "controlled explosion"."""
    match = _PERPETRATED.search(sentence)
    return match is not None and not _OPEN_QUESTION.search(sentence[:match.start()]) \
        and "controlled" not in sentence.lower()


def answered_pairs(items: list[Report]) -> list[Candidate]:
    """An earlier report's "no one has claimed responsibility" and a later report's first naming of who did it.

    The later report must not itself say that nobody has claimed it: then the question is still open
    there, and what it names is weighed by the model with the rest. Reports without dates, or of one
    day, cannot say which came first.
    """
    found = []
    for a, b in distinct_pairs(items):
        if a.date is None or b.date is None or a.date >= b.date:
            continue
        nobody = [s for s in responsibility_sentences(a.text) if stance(s.text) == "nobody"]
        if not nobody or any(stance(s.text) == "nobody" for s in responsibility_sentences(b.text)):
            continue
        named = perpetrator_sentences(b.text)
        if named:
            found.append(Candidate("responsibility", "who carried out the attack",
                                   Evidence(report=a.id, span=nobody[0]), Evidence(report=b.id, span=named[0]),
                                   fact_a="nobody", fact_b="named"))
    return found


def terrorism_sentences(text: str) -> list[Span]:
    """Sentences that call the attack terrorism plainly ("is obviously an act of terrorism")."""
    return [s for s in split_sentences(text)
            if any(not _HEDGE.search(s.text[max(0, m.start() - 40):m.start()]) for m in _TERRORISM.finditer(s.text))]


def terrorism_pairs(items: list[Report]) -> list[Candidate]:
    """An earlier report's "no link to terrorism" and a later report that calls the attack terrorism.

    A later report may qualify it ("an act of terrorism, but not linked to international terrorism"):
    the attack is still named terrorism where the first report saw no link. Reports of one day, or
    without dates, cannot say which came first.
    """
    found = []
    for a, b in distinct_pairs(items):
        if a.date is None or b.date is None or a.date >= b.date or terrorism_sentences(a.text):
            continue
        unlinked = [s for s in split_sentences(a.text) if _NO_TERROR_LINK.search(s.text)]
        named = terrorism_sentences(b.text)
        if unlinked and named:
            found.append(Candidate("responsibility", "whether the attack is terrorism",
                                   Evidence(report=a.id, span=unlinked[0]), Evidence(report=b.id, span=named[0]),
                                   fact_a="no terrorism link", fact_b="terrorism"))
    return found


def responsibility_only_in_one(items: list[Report]) -> list[Difference]:
    """A named party's claim or denial of responsibility in a report when no other report speaks of it.

    "No one has taken responsibility" is not a claim: it is what a report says
    before anybody claims anything, and a later report's suspects answer it.
    """
    unique = [r for r in items if not r.duplicate_of]
    if len(unique) < 2:
        return []
    by_report = {r.id: responsibility_sentences(r.text) for r in unique}
    found = []
    for report in unique:
        if any(by_report[r.id] for r in unique if r.id != report.id):
            continue
        for sentence in by_report[report.id]:
            if not _NOBODY.search(sentence.text):
                found.append(Difference(id="D0", kind="only_in_one", compared_on="only_in_one",
                                        basis="responsibility_only_in_one",
                                        topic=f"responsibility: {shorten(sentence.text, 100)}",
                                        evidence=[Evidence(report=report.id, span=sentence)]))
    return found
