"""The merge fixtures (hand-labelled groups of reports) and their scorer."""

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from summarizer import ScriptedBackend
from summarizer.cache import ResultCache
from summarizer.text.dates import article_date
from summarizer.merge.dossier import Difference, Evidence
from summarizer.evals.merge_eval import oracle_summaries, run_merge_eval
from summarizer.evals.merge_fixtures import case_dirs, fix_offsets, load_case, validate_all
from summarizer.evals.merge_scoring import score_case
from summarizer.merge import ReportInput, merge_reports
from summarizer.article.pipeline import prompt_version, summary_key
from summarizer.schema import RunInfo, Span
from summarizer.testing import pair_verdicts

MERGE = Path(__file__).resolve().parent.parent / "evals" / "merge"


def test_fixtures_are_valid():
    assert validate_all(MERGE) == []
    cases = [load_case(p) for p in case_dirs(MERGE)]
    # the development groups the rules were written on, and the test groups labelled before any rule saw them
    assert [c.name[:2] for c in cases if c.split == "dev"] == ["00", "01", "02", "03", "04"]
    assert [c.name[:2] for c in cases if c.split == "test"] == ["05", "06", "07"]
    for case in cases:
        assert len(case.reports) >= 2 and case.gold.differences
        kinds = {d.kind for d in case.gold.differences}
        assert kinds <= {"update", "contradiction", "only_in_one"}


def test_fixtures_name_their_sources():
    sources = (MERGE / "SOURCES.md").read_text(encoding="utf-8")
    for path in case_dirs(MERGE):
        assert path.name in sources
        for report in json.loads((path / "meta.json").read_text(encoding="utf-8"))["reports"]:
            assert report["file"] in sources


