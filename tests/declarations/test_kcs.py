import pytest

from smartcustoms.declarations.frame import ITEM_SCHEMA
from smartcustoms.declarations.kcs import KCS_COLUMNS, read_kcs
from smartcustoms.errors import ReadError

ROWS = [
    "97061800,2020-01-01,30,B,11,21,11,10,ZZR1LT6,QLRUBN9,0VKY2BR,,440890,BE,BE,0.0,FEU1,G,108.0,372254.4,0,0",
    "85945189,2020-01-02,40,B,11,21,11,40,SWF9S4X,7JD1S2X,8WDKMC6,,90121,ZZ,CN,8.0,A,Y,11.5,1000.0,1,2",
]


def write_kcs(tmp_path, rows=ROWS):
    path = tmp_path / "kcs.csv"
    path.write_text(",".join(KCS_COLUMNS) + "\n" + "\n".join(rows) + "\n")
    return path


def test_columns_map_onto_the_canonical_frame(tmp_path):
    frame = read_kcs(write_kcs(tmp_path))
    assert frame.columns[: len(ITEM_SCHEMA)] == list(ITEM_SCHEMA)
    first, second = frame.to_dicts()
    assert first["declaration_id"] == "KCS-97061800"
    assert first["office"] == "KR030" and first["transport_mode"] == "sea"
    assert second["transport_mode"] == "air"
    assert second["hs_code"] == "090121"  # leading zero restored
    assert second["departure_country"] is None  # ZZ means unknown
    assert first["preference_claimed"] and not second["preference_claimed"]
    assert (first["fraud"], second["fraud"], second["critical_fraud"]) == (0, 1, 2)
    assert second["duty_at_risk"] == pytest.approx(80.0)
    assert first["duty_at_risk"] == 0
    assert first["kcs_tax_type"] == "FEU1"


def test_a_file_of_another_format_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(ReadError, match="not the KCS format"):
        read_kcs(path)


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("name", "rows", "fraud_rate", "first_day", "last_day"),
    [
        ("train.csv", 37385, 0.2170, "2020-01-01", "2020-12-31"),
        ("valid.csv", 8134, 0.2095, "2021-01-01", "2021-03-31"),
    ],
)
def test_public_kcs_files_read_whole_with_their_labels(
    shared_data, name, rows, fraud_rate, first_day, last_day
):
    frame = read_kcs(shared_data / "declarations" / "kcs" / name)
    assert frame.height == rows
    assert frame["declaration_id"].n_unique() == rows
    assert frame["fraud"].mean() == pytest.approx(fraud_rate, abs=5e-5)
    assert ((frame["critical_fraud"] > 0) == (frame["fraud"] == 1)).all()
    assert str(frame["lodged_at"].min().date()) == first_day
    assert str(frame["lodged_at"].max().date()) == last_day
    assert frame["hs_code"].str.len_chars().eq(6).all()
