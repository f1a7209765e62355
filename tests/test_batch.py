"""Batch summarisation against the fake OpenAI server: order, failures, cache, resume."""

import asyncio
import json
import re
import time

import pytest
from typer.testing import CliRunner

from summarizer import BackendConfig, BackendError, ScriptedBackend, SummarizerError, summarize_many
from summarizer.batch import HTTP_RETRIES, RateLimiter, run_articles
from summarizer.cli.batch import estimate_cost
from summarizer.batch.io import Article
from summarizer.cache import ResultCache
from summarizer.cli import app
from summarizer.schema import Usage
from summarizer.testing import FakeOpenAIServer, Scripted

COPY = re.compile(r"\(Copy (\d+)\.\)")
# Model requests per copy of the seed article: one per pass (headline, incident,
# parties, speech, claims); the fake server offers logprobs, so each choice pass is one request.
PASSES = 5


@pytest.fixture(autouse=True)
def private_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))


def copy_number(body: dict) -> int:
    """Which article copy a request is about (the marker every test article ends with)."""
    return int(COPY.findall(json.dumps(body["messages"]))[0])


def pass_name(body: dict) -> str:
    """Which pass a request is: the requested schema's name (Headline), or Choices for a choice request."""
    return body["response_format"]["json_schema"]["name"] if "response_format" in body else "Choices"


class Replies:
    """The server's default answer: a perfect model's (``oracle``), the overview headed with the copy number.

    Every request about a copy in ``fail`` gets a permanent HTTP 500 (with a
    1 ms Retry-After, so the client's retries are quick); ``delay`` maps a copy
    to seconds each of its requests waits.
    """

    def __init__(self, oracle, fail=(), delay=None):
        self.oracle, self.fail, self.delay = oracle, set(fail), delay or {}

    def __call__(self, body):
        number = copy_number(body)
        if number in self.fail:
            return Scripted(status=500, content="boom", headers={"retry-after-ms": "1"})
        reply = self.oracle(body)
        if isinstance(reply, Scripted):
            reply.delay = self.delay.get(number, 0.0)
            return reply
        if pass_name(body).startswith("Headline"):
            reply = json.dumps({**json.loads(reply), "headline": f"Copy {number}"})
        return Scripted(content=reply, delay=self.delay.get(number, 0.0))


@pytest.fixture
def server(oracle):
    with FakeOpenAIServer(default=Replies(oracle)) as srv:
        yield srv


def copies(article, count):
    return [article.rstrip() + f"\n\n(Copy {i}.)\n" for i in range(count)]


def write_jsonl(path, texts, extra_lines=()):
    lines = [json.dumps({"id": f"a{i}", "text": text}) for i, text in enumerate(texts)]
    path.write_text("\n".join([*lines, *extra_lines]) + "\n", encoding="utf-8")
    return path


def batch(*args, input=None):
    return CliRunner().invoke(app, ["batch", *map(str, args)], input=input)


def output_lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- Python API ------------------------------------------------------------------


def test_results_are_in_input_order_whatever_order_they_finish_in(article, oracle):
    # the first articles answer last, so finishing order is the reverse of input order
    delays = {i: 0.05 * (4 - i) for i in range(5)}
    finished = []
    with FakeOpenAIServer(default=Replies(oracle, delay=delays)) as srv:
        results = summarize_many(copies(article, 5), config=BackendConfig(model="m", base_url=srv.url), concurrency=5,
                                 on_result=lambda index, result: finished.append(index))
    assert [r.headline for r in results] == [f"Copy {i}" for i in range(5)]
    assert finished != sorted(finished)


def test_a_permanent_500_fails_its_article_only(article, oracle):
    with FakeOpenAIServer(default=Replies(oracle, fail={2})) as srv:
        results = summarize_many(copies(article, 5), config=BackendConfig(model="m", base_url=srv.url), concurrency=3)
        tries = [copy_number(body) for body in srv.requests].count(2)
    assert isinstance(results[2], BackendError) and "HTTP 500" in str(results[2])
    assert [r.headline for i, r in enumerate(results) if i != 2] == ["Copy 0", "Copy 1", "Copy 3", "Copy 4"]
    assert tries == 1 + HTTP_RETRIES  # the batch's retry budget was used, then the article gave up


