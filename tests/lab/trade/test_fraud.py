"""Each kind of fraud is present, labelled, and leaves the trace an analyst could find."""

import json
import re

import numpy as np
import polars as pl

from smartcustoms.lab.trade import measures, routes
from smartcustoms.lab.trade.fraud import FRAUD_TYPES, FraudType, item_probability
from smartcustoms.reference import hs
from smartcustoms.reference.tariff import default_tariff

CJK = r"[\u4e00-\u9fff]"
WORD = re.compile(r"[a-z]{4,}")


def _kind(frame: pl.DataFrame, kind: FraudType) -> pl.DataFrame:
    return frame.filter(pl.col("fraud_type") == kind.value)


def _clean(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("fraud") == 0)


def _usd_unit_value(frame: pl.DataFrame) -> pl.Expr:
    per_usd = pl.col("currency").replace_strict(routes.USD_RATES, return_dtype=pl.Float64)
    return (pl.col("value").cast(pl.Float64) / per_usd / pl.col("quantity")).log()


def _packing_ratio() -> pl.Expr:
    return pl.col("gross_mass_kg") / pl.col("net_mass_kg")


def test_every_kind_of_fraud_is_present_at_about_the_requested_rate(dataset):
    labels = dataset.labels
    counts = dict(labels.drop_nulls("fraud_type").group_by("fraud_type").len().iter_rows())
    assert set(counts) == {t.value for t in FRAUD_TYPES}
    assert all(count >= 10 for count in counts.values()), counts
    assert 0.15 < labels["fraud"].mean() < 0.25  # requested 0.2


def test_clean_items_have_no_duty_at_risk_and_revenue_frauds_do(dataset):
    labels = dataset.labels
    assert (_clean(labels)["duty_at_risk"] == 0).all()
    for kind in (
        FraudType.UNDERVALUATION,
        FraudType.MISCLASSIFICATION,
        FraudType.ORIGIN_MISDECLARATION,
        FraudType.QUANTITY_MISSTATEMENT,
    ):
        at_risk = _kind(labels, kind)["duty_at_risk"]
        assert (at_risk > 0).mean() > 0.6, kind


def test_duty_at_risk_of_undervaluation_is_the_duty_on_the_hidden_value(dataset):
    tariff = default_tariff()
    for row in _kind(dataset.joined, FraudType.UNDERVALUATION).head(20).iter_rows(named=True):
        rate = float(tariff.rate(row["hs_code"], row["origin_country"],
                                 preferential=row["preference_claimed"]))  # fmt: skip
        hidden = row["true_value"] - float(row["value"])
        assert abs(row["duty_at_risk"] - rate * hidden / 100) <= 0.011


def test_undervalued_items_sit_low_in_their_unit_value_distribution(dataset):
    frame = dataset.joined.with_columns(unit_value=_usd_unit_value(dataset.joined))
    reference = (
        _clean(frame)
        .group_by("hs_code")
        .agg(
            centre=pl.col("unit_value").median(),
            spread=pl.col("unit_value").std(),
            n=pl.len(),
        )
        .filter(pl.col("n") >= 5)
    )
    scored = frame.join(reference, on="hs_code").with_columns(
        z=(pl.col("unit_value") - pl.col("centre")) / pl.col("spread")
    )
    undervalued = _kind(scored, FraudType.UNDERVALUATION)["z"]
    assert len(undervalued) >= 10
    assert undervalued.median() < -1.0
    assert abs(_clean(scored)["z"].median()) < 0.3


def test_misclassified_descriptions_match_the_true_code_better_than_the_declared(dataset):
    def overlap(description: str, code: str) -> int:
        return len(set(WORD.findall(description.lower())) & set(
            WORD.findall(hs.lookup(code).description.lower())
        ))  # fmt: skip

    misclassified = _kind(dataset.joined, FraudType.MISCLASSIFICATION)
    assert (misclassified["hs_code"] != misclassified["true_hs_code"]).all()
    assert not misclassified["description"].str.contains(CJK).any()
    better = [
        overlap(text, true) > overlap(text, declared)
        for text, true, declared in misclassified.select(
            "description", "true_hs_code", "hs_code"
        ).iter_rows()
    ]
    assert np.mean(better) > 0.85
    rates = default_tariff()
    assert all(
        rates.rate(declared, "US") < rates.rate(true, "US")
        for declared, true in misclassified.select("hs_code", "true_hs_code").iter_rows()
    )


