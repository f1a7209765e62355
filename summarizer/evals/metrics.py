"""Count types the scorers return, and the catalogue of reported metric names.

Scorers return counts, not ratios, so that figures can be micro-averaged over
cases: the overall precision is ``sum(tp) / sum(tp + fp)``, not a mean of
per-case precisions (which would let a case with one party weigh as much as a
case with fifteen).
"""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel


class PRF(BaseModel):
    """True positives, false positives and false negatives of one matching.

    When nothing was expected and nothing predicted, every figure is 1.0 (there
    was nothing to get wrong); otherwise a zero denominator gives 0.0, as
    scikit-learn's ``zero_division=0`` does.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def _ratio(self, num: int, den: int) -> float:
        if self.tp + self.fp + self.fn == 0:
            return 1.0
        return num / den if den else 0.0

    @property
    def precision(self) -> float:
        return self._ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self._ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return self._ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def __add__(self, other: "PRF") -> "PRF":
        return PRF(tp=self.tp + other.tp, fp=self.fp + other.fp, fn=self.fn + other.fn)


class Ratio(BaseModel):
    """``correct`` out of ``total``; ``None`` when there was nothing to judge."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> Optional[float]:
        return self.correct / self.total if self.total else None

    @classmethod
    def of(cls, ok: bool, counted: bool = True) -> "Ratio":
        """One judgement (or none, when ``counted`` is false)."""
        return cls(correct=int(ok and counted), total=int(counted))

    def __add__(self, other: "Ratio") -> "Ratio":
        return Ratio(correct=self.correct + other.correct, total=self.total + other.total)


class RunFigures(BaseModel):
    """What producing one prediction cost, and whether it succeeded."""

    valid: bool
    """The prediction exists and parsed as the schema."""
    error: Optional[str] = None
    cached: bool = False
    attempts: int = 0
    passes: int = 1
    """Requests the prediction needed without re-asks (one per pass)."""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    wall_time_s: float = 0.0

    @property
    def retries(self) -> int:
        return max(self.attempts - self.passes, 0)


# Every figure report.json carries under "metrics", in display order.
# Value: True when higher is better, False when lower is better, None when it
# is a plain count with no better direction. Only the fractions (names ending
# in precision, recall, f1, accuracy or rate) take part in regression checks.
METRICS: dict[str, Optional[bool]] = {
    "parties.precision": True,
    "parties.recall": True,
    "parties.f1": True,
    "parties.kind_accuracy": True,
    "parties.role_accuracy": True,
    "claims.precision": True,
    "claims.recall": True,
    "claims.f1": True,
    "claims.status_accuracy": True,
    "claims.claimant_accuracy": True,
    "reactions.precision": True,
    "reactions.recall": True,
    "reactions.f1": True,
    "reactions.stance_accuracy": True,
    "quotes.precision": True,
    "quotes.recall": True,
    "quotes.f1": True,
    "quotes.verbatim_rate": True,
    "quotes.hallucination_rate": False,
    "quotes.hallucinated": False,
    "incident.event_type_accuracy": True,
    "incident.date_accuracy": True,
    "incident.location_accuracy": True,
    "run.valid_rate": True,
    "run.cases": None,
    "run.errors": False,
    "run.cached": None,
    "run.retries": False,
    "run.prompt_tokens": None,
    "run.completion_tokens": None,
    "run.tokens_per_article": False,
    "run.wall_time_s_per_article": False,
}

_FRACTION_SUFFIXES = ("precision", "recall", "f1", "accuracy", "rate")


def is_fraction(name: str) -> bool:
    """Whether a metric is a share in [0, 1] (comparable across runs of any size)."""
    return name.endswith(_FRACTION_SUFFIXES)


def higher_is_better(name: str) -> Optional[bool]:
    """The better direction of a metric, ``None`` for plain counts.

    The several-report figures (``merge.*``, added by ``--merge``) follow the
    same rule: fractions are better higher, counts have no direction, except
    hallucinated differences, which are better lower.
    """
    if name.startswith("merge."):
        if "hallucinated" in name:
            return False
        return True if is_fraction(name) else None
    return METRICS.get(name)


class Counts(BaseModel):
    """Every count behind the reported figures, for one case or summed over many."""

    parties: PRF = PRF()
    party_kind: Ratio = Ratio()
    party_role: Ratio = Ratio()
    claims: PRF = PRF()
    claim_status: Ratio = Ratio()
    claim_claimant: Ratio = Ratio()
    reactions: PRF = PRF()
    reaction_stance: Ratio = Ratio()
    quotes: PRF = PRF()
    quote_verbatim: Ratio = Ratio()
    hallucinated: int = 0
    event_type: Ratio = Ratio()
    date: Ratio = Ratio()
    location: Ratio = Ratio()
    cases: int = 0
    valid: int = 0
    cached: int = 0
    retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    wall_time_s: float = 0.0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(**{name: getattr(self, name) + getattr(other, name) for name in type(self).model_fields})

    def metrics(self) -> dict[str, Optional[float]]:
        """The figures named in :data:`METRICS`, micro-averaged over the counted cases."""
        per_case = (lambda x: round(x / self.cases, 3)) if self.cases else (lambda x: None)
        predicted_quotes = self.quote_verbatim.total
        values: dict[str, Optional[float]] = {}
        for prefix, prf in (("parties", self.parties), ("claims", self.claims),
                            ("reactions", self.reactions), ("quotes", self.quotes)):
            values.update({f"{prefix}.precision": prf.precision, f"{prefix}.recall": prf.recall,
                           f"{prefix}.f1": prf.f1})
        values.update({
            "parties.kind_accuracy": self.party_kind.value,
            "parties.role_accuracy": self.party_role.value,
            "claims.status_accuracy": self.claim_status.value,
            "claims.claimant_accuracy": self.claim_claimant.value,
            "reactions.stance_accuracy": self.reaction_stance.value,
            "quotes.verbatim_rate": self.quote_verbatim.value,
            "quotes.hallucination_rate": self.hallucinated / predicted_quotes if predicted_quotes else None,
            "quotes.hallucinated": self.hallucinated,
            "incident.event_type_accuracy": self.event_type.value,
            "incident.date_accuracy": self.date.value,
            "incident.location_accuracy": self.location.value,
            "run.valid_rate": self.valid / self.cases if self.cases else None,
            "run.cases": self.cases,
            "run.errors": self.cases - self.valid,
            "run.cached": self.cached,
            "run.retries": self.retries,
            "run.prompt_tokens": self.prompt_tokens,
            "run.completion_tokens": self.completion_tokens,
            "run.tokens_per_article": per_case(self.prompt_tokens + self.completion_tokens),
            "run.wall_time_s_per_article": per_case(self.wall_time_s),
        })
        return {name: values[name] for name in METRICS}


def fmt(name: str, value: Optional[float]) -> str:
    """A figure as shown in tables: fractions to 3 places, counts as integers."""
    if value is None:
        return "–"
    if is_fraction(name) or name.endswith("_s_per_article"):
        return f"{value:.3f}"
    return f"{value:.1f}" if isinstance(value, float) and not value.is_integer() else f"{int(value)}"


def fmt_delta(name: str, delta: Optional[float]) -> str:
    """A change in a figure, signed; empty when either run lacks it."""
    if delta is None:
        return ""
    return "±0" if abs(delta) < 5e-4 else ("+" if delta > 0 else "") + fmt(name, delta)
