"""Render an :class:`IncidentDossier` as markdown or as one self-contained HTML page.

Both put the timeline first, then the differences (each with its passages side
by side), then parties, claims and reactions with report badges. The HTML page
is the template ``templates/dossier.html.j2`` with the stylesheet every page
shares (:mod:`summarizer.pages`) inline; it loads nothing, so it can be mailed
or archived as is.
"""

from __future__ import annotations

from .dossier import Difference, IncidentDossier, ReportInfo, TimelineEvent
from .rules import RULES
from .similarity import normal
from ..pages import render
from ..article.render import span_offsets, table_cell
from ..schema import Span

_KIND_LABEL = {"update": "update", "contradiction": "contradiction", "only_in_one": "only in one report"}


def _report_line(r: ReportInfo) -> str:
    bits = [r.outlet, r.date or "undated"]
    if r.duplicate_of:
        bits.append(f"same text as {r.duplicate_of}")
    return f"{r.label} ({', '.join(b for b in bits if b)})"


def _where(span: Span) -> str:
    if not span.verbatim:
        return "not found in the report: not verbatim"
    return span_offsets(span)


# --- markdown -------------------------------------------------------------------------------------------

def _badges(ids: list[str]) -> str:
    return " ".join(f"`[{i}]`" for i in ids)


def _quote(span: Span) -> str:
    return f"“{table_cell(span.text)}” *({_where(span)})*"


def _timeline_md(events: list[TimelineEvent]) -> list[str]:
    if not events:
        return ["No dated events found."]
    return [f"- **{e.date}** {_badges([s.report for s in e.sources])} {e.description} (“{e.date_text}”)"
            for e in events]


def _how(d: Difference) -> str:
    """Why the difference was classed so: the rule that decided it, or the model and its probability."""
    compared = d.compared_on.replace("_", " ")
    if d.basis != "model":
        return f"Classed by rule {d.basis} (compared on {compared}): {RULES[d.basis]}"
    p = "probability not given by the backend" if d.probability is None else f"probability {d.probability:.2f}"
    return f"Classed by the model (compared on {compared}; {p} that the passages differ)."


def unconfirmed_note(dossier: IncidentDossier) -> str:
    """What the unconfirmed pairs are, under the run's threshold."""
    threshold = dossier.run.threshold if dossier.run else None
    if threshold is not None and threshold > 1:
        return ("The model leaned to a difference here; no model verdict alone counts as a difference "
                "(the default, chosen on the development groups): check them by reading.")
    below = f"{threshold:.2f}" if threshold is not None else "the judge's"
    return f"The model leaned to a difference here, below the threshold of {below}: " \
           "not counted as differences; check them by reading."


def _difference_md(d: Difference, reports: dict[str, ReportInfo], unconfirmed: bool = False) -> list[str]:
    label = f"possible {_KIND_LABEL[d.kind]}, unconfirmed" if unconfirmed else _KIND_LABEL[d.kind]
    lines = [f"### {d.id} · {label} · {d.topic}", ""]
    heads = [f"[{e.report}] {reports[e.report].label}, {reports[e.report].date or 'undated'}" for e in d.evidence]
    lines.append("| " + " | ".join(table_cell(h) for h in heads) + " |")
    lines.append("|" + "---|" * len(heads))
    lines.append("| " + " | ".join(_quote(e.span) for e in d.evidence) + " |")
    return lines + ["", f"*{_how(d)}*", ""]


