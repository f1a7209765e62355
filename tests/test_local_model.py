"""Tests that load the real embedded model (about 1 GB, tens of seconds).

Skip them locally with ``pytest -m 'not model'``; CI runs them.
"""

from typing import Literal

import pytest
from pydantic import BaseModel

from summarizer import summarize
from summarizer.backends.local import LocalBackend

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def backend():
    return LocalBackend(threads=2)


class Marker(BaseModel):
    marker: Literal["zebra-42"]
    count: int


def test_grammar_really_constrains_decoding(backend):
    # Nothing in the prompt asks for JSON or names the keys: only a grammar built
    # from the schema can make a reply that validates, and no re-ask is allowed.
    messages = [{"role": "user", "content": "Write one short friendly sentence about the sea."}]
    result = backend.complete(messages, Marker, max_retries=0, max_tokens=40)
    assert result.value.marker == "zebra-42"
    assert result.attempts == 1 and result.usage.completion_tokens > 0


def test_choices_are_a_distribution_and_the_choice_is_its_argmax(backend):
    messages = [{"role": "user", "content": "Which is a colour?\nA. table\nB. green\nC. seven\n"
                                            "Answer with the letter alone."}]
    choice = backend.choose(messages, ["table", "green", "seven"])
    assert sum(choice.probabilities.values()) == pytest.approx(1.0, abs=1e-6)
    assert choice.option == max(choice.probabilities, key=choice.probabilities.get)
    assert choice.option == "green"
    several = backend.choose_many(
        [{"role": "user", "content": "1. Which is a fruit?\nA. apple\nB. brick\n"
                                     "2. Which is a number?\nA. blue\nB. four\nAnswer one line each, e.g. 1: A"}],
        [["apple", "brick"], ["blue", "four"]])
    assert [c.option for c in several] == ["apple", "four"]
    assert all(sum(c.probabilities.values()) == pytest.approx(1.0, abs=1e-6) for c in several)


@pytest.fixture(scope="module")
def seed_run(backend):
    """One real summary of the seed article, and the tokens llama.cpp evaluated for it."""
    from pathlib import Path

    article = (Path(__file__).parent / "data" / "seed_002.txt").read_text(encoding="utf-8")
    llama = backend.llama
    llama.reset()  # no prefix left over from another test
    before = llama.evaluated_tokens
    result = summarize(article, backend=backend)
    return result, llama.evaluated_tokens - before


def test_seed_article_end_to_end(seed_run, article):
    result, _ = seed_run
    assert len(result.parties) >= 2
    quotes = [r.quote for r in result.reactions if r.quote and r.quote.match == "exact"]
    assert quotes, "expected at least one grounded verbatim quote"
    for quote in quotes:
        assert article[quote.start:quote.end] == quote.text
    assert result.run.backend == "local" and result.run.usage.completion_tokens > 0


def test_all_passes_share_the_articles_token_prefix(backend, article, oracle):
    # Record each pass's messages (answered by the gold oracle), then tokenize them
    # as the model sees them (Qwen's ChatML) with the model's own tokenizer.
    from summarizer import ScriptedBackend

    recorder = ScriptedBackend(default=oracle)
    summarize(article, backend=recorder)
    llama = backend.llama

    def tokens(messages):
        text = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
        return llama.tokenize((text + "<|im_start|>assistant\n").encode(), add_bos=False, special=True)

    sequences = [tokens(r["messages"]) for r in recorder.requests]
    shared = 0
    while all(len(s) > shared and s[shared] == sequences[0][shared] for s in sequences):
        shared += 1
    article_tokens = len(llama.tokenize(article.encode(), add_bos=False))
    assert len(sequences) == 5
    assert shared >= article_tokens  # the whole article is in the common prefix


def test_prefix_is_evaluated_once(seed_run, backend, article):
    result, evaluated = seed_run
    evaluated_prompt = evaluated - result.run.usage.completion_tokens
    article_tokens = len(backend.llama.tokenize(article.encode(), add_bos=False))
    passes = result.run.attempts
    # every pass sends the article; llama.cpp evaluates it once and reuses it for the others
    assert evaluated_prompt <= result.run.usage.prompt_tokens - (passes - 1) * article_tokens
