import asyncio
import datetime as dt
import json

import pytest

from summarizer import (
    ArticleSummary, BackendError, InputError, ScriptedBackend, asummarize, summarize,
)
from summarizer.cache import ResultCache


def pass_name(request):
    return request["response_format"]["json_schema"]["name"]


def task(request):
    """What a request asks, after the shared article prefix."""
    return request["messages"][1]["content"].split("</article>")[-1]


def test_passes_give_a_grounded_summary(article, oracle):
    backend = ScriptedBackend(default=oracle)
    result = summarize(article, backend=backend)
    assert isinstance(result, ArticleSummary)
    # The headline is written; every other pass is a set of choices (asked as JSON letters here)
    assert pass_name(backend.requests[0]) == "Headline"
    assert all(pass_name(r).startswith("Answers") for r in backend.requests[1:]) and len(backend.requests) == 5
    names = {p.name: p for p in result.parties}
    assert "Serey" in names["Sam Serey"].aliases  # a short form the article uses
    assert [p.id for p in result.parties] == [f"p{i}" for i in range(1, len(result.parties) + 1)]
    claim = next(c for c in result.legal_claims if c.type == "extradition_request")
    assert result.party(claim.subject).name == "Sam Serey"
    assert any(e.text.startswith("Cambodian authorities put in a request") for e in claim.evidence)
    assert result.party(claim.claimant).name == "Cambodia"  # "Cambodian authorities put in a request": syntax
    for reaction in result.reactions:
        if reaction.quote:  # quotes are code-found candidates: verbatim by construction
            assert article[reaction.quote.start:reaction.quote.end] == reaction.quote.text
            assert reaction.quote.match == "exact"
    robertson = [r for r in result.reactions if result.party(r.speaker).name == "Phil Robertson"]
    assert robertson and robertson[0].stance == "supportive"
    assert result.incident.date == "2018-04-27"  # "early Friday morning", article dated Sat 28 April
    assert result.run.backend == "scripted" and result.run.attempts == result.run.passes == 5
    assert result.run.failed_sections == []
    assert result.run.prompt_version.startswith("system@1+article@1")


def test_every_pass_starts_with_the_same_prefix(article, oracle):
    backend = ScriptedBackend(default=oracle)
    summarize(article, backend=backend)
    systems = {r["messages"][0]["content"] for r in backend.requests}
    assert len(systems) == 1
    users = [r["messages"][1]["content"] for r in backend.requests]
    prefix = users[0][: users[0].index("</article>") + len("</article>")]
    assert article.strip()[:200] in prefix
    assert all(u.startswith(prefix) for u in users)


def test_the_model_never_writes_a_name_or_a_quote(article, oracle):
    backend = ScriptedBackend(default=oracle)
    summarize(article, backend=backend)
    written = backend.requests[0]["response_format"]["json_schema"]["schema"]["properties"]
    assert set(written) <= {"headline", "description", "summary"}
    for request in backend.requests[1:]:  # the rest are letters chosen among listed options
        for answer in request["response_format"]["json_schema"]["schema"]["properties"].values():
            assert set(answer["enum"]) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def test_a_reply_failing_validation_is_reasked(article, oracle):
    def picnic(request):
        if task(request).startswith("\n\nTASK: Answer these questions") and not picnic.done:
            picnic.done = True
            return '{"a1": "Z", "a2": "A", "a3": "A"}'
        return oracle(request)

    picnic.done = False
    backend = ScriptedBackend(default=picnic)
    result = summarize(article, backend=backend)
    assert result.run.attempts == 6
    reask = backend.requests[2]["messages"]
    assert len(reask) > len(backend.requests[1]["messages"])
    assert '\\"Z\\"' in json.dumps(reask[2:])  # the bad reply and its error go back to the model
    assert result.run.failed_sections == []


def test_a_pass_that_keeps_failing_is_marked_and_the_rest_kept(article, oracle):
    def broken_speech(request):
        return "not json" if "passages of the article" in task(request) else oracle(request)

    backend = ScriptedBackend(default=broken_speech)
    result = summarize(article, backend=backend, max_retries=1)
    assert result.run.failed_sections == ["speech"]
    # speakers syntax found are kept; only the model's stances (and choices of speaker) are missing
    assert result.reactions and all(r.attribution != "model" and not r.confidence for r in result.reactions)
    assert result.parties and result.legal_claims
    assert result.run.attempts == 1 + 1 + 1 + 2 + 1
    assert result.run.usage.completion_tokens > 0
    assert result.checks[0].kind == "failed_section" and result.checks[0].item == "speech"


def test_malformed_headline_falls_back_to_the_articles_lead_cut_at_a_word(article, oracle):
    def broken_headline(request):
        return "{" if pass_name(request) == "Headline" else oracle(request)

    result = summarize(article, backend=ScriptedBackend(default=broken_headline))
    assert result.run.failed_sections == ["headline"]
    assert result.headline.startswith("Political fugitive Sam Serey")
    words = result.headline.rstrip("…").split()
    assert all(word in article for word in words)  # no word cut in half
    assert result.incident.event_type == "deportation"  # the incident pass still answered


def test_usage_is_summed_over_passes_and_retries(article, oracle):
    backend = ScriptedBackend(["{"], default=oracle)
    result = summarize(article, backend=backend)
    assert result.run.usage.prompt_tokens > 4 * len(article) // 4  # every pass sends the article


def test_transport_failure_is_a_backend_error(article):
    backend = ScriptedBackend([ConnectionError("refused")])
    with pytest.raises(BackendError, match="refused"):
        summarize(article, backend=backend)


