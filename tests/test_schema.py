import pytest
from pydantic import ValidationError

from summarizer import ArticleSummary


def summary(**overrides):
    data = {
        "headline": "h", "summary": "s",
        "incident": {"event_type": "extradition", "description": "d"},
        "parties": [{"id": "p1", "name": "Sam Serey", "kind": "person", "role": "subject"}],
        "reactions": [{"speaker": "p1", "stance": "neutral"}],
    }
    data.update(overrides)
    return data


def test_valid_summary_parses():
    result = ArticleSummary.model_validate(summary())
    assert result.party("p1").name == "Sam Serey"


def test_unknown_speaker_id_is_rejected():
    with pytest.raises(ValidationError, match="unknown party id 'p9'"):
        ArticleSummary.model_validate(summary(reactions=[{"speaker": "p9", "stance": "neutral"}]))


def test_unknown_claimant_id_is_rejected():
    claim = {"type": "criminal_charge", "description": "d", "claimant": "p2", "subject": "p1"}
    with pytest.raises(ValidationError, match="unknown party id 'p2'"):
        ArticleSummary.model_validate(summary(legal_claims=[claim]))


def test_event_type_vocabulary_is_closed():
    with pytest.raises(ValidationError):
        ArticleSummary.model_validate(summary(incident={"event_type": "party", "description": "d"}))


def test_what_the_model_writes_is_bounded():
    from summarizer.article.answers import Headline

    properties = Headline.model_json_schema()["properties"]
    assert properties["headline"]["maxLength"] > 0 and properties["description"]["maxLength"] > 0


def test_choices_answer_each_question_with_one_of_its_letters():
    from summarizer.backends.choice import answers_model

    schema = answers_model((2, 3)).model_json_schema()
    assert schema["required"] == ["a1", "a2"]
    assert schema["properties"]["a2"]["enum"] == ["A", "B", "C"]
