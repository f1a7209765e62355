"""Issue 12, "Trust": articles never leave the machine by surprise, the cache never
lies, and no finished work is lost. Each test here failed on e6cddf7."""

import inspect
import json
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import BackendError, ScriptedBackend, get_backend, summarize
from summarizer.cache import ResultCache
from summarizer.cli import app
from summarizer.settings import PASS_RETRIES
from summarizer.testing import FakeOpenAIServer, letter_reply, Scripted

DEAD = "http://127.0.0.1:9/v1"  # the discard port: nothing listens there


def invoke(*args, input=None):
    return CliRunner().invoke(app, [str(a) for a in args], input=input)


# --- Privacy ---------------------------------------------------------------------


def test_an_api_key_alone_keeps_the_embedded_model(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    assert get_backend().name == "local"
    assert get_backend(api_key="sk-test").name == "local"
    # naming a model or a server is what selects a remote one
    assert get_backend("gpt-4o-mini").name == "openai"
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    assert get_backend().name == "openai"


def test_doctor_with_only_an_api_key_says_articles_stay_here(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    result = invoke("doctor")
    assert "backend:  local" in result.stdout
    assert "articles: stay on this machine" in result.stdout


def test_the_first_remote_call_says_where_the_text_goes(seed, server):
    result = invoke("summarize", seed, "-m", "m", "--base-url", server.url)
    assert result.exit_code == 0, result.output
    notices = [line for line in result.stderr.splitlines() if "sending article text to" in line]
    assert notices == [f"summarizer: sending article text to {server.url} (model m)"]  # once, not per pass
    assert len(server.requests) == 5


def test_doctor_names_the_server_and_checks_that_it_answers(server):
    result = invoke("doctor", "-m", "m", "--base-url", server.url)
    assert result.exit_code == 0, result.output
    assert f"articles: sent to {server.url}" in result.stdout
    assert "server:   answers" in result.stdout


def test_doctor_reports_a_server_that_does_not_answer():
    result = invoke("doctor", "-m", "m", "--base-url", DEAD, "--timeout", "3")
    assert result.exit_code == 1
    assert f"articles: sent to {DEAD}" in result.stdout
    assert result.stderr.strip().splitlines() == [f"summarizer: error: cannot reach model server at {DEAD}"]


# --- The cache -------------------------------------------------------------------


def test_the_cache_key_covers_the_server(article, server, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(article, encoding="utf-8")
    first = invoke("batch", tmp_path / "in" / "a.txt", "-m", "m", "--base-url", server.url, "-o", tmp_path / "1.jsonl")
    assert first.exit_code == 0, first.output
    again = invoke("batch", tmp_path / "in" / "a.txt", "-m", "m", "--base-url", DEAD, "-o", tmp_path / "2.jsonl",
                   "--timeout", "2")  # a dead server's retries, within 2 s
    assert again.exit_code == 1 and "from cache" in again.stderr and "(0 from cache), 1 failed" in again.stderr


@pytest.mark.parametrize("change", [{"max_tokens": 900}, {"max_retries": 2}])
def test_the_cache_key_covers_the_limits(article, oracle, tmp_path, change):
    cache = ResultCache(tmp_path / "c.sqlite")
    backend = ScriptedBackend(default=oracle)
    summarize(article, backend=backend, cache=cache)
    assert summarize(article, backend=backend, cache=cache).run.cached
    assert not summarize(article, backend=backend, cache=cache, **change).run.cached


def test_the_cache_key_covers_the_code(article, oracle, tmp_path, monkeypatch):
    import summarizer.article.pipeline as pipeline

    cache = ResultCache(tmp_path / "c.sqlite")
    backend = ScriptedBackend(default=oracle)
    summarize(article, backend=backend, cache=cache)
    assert summarize(article, backend=backend, cache=cache).run.cached
    monkeypatch.setattr(pipeline, "code_version", lambda: "an upgraded release")  # new rules, same prompts
    assert not summarize(article, backend=backend, cache=cache).run.cached


def test_the_code_version_changes_with_the_code_that_makes_summaries(tmp_path, monkeypatch):
    import shutil

    import summarizer.cache as cache_module

    copy = tmp_path / "summarizer"
    shutil.copytree(Path(cache_module.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    versions = []
    for name, edit in (("article/events.py", ""), ("article/events.py", "# a new rule\n"),
                       ("merge/rules.py", "# a merge rule uses summaries, it makes none\n")):
        (copy / name).write_text((copy / name).read_text() + edit)
        monkeypatch.setattr(cache_module, "__file__", str(copy / "cache.py"))
        cache_module.code_version.cache_clear()
        versions.append(cache_module.code_version())
    cache_module.code_version.cache_clear()
    assert versions[0] != versions[1] == versions[2]


def test_a_summary_with_a_failed_section_is_never_stored_nor_served(article, oracle, tmp_path):
    def broken_overview(request):
        return "not json" if "TASK: Write a headline" in json.dumps(request["messages"]) else oracle(request)

    cache = ResultCache(tmp_path / "c.sqlite")
    backend = ScriptedBackend(default=broken_overview)
    first = summarize(article, backend=backend, cache=cache)
    assert first.run.failed_sections == ["headline"]
    assert len(cache) == 0
    asked = len(backend.requests)
    second = summarize(article, backend=backend, cache=cache)
    assert not second.run.cached and len(backend.requests) == 2 * asked  # every pass asked again
    # a row an older version stored is not served either
    with cache._connection() as db:
        db.execute("INSERT OR REPLACE INTO results VALUES (?, ?)", ("k", first.model_dump_json()))
    assert cache.get("k") is None


def test_one_re_ask_default_everywhere():
    from summarizer import asummarize, batch, merge
    from summarizer.article import pipeline
    from summarizer.cli import batch as batch_command, main as cli, many as cli_many

    functions = [pipeline.summarize, asummarize, batch.run_articles, batch.asummarize_many,
                 batch_command.run_batch, merge.merge_reports, cli.summarize, cli_many.batch, cli_many.merge]
    defaults = {f.__qualname__: inspect.signature(inspect.unwrap(f)).parameters["max_retries"].default
                for f in functions}
    assert set(defaults.values()) == {PASS_RETRIES} == {1}, defaults


def test_summarize_reads_and_writes_the_cache(seed, server):
    args = ["summarize", seed, "-m", "m", "--base-url", server.url, "-q"]
    first = invoke(*args)
    assert first.exit_code == 0 and len(server.requests) == 5
    second = invoke(*args)
    assert second.exit_code == 0 and len(server.requests) == 5  # no model call
    assert json.loads(second.stdout)["run"]["cached"] is True
    assert json.loads(second.stdout)["parties"] == json.loads(first.stdout)["parties"]
    third = invoke(*args, "--no-cache")
    assert third.exit_code == 0 and len(server.requests) == 10


def test_merge_reuses_what_summarize_cached(seed, oracle, tmp_path):
    from summarizer.testing import pair_verdicts

    judge = pair_verdicts("same")

    def reply(body):
        return judge(body) if "PairJudgement" in json.dumps(body.get("response_format")) else oracle(body)

    later = tmp_path / "later.txt"
    later.write_text(seed.read_text(encoding="utf-8").rstrip() + "\n\n(Updated.)\n", encoding="utf-8")
    with FakeOpenAIServer(default=reply) as srv:
        assert invoke("summarize", seed, "-m", "m", "--base-url", srv.url, "-q").exit_code == 0
        result = invoke("merge", seed, later, "-m", "m", "--base-url", srv.url, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["run"]["summaries_cached"] == 1


# --- No finished work lost -----------------------------------------------------------


@pytest.mark.parametrize("where", ["missing/report.md", "."])
def test_out_is_checked_before_any_model_call(seed, server, tmp_path, where):
    result = invoke("summarize", seed, "-m", "m", "--base-url", server.url, "-o", tmp_path / where)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert server.requests == []
    other = tmp_path / "other.txt"
    other.write_text("A second report of the incident, with enough words to be read.", encoding="utf-8")
    merged = invoke("merge", seed, other, "-m", "m", "--base-url", server.url, "-o", tmp_path / where)
    assert merged.exit_code == 2 and server.requests == []


def test_a_write_failure_is_one_line_and_exit_1(seed, server, tmp_path, monkeypatch):
    import errno
    import tempfile

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(tempfile, "mkstemp", full_disk)
    result = invoke("summarize", seed, "-m", "m", "--base-url", server.url, "-q", "-o", tmp_path / "r.json")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"summarizer: error: {tmp_path / 'r.json'}: cannot write it (No space left on device)"]


@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o027, 0o640)])
def test_out_files_follow_the_umask(seed, server, tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        result = invoke("summarize", seed, "-m", "m", "--base-url", server.url, "-q", "-o", tmp_path / "r.json")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.json").stat().st_mode & 0o777 == mode


def test_batch_ids_do_not_depend_on_how_the_path_was_spelled(article, server, tmp_path, monkeypatch):
    arts = tmp_path / "arts"
    arts.mkdir()
    for i in range(3):
        (arts / f"{i}.txt").write_text(article.rstrip() + f"\n\n(Copy {i}.)\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    monkeypatch.chdir(tmp_path)
    first = invoke("batch", "arts/", "-o", out, "-m", "m", "--base-url", server.url, "-q", "--no-cache")
    assert first.exit_code == 0, first.output
    (arts / "3.txt").write_text(article.rstrip() + "\n\n(Copy 3.)\n", encoding="utf-8")
    asked = len(server.requests)
    monkeypatch.chdir(arts.parent.parent)  # elsewhere, and the folder by its absolute path
    resumed = invoke("batch", arts.resolve(), "-o", out, "--resume", "-m", "m", "--base-url", server.url,
                     "--no-cache")
    assert resumed.exit_code == 0, resumed.output
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert sorted(ids) == [f"arts/{i}.txt" for i in range(4)]  # each article once
    assert len(server.requests) - asked == 5  # only the new article's five passes
    assert "3 already summarised" in resumed.stderr


def test_a_hung_server_fails_within_the_timeout(seed, oracle):
    with FakeOpenAIServer(default=lambda body: Scripted(content=oracle(body), delay=5)) as hung:
        started = time.monotonic()
        result = invoke("summarize", seed, "-m", "m", "--base-url", hung.url, "--timeout", "0.6")
        elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert "waiting up to 0.6 s" in result.stderr  # the wait is shown in the progress line
    assert result.stderr.strip().splitlines()[-1] == f"summarizer: error: model server at {hung.url} timed out"
    assert elapsed < 3  # retries included: not 3 x the timeout


def test_the_timeout_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "7.5")
    assert get_backend("m", base_url=DEAD).timeout == 7.5
    assert get_backend("m", base_url=DEAD, timeout=2).timeout == 2  # the flag wins
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "soon")
    from summarizer import ConfigError

    with pytest.raises(ConfigError, match="SUMMARIZER_TIMEOUT"):
        get_backend("m", base_url=DEAD)


@pytest.mark.parametrize("headers", [{}, {"Content-Type": "application/json"}])
def test_a_reply_that_is_not_json_is_a_server_fault(article, headers):
    with FakeOpenAIServer(default=lambda body: Scripted(body="<html>502 Bad Gateway</html>",
                                                        headers=dict(headers))) as proxy:
        backend = get_backend("m", base_url=proxy.url, timeout=10)
        with pytest.raises(BackendError, match="not JSON") as info:
            summarize(article, backend=backend)
        assert len(proxy.requests) == 3  # the transport's two retries, not the re-asks of four passes
    assert "failed validation" not in str(info.value)


# --- Smaller points ----------------------------------------------------------------


def test_negative_max_retries_is_refused(seed):
    result = invoke("summarize", seed, "--max-retries", "-1", "-m", "m", "--base-url", DEAD)
    assert result.exit_code == 2


def test_flags_show_no_value_type_in_help():
    for command in ("summarize", "batch", "merge"):
        help_text = CliRunner().invoke(app, [command, "--help"], terminal_width=200).stdout
        quiet = next(line for line in help_text.splitlines() if "--quiet" in line)
        assert "<bool>" not in quiet, quiet


def test_eval_outside_the_checkout_says_where_fixtures_are_expected(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("eval", "-m", "m", "--base-url", DEAD, "-q")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert "evals/fixtures" in line and "--fixtures" in line


def test_a_merge_with_an_undated_report_warns_and_shows_its_events_undated(tmp_path):
    from summarizer import ArticleSummary
    from summarizer.testing import gold_replies, pair_verdicts

    fixtures = os.path.join(os.path.dirname(__file__), "..", "evals", "fixtures")
    cases = {}
    for name in ("seed-002-serey-earlier", "seed-000-serey-later"):
        with open(os.path.join(fixtures, name, "article.txt"), encoding="utf-8") as handle:
            text = handle.read()
        with open(os.path.join(fixtures, name, "gold.json"), encoding="utf-8") as handle:
            cases[name] = (text, gold_replies(ArticleSummary.model_validate_json(handle.read()), text))
    judge = pair_verdicts("same")

    def reply(body):
        if "A. same" in body["messages"][-1]["content"]:  # the judge's choice
            return letter_reply([{"A": 1.0}], numbered=False) if body.get("logprobs") else judge(body)
        shown = " ".join(m["content"] for m in body["messages"])
        return next(answer for text, answer in cases.values() if text[:80] in shown)(body)

    paths = []
    for name, (text, _) in cases.items():
        paths.append(tmp_path / f"{name}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    with FakeOpenAIServer(default=reply) as srv:
        result = invoke("merge", *paths, "-m", "m", "--base-url", srv.url, "-q")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines() == [
        f"summarizer: warning: {paths[1]} has no date (no dateline, no --date): its events are shown undated; "
        f"give one with --date {paths[1]}=YYYY-MM-DD"]
    dossier = json.loads(result.stdout)
    later = next(r["id"] for r in dossier["reports"] if r["label"] == str(paths[1]))
    undated = [e for e in dossier["timeline"] if e["date"] == "undated"]
    assert undated and all(s["report"] == later for e in undated for s in e["sources"])
    assert any(e["date_text"] == "Friday" or "Friday" in e["date_text"] for e in undated)
    dated = [e["date"] for e in dossier["timeline"] if e["date"] != "undated"]
    assert dated and dossier["timeline"][-len(undated):] == undated  # after the dated events


# --- One backend config ------------------------------------------------------------


def test_backend_config_takes_the_flag_then_the_environment_then_the_default(monkeypatch):
    from summarizer import BackendConfig

    assert BackendConfig.resolve() == BackendConfig() and BackendConfig().is_local
    monkeypatch.setenv("SUMMARIZER_MODEL", "env-model")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    config = BackendConfig.resolve(base_url="http://127.0.0.1:9/v1")
    assert (config.model, config.base_url, config.api_key) == ("env-model", "http://127.0.0.1:9/v1", "sk-env")
    assert BackendConfig.resolve(config, model="flag-model").model == "flag-model"  # the flag wins
    assert "sk-env" not in repr(config)  # the key is never shown
    with pytest.raises(Exception):
        config.model = "other"  # frozen: one value, passed down unchanged
    with pytest.raises(TypeError, match="colour"):
        BackendConfig.resolve(colour="red")


def test_loose_model_options_still_work_with_a_deprecation_warning(server, article):
    with pytest.warns(DeprecationWarning, match="config=BackendConfig"):
        result = summarize(article, model="m", base_url=server.url)
    assert result.run.model == "m"
