"""Choosing the judge's threshold by leave-one-group-out: synthetic probabilities, a scripted judge."""

import importlib.util
from pathlib import Path

from summarizer import ScriptedBackend
from summarizer.evals.merge_fixtures import case_dirs, load_case
from summarizer.evals.merge_threshold import NEVER, auc, counts_at, f1, leave_one_group_out, merge_groups, select

ROOT = Path(__file__).resolve().parent.parent
MERGE = ROOT / "evals" / "merge"


class Synthetic:
    """A group reduced to what the selection reads: the model's pairs (probability, labelled a difference)
    and the labelled differences no rule found."""

    def __init__(self, name, pairs, gold):
        self.case = type("Case", (), {"name": name})()
        self.pairs, self.gold = pairs, gold

    def probabilities(self):
        return [p for p, _ in self.pairs]


def synthetic_counts(group, threshold):
    kept = [real for p, real in group.pairs if p >= threshold]
    return {"differences_predicted": len(kept), "differences_matched": sum(kept), "differences_gold": group.gold}


def test_select_takes_the_threshold_with_the_best_f1_and_prefers_the_higher_on_a_tie():
    # real differences at 0.9 and 0.8, noise at 0.7 and below: 0.8 keeps both real ones and no noise
    group = Synthetic("a", [(0.9, True), (0.8, True), (0.7, False), (0.3, False)], gold=3)
    assert select([group], synthetic_counts) == 0.8
    # nothing real: no threshold beats reporting none
    assert select([Synthetic("b", [(0.6, False)], gold=1)], synthetic_counts) == NEVER
    # 0.9 (1 of 1 reported right) and 0.5 (2 of 4) give the same F1, 2/3: the tie goes to the higher threshold
    tie = Synthetic("c", [(0.9, True), (0.6, False), (0.55, False), (0.5, True)], gold=2)
    assert f1([synthetic_counts(tie, 0.9)])[2] == f1([synthetic_counts(tie, 0.5)])[2]
    assert select([tie], synthetic_counts) == 0.9


def test_leave_one_group_out_scores_each_group_with_a_threshold_chosen_without_it():
    groups = [Synthetic("a", [(0.9, True), (0.6, False)], gold=1),
              Synthetic("b", [(0.8, True), (0.55, False)], gold=1),
              Synthetic("c", [(0.5, True), (0.45, False)], gold=1)]  # its own real pair sits low
    result = leave_one_group_out(groups, synthetic_counts)
    folds = result["folds"]
    # held out, group c gets the threshold the others prefer (0.8) and loses its real pair
    assert folds["c"]["threshold"] == 0.8 and folds["c"]["counts"]["differences_matched"] == 0
    assert folds["a"]["threshold"] == 0.5 and folds["b"]["threshold"] == 0.5
    p, r, f = result["held_out"]
    assert (round(p, 3), round(r, 3)) == (0.5, round(2 / 3, 3))  # a and b keep both pairs at 0.5; c none
    # on all three, 0.8 wins (F1 0.8 against 0.75 at 0.5): the optimistic figure, chosen on them
    assert result["threshold"] == 0.8 and round(result["at_threshold"][2], 3) == 0.8 > f


def gold_texts(split="dev"):
    """Every labelled passage of the differences between two reports, of the split's groups."""
    texts = []
    for path in case_dirs(MERGE):
        case = load_case(path)
        if case.split == split:
            texts += [[s.text for s in spans] for d in case.gold.differences if len(d.evidence) == 2
                      for spans in d.evidence.values()]
    return texts


def test_threshold_selection_with_a_scripted_judge_on_the_development_groups():
    labelled = [t for spans in gold_texts() for t in spans]

    def judge(messages, options):
        # a judge that is sure of the pairs whose passages hold a labelled passage, and leans wrongly on the rest
        user = messages[-1]["content"]
        hits = sum(any(t in part or part.strip() in t for t in labelled) for part in user.split("<passage>")[1:])
        p = 0.9 if hits == 2 else 0.6
        return {"update": p, "same": 1 - p}

    backend = ScriptedBackend(chooser=judge)
    groups = merge_groups(backend, MERGE, oracle=True)
    assert [g.case.name[:2] for g in groups] == ["00", "01", "02", "03", "04"]  # never a test group
    assert backend.choices and all(g.dossier.unconfirmed == [] for g in groups)  # threshold 0: all kept
    assert {round(p, 2) for g in groups for p in g.probabilities()} == {0.6, 0.9}
    result = leave_one_group_out(groups)
    assert result["threshold"] == 0.9
    assert all(fold["threshold"] == 0.9 for fold in result["folds"].values())
    everything = f1([counts_at(g, 0.0) for g in groups])
    assert result["held_out"][2] > everything[2] and result["held_out"][0] > everything[0]
    assert auc(groups) > 0.5


def test_the_benchmark_script_reports_the_selection(capsys):
    spec = importlib.util.spec_from_file_location("merge_threshold_script", ROOT / "benchmarks" / "merge_threshold.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    groups = merge_groups(ScriptedBackend(chooser=lambda m, o: {"update": 0.7, "same": 0.3}), MERGE, oracle=True)
    result = script.report(groups)
    out = capsys.readouterr().out
    assert "leave-one-group-out" in out and "held out 00-serey-deportation-2018" in out
    assert result["threshold"] in (0.7, NEVER)
