import pickle

import polars as pl
import pytest

from smartcustoms.models.profiles import LOOKUP_ROWS, RiskProfiles


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


def test_a_few_rows_are_looked_up_exactly_as_many_are_joined():
    history = pl.DataFrame(
        {
            "importer_id": ["A", "A", "B", None, "C", "C"],
            "hs6": ["010110", "020220", "010110", "010110", None, "030330"],
            "fraud": [1, 0, 1, 1, 0, 1],
        }
    )
    keys = (("importer_id",), ("importer_id", "hs6"))
    profiles = RiskProfiles(keys=keys, smoothing=2.0).fit(history)
    few = pl.DataFrame(
        {
            "importer_id": ["A", "B", None, "Z", "C", "A"],
            "hs6": ["010110", "999999", "010110", "010110", None, "020220"],
        }
    )
    looked_up = profiles.transform(few)
    many = pl.concat([few] * (LOOKUP_ROWS // few.height + 1))
    assert many.height > LOOKUP_ROWS
    joined = profiles.transform(many).head(few.height)
    assert looked_up.columns == joined.columns
    for column in joined.columns:
        assert looked_up[column].to_list() == pytest.approx(joined[column].to_list())
    # the unseen importer Z gets the prior and a count of zero either way
    assert looked_up["seen_importer"][3] == 0
    # the lookup dictionaries are a cache of the tables: never saved with the model
    assert "_lookups" not in pickle.loads(pickle.dumps(profiles)).__dict__
