import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import __version__
from summarizer.cli import app
from summarizer.testing import FakeOpenAIServer

runner = CliRunner()


def invoke(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


def test_help_has_examples():
    result = invoke("summarize", "--help")
    assert result.exit_code == 0
    assert "--format markdown" in result.stdout and "--base-url" in result.stdout


def test_json_to_stdout(seed, server):
    result = invoke("summarize", str(seed), "--model", "m", "--base-url", server.url, "--quiet")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["run"]["model"] == "m"
    assert data["parties"][0]["name"] == "Sam Serey"


def test_markdown_to_file_atomically(seed, server, tmp_path):
    out = tmp_path / "report.md"
    result = invoke("summarize", str(seed), "-f", "markdown", "-o", str(out), "-m", "m", "--base-url", server.url)
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert text.startswith("# ") and "| id | name |" in text and "## Reactions" in text
    assert result.stdout == ""
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_stdin(article, server):
    result = invoke("summarize", "-", "-m", "m", "--base-url", server.url, "-q", input=article)
    assert result.exit_code == 0, result.output


def test_environment_variables_configure_the_model(seed, server, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_MODEL", "from-env")
    monkeypatch.setenv("OPENAI_BASE_URL", server.url)
    result = invoke("summarize", str(seed), "-q")
    assert json.loads(result.stdout)["run"]["model"] == "from-env"
    # the flag wins over the environment
    result = invoke("summarize", str(seed), "-q", "-m", "from-flag")
    assert json.loads(result.stdout)["run"]["model"] == "from-flag"


@pytest.mark.parametrize("setup,message", [
    (lambda p: None, "no such file"),
    (lambda p: p.mkdir(), "is a directory"),
    (lambda p: p.write_text(""), "empty"),
    (lambda p: p.write_text("  \n\n\t "), "empty"),
    (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary"),
    (lambda p: p.write_bytes("caf\xe9 cr\xe8me".encode("latin-1")), "not UTF-8"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, setup, message, server):
    path = tmp_path / "input.txt"
    setup(path)
    result = invoke("summarize", str(path), "-m", "m", "--base-url", server.url)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.output
    assert server.requests == []


def test_too_long_for_context_exits_2(seed, server):
    result = invoke("summarize", str(seed), "-m", "m", "--base-url", server.url, "--ctx", "900")
    assert result.exit_code == 2
    assert "do not fit the model's context" in result.stderr and "--ctx" in result.stderr


def test_unreachable_server_exits_1(seed):
    result = invoke("summarize", str(seed), "-m", "m", "--base-url", "http://127.0.0.1:9/v1", "-q")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "summarizer: error: cannot reach model server at http://127.0.0.1:9/v1"
    ]


def test_exhausted_retries_exit_1(seed):
    with FakeOpenAIServer(default=lambda body: "not json") as srv:
        result = invoke("summarize", str(seed), "-m", "m", "--base-url", srv.url, "-q", "--max-retries", "1")
    assert result.exit_code == 1
    assert "every pass failed validation" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_api_key_is_never_printed(seed):
    secret = "sk-test-SECRET-123"
    result = invoke("summarize", str(seed), "-m", "m", "--base-url", "http://127.0.0.1:9/v1", "--api-key", secret)
    assert secret not in result.output


def test_debug_shows_the_traceback(seed, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_DEBUG", "1")
    result = invoke("summarize", str(seed), "-m", "m", "--base-url", "http://127.0.0.1:9/v1", "-q")
    assert result.exit_code != 0
    assert result.exception is not None and type(result.exception).__name__ == "BackendError"


def test_console_script_in_a_subprocess(seed, server, tmp_path):
    script = Path(sys.executable).parent / "summarizer"
    assert script.exists(), "install the package (pip install -e .) to get the console script"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    done = subprocess.run([str(script), "summarize", str(seed), "-m", "m", "--base-url", server.url, "-q"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["headline"]
    missing = subprocess.run([str(script), "summarize", str(tmp_path / "nope.txt")],
                             capture_output=True, text=True, env=env, timeout=60)
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"summarizer: error: {tmp_path / 'nope.txt'}: no such file"


def test_a_failed_section_is_reported_on_stderr(seed, oracle):
    def broken_claims(body):
        return "{" if "legal matters" in body["messages"][1]["content"].split("</article>")[-1] else oracle(body)

    with FakeOpenAIServer(default=broken_claims) as srv:
        result = invoke("summarize", str(seed), "-m", "m", "--base-url", srv.url, "-q")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["run"]["failed_sections"] == ["claims"]
    assert "warning: no valid reply for claims" in result.stderr


def test_console_script_unreachable_server_prints_one_line(seed):
    script = Path(sys.executable).parent / "summarizer"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    done = subprocess.run([str(script), "summarize", str(seed), "-m", "m", "--base-url", "http://127.0.0.1:9/v1",
                           "-q"], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["summarizer: error: cannot reach model server at http://127.0.0.1:9/v1"]
