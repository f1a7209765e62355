"""Pages of every kind, made with no model: from the gold files of the eval fixtures.

The gold files (``evals/fixtures/*/gold.json``) are valid ``ArticleSummary``
JSON without ``run``; the passes answered by ``gold_replies`` give pipeline
output for batches and eval reports. Used by the page tests, the browser tests
and ``make screenshots``.
"""

from __future__ import annotations

import json
from pathlib import Path

from summarizer import ArticleSummary, ScriptedBackend
from summarizer.schema import Check, Span
from summarizer.testing import gold_replies, pair_verdicts

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "evals" / "fixtures"
SEREY = "seed-002-serey-earlier"
BATCH = [SEREY, "001-scientology-defector-arrested", "010-khadr-bail-denied"]
EVIL = ('Updated 1 May 2018\n\nThe court heard <script>window.__pwned = 1</script> and '
        'an image <img src=x onerror="window.__pwned = 2"> in the file.\n\n'
        '"We will appeal </textarea><script>window.__pwned = 3</script>," said lawyer Ana Ruiz.\n')


def case(name: str) -> tuple[str, ArticleSummary]:
    """A fixture's article and gold summary."""
    folder = FIXTURES / name
    return ((folder / "article.txt").read_text(encoding="utf-8"),
            ArticleSummary.model_validate_json((folder / "gold.json").read_text(encoding="utf-8")))


def flagged(article: str, summary: ArticleSummary) -> ArticleSummary:
    """The gold summary with one of each thing a reader must check: model attribution, low confidence,
    a repaired and a missing quote, a failed section and a check from the pipeline."""
    data = summary.model_copy(deep=True)
    quoted = [n for n, r in enumerate(data.reactions) if r.quote]
    first, second, third = quoted[:3]
    data.reactions[first].attribution = "model"
    data.reactions[first].confidence = {"speaker": 0.55, "stance": 0.93}
    q = data.reactions[second].quote
    data.reactions[second].quote = Span(text=q.text, start=q.start, end=q.end, match="fuzzy")
    data.reactions[third].quote = Span(text="words the article never printed", match="not_found")
    start = article.index("Past convictions")
    end = article.index("motivated.", start) + len("motivated.")
    data.checks = [Check(kind="low_confidence", item=f"reactions[{first}].speaker",
                         message="the speaker is uncertain (0.55)", confidence=0.55),
                   Check(kind="instructions", message="a passage that reads as instructions to an AI",
                         span=Span(text=article[start:end], start=start, end=end))]
    return data.model_copy(update={"run": None})


def gold_backend(names: list[str], fail_claims: str = "") -> ScriptedBackend:
    """A backend answering every pass about any of these fixtures from its gold (other articles: an error).

    The claims pass about the fixture named ``fail_claims`` fails, so its summary has a failed section.
    """
    oracles = [(article.strip()[:300], gold_replies(gold, article), name)
               for name, (article, gold) in zip(names, map(case, names))]

    def answer(request: dict) -> str:
        prompt = " ".join(m["content"] for m in request["messages"])
        for head, reply, name in oracles:
            if head in prompt:
                if name == fail_claims and "legal matters" in request["messages"][1]["content"].split("</article>")[-1]:
                    raise ValueError("no claims today")
                return reply(request)
        raise ValueError("no gold for this article")

    return ScriptedBackend(default=answer)


def article_page(folder: Path) -> tuple[Path, str, ArticleSummary]:
    """The review page of the Serey article, from its gold summary with things to check."""
    from summarizer.review import to_html

    article, gold = case(SEREY)
    summary = flagged(article, gold)
    path = folder / "article.html"
    path.write_text(to_html(summary, article, source="examples/002_a01ba4f7cc3a8534.txt"), encoding="utf-8")
    return path, article, summary


def screenshot_page(folder: Path) -> Path:
    """The README's page: the Serey article under its gold summary, as it is."""
    from summarizer.review import to_html

    article, gold = case(SEREY)
    path = folder / "serey.html"
    path.write_text(to_html(gold, article, source="examples/002_a01ba4f7cc3a8534.txt"), encoding="utf-8")
    return path


def evil_page(folder: Path) -> tuple[Path, str]:
    """A page over an article that carries markup and script, with a quote of it."""
    from summarizer.review import to_html

    start = EVIL.index("We will appeal")
    end = EVIL.index(',"', start)
    summary = ArticleSummary.model_validate({
        "headline": "Court hears <script>window.__pwned = 4</script>", "summary": "<b onmouseover=x>bold</b>",
        "incident": {"event_type": "court_ruling", "description": "</textarea><img src=y onerror=alert(1)>"},
        "parties": [{"id": "p1", "name": "Ana Ruiz", "kind": "person", "role": "lawyer"}],
        "reactions": [{"speaker": "p1", "stance": "critical",
                       "quote": {"text": EVIL[start:end], "start": start, "end": end}}],
    })
    path = folder / "evil.html"
    path.write_text(to_html(summary, EVIL, source="<evil>.txt"), encoding="utf-8")
    return path, EVIL


def batch_site(folder: Path) -> Path:
    """``batch --html`` over three fixture articles (answered from their golds, one without its claims)
    and one that fails."""
    from summarizer.cli.batch import run_batch

    inputs = folder / "in"
    inputs.mkdir()
    for name in BATCH:
        (inputs / f"{name}.txt").write_text(case(name)[0], encoding="utf-8")
    (inputs / "zz-unknown.txt").write_text("An article no gold answers for, so every pass fails.\n" * 3,
                                           encoding="utf-8")
    run_batch([str(inputs)], out=folder / "out.jsonl", backend=gold_backend(BATCH, fail_claims=BATCH[2]),
              html=folder / "site",
              use_cache=False, quiet=True, max_retries=0)
    return folder / "site" / "index.html"


def merge_page(folder: Path) -> Path:
    """The dossier of the two Serey reports, from their gold summaries; reports given by absolute path."""
    from summarizer.merge import merge_reports
    from summarizer.merge.render import to_html

    (early, early_gold), (late, late_gold) = case(SEREY), case("seed-000-serey-later")
    dossier = merge_reports([(early, early_gold), (late, late_gold)],
                            backend=ScriptedBackend(default=pair_verdicts("update")),
                            dates=["2018-04-28", "2018-04-30"], outlets=["Phnom Penh Post", None],
                            labels=[str(FIXTURES / SEREY / "article.txt"), "/srv/news/later.txt"])
    path = folder / "dossier.html"
    path.write_text(to_html(dossier), encoding="utf-8")
    return path


def eval_page(folder: Path) -> Path:
    """``summarizer eval`` over two fixtures, answered from their golds."""
    from summarizer.evals.report import publish
    from summarizer.evals.runner import run_eval

    names = ["001-scientology-defector-arrested", "010-khadr-bail-denied"]
    report = run_eval(FIXTURES, backend=gold_backend(names), only=names, cache_path=None, quiet=True)
    publish(report, folder / "eval", console=_quiet_console())
    return folder / "eval" / "report.html"


def _quiet_console():
    import io

    from rich.console import Console

    return Console(file=io.StringIO())
