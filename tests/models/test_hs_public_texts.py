import json

from smartcustoms.models.hs_classifier.public_texts import (
    CBP_PRECEDENTS,
    HMRC_REFERENCES,
    held_out_references,
    is_held_out,
    training_texts,
)


def _write(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")


def test_the_held_out_part_is_fixed_and_about_a_fifth():
    texts = [f"goods number {i}" for i in range(2_000)]
    held = [t for t in texts if is_held_out(t)]
    assert 300 < len(held) < 500
    assert held == [t for t in texts if is_held_out(t)]
    assert is_held_out("Cotton T-Shirt ") == is_held_out("cotton t-shirt")


def test_training_never_sees_the_held_out_references(tmp_path):
    references = [{"description": f"widget {i}", "hs_code": "8479899790"} for i in range(200)]
    _write(tmp_path / HMRC_REFERENCES, references)
    _write(
        tmp_path / CBP_PRECEDENTS,
        [
            {"description": "baseball shoe", "hs_code": "640219"},
            {"description": "old code", "hs_code": "330460"},  # not an HS2022 subheading
        ],
    )
    descriptions, codes = training_texts(tmp_path)
    held, held_codes = held_out_references(tmp_path)
    assert held and set(held).isdisjoint(descriptions)
    assert len(held) + len(descriptions) == 201
    assert "baseball shoe" in descriptions and "old code" not in descriptions
    assert set(codes) == {"847989", "640219"} and set(held_codes) == {"847989"}


def test_an_absent_shared_folder_gives_nothing(tmp_path):
    assert training_texts(tmp_path / "missing") == ([], [])
