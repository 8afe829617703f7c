from smartcustoms.web.declaration_pages import _model_factors, _rules_fired


def test_a_rule_that_fired_on_several_items_is_one_line_naming_them():
    reasons = [
        {"source": "rule", "rule": "R1", "pack": "p@1", "explanation": "x", "sequence": 1},
        {"source": "rule", "rule": "R2", "pack": "p@1", "explanation": "y", "sequence": 1},
        {"source": "rule", "rule": "R1", "pack": "p@1", "explanation": "x", "sequence": 3},
    ]
    fired = _rules_fired(reasons)
    assert [(r["rule"], r["sequences"]) for r in fired] == [("R1", [1, 3]), ("R2", [1])]


def test_model_factors_are_likeliest_first_without_the_unlikely_tail():
    probabilities = [0.007, 0.62, 0.05, 0.31, 0.02, 0.15]
    reasons = [
        {"source": "model", "sequence": i, "fraud_probability": p, "explanation": "e"}
        for i, p in enumerate(probabilities, start=1)
    ]
    shown = [r["fraud_probability"] for r in _model_factors(reasons)]
    assert shown == [0.62, 0.31, 0.15]
    few = _model_factors(reasons[:1] + reasons[4:5])
    assert [r["fraud_probability"] for r in few] == [0.02, 0.007]
