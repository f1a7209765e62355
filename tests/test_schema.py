import pytest
from pydantic import ValidationError

from summarizer import ArticleSummary
from summarizer.extraction import SummaryDraft


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


def test_draft_rejects_names_that_are_not_parties(draft):
    draft["reactions"][0]["speaker"] = "Hun Sen"
    with pytest.raises(ValidationError, match="speaker 'Hun Sen'"):
        SummaryDraft.model_validate(draft)


def test_draft_accepts_aliases_and_surnames(draft):
    draft["reactions"][0]["speaker"] = "Mr Robertson"
    assert SummaryDraft.model_validate(draft).reactions[0].speaker == "Mr Robertson"


def test_draft_lists_are_bounded_in_the_json_schema():
    schema = SummaryDraft.model_json_schema()
    for key in ("parties", "legal_claims", "reactions"):
        assert schema["properties"][key]["maxItems"] > 0
