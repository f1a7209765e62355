from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def article() -> str:
    """The earlier seed report (Sam Serey, 28 April 2018)."""
    return (DATA / "seed_002.txt").read_text(encoding="utf-8")


@pytest.fixture
def gold():
    """The hand-labelled gold summary of the seed article."""
    from summarizer import ArticleSummary

    return ArticleSummary.model_validate_json((DATA / "seed_002_gold.json").read_text(encoding="utf-8"))


@pytest.fixture
def oracle(gold, article):
    """Answers every pass as a perfect model would (from the gold summary)."""
    from summarizer.testing import gold_replies

    return gold_replies(gold, article)


@pytest.fixture
def server(oracle):
    """A loopback OpenAI-compatible server answering every pass as a perfect model would."""
    from summarizer.testing import FakeOpenAIServer

    with FakeOpenAIServer(default=oracle) as srv:
        yield srv


@pytest.fixture
def seed(tmp_path, article):
    """The seed article in a file."""
    path = tmp_path / "seed.txt"
    path.write_text(article, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def no_ambient_config(monkeypatch, tmp_path):
    """Tests never see the developer's keys, servers or model cache."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_MODEL", "SUMMARIZER_MODE",
                 "SUMMARIZER_MODEL_PATH", "SUMMARIZER_DEBUG", "SUMMARIZER_CTX", "SUMMARIZER_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    # summarize caches too: a test's results never reach the user's cache, nor another test's
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "summarizer-cache"))


@pytest.fixture(autouse=True)
def no_model_requests(request, monkeypatch):
    """The embedded model loads only in tests marked ``model``: any other test that forgets to
    give a backend fails with ModelRequestsForbidden instead of loading 1.1 GB of weights."""
    if request.node.get_closest_marker("model") is None:
        from summarizer.backends import guard

        monkeypatch.setattr(guard, "ALLOW_MODEL_REQUESTS", False)
        monkeypatch.setenv(guard.ENV, "0")  # and in the subprocesses a test starts
