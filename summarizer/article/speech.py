"""Who said it, from the parse: quotations and reported statements, and their speakers.

The rules, in order, for each quotation:

1. **Syntax**: the subject of the reporting verb whose clause holds the
   quotation, outside it ("…," Robertson said), the object of "according to",
   or the subject of a clause a colon ends ("Smith released a statement: "…""),
   whose next paragraph, when it has no quotation marks, is the statement itself;
   who that subject is, :mod:`.speakers` says. Two conjoined subjects both speak.
2. **Continuation**: a quotation with no reporting verb continues the speaker
   of the previous quotation in the same or the previous paragraph.
3. Otherwise the model chooses among the parties named nearby, or nobody.

A reported statement is a sentence whose reporting verb takes a clause ("said
he did not know", "Prosecutors, he said, had …") or reports a stance on
something ("applauded the decision"), or a non-answer ("declined to comment");
:mod:`.reported` says which verbs those are.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Optional

from ..schema import Attribution, Span
from ..text.quotes import Quotation
from ..text.reporting import REPORTING, verb_lemma
from ..text.sentences import located, paragraphs
from .candidate import Candidate
from .reported import a_name, reported_verb, reporting_lemma, stance_state, verbal
from .speakers import Speakers
from .stance import likely_stance

# Words a short quotation must stand beside to be someone's speech rather than
# wording quoted in passing ("citing his convictions for trying to 'topple the government'").
MIN_SPOKEN_WORDS = 6


@dataclass
class SpeechItem:
    """A quotation or reported statement, and who said it as far as code can tell."""

    label: str  # "quotation" or "reported statement"
    span: Span
    speaker: Optional[int] = None  # index into the party candidates
    method: Optional[Attribution] = None
    nearby: list[int] = field(default_factory=list)  # candidates for the model when code cannot tell
    paragraph: int = 0
    verb: Optional[str] = None  # the reporting verb's lemma, when the sentence has one


def _para_index(paras: list[tuple[int, str]], offset: int) -> int:
    return max((i for i, (start, _) in enumerate(paras) if start <= offset), default=0)


def _subject(verb: Any) -> Optional[Any]:
    """The verb's subject (a name before a common noun, when the parse gives two: "his sister Zaynab")."""
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if subjects:
        return min(subjects, key=lambda c: (c.ent_type_ != "PERSON", c.pos_ != "PROPN"))
    glued = [c for c in verb.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < verb.i]
    if glued:
        return glued[-1]  # the parser's slip after a quotation: '"…", Zaynab sighs' as one noun phrase
    if verb.dep_ == "acl" and verb.tag_ in {"VBD", "VBG"} and verb.head.pos_ == "PROPN":
        return verb.head  # a verb hung on a name is the parser's slip: "Susan Cohen … thought …, adding: …"
    if verb.dep_ in {"conj", "advcl", "xcomp"} and verb.head.pos_ in {"VERB", "AUX"}:
        head = verb.head
        if verb.tag_ == "VBG" and head.dep_ == "ccomp" and head.head.lemma_.lower() in REPORTING:
            head = head.head  # "Robertson said HRW played a role, saying …": the reporter says it
        return _subject(head)
    if verb.dep_ == "ROOT":
        # the parser's slip the other way: "Speaking in their defense, Tom Molomby, SC, said …"
        # hangs the name on the opening participle; the name just before the verb is its subject
        before = [t for t in verb.sent if t.i < verb.i and not (t.is_punct or t.is_space)]
        stray = [t for t in before if t.dep_ in {"npadvmod", "dep"} and t.ent_type_ == "PERSON" and t.head != verb]
        if stray and all(t.i <= stray[-1].i or t.head == stray[-1] or t.dep_ == "appos" for t in before):
            return stray[-1]
    return None


def _according_to(tokens: list[Any], outside: Optional[Span] = None) -> Optional[Any]:
    """Whose words these are by the sentence's own sourcing, not inside the quotation ``outside``:
    the object of "according to" or "in the words of"; for a quotation, also the author of a
    statement it stands right after ("a message from his lawyers, "Abdullah didn't make bail"")."""
    for t in tokens:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.nbor().lower_ == "to":
            source = t.nbor()
        elif t.lower_ == "words" and t.head.lower_ == "in":
            source = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        elif outside is not None and t.lemma_.lower() in _STATEMENTS and _just_before(t, outside):
            source = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "from"), None)
        else:
            continue
        # the parser may take the name for a clause ("According to Rathbun the property was …")
        obj = next((c for c in source.children if c.dep_ == "pobj" or c.dep_ == "pcomp" and c.is_title),
                   None) if source is not None else None
        if obj is not None and not (outside and outside.start <= obj.idx < outside.end):
            return obj
    return None


