"""What a Batch API run shows on stderr: rounds, polls (a bar on a terminal), and the cost line:
tokens per pass, the Batch price, and the online price beside it."""

from __future__ import annotations

import re
import time
from typing import Any, Mapping, Optional

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from ..batch.job import estimate_cost
from ..schema import Usage
from .state import Part

# USD per 1M tokens (input, output) through the OpenAI Batch API, as OpenAI's
# pricing page listed them in 2025 (half the standard tier). Estimates only:
# check the current prices before planning a large run.
BATCH_PRICES = {
    "gpt-4o-mini": (0.075, 0.30), "gpt-4o": (1.25, 5.00),
    "gpt-4.1-nano": (0.05, 0.20), "gpt-4.1-mini": (0.20, 0.80), "gpt-4.1": (1.00, 4.00),
}
PRICES_DATED = "2025"


def batch_cost(model: str, usage: Usage) -> Optional[float]:
    """Dollars ``usage`` costs through the Batch API on a known OpenAI model (dated snapshots too), else None."""
    price = BATCH_PRICES.get(re.sub(r"-\d{4}-\d{2}-\d{2}$", "", model))
    if price is None:
        return None
    return (usage.prompt_tokens * price[0] + usage.completion_tokens * price[1]) / 1e6


def _dollars(amount: float) -> str:
    return f"about ${amount:.2f}" if amount >= 0.01 or not amount else "under $0.01"


def cost_line(model: str, by_pass: Mapping[str, Usage]) -> str:
    """``tokens by pass: headline 1,200 in + 80 out, ...; about $0.01 through the Batch API (online: $0.02)``.

    Priced by the model's name, as the online ``batch`` prices it, whatever the
    server: a self-hosted model of another name has no price.
    """
    total = sum(by_pass.values(), Usage())
    passes = ", ".join(f"{name} {u.prompt_tokens:,} in + {u.completion_tokens:,} out"
                       for name, u in by_pass.items() if u.total_tokens) or "none"
    line = f"tokens by pass: {passes}; {total.total_tokens:,} in all"
    batch, online = batch_cost(model, total), estimate_cost(model, total)
    if batch is not None:
        line += f"; {_dollars(batch)} through the Batch API on {model} at {PRICES_DATED} prices"
        if online is not None:
            line += f" (the online path: {_dollars(online)})"
    return line


class ApiDisplay:
    """Lines for each round and each change seen while polling; a bar of answered requests on a terminal.

    ``quiet`` keeps only what the user must see (nothing here: the CLI prints errors itself).
    """

    def __init__(self, console: Console, quiet: bool):
        self.console, self.quiet = console, quiet
        self.started = time.perf_counter()
        self._last: Optional[str] = None
        self._bar: Optional[Progress] = None
        self._task: Any = None

    def say(self, line: str) -> None:
        """One ``summarizer: ...`` line, unless quiet."""
        if not self.quiet:
            self.console.print(f"summarizer: {line}", markup=False, soft_wrap=True)

    def polled(self, parts: list[Part]) -> None:
        """The batches' counts: a line when they changed (logs), and the bar (terminals)."""
        total = sum(p.counts.get("total") or p.requests for p in parts)
        done = sum(p.counts.get("completed", 0) for p in parts)
        failed = sum(p.counts.get("failed", 0) for p in parts)
        statuses: dict[str, int] = {}
        for part in parts:
            statuses[part.status or "created"] = statuses.get(part.status or "created", 0) + 1
        states = ", ".join(f"{n} {status}" for status, n in statuses.items())
        line = f"batches: {states}; requests {done + failed:,} of {total:,} answered ({done:,} done, {failed:,} failed)"
        if self.quiet:
            return
        if self.console.is_terminal:
            if self._bar is None:
                self._bar = Progress(TextColumn("batch api"), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("{task.fields[states]}"), console=self.console, transient=True)
                self._task = self._bar.add_task("batch api", total=total, states=states)
                self._bar.start()
            self._bar.update(self._task, total=total, completed=done + failed, states=states)
        elif line != self._last:
            self.say(line)
        self._last = line

    def stop_bar(self) -> None:
        """Take the bar down (polling is over), leaving its last state as a line."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
            if self._last:
                self.say(self._last)  # the bar was transient: its last state stays as a line
