import asyncio

import pytest

from summarizer import (
    ArticleSummary, BackendError, InputError, RetriesExhausted, ScriptedBackend, asummarize, summarize,
)


def test_good_reply_gives_grounded_summary(article, draft):
    backend = ScriptedBackend([draft])
    result = summarize(article, backend=backend)
    assert isinstance(result, ArticleSummary)
    names = {p.name: p for p in result.parties}
    # "Serey" listed twice by the model is merged into one party with its aliases
    assert "Sam Serey" in names and "Serey" not in names
    assert {"Serey", "Mr Serey"} <= set(names["Sam Serey"].aliases)
    assert [p.id for p in result.parties] == [f"p{i}" for i in range(1, len(result.parties) + 1)]
    claim = result.legal_claims[0]
    assert result.party(claim.claimant).name == "Cambodian government"
    assert result.party(claim.subject).name == "Sam Serey"
    assert claim.evidence[0].match == "exact"
    # straight-quoted copy of a curly-quoted statement is grounded to the article's text
    robertson = result.reactions[0]
    assert robertson.quote.match == "exact"
    assert article[robertson.quote.start:robertson.quote.end] == robertson.quote.text
    assert "\u2019" in robertson.quote.text
    # a paraphrase dressed as a quote is flagged, never presented as verbatim
    assert result.reactions[2].quote.match == "not_found"
    assert result.incident.date == "2018-04-27"  # "early Friday morning", article dated Sat 28 April
    assert result.run.backend == "scripted" and result.run.attempts == 1
    assert result.run.prompt_version.startswith("system@1")


def test_unknown_speaker_is_sent_back_to_the_model(article, draft):
    bad = {**draft, "reactions": [{**draft["reactions"][0], "speaker": "Hun Sen"}]}
    backend = ScriptedBackend([bad, draft])
    result = summarize(article, backend=backend)
    assert result.run.attempts == 2
    reask = backend.requests[1]["messages"]
    assert len(reask) > len(backend.requests[0]["messages"])
    assert "Hun Sen" in str(reask[-1]["content"])  # the validation error is shown to the model
    # usage is summed over both attempts
    first_completion = len(__import__("json").dumps(bad)) // 4
    assert result.run.usage.completion_tokens >= first_completion


def test_malformed_json_then_good_reply(article, draft):
    backend = ScriptedBackend(['{"headline": "unterminated', draft])
    assert summarize(article, backend=backend).run.attempts == 2


def test_retries_exhausted_carries_attempts_and_last_error(article, draft):
    bad = {**draft, "reactions": [{**draft["reactions"][0], "speaker": "Nobody Known"}]}
    backend = ScriptedBackend([bad, bad, bad])
    with pytest.raises(RetriesExhausted) as info:
        summarize(article, backend=backend, max_retries=2)
    assert info.value.attempts == 3
    assert "Nobody Known" in info.value.last_error
    assert info.value.usage.completion_tokens > 0
    assert len(backend.requests) == 3


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


def test_async_api(article, draft):
    result = asyncio.run(asummarize(article, backend=ScriptedBackend([draft])))
    assert result.parties


def test_explicit_article_date_wins(article, draft):
    import datetime as dt

    result = summarize(article, backend=ScriptedBackend([draft]), article_date=dt.date(2018, 5, 5))
    assert result.incident.date == "2018-05-04"


def test_cache_serves_a_repeat_without_a_model_call(article, draft, tmp_path):
    from summarizer.cache import ResultCache

    cache = ResultCache(tmp_path / "c.sqlite")
    backend = ScriptedBackend([draft])
    first = summarize(article, backend=backend, cache=cache)
    second = summarize(article, backend=backend, cache=cache)
    assert len(backend.requests) == 1
    assert second.run.cached and not first.run.cached
    assert second.parties == first.parties


def test_cache_misses_when_the_prompt_version_changes(article, draft, tmp_path, monkeypatch):
    from summarizer import pipeline
    from summarizer.cache import ResultCache

    cache = ResultCache(tmp_path / "c.sqlite")
    backend = ScriptedBackend([draft, draft])
    summarize(article, backend=backend, cache=cache)
    monkeypatch.setattr(pipeline, "prompt_version", lambda: "system@2+summarize@2#changed")
    assert not summarize(article, backend=backend, cache=cache).run.cached
    assert len(backend.requests) == 2
