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
something ("applauded the decision"), or a non-answer ("declined to comment").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Optional

from ..schema import Attribution, Span
from ..text.quotes import Quotation
from ..text.reporting import REPORTING, STANCE, STANCE_STATES, verb_lemma
from ..text.sentences import located, paragraphs
from .candidate import Candidate
from .groups import ROLE_NOUNS
from .speakers import Speakers
from .stance import likely_stance

# Words a short quotation must stand beside to be someone's speech rather than
# wording quoted in passing ("citing his convictions for trying to 'topple the government'").
MIN_SPOKEN_WORDS = 6
# "called for", "called on", "protested against", "objected to", "lashed out at"
_ON = {"for", "on", "upon", "against", "to", "at"}


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


def _para_index(text: str, offset: int) -> int:
    paras = paragraphs(text)
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


def _verbal(token: Any) -> bool:
    """Whether a token is a verb, or a verb the tagger took for a noun after a quotation ('…", Zaynab
    sighs': the root of its sentence, with the name as a compound)."""
    return token.pos_ in {"VERB", "AUX"} or token.dep_ == "ROOT" and token.pos_ == "NOUN" and any(
        c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children)


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


# Verbs that say what something is: "described the sums as massive", "called it a disgrace".
_DESCRIBE = frozenset({"describe", "call", "label", "brand", "term", "dub", "characterize", "characterise",
                       "portray", "denounce", "condemn", "hail", "praise", "criticize", "criticise", "dismiss"})


def _that(clause: Any) -> bool:
    return any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)


def _takes_clause(verb: Any) -> bool:
    """Whether a verb reports a clause: its complement, a "that" clause the parser took for an
    adverbial one ("confirmed only that …") or hung on its object ("told LA Weekly in a statement
    that the case …"), a request of someone ("asked the governments not to turn away boats"), or
    a description of something as something ("described the sums as massive")."""
    if any(c.dep_ == "ccomp" or c.dep_ == "advcl" and _that(c) for c in verb.children):
        return True
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if objects and any(c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in verb.children):
        return True
    # "as" may hang on the object's own modifier: "described the sums involved as massive"
    described = [*verb.children, *(t for o in objects for t in o.subtree)]
    if objects and verb.lemma_.lower() in _DESCRIBE and any(
            t.dep_ == "oprd" or t.dep_ == "prep" and t.lower_ == "as" for t in described):
        return True
    for obj in (o for c in verb.children if c.dep_ in {"dobj", "prep"} for o in [c, *c.children]):
        if any(c.dep_ in {"acl", "ccomp"} and _that(c) for c in obj.children):
            return True
    return False


def _spoken(quote: Quotation, has_verb: bool) -> bool:
    return has_verb or len(quote.span.text.split()) >= MIN_SPOKEN_WORDS


# Participles that give a thing its name: "a robot named "Better Idea of Afghan Girls"", "a report titled …".
_NAMING = {"name", "call", "title", "entitle", "dub", "nickname", "christen", "brand", "label"}


def _a_name(quoted: list[Any]) -> bool:
    """Whether a quotation is the name something is given, not anyone's words."""
    return any(t.dep_ in {"oprd", "dobj", "attr"} and t.head.tag_ == "VBN" and t.head.lemma_.lower() in _NAMING
               and not any(c.dep_ == "agent" for c in t.head.children) for t in quoted)


def declines(verb: Any) -> bool:
    """Whether a verb reports declining to comment, an answer (a neutral one). Not answering at all
    ("could not be reached", "did not respond") is no reaction, as the guidelines say."""
    return verb.lemma_.lower() in {"decline", "refuse"} \
        and any(c.dep_ == "xcomp" and c.lemma_ == "comment" for c in verb.children)


def _a_person(token: Any) -> bool:
    return token.ent_type_ == "PERSON" or token.pos_ == "PRON" or token.lemma_.lower() in ROLE_NOUNS


# What an authority decides on rather than comments on: "rejected his asylum request", "denied bail".
_APPLIED_FOR = frozenset({"request", "application", "appeal", "case", "bid", "petition", "motion", "plea",
                          "bail", "visa", "asylum", "extradition", "permit", "licence", "license", "parole"})


