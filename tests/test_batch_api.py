"""``batch --batch-api`` against the loopback Batch server: same summaries as online, split files,
failed and expired requests, and exactly-once under a kill at every step."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.batch_api import run_batch_api
from summarizer.batch_api.state import State
from summarizer.cli import app
from summarizer.testing import FakeOpenAIServer, Scripted
from summarizer.testing_batch import FakeBatchServer, canned_answer

ROOT = Path(__file__).resolve().parent.parent
IDS = ["examples/000_952a4a620bdde5e0.txt", "examples/002_a01ba4f7cc3a8534.txt"]
PASSES = 5  # requests per example article: headline, incident, parties, speech, claims


class Killed(BaseException):
    """A kill at a step: not an Exception, so nothing on the way out handles it."""


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # the examples' ids are their paths from here
    monkeypatch.setenv("SUMMARIZER_BATCH_POLL", "0")  # polls never wait


@pytest.fixture
def server():
    with FakeBatchServer(canned_answer) as srv:
        yield srv


def cli(*args):
    return CliRunner().invoke(app, ["batch", *map(str, args)])


def run(srv, out, **options):
    return run_batch_api(["examples/"], out=out, model="gpt-4o-mini", base_url=srv.url, quiet=True, **options)


def lines(out):
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def summaries(out):
    """Each id's summary, without what timing changes."""
    found = {}
    for line in lines(out):
        summary = line.get("summary")
        if summary:
            summary["run"].pop("wall_time_s")
        found[line["id"]] = summary
    return found


def kill_at(step, nth=1):
    seen = []

    def hook(name):
        if name == step:
            seen.append(name)
            if len(seen) == nth:
                raise Killed(step)

    return hook


def test_same_summaries_and_request_bodies_as_the_online_path(server, tmp_path):
    online, batch = tmp_path / "online.jsonl", tmp_path / "r.jsonl"
    with FakeOpenAIServer(default=canned_answer) as chat:
        done = cli("examples/", "--out", online, "-m", "gpt-4o-mini", "--base-url", chat.url, "--no-cache", "-q")
        assert done.exit_code == 0, done.output
        sent_online = sorted(json.dumps(body, sort_keys=True) for body in chat.requests)
    result = cli("examples/", "--out", batch, "--batch-api", "-m", "gpt-4o-mini", "--base-url", server.url)
    assert result.exit_code == 0, result.output
    assert summaries(batch) == summaries(online) and sorted(summaries(batch)) == IDS
    assert sorted(json.dumps(body, sort_keys=True) for body in server.bodies) == sent_online
    assert server.created == 1 and len(server.bodies) == PASSES * len(IDS)
    assert all(line["meta"]["batch_api"] for line in lines(batch))
    err = result.stderr
    assert f"sending article text to {server.url}" in err and "through its Batch API" in err
    assert "completed; requests 10 of 10 answered" in err
    assert "tokens by pass: headline" in err and "through the Batch API on gpt-4o-mini" in err
    assert "(the online path: " in err


def test_request_lines_name_article_and_pass(server, tmp_path):
    out = tmp_path / "r.jsonl"
    assert run(server, out) == 0
    state = State.load(State.beside(out))
    requests = [json.loads(x) for x in state.file(state.parts[0], "requests").read_text().splitlines()]
    assert {r["custom_id"] for r in requests} == {f"{i}#{p}" for i in IDS
                                                  for p in ("headline", "incident", "parties", "speech", "claims")}
    assert {(r["method"], r["url"]) for r in requests} == {("POST", "/v1/chat/completions")}


@pytest.mark.parametrize("step,nth", [("uploaded", 1), ("created", 1), ("polled", 2), ("downloaded", 1),
                                      ("written", 1)])
def test_a_kill_at_any_step_then_resume_gives_each_id_once_and_no_second_batch(server, tmp_path, step, nth):
    out = tmp_path / "r.jsonl"
    with pytest.raises(Killed):
        run(server, out, hook=kill_at(step, nth))
    assert State.beside(out).exists()  # recorded before the first request left
    assert run(server, out, resume=True) == 0
    assert sorted(line["id"] for line in lines(out)) == IDS
    assert server.created == 1 and server.uploads == 1  # the kill's batch found and polled, never made again
    assert run(server, out, resume=True) == 0 and server.created == 1  # a finished run sends nothing


def test_a_kill_after_creation_in_a_later_part_keeps_the_earlier_ones(server, tmp_path):
    out = tmp_path / "r.jsonl"
    with pytest.raises(Killed):
        run(server, out, hook=kill_at("created", 2), max_requests=4)
    assert run(server, out, resume=True, max_requests=4) == 0
    assert server.created == 3 and sorted(line["id"] for line in lines(out)) == IDS


