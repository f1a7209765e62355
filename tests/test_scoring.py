"""The eval scorers on small hand-built summaries with known answers."""

import random
from pathlib import Path

import pytest

from summarizer.evals.metrics import PRF, Counts, Ratio
from summarizer.evals.scoring import (
    party_similarity, score_case, score_claims, score_incident, score_parties, score_reactions,
)
from summarizer.text.grounding import ground
from summarizer.schema import ArticleSummary, Incident, LegalClaim, Location, Party, Reaction, Span

FIXTURES = Path(__file__).resolve().parents[1] / "evals" / "fixtures"

ARTICLE = (
    'BANGKOK - Thailand deported Sam Serey to Denmark on Friday. "I am safe now," Mr Serey said. '
    'Cambodia had asked for his extradition. "We are disappointed," a Cambodian official said. '
    "Human Rights Watch praised the decision."
)


def quote(text: str) -> Span:
    start = ARTICLE.index(text)
    return Span(text=text, start=start, end=start + len(text), match="exact")


def party(pid, name, kind="person", role="other", aliases=()):
    return Party(id=pid, name=name, aliases=list(aliases), kind=kind, role=role)


def summary(parties=(), claims=(), reactions=(), event_type="deportation", date="2018-04-27",
            place="Bangkok", country="Thailand") -> ArticleSummary:
    return ArticleSummary(
        headline="h", summary="s",
        incident=Incident(event_type=event_type, description="d", date=date,
                          location=Location(place=place, country=country)),
        parties=list(parties), legal_claims=list(claims), reactions=list(reactions),
    )


@pytest.fixture
def gold() -> ArticleSummary:
    return summary(
        parties=[
            party("p1", "Sam Serey", role="subject", aliases=["Serey", "Mr Serey"]),
            party("p2", "Thailand", kind="government", role="decision_maker"),
            party("p3", "Cambodia", kind="government", role="requesting_authority"),
            party("p4", "Human Rights Watch", kind="ngo", role="advocate"),
        ],
        claims=[
            LegalClaim(type="deportation_order", description="d", claimant="p2", subject="p1", status="completed"),
            LegalClaim(type="extradition_request", description="d", claimant="p3", subject="p1", status="denied"),
            LegalClaim(type="conviction", description="d", claimant="p3", subject="p1", status="in_force"),
        ],
        reactions=[
            Reaction(speaker="p1", stance="supportive", quote=quote("I am safe now")),
            Reaction(speaker="p3", stance="critical", quote=quote("We are disappointed")),
            Reaction(speaker="p4", stance="supportive", paraphrase="HRW praised the decision."),
        ],
    )


@pytest.fixture
def partial() -> ArticleSummary:
    """A prediction with known mistakes in every section (see the test below)."""
    return summary(
        parties=[
            party("q1", "Mr Serey", role="victim"),                         # aligned, role wrong
            party("q2", "Thailand", kind="government", role="decision_maker"),
            party("q3", "Cambodia", kind="organisation", role="requesting_authority"),  # kind wrong
            party("q4", "United Nations", kind="organisation"),             # not in gold
        ],
        claims=[
            LegalClaim(type="deportation_order", description="d", claimant="q2", subject="q1", status="pending"),
            LegalClaim(type="extradition_request", description="d", claimant=None, subject="q1", status="denied"),
            LegalClaim(type="lawsuit", description="d", claimant="q4", subject="q1", status="pending"),
        ],
        reactions=[
            Reaction(speaker="q1", stance="supportive", quote=ground('"I am safe now,"', ARTICLE)),
            Reaction(speaker="q3", stance="neutral", quote=ground("We are disappointed", ARTICLE)),
            Reaction(speaker="q2", stance="supportive", quote=ground("We did the right thing", ARTICLE)),
        ],
        date="2018-04-28", place="Bangkok, Thailand", country=None,
    )


def f1s(result) -> dict:
    m = result.counts().metrics()
    return {k: v for k, v in m.items() if k.endswith((".f1", ".recall", ".precision"))}


def test_gold_against_itself_scores_one(gold):
    metrics = score_case(gold, gold, ARTICLE).counts().metrics()
    assert set(f1s(score_case(gold, gold, ARTICLE)).values()) == {1.0}
    for name in ("parties.kind_accuracy", "claims.status_accuracy", "reactions.stance_accuracy",
                 "quotes.verbatim_rate", "incident.date_accuracy", "incident.location_accuracy"):
        assert metrics[name] == 1.0
    assert metrics["quotes.hallucinated"] == 0


def test_empty_prediction_scores_zero_recall(gold):
    empty = summary(event_type="other", date=None, place=None, country=None)
    metrics = score_case(gold, empty, ARTICLE).counts().metrics()
    for section in ("parties", "claims", "reactions", "quotes"):
        assert metrics[f"{section}.recall"] == 0.0 and metrics[f"{section}.f1"] == 0.0
    assert metrics["incident.event_type_accuracy"] == 0.0
    assert metrics["parties.kind_accuracy"] is None  # nothing aligned, nothing to judge


def test_failed_prediction_is_invalid_and_all_misses(gold):
    scores = score_case(gold, None, ARTICLE)
    metrics = scores.counts().metrics()
    assert not scores.run.valid and metrics["run.valid_rate"] == 0.0
    assert scores.parties.match == PRF(tp=0, fp=0, fn=4)
    assert metrics["incident.event_type_accuracy"] == 0.0 and metrics["incident.location_accuracy"] == 0.0


