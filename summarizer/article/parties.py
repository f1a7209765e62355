"""Parties found by code: named entities, unnamed sources and groups that act.

The model never writes a party's name. Code finds every candidate in the
parse, merges the forms of one party (a surname and the full name, a title
and the name, an acronym and its expansion, a demonym and its state, a role
noun and the person it stands for), and the model then only says whether each
candidate takes part and in which role.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from ..schema import Span
from ..text.demonyms import STATE_BODY_NOUNS, STATE_NOUNS, country_of
from ..text.names import POSTNOMINALS, TITLES, normalise
from ..text.nlp import reads_as_person
from ..text.reporting import REPORTING
from .candidate import DETERMINERS, Candidate, kind_of
from .groups import NAME_LABELS, ROLE_NOUNS, acting, clean, span_of, text_of
from .coreference import merge, without_families
from .places import country_name


def _only_titles(tokens: list[Any]) -> bool:
    """Whether a name is titles alone ("Prime Minister"), with no one's name in it."""
    return all(t.lower_.rstrip(".") in TITLES for t in tokens)


def _title_split(tokens: list[Any]) -> tuple[list[Any], list[Any]]:
    """A person's name split from honorifics and role nouns glued to it ("President Nicolás Maduro",
    "Campaigner Tom Reed")."""
    cut = 0
    while cut < len(tokens) - 1 and (tokens[cut].lower_.rstrip(".") in TITLES or tokens[cut].pos_ == "NOUN"
                                     or tokens[cut].lower_ in ROLE_NOUNS):
        cut += 1
    return tokens[:cut], tokens[cut:]


def _title_of(root: Any, entity: Any) -> Optional[str]:
    """The role words around a person's name: "Interior Ministry spokesman" just
    before it, or an apposition after it ("Phil Robertson, the deputy director of …")."""
    left = []
    i = entity.start - 1
    doc = entity.doc
    while i >= entity.sent.start and doc[i] in root.subtree and not (doc[i].is_punct or doc[i].is_space):
        if doc[i].ent_type_ in {"DATE", "TIME", "PERSON"} or doc[i].lower_ in DETERMINERS:
            break
        left.insert(0, doc[i])
        i -= 1
    if left:
        return text_of(clean(left)) or None
    for child in root.children:
        if child.dep_ == "appos" and child.i > root.i and not _aside(child):
            words = [t for t in child.subtree if t.dep_ != "relcl" and t.head.dep_ != "relcl"]
            return text_of(clean(words))[:100] or None
    head = root.head
    if root.dep_ == "appos" and head.i < root.i and head.pos_ == "NOUN" and head.ent_type_ == "":
        # "the Crown prosecutor, Mark Tedeschi"; "Deputy director for … for Amnesty International, Hassiba …"
        words = [t for t in head.subtree if t.i < root.left_edge.i and t.dep_ != "relcl" and t.head.dep_ != "relcl"]
        return text_of(clean(words))[:100] or None
    return None


def _aside(token: Any) -> bool:
    """An apposition that is not what someone is: an age ("Thomas Sam, 42,") or letters after a name ("QC")."""
    return token.like_num or token.ent_type_ in {"DATE", "CARDINAL"} and token.n_lefts + token.n_rights == 0 \
        or normalise(token.text) in POSTNOMINALS


def _shared_surname(ent: Any) -> Optional[str]:
    """"David" in "David and Louise Turpin" is David Turpin: a lone first name
    coordinated with a full name shares its surname."""
    doc = ent.doc
    if ent.end + 1 < len(doc) and doc[ent.end].lower_ in {"and", "&"}:
        nxt = next((e for e in doc.ents if e.start == ent.end + 1 and e.label_ == "PERSON"), None)
        if nxt is not None and len(nxt) >= 2:
            return f"{ent.text} {nxt[-1].text}"
    return None


def _run_on(tokens: list[Any], label: str, surnames: set[str]) -> tuple[list[Any], str]:
    """A name the tagger ran into the next phrase ("According to Rathbun the Scientology
    property …"): a body's name holds "the" only after a preposition ("Bank of the West"); a
    person's may hold it anywhere ("Alexander the Great")."""
    cut = next((i for i, t in enumerate(tokens[:-1]) if i and t.text in {"the", "a", "an"}
                and tokens[i - 1].text[:1].isupper()), None)
    if cut is None or label == "PERSON":
        return tokens, label
    tokens = tokens[:cut]
    return tokens, "PERSON" if tokens and tokens[-1].text in surnames else label


def _person_in_apposition(root: Any) -> bool:
    """Whether a name stands beside a singular noun for a person's job: "Borg Palm, Kazemi's solicitor"."""
    return any(c.dep_ == "appos" and c.tag_ == "NN" and c.lemma_.lower() in ROLE_NOUNS - _LEGAL_PARTIES
               and kind_of(c.lemma_, "NOUN") == "person" for c in root.children)


