"""Character ranges of one text: whether two of them share a character."""

from __future__ import annotations

from typing import Optional


def ranges_overlap(a_start: Optional[int], a_end: Optional[int], b_start: Optional[int], b_end: Optional[int]) -> bool:
    """Whether ``[a_start, a_end)`` and ``[b_start, b_end)`` share a character (never when a bound is unknown)."""
    return (a_start is not None and a_end is not None and b_start is not None and b_end is not None
            and a_start < b_end and b_start < a_end)
