import polars as pl
import pytest

from smartcustoms.models.profiles import RiskProfiles


def test_a_rows_own_label_never_feeds_its_own_profile():
    frame = pl.DataFrame({"importer_id": ["A", "B", "B"], "fraud": [1, 0, 0]})
    profiles = RiskProfiles(keys=(("importer_id",),), smoothing=1.0)
    oof = profiles.fit_transform_oof(frame, pl.Series([0, 1, 2]))
    prior = 1 / 3
    # A is seen once: out of fold it has no history, so it gets the prior, not its own fraud
    assert oof["risk_importer"][0] == pytest.approx(prior)
    assert oof["seen_importer"][0] == 0
    # each B row sees the other B row (clean)
    assert oof["risk_importer"][1] == pytest.approx((0 + prior) / (1 + 1))


def test_scoring_uses_the_whole_history_and_the_prior_for_strangers():
    frame = pl.DataFrame({"importer_id": ["A", "A", "B"], "fraud": [1, 1, 0]})
    profiles = RiskProfiles(keys=(("importer_id",),), smoothing=1.0).fit(frame)
    scored = profiles.transform(pl.DataFrame({"importer_id": ["A", "Z", None]}))
    prior = 2 / 3
    assert scored["risk_importer"].to_list() == pytest.approx([(2 + prior) / 3, prior, prior])
