"""The requests a self-hosted vLLM server receives: the shape it accepts, checked by a loopback server
that refuses anything else with HTTP 400, as vLLM's request validation does."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.batch_api.state import State
from summarizer.cli import app
from summarizer.testing import FakeOpenAIServer, Scripted
from summarizer.testing_batch import FakeBatchServer, canned_answer

ROOT = Path(__file__).resolve().parent.parent
SERVED = "Qwen/Qwen2.5-7B-Instruct"  # vLLM serves a model under its Hugging Face name
MAX_LOGPROBS = 20  # vLLM's default --max-logprobs
BATCH_LINE_KEYS = {"custom_id", "method", "url", "body"}  # vLLM's BatchRequestInput, OpenAI's batch line


def vllm_problem(body: dict):
    """Why vLLM's OpenAI-compatible server would refuse this chat request, or None."""
    if body.get("model") != SERVED:
        return f"model {body.get('model')!r} is not served"
    if "tools" in body or "tool_choice" in body:  # served only as vLLM's tool-calling flags allow
        return "tool calling is not enabled"
    if not all(m.get("role") in {"system", "user", "assistant"} and isinstance(m.get("content"), str)
               for m in body["messages"]):
        return "messages must be role + text content"
    if not isinstance(body.get("max_tokens"), int) or body["max_tokens"] < 1:
        return "max_tokens must be a positive integer"
    if body.get("logprobs"):
        if not 0 < body.get("top_logprobs", 0) <= MAX_LOGPROBS:
            return f"top_logprobs must be 1..{MAX_LOGPROBS}"
        return None
    fmt = body.get("response_format") or {}
    schema = fmt.get("json_schema") or {}
    if fmt.get("type") != "json_schema" or not isinstance(schema.get("name"), str) \
            or not isinstance(schema.get("schema"), dict):
        return "a JSON reply must be asked as response_format json_schema (guided decoding)"
    return None


class Vllm:
    def __init__(self):
        self.problems = []

    def __call__(self, body):
        problem = vllm_problem(body)
        if problem:
            self.problems.append(problem)
            return Scripted(status=400, content=problem)
        return canned_answer(body)


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SUMMARIZER_BATCH_POLL", "0")


def test_batch_against_vllm_sends_what_vllm_accepts(tmp_path):
    model = Vllm()
    out = tmp_path / "r.jsonl"
    with FakeOpenAIServer(default=model) as server:
        result = CliRunner().invoke(app, ["batch", "examples/", "--out", str(out), "-m", SERVED, "--base-url",
                                          server.url, "--mode", "json_schema", "-j", "8", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert model.problems == []
    assert {bool(body.get("logprobs")) for body in server.requests} == {True, False}  # both kinds checked
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 2 and all(line["summary"]["run"]["failed_sections"] == [] for line in lines)


def test_the_checker_refuses_what_vllm_refuses():
    assert vllm_problem({"model": SERVED, "messages": [], "max_tokens": 5, "tools": []})
    assert vllm_problem({"model": SERVED, "messages": [], "max_tokens": 5, "logprobs": True, "top_logprobs": 21})
    assert vllm_problem({"model": SERVED, "messages": [], "max_tokens": 5, "response_format": {"type": "json_object"}})


def test_batch_request_files_have_the_batch_input_shape(tmp_path):
    """The request files follow the OpenAI batch input format, which ``vllm run-batch`` also reads."""
    model = Vllm()
    out = tmp_path / "r.jsonl"
    with FakeBatchServer(model) as server:
        result = CliRunner().invoke(app, ["batch", "examples/", "--out", str(out), "--batch-api", "-m", SERVED,
                                          "--base-url", server.url])
    assert result.exit_code == 0, result.output
    assert model.problems == []
    state = State.load(State.beside(out))
    requests = [json.loads(x) for p in state.parts for x in state.file(p, "requests").read_text().splitlines()]
    assert all(set(r) == BATCH_LINE_KEYS and r["method"] == "POST" and r["url"] == "/v1/chat/completions"
               for r in requests)
    assert len({r["custom_id"] for r in requests}) == len(requests)
