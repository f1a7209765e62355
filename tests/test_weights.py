import hashlib
import os

import pytest

from summarizer import ConfigError
from summarizer.backends import weights


@pytest.fixture
def fake_parts(tmp_path, monkeypatch):
    """Three small parts standing in for the 22 real ones, and a private cache."""
    parts = []
    for n in range(3):
        part = tmp_path / f"part{n:02d}.bin"
        part.write_bytes(bytes([n]) * 1000)
        parts.append(part)
    whole = b"".join(p.read_bytes() for p in parts)
    monkeypatch.setattr(weights, "part_files", lambda: parts)
    monkeypatch.setattr(weights, "SHA256", hashlib.sha256(whole).hexdigest())
    monkeypatch.setattr(weights, "SIZE", len(whole))
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    return parts


def test_assembles_once_and_verifies(fake_parts):
    assert weights.status()[1] == "missing"
    path = weights.ensure_model()
    assert path.stat().st_size == 3000
    assert weights.status() == (path, "verified")
    assert weights.ensure_model() == path


def test_truncated_file_is_detected_and_rebuilt(fake_parts):
    path = weights.ensure_model()
    with open(path, "r+b") as handle:
        handle.truncate(100)
    assert weights.status()[1] == "unverified"
    messages = []
    weights.ensure_model(messages.append)
    assert path.stat().st_size == 3000
    assert any("corrupt or truncated" in m for m in messages)


def test_corrupted_bytes_are_detected_and_rebuilt(fake_parts):
    path = weights.ensure_model()
    data = bytearray(path.read_bytes())
    data[10] ^= 0xFF
    path.write_bytes(bytes(data))
    os.utime(path, ns=(1, 1))  # a different mtime invalidates the verification stamp
    assert not weights.verify(path)
    weights.ensure_model()
    assert weights.verify(path)


def test_parts_that_do_not_match_the_hash_are_refused(fake_parts, monkeypatch):
    monkeypatch.setattr(weights, "SHA256", "0" * 64)
    with pytest.raises(ConfigError, match="does not match its SHA-256"):
        weights.ensure_model()
    assert not weights.model_path().exists()
    assert list(weights.cache_dir().iterdir()) == []  # no temporary file left behind


def test_missing_extra_says_what_to_install(monkeypatch):
    def missing(name):
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(weights.resources, "files", missing)
    with pytest.raises(ConfigError, match=r"pip install 'summarizer\[local\]'"):
        weights.part_files()


def test_missing_runtime_says_what_to_install(monkeypatch, tmp_path):
    import sys

    from summarizer.backends import local

    monkeypatch.setitem(sys.modules, "llama_cpp", None)
    local.load_model.cache_clear()
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    with pytest.raises(ConfigError, match=r"pip install 'summarizer\[local\]'"):
        local.LocalBackend(str(model)).llama


def test_default_backend_is_local_when_nothing_is_configured():
    from summarizer import get_backend

    backend = get_backend()
    assert backend.name == "local" and backend.model == weights.MODEL_NAME


def test_json_schema_format_is_rewritten_for_llama_cpp():
    from summarizer.backends.local import constrained

    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    assert constrained({"type": "json_schema", "json_schema": {"name": "X", "schema": schema}}) == {
        "type": "json_object", "schema": schema}
    assert constrained(None) is None


def test_loop_detection():
    from summarizer.backends.local import looping

    cycle = [11, 12, 13, 14, 15, 16, 17]
    assert looping([1, 2, 3] + cycle * 3)
    assert not looping([1, 2, 3] + cycle * 2)
    # numbered answers repeat their shape, not their tokens
    answers = [t for i in range(10) for t in (40, 50 + i, 41, 42, 43, 44, 45, 46)]
    assert not looping(answers)


def test_a_looping_reply_is_cut_short_and_reasked(monkeypatch, tmp_path):
    from summarizer.backends import local

    class FakeLlama:
        calls = 0

        def create_chat_completion_openai_v1(self, **kwargs):
            FakeLlama.calls += 1
            guard = kwargs["logits_processor"][0]
            guard(list(range(5)), None)  # the prompt
            for _ in range(30):
                guard(list(range(5)) + [7, 8, 9, 10, 11, 12] * 5, None)
            raise AssertionError("the guard should have stopped the loop")

    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    monkeypatch.setattr(local, "load_model", lambda *a: FakeLlama())
    backend = local.LocalBackend(str(model))
    from pydantic import BaseModel

    class Reply(BaseModel):
        x: int

    from summarizer import RetriesExhausted

    with pytest.raises(RetriesExhausted) as info:
        backend.complete([{"role": "user", "content": "hi"}], Reply, max_retries=1)
    assert FakeLlama.calls == 2  # cut short, re-asked once, cut short again
    assert "failed validation" in str(info.value)


def test_a_test_that_forgets_its_backend_fails_instead_of_loading_the_model(monkeypatch):
    """conftest turns model requests off outside tests marked ``model``: the default backend
    is still chosen, but its first use refuses to assemble or load the weights."""
    from summarizer import get_backend, summarize
    from summarizer.backends import guard

    monkeypatch.setattr(weights, "ensure_model", lambda *a: pytest.fail("the weights were assembled"))
    backend = get_backend()
    assert backend.name == "local"
    with pytest.raises(guard.ModelRequestsForbidden, match="mark the test 'model'"):
        summarize("Police arrested a man in Phnom Penh on Friday.")
    with pytest.raises(guard.ModelRequestsForbidden):
        backend.count_tokens("a")


def test_the_guard_lets_a_model_test_load_the_model(monkeypatch):
    from summarizer.backends import guard

    monkeypatch.delenv(guard.ENV)
    with guard.allow_model_requests():
        assert guard.allowed()
        guard.check("loading")  # no error
    assert not guard.allowed()
