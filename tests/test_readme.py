"""Every README example runs as written (the Python ones with a scripted model)."""

import re
import shlex
from pathlib import Path

import pytest

import summarizer.article.pipeline
from summarizer import ArticleSummary, ScriptedBackend
from summarizer.text.dates import article_date
from summarizer.testing import gold_replies

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PYTHON = re.findall(r"```python\n(.*?)```", README, re.S)
SHELL = "\n".join(re.findall(r"```sh\n(.*?)```", README, re.S)).replace("\\\n", " ")


def scripted_model(**options):
    """What get_backend returns here: a perfect model of the seed article, so no
    example reaches the embedded model or the network."""
    case = ROOT / "evals/fixtures/seed-002-serey-earlier"
    gold = ArticleSummary.model_validate_json((case / "gold.json").read_text(encoding="utf-8"))
    return ScriptedBackend(default=gold_replies(gold, (case / "article.txt").read_text(encoding="utf-8")))


def test_the_readme_has_python_examples():
    assert PYTHON


@pytest.mark.parametrize("code", PYTHON)
def test_python_example_runs_as_written(code, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(summarizer.article.pipeline, "get_backend", scripted_model)
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    printed = capsys.readouterr().out.splitlines()
    assert printed and all(line.split()[-1].isdigit() for line in printed)  # name, stance, quote, offset


def test_merge_example_dates_the_report_that_has_no_dateline():
    for line in SHELL.splitlines():
        if not line.startswith("summarizer merge"):
            continue
        words = shlex.split(line.split("#")[0])
        dated = {value.split("=")[0] for flag, value in zip(words, words[1:]) if flag == "--date"}
        reports = [w for w in words[2:] if w.endswith(".txt") and "=" not in w]
        assert dated, line
        for report in reports:
            text = (ROOT / report).read_text(encoding="utf-8")
            # --date exactly where the dateline lacks one
            assert (report in dated) == (article_date(text) is None), (report, line)


def test_the_layout_section_names_every_part_of_the_package_and_nothing_else():
    layout = README.split("## Layout", 1)[1].split("```", 2)[1]
    named = set(re.findall(r"summarizer/([\w.]+/?)", layout))
    package = ROOT / "summarizer"
    parts = {p.name + "/" for p in package.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    parts |= {p.name for p in package.glob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    mentioned = {m for m in parts if m.rstrip("/").removesuffix(".py") in layout}
    assert mentioned == parts, parts - mentioned
    assert all((package / name).exists() for name in named), named