def test_transshipped_goods_dodge_an_anti_dumping_measure_via_a_hub(dataset):
    relabelled = _kind(dataset.joined, FraudType.ORIGIN_MISDECLARATION)
    for row in relabelled.iter_rows(named=True):
        measure = measures.anti_dumping_measure(row["hs_code"])
        assert measure is not None
        assert row["true_origin_country"] in measure.origins
        assert row["origin_country"] in routes.TRANSSHIPMENT_HUBS
        assert row["origin_country"] not in measure.origins
        assert row["departure_country"] == row["origin_country"] == row["exporter_country"]
        assert row["exporter_id"].startswith(f"EXP-{row['origin_country']}-R")
        assert row["duty_at_risk"] > 0


def test_misstated_quantities_and_concealment_show_in_the_packing_ratio(dataset):
    frame = dataset.joined.with_columns(ratio=_packing_ratio())
    clean_high = _clean(frame)["ratio"].quantile(0.95)
    for kind in (FraudType.QUANTITY_MISSTATEMENT, FraudType.CONCEALMENT):
        assert _kind(frame, kind)["ratio"].median() > clean_high, kind
    misstated = _kind(frame, FraudType.QUANTITY_MISSTATEMENT)
    assert (misstated["net_mass_kg"] < misstated["true_net_mass_kg"]).all()


def test_concealment_is_critical_and_says_what_was_hidden(dataset):
    concealed = _kind(dataset.labels, FraudType.CONCEALMENT)
    assert concealed["critical"].all()
    assert concealed["concealed_goods"].is_not_null().all()
    assert not _clean(dataset.labels)["critical"].any()


def test_restricted_goods_lack_their_licence_and_clean_ones_have_theirs(dataset):
    def documents(row: dict) -> set[str]:
        return {d["type"] for d in json.loads(row["documents"])}

    frame = dataset.joined
    for row in _kind(frame, FraudType.RESTRICTED_WITHOUT_LICENCE).iter_rows(named=True):
        assert measures.withheld_document(row["true_hs_code"]).value not in documents(row)
    needing = 0
    for row in _clean(frame).iter_rows(named=True):
        needed = {d.value for d in measures.required_documents(row["hs_code"])}
        assert needed <= documents(row), row["hs_code"]
        needing += bool(needed)
    assert needing > 0


def test_fraud_concentrates_in_few_importers(dataset):
    per_importer = (
        dataset.joined.group_by("importer_id")
        .agg(pl.col("fraud").sum().alias("frauds"))
        .sort("frauds", descending=True)
    )
    top_tenth = per_importer.head(max(1, per_importer.height // 10))["frauds"].sum()
    assert top_tenth > 0.5 * per_importer["frauds"].sum()


def test_fraud_patterns_drift_over_the_months(dataset):
    frame = dataset.joined.filter(pl.col("fraud") == 1).with_columns(
        late=pl.col("lodged_at").dt.month() > 6
    )
    mix = frame.group_by("late", "fraud_type").len().pivot("late", index="fraud_type").fill_null(0)
    early, late = (mix[c] / mix[c].sum() for c in ("false", "true"))
    assert (early - late).abs().sum() / 2 > 0.05  # total variation between the halves
    top = {
        half: set(
            frame.filter(pl.col("late") == half)["true_hs_code"].value_counts(sort=True)
            .head(10)["true_hs_code"]
        )
        for half in (False, True)
    }  # fmt: skip
    assert top[False] != top[True]


def test_probabilities_are_calibrated_to_the_rate():
    scores = np.random.default_rng(0).lognormal(0, 2, 10_000)
    for rate in (0.0, 0.01, 0.3, 1.0):
        assert abs(item_probability(scores, rate).mean() - rate) < 1e-6
