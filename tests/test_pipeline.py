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


def test_passes_give_a_grounded_summary(article, oracle):
    backend = ScriptedBackend(default=oracle)
    result = summarize(article, backend=backend)
    assert isinstance(result, ArticleSummary)
    assert [pass_name(r)[:8] for r in backend.requests] == ["Overview", "Parties", "SpeechJu", "ClaimJud"]
    names = {p.name: p for p in result.parties}
    assert "Serey" in names["Sam Serey"].aliases  # a short form the article uses
    assert [p.id for p in result.parties] == [f"p{i}" for i in range(1, len(result.parties) + 1)]
    claim = next(c for c in result.legal_claims if c.type == "extradition_request")
    assert result.party(claim.subject).name == "Sam Serey"
    assert claim.evidence[0].text.startswith("Cambodian authorities put in a request")
    for reaction in result.reactions:
        if reaction.quote:  # quotes are code-found candidates: verbatim by construction
            assert article[reaction.quote.start:reaction.quote.end] == reaction.quote.text
            assert reaction.quote.match == "exact"
    robertson = [r for r in result.reactions if result.party(r.speaker).name == "Phil Robertson"]
    assert robertson and robertson[0].stance == "supportive"
    assert result.incident.date == "2018-04-27"  # "early Friday morning", article dated Sat 28 April
    assert result.run.backend == "scripted" and result.run.attempts == result.run.passes == 4
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


def test_the_model_never_copies_quotes(article, oracle):
    backend = ScriptedBackend(default=oracle)
    summarize(article, backend=backend)
    speech = backend.requests[2]
    properties = speech["response_format"]["json_schema"]["schema"]["properties"]
    item = next(iter(properties.values()))
    assert "quote" not in json.dumps(item)  # only speaker and stance are asked for


def test_a_reply_failing_validation_is_reasked(article, oracle):
    backend = ScriptedBackend(['{"headline": "h", "summary": "s", "event_type": "picnic", "description": "d"}'],
                              default=oracle)
    result = summarize(article, backend=backend)
    assert result.run.attempts == 5
    reask = backend.requests[1]["messages"]
    assert len(reask) > len(backend.requests[0]["messages"])
    assert "picnic" in json.dumps(reask[2:])  # the bad reply and its error go back to the model
    assert result.run.failed_sections == []


def test_a_pass_that_keeps_failing_is_marked_and_the_rest_kept(article, oracle):
    def broken_speech(request):
        return "not json" if pass_name(request).startswith("Speech") else oracle(request)

    backend = ScriptedBackend(default=broken_speech)
    result = summarize(article, backend=backend, max_retries=1)
    assert result.run.failed_sections == ["speech"]
    assert result.reactions == []
    assert result.parties and result.legal_claims
    assert result.run.attempts == 1 + 1 + 2 + 1
    assert result.run.usage.completion_tokens > 0


def test_malformed_overview_falls_back_to_the_articles_lead(article, oracle):
    def broken_overview(request):
        return "{" if pass_name(request).startswith("Overview") else oracle(request)

    result = summarize(article, backend=ScriptedBackend(default=broken_overview))
    assert result.run.failed_sections == ["overview"]
    assert result.headline.startswith("Political fugitive Sam Serey")
    assert result.incident.event_type == "other"


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


def test_text_too_long_for_the_context_is_refused_before_any_request(article):
    backend = ScriptedBackend(context_window=1000)
    with pytest.raises(InputError, match="too long"):
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
    assert len(backend.requests) == 4
    assert second.run.cached and not first.run.cached
    assert second.parties == first.parties
    assert second.run.wall_time_s == first.run.wall_time_s  # what the model took, kept


def test_cache_misses_when_the_prompt_version_or_date_changes(article, oracle, tmp_path, monkeypatch):
    from summarizer import pipeline

    cache = ResultCache(tmp_path / "c.sqlite")
    backend = ScriptedBackend(default=oracle)
    summarize(article, backend=backend, cache=cache)
    assert not summarize(article, backend=backend, cache=cache, article_date=dt.date(2018, 5, 5)).run.cached
    monkeypatch.setattr(pipeline, "prompt_version", lambda: "system@2#changed")
    assert not summarize(article, backend=backend, cache=cache).run.cached
    assert len(backend.requests) == 12


def test_a_name_in_the_reporting_clause_beats_the_models_speaker(article, oracle):
    def confused(request):
        reply = json.loads(oracle(request))
        if pass_name(request).startswith("Speech"):
            reply = {key: {**value, "speaker": "Sam Serey"} if value["speaker"] != "none" else value
                     for key, value in reply.items()}
        return json.dumps(reply)

    result = summarize(article, backend=ScriptedBackend(default=confused))
    by_quote = {r.quote.text[:20]: result.party(r.speaker).name for r in result.reactions if r.quote}
    assert by_quote["Clearly, the Royal D"] == "Phil Robertson"  # "Robertson said in a statement." before it
    assert by_quote["Only him [Serey] and"] == "Sam Serey"  # "he said": the model's answer stands


def test_a_reply_cut_off_at_max_tokens_fails_its_pass_not_the_summary():
    from instructor.core.exceptions import IncompleteOutputException

    from summarizer import RetriesExhausted
    from summarizer.backends.base import Backend, _Attempts

    error = Backend()._translate(IncompleteOutputException(last_completion=None), _Attempts())
    assert isinstance(error, RetriesExhausted) and "max_tokens" in str(error)
