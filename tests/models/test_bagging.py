"""Bagged boosters merged into one score, compile and explain like the members' average."""

import lightgbm as lgb
import numpy as np

from smartcustoms.models.bagging import averaged_booster


def _members(count: int) -> tuple[np.ndarray, list[lgb.Booster]]:
    rng = np.random.default_rng(0)
    rows = rng.random((1500, 4))
    rows[:, 3] = rng.integers(0, 30, len(rows))  # a categorical column: category splits too
    labels = (rows[:, 0] + rng.random(len(rows)) + (rows[:, 3] % 3 == 0) > 1.2).astype(float)
    params = {"objective": "binary", "verbose": -1, "max_cat_to_onehot": 4,
              "bagging_fraction": 0.7, "bagging_freq": 1, "feature_fraction": 0.7}  # fmt: skip
    boosters = [
        lgb.train({**params, "seed": seed}, lgb.Dataset(rows, labels, categorical_feature=[3]), 15)
        for seed in range(count)
    ]
    return rows, boosters


def test_the_merged_booster_scores_the_members_mean_raw_score() -> None:
    rows, members = _members(3)
    merged = averaged_booster(members)
    expected = np.mean([m.predict(rows, raw_score=True) for m in members], axis=0)
    assert merged.num_trees() == sum(m.num_trees() for m in members)
    assert np.allclose(merged.predict(rows, raw_score=True), expected, atol=1e-12)
    assert not np.allclose(members[0].predict(rows, raw_score=True), expected)


def test_its_first_trees_are_the_first_members_scaled() -> None:
    rows, members = _members(2)
    merged = averaged_booster(members)
    first = members[0].predict(rows[:20], pred_contrib=True)
    assert np.allclose(merged.predict(rows[:20], pred_contrib=True, num_iteration=15), first / 2)


def test_one_member_is_returned_as_it_is() -> None:
    _, members = _members(1)
    assert averaged_booster(members) is members[0]
