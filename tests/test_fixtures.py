"""The hand-labelled eval fixtures stay sound: gold parses, spans are verbatim, references resolve."""

import json
import shutil
from pathlib import Path

from summarizer.evals.validate import validate_all

FIXTURES = Path(__file__).resolve().parents[1] / "evals" / "fixtures"


def test_every_fixture_is_sound():
    cases = [p for p in FIXTURES.iterdir() if p.is_dir()]
    assert len(cases) >= 22
    assert validate_all(FIXTURES) == []


def test_validator_catches_a_quote_off_its_offsets_and_a_dangling_reference(tmp_path):
    case = tmp_path / "case"
    shutil.copytree(FIXTURES / "seed-002-serey-earlier", case)
    gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))
    quoted = next(r for r in gold["reactions"] if r["quote"])
    quoted["quote"]["start"] += 1
    (case / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    (problem,) = validate_all(tmp_path)
    assert "not verbatim" in problem

    quoted["quote"]["start"] -= 1
    gold["reactions"][0]["speaker"] = "p99"
    (case / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    (problem,) = validate_all(tmp_path)
    assert "does not parse" in problem and "p99" in problem
