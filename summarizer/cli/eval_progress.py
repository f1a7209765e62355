"""What ``summarizer eval`` shows on stderr while it runs: a bar, and one line per case.

:func:`summarizer.evals.runner.run_eval` draws nothing; it tells its
``on_case`` callback as each case starts and ends, and this draws from that.
"""

from __future__ import annotations

from typing import Any, Optional

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class EvalProgress:
    """A transient bar (the case running, cases done of all, time) and a line per finished case."""

    def __init__(self, console: Optional[Console] = None, quiet: bool = False):
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=console or Console(stderr=True, highlight=False), disable=quiet, transient=True)
        self.task: Optional[Any] = None

    def __enter__(self) -> "EvalProgress":
        self.bar.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.bar.stop()

    def __call__(self, case_id: str, done: int, total: int, run: Any) -> None:
        if self.task is None:
            self.task = self.bar.add_task("eval", total=total)
        if run is None:  # the case starts
            self.bar.update(self.task, description=case_id)
            return
        how = "cached" if run.cached else f"{run.wall_time_s:.1f} s"
        state = f"[red]invalid[/]: {escape(run.error or '')}" if not run.valid else f"ok ({how})"
        self.bar.console.print(f"{escape(case_id)}: {state}", soft_wrap=True)
        self.bar.update(self.task, completed=done)
