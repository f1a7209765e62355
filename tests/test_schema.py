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


def test_judgement_lists_are_bounded_and_numbered():
    from summarizer.judgements import Parties, SpeechJudgement, numbered

    assert Parties.model_json_schema()["properties"]["parties"]["maxItems"] > 0
    schema = numbered(SpeechJudgement, "s", 3).model_json_schema()
    assert schema["required"] == ["s1", "s2", "s3"]
