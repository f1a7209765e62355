"""Rules of the article path on short invented texts: event type, place, which parties take part."""

import pytest

from summarizer.article.events import event_scores
from summarizer.article.parties import find_parties
from summarizer.article.places import country_name, country_of, place_options
from summarizer.article.roles import acts
from summarizer.passes import _lead
from summarizer.text.nlp import parse
from summarizer.text.sentences import sentence_spans


def read(text):
    doc = parse(text)
    sentences = sentence_spans(text, doc)
    return doc, sentences, _lead(sentences)


def top_event(text):
    return next(iter(event_scores(*read(text))), None)


@pytest.mark.parametrize("text, expected", [
    ("Court jails former mayor\nA court in Lyon on Monday sentenced the former mayor of the town to five years "
     "in prison for fraud.", "conviction_or_sentence"),
    ("Flouting a request for his extradition, the government on Friday deported the activist to Norway after a "
     "week in detention.", "deportation"),
    ("Singer sued by record label\nThe record label filed papers on Tuesday seeking damages from the singer over "
     "a broken contract.", "lawsuit"),
    ("Accused smuggler pleads not guilty\nThe man accused of running the ring entered his plea before a federal "
     "judge on Thursday in the capital.", "charge"),
])
def test_the_openings_own_legal_word_names_the_event(text, expected):
    assert top_event(text) == expected


@pytest.mark.parametrize("text", [
    # "imprisoned" only describes the journalists; the story is a call to free them
    "Rights group tells government to free imprisoned journalists\nThe rights group on Sunday asked the "
    "government to release the reporters it holds and to end its pressure on the press.",
    # the request is one that was not granted: no extradition took place
    "The writer, wanted at home for his essays, flew to Canada early on Friday morning despite a request for "
    "his extradition from the government.",
    # a word the second sentence mentions in passing is no event of the story's
    "The town buried its former mayor on Sunday after a long illness, his family and friends said in a "
    "statement. He was the only official ever convicted over the bombing of the town hall in the old days.",
])
def test_no_event_type_from_a_word_that_describes_or_did_not_happen(text):
    assert top_event(text) is None


def test_places_come_from_the_opening_and_a_dateline_first_without_names_of_people():
    text = ("Fisherman honoured\nOSLO — The fisherman who pulled twelve people from the sea near Bergen, Norway, "
            "was honoured by the king on Monday in a ceremony attended by Jakob Stavanger and friends.")
    doc, sentences, lead = read(text)
    options = place_options(doc, sentences, lead, not_places=["Jakob Stavanger"], limit=5)
    assert options[0] == "Oslo"
    assert "Bergen, Norway" in options
    assert country_of("Bergen, Norway", options, text) == "Norway"


@pytest.mark.parametrize("name, country", [("UK", "United Kingdom"), ("U.S.", "United States"),
                                           ("Britain", "United Kingdom"), ("Thailand", "Thailand"),
                                           ("Iran", "Iran"), ("Texas", None), ("Scientology", None)])
def test_country_names_and_their_english_short_forms(name, country):
    assert country_name(name) == country


def party(parties, name):
    return next(p for p in parties if p.name == name)


def test_a_place_or_an_outlet_is_a_party_only_when_it_acts():
    text = ("Norway on Friday expelled two diplomats, a spokesman told the BBC. The diplomats had lived in "
            "Sweden and in Denmark for years, Reuters reported. Finland's request was refused.")
    doc = parse(text)
    parties = find_parties(doc, [])
    involved = {p.name for p in parties if acts(p, doc)}
    assert {"Norway", "Finland"} <= involved
    assert not involved & {"Sweden", "Denmark", "BBC", "Reuters"}


def test_a_first_name_joins_the_full_name_and_a_family_plural_joins_nobody():
    text = ("Maria Lindqvist and Peter Lindqvist were charged on Monday. Maria said she was innocent. "
            "The Lindqvists will appear in court in May.")
    names = [p.name for p in find_parties(parse(text), [])]
    assert "Maria" not in names and "Lindqvists" not in names
    assert {"Maria Lindqvist", "Peter Lindqvist"} <= set(names)


def test_a_title_line_adds_no_party_of_its_own():
    text = "Bomber Apologizes To Survivors\nThe man apologized to the survivors on Wednesday, his lawyer said."
    assert not any("Apologizes" in p.name for p in find_parties(parse(text), []))