def test_429_waits_for_retry_after(article, server):
    server.queue(status=429, content="slow down", headers={"Retry-After": "1"})
    [result] = summarize_many(copies(article, 1), config=BackendConfig(model="m", base_url=server.url))
    assert result.headline == "Copy 0"
    # without Retry-After the client's first backoff is 0.5 s at most
    assert server.arrivals[1] - server.arrivals[0] >= 0.95


def test_cache_serves_a_rerun_and_misses_when_the_prompt_changes(article, server, tmp_path, monkeypatch):
    from summarizer.article import pipeline

    cache = ResultCache(tmp_path / "c.sqlite")
    texts = copies(article, 3)
    first = summarize_many(texts, config=BackendConfig(model="m", base_url=server.url), cache=cache)
    again = summarize_many(texts, config=BackendConfig(model="m", base_url=server.url), cache=cache)
    assert len(server.requests) == 3 * PASSES
    asked = {}
    for body in server.requests:
        asked.setdefault(copy_number(body), []).append(re.sub(r"\d+$", "", pass_name(body)))
    assert asked == {i: ["Headline", "Choices", "Choices", "Choices", "Choices"] for i in range(3)}
    assert all(r.run.cached for r in again) and not any(r.run.cached for r in first)
    assert [r.headline for r in again] == [r.headline for r in first]
    monkeypatch.setattr(pipeline, "prompt_version", lambda: "system@9+summarize@9#changed")
    changed = summarize_many(texts, config=BackendConfig(model="m", base_url=server.url), cache=cache)
    assert len(server.requests) == 6 * PASSES and not any(r.run.cached for r in changed)


def test_local_model_takes_one_article_at_a_time_on_one_backend(article, oracle):
    in_flight, most = [0], [0]

    def reply(request):
        in_flight[0] += 1
        most[0] = max(most[0], in_flight[0])
        time.sleep(0.02)
        in_flight[0] -= 1
        return oracle(request)

    backend = ScriptedBackend([reply] * (4 * PASSES))
    backend.name = "local"  # stands in for the embedded model: no real model is loaded
    results = summarize_many(copies(article, 4), backend=backend, concurrency=8)
    assert all(not isinstance(r, SummarizerError) for r in results)
    assert most[0] == 1 and len(backend.requests) == 4 * PASSES


def test_a_bug_on_one_article_does_not_end_the_batch(article, oracle):
    backend = ScriptedBackend([oracle] * (2 * PASSES))
    texts = ["", *copies(article, 2)]  # the empty one is refused before any request
    results = summarize_many(texts, backend=backend, concurrency=1)
    assert isinstance(results[0], SummarizerError) and "empty" in str(results[0])
    assert all(r.parties for r in results[1:])


def test_rate_limiter_spaces_requests():
    async def starts():
        limiter = RateLimiter(rpm=1200)  # one every 50 ms
        begun = time.monotonic()
        for _ in range(4):
            await limiter.wait()
        return time.monotonic() - begun

    assert 0.14 <= asyncio.run(starts()) < 0.5


def test_rpm_is_not_spent_on_cache_hits(article, oracle, tmp_path):
    cache = ResultCache(tmp_path / "c.sqlite")
    backend = ScriptedBackend([oracle] * (3 * PASSES))
    summarize_many(copies(article, 3), backend=backend, cache=cache)
    started = time.monotonic()
    summarize_many(copies(article, 3), backend=backend, cache=cache, rpm=6)  # a request every 10 s
    assert time.monotonic() - started < 1


def test_cost_estimate():
    million = Usage(prompt_tokens=1_000_000, completion_tokens=1_000_000)
    assert estimate_cost("gpt-4o-mini", million) == pytest.approx(0.75)
    assert estimate_cost("gpt-4.1-2025-04-14", million) == pytest.approx(10.0)
    assert estimate_cost("llama3.1", million) is None


def test_runner_hands_each_article_to_one_worker(article, oracle):
    seen = []
    backend = ScriptedBackend([oracle] * (10 * PASSES))
    articles = [Article(id=str(i), text=text) for i, text in enumerate(copies(article, 10))]
    asyncio.run(run_articles(articles, backend, concurrency=4, on_done=lambda o: seen.append(o.article.id)))
    assert sorted(seen, key=int) == [str(i) for i in range(10)]


