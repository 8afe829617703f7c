"""Model factors in words an officer reads: the features that pushed an item's risk up."""

import numpy as np

_PHRASES = {
    "risk_": "fraud history of this {}",
    "seen_": "how often this {} was seen before",
    "uv_gap_": "value per kg against the usual for this {}",
    "uv_z_": "value per kg unusual for this {}",
    "qpk_gap_": "quantity per kg against the usual for this {}",
    "qpk_z_": "quantity per kg unusual for this {}",
    "gn_gap_": "gross to net mass against the usual for this {}",
    "gn_z_": "gross to net mass unusual for this {}",
    "cat_": "the {}",
    "has_": "presence of a {}",
}
_WORDS = {
    "importerxhs6": "importer and product",
    "declarantxhs6": "broker and product",
    "exporterxhs6": "seller and product",
    "hs6xorigin": "product and origin",
    "hs6xorigin_country": "product and origin",
    "importerxorigin": "importer and origin",
    "declarantximporter": "broker and importer",
    "officexhs6": "office and product",
    "declarantxorigin": "broker and origin",
    "kcs_courier": "courier",
    "importerxkcs_tax_type": "importer and tax type",
    "hs6xkcs_tax_type": "product and tax type",
    "importer_idxhs6": "importer and product",
    "hs6": "product (HS6)",
    "hs4": "heading (HS4)",
    "hs2": "chapter",
    "origin": "origin",
    "origin_country": "origin",
    "departure_country": "departure country",
    "transport_mode": "transport mode",
}
_PLAIN = {
    "log_value": "declared value",
    "log_mass": "declared mass",
    "log_quantity": "declared quantity",
    "log_unit_value": "value per kilogram",
    "log_gross_net": "gross to net mass ratio",
    "log_quantity_per_kg": "quantity per kilogram",
    "log_value_per_unit": "value per unit",
    "transit": "origin differs from departure country",
    "preference_claimed": "preferential duty claimed",
    "weekday": "day of lodgement",
    "goods_item_count": "number of goods items",
    "hs6_number": "product code",
    "hs4_number": "heading code",
    "hs_declared_log_probability": "declared HS code unlikely for the description",
    "hs_suspicion": "a likelier HS code for the description",
    "hs_duty_rate_gap": "duty saved by the declared HS code",
    "hs_revenue_suspicion": "an unlikely HS code that lowers the duty",
}


def describe(feature: str) -> str:
    """A short phrase for a feature name, e.g. risk_importer -> 'fraud history of this importer'."""
    if feature in _PLAIN:
        return _PLAIN[feature]
    for prefix, template in _PHRASES.items():
        if feature.startswith(prefix):
            subject = feature.removeprefix(prefix)
            return template.format(_WORDS.get(subject, subject.replace("_", " ")))
    return feature.replace("_", " ")


def top_factors(contributions: np.ndarray, names: list[str], count: int = 3) -> list[list[str]]:
    """Per row, the ``count`` features with the largest positive contribution, as phrases.

    ``contributions`` is LightGBM's ``pred_contrib`` output: one column per feature plus the
    bias in the last column.
    """
    per_feature = contributions[:, :-1]
    order = np.argsort(-per_feature, axis=1)[:, :count]
    phrases = [describe(name) for name in names]  # once per feature, not once per row
    return [
        [phrases[j] for j in row_order if per_feature[i, j] > 0]
        for i, row_order in enumerate(order)
    ]
