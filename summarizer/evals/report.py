"""What an evaluation run writes: terminal tables, report.json, report.md, report.html.

report.json carries every figure, overall and per case, with the run's model,
backend, prompt version and git commit; given a baseline report.json, every
overall figure also carries its delta. Quality gates (``--fail-under``,
``--max-regression``) are checked here and returned as failure messages; the
command turns a non-empty list into a non-zero exit.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional, Sequence

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..errors import InputError
from ..article.render import table_cell
from .html import GENERATED, to_html
from .metrics import METRICS, fmt, fmt_delta, higher_is_better, is_fraction
from .runner import EvalReport

Figures = dict[str, Optional[float]]


def parse_fail_under(specs: Sequence[str]) -> dict[str, float]:
    """Parse ``METRIC=VALUE`` gates, refusing unknown metrics and lower-is-better ones.

    Raises:
        InputError: a malformed spec, an unknown metric, or one where higher is not better.
    """
    gates = {}
    for spec in specs:
        name, sep, raw = spec.partition("=")
        name = name.strip()
        try:
            value: Optional[float] = float(raw)
        except ValueError:
            value = None
        if not sep or value is None or value != value:  # value != value: NaN
            raise InputError(f"--fail-under {spec!r}: expected METRIC=VALUE, e.g. parties.f1=0.6")
        if higher_is_better(name) is not True:
            usable = ", ".join(m for m, better in METRICS.items() if better)
            raise InputError(f"--fail-under {name!r}: not a figure where higher is better; use one of: {usable}")
        gates[name] = value
    return gates


def load_baseline(path: Path) -> dict[str, Any]:
    """Read a previous report.json.

    Raises:
        InputError: the file is missing or is not a report.json.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"--baseline {path}: cannot read it as JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
        raise InputError(f"--baseline {path}: not a report.json written by `summarizer eval`")
    return data


def deltas(current: Figures, baseline: Figures) -> Figures:
    """``current - baseline`` for every figure both runs measured."""
    return {name: (round(value - baseline[name], 6) if value is not None and baseline.get(name) is not None else None)
            for name, value in current.items()}


def check_gates(current: Figures, fail_under: dict[str, float], baseline: Optional[Figures] = None,
                max_regression: Optional[float] = None) -> list[str]:
    """Messages for every gate the run fails (empty when it passes).

    A ``fail_under`` figure that was not measured fails (a gate must not pass by
    default). Regressions are checked only on fractions (precision, recall, F1,
    accuracy, rates), in each figure's better direction.
    """
    failures = []
    for name, least in fail_under.items():
        value = current.get(name)
        if value is None:
            failures.append(f"{name} was not measured in this run (--fail-under {name}={least:g})")
        elif value < least:
            failures.append(f"{name} = {value:.3f} is under {least:g}")
    if baseline is not None and max_regression is not None:
        for name, value in current.items():
            before = baseline.get(name)
            better = higher_is_better(name)
            if value is None or before is None or better is None or not is_fraction(name):
                continue
            drop = (before - value) if better else (value - before)
            if drop > max_regression + 1e-12:
                failures.append(f"{name} regressed by {drop:.3f} (from {before:.3f} to {value:.3f}; "
                                f"allowed {max_regression:g})")
    return failures


