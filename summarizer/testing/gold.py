"""A stand-in for a perfect model (:class:`GoldModel`), and replies for pair judgements and choices.

:func:`gold_backend` answers every pass about an article as its gold summary
does; :func:`pair_verdicts` and :func:`pair_chooser` answer the merge's judge.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Optional, Union

from ..backends.choice import LABELS as LETTERS
from ..schema import ArticleSummary, Span
from ..text.spans import ranges_overlap
from .server import Scripted


def letter_reply(answers: list[dict[str, float]], numbered: bool = True) -> Scripted:
    """A server's reply to a choice request, with ``logprobs``: for each question, the
    probability of each option letter (``{"A": 0.7, "B": 0.3}``); the most probable is
    the answer, one line each ("1: A") when ``numbered``."""
    import math

    tokens = []
    for i, probabilities in enumerate(answers, start=1):
        best = max(probabilities, key=probabilities.__getitem__)
        top = [{"token": (" " if numbered else "") + k, "logprob": math.log(v), "bytes": None}
               for k, v in sorted(probabilities.items(), key=lambda kv: -kv[1]) if v > 0]
        if numbered:
            tokens += [{"token": ("\n" if i > 1 else "") + f"{i}:", "logprob": 0.0, "bytes": None, "top_logprobs": []}]
        tokens.append({"token": (" " if numbered else "") + best, "logprob": math.log(probabilities[best]),
                       "bytes": None, "top_logprobs": top})
    return Scripted(content="".join(t["token"] for t in tokens), logprobs={"content": tokens, "refusal": None})


def _overlaps(a: Span, b: Optional[Span]) -> bool:
    return b is not None and ranges_overlap(a.start, a.end, b.start, b.end)


_TASKS = {"passages of the article": "speech", "legal matters": "claims",
          "parties of the story": "parties", "central event of the article": "incident"}


class GoldModel:
    """A stand-in for a perfect model: answers every pass from a gold summary.

    Use it as a reply (``ScriptedBackend(default=gold, chooser=gold.choose)``,
    or ``FakeOpenAIServer(default=gold)``): it recognises each pass, rebuilds
    the questions the pipeline asks about the same article, and answers them as
    the gold summary does. What comes back is the best the pipeline can give:
    an upper bound for evals, a realistic reply for tests.
    """

    def __init__(self, gold: ArticleSummary, article: str, article_date: Any = None):
        from ..article import reading
        from ..text.dates import article_date as dateline

        self.gold, self.article = gold, article
        self.plan = reading.plan(article, article_date or dateline(article))
        self.names = {p.id: p for p in gold.parties}

    def _party(self, candidate_name: str):
        from ..text.names import find_party

        index = find_party(candidate_name, [[p.name, *p.aliases] for p in self.gold.parties])
        return self.gold.parties[index] if index is not None else None

    def answer(self, key: str, options: list[str]) -> str:
        """The gold answer to the question named ``key`` among ``options``."""
        from ..article import passes

        kind, _, number = key.partition(":")
        plan, gold = self.plan, self.gold
        if kind == "event_type":
            return passes.EVENT_GLOSS[gold.incident.event_type]
        if kind == "date":
            return next((o for o in options if gold.incident.date and gold.incident.date in o), options[-1])
        if kind == "place":
            place = gold.incident.location.place or ""
            return next((o for o in options if place and (o in place or place in o)), options[-1])
        if kind == "role":
            party = self._party(plan.parties[int(number)].name)
            role = party.role if party and party.role in passes.MODEL_ROLES else "other"
            return passes.ROLE_GLOSS[role]
        item_index = int(number)
        if kind in {"speaker", "stance"}:
            item = plan.speech[item_index]
            reaction = next((r for r in gold.reactions if _overlaps(item.span, r.quote)), None)
            if reaction is None and item.speaker is not None:  # a reported statement: the speaker's paraphrase
                party = self._party(plan.parties[item.speaker].name)
                reaction = next((r for r in gold.reactions if r.quote is None and party is not None
                                 and r.speaker == party.id), None)
            if kind == "stance":
                return reaction.stance if reaction else "neutral"
            name = self.names[reaction.speaker].name if reaction else None
            return next((o for o in options[:-1] if name and self._party(o) is self.names[reaction.speaker]),
                        options[-1])
        if kind == "claimant":
            claim = plan.claims[item_index]
            found = next((c for c in gold.legal_claims if c.type == claim.candidate.type
                          and any(_overlaps(claim.candidate.sentence, e) for e in c.evidence)), None)
            target = self.names.get(found.claimant) if found and found.claimant else None
            return next((o for o in options[:-1] if target and self._party(o) is target), options[-1])
        raise ValueError(f"no gold answer for question {key!r}")

    def choose(self, messages: list[dict], options: list[str], key: str) -> dict[str, float]:
        """A :class:`~summarizer.backends.ScriptedBackend` chooser: all probability on the gold answer."""
        best = self.answer(key, options)
        return {o: (1.0 if o == best else 0.0) for o in options}

    def _questions(self, task: str):
        from ..article import passes

        out = passes.steps(self.plan)
        request = next(out)
        while True:
            try:
                request = out.send(None) if not request.questions else out.send(
                    [_gold_choice(self, q) for q in request.questions])
            except StopIteration:
                return []
            if request.questions and _pass_of_task(request.messages[-1]["content"]) == task:
                return request.questions

    def __call__(self, request: dict) -> Union[str, Scripted]:
        name = _pass_of(request)
        if request.get("logprobs"):  # a choice asked of a server that offers logprobs
            questions = self._questions(_pass_of_task(_task(request)))
            return letter_reply([{LETTERS[q.options.index(self.answer(q.key, q.options))]: 1.0}
                                 for q in questions])
        if name.startswith("Headline"):
            return json.dumps({"headline": self.gold.headline[:150], "description": self.gold.incident.description[:200],
                               "summary": self.gold.summary[:500]})
        if name.startswith("Answers"):
            questions = self._questions(_pass_of_task(_task(request)))
            return json.dumps({f"a{i}": LETTERS[q.options.index(self.answer(q.key, q.options))]
                               for i, q in enumerate(questions, start=1)})
        raise ValueError(f"no gold answer for a {name} request")


def _gold_choice(model: GoldModel, question: Any) -> Any:
    from ..backends.choice import Choice
    from ..schema import Usage

    return Choice(model.answer(question.key, question.options), {}, Usage())


def _task(request: dict) -> str:
    """The pass's own message (a re-ask appends others after it)."""
    return next(m["content"] for m in request["messages"] if m["role"] == "user")


