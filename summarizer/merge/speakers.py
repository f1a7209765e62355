"""A speaker's non-answer in one report and their statement in a later one.

The speaker difference a reader wants is a "no comment" turned into a
statement ("did not know about the situation" on Friday, "regretted the
decision" on Sunday). What a speaker says comes from two places: the summary's
reactions (which also hold what a pronoun said: "..., he said") and the report's
own sentences where a party named in both reports is the subject of a verb of
saying. The sentences are read by code, so the pair does not depend on whether
a summary listed the speaker's words as a reaction: a spokesman who "could not
be reached" is a non-answer whatever the summary made of it.
"""

from __future__ import annotations

import re
from typing import Optional

from rapidfuzz import fuzz

from ..schema import Span
from ..text.reporting import NON_ANSWER as _NON_ANSWER
from .dossier import Evidence, ReportReaction, SpeakerReactions
from .passages import body_start, quoted_ranges, sentence_span, sentences_mentioning
from .report import Candidate, Report, Stats
from .similarity import normal, said_alike, similarity

# A subject and its verb of saying ("Chum Sounry said", "would only say"; a non-answer is one too: "could not be
# reached"), with between them a parenthesis ("(D)"), a few words ("in Bangkok, meanwhile") or an apposition
# between commas (", spokesman for the Ministry of Foreign Affairs,").
# The words between stay in the name's clause: no full stop, no relative pronoun or conjunction ("Smith met
# the governor, who said nothing" is the governor's). After a name, a non-answer is a verb's: "could not be
# reached", "declined to comment", not "was not immediately released".
_VERBAL_NON_ANSWER = (
    r"(?:(?:did|does|do|could|would|has|have|had|was|were|is) not|(?:did|does|do|could|would|has|have|had)n[’']t)"
    r"\s+(?:\w+\s+){0,2}?(?:know|comment|say|respond|reply|confirm|reached|disclose)\b|\bdeclined to\b")
_TO_VERB = re.compile(
    r"(?:\s*\([^()]{0,30}\))?(?:[\s,]+(?!(?:who|which|that|and|but|after|when|while)\b)[\w’'-]+){0,4}?"
    r"(?:\s*,[^,;:\"“”.]{1,100},)?[\s,]+"
    r"(?:(?:said|says|told|tells|added|stated|announced|confirmed|explained|insisted|noted|replied|responded|wrote|"
    r"warned|declared|acknowledged|admitted|(?:would|could) only say)\b|(?i:" + _VERBAL_NON_ANSWER + "))")
_INVERTED = re.compile(r"[,”\"]\s*(?:said|says)\s+$")  # '"...," said O'Neill'
# Words before a name that are not a title: "the" in "the Danish Embassy", "and" in "Tamerlan and Dzhokhar".
_NOT_TITLE = {"the", "a", "an", "and", "or", "of", "at", "in", "on", "for", "with", "by", "to", "from", "that",
              "said", "says", "told", "when", "while", "as", "but", "than", "whom", "who"}


def _name_pattern(name: str) -> str:
    """A name as a pattern that accepts either apostrophe ("O'Neill", "O’Neill")."""
    return r"\b" + re.sub(r"\\?['’]", "['’]", re.escape(name)) + r"\b"


def _titles(text: str, names: dict[str, list[str]]) -> dict[str, str]:
    """"the mayor" -> the party introduced as "Mayor Bill de Blasio", when no other party has that title.

    News copy names a person once with their title and then calls them by it.
    """
    holders: dict[str, set[str]] = {}
    for party, party_names in names.items():
        own = {w.lower() for n in party_names for w in n.split()}  # "James" before "O'Neill" is a name
        for name in party_names:
            for match in re.finditer(_name_pattern(name), text):
                before = re.search(r"([A-Za-z]+)\s+$", text[max(0, match.start() - 30):match.start()])
                if before and len(before.group(1)) > 2 and before.group(1).lower() not in _NOT_TITLE | own:
                    holders.setdefault(before.group(1).lower(), set()).add(party)
    return {title: next(iter(parties)) for title, parties in holders.items() if len(parties) == 1}


