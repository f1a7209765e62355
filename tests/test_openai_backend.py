"""The real openai + instructor path against a local server speaking the OpenAI API."""

import asyncio
import json

import pytest

from summarizer import BackendError, RetriesExhausted, asummarize, get_backend, summarize
from summarizer.testing import FakeOpenAIServer


@pytest.fixture
def server(oracle):
    # queued replies first, then every pass answered as a perfect model would
    with FakeOpenAIServer(default=oracle) as srv:
        yield srv


def run(article, server, **options):
    options.setdefault("timeout", 5.0)
    backend = get_backend("test-model", base_url=server.url, **{k: options.pop(k) for k in ("timeout", "mode") if k in options})
    return summarize(article, backend=backend, **options)


def test_good_reply(article, server):
    result = run(article, server)
    assert result.run.backend == "openai" and result.run.model == "test-model"
    assert result.run.usage.prompt_tokens == 50  # 10 per pass, 5 passes
    assert result.reactions and all(r.quote is None or r.quote.match == "exact" for r in result.reactions)
    request = server.requests[0]
    assert request["model"] == "test-model"
    # json_schema mode for custom servers: the schema travels as response_format
    assert request["response_format"]["type"] == "json_schema"
    assert "headline" in json.dumps(request["response_format"])
    # the choices are read from the server's logprobs: a short plain reply, no schema
    choice = server.requests[1]
    assert choice["logprobs"] is True and "response_format" not in choice
    assert result.incident.confidence["event_type"] == pytest.approx(1.0)


def test_reply_failing_validation_is_reasked(article, server):
    server.queue({"headline": "Kingdom of Nowhere"})  # no description
    result = run(article, server)
    assert result.run.attempts == 6
    assert result.run.usage.prompt_tokens == 60  # summed over every attempt
    assert "Kingdom of Nowhere" in json.dumps(server.requests[1]["messages"])


def test_malformed_json_every_time_exhausts_retries(article):
    with FakeOpenAIServer(default=lambda body: "this is not json {") as server:
        with pytest.raises(RetriesExhausted) as info:
            run(article, server, max_retries=1)
    # 5 passes, each asked twice (the server sends no logprobs, so choices are asked as JSON)
    assert info.value.attempts == 10
    assert "every pass failed" in str(info.value)


def test_http_429_is_retried_with_retry_after(article, server):
    server.queue(status=429, content="slow down", headers={"Retry-After": "0"})
    assert run(article, server).parties
    assert len(server.requests) == 6


def test_http_429_forever_is_a_backend_error(article, server):
    for _ in range(5):
        server.queue(status=429, content="rate limited", headers={"Retry-After": "0"})
    with pytest.raises(BackendError, match="HTTP 429"):
        run(article, server)


def test_http_500_is_a_backend_error(article, server):
    for _ in range(5):
        server.queue(status=500, content="boom")
    with pytest.raises(BackendError, match="HTTP 500"):
        run(article, server)


def test_timeout_is_a_backend_error(article, server):
    for _ in range(5):
        server.queue("{}", delay=1.5)
    with pytest.raises(BackendError, match="timed out"):
        run(article, server, timeout=0.3)


def test_unreachable_server_is_a_backend_error(article):
    backend = get_backend("m", base_url="http://127.0.0.1:9/v1", timeout=2.0)
    with pytest.raises(BackendError, match="cannot reach"):
        summarize(article, backend=backend)


def test_async_path_uses_the_async_client(article, server):
    backend = get_backend("test-model", base_url=server.url)
    result = asyncio.run(asummarize(article, backend=backend))
    assert result.run.backend == "openai"


def test_mode_can_be_overridden(article, server):
    assert run(article, server, mode="json").parties
    assert server.requests[0]["response_format"] == {"type": "json_object"}


def test_environment_configures_the_backend(monkeypatch, server):
    monkeypatch.setenv("SUMMARIZER_MODEL", "env-model")
    monkeypatch.setenv("OPENAI_BASE_URL", server.url)
    backend = get_backend()
    assert backend.name == "openai" and backend.model == "env-model"


def test_openai_without_key_or_url_is_a_config_error():
    from summarizer import ConfigError

    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        get_backend("gpt-4o-mini")
