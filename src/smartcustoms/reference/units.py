"""Units of quantity (UN/ECE Recommendation 20 codes) accepted on goods items."""

QUANTITY_UNITS: dict[str, str] = {
    "KGM": "kilogram", "GRM": "gram", "TNE": "tonne", "LTR": "litre", "MLT": "millilitre",
    "MTQ": "cubic metre", "MTK": "square metre", "MTR": "metre", "NAR": "number of articles",
    "PCE": "piece", "H87": "piece", "C62": "one", "PR": "pair", "SET": "set", "DZN": "dozen",
    "NPR": "number of pairs", "KWH": "kilowatt hour", "CTM": "metric carat", "KPP": "kg of P2O5",
    "KNI": "kg of nitrogen", "LPA": "litre of pure alcohol", "TJ": "terajoule",
    "MWH": "megawatt hour",
    "CEN": "hundred", "MIL": "thousand", "GFI": "gram of fissile isotopes", "HLT": "hectolitre",
}  # fmt: skip


def is_quantity_unit(code: str) -> bool:
    """True for a UN/ECE Recommendation 20 code that the schema accepts, such as 'KGM'."""
    return code in QUANTITY_UNITS
