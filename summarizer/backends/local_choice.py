"""Choices on llama.cpp: read the option letters' logits instead of sampling JSON.

The prompt (chat template applied, assistant turn opened) is evaluated once,
reusing the longest prefix already in the KV cache, so the article shared by
every pass is evaluated once per run. Several questions are answered in one
sequence: for question ``k`` the scaffold ``k:`` is fed, the logits of the
next token give every option letter a probability, and the most probable
letter is fed with the next scaffold. No token is sampled: the model only
ranks its options, which costs one forward pass of a few tokens per question.

Each question is asked right after the prompt (``3:`` follows the opened
assistant turn directly), not after the answers to the earlier ones: a small
model shown its own answers tends to repeat the first for every item.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from ..schema import Usage
from .choice import LABELS, Choice, check_options, from_letters

_LOCK = threading.Lock()  # one llama.cpp context: one sequence at a time


def _formatter(llama: Any) -> Any:
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    cached = getattr(llama, "_summarizer_formatter", None)
    if cached is None:
        # The formatter llama-cpp-python itself builds from the GGUF's template,
        # so a choice and a JSON pass render the shared prefix identically.
        eos, bos = llama.token_eos(), llama.token_bos()
        cached = Jinja2ChatFormatter(
            template=llama.metadata["tokenizer.chat_template"],
            eos_token=llama._model.token_get_text(eos) if eos != -1 else "",
            bos_token=llama._model.token_get_text(bos) if bos != -1 else "",
            stop_token_ids=[eos],
        )
        llama._summarizer_formatter = cached
    return cached


def prompt_tokens(llama: Any, messages: list[dict]) -> list[int]:
    """The chat prompt as tokens, with the assistant's turn opened."""
    result = _formatter(llama)(messages=messages)
    return llama.tokenize(result.prompt.encode("utf-8"), add_bos=not result.added_special, special=True)


def _feed(llama: Any, tokens: list[int]) -> None:
    """Evaluate ``tokens`` as the whole sequence, reusing the cached common prefix."""
    cached = llama.input_ids[:llama.n_tokens]
    common = 0
    for a, b in zip(cached, tokens):
        if a != b:
            break
        common += 1
    common = min(common, len(tokens) - 1)  # evaluate at least one token, for fresh logits
    llama.n_tokens = common
    llama.eval(tokens[common:])


def _logits(llama: Any) -> np.ndarray:
    return np.ctypeslib.as_array(llama._ctx.get_logits(), shape=(llama.n_vocab(),))


def _letter_ids(llama: Any, spaced: bool) -> dict[str, int]:
    ids = {}
    for letter in LABELS:
        found = llama.tokenize((" " + letter if spaced else letter).encode(), add_bos=False, special=False)
        if len(found) != 1:
            raise RuntimeError(f"option letter {letter!r} is not one token in this model's vocabulary")
        ids[letter] = found[0]
    return ids


def choose_many(llama: Any, messages: list[dict], questions: list[list[str]], numbered: bool,
                context_window: int) -> list[Choice]:
    """Answer each question by the logits of its option letters (see the module docstring)."""
    for options in questions:
        check_options(options)
    with _LOCK:
        tokens = prompt_tokens(llama, messages)
        scaffolds = [llama.tokenize(f"{i + 1}:".encode(), add_bos=False, special=False)
                     if numbered else [] for i in range(len(questions))]
        needed = len(tokens) + sum(len(s) + 1 for s in scaffolds)
        if needed > context_window:
            raise ValueError(f"a choice prompt of {needed} tokens exceeds the context window ({context_window})")
        letters = _letter_ids(llama, spaced=numbered)
        choices: list[Choice] = []
        _feed(llama, tokens + scaffolds[0])
        for i, options in enumerate(questions):
            if i:
                llama.n_tokens = len(tokens)  # back to the end of the prompt: questions are independent
                llama.eval(scaffolds[i])
            row = _logits(llama)
            choices.append(from_letters(options, {k: float(row[letters[k]]) for k in LABELS[:len(options)]}))
    fed = len(tokens) + sum(len(s) for s in scaffolds)
    choices[0].usage = Usage(prompt_tokens=fed, completion_tokens=len(questions))
    return choices
