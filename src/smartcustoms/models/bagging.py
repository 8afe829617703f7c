"""Bagged boosters merged into one: the average of several LightGBM models trained with different
seeds (rows and features subsampled differently), as one booster.

Averaging seeds smooths out the luck of one subsample. Merged into a single booster whose trees
are all the members' trees with their leaf values divided by the member count, the ensemble
scores, compiles and explains exactly like one model: its raw score is the members' mean raw
score, and its first trees are the first member's.
"""

import re

import lightgbm as lgb

_SCALED = ("leaf_value=", "internal_value=")


def _trees(model: str) -> tuple[str, list[str], str]:
    """The header, the tree blocks and the trailer of a LightGBM model text."""
    head, rest = model.split("\nTree=", 1)
    body, trailer = rest.split("\nend of trees", 1)
    return head, re.split(r"\nTree=\d+\n", "Tree=0\n" + body.split("\n", 1)[1]), trailer


def _scaled(block: str, factor: float) -> str:
    lines = []
    for line in block.split("\n"):
        for prefix in _SCALED:
            if line.startswith(prefix):
                values = line.removeprefix(prefix).split(" ")
                line = prefix + " ".join(repr(float(v) * factor) for v in values)
        lines.append(line)
    return "\n".join(lines)


def averaged_booster(boosters: list[lgb.Booster]) -> lgb.Booster:
    """One booster whose raw score is the mean raw score of ``boosters`` (same features)."""
    if len(boosters) == 1:
        return boosters[0]
    factor = 1.0 / len(boosters)
    head, _, trailer = _trees(boosters[0].model_to_string())
    blocks = [
        _scaled(block, factor)
        for booster in boosters
        for block in _trees(booster.model_to_string())[1]
    ]
    # tree_sizes lets LightGBM parse trees in parallel; without it, it parses them one by one
    head = "\n".join(line for line in head.split("\n") if not line.startswith("tree_sizes="))
    trees = "".join(f"\nTree={i}\n{block.rstrip()}\n\n" for i, block in enumerate(blocks))
    return lgb.Booster(model_str=f"{head}\n{trees}\nend of trees{trailer}")
