"""A long article is summarised on a window of itself, not refused; its quotes stay verbatim."""

from pathlib import Path

from summarizer import ScriptedBackend, summarize
from summarizer.article.reading import plan

FIXTURES = Path(__file__).resolve().parents[1] / "evals" / "fixtures"


def long_article(words: int = 20_000) -> str:
    """Real copy, many articles one after another, until ``words`` words."""
    parts, count = [], 0
    for path in sorted(FIXTURES.glob("*/article.txt")):
        text = path.read_text(encoding="utf-8").strip()
        parts.append(text)
        count += len(text.split())
    while count < words:
        parts += parts[:3]
        count += sum(len(p.split()) for p in parts[:3])
    return "\n\n".join(parts) + "\n"


def test_a_20000_word_article_is_summarised_within_the_context_window():
    article = long_article()
    assert len(article.split()) >= 20_000
    backend = ScriptedBackend(default={"headline": "h", "description": "d"},
                              chooser=lambda messages, options: options[0], context_window=8192)
    result = summarize(article, backend=backend)
    assert not result.run.failed_sections
    prompts = [r["messages"] for r in backend.requests] + [c["messages"] for c in backend.choices]
    for messages in prompts:  # every request fits: the model saw a window, never the whole article
        assert sum(backend.count_tokens(m["content"]) for m in messages) < 8192
    assert "[…]" in backend.requests[0]["messages"][1]["content"]
    quotes = [r.quote for r in result.reactions if r.quote]
    assert quotes and all(article[q.start:q.end] == q.text for q in quotes)


def test_a_short_article_is_shown_whole():
    article = (FIXTURES / "seed-002-serey-earlier" / "article.txt").read_text(encoding="utf-8")
    p = plan(article, None)
    from summarizer.article.passes import fit

    fit(p, 8000, lambda text: len(text) // 3)
    assert p.shown == ""  # the article itself
