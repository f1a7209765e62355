"""Render an ``ArticleSummary`` as a readable markdown report."""

from __future__ import annotations

from ..schema import ArticleSummary, Span


def table_cell(value: object) -> str:
    """A value as one markdown table cell: pipes escaped, on one line."""
    return str(value or "").replace("|", "\\|").replace("\n", " ")


def span_offsets(span: Span) -> str:
    """Where a located span stands: "chars 10–24", plus ", repaired" for a fuzzy match."""
    return f"chars {span.start}–{span.end}" + (", repaired" if span.match == "fuzzy" else "")


def _span(span: Span) -> str:
    if span.match == "not_found":
        return f"“{span.text}” *(not found in the article: not verbatim)*"
    return f"“{span.text}” *({span_offsets(span)})*"


def to_markdown(summary: ArticleSummary) -> str:
    """A report: headline, incident, parties table, claims, reactions with quotes."""
    names = {p.id: p.name for p in summary.parties}
    inc = summary.incident
    place = ", ".join(x for x in (inc.location.place, inc.location.country) if x)
    when = inc.date or "date unresolved"
    if inc.date_text:
        when += f" (“{inc.date_text}”)"
    lines = [
        f"# {summary.headline}", "", summary.summary, "",
        "## Incident", "",
        f"- **Type:** {inc.event_type.replace('_', ' ')}",
        f"- **What:** {inc.description}",
        f"- **When:** {when}",
        f"- **Where:** {place or 'not stated'}", "",
        "## Parties", "",
        "| id | name | kind | role | title | aliases |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {p.id} | {table_cell(p.name)} | {p.kind} | {p.role.replace('_', ' ')} | {table_cell(p.title)} "
        f"| {table_cell(', '.join(p.aliases))} |"
        for p in summary.parties
    ]
    lines += ["", "## Legal claims", ""]
    if not summary.legal_claims:
        lines.append("None found.")
    for c in summary.legal_claims:
        who = " → ".join(x for x in (names.get(c.claimant or ""), names.get(c.subject or "")) if x)
        lines.append(f"- **{c.type.replace('_', ' ')}** ({c.status}){': ' + who if who else ''}. {c.description}")
        if c.legal_basis:
            lines.append(f"  - Legal basis: {c.legal_basis}")
        lines += [f"  - Evidence: {_span(e)}" for e in c.evidence]
    lines += ["", "## Reactions", ""]
    if not summary.reactions:
        lines.append("None found.")
    for r in summary.reactions:
        head = f"- **{names.get(r.speaker, r.speaker)}** ({r.stance}"
        head += f", on {r.target})" if r.target else ")"
        if r.quote:
            head += f": {_span(r.quote)}"
        elif r.paraphrase:
            head += f": {r.paraphrase} *(paraphrase)*"
        lines.append(head)
    if summary.run:
        run = summary.run
        lines += [
            "", "---", "",
            f"*{run.backend}:{run.model}, prompt {run.prompt_version}, "
            f"{run.usage.prompt_tokens}+{run.usage.completion_tokens} tokens, "
            f"{run.attempts} attempt(s), {run.wall_time_s:.1f} s*",
        ]
        if run.failed_sections:
            lines.append(f"*Sections that failed: {', '.join(run.failed_sections)}*")
    return "\n".join(lines) + "\n"