# --- CLI -------------------------------------------------------------------------


def test_cli_writes_one_line_per_article(article, server, tmp_path):
    inputs = write_jsonl(tmp_path / "in.jsonl", copies(article, 4))
    out = tmp_path / "out.jsonl"
    result = batch(inputs, "--out", out, "-m", "gpt-4o-mini", "--base-url", server.url, "-j", "3")
    assert result.exit_code == 0, result.output
    lines = output_lines(out)
    assert sorted(line["id"] for line in lines) == ["a0", "a1", "a2", "a3"]
    assert {line["meta"]["model"] for line in lines} == {"gpt-4o-mini"}
    assert all(line["summary"]["parties"] and not line["meta"]["cached"] for line in lines)
    final = result.stderr.strip().splitlines()[-1]
    assert "4 summarised" in final and "0 failed" in final and "tokens" in final and "$" in final


def test_cli_refuses_to_append_without_resume(article, server, tmp_path):
    inputs = write_jsonl(tmp_path / "in.jsonl", copies(article, 2))
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "old"}\n')
    result = batch(inputs, "--out", out, "-m", "m", "--base-url", server.url)
    assert result.exit_code == 2
    assert "--resume" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert batch(inputs, "--out", out, "-m", "m", "--base-url", server.url, "--overwrite", "-q").exit_code == 0
    assert [line["id"] for line in output_lines(out)].count("old") == 0


def test_resume_after_a_crash_finishes_every_article_exactly_once(article, server, tmp_path):
    inputs = write_jsonl(tmp_path / "in.jsonl", copies(article, 6))
    out = tmp_path / "out.jsonl"
    assert batch(inputs, "--out", out, "-m", "m", "--base-url", server.url, "-q").exit_code == 0
    lines = out.read_text().splitlines(keepends=True)
    out.write_text("".join(lines[:3]) + lines[3][:50])  # a crash: three lines saved, the fourth torn
    done_before = {json.loads(line)["id"] for line in lines[:3]}
    requests = len(server.requests)

    result = batch(inputs, "--out", out, "-m", "m", "--base-url", server.url, "--resume", "--no-cache")
    assert result.exit_code == 0, result.output
    assert "incomplete last line" in result.stderr
    ids = [line["id"] for line in output_lines(out)]
    assert sorted(ids) == [f"a{i}" for i in range(6)]  # each once, the torn one redone
    redone = {copy_number(body) for body in server.requests[requests:]}
    assert {f"a{i}" for i in redone} == {f"a{i}" for i in range(6)} - done_before

    again = batch(inputs, "--out", out, "-m", "m", "--base-url", server.url, "--resume", "--no-cache")
    assert again.exit_code == 0 and len(output_lines(out)) == 6
    assert "6 already summarised" in again.stderr


def test_failed_articles_are_recorded_and_retried_only_when_asked(article, oracle, tmp_path):
    inputs = write_jsonl(tmp_path / "in.jsonl", copies(article, 3))
    out = tmp_path / "out.jsonl"
    replies = Replies(oracle, fail={1})
    with FakeOpenAIServer(default=replies) as srv:
        first = batch(inputs, "--out", out, "-m", "m", "--base-url", srv.url)
        assert first.exit_code == 1
        assert "a1: BackendError" in first.stderr
        [failed] = [line for line in output_lines(out) if "error" in line]
        assert failed["id"] == "a1" and failed["error"]["type"] == "BackendError"

        replies.fail.clear()  # the server recovers
        plain = batch(inputs, "--out", out, "-m", "m", "--base-url", srv.url, "--resume")
        assert plain.exit_code == 1 and "--retry-failed" in plain.stderr
        assert len(output_lines(out)) == 3

        retried = batch(inputs, "--out", out, "-m", "m", "--base-url", srv.url, "--resume", "--retry-failed")
    assert retried.exit_code == 0, retried.output
    lines = output_lines(out)
    assert sorted(line["id"] for line in lines) == ["a0", "a1", "a2"]  # the error line was replaced
    assert all("summary" in line for line in lines)