def _pass_of_task(task: str) -> str:
    return next((name for marker, name in _TASKS.items() if marker in task), "unknown")


def _pass_of(request: dict) -> str:
    """The schema a request asks for: its name, else (modes that send no name) guessed from the task."""
    schema = (request.get("response_format") or {}).get("json_schema") or {}
    if schema.get("name"):
        return schema["name"]
    tools = request.get("tools") or []
    if tools:
        return tools[0]["function"]["name"]
    task = next(m["content"] for m in reversed(request["messages"]) if m["role"] == "user")
    return "Headline" if "TASK: Write a headline" in task else "Answers"


def gold_replies(gold: ArticleSummary, article: str, article_date: Any = None) -> GoldModel:
    """A :class:`GoldModel` for ``gold`` (kept under its old name: it is called with a request
    and returns the reply, as before, and also chooses)."""
    return GoldModel(gold, article, article_date)


def gold_backend(gold: ArticleSummary, article: str, article_date: Any = None) -> Any:
    """A scripted backend that answers every pass about ``article`` as ``gold`` does."""
    from ..backends import ScriptedBackend

    model = GoldModel(gold, article, article_date)
    return ScriptedBackend(default=model, chooser=model.choose)


def pair_verdicts(verdict: Union[str, Callable[[str], str]] = "update") -> Callable[[dict], str]:
    """A scripted merge judge: each pair gets ``verdict``, or ``verdict(user_message)``.

    Use it as ``ScriptedBackend(default=pair_verdicts("update"))`` to test code
    that merges reports without a model. The judge asks through
    :meth:`~summarizer.backends.Backend.choose`; a scripted backend without a
    chooser asks for the option's letter as JSON, which this answers (no
    probabilities: the verdict is all the merge learns). See :func:`pair_chooser`
    for verdicts with probabilities.
    """
    def answer(request: dict) -> str:
        user = _task(request)
        said = verdict(user) if callable(verdict) else verdict
        if request.get("response_format", {}).get("json_schema", {}).get("name", "").startswith("Answer"):
            return json.dumps({"a1": _letter_of(user, said)})
        return json.dumps({"verdict": said})

    return answer


def _letter_of(message: str, option: str) -> str:
    """The letter a choice's message gives ``option`` (its lines read ``A. option``)."""
    for line in message.splitlines():
        label, dot, text = line.partition(". ")
        if dot and len(label) == 1 and label.isupper() and text.strip() == option:
            return label
    raise ValueError(f"option {option!r} is not listed in the message")


def pair_chooser(probability: Union[float, Callable[[str], float]], kind: str = "update") -> Callable:
    """A scripted merge judge with probabilities, for ``ScriptedBackend(chooser=...)``.

    Each pair is given ``probability`` (or ``probability(user_message)``) of
    being a difference of ``kind``; the rest goes to "same".
    """
    def choose(messages: list[dict], options: list[str]) -> dict[str, float]:
        p = probability(messages[-1]["content"]) if callable(probability) else probability
        return {o: (p if o == kind else 1 - p if o == "same" else 0.0) for o in options}

    return choose