def test_split_at_the_size_limit_into_two_files(server, tmp_path):
    whole = tmp_path / "whole.jsonl"
    assert run(server, whole) == 0
    state = State.beside(whole)
    size = State.load(state).parts[0].bytes
    out = tmp_path / "r.jsonl"
    assert run(server, out, max_bytes=size // 2 + 6000) == 0  # one article's requests are about 5 kB each
    parts = State.load(State.beside(out)).parts
    assert len(parts) == 2 and all(p.bytes <= size // 2 + 6000 for p in parts)
    assert sum(p.requests for p in parts) == PASSES * len(IDS) and server.created == 3
    assert summaries(out) == summaries(whole)


def test_split_at_the_request_limit(server, tmp_path):
    out = tmp_path / "r.jsonl"
    assert run(server, out, max_requests=4) == 0
    assert [p.requests for p in State.load(State.beside(out)).parts] == [4, 4, 2]


def test_expired_requests_fail_their_articles_and_are_retried_only_when_asked(tmp_path):
    out = tmp_path / "r.jsonl"
    with FakeBatchServer(canned_answer, fates=["expired"]) as srv:
        result = cli("examples/", "--out", out, "--batch-api", "-m", "gpt-4o-mini", "--base-url", srv.url)
        assert result.exit_code == 1
        assert "5 request(s) failed in their batches (5 expired)" in result.stderr
        assert "--retry-failed" in result.stderr
        failed = [line for line in lines(out) if "error" in line]
        assert failed and "batch_expired" in failed[0]["error"]["message"]
        again = cli("examples/", "--out", out, "--batch-api", "-m", "gpt-4o-mini", "--base-url", srv.url, "--resume")
        assert again.exit_code == 1 and srv.created == 1  # not retried without --retry-failed
        bodies = len(srv.bodies)
        retry = cli("examples/", "--out", out, "--batch-api", "-m", "gpt-4o-mini", "--base-url", srv.url,
                    "--resume", "--retry-failed")
        assert retry.exit_code == 0, retry.output
        assert srv.created == 2 and len(srv.bodies) - bodies == 5  # only the expired requests, once more
    assert sorted(line["id"] for line in lines(out)) == IDS and all("summary" in x for x in lines(out))


def test_a_failed_batch_and_failing_lines(tmp_path):
    out = tmp_path / "r.jsonl"
    failing = [f"{IDS[0]}#speech.2"]  # the second request of that pass: the first retry
    with FakeBatchServer(canned_answer, fates=["failed"], failing=failing) as srv:
        assert run(srv, out) == 1
        assert all("scripted failure" in line["error"]["message"] for line in lines(out))
        assert run(srv, out, retry_failed=True) == 1  # the retry's one failing line fails that article again
        assert srv.created == 2
        assert run(srv, out, retry_failed=True) == 0 and srv.created == 3
    assert sorted(line["id"] for line in lines(out)) == IDS and all("summary" in x for x in lines(out))


def test_a_pass_that_depends_on_an_earlier_answer_goes_in_a_second_round(server, tmp_path, monkeypatch):
    from summarizer.article import passes

    steps = passes.steps

    def dependent(plan):
        inner = steps(plan)
        request = next(inner)
        headline = yield request
        request = inner.send(headline)
        if headline is not None:  # the incident question now names the headline
            request.messages[-1]["content"] += f"\n(Headline: {headline.headline})"
        try:
            while True:
                request = inner.send((yield request))
        except StopIteration as done:
            return done.value

    monkeypatch.setattr(passes, "steps", dependent)
    out = tmp_path / "r.jsonl"
    result = cli("examples/", "--out", out, "--batch-api", "-m", "gpt-4o-mini", "--base-url", server.url)
    assert result.exit_code == 0, result.output
    assert ("round 2: 2 request(s) for 2 article(s) in 1 file(s) (2 with a pass that depends on an earlier answer"
            in result.stderr)
    assert server.created == 2 and all(not x["summary"]["run"]["failed_sections"] for x in lines(out))
    assert any("(Headline: About:" in body["messages"][-1]["content"] for body in server.bodies)


def test_bad_usage_is_one_line_and_exit_2(server, tmp_path):
    out = tmp_path / "r.jsonl"
    for args in (["--batch-api", "-m", "gpt-4o-mini"],  # no --out
                 ["--out", out, "--batch-api"],  # no model named
                 ["--out", out, "--batch-api", "-m", "local"],
                 ["--out", out, "--batch-api", "-m", "m", "--base-url", server.url, "--html", tmp_path]):
        result = cli("examples/", *args)
        assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1, (args, result.stderr)
    assert server.created == 0
    with pytest.raises(Killed):
        run(server, out, hook=kill_at("created"))
    for args in (["--overwrite"], ["--resume", "-m", "gpt-4o"]):  # batches in flight; another model's
        result = cli("examples/", "--out", out, "--batch-api", "-m", "gpt-4o-mini", "--base-url", server.url, *args)
        assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1, (args, result.stderr)
    assert "--resume" in cli("examples/", "--out", out, "--batch-api", "-m", "m", "--base-url", server.url).stderr
    assert server.created == 1


def test_overwrite_starts_afresh_once_the_earlier_run_settled(server, tmp_path):
    out = tmp_path / "r.jsonl"
    assert run(server, out) == 0
    assert run(server, out, overwrite=True) == 0
    assert server.created == 2 and sorted(line["id"] for line in lines(out)) == IDS


def test_a_server_without_the_batch_api_is_one_line_exit_1_and_resumable(server, tmp_path):
    out = tmp_path / "r.jsonl"
    wrong = server.url.replace("/v1", "/no-batches")  # answers 404 to every request, as a chat-only server would
    result = cli("examples/", "--out", out, "--batch-api", "-m", "gpt-4o-mini", "--base-url", wrong)
    assert result.exit_code == 1 and "batch stopped (continue with --resume)" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("summarizer: error: uploading")
    assert "HTTP 404" in result.stderr and server.created == 0


def test_choices_whose_letters_do_not_parse_are_asked_again_as_json_in_a_second_round(tmp_path):
    def no_logprobs(body):  # a server that answers the letters but sends no logprobs
        reply = canned_answer(body)
        return reply if isinstance(reply, str) else Scripted(content=reply.content)

    out = tmp_path / "r.jsonl"
    with FakeBatchServer(no_logprobs) as srv:
        result = cli("examples/", "--out", out, "--batch-api", "-m", "gpt-4o-mini", "--base-url", srv.url)
        assert result.exit_code == 0, result.output
        assert "round 2: 8 request(s) for 2 article(s) in 1 file(s) (2 with a pass that depends" in result.stderr
        assert "or a choice asked again as JSON" in result.stderr and srv.created == 2
        json_bodies = [b for b in srv.bodies if b.get("response_format", {}).get("json_schema", {})
                       .get("name", "").startswith("Answers")]
        assert len(json_bodies) == 8
    online = tmp_path / "online.jsonl"
    with FakeOpenAIServer(default=no_logprobs) as chat:
        assert cli("examples/", "--out", online, "-m", "gpt-4o-mini", "--base-url", chat.url, "-q",
                   "--no-cache").exit_code == 0
    assert summaries(out) == summaries(online)


def test_polls_back_off_without_sleeping_for_real(server, tmp_path):
    waits = []
    assert run(server, tmp_path / "r.jsonl", sleep=waits.append, poll_interval=2.0) == 0
    assert waits == [2.0, 3.0]  # validating -> in_progress -> finalizing -> completed: three polls


def test_cost_line_gives_tokens_per_pass_and_the_batch_price_beside_the_online_one():
    from summarizer.batch_api.report import cost_line
    from summarizer.schema import Usage

    line = cost_line("gpt-4o-mini-2024-07-18", {"headline": Usage(prompt_tokens=1_000_000, completion_tokens=0),
                                                "speech": Usage(prompt_tokens=0, completion_tokens=1_000_000)})
    assert "headline 1,000,000 in + 0 out, speech 0 in + 1,000,000 out" in line
    assert "about $0.38 through the Batch API on gpt-4o-mini-2024-07-18 at 2025 prices" in line
    assert "(the online path: about $0.75)" in line
    assert "$" not in cost_line("Qwen/Qwen2.5-7B-Instruct", {"headline": Usage(prompt_tokens=5)})


def test_openai_tools_mode_bodies_are_planned_as_the_online_backend_builds_them(article):
    from summarizer.batch_api.replay import BatchBackend, drive

    backend = BatchBackend(lambda *key: None, model="gpt-4o-mini", api_key="sk-test")  # OpenAI: tools mode
    driven = drive(backend, "a", article, None, max_tokens=1200)
    names = [name for name, _ in driven.unanswered]
    assert names == ["headline", "incident", "parties", "speech", "claims"] and driven.summary is None
    headline = driven.unanswered[0][1]
    assert headline["tools"][0]["function"]["name"] == "Headline" and headline["model"] == "gpt-4o-mini"
    assert all(body["logprobs"] and body["top_logprobs"] == 20 for _, body in driven.unanswered[1:])
    json.dumps(driven.unanswered)  # every body goes into a request file as it is


def test_sigkill_while_polling_then_resume(server, tmp_path):
    """A real kill: the command is SIGKILLed while it waits between polls."""
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "r.jsonl"
    env = {**os.environ, "SUMMARIZER_BATCH_POLL": "60"}  # it sleeps after its first poll: the kill lands there
    child = subprocess.Popen([sys.executable, "-m", "summarizer", "batch", "examples/", "--out", str(out),
                              "--batch-api", "-m", "gpt-4o-mini", "--base-url", server.url, "-q"],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and child.poll() is None:
            if State.beside(out).exists() and State.load(State.beside(out)).parts[0].status:
                break
            time.sleep(0.05)
        assert child.poll() is None, "the command ended before it was killed"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert server.created == 1 and not out.read_text()
    assert run(server, out, resume=True) == 0
    assert sorted(line["id"] for line in lines(out)) == IDS and server.created == 1
