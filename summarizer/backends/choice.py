"""Choices: the model picks one of a few labelled options, with a probability for each.

The prompt contract. The last message lists each question's options as
``A. …``, ``B. …`` (option ``i`` is ``LABELS[i]``). A single choice is answered
with the letter alone; several are answered one line each, ``1: B``, in order.
A letter is one token in every tokenizer we know, so one next-token
distribution ranks every option: a backend that sees token probabilities
(llama.cpp's logits, an OpenAI-compatible server's ``logprobs``) reports them,
and the others report the chosen option alone.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Any, Literal, Optional

from pydantic import BaseModel, create_model

from ..schema import Usage

LABELS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class Choice:
    """The option a model chose, and the probability it gave each option.

    ``probabilities`` maps every option to its probability (summing to about 1),
    or is empty when the backend exposes none (then only ``option`` is known).
    ``usage`` of a batch of choices is carried by its first choice.
    """

    option: str
    probabilities: dict[str, float]
    usage: Usage
    attempts: int = 1

    @property
    def confidence(self) -> Optional[float]:
        """The chosen option's probability, or ``None`` when unknown."""
        return self.probabilities.get(self.option) if self.probabilities else None


def normalised(scores: dict[str, float]) -> dict[str, float]:
    """Scale non-negative scores to sum to 1 (uniform when they are all 0)."""
    total = sum(scores.values())
    if total <= 0:
        return {k: 1 / len(scores) for k in scores}
    return {k: v / total for k, v in scores.items()}


def softmax(logits: dict[str, float]) -> dict[str, float]:
    """Probabilities from log-scores (logits or log-probabilities)."""
    top = max(logits.values())
    return normalised({k: math.exp(v - top) for k, v in logits.items()})


def check_options(options: list[str]) -> None:
    """Refuse a question the label set cannot express."""
    if not 2 <= len(options) <= len(LABELS):
        raise ValueError(f"a choice needs 2 to {len(LABELS)} options, got {len(options)}")
    if len(set(options)) != len(options):
        raise ValueError(f"a choice's options must differ: {options}")


def from_letters(options: list[str], letter_scores: dict[str, float]) -> Choice:
    """A choice from log-scores by letter (letters missing from the scores get none of the mass)."""
    known = {options[LABELS.index(k)]: v for k, v in letter_scores.items() if k in LABELS[:len(options)]}
    floor = min(known.values(), default=0.0) - 30.0
    probabilities = softmax({o: known.get(o, floor) for o in options})
    return Choice(max(options, key=probabilities.__getitem__), probabilities, Usage())


@functools.lru_cache(maxsize=256)
def answers_model(sizes: tuple[int, ...]) -> type[BaseModel]:
    """A JSON model with one letter field per question (``a1``, ``a2`` …), each limited to its options."""
    fields = {f"a{i}": (Literal[tuple(LABELS[:n])], ...) for i, n in enumerate(sizes, start=1)}  # type: ignore
    return create_model(f"Answers{len(sizes)}", __doc__="The letter of the chosen option, per question.", **fields)


_LINE = re.compile(r"^\s*(\d+)\s*[:.)]\s*\(?([A-Z])\b", re.MULTILINE)


def parse_lines(text: str, count: int) -> Optional[list[str]]:
    """The letters of an answer written one line each (``1: B``), or ``None`` if any is missing."""
    found = {int(n): letter for n, letter in _LINE.findall(text)}
    letters = [found.get(i) for i in range(1, count + 1)]
    return None if any(x is None for x in letters) else letters  # type: ignore[return-value]


def letter_choices(reply: Any, questions: list[list[str]], numbered: bool) -> Optional[list[Choice]]:
    """Choices from a chat completion that answered with letters and carries ``logprobs``.

    Each answer letter's token is found in the reply; its ``top_logprobs`` give
    every option letter a probability. ``None`` when the reply has no
    ``logprobs`` or does not answer every question with a valid letter.
    """
    if not reply.choices:
        return None
    choice = reply.choices[0]
    content = choice.message.content or ""
    tokens = getattr(getattr(choice, "logprobs", None), "content", None)
    if not tokens:
        return None
    if numbered:
        found = {int(m.group(1)): m.start(2) for m in _LINE.finditer(content)}
        positions = [found.get(i) for i in range(1, len(questions) + 1)]
    else:
        first = re.search(r"[A-Z]", content)
        positions = [first.start() if first else None]
    if any(p is None for p in positions):
        return None
    starts, offset = [], 0
    for token in tokens:
        starts.append(offset)
        offset += len(token.token)
    choices = []
    for options, position in zip(questions, positions):
        index = max(i for i, start in enumerate(starts) if start <= position)
        alternatives = tokens[index].top_logprobs or [tokens[index]]
        scores: dict[str, float] = {}
        for alt in alternatives:
            letter = alt.token.strip()
            if len(letter) == 1 and letter in LABELS[:len(options)]:
                scores.setdefault(letter, alt.logprob)
        if content[position] not in LABELS[:len(options)] or not scores:
            return None
        choices.append(from_letters(options, scores))
    usage = getattr(reply, "usage", None)
    choices[0].usage = Usage(prompt_tokens=getattr(usage, "prompt_tokens", 0) or 0,
                             completion_tokens=getattr(usage, "completion_tokens", 0) or 0)
    return choices
