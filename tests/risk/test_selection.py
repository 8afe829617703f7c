import numpy as np
import polars as pl
import pytest

from smartcustoms.risk.selection import ChannelPolicy


def declarations(count: int, seed: int = 0) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    return pl.DataFrame(
        {
            "declaration_id": [f"D{n}" for n in range(count)],
            "office": ["A"] * (count // 2) + ["B"] * (count - count // 2),
            "risk_score": rng.random(count),
            "mandatory_channel": "green",
        }
    )


def test_budget_and_exploration_share_are_met():
    fitted = declarations(20_000)
    policy = ChannelPolicy(red_rate=0.05, yellow_rate=0.10, exploration_share=0.10).fit(fitted)
    chosen = policy.select(declarations(20_000, seed=1))
    shares = chosen["channel"].value_counts(normalize=True).to_dict(as_series=False)
    share = dict(zip(shares["channel"], shares["proportion"], strict=True))
    assert share["red"] == pytest.approx(0.05, abs=0.006)
    assert share["yellow"] == pytest.approx(0.10, abs=0.01)
    red = chosen.filter(pl.col("channel") == "red")
    explored = (red["selected_by"] == "exploration").mean()
    assert explored == pytest.approx(0.10, abs=0.03)


def test_mandatory_rule_channels_are_never_lowered():
    policy = ChannelPolicy().fit(declarations(1000))
    low = declarations(5).with_columns(
        risk_score=pl.lit(0.0),
        mandatory_channel=pl.Series(["red", "yellow", "green", "red", "green"]),
    )
    chosen = policy.select(low)
    assert chosen["channel"].to_list()[:2] == ["red", "yellow"]
    assert chosen["selected_by"].to_list()[:2] == ["rule", "rule"]


def test_exploration_is_the_same_for_the_same_declaration_in_any_batch():
    policy = ChannelPolicy(exploration_share=0.5).fit(declarations(1000))
    batch = declarations(3000, seed=3)
    whole = policy.select(batch)
    pieces = pl.concat([policy.select(batch.slice(i, 700)) for i in range(0, 3000, 700)])
    assert whole.equals(pieces)


def test_impossible_rates_are_refused():
    with pytest.raises(ValueError, match="red_rate"):
        ChannelPolicy(red_rate=1.5)
    with pytest.raises(ValueError, match="exceed"):
        ChannelPolicy(red_rate=0.6, yellow_rate=0.6)
