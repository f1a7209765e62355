"""The embedded default: a GGUF model run in-process by llama.cpp, no key, no network.

llama-cpp-python's ``create_chat_completion_openai_v1`` speaks the OpenAI
types, so instructor drives it exactly like a remote server. One detail is
translated: instructor's ``Mode.JSON_SCHEMA`` sends
``response_format={"type": "json_schema", ...}``, which llama-cpp-python
silently ignores; it builds a grammar only from
``{"type": "json_object", "schema": ...}``. Without the translation decoding is
unconstrained.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

import instructor

from ..errors import ConfigError
from . import weights
from . import guard, local_choice
from .base import Backend
from .choice import Choice

DEFAULT_CTX = 8192
SAMPLING = {"temperature": 0.0, "repeat_penalty": 1.1, "seed": 7}


def constrained(response_format: Optional[dict]) -> Optional[dict]:
    """Rewrite an OpenAI ``json_schema`` response format into llama.cpp's grammar form."""
    if response_format and response_format.get("type") == "json_schema":
        schema = response_format.get("json_schema", {}).get("schema")
        return {"type": "json_object", "schema": schema}
    return response_format


@functools.lru_cache(maxsize=2)
def load_model(path: str, threads: int, ctx: int) -> Any:
    """Load a GGUF model once per process and configuration."""
    # OpenMP's default spin-waiting made generation several times slower on a
    # 2-core machine as soon as any other process wanted a core (measured).
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        from llama_cpp import Llama
    except ImportError:
        raise ConfigError(
            f"the local model needs llama-cpp-python: run {weights.INSTALL_HINT}"
        ) from None
    guard.check(f"loading {path}")
    try:
        llama = Llama(model_path=path, n_ctx=ctx, n_threads=threads, n_batch=512, verbose=False)
    except (ValueError, RuntimeError) as exc:
        raise ConfigError(f"cannot load model {path}: {exc}") from None
    _count_evaluated(llama)
    return llama


def _count_evaluated(llama: Any) -> None:
    """Count the tokens llama.cpp really evaluates (prompt suffix after the reused
    prefix, plus generated tokens), so the benchmark can show prefix reuse."""
    evaluate = llama.eval
    llama.evaluated_tokens = 0

    def counting_eval(tokens: Any) -> None:
        llama.evaluated_tokens += len(tokens)
        evaluate(tokens)

    llama.eval = counting_eval


class RepetitionLoop(Exception):
    """Raised inside generation when the model repeats itself: see :func:`looping`."""


def looping(tokens: Sequence[int], shortest: int = 6, longest: int = 40, times: int = 3) -> bool:
    """Whether the tokens end with one window repeated ``times`` times over.

    Bounded lists and strings already stop a grammar-constrained reply from
    running to ``max_tokens``; this cuts a degenerate reply short instead of
    letting it fill its bounds. Numbered keys ("s1", "s2" ...) make legitimate
    repeated answers differ, so they do not trip it.
    """
    for width in range(shortest, longest + 1):
        if len(tokens) < width * times:
            break
        tail = tokens[-width:]
        if all(tokens[-width * (k + 1):len(tokens) - width * k] == tail for k in range(1, times)):
            return True
    return False


def _guard(prompt_length: list[int]) -> Callable[[Any, Any], Any]:
    """A logits processor that raises :class:`RepetitionLoop` on a looping reply."""

    def check(input_ids: Any, scores: Any) -> Any:
        if prompt_length[0] < 0:
            prompt_length[0] = len(input_ids)
        generated = list(input_ids[prompt_length[0]:])
        if len(generated) >= 18 and looping(generated):
            raise RepetitionLoop()
        return scores

    return check


def _cut_short(kwargs: dict[str, Any]) -> Any:
    """The reply of a generation stopped for looping: empty, so it fails
    validation and instructor re-asks (the pass is marked failed after that)."""
    from openai.types.chat import ChatCompletion

    return ChatCompletion.model_validate({
        "id": "loop", "object": "chat.completion", "created": 0, "model": "local",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": ""}}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    })


class LocalBackend(Backend):
    """A GGUF model in this process (the bundled Qwen2.5-Coder-1.5B by default)."""

    name = "local"
    mode = instructor.Mode.JSON_SCHEMA
    # What the embedded 1.5B model chose did worse than the rules' likeliest option on the 22
    # eval fixtures (summarizer eval --model local against benchmarks/rules_floor.py, same code):
    # event type 0.773 against 0.864, place 0.762 against 0.810; it never gave a stance the 0.5 it
    # needs to replace the rules' (assemble.MODEL_OVERRIDE). Roles (0.569 against 0.558),
    # speakers and claimants it still decides.
    decides = frozenset({"role", "speaker", "claimant"})

    def __init__(
        self,
        model_path: Optional[str] = None,
        *,
        threads: Optional[int] = None,
        ctx: Optional[int] = None,
        progress: Optional[Callable[[str], None]] = None,
    ):
        self._explicit_path = model_path
        if model_path and not Path(model_path).is_file():
            raise ConfigError(f"model file not found: {model_path}")
        self.model = Path(model_path).stem if model_path else weights.MODEL_NAME
        self.threads = threads or min(os.cpu_count() or 2, 8)
        self.context_window = ctx or DEFAULT_CTX
        self._progress = progress

    def settings(self) -> dict[str, Any]:
        return {"model_path": str(Path(self._explicit_path).resolve()) if self._explicit_path else None}

    @property
    def llama(self) -> Any:
        """The loaded model (assembled and loaded on first use)."""
        if not self._explicit_path:
            guard.check(f"the embedded model ({self.model})")  # before 1.1 GB is assembled
        path = self._explicit_path or str(weights.ensure_model(self._progress))
        if self._progress and load_model.cache_info().currsize == 0:
            self._progress(f"loading {self.model} ({self.threads} threads)")
        return load_model(path, self.threads, self.context_window)

    def count_tokens(self, text: str) -> int:
        return len(self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def choose_many(self, messages: list[dict], questions: list[list[str]], *, max_retries: int = 1,
                    numbered: bool = True, keys: Optional[list[str]] = None) -> list[Choice]:
        """Rank each question's options by their letters' logits (:mod:`.local_choice`)."""
        return local_choice.choose_many(self.llama, messages, questions, numbered, self.context_window)

    def _create(self) -> Callable[..., Any]:
        llama = self.llama

        def create(**kwargs: Any) -> Any:
            kwargs.pop("model", None)
            kwargs["response_format"] = constrained(kwargs.get("response_format"))
            for key, value in SAMPLING.items():
                kwargs.setdefault(key, value)
            kwargs["logits_processor"] = [_guard([-1])]
            try:
                return llama.create_chat_completion_openai_v1(**kwargs)
            except RepetitionLoop:
                return _cut_short(kwargs)

        return create
