"""The model's side of a merge: judge each candidate pair of passages.

Code proposes the pairs (:mod:`summarizer.merge_pairs`); the model reads one
pair at a time under a small grammar (:class:`PairJudgement`) and the versioned
``prompts/judge_pair.j2``, and says whether the later passage agrees with,
updates, contradicts or is unrelated to the earlier one. Only updates and
contradictions become differences. No pair is judged without a verbatim
passage from each report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, Optional

from pydantic import BaseModel, Field

from . import prompts
from .cache import ResultCache, judgement_key
from .dossier import Difference
from .errors import RetriesExhausted
from .merge_pairs import Candidate, Stats, overlaps
from .merge_similarity import restates
from .schema import Usage

if TYPE_CHECKING:
    from .merge import _Report

JUDGE_TEMPLATE = "judge_pair.j2"
JUDGE_MAX_TOKENS = 24
_PRIORITY = {"claim": 0, "number": 1, "date": 2, "responsibility": 3, "speaker": 4, "topic": 5}


class PairJudgement(BaseModel):
    """How the later passage relates to the earlier one.

    A verdict alone: the reader sees the two passages side by side, and a
    written reason would triple the tokens the model generates for each pair.
    """

    verdict: Literal["same", "update", "contradiction", "unrelated"] = Field(
        description="same = they agree; update = the later one adds or changes something as news comes in; "
        "contradiction = both cannot be true; unrelated = they are about different things."
    )


def judge_prompt_version() -> str:
    """Recorded in every dossier: the judge template's version plus a hash of it and the grammar."""
    return prompts.version([JUDGE_TEMPLATE], PairJudgement)


def judge_pairs(candidates: list[Candidate], items: list[_Report], model, max_pairs: int, max_retries: int,
                progress, stats: Stats, cache: Optional[ResultCache] = None) -> list[Difference]:
    """Ask the model about each candidate pair, most telling first; keep updates and contradictions.

    Pairs that overlap a pair already kept (the same passages on another basis)
    are dropped first; past ``max_pairs`` the rest are counted, not judged. A
    reply that keeps failing validation costs that pair only. With a ``cache``,
    a pair judged before by the same model under the same prompt costs no call.
    """
    kept: list[Candidate] = []
    for cand in sorted(candidates, key=lambda c: (_PRIORITY[c.basis], -c.score)):
        if restates(cand.a.span.text, cand.b.span.text):
            stats.settled += 1  # one says what the other says, perhaps with more detail: the same
            continue
        if not any(k.a.report == cand.a.report and k.b.report == cand.b.report
                   and overlaps(k.a.span, cand.a.span) and overlaps(k.b.span, cand.b.span) for k in kept):
            kept.append(cand)
    stats.candidates = len(kept)
    stats.over_budget = max(0, len(kept) - max_pairs)
    by_id = {r.id: r for r in items}
    found = []
    for number, cand in enumerate(kept[:max_pairs], start=1):
        a, b = by_id[cand.a.report], by_id[cand.b.report]
        if a.verified(cand.a.span) != cand.a.span or b.verified(cand.b.span) != cand.b.span:
            stats.dropped += 1  # no judgement without verbatim evidence from both reports
            continue
        if progress:
            progress(f"judging pair {number}/{min(len(kept), max_pairs)}: {cand.topic}")
        judgement = _judge(model(), _judge_messages(cand, a, b), max_retries, stats, cache)
        if judgement is None:
            continue
        stats.verdicts[judgement.verdict] += 1
        if judgement.verdict in ("update", "contradiction"):
            found.append(Difference(id="D0", kind=judgement.verdict, topic=cand.topic, basis=cand.basis,
                                    evidence=[cand.a, cand.b]))
    return found


def _judge(backend, messages, max_retries: int, stats: Stats, cache: Optional[ResultCache]) -> Optional[PairJudgement]:
    key = judgement_key(messages, backend.name, backend.model, judge_prompt_version(),
                        backend.settings()) if cache else None
    stored = cache.get_judgement(key) if cache else None
    if stored:
        stats.judged_cached += 1
        return PairJudgement.model_validate_json(stored)
    try:
        completion = backend.complete(messages, PairJudgement, max_retries=max_retries, max_tokens=JUDGE_MAX_TOKENS)
    except RetriesExhausted as exc:
        stats.judge_usage += exc.usage or Usage()
        stats.verdicts["failed"] += 1
        return None
    stats.judged += 1
    stats.judge_usage += completion.usage
    if cache:
        cache.put_judgement(key, completion.value.model_dump_json())
    return completion.value


def _judge_messages(cand: Candidate, a: _Report, b: _Report) -> list[dict[str, str]]:
    known = a.date is not None and b.date is not None

    def side(report: _Report) -> dict[str, Optional[str]]:
        return {"label": report.label, "date": report.date.isoformat() if report.date else None,
                "outlet": report.outlet}

    return [
        {"role": "system", "content": prompts.render(JUDGE_TEMPLATE, part="system")},
        {"role": "user", "content": prompts.render(
            JUDGE_TEMPLATE, part="user", topic=cand.topic, a=side(a), b=side(b), a_text=_fenced(cand.a.span.text),
            b_text=_fenced(cand.b.span.text), order_known=known and a.date < b.date, same_day=known and a.date == b.date,
        )},
    ]


def _fenced(text: str) -> str:
    """A passage cannot close its own fence and pose as the task."""
    return text.replace("<passage>", "(passage)").replace("</passage>", "(/passage)")

