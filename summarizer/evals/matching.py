"""The one-to-one matching every scorer uses: gold items to predicted items."""

from __future__ import annotations

from typing import Callable

import numpy as np
from scipy.optimize import linear_sum_assignment

Pairs = list[tuple[int, int]]


def match(n_gold: int, n_pred: int, ok: Callable[[int, int], bool],
           bonus: Callable[[int, int], float]) -> Pairs:
    """The largest one-to-one matching of compatible pairs; among those, the best by ``bonus``.

    Each pair is worth ``1 + bonus / (n + 1)`` with ``bonus`` in [0, 1]: all
    bonuses together stay below 1, so no bonus can buy a smaller matching, and
    the Hungarian algorithm then picks, say, the pairing whose stances agree.
    """
    if not n_gold or not n_pred:
        return []
    scale = 1.0 / (max(n_gold, n_pred) + 1)
    weights = np.zeros((n_gold, n_pred))
    for i in range(n_gold):
        for j in range(n_pred):
            if ok(i, j):
                weights[i, j] = 1.0 + scale * bonus(i, j)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return sorted((int(i), int(j)) for i, j in zip(rows, cols) if weights[i, j] > 0)