def _just_before(noun: Any, quote: Span) -> bool:
    """Whether a noun's phrase ends right before a quotation, with only a comma or colon between."""
    end = noun.right_edge.idx + len(noun.right_edge.text)
    return end <= quote.start and not noun.doc.text[end:quote.start].strip(" ,:\"\u201c\u2018'")


def _clause_tokens(doc: Any, quote: Span, para: tuple[int, int]) -> list[Any]:
    """The sentences around a quotation, within its paragraph: the one it stands in, and a
    short one right after it that spaCy may have cut off ('…," he said.')."""
    start, end = para
    sents = [s for s in doc.sents if s.start_char < quote.end and quote.start < s.end_char]
    if sents and sents[-1].end < len(doc):
        following = doc[sents[-1].end].sent
        if len(following) <= 12 and not doc.text[quote.end:following.start_char].strip(" ,.!?\"\u201d'\u2019"):
            sents.append(following)
    return [t for s in sents for t in s if start <= t.idx < end]


# "released a statement:", "issued a message:" introduce their author's words as a reporting verb does.
_ISSUE = {"release", "issue", "publish", "send", "post", "make", "put"}
_STATEMENTS = {"statement", "message", "letter", "note", "post", "tweet", "comment", "remark"}


def _before_colon(doc: Any, sentence: Span, quote: Span) -> Optional[Any]:
    """The subject of the clause a colon ends just before a quotation: "Smith released a
    statement on the case: "…"" introduces Smith's words."""
    lead = doc.text[sentence.start:quote.start].rstrip(" \"\u201c'\u2018\n")
    if not lead.endswith(":"):
        return None
    chunk = doc.char_span(sentence.start, sentence.start + len(lead) - 1, alignment_mode="contract")
    verbs = [t for t in chunk or [] if t.pos_ == "VERB" and (t.lemma_.lower() in REPORTING or (
        t.lemma_.lower() in _ISSUE and any(c.dep_ == "dobj" and c.lemma_.lower() in _STATEMENTS for c in t.children)))]
    return next(filter(None, map(_subject, reversed(verbs))), None)


def _spoken(quote: Quotation, has_verb: bool) -> bool:
    return has_verb or len(quote.span.text.split()) >= MIN_SPOKEN_WORDS


def _longest_per_speaker(found: list[SpeechItem]) -> list[SpeechItem]:
    """One quotation per speaker, sentence and likely stance, the longest: the guidelines label a
    quotation that "he said" interrupts, or fragments around it ("Calling it "an historic day", he
    said it was "a great act of democracy""), as one reaction with its longer part, unless the parts
    carry different stances."""
    longest: dict[tuple[int, str], SpeechItem] = {}
    key = {id(i): (i.speaker, likely_stance(i.span.text, i.verb)) for i in found}
    for item in found:
        if item.label == "quotation" and item.speaker is not None:
            best = longest.get(key[id(item)])
            if best is None or len(item.span.text) > len(best.span.text):
                longest[key[id(item)]] = item
    return [i for i in found if i.label != "quotation" or i.speaker is None or longest[key[id(i)]] is i]


