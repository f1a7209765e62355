"""Long articles: the model sees a window around the candidates instead of a refusal.

Code has read the whole article; only the model's view is cut. The window
keeps the opening paragraphs (where the central event is told) and then the
paragraphs that hold the candidates (quotations, statements, claims, first
mentions of parties), in article order, with "[…]" where text was left out.
Offsets are unaffected: they always refer to the full article.
"""

from __future__ import annotations

from typing import Any, Callable

from ..text.sentences import paragraphs

GAP = "[…]"


def fit_article(plan: Any, budget: int, count_tokens: Callable[[str], int]) -> str:
    """The article, or a window of it that fits ``budget`` tokens ("" when the whole fits)."""
    text = plan.visible or plan.article  # withheld passages stay hidden in a window too
    if count_tokens(plan.shown or plan.article) <= budget:
        return ""
    paras = paragraphs(text)
    wanted = [s.start for s in plan.lead]
    wanted += [item.span.start for item in plan.speech] + [c.candidate.sentence.start for c in plan.claims]
    wanted += [c.first for c in plan.parties]
    order = list(range(min(3, len(paras))))
    for offset in sorted(wanted):
        index = max(i for i, (start, _) in enumerate(paras) if start <= offset) if offset >= paras[0][0] else 0
        if index not in order:
            order.append(index)
    chosen: list[int] = []
    used = 0
    for index in order:
        cost = count_tokens(paras[index][1]) + 2
        if used + cost > budget:
            continue
        chosen.append(index)
        used += cost
    chosen.sort()
    parts, previous = [], -1
    for index in chosen:
        if index != previous + 1:
            parts.append(GAP)
        parts.append(paras[index][1])
        previous = index
    return "\n\n".join(parts)
