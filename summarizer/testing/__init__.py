"""Test doubles for users' own tests: a local server speaking the OpenAI API
(:mod:`.server`) and a perfect model answering from a gold summary (:mod:`.gold`).

``ScriptedBackend`` (in :mod:`summarizer.backends`) replaces the model inside
the process; :class:`FakeOpenAIServer` replaces it over HTTP, so the real
``openai`` + ``instructor`` path is exercised end to end::

    with FakeOpenAIServer() as server:
        server.queue(json_reply)                  # 200 with that content
        server.queue(status=429, headers={"Retry-After": "0"})
        result = summarize(text, config=BackendConfig(model="m", base_url=server.url))

It listens on 127.0.0.1 only, on a free port.
"""

from .gold import GoldModel, gold_backend, gold_replies, letter_reply, pair_chooser, pair_verdicts
from .server import FakeOpenAIServer, Scripted, _Server, chat_completion  # noqa: F401 (_Server: testing_batch)

__all__ = ["FakeOpenAIServer", "GoldModel", "Scripted", "chat_completion", "gold_backend", "gold_replies",
           "letter_reply", "pair_chooser", "pair_verdicts"]