def test_empty_and_whitespace_text_are_refused():
    for text in ("", "  \n\t "):
        with pytest.raises(InputError, match="empty"):
            summarize(text, backend=ScriptedBackend())


def test_questions_that_cannot_fit_the_context_are_refused_before_any_request(article):
    backend = ScriptedBackend(context_window=300)
    with pytest.raises(InputError, match="do not fit the model's context"):
        summarize(article, backend=backend)
    assert backend.requests == []


def test_async_api(article, oracle):
    result = asyncio.run(asummarize(article, backend=ScriptedBackend(default=oracle)))
    assert result.parties and result.reactions


def test_explicit_article_date_wins(article, oracle):
    result = summarize(article, backend=ScriptedBackend(default=oracle), article_date=dt.date(2018, 5, 5))
    assert result.incident.date == "2018-05-04"


def test_cache_serves_a_repeat_without_a_model_call(article, oracle, tmp_path):
    cache = ResultCache(tmp_path / "c.sqlite")
    backend = ScriptedBackend(default=oracle)
    first = summarize(article, backend=backend, cache=cache)
    second = summarize(article, backend=backend, cache=cache)
    assert len(backend.requests) == 5
    assert second.run.cached and not first.run.cached
    assert second.parties == first.parties
    assert second.run.wall_time_s == first.run.wall_time_s  # what the model took, kept


def test_cache_misses_when_the_prompt_version_or_date_changes(article, oracle, tmp_path, monkeypatch):
    from summarizer.article import pipeline

    cache = ResultCache(tmp_path / "c.sqlite")
    backend = ScriptedBackend(default=oracle)
    summarize(article, backend=backend, cache=cache)
    assert not summarize(article, backend=backend, cache=cache, article_date=dt.date(2018, 5, 5)).run.cached
    monkeypatch.setattr(pipeline, "prompt_version", lambda: "system@2#changed")
    assert not summarize(article, backend=backend, cache=cache).run.cached
    assert len(backend.requests) == 15


def test_syntax_names_the_speakers_and_the_model_is_not_asked(article, oracle):
    backend = ScriptedBackend(default=oracle, chooser=oracle.choose)
    result = summarize(article, backend=backend)
    by_quote = {r.quote.text[:20]: (result.party(r.speaker).name, r.attribution) for r in result.reactions if r.quote}
    assert by_quote["Thailand deserves cr"] == ("Phil Robertson", "syntax")  # "…," Robertson said
    assert by_quote["Clearly, the Royal D"] == ("Phil Robertson", "continuation")  # no verb: the previous speaker
    # "he said", after the unnamed KNLF member's statement: the pronoun is that source, not Serey
    assert by_quote["Only him [Serey] and"] == ("senior Khmer National Liberation Front member", "syntax")
    assert not any(c["key"].startswith("speaker:") for c in backend.choices)


def test_every_model_decision_carries_its_probability(article, oracle):
    def unsure(messages, options, key):
        best = oracle.answer(key, options)
        return {o: (0.4 if o == best else 0.6 / (len(options) - 1)) for o in options}

    backend = ScriptedBackend(default=oracle, chooser=unsure)
    result = summarize(article, backend=backend)
    # an unsure model leaves each decision to the rules' first option, with the probability it gave that one
    given = {c["key"]: unsure(None, c["options"], c["key"])[c["options"][0]] for c in backend.choices}
    assert result.incident.confidence["event_type"] == pytest.approx(given["event_type"])
    assert all(0 < r.confidence["stance"] <= 0.4 for r in result.reactions)
    low = [c for c in result.checks if c.kind == "low_confidence"]
    assert any(c.item == "incident.event_type" for c in low) and any(c.item.endswith(".stance") for c in low)


def test_the_model_overrides_the_rules_first_option_only_when_it_is_sure(article, oracle):
    def sure(probability):
        def choose(messages, options, key):
            last = options[-1]  # never the first option, so the override shows
            return {o: (probability if o == last else (1 - probability) / (len(options) - 1)) for o in options}
        return choose

    for probability, overridden in ((0.9, True), (0.4, False)):
        backend = ScriptedBackend(default=oracle, chooser=sure(probability))
        result = summarize(article, backend=backend)
        stances = {r.stance for r in result.reactions}
        firsts = {c["options"][0] for c in backend.choices if c["key"].startswith("stance:")}
        assert (stances == {"mixed"}) is overridden  # "mixed" is never a stance's first option
        assert overridden or stances <= firsts


def test_what_a_backend_does_not_decide_it_is_not_asked_and_the_rules_first_option_stays(article, oracle):
    from summarizer.article.reading import plan
    from summarizer.article.stance import likely_stance

    backend = ScriptedBackend(default=oracle, chooser=oracle.choose)
    backend.decides = frozenset({"role", "speaker", "claimant"})
    result = summarize(article, backend=backend)
    asked = {c["key"].split(":")[0] for c in backend.choices}
    assert asked and not asked & {"stance", "event_type", "place"}
    quoted = [r for r in result.reactions if r.quote]
    assert quoted and all(r.stance == likely_stance(r.quote.text) and "stance" not in r.confidence for r in quoted)
    first = plan(article, None).places[0]
    assert first in (result.incident.location.place, result.incident.location.country)
    assert "place" not in result.incident.confidence


def test_a_reply_cut_off_at_max_tokens_fails_its_pass_not_the_summary():
    from instructor.core.exceptions import IncompleteOutputException

    from summarizer import RetriesExhausted
    from summarizer.backends.base import Backend, _Attempts

    error = Backend()._translate(IncompleteOutputException(last_completion=None), _Attempts())
    assert isinstance(error, RetriesExhausted) and "max_tokens" in str(error)