def _described_as_person(ent: Any) -> bool:
    """Whether a noun for what someone is stands glued before the name: "UK resident Binyam Mohamed"."""
    before = ent.doc[ent.start - 1] if ent.start else None
    return before is not None and before.dep_ == "compound" and before.head.i in range(ent.start, ent.end) \
        and before.is_lower and before.lemma_ in _PERSON_NOUNS


# Nouns for what a person is, never a body: a body's name may follow "student" ("student union"), not "resident".
_PERSON_NOUNS = frozenset({
    "resident", "citizen", "national", "native", "detainee", "prisoner", "inmate", "refugee", "migrant",
    "immigrant", "man", "woman", "boy", "girl", "teenager", "activist", "campaigner", "journalist", "lawyer",
    "attorney", "cartoonist", "blogger", "dissident", "businessman", "businesswoman", "spokesman",
    "spokeswoman", "spokesperson", "professor", "doctor", "teacher", "pastor", "priest", "imam", "rabbi",
})


def _capitalised_only_to_open(ent: Any, lower: set[str], inner: set[str]) -> bool:
    """Whether a one-word name is a common word that opens its sentence: "Homeopathy is …" where the
    article writes "homeopathy" elsewhere, and never capitalises the word inside a sentence."""
    return len(ent) == 1 and ent[0].is_sent_start and ent.text.lower() in lower and ent.text not in inner


# Prepositions that say where: a name that is only ever their object is a place ("at Dublin Castle").
_WHERE = frozenset({"at", "in", "near", "outside", "inside", "across"})


def _named_as_place(ent: Any) -> bool:
    root = ent.root
    prep = root.head
    return root.dep_ == "pobj" and (prep.lower_ in _WHERE or prep.lower_ == "of" and prep.head.lower_ == "front")


# Nouns for a side in a case, which a company can be as well as a person ("Exxon, the defendant").
_LEGAL_PARTIES = frozenset({"defendant", "plaintiff", "suspect", "victim", "accused", "claimant", "appellant",
                            "petitioner", "respondent", "complainant"})


def _entity_candidates(doc: Any) -> list[Candidate]:
    found = []
    countries = [e.text for e in doc.ents if e.label_ == "GPE"]
    surnames = {e[-1].text for e in doc.ents if e.label_ == "PERSON"}
    people = {e.text for e in doc.ents if e.label_ == "PERSON"}
    lower = {t.text for t in doc if t.is_lower}
    inner = {t.text for t in doc if not t.is_sent_start and t.text[:1].isupper()}
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        label = ent.label_
        if label != "PERSON" and ent.text in people and country_name(ent.text) is None:
            label = "PERSON"  # the tagger called "Devocht" a person here and a place there
        if label == "ORG" and len(ent) >= 2 and ent[-1].text in surnames and reads_as_person(ent.text):
            label = "PERSON"  # "Hassiba Hadj Sahraoui" here, "Sahraoui" (a person) there; not "Johnson & Johnson"
        if label == "ORG" and (_person_in_apposition(ent.root) or _described_as_person(ent)):
            label = "PERSON"  # "Ulf Tarp, the family's solicitor": a body has no solicitor's job
        if label == "PERSON" and _capitalised_only_to_open(ent, lower, inner):
            continue  # "Homeopathy is a form of alternative medicine"
        if label == "PERSON" and _named_as_place(ent):
            continue  # "The results were announced at Dublin Castle"
        if len(ent) == 1 and normalise(ent.text) in POSTNOMINALS and ent.root.head.ent_type_ == "PERSON":
            continue  # "Mark Tedeschi, QC": an honour, not a party
        head = ent.root.head
        if ent.root.dep_ == "appos" and head.ent_type_ in {"GPE", "LOC"} and label != "ORG" \
                and country_name(head.text) is None and country_name(ent.text) is None:
            continue  # "in Livorno, Tuscany": the region a town is in, whatever the tagger called it
        tokens, label = _run_on(clean(list(ent)), label, surnames)
        if not tokens or any(t.pos_ in {"VERB", "AUX"} and t.is_lower for t in tokens):
            continue  # the tagger ran over a clause ("Serey thanked Human Rights Watch")
        if label == "PERSON" and (len(tokens) == 1 and any(c.dep_ == "det" for c in tokens[0].children)
                                  or _only_titles(tokens)):
            continue  # a description or a bare title, not a name: "the 21-year-old ethnic Chechen", "Prime Minister"
        if label == "NORP":
            k = ent.end
            while k < len(doc) and doc[k].pos_ == "ADJ" and doc[k].is_lower and doc[k].dep_ == "amod":
                k += 1  # "the Egyptian public prosecutor"
            after = doc[k] if k < len(doc) else None
            noun = after.lower_ if after is not None else ""
            if noun in STATE_BODY_NOUNS and after.dep_ != "compound":
                body = doc[ent.start:k + 1].text
                found.append(Candidate(body, kind_of(body, "ORG"), "ORG", mentions=[span_of([ent[0], after])]))
                continue
            if after is None or noun not in STATE_NOUNS and after.lemma_.lower() not in STATE_NOUNS:
                continue  # "Thai" alone is an adjective, not an actor
            form = doc[ent.start:k + 1].text
            state = country_of(ent.text, countries)
            cand = Candidate(state or form, "government", "GPE" if state else "NORP",
                             mentions=[span_of([ent[0], after])])
            cand.add_form(form)
            found.append(cand)
            continue
        title = None
        if label == "PERSON":
            honorific, tokens = _title_split(tokens)
            title = _title_of(ent.root, ent) or (text_of(honorific) if honorific else None)
        name = text_of(tokens)
        if label == "PERSON" and len(tokens) == 1:
            name = _shared_surname(ent) or name
        if len(name) < 2 or not any(c.isupper() for c in name):
            continue
        if label == "FAC" and kind_of(name, "ORG") == "organisation":
            continue  # a building or a road, not a body that acts
        found.append(Candidate(name, kind_of(name, label), label, title=title, mentions=[span_of(tokens)]))
    return found