def to_json(report: EvalReport, baseline: Optional[dict[str, Any]] = None, baseline_path: Optional[Path] = None,
            failures: Sequence[str] = (), gates: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    """The report.json document: every figure, overall and per case, and the run's provenance."""
    metrics = report.metrics()
    doc: dict[str, Any] = {
        "generated_by": GENERATED,
        **report.model_dump(exclude={"cases"}),
        "metrics": metrics,
        "counts": report.totals().model_dump(),
        "baseline": None,
        "gates": {**(gates or {}), "failures": list(failures), "passed": not failures},
        "cases": [],
    }
    if baseline is not None:
        doc["baseline"] = {
            "path": str(baseline_path) if baseline_path else None,
            **{k: baseline.get(k) for k in ("model", "backend", "prompt_version", "git_commit", "date")},
            "metrics": baseline["metrics"],
            "deltas": deltas(metrics, baseline["metrics"]),
            # figures over different case sets are not comparable: say so wherever deltas show
            "same_cases": sorted(c.get("id") for c in baseline.get("cases", [])) == sorted(c.id for c in report.cases),
        }
    for case in report.cases:
        counts = case.scores.counts()
        doc["cases"].append({
            "id": case.id,
            "valid": case.scores.run.valid,
            "error": case.scores.run.error,
            "cached": case.scores.run.cached,
            "metrics": counts.metrics(),
            "counts": counts.model_dump(),
            "party_pairs": case.scores.parties.pairs,
            "prediction": case.prediction.model_dump(mode="json") if case.prediction else None,
        })
    return doc


_CASE_COLUMNS = [("parties.f1", "Parties F1"), ("claims.f1", "Claims F1"), ("reactions.f1", "Reactions F1"),
                 ("quotes.f1", "Quotes F1"), ("incident.event_type_accuracy", "Event"),
                 ("incident.date_accuracy", "Date"), ("incident.location_accuracy", "Place"),
                 ("run.retries", "Retries"), ("run.tokens_per_article", "Tokens"),
                 ("run.wall_time_s_per_article", "Time (s)")]
_TERMINAL_COLUMNS = [("parties.f1", "part"), ("claims.f1", "claim"), ("reactions.f1", "react"),
                     ("quotes.f1", "quote"), ("incident.event_type_accuracy", "event"),
                     ("incident.date_accuracy", "date"), ("incident.location_accuracy", "place"),
                     ("run.wall_time_s_per_article", "s")]


def print_tables(doc: dict[str, Any], console: Console) -> None:
    """The overall figures by section (with deltas to a baseline), then one row per case."""
    base = doc["baseline"]
    console.print(f"[bold]{escape(doc['backend'])}:{escape(doc['model'])}[/]  prompt {escape(doc['prompt_version'])}  "
                  f"({len(doc['cases'])} cases)", markup=True, highlight=False, soft_wrap=True)
    if base and not base["same_cases"]:
        console.print("[yellow]note:[/] the baseline scored other cases; deltas compare different sets",
                      highlight=False)
    overall = Table(title="Overall", title_justify="left")
    for column in ["Metric", "Value"] + (["Baseline", "Δ"] if base else []):
        overall.add_column(column, justify="left" if column == "Metric" else "right")
    section = None
    for name, value in doc["metrics"].items():
        if section is not None and name.split(".")[0] != section:
            overall.add_section()
        section = name.split(".")[0]
        row = [name, fmt(name, value)]
        if base:
            row += [fmt(name, base["metrics"].get(name)), _coloured(name, base["deltas"].get(name))]
        overall.add_row(*row)
    console.print(overall)
    # Narrow on purpose: one row per case must fit an 80-column terminal.
    cases = Table(title="Cases (F1 and accuracies)", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
                  collapse_padding=True)
    cases.add_column("Case", no_wrap=True, overflow="ellipsis", max_width=21)
    for label in ["ok"] + [label for _, label in _TERMINAL_COLUMNS]:
        cases.add_column(label, justify="right", no_wrap=True, min_width=max(len(label), 3))
    for case in doc["cases"]:
        m = case["metrics"]
        cells = ["–" if m[name] is None else f"{m[name]:.2f}" for name, _ in _TERMINAL_COLUMNS[:-1]]
        cases.add_row(escape(case["id"]), "yes" if case["valid"] else "[red]NO[/]", *cells,
                      f"{m['run.wall_time_s_per_article']:.1f}")
    console.print(cases)


def _coloured(name: str, delta: Optional[float]) -> str:
    text = fmt_delta(name, delta)
    better = higher_is_better(name)
    if not text or text == "±0" or better is None:
        return text
    return f"[{'green' if (delta > 0) == better else 'red'}]{text}[/]"


def to_markdown(doc: dict[str, Any]) -> str:
    """report.md: provenance, overall figures (with deltas), gates and a row per case."""
    base = doc["baseline"]
    lines = [f"<!-- {GENERATED} -->", "# Evaluation report", "", f"_{GENERATED}_", "",
             f"- model: `{doc['backend']}:{doc['model']}`", f"- prompt version: `{doc['prompt_version']}`",
             f"- commit: `{doc['git_commit'] or 'unknown'}`{' (uncommitted changes)' if doc['git_dirty'] else ''}",
             f"- date: {doc['date']}", f"- fixtures: `{doc['fixtures']}` ({len(doc['cases'])} cases)"]
    if base:
        lines.append(f"- baseline: `{base['path']}` ({base['model']}, prompt `{base['prompt_version']}`, "
                     f"commit `{base['git_commit'] or 'unknown'}`)")
        if not base["same_cases"]:
            lines.append("- **note:** the baseline scored other cases; deltas compare different sets")
    lines += ["", "## Overall", "", "| Metric | Value |" + (" Baseline | Δ |" if base else ""),
              "|---|---:|" + ("---:|---:|" if base else "")]
    for name, value in doc["metrics"].items():
        row = f"| {name} | {fmt(name, value)} |"
        if base:
            row += f" {fmt(name, base['metrics'].get(name))} | {fmt_delta(name, base['deltas'].get(name))} |"
        lines.append(row)
    lines += ["", "## Gates", ""]
    failures = doc["gates"]["failures"]
    lines += [f"- FAILED: {table_cell(f)}" for f in failures] or ["- passed"]
    if doc["cases"]:
        lines += ["", "## Cases", "", "| Case | Valid | " + " | ".join(label for _, label in _CASE_COLUMNS)
                  + " | Error |", "|---|---|" + "---:|" * len(_CASE_COLUMNS) + "---|"]
    for case in doc["cases"]:
        cells = [fmt(name, case["metrics"][name]) for name, _ in _CASE_COLUMNS]
        lines.append(f"| {case['id']} | {'yes' if case['valid'] else '**no**'} | " + " | ".join(cells)
                     + f" | {table_cell(case['error'] or '')} |")
    if doc.get("merge_groups"):
        lines += ["", "## Merge groups", "", "| Group | " + " | ".join(label for _, label in _GROUP_COLUMNS) + " |",
                  "|---|" + "---:|" * len(_GROUP_COLUMNS)]
        for name, counts in doc["merge_groups"].items():
            cells = [str(counts.get(key, "–")) for key, _ in _GROUP_COLUMNS]
            lines.append(f"| {name} | " + " | ".join(cells) + (f" {table_cell(counts['error'])}" if "error" in counts
                                                                else "") + " |")
    return "\n".join(lines) + "\n"


_GROUP_COLUMNS = [("split", "Split"), ("party_links_gold", "Links gold"), ("party_links_predicted", "Links predicted"),
                  ("party_links_correct", "Links right"), ("differences_gold", "Diffs gold"),
                  ("differences_predicted", "Diffs predicted"), ("differences_matched", "Diffs matched"),
                  ("differences_same_class", "Same class"), ("differences_hallucinated", "Hallucinated"),
                  ("timeline_gold", "Events gold"), ("timeline_dated_right", "Dated right")]


def write_reports(report: EvalReport, doc: dict[str, Any], out: Path) -> list[Path]:
    """Write report.json, report.md and report.html into ``out`` (created if needed)."""
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "report.json": json.dumps(doc, indent=2, ensure_ascii=False) + "\n",
        "report.md": to_markdown(doc),
        "report.html": to_html(report, doc),
    }
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    return [out / name for name in files]


def publish(report: EvalReport, out: Path, *, baseline: Optional[dict[str, Any]] = None,
            baseline_path: Optional[Path] = None, fail_under: Optional[dict[str, float]] = None,
            max_regression: Optional[float] = None, console: Optional[Console] = None) -> list[str]:
    """Check the gates, write the three reports into ``out`` and print the tables.

    Returns:
        The failed gates' messages (empty when every gate passed).
    """
    base_metrics = baseline["metrics"] if baseline else None
    failures = check_gates(report.metrics(), fail_under or {}, base_metrics, max_regression)
    gates = {"fail_under": fail_under or {}, "max_regression": max_regression}
    doc = to_json(report, baseline, baseline_path, failures, gates)
    write_reports(report, doc, out)
    print_tables(doc, console or Console(highlight=False))
    return failures