def spoken_sentences(text: str, names: dict[str, list[str]]) -> dict[str, list[Span]]:
    """Per party (id -> the names this report uses), the sentences where it is the subject of a verb of saying.

    A non-answer is a verb of saying too ("Chum Sounry could not be reached").
    A name inside a quotation is what someone else said about the party.
    """
    quotes, body = quoted_ranges(text), body_start(text)  # a headline's "De Blasio says" is not a passage
    mentions = {party: list(party_names) for party, party_names in names.items()}
    for title, party in _titles(text, names).items():
        mentions[party].append(f"the {title}")
    found: dict[str, list[Span]] = {}
    for party, party_names in mentions.items():
        spans: dict[int, Span] = {}
        for name in {n for n in party_names if len(n) > 2}:
            for match in re.finditer(_name_pattern(name), text, re.IGNORECASE if name.startswith("the ") else 0):
                if match.start() < body or any(s <= match.start() < e for s, e in quotes) or not _speaks(text, match):
                    continue
                sentence = sentence_span(text, match.start())
                spans.setdefault(sentence.start, sentence)
        found[party] = [spans[k] for k in sorted(spans)]
    return found


def _speaks(text: str, match: re.Match) -> bool:
    return bool(_INVERTED.search(text[max(0, match.start() - 12):match.start()]) or _TO_VERB.match(text, match.end()))


def speaker_pairs(a: Report, b: Report, parties: list, reactions: list[SpeakerReactions],
                  stats: Stats) -> list[Candidate]:
    """A speaker's first non-answer in ``a`` against a statement of theirs in ``b``: at most one pair each.

    The answer is the later statement on the same topic (the most alike), else
    the speaker's first later statement. A speaker who says more things in a
    later report has not changed anything more, so other pairs of their
    statements are not compared.
    """
    named = {r.id: {p.id: [n for m in p.mentions if m.report == r.id for n in (m.name, *m.aliases)]
                    for p in parties} for r in (a, b)}
    spoken = {r.id: spoken_sentences(r.text, {k: v for k, v in named[r.id].items() if v}) for r in (a, b)}
    groups = {g.speaker: g for g in reactions}
    pairs = []
    for party in parties:
        if not (named[a.id][party.id] and named[b.id][party.id]):
            continue
        group = groups.get(party.id)
        said_a = _statements(a, group, named[a.id][party.id], spoken[a.id].get(party.id, []), stats)
        said_b = _statements(b, group, named[b.id][party.id], spoken[b.id].get(party.id, []), stats)
        later = []
        for reaction, span in said_b:
            if any(_same_words(x, reaction) or normal(s.text) == normal(span.text) for x, s in said_a):
                stats.settled += 1  # the same words in both reports
            elif not _NON_ANSWER.search(span.text):
                later.append(span)
        asked = next((s for _, s in said_a if _NON_ANSWER.search(s.text)), None)
        if asked is None or not later:
            continue
        # a speaker who answers is one change, however many things they then say: the first non-answer
        # against the later statement on its topic, else the first one (where the report introduces them)
        answer = max(later, key=lambda s: (said_alike(asked.text, s.text), -s.start))
        pairs.append(Candidate("speaker", f"what {party.name} said", Evidence(report=a.id, span=asked),
                               Evidence(report=b.id, span=answer), score=similarity(asked.text, answer.text)))
    return pairs


def _statements(report: Report, group: Optional[SpeakerReactions], names: list[str], sentences: list[Span],
                stats: Stats) -> list[tuple[Optional[ReportReaction], Span]]:
    """What a speaker says in a report, in reading order: the summary's reactions, then sentences it left out."""
    said: list[tuple[Optional[ReportReaction], Span]] = []
    for reaction in (group.reactions if group else []):
        if reaction.report != report.id:
            continue
        span = _reaction_span(report, reaction, names)
        if span is None:
            stats.dropped += 1
        elif not any(span.start < s.end and s.start < span.end for _, s in said):
            said.append((reaction, span))
    said += [(None, s) for s in sentences if not any(s.start < x.end and x.start < s.end for _, x in said)]
    return sorted(said, key=lambda item: item[1].start)


def _reaction_span(report: Report, reaction: ReportReaction, mention_names: list[str]) -> Optional[Span]:
    if reaction.quote is not None and reaction.quote.verbatim and report.verified(reaction.quote):
        return report.passage(report.verified(reaction.quote))
    sentences = sentences_mentioning(report.text, mention_names)
    if not sentences:
        return None
    return max(sentences, key=lambda s: similarity(s.text, reaction.paraphrase or ""))


def _same_words(x: Optional[ReportReaction], y: Optional[ReportReaction]) -> bool:
    if not (x and y and x.quote and y.quote):
        return False
    qx, qy = normal(x.quote.text), normal(y.quote.text)
    return qx in qy or qy in qx or fuzz.ratio(qx, qy) >= 90