def test_validator_catches_a_span_off_its_offsets(tmp_path):
    shutil.copytree(MERGE / "01-bloody-friday-belfast-1972", tmp_path / "case")
    gold = json.loads((tmp_path / "case" / "gold.json").read_text(encoding="utf-8"))
    gold["differences"][0]["evidence"]["r1"][0]["start"] += 1
    gold["timeline"][0]["evidence"]["text"] = "words the report never wrote"
    (tmp_path / "case" / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    problems = validate_all(tmp_path)
    assert len(problems) == 2
    assert "occurs at" in problems[0] and "does not occur" in problems[1]
    assert fix_offsets(tmp_path) == 1  # the misplaced span is found again; the invented one is not
    assert len(validate_all(tmp_path)) == 1


def _oracle_dossier(name, verdict="update"):
    case = load_case(MERGE / name)
    summaries = oracle_summaries(case)
    backend = ScriptedBackend(default=pair_verdicts(verdict))
    inputs = [ReportInput(text=case.texts[r["id"]], summary=summaries[r["id"]], label=r["file"],
                          date=r["date"], outlet=r["outlet"]) for r in case.reports]
    return case, merge_reports(inputs, backend=backend)


def test_scorer_counts_matches_by_overlapping_evidence():
    case, dossier = _oracle_dossier("01-bloody-friday-belfast-1972")
    counts = score_case(case, dossier)
    assert counts["party_links_correct"] == counts["party_links_gold"] == 3
    assert counts["differences_hallucinated"] == 0
    # the death toll and the injured count are found from the counts in both reports
    assert counts["differences_matched"] >= 2 and counts["differences_same_class"] >= 2
    assert counts["timeline_found"] == counts["timeline_dated_right"] == counts["timeline_gold"]
    assert counts["incident_dated_right"] == 1


def test_scorer_counts_evidence_that_is_not_in_the_report_as_hallucinated():
    case, dossier = _oracle_dossier("01-bloody-friday-belfast-1972")
    fake = Difference(id="D99", kind="contradiction", topic="invented", compared_on="topic", basis="model", evidence=[
        Evidence(report="r1", span=Span(text="The IRA denied everything.", start=0, end=26)),
        Evidence(report="r2", span=Span(text="nine people were dead", start=10, end=31))])
    dossier.differences.append(fake)
    counts = score_case(case, dossier)
    assert counts["differences_hallucinated"] == 1
    assert counts["differences_predicted"] == len(dossier.differences)


def test_the_scorer_never_counts_an_unconfirmed_pair():
    case, dossier = _oracle_dossier("01-bloody-friday-belfast-1972")
    before = score_case(case, dossier)
    assert before["differences_matched"] >= 2
    moved = dossier.model_copy(update={"differences": [], "unconfirmed": dossier.differences})
    after = score_case(case, moved)
    assert after["differences_predicted"] == after["differences_matched"] == 0
    assert after["differences_gold"] == before["differences_gold"]


def _summary_key(text, when):
    """The key the pipeline stores a summary under: the text with the date it was read against
    (as :class:`summarizer.article.pipeline._Run` builds it), under the scripted backend."""
    return summary_key(text, when, ScriptedBackend())


@pytest.fixture
def primed_cache(tmp_path):
    """A result cache holding the oracle summaries, under the scripted backend's key."""
    cache = ResultCache(tmp_path / "results.sqlite")
    run = RunInfo(model="scripted", backend="scripted", prompt_version=prompt_version())
    for path in case_dirs(MERGE):
        case = load_case(path)
        summaries = oracle_summaries(case)
        for report in case.reports:
            rid, text = report["id"], case.texts[report["id"]]
            # the date merge_reports reads the report against: its meta date, else its dateline
            when = dt.date.fromisoformat(report["date"]) if report.get("date") else article_date(text)
            summaries[rid].run = run
            cache.put(_summary_key(text, when), summaries[rid])
    return cache


FIGURES = ("party_links.precision", "party_links.recall", "party_links.f1", "differences.precision",
           "differences.recall", "differences.f1", "differences.class_accuracy", "differences.hallucinated",
           "timeline.recall", "timeline.date_accuracy", "incident.date_accuracy", "claims.step_recall",
           "claims.status_accuracy")


def test_run_merge_eval_gives_every_figure_for_each_split(primed_cache):
    backend = ScriptedBackend(default=pair_verdicts("update"))
    figures = run_merge_eval(backend, MERGE, primed_cache, per_group=True)
    for prefix in ("merge.", "merge.test."):  # the development groups, then the test groups: never pooled
        for name in FIGURES:
            assert 0.0 <= figures[prefix + name] <= 1.0 or name == "differences.hallucinated"
        assert figures[prefix + "differences.hallucinated"] == 0
    assert figures["merge.groups"] == 5 and figures["merge.groups_failed"] == 0
    assert figures["merge.test.groups"] == 3 and figures["merge.test.groups_failed"] == 0
    # with perfect summaries the code's side is exact where it can be (on the groups it was written on)
    assert figures["merge.party_links.precision"] == figures["merge.party_links.recall"] == 1.0
    assert figures["merge.timeline.recall"] == 1.0 and figures["merge.timeline.date_accuracy"] >= 0.9
    assert figures["merge.incident.date_accuracy"] == 1.0
    assert figures["merge.claims.status_accuracy"] == 1.0
    assert figures["merge.differences.recall"] >= 0.3
    assert figures["merge.pairs_judged"] > 0
    detail = figures["merge.groups_detail"]
    assert set(detail) == {p.name for p in case_dirs(MERGE)}
    assert {name[:2] for name, counts in detail.items() if counts["split"] == "test"} == {"05", "06", "07"}
    # no summary was asked for: every report came from the cache
    assert all(r["response_format"]["json_schema"]["name"].startswith("Answer") for r in backend.requests)


def test_the_scorer_on_gold_against_gold_is_perfect_on_both_splits():
    """A dossier whose differences are the gold ones (evidence from the labels) scores 1.0 on every split:
    the loader, the offsets and the matching agree with each other on the test groups too."""
    for path in case_dirs(MERGE):
        case = load_case(path)
        dossier = _oracle_dossier(path.name, verdict="same")[1]
        by_id = {r["id"]: r["file"] for r in case.reports}
        ours = {r.label: r.id for r in dossier.reports}
        dossier.differences = [Difference(
            id=f"D{i}", kind=g.kind, topic=g.topic, compared_on="topic", basis="model",
            evidence=[Evidence(report=ours[by_id[rid]], span=Span(text=s.text, start=s.start, end=s.end))
                      for rid, spans in g.evidence.items() for s in spans[:1]])
            for i, g in enumerate(case.gold.differences, start=1)]
        dossier.unconfirmed = []
        counts = score_case(case, dossier)
        assert counts["differences_matched"] == counts["differences_gold"] == counts["differences_predicted"]
        assert counts["differences_same_class"] == counts["differences_gold"]
        assert counts["differences_hallucinated"] == 0


def test_run_merge_eval_counts_a_failed_group(primed_cache, tmp_path):
    shutil.copytree(MERGE / "00-serey-deportation-2018", tmp_path / "cases" / "00")
    backend = ScriptedBackend([ConnectionError("refused")])
    figures = run_merge_eval(backend, tmp_path / "cases", None)
    assert figures["merge.groups_failed"] == 1 and figures["merge.groups"] == 0
    assert not any(name.startswith("merge.test.") for name in figures)  # no test group in that folder


def test_eval_merge_only_reports_and_prints_the_two_splits_apart(primed_cache, tmp_path):
    """What `summarizer eval --merge evals/merge --merge-only` runs and prints, with a scripted judge."""
    import io

    from rich.console import Console

    from summarizer.evals.report import publish
    from summarizer.evals.runner import run_eval

    backend = ScriptedBackend(default=pair_verdicts("same"))
    report = run_eval(backend=backend, cache_path=primed_cache.path, quiet=True, merge_fixtures=MERGE, merge_only=True)
    metrics = report.metrics()
    assert metrics["merge.groups"] == 5 and metrics["merge.test.groups"] == 3
    printed = io.StringIO()
    publish(report, tmp_path / "out", console=Console(file=printed, width=200))
    table = printed.getvalue()
    assert "merge.differences.f1" in table and "merge.test.differences.f1" in table
    groups = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "| 05-lewandowski-battery-charge-2016 | test |" in groups and "| 00-serey-deportation-2018 | dev |" in groups
    # with a judge that never calls a difference, every difference comes from a rule and none is unfounded
    assert metrics["merge.differences.hallucinated"] == metrics["merge.test.differences.hallucinated"] == 0
