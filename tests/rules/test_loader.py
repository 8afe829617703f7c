from pathlib import Path

import pytest

from smartcustoms.rules.loader import PackError, load_pack, shipped_pack_paths, shipped_packs

RULE = """
  - id: R1
    title: Live horses
    legal_basis: Example Act s. 1
    effective_from: 2024-01-01
    when: {hs_prefix: ["0101"]}
    weight: 0.5
    explanation: "horse {hs_code}"
"""


def _pack(rules: str = RULE, header: str = "") -> str:
    return f'pack: test\nversion: "1"\ntitle: Test pack\n{header}rules:{rules}'


def _problems(path: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(path)
    return [str(p) for p in caught.value.problems]


def test_shipped_packs_load_and_say_they_are_examples():
    packs = shipped_packs()
    assert {p.name for p in packs} == set(shipped_pack_paths())
    assert {"prohibited_restricted", "licences_certificates", "sanctions_embargo",
            "anti_dumping", "valuation_floors"} <= set(shipped_pack_paths())  # fmt: skip
    assert all(p.example and p.rules for p in packs)


def test_a_valid_pack_loads(write_pack):
    pack = load_pack(write_pack(_pack()))
    assert pack.label == "test@1"
    assert [r.id for r in pack.rules] == ["R1"]


def test_yaml_syntax_error_names_the_line(write_pack):
    path = write_pack(_pack(RULE.replace("title: Live horses", "title: Live: horses")))
    [problem] = _problems(path)
    assert problem.startswith(f"{path}:6: YAML syntax error: mapping values are not allowed")


def test_unknown_field_names_its_line(write_pack):
    path = write_pack(_pack(RULE.replace("weight: 0.5", "weight: 0.5\n    colour: red")))
    assert _problems(path) == [f"{path}:11: unknown field 'colour'"]


def test_a_missing_field_is_named(write_pack):
    path = write_pack(_pack(RULE.replace("    legal_basis: Example Act s. 1\n", "")))
    assert _problems(path) == [f"{path}:5: missing field 'legal_basis'"]


def test_type_mismatch_is_refused_at_its_line(write_pack):
    when = 'when: {compare: {field: net_mass_kg, op: gt, value: "heavy"}}'
    path = write_pack(_pack(RULE.replace('when: {hs_prefix: ["0101"]}', when)))
    [problem] = _problems(path)
    assert problem.startswith(f"{path}:9: type mismatch: field 'net_mass_kg' holds number")


def test_unknown_fields_in_conditions_and_templates_are_refused(write_pack):
    rules = RULE.replace('["0101"]', '["0101"], compare: {field: value, op: gt, value: 1}')
    rules += RULE.replace("R1", "R2").replace("{hs_code}", "{colour}")
    problems = _problems(write_pack(_pack(rules)))
    assert "a condition is a mapping with exactly one key" in problems[0]
    assert ":13: explanation template names unknown field {colour}" in problems[1]


def test_unquoted_hs_prefix_is_refused(write_pack):
    [problem] = _problems(write_pack(_pack(RULE.replace('["0101"]', "[101]"))))
    assert ":9: write HS prefix 101 in quotes" in problem


def test_overlapping_versions_of_a_rule_are_refused(write_pack):
    later = RULE.replace("2024-01-01", "2025-06-01")
    [problem] = _problems(write_pack(_pack(RULE + later)))
    assert ":16: rule 'R1' is in force on the same days as its version at line 5" in problem


def test_consecutive_versions_of_a_rule_load(write_pack):
    ended = RULE.replace("effective_from: 2024-01-01", "effective_from: 2024-01-01\n"
                         "    effective_to: 2025-05-31")  # fmt: skip
    later = RULE.replace("2024-01-01", "2025-06-01")
    assert len(load_pack(write_pack(_pack(ended + later))).rules) == 2


def test_unreadable_reference_files_are_refused_at_their_line(write_pack, tmp_path):
    (tmp_path / "prices.csv").write_text("hs6,price\n090121,abc\n")
    header = (
        "references:\n"
        "  gone:\n    file: gone.csv\n    key: [country]\n"
        "  prices:\n    file: prices.csv\n    key: [hs6]\n    value: price\n"
    )
    problems = _problems(write_pack(_pack(header=header)))
    assert ":6: reference file " in problems[0] and "gone.csv does not exist" in problems[0]
    assert ":9: " in problems[1] and "prices.csv:2: price 'abc' is not a number" in problems[1]


def test_conditions_must_name_declared_lists_with_matching_keys(write_pack, tmp_path):
    (tmp_path / "ad.csv").write_text("hs6,origin\n720851,CN\n")
    header = "references:\n  ad:\n    file: ad.csv\n    key: [hs6, origin]\n"
    rules = RULE.replace('{hs_prefix: ["0101"]}', "{in: {field: hs6, list: ad}}")
    rules += RULE.replace("R1", "R2").replace(
        '{hs_prefix: ["0101"]}', "{in: {field: hs6, list: x}}"
    )
    problems = _problems(write_pack(_pack(rules, header)))
    assert "list 'ad' is keyed by 2 column(s) (hs6, origin) but 1 field(s)" in problems[0]
    assert "unknown reference list 'x'; this pack declares: ad" in problems[1]


def test_a_repeated_key_is_refused_rather_than_silently_replaced(write_pack):
    path = write_pack(_pack(RULE.replace("weight: 0.5", "weight: 0.5\n    weight: 0.1")))
    assert _problems(path) == [f"{path}:11: key 'weight' repeats the one at line 10"]
