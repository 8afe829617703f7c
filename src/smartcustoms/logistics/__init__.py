"""Carrier and terminal events keyed by transport document, matched to declarations."""