def name_tokens(head: Any) -> list[Any]:
    """A proper noun and the compounds it is built of ("Sam Serey"), not those of its
    apposition ("TUSIAD, the main business association": not "business")."""
    found, todo = [head], [head]
    while todo:
        parts = [c for c in todo.pop().children if c.dep_ in {"compound", "flat"}]
        found += parts
        todo += parts
    return sorted(found, key=lambda t: t.i)


def _named_speakers(doc: Any) -> list[Candidate]:
    """Proper names NER missed that speak: the subject of a reporting verb ("Ana Ruiz told reporters")."""
    found = []
    for token in doc:
        if token.pos_ != "VERB" or token.lemma_.lower() not in REPORTING:
            continue
        for subject in token.children:
            if subject.dep_ == "nsubj" and subject.pos_ == "PROPN" and not subject.ent_type_:
                words = name_tokens(subject)
                if words[-1] == subject and all(w.pos_ == "PROPN" for w in words) \
                        and subject.lower_ not in TITLES | {"pope"}:  # "Roman Catholic Pope", "CEO" name nobody
                    found.append(Candidate(text_of(words), kind_of(text_of(words), "PERSON"), "PERSON",
                                           title=_title_of(subject, doc[words[0].i:subject.i + 1]),
                                           mentions=[span_of(words)]))
    return found


def find_parties(doc: Any, quoted: list[Span], extra: list[Candidate] = ()) -> list[Candidate]:
    """Every party candidate in the article, merged, in order of first mention."""
    credits = [m.start() for m in re.finditer(r"(?im)^.*\b(reporting|writing|edited) by\b", doc.text)]
    title = title_end(doc.text)
    cands = [c for c in _entity_candidates(doc) + _named_speakers(doc) + acting(doc, quoted) + list(extra)
             if not any(abs(c.first - at) < 200 and c.first >= at for at in credits)
             and any(m.start >= title for m in c.mentions)]
    parties = without_families(merge(cands))
    for party in parties:
        if party.kind in {"organisation", "government"} and _reported_like_an_outlet(doc, party):
            party.kind = "media"
    return parties


# Nouns that say the name after them is a news outlet ("the Turkish newspaper Hürriyet").
_OUTLET_NOUNS = frozenset({"newspaper", "daily", "paper", "tabloid", "broadcaster", "magazine", "weekly"})


def _reported_like_an_outlet(doc: Any, party: Candidate) -> bool:
    """Whether the article treats a party as a news outlet: a news noun stands before its name,
    or it quotes people ("quoted by …") or holds interviews ("in an interview with …")."""
    if country_name(party.name) is not None:
        return False
    for mention in party.mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        if span.start > 0 and doc[span.start - 1].lower_ in _OUTLET_NOUNS:
            return True
        root, head = span.root, span.root.head
        if root.dep_ == "pobj" and (head.lower_ == "by" and head.head.lemma_ == "quote"
                                    or head.lower_ == "with" and head.head.lemma_ == "interview"):
            return True
    return False


def title_end(text: str) -> int:
    """Where a title line ends (0 when the article starts with its story): headline
    case makes spaCy read "Bomber Apologizes" as a name, and the story names every
    party of its title again."""
    first = text.lstrip().split("\n", 1)
    line = first[0].rstrip()
    if len(first) < 2 or len(line.split()) > 20 or line.endswith((".", ":", ",", ";")) or ". " in line:
        return 0
    return text.find(first[0]) + len(first[0])
