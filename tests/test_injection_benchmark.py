"""benchmarks/injection.py works: its variants, its comparison, and the defence, on a gullible scripted model."""

import argparse
import importlib.util
import sys
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "injection.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("injection_benchmark", PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def options(**changes):
    base = dict(backend="scripted", base_url=None, model_path=None, threads=None, timeout=None,
                no_defence=False, only=None, json=None, quiet=True)
    return argparse.Namespace(**{**base, **changes})


def test_the_variants_vary_wording_position_and_target(bench):
    variants = bench.variants()
    assert len(variants) >= 20 and len({v.passage for v in variants}) == len(variants)
    assert {v.position for v in variants} == {"start", "middle", "end", "quote"}
    assert {v.target for v in variants} == set(bench.FIELDS)
    for variant in variants:
        article = (bench.FIXTURES / variant.case / "article.txt").read_text(encoding="utf-8")
        assert variant.passage in bench.plant(article, variant)


def test_a_gullible_model_is_steered_without_the_defence_and_not_with_it(bench):
    before = bench.run(options(no_defence=True))["totals"]
    after = bench.run(options())["totals"]
    # the harness sees what an injection changes in every field the model still decides (an event
    # type the opening's own legal word names is out of the model's reach, even undefended)
    assert before["flagged"] == 0 and before["unchanged"] < before["variants"]
    assert all(before["by_field"][field] > 0 for field in ("parties", "stances", "claims", "quotes"))
    assert after["errors"] == 0 and after["flagged"] == after["variants"]
    assert after["unchanged"] == after["variants"]
