"""Is there a signal under the judge's verdicts? The AUC of its verdict probabilities against the gold labels.

Run:  .venv/bin/python benchmarks/merge_judge_logits.py [--threads 2]

The embedded judge calls nearly every pair a difference (benchmarks/merge_judge.py),
so its sampled verdict says nothing. This reads one level lower: for each pair
code proposes from gold summaries (labelled as in merge_judge.py), it feeds the
judge's messages in the embedded model's ChatML template followed by the
start of its reply, ``{"verdict": "``, and reads the next-token probabilities
of the four verdicts' first tokens. It prints, per pair, the gold label and
the probabilities, then the AUC of P(update) + P(contradiction) for labelled
differences against the rest (0.5 is no signal, 1.0 a perfect ranking).
Specific to llama.cpp and a ChatML model (Qwen); a measurement, not a judge.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from merge_judge import labelled_pairs  # noqa: E402

from summarizer.backends.base import Completion  # noqa: E402
from summarizer.backends.local import LocalBackend  # noqa: E402
from summarizer.merge import PairJudgement, merge_reports  # noqa: E402
from summarizer.schema import Usage  # noqa: E402

VERDICTS = ("same", "update", "contradiction", "unrelated")


class Probe:
    """Stands in for a backend: reads the verdict probabilities, answers "same"."""

    def __init__(self, llama, labels):
        self.llama, self.labels, self.rows = llama, labels, []
        self.name, self.model = "local", "probe"
        self.first = {v: llama.tokenize(v.encode(), add_bos=False, special=False)[0] for v in VERDICTS}

    def _eval(self, tokens: list[int]) -> np.ndarray:
        llama = self.llama
        keep = 0
        if llama.n_tokens:  # reuse the shared prefix (system prompt), as llama.cpp's own generate does
            keep = min(llama.longest_token_prefix(llama._input_ids.tolist(), tokens), len(tokens) - 1)
            if not (keep and llama._ctx.kv_cache_seq_rm(-1, keep, -1)):
                keep = 0
                llama.reset()
            llama.n_tokens = keep
        llama.eval(tokens[keep:])
        return np.ctypeslib.as_array(llama._ctx.get_logits(), shape=(llama.n_vocab(),)).copy()

    def complete(self, messages, response_model, **options):
        text = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
        text += '<|im_start|>assistant\n{"verdict": "'
        logits = self._eval(self.llama.tokenize(text.encode(), add_bos=False, special=True))
        top = max(logits[t] for t in self.first.values())
        weights = {v: math.exp(logits[t] - top) for v, t in self.first.items()}
        probs = {v: w / sum(weights.values()) for v, w in weights.items()}
        passages = tuple(re.findall(r"<passage>\n(.*?)\n</passage>", messages[-1]["content"], re.DOTALL))
        self.rows.append((self.labels.get(passages, "?"), probs))
        print(f"gold {self.rows[-1][0]:13} " + " ".join(f"{v} {p:.2f}" for v, p in probs.items()), flush=True)
        return Completion(value=PairJudgement(verdict="same"), usage=Usage(), attempts=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    labels, groups, _ = labelled_pairs()
    probe = Probe(LocalBackend(threads=args.threads).llama, labels)
    for inputs in groups:
        merge_reports(inputs, backend=probe, max_pairs=100)
    score = [(gold, p["update"] + p["contradiction"]) for gold, p in probe.rows]
    pos = [s for gold, s in score if gold in ("update", "contradiction")]
    neg = [s for gold, s in score if gold == "none"]
    auc = sum((x > y) + 0.5 * (x == y) for x in pos for y in neg) / max(1, len(pos) * len(neg))
    print(f"pairs {len(score)} ({len(pos)} labelled differences): AUC of P(update) + P(contradiction) {auc:.2f}")


if __name__ == "__main__":
    main()