def test_known_partial_prediction(gold, partial):
    parties = score_parties(gold, partial, ARTICLE)
    assert parties.match == PRF(tp=3, fp=1, fn=1)
    assert parties.match.f1 == 3 / 4
    assert parties.kind.value == 2 / 3 and parties.role.value == 2 / 3
    assert sorted(parties.pairs) == [("p1", "q1"), ("p2", "q2"), ("p3", "q3")]

    claims = score_claims(gold, partial, ARTICLE)
    assert claims.match == PRF(tp=2, fp=1, fn=1)
    assert claims.match.precision == 2 / 3 and claims.match.recall == 2 / 3 and claims.match.f1 == 2 / 3
    assert claims.status == Ratio(correct=1, total=2) and claims.claimant == Ratio(correct=1, total=2)

    reactions = score_reactions(gold, partial, ARTICLE)
    assert reactions.attribution == PRF(tp=2, fp=1, fn=1)
    assert reactions.stance == Ratio(correct=1, total=2)
    assert reactions.quotes == PRF(tp=2, fp=1, fn=0)
    assert reactions.quotes.f1 == 0.8
    assert reactions.verbatim == Ratio(correct=2, total=3)
    assert reactions.hallucinated == 1

    incident = score_incident(gold, partial, ARTICLE)
    assert incident.event_type.value == 1.0
    assert incident.date.value == 0.0
    assert incident.location.value == 1.0  # "Bangkok" is contained in "Bangkok, Thailand"


def test_aliases_and_order_do_not_change_the_score(gold, partial):
    before = score_case(gold, partial, ARTICLE).counts()
    shuffled = partial.model_copy(deep=True)
    rng = random.Random(3)
    for items in (shuffled.parties, shuffled.legal_claims, shuffled.reactions):
        rng.shuffle(items)
    shuffled.parties[[p.id for p in shuffled.parties].index("q1")].name = "Sam Serey"
    assert score_case(gold, shuffled, ARTICLE).counts() == before
    assert party_similarity(party("a", "Sam Serey"), party("b", "Mr Serey")) == 1.0


def test_one_party_named_twice_counts_once(gold):
    pred = summary(parties=[party("q1", "Serey"), party("q2", "Sam Serey"), party("q3", "Mr Serey")])
    assert score_parties(gold, pred, ARTICLE).match == PRF(tp=1, fp=2, fn=3)


def test_quote_with_the_wrong_speaker_is_a_quote_match_but_not_an_attribution(gold):
    pred = summary(parties=[party("q1", "Thailand", kind="government")],
                   reactions=[Reaction(speaker="q1", stance="supportive", quote=quote("I am safe now"))])
    scores = score_reactions(gold, pred, ARTICLE)
    assert scores.attribution == PRF(tp=0, fp=1, fn=3)
    assert scores.quotes == PRF(tp=1, fp=0, fn=1)


def test_indirect_speech_matches_only_a_reaction_without_quote(gold):
    hrw = party("q1", "HRW", kind="ngo")  # an acronym of the gold name
    quoted = summary(parties=[hrw], reactions=[Reaction(speaker="q1", stance="supportive",
                                                         quote=quote("praised the decision"))])
    indirect = summary(parties=[hrw], reactions=[Reaction(speaker="q1", stance="supportive",
                                                           paraphrase="They praised it.")])
    assert score_reactions(gold, quoted, ARTICLE).attribution.tp == 0
    assert score_reactions(gold, indirect, ARTICLE).attribution == PRF(tp=1, fp=0, fn=2)


def test_claims_with_no_subject_on_either_side_match():
    gold = summary(claims=[LegalClaim(type="investigation", description="d")])
    pred = summary(claims=[LegalClaim(type="investigation", description="other words", status="pending")])
    scores = score_claims(gold, pred, ARTICLE)
    assert scores.match == PRF(tp=1) and scores.status.value == 0.0


def test_counts_are_micro_averaged(gold, partial):
    total = score_case(gold, gold, ARTICLE).counts() + score_case(gold, partial, ARTICLE).counts()
    assert total.parties == PRF(tp=7, fp=1, fn=1)
    assert total.metrics()["parties.f1"] == 14 / 16
    assert total.metrics()["run.cases"] == 2
    assert Counts().metrics()["parties.f1"] == 1.0  # nothing expected, nothing predicted


@pytest.mark.parametrize("case", ["seed-002-serey-earlier", "009-binyam-mohamed-torture-appeal"])
def test_real_fixture_against_itself_scores_one(case):
    folder = FIXTURES / case
    gold = ArticleSummary.model_validate_json((folder / "gold.json").read_text(encoding="utf-8"))
    article = (folder / "article.txt").read_text(encoding="utf-8")
    metrics = score_case(gold, gold, article).counts().metrics()
    assert all(v == 1.0 for k, v in metrics.items() if k.endswith((".f1", "_accuracy")) and v is not None)
    assert metrics["quotes.verbatim_rate"] == 1.0


def test_a_tie_between_two_gold_parties_goes_to_the_closer_whole_name():
    gold = summary(parties=[party("p1", "Tsarnaev's lawyers", kind="organisation"),
                            party("p2", "Dzhokhar Tsarnaev", aliases=["Tsarnaev"])])
    for pred in (summary(parties=[party("q1", "Dzhokhar Tsarnaev", aliases=["Tsarnaev"])]),
                 summary(parties=[party("q1", "Tsarnaev")])):
        assert score_parties(gold, pred, ARTICLE).pairs == [("p2", "q1")]
