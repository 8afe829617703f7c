from smartcustoms.config import Settings
from smartcustoms.lab.quality import HELD_OUT_TITLES, STEPS, hs_on_marketplace_titles
from smartcustoms.models.hs_classifier.evaluation import read_labelled
from smartcustoms.reference import hs


def test_public_sets_that_are_absent_are_reported_as_skipped_not_dropped(tmp_path):
    settings = Settings(home=tmp_path / "home", shared_data=tmp_path / "no-shared-data")
    for name in ("risk on public KCS data", "HS classifier on real public sets"):
        (figure,) = list(STEPS[name](settings, tmp_path / "work"))
        assert figure.value is None and figure.note.startswith("skipped:")
        assert str(tmp_path / "no-shared-data") in figure.note


def test_marketplace_title_sets_absent_are_reported_as_skipped(tmp_path):
    settings = Settings(
        home=tmp_path / "home",
        shared_data=tmp_path / "no-shared-data",
        hs_eval_sets=tmp_path / "absent",
    )
    (figure,) = list(hs_on_marketplace_titles(settings, tmp_path / "work"))
    assert figure.value is None and str(tmp_path / "absent") in figure.note


def test_held_out_title_sets_are_there_and_coded_with_hs2022_subheadings():
    subheadings = {entry.code for entry in hs.subheadings()}
    for name in HELD_OUT_TITLES:
        descriptions, codes = read_labelled(Settings().hs_eval_sets / name)
        assert len(descriptions) >= 150 and all(d.strip() for d in descriptions)
        assert set(codes) <= subheadings, name
