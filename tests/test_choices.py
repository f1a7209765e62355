"""The choice interface on every backend: the model picks among options, with a probability for each."""

import pytest

from summarizer import ScriptedBackend
from summarizer.backends.openai_compat import OpenAIBackend
from summarizer.testing import FakeOpenAIServer, letter_reply

QUESTION = [{"role": "user", "content": "1. Which is a colour?\nA. table\nB. green\n"
                                        "2. Which is a number?\nA. blue\nB. four\nC. chair\nAnswer one line each."}]
OPTIONS = [["table", "green"], ["blue", "four", "chair"]]


def test_scripted_choices_take_the_probabilities_the_test_sets():
    backend = ScriptedBackend(chooser=lambda messages, options: {options[0]: 0.2, options[1]: 0.6})
    first, second = backend.choose_many(QUESTION, OPTIONS)
    assert first.option == "green" and first.confidence == pytest.approx(0.75)
    assert second.probabilities == pytest.approx({"blue": 0.25, "four": 0.75, "chair": 0.0})
    assert [c["options"] for c in backend.choices] == OPTIONS


def test_a_server_with_logprobs_gives_each_option_its_probability():
    with FakeOpenAIServer() as server:
        server.queue(**vars(letter_reply([{"A": 0.3, "B": 0.7}, {"A": 0.1, "B": 0.6, "C": 0.3}])))
        first, second = OpenAIBackend("m", base_url=server.url).choose_many(QUESTION, OPTIONS)
    assert (first.option, second.option) == ("green", "four")
    assert second.probabilities == pytest.approx({"blue": 0.1, "four": 0.6, "chair": 0.3})
    assert server.requests[0]["logprobs"] is True and server.requests[0]["top_logprobs"] == 20


def test_a_server_without_logprobs_is_asked_for_constrained_json_with_no_confidence():
    with FakeOpenAIServer() as server:
        server.queue("1: B\n2: B")  # a plain reply: this server sends no logprobs
        server.queue('{"a1": "B", "a2": "C"}')
        server.queue('{"a1": "A", "a2": "A"}')
        backend = OpenAIBackend("m", base_url=server.url)
        first, second = backend.choose_many(QUESTION, OPTIONS)
        again = backend.choose_many(QUESTION, OPTIONS)  # it is not asked for logprobs again
    assert (first.option, second.option) == ("green", "chair") and first.confidence is None
    assert [c.option for c in again] == ["table", "blue"]
    assert "response_format" in server.requests[1] and "logprobs" not in server.requests[2]


def test_an_answer_outside_the_options_is_never_chosen():
    with FakeOpenAIServer() as server:
        server.queue(**vars(letter_reply([{"Z": 0.9, "A": 0.1}, {"B": 1.0}])))  # Z is no option's letter
        server.queue('{"a1": "A", "a2": "B"}')
        first, _ = OpenAIBackend("m", base_url=server.url).choose_many(QUESTION, OPTIONS)
    assert first.option == "table"