def test_cli_cache_and_no_cache(article, server, tmp_path):
    inputs = write_jsonl(tmp_path / "in.jsonl", copies(article, 3))
    run = lambda name, *more: batch(inputs, "--out", tmp_path / name, "-m", "m", "--base-url", server.url, *more)
    assert run("1.jsonl").exit_code == 0 and len(server.requests) == 3 * PASSES
    cached = run("2.jsonl")
    assert len(server.requests) == 3 * PASSES and "3 from cache" in cached.stderr
    assert all(line["meta"]["cached"] for line in output_lines(tmp_path / "2.jsonl"))
    assert run("3.jsonl", "--no-cache").exit_code == 0 and len(server.requests) == 6 * PASSES


def test_malformed_jsonl_line_is_reported_with_its_number_and_the_rest_processed(article, server, tmp_path):
    inputs = write_jsonl(tmp_path / "in.jsonl", copies(article, 2),
                         extra_lines=['{"id": "broken", "text": "unterminated', "", '{"id": "a9"}'])
    out = tmp_path / "out.jsonl"
    result = batch(inputs, "--out", out, "-m", "m", "--base-url", server.url, "-q")
    assert result.exit_code == 1
    problems = result.stderr.strip().splitlines()
    assert problems == [f"summarizer: {inputs} line 3: not valid JSON (Unterminated string starting at "
                        f"column 26), skipped", f"summarizer: {inputs} line 5: no 'text' (a string), skipped"]
    assert sorted(line["id"] for line in output_lines(out)) == ["a0", "a1"]


def test_folders_stdin_and_unreadable_files(article, server, tmp_path):
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    texts = copies(article, 3)
    (folder / "one.txt").write_text(texts[0])
    (folder / "sub" / "two.txt").write_text(texts[1])
    (folder / "notes.md").write_text(texts[2])  # not matched by the default glob
    (folder / "bad.txt").write_bytes(b"\x00\x01binary")
    out = tmp_path / "out.jsonl"
    result = batch(folder, "--out", out, "-m", "m", "--base-url", server.url, "-q")
    assert result.exit_code == 1  # the binary file failed
    by_id = {line["id"]: line for line in output_lines(out)}
    # ids are the folder's name and the path below it, however the folder was spelled
    assert set(by_id) == {"articles/one.txt", "articles/sub/two.txt", "articles/bad.txt"}
    assert by_id["articles/bad.txt"]["error"]["type"] == "InputError"

    piped = batch("-", "-m", "m", "--base-url", server.url, "-q",
                  input=json.dumps({"id": "s1", "text": texts[2], "title": "T", "date": "2018-04-28"}) + "\n")
    assert piped.exit_code == 0, piped.output
    [line] = [json.loads(text) for text in piped.stdout.splitlines()]
    assert line["id"] == "s1" and line["title"] == "T" and line["date"] == "2018-04-28"


def test_cli_bad_usage_exits_2(tmp_path, server):
    assert batch(tmp_path / "missing", "-m", "m", "--base-url", server.url).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = batch(empty, "-m", "m", "--base-url", server.url)
    assert result.exit_code == 2 and "no articles found" in result.stderr
    assert batch(empty, "-m", "m", "--base-url", server.url, "--resume").exit_code == 2  # needs --out


def test_the_batch_job_writes_nothing_to_the_terminal_and_tells_its_watcher(article, oracle, tmp_path, capsys):
    from summarizer.batch.job import Watcher, run_jsonl

    class Told(Watcher):
        def __init__(self):
            self.calls = []

        def start(self, plan, backend):
            self.calls.append(("start", len(plan.todo)))

        def add(self, outcome):
            self.calls.append(("add", outcome.error is None))

        def stop(self):
            self.calls.append(("stop",))

        def finish(self, complete):
            self.calls.append(("finish", complete))

    (tmp_path / "a.txt").write_text(article, encoding="utf-8")
    told = Told()
    code = run_jsonl([str(tmp_path / "a.txt")], out=tmp_path / "out.jsonl", backend=ScriptedBackend(default=oracle),
                     use_cache=False, watcher=told)
    assert code == 0 and len((tmp_path / "out.jsonl").read_text().splitlines()) == 1
    assert told.calls == [("start", 1), ("add", True), ("stop",), ("finish", True)]
    assert capsys.readouterr() == ("", "")
