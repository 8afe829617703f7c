import pytest

from smartcustoms.errors import FieldError, InvalidDeclarationError
from smartcustoms.web.forms import MAX_FIELDS, errors_by_field, form_to_document


def test_pointer_named_fields_become_the_canonical_document():
    document = form_to_document(
        [
            ("csrf", "x"),
            ("office", " CNSHA "),
            ("declarant.id", "BRK-001"),
            ("declarant.name", ""),
            ("goods_items[0].hs_code", "090121"),
            ("goods_items[1].hs_code", "060110"),
            ("goods_items[0].value", "15000.00"),
            ("documents[0].type", ""),
        ]
    )
    assert document == {
        "office": "CNSHA",
        "declarant": {"id": "BRK-001"},
        "goods_items": [
            {"hs_code": "090121", "value": "15000.00", "sequence": "1"},
            {"hs_code": "060110", "sequence": "2"},
        ],
    }


def test_rows_keep_index_order_not_arrival_order():
    document = form_to_document(
        [("goods_items[10].description", "b"), ("goods_items[2].description", "a")]
    )
    assert [i["description"] for i in document["goods_items"]] == ["a", "b"]


@pytest.mark.parametrize(
    "name", ["__class__", "office.__init__", "goods_items[9999].x", "a b", "goods_items[-1].x"]
)
def test_field_names_outside_the_pointer_grammar_are_refused(name):
    with pytest.raises(InvalidDeclarationError) as caught:
        form_to_document([(name, "x")])
    assert caught.value.errors[0].pointer == name


def test_a_flood_of_fields_is_refused():
    fields = [(f"goods_items[{i % 999}].description", "x") for i in range(MAX_FIELDS + 1)]
    with pytest.raises(InvalidDeclarationError, match="too many fields"):
        form_to_document(fields)


def test_errors_group_by_pointer():
    grouped = errors_by_field(
        [FieldError("office", "a"), FieldError("office", "b"), FieldError("type", "c")]
    )
    assert grouped == {"office": ["a", "b"], "type": ["c"]}
