"""Render an :class:`IncidentDossier` as markdown or as one self-contained HTML page.

Both put the timeline first, then the differences (each with its passages side
by side), then parties, claims and reactions with report badges. The HTML page
has its CSS inline and loads nothing, so it can be mailed or archived as is.
"""

from __future__ import annotations

import html
from typing import Optional

from .dossier import Difference, IncidentDossier, ReportInfo, TimelineEvent
from .merge_rules import RULES
from .merge_similarity import normal
from .render import span_offsets, table_cell
from .schema import Span

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


def _threshold(dossier: IncidentDossier) -> str:
    return f"{dossier.run.threshold:.2f}" if dossier.run and dossier.run.threshold is not None else "the judge's"


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
        lines += ["## Possible differences, unconfirmed", "",
                  f"The model leaned to a difference here, below the threshold of {_threshold(dossier)}: "
                  "not counted as differences; check them by reading.", ""]
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

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1d1d1f}
h1{font-size:1.5em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.8em}
.badge{display:inline-block;font:600 11px/1.6 ui-monospace,monospace;background:#e8eef7;color:#1b4a8a;
border-radius:4px;padding:0 5px;margin-right:3px}
.kind{font-weight:600;text-transform:uppercase;font-size:12px;padding:1px 6px;border-radius:4px}
.contradiction{background:#fde2e1;color:#9b1c1c}.update{background:#fff4d6;color:#7a5200}
.only_in_one{background:#e6f4ea;color:#1e6b34}.unconfirmed{background:#eee;color:#555}
.diff{border:1px solid #ddd;border-radius:6px;padding:.6em .9em;margin:1em 0}
.sides{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:1em;margin-top:.5em}
blockquote{margin:0;padding:.4em .8em;border-left:3px solid #bbb;background:#fafafa}
.where,.meta{color:#666;font-size:12px}.reason{color:#444;font-style:italic;margin-top:.4em}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;
vertical-align:top}ul.timeline{list-style:none;padding-left:0}ul.timeline li{margin:.3em 0}
.date{font:600 13px ui-monospace,monospace;margin-right:.5em}
"""


def _e(value: Optional[object]) -> str:
    return html.escape(str(value or ""))


def _hbadges(ids: list[str]) -> str:
    return "".join(f'<span class="badge">{_e(i)}</span>' for i in ids)


def _hquote(span: Span) -> str:
    return f'<blockquote>{_e(span.text)}</blockquote><div class="where">{_e(_where(span))}</div>'


def _difference_html(d: Difference, reports: dict[str, ReportInfo], unconfirmed: bool = False) -> list[str]:
    label = f"possible {_KIND_LABEL[d.kind]}, unconfirmed" if unconfirmed else _KIND_LABEL[d.kind]
    css = "unconfirmed" if unconfirmed else d.kind
    out = [f'<div class="diff" id="{_e(d.id)}"><span class="kind {css}">{_e(label)}</span> '
           f'<b>{_e(d.id)}</b> {_e(d.topic)}<div class="sides">']
    for e in d.evidence:
        r = reports[e.report]
        out.append(f'<div>{_hbadges([r.id])}<span class="meta">{_e(r.label)}, {_e(r.date or "undated")}</span>'
                   f"{_hquote(e.span)}</div>")
    out.append("</div>")
    out.append(f'<div class="reason">{_e(_how(d))}</div>')
    out.append("</div>")
    return out


def to_html(dossier: IncidentDossier) -> str:
    """One self-contained HTML page (inline CSS, no scripts, nothing loaded)."""
    reports = {r.id: r for r in dossier.reports}
    names = {p.id: p.name for p in dossier.parties}
    inc = dossier.incident
    where = ", ".join(x for x in (inc.location.place, inc.location.country) if x) or "not stated"
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
           f"<title>Incident dossier: {_e(inc.description)}</title><style>{_CSS}</style></head><body>",
           f"<h1>Incident dossier: {_e(inc.description)}</h1>",
           f'<p><b>{_e(inc.event_type.replace("_", " "))}</b>, {_e(inc.date or "date unresolved")}'
           f'{" (“" + _e(inc.date_text) + "”)" if inc.date_text else ""}, {_e(where)}.</p><ul>']
    out += [f"<li>{_hbadges([r.id])}{_e(_report_line(r))}: {_e(r.headline)}</li>" for r in dossier.reports]
    out += ["</ul><h2>Timeline</h2>"]
    if dossier.timeline:
        out.append('<ul class="timeline">')
        out += [f'<li><span class="date">{_e(t.date)}</span>{_hbadges([s.report for s in t.sources])} '
                f'{_e(t.description)} <span class="meta">(“{_e(t.date_text)}”)</span></li>' for t in dossier.timeline]
        out.append("</ul>")
    else:
        out.append("<p>No dated events found.</p>")
    out.append("<h2>Differences</h2>")
    if not dossier.differences:
        out.append("<p>None found.</p>")
    for d in dossier.differences:
        out += _difference_html(d, reports)
    if dossier.unconfirmed:
        out.append(f"<h2>Possible differences, unconfirmed</h2><p>The model leaned to a difference here, below "
                   f"the threshold of {_e(_threshold(dossier))}: not counted as differences; check them by reading.</p>")
        for d in dossier.unconfirmed:
            out += _difference_html(d, reports, unconfirmed=True)
    out += ["<h2>Parties</h2><table><tr><th>id</th><th>name</th><th>kind</th><th>role</th><th>reports</th>"
            "<th>also called</th></tr>"]
    out += [f"<tr><td>{_e(p.id)}</td><td>{_e(p.name)}</td><td>{_e(p.kind)}</td><td>{_e(p.role.replace('_', ' '))}"
            f"</td><td>{_hbadges(p.reports)}</td><td>{_e(', '.join(p.aliases))}</td></tr>" for p in dossier.parties]
    out.append("</table><h2>Legal claims</h2>")
    if not dossier.legal_claims:
        out.append("<p>None found.</p>")
    for c in dossier.legal_claims:
        who = " → ".join(names[x] for x in (c.claimant, c.subject) if x)
        out.append(f"<h3>{_e(c.type.replace('_', ' '))}{': ' + _e(who) if who else ''}</h3><ol>")
        for s in c.history:
            out.append(f"<li>{_hbadges([s.report])}<b>{_e(s.status)}</b>: {_e(s.description)}"
                       + "".join(_hquote(e) for e in s.evidence[:1]) + "</li>")
        out.append("</ol>")
    out.append("<h2>Reactions</h2>")
    if not dossier.reactions:
        out.append("<p>None found.</p>")
    for group in dossier.reactions:
        out.append(f"<h3>{_e(group.name)}</h3><ul>")
        for badges, r in _grouped(group.reactions):
            said = _hquote(r.quote) if r.quote else f"{_e(r.paraphrase)} <i>(paraphrase)</i>"
            out.append(f"<li>{_hbadges(badges)}<span class='meta'>{_e(r.stance)}"
                       f"{', on ' + _e(r.target) if r.target else ''}</span> {said}</li>")
        out.append("</ul>")
    footer = _footer(dossier)
    if footer:
        out.append(f'<hr><p class="meta">{_e(footer[-1].strip("*"))}</p>')
    out.append("</body></html>")
    return "\n".join(out) + "\n"