def to_markdown(dossier: IncidentDossier) -> str:
    """A readable report of the dossier."""
    reports = {r.id: r for r in dossier.reports}
    names = {p.id: p.name for p in dossier.parties}
    inc = dossier.incident
    where = ", ".join(x for x in (inc.location.place, inc.location.country) if x) or "not stated"
    when = (inc.date or "date unresolved") + (f" (“{inc.date_text}”)" if inc.date_text else "")
    lines = [f"# Incident dossier: {inc.description}", ""]
    lines += [f"- `[{r.id}]` {_report_line(r)}: {r.headline}" for r in dossier.reports]
    lines += ["", f"**{inc.event_type.replace('_', ' ')}**, {when}, {where}.", "", "## Timeline", ""]
    lines += _timeline_md(dossier.timeline)
    lines += ["", "## Differences", ""]
    if not dossier.differences:
        lines += ["None found.", ""]
    for d in dossier.differences:
        lines += _difference_md(d, reports)
    if dossier.unconfirmed:
        lines += ["## Possible differences, unconfirmed", "", unconfirmed_note(dossier), ""]
        for d in dossier.unconfirmed:
            lines += _difference_md(d, reports, unconfirmed=True)
    lines += ["## Parties", "", "| id | name | kind | role | reports | also called |", "|---|---|---|---|---|---|"]
    lines += [f"| {p.id} | {table_cell(p.name)} | {p.kind} | {p.role.replace('_', ' ')} | {_badges(p.reports)} "
              f"| {table_cell(', '.join(p.aliases))} |" for p in dossier.parties]
    lines += ["", "## Legal claims", ""]
    if not dossier.legal_claims:
        lines.append("None found.")
    for c in dossier.legal_claims:
        who = " → ".join(names[x] for x in (c.claimant, c.subject) if x)
        path = " → ".join(f"`[{s.report}]` {s.status}" for s in c.history)
        lines.append(f"- **{c.type.replace('_', ' ')}**{': ' + who if who else ''}. {path}")
        for s in c.history:
            lines.append(f"  - `[{s.report}]` {s.status}: {s.description}"
                         + "".join(f" {_quote(e)}" for e in s.evidence[:1]))
    lines += ["", "## Reactions", ""]
    if not dossier.reactions:
        lines.append("None found.")
    for group in dossier.reactions:
        lines += [f"### {group.name}", ""]
        for badges, r in _grouped(group.reactions):
            said = _quote(r.quote) if r.quote else f"{r.paraphrase or ''} *(paraphrase)*"
            lines.append(f"- {_badges(badges)} ({r.stance}{', on ' + r.target if r.target else ''}): {said}")
        lines.append("")
    return "\n".join(lines + _footer(dossier)) + "\n"


def _grouped(reactions):
    """Identical quotes from several reports shown once, with every report's badge."""
    out: list[tuple[list[str], object]] = []
    for r in reactions:
        key = normal(r.quote.text) if r.quote else None
        same = next((o for o in out if key and o[1].quote and normal(o[1].quote.text) == key), None)
        if same:
            same[0].append(r.report)
        else:
            out.append(([r.report], r))
    return out


def _footer(dossier: IncidentDossier) -> list[str]:
    run = dossier.run
    if run is None:
        return []
    verdicts = ", ".join(f"{k} {v}" for k, v in sorted(run.verdicts.items())) or "none"
    return ["---", "", f"*{run.backend}:{run.model}, judge {run.judge_prompt_version}; "
            f"{run.pairs_judged} pair(s) judged ({verdicts}), {run.pairs_settled_by_code} settled by code, "
            f"{run.pairs_over_budget} over budget, {run.dropped_ungrounded} dropped without verbatim evidence; "
            f"{run.summaries_cached} cached summar{'y' if run.summaries_cached == 1 else 'ies'}; "
            f"{run.wall_time_s:.1f} s*"]


# --- html -----------------------------------------------------------------------------------------------

def to_html(dossier: IncidentDossier) -> str:
    """One self-contained HTML page (inline CSS, no scripts, nothing loaded): ``templates/dossier.html.j2``.

    Reports are named by file name and outlet, never by the folder they were read from.
    """
    reports = {r.id: r for r in dossier.reports}
    names = {p.id: p.name for p in dossier.parties}
    footer = _footer(dossier)
    return render(
        "dossier.html.j2", dossier=dossier, reports=reports, kind_label=_KIND_LABEL, how=_how, where=_where,
        grouped=_grouped, parties=lambda c: " → ".join(names[x] for x in (c.claimant, c.subject) if x),
        footer=footer[-1].strip("*") if footer else "", title=f"Incident dossier: {dossier.incident.description}",
        unconfirmed_note=unconfirmed_note(dossier),
    )
