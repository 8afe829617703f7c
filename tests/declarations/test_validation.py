from datetime import UTC, datetime
from decimal import Decimal

import pytest

from smartcustoms.declarations.schema import Declaration
from smartcustoms.declarations.validation import (
    new_declaration_id,
    parse_declaration,
    validate_declaration,
)
from smartcustoms.errors import InvalidDeclarationError

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def pointers(errors):
    return [e.pointer for e in errors]


def test_example_is_valid_and_typed(example):
    declaration, errors = validate_declaration(example, now=NOW)
    assert errors == []
    assert declaration.goods_items[0].value == Decimal("15000.00")
    assert declaration.lodged_at == datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
    assert declaration.goods_items[0].hs6 == "090121"


def test_bad_hs_code_and_negative_mass_are_both_reported(example):
    example["goods_items"][0].update(hs_code="999999", net_mass_kg=-1)
    declaration, errors = validate_declaration(example, now=NOW)
    assert declaration is None
    assert pointers(errors) == ["goods_items[0].hs_code", "goods_items[0].net_mass_kg"]
    assert "999999" in errors[0].message


def test_every_error_of_a_document_is_reported_at_once(example):
    example["currency"] = "XYZ"
    example["exporter"]["country"] = "Brasil"
    example["goods_items"][0]["value"] = "-5"
    example["goods_items"].append(dict(example["goods_items"][0], value="10.00"))
    example["hs_typo"] = "090121"
    found = set(pointers(validate_declaration(example, now=NOW)[1]))
    assert {
        "currency",
        "exporter.country",
        "goods_items[0].value",
        "goods_items[1].sequence",
        "hs_typo",
    } <= found


def test_hs_code_spellings_are_normalised(example):
    example["goods_items"][0]["hs_code"] = "0901.21"
    assert parse_declaration(example, now=NOW).goods_items[0].hs_code == "090121"


def test_heading_instead_of_subheading_is_refused(example):
    example["goods_items"][0]["hs_code"] = "0901"
    errors = validate_declaration(example, now=NOW)[1]
    assert pointers(errors) == ["goods_items[0].hs_code"]
    assert "subheading" in errors[0].message


def test_timestamp_without_zone_is_refused(example):
    example["lodged_at"] = "2026-11-20T08:30:00"
    errors = validate_declaration(example, now=NOW)[1]
    assert pointers(errors) == ["lodged_at"]
    assert "time zone" in errors[0].message


def test_timestamps_are_converted_to_utc(example):
    example["lodged_at"] = "2026-11-20T16:30:00+08:00"
    assert parse_declaration(example, now=NOW).lodged_at == datetime(
        2026, 11, 20, 8, 30, tzinfo=UTC
    )


def test_dates_in_the_future_are_refused(example):
    example["lodged_at"] = "2026-12-01T00:00:00Z"
    example["documents"][0]["issued_on"] = "2026-12-24"
    assert pointers(validate_declaration(example, now=NOW)[1]) == [
        "lodged_at",
        "documents[0].issued_on",
    ]


def test_item_values_must_add_up_to_the_invoice_total(example):
    example["invoice_total"] = "15000.00"
    assert validate_declaration(example, now=NOW)[1] == []
    example["invoice_total"] = "20000.00"
    errors = validate_declaration(example, now=NOW)[1]
    assert pointers(errors) == ["invoice_total"]
    assert "15000.00" in errors[0].message


def test_import_needs_an_importer(example):
    del example["importer"]
    assert pointers(validate_declaration(example, now=NOW)[1]) == ["importer"]


def test_missing_fields_say_they_are_required(example):
    del example["goods_items"][0]["description"]
    errors = validate_declaration(example, now=NOW)[1]
    assert [str(e) for e in errors] == ["goods_items[0].description: is required"]


def test_gross_mass_below_net_mass_is_refused(example):
    example["goods_items"][0]["gross_mass_kg"] = 100
    assert pointers(validate_declaration(example, now=NOW)[1]) == ["goods_items[0].gross_mass_kg"]


@pytest.mark.parametrize("document", [[], "text", 3, None])
def test_a_document_that_is_not_an_object_is_refused(document):
    errors = validate_declaration(document, now=NOW)[1]
    assert pointers(errors) == ["(declaration)"]


def test_injection_text_is_data_not_code(example):
    example["goods_items"][0]["description"] = "'; DROP TABLE declarations; --"
    declaration = parse_declaration(example, now=NOW)
    assert declaration.goods_items[0].description.startswith("'; DROP")


def test_parse_raises_with_every_error(example):
    example["goods_items"][0].update(hs_code="999999", net_mass_kg=-1)
    with pytest.raises(InvalidDeclarationError) as caught:
        parse_declaration(example, now=NOW)
    assert len(caught.value.errors) == 2


def test_json_shape_round_trips(example):
    declaration = parse_declaration(example, now=NOW)
    again = Declaration.model_validate(declaration.to_json_dict())
    assert again == declaration
    assert declaration.to_json_dict()["goods_items"][0]["value"] == "15000.00"


def test_new_identifiers_have_the_documented_shape():
    first, second = new_declaration_id(NOW), new_declaration_id(NOW)
    assert first.startswith("DEC-2026-") and first != second
