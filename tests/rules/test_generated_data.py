"""On data from the synthetic trade generator, each shipped pack catches the fraud it targets.

Skipped where the generator (``smartcustoms.lab.trade``) is not installed in this tree.
"""

from datetime import date

import polars as pl
import pytest

from smartcustoms.rules import evaluate, resolve_pack

generator = pytest.importorskip("smartcustoms.lab.trade.generator")
params = pytest.importorskip("smartcustoms.lab.trade.params")


@pytest.fixture(scope="module")
def generated() -> pl.DataFrame:
    """About 10,000 labelled goods items, a fifth of them fraudulent (seed 0, as the demo)."""
    run = params.GenerationParams(
        declarations=3000, seed=0, fraud_rate=0.2, start=date(2025, 1, 1), months=6
    )
    items, labels = zip(*generator.iter_batches(run), strict=True)
    return pl.concat(items).join(pl.concat(labels), on=["declaration_id", "sequence"])


def _caught(generated: pl.DataFrame, packs: list[str], rules: list[str]) -> pl.DataFrame:
    result = evaluate(generated, [resolve_pack(p) for p in packs])
    return result.filter(pl.col("rule_hits").list.set_intersection(rules).list.len() > 0)


def _recall(generated: pl.DataFrame, caught: pl.DataFrame, kind: str) -> float:
    return (caught["fraud_type"] == kind).sum() / (generated["fraud_type"] == kind).sum()


def _main_fraud(caught: pl.DataFrame) -> str:
    return caught.drop_nulls("fraud_type")["fraud_type"].mode().sort()[0]


def test_missing_licences_and_certificates_are_caught(generated):
    certificates = ["LC-PHYTO", "LC-VET", "LC-HEALTH"]
    licences = ["PR-ARMS-LICENCE", "PR-RADIOACTIVE-LICENCE", "PR-LICENSED-GOODS"]
    packs = ["licences_certificates", "prohibited_restricted"]
    caught = _caught(generated, packs, certificates + licences)
    assert _recall(generated, caught, "restricted_without_licence") >= 0.9
    assert caught["fraud"].mean() >= 0.9


def test_transshipment_around_anti_dumping_is_caught(generated):
    caught = _caught(generated, ["anti_dumping"], ["AD-CIRCUMVENTION"])
    assert _recall(generated, caught, "origin_misdeclaration") >= 0.8
    assert _main_fraud(caught) == "origin_misdeclaration"


def test_valuation_floors_flag_mostly_undervaluation(generated):
    caught = _caught(generated, ["valuation_floors"], ["VF-BELOW-FLOOR", "VF-FAR-BELOW-FLOOR"])
    assert _main_fraud(caught) == "undervaluation"
    assert caught["fraud"].mean() >= 0.5