def attribute(doc: Any, parties: list[Candidate], quotes: list[Quotation],
              sentences: list[Span], speakers: Optional[Speakers] = None) -> list[SpeechItem]:
    """Speech items in article order, each attributed where code can.

    A sentence yields its quotations, or, when it holds none, at most one
    reported statement. The last speaker found is carried forward for pronouns
    and continuations.
    """
    speakers = speakers or Speakers(doc, parties)
    text = doc.text
    paras = paragraphs(text)
    items: list[SpeechItem] = []
    last: Optional[SpeechItem] = None
    introduced: Optional[int] = None  # the speaker of a "Rathbun stated:" that introduces the next paragraph
    block: Optional[int] = None  # the paragraph such a colon introduces
    whole_end = -1  # where a statement quoted whole (below) ends: its sentences are no statements of their own
    for sentence in sentences:
        if sentence.start < whole_end:
            continue
        inside = [q for q in quotes if sentence.start <= q.span.start < sentence.end]
        paragraph = _para_index(paras, sentence.start)
        if paragraph == block and introduced is not None and not any(q.paragraph == paragraph for q in quotes):
            # "In a statement Peters says:" then a paragraph with no quotation marks: the statement itself
            start, body = paras[paragraph]
            last = SpeechItem("quotation", located(text, start, start + len(body)), introduced, "syntax",
                              paragraph=paragraph)
            items.append(last)
            whole_end = last.span.end
            continue
        recent = last.speaker if last is not None and paragraph - last.paragraph <= 1 else None
        bounds = (paras[paragraph][0], paras[paragraph][0] + len(paras[paragraph][1]))
        found: list[SpeechItem] = []
        unknown: set[int] = set()  # quotations whose speaker is named by words no party stands for
        for quote in inside:
            tokens = _clause_tokens(doc, quote.span, bounds)
            quoted = [t for t in tokens if quote.span.start <= t.idx < quote.span.end]
            governing = {a.i for t in quoted for a in t.ancestors}
            # the verb whose clause holds the quotation first ("said he would support X: "I hope …"")
            verbs = sorted((t for t in tokens if verb_lemma(t) in REPORTING and verbal(t)
                            and not quote.span.start <= t.idx < quote.span.end),
                           key=lambda t: (t.i not in governing,
                                          min(abs(t.idx - quote.span.start), abs(t.idx - quote.span.end))))
            # a verb reported by another ("Miliband denied that the US threatened …, arguing "…"") says
            # what was reported, unless the quotation is its own clause ("she said he told her, "…"")
            verbs = [t for t in verbs if t.i in governing or not (t.dep_ == "ccomp" and t.head in verbs)]
            who = _according_to(tokens, quote.span)
            subject = who if who is not None else next(filter(None, map(_subject, verbs)), None)
            if subject is None and not verbs:
                subject = _before_colon(doc, sentence, quote.span)
            if not _spoken(quote, bool(verbs) or who is not None) or a_name(quoted):
                continue
            item = SpeechItem("quotation", quote.span, paragraph=quote.paragraph,
                              verb=verb_lemma(verbs[0]) if verbs else None)
            extra: list[SpeechItem] = []
            if subject is not None:
                item.speaker = speakers.resolve(subject, recent)
                item.method = "syntax" if item.speaker is not None else None
                if item.speaker is None:
                    unknown.add(id(item))
                extra = [replace(item, speaker=i, method="syntax") for i in speakers.also(subject, item.speaker)]
            elif not verbs and introduced is not None:
                item.speaker, item.method = introduced, "syntax"
            elif not verbs and recent is not None:
                item.speaker, item.method = recent, "continuation"
            found += [item, *extra]
        # a sentence whose only quotations name something ("a robot named "…"") may report a statement
        spoken = [q for q in quotes if q.span.start < sentence.end and sentence.start < q.span.end
                  and (q not in inside or any(i.span == q.span for i in found))]
        if not spoken:
            chunk = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
            tokens = list(chunk) if chunk is not None else []
            if sentence.text.endswith((":", ",")):  # "Rathbun stated:" introduces the quotation below
                intro = next((t for t in tokens if t.lemma_.lower() in REPORTING and t.pos_ == "VERB"
                              and sentence.start <= t.idx < sentence.end), None)
                subject = _subject(intro) if intro is not None else None
                if subject is not None:
                    introduced = speakers.resolve(subject, recent)
                    block = paragraph + 1 if sentence.text.endswith(":") else None
                    continue
            verb = reported_verb(tokens) or stance_state(tokens)
            subject = _subject(verb.head if verb is not None and verb.dep_ == "acomp" else verb) \
                if verb is not None else _according_to(tokens)
            if subject is not None:
                speaker = speakers.resolve(subject, recent)
                item = SpeechItem("reported statement", sentence, speaker, "syntax" if speaker is not None else None,
                                  paragraph=paragraph, verb=reporting_lemma(verb) if verb is not None else None)
                found += [item, *(replace(item, speaker=i, method="syntax") for i in speakers.also(subject, speaker))]
        found = _longest_per_speaker(found)
        introduced = None if inside or found else introduced
        for item in found:
            if item.speaker is None:
                item.nearby = speakers.nearby(item.span.start)
            if item.speaker is not None or id(item) in unknown:
                # '"…," said the source. "…"': the next quotation continues the source, not whoever spoke before
                last = item
                recent = item.speaker
        items += found
    return items
