from smartcustoms.config import Settings
from smartcustoms.quality import STEPS


def test_public_sets_that_are_absent_are_reported_as_skipped_not_dropped(tmp_path):
    settings = Settings(home=tmp_path / "home", shared_data=tmp_path / "no-shared-data")
    for name in ("risk on public KCS data", "HS classifier on public rulings"):
        (figure,) = list(STEPS[name](settings, tmp_path / "work"))
        assert figure.value is None and figure.note.startswith("skipped:")
        assert str(tmp_path / "no-shared-data") in figure.note
