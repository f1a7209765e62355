import copy
import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def article() -> str:
    """The earlier seed report (Sam Serey, 28 April 2018)."""
    return (DATA / "seed_002.txt").read_text(encoding="utf-8")


@pytest.fixture
def draft() -> dict:
    """A hand-written model reply for the seed article, as a fresh dict."""
    return copy.deepcopy(json.loads((DATA / "seed_002_draft.json").read_text(encoding="utf-8")))


@pytest.fixture(autouse=True)
def no_ambient_config(monkeypatch, tmp_path):
    """Tests never see the developer's keys, servers or model cache."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_MODEL", "SUMMARIZER_MODE",
                 "SUMMARIZER_MODEL_PATH", "SUMMARIZER_DEBUG", "SUMMARIZER_CTX"):
        monkeypatch.delenv(name, raising=False)