def _legal_act(verb: Any) -> bool:
    """Whether a verb reports a step in a case rather than a view: a decision on what was applied for
    ("rejected his asylum request"), or a plea ("pleaded not guilty to charges that …")."""
    lemma = verb.lemma_.lower()
    if lemma == "plead":
        return any(c.dep_ == "acomp" for c in verb.children)
    return lemma in {"reject", "deny", "dismiss", "uphold", "back"} and any(
        c.dep_ == "dobj" and (c.lemma_.lower() in _APPLIED_FOR
                              or any(m.dep_ == "compound" and m.lemma_.lower() in _APPLIED_FOR for m in c.children))
        for c in verb.children)


def _reported_verb(tokens: list[Any]) -> Optional[Any]:
    """The verb of a reported statement: it takes a clause, or reports a stance on something
    ("applauded the decision", "called for calm", "lashed out at him"); not passive ("was denied a visa") nor negated."""
    def stance_on(t: Any) -> bool:
        if t.lemma_.lower() == "question" and any(c.dep_ == "dobj" and _a_person(c) for c in t.children):
            return False  # "police questioned the student": an interrogation, not a stance
        # on a thing, or on a doing: "denied using live ammunition"
        return verb_lemma(t) in STANCE and any(c.dep_ == "dobj" or c.dep_ == "prep" and c.lower_ in _ON
                                               or c.dep_ == "xcomp" and c.tag_ == "VBG" for c in t.children)
    found = next((t for t in tokens if declines(t)), None)
    if found is not None:
        return found
    return next((t for t in tokens if verb_lemma(t) in REPORTING and t.pos_ == "VERB"
                 and (_takes_clause(t) or stance_on(t) or t.dep_ == "parataxis")
                 and not any(c.dep_ in {"neg", "nsubjpass", "auxpass"} for c in t.children)
                 and not _legal_act(t)), None)


def _lemma(verb: Any) -> str:
    """A reporting word's lemma; a stance state keeps its form ("angered" is no "anger")."""
    return verb.lower_ if verb.lower_ in STANCE_STATES else verb_lemma(verb)


def _stance_state(tokens: list[Any]) -> Optional[Any]:
    """A stance stated as the speaker's state: "Baykal was critical of the arrests", "officials
    were angered by the decision" (the adjective or participle, whose lemma names the stance)."""
    states = [t for t in tokens if t.lower_ in STANCE_STATES and (
        t.dep_ == "acomp" or t.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in t.children))]
    # the main clause's: "While Robertson was elated, Cambodian officials were angered" is the officials'
    return min(states, key=lambda t: len(list(t.ancestors)), default=None)


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
        paragraph = _para_index(text, sentence.start)
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
        for quote in inside:
            tokens = _clause_tokens(doc, quote.span, bounds)
            quoted = [t for t in tokens if quote.span.start <= t.idx < quote.span.end]
            governing = {a.i for t in quoted for a in t.ancestors}
            # the verb whose clause holds the quotation first ("said he would support X: "I hope …"")
            verbs = sorted((t for t in tokens if verb_lemma(t) in REPORTING and _verbal(t)
                            and not quote.span.start <= t.idx < quote.span.end),
                           key=lambda t: (t.i not in governing,
                                          min(abs(t.idx - quote.span.start), abs(t.idx - quote.span.end))))
            who = _according_to(tokens, quote.span)
            subject = who if who is not None else next(filter(None, map(_subject, verbs)), None)
            if subject is None and not verbs:
                subject = _before_colon(doc, sentence, quote.span)
            if not _spoken(quote, bool(verbs) or who is not None) or _a_name(quoted):
                continue
            item = SpeechItem("quotation", quote.span, paragraph=quote.paragraph,
                              verb=verb_lemma(verbs[0]) if verbs else None)
            extra: list[SpeechItem] = []
            if subject is not None:
                item.speaker = speakers.resolve(subject, recent)
                item.method = "syntax" if item.speaker is not None else None
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
            verb = _reported_verb(tokens) or _stance_state(tokens)
            subject = _subject(verb.head if verb is not None and verb.dep_ == "acomp" else verb) \
                if verb is not None else _according_to(tokens)
            if subject is not None:
                speaker = speakers.resolve(subject, recent)
                item = SpeechItem("reported statement", sentence, speaker, "syntax" if speaker is not None else None,
                                  paragraph=paragraph, verb=_lemma(verb) if verb is not None else None)
                found += [item, *(replace(item, speaker=i, method="syntax") for i in speakers.also(subject, speaker))]
        found = _longest_per_speaker(found)
        introduced = None if inside or found else introduced
        for item in found:
            if item.speaker is None:
                item.nearby = speakers.nearby(item.span.start)
            else:
                last = item
                recent = item.speaker
        items += found
    return items
