"""The learned last stage: a gradient-boosted ranker over each description's candidate codes.

The two scorers below it disagree in useful ways: retrieval knows the nomenclature's and the
vocabulary's words, the embedding softmax knows what many real descriptions of a code look
like. Neither knows when to trust which, nor that a term after "for" names the goods a thing
fits rather than the thing. The ranker learns that from descriptions the scorers were not
fitted on: per candidate it reads both scorers' log-probabilities at three levels, their ranks
and margins, how often the code occurs in real history, and the vocabulary terms the
description names for the candidate's heading in its head phrase and after a feature word
("for", "with", 适用于). Its scores become probabilities by a softmax over the candidates with
a temperature fitted on further held-out descriptions.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import lightgbm as lgb
import numpy as np

from smartcustoms.models.hs_classifier.phrases import FEATURE_WORDS, PhraseMatch, fold_words

PER_SCORER = 15
"""Candidates taken from each scorer's top: the union (15-30 codes) holds the true code for
nine in ten real descriptions whose code any scorer ranks in its top 50."""
FEATURES = (
    "retrieval_log_p6",
    "retrieval_log_p4",
    "retrieval_log_p2",
    "retrieval_rank",
    "retrieval_gap",
    "softmax_log_p6",
    "softmax_log_p4",
    "softmax_log_p2",
    "softmax_joint",
    "softmax_rank",
    "softmax_gap",
    "history_count",
    "head_term4",
    "feature_term4",
    "head_term6",
    "retrieval_score6",
    "retrieval_score4",
    "retrieval_score2",
    "retrieval_score_gap6",
    "head_word6",
    "head_word4",
    "host_word4",
)
_NOT_HEADS = frozenset(
    "pcs pc pack set sets piece pieces pair pairs size inch cm mm ml kg new hot sale".split()  # noqa: SIM905
)
"""Words that end a title's goods phrase without naming the goods (counts and sizes)."""


@dataclass(frozen=True, slots=True)
class Scores:
    """What the scorers said about a batch of descriptions: retrieval's joint probabilities
    per level (columns: that level's labels) and the softmax's log-probabilities per level
    (columns: the subheadings' codes cut to that level)."""

    retrieval: dict[int, np.ndarray]
    softmax: dict[int, np.ndarray]
    terms: list[list[PhraseMatch]]
    raw: dict[int, np.ndarray]
    """Retrieval's similarity scores per level before the softmax (columns as ``retrieval``)."""
    goods: list[str]
    """The cleaned goods words of each description."""


def head_and_host(cleaned: str) -> tuple[str | None, str | None]:
    """The head word of a title's goods phrase (its last word before a feature word such as
    "for" or "with", counts and sizes skipped) and the last word after the feature word, the
    goods it fits: "silicone case for airpods" gives ("case", "airpod"). Folded like the
    vocabulary's words; None where there is none."""
    words = fold_words(cleaned)
    cut = next((i for i, w in enumerate(words) if i and w in FEATURE_WORDS), len(words))
    head = next((w for w in reversed(words[:cut]) if len(w) > 2 and w not in _NOT_HEADS), None)
    host = next((w for w in reversed(words[cut + 1 :]) if len(w) > 2), None)
    return head, host


class Lexicon:
    """The words of the texts taught for each subheading and heading, to ask whether a title's
    head word is a word of a candidate's goods."""

    def __init__(self, texts: Sequence[str], codes: Sequence[str]):
        words: dict[int, dict[str, set[str]]] = {6: {}, 4: {}}
        for text, code in zip(texts, codes, strict=True):
            folded = set(fold_words(text))
            for level in (6, 4):
                if len(code) >= level:
                    words[level].setdefault(code[:level], set()).update(folded)
        self.words = {
            level: {c: frozenset(w) for c, w in by.items()} for level, by in words.items()
        }

    def has(self, level: int, code: str, word: str | None) -> float:
        """1.0 when ``word`` is among the words taught for ``code`` cut to ``level``."""
        return float(word is not None and word in self.words[level].get(code[:level], ()))


def candidate_features(
    scores: Scores,
    classes: np.ndarray,
    parents: dict[int, np.ndarray],
    history_count: np.ndarray,
    lexicon: Lexicon,
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per description, its candidate subheadings (positions in ``classes``) and their feature
    rows in the order of :data:`FEATURES`. ``parents[level]`` maps each subheading to its label
    at ``level`` in the retrieval's label arrays."""
    softmax, raw = scores.softmax, scores.raw
    joint = softmax[6] + softmax[4] + softmax[2]
    top_retrieval, retrieval_ranks = _top_and_ranks(scores.retrieval[6])
    top_softmax, softmax_ranks = _top_and_ranks(joint)
    candidates = [np.union1d(a, b) for a, b in zip(top_retrieval, top_softmax, strict=True)]
    counts = [len(c) for c in candidates]
    # one gather per feature over every (description, candidate) pair of the batch
    row = np.repeat(np.arange(len(candidates)), counts)
    column = np.concatenate(candidates)
    heading, chapter = parents[4][column], parents[2][column]
    retrieval6 = np.log(scores.retrieval[6][row, column] + 1e-12)
    best_retrieval6 = np.log(scores.retrieval[6].max(axis=1) + 1e-12)[row]
    terms = np.vstack(
        [
            _text_features(scores.terms[i], scores.goods[i], classes[c], lexicon)
            for i, c in enumerate(candidates)
        ]
    )
    features = np.column_stack(
        [
            retrieval6,
            np.log(scores.retrieval[4][row, heading] + 1e-12),
            np.log(scores.retrieval[2][row, chapter] + 1e-12),
            retrieval_ranks[row, column],
            retrieval6 - best_retrieval6,
            softmax[6][row, column],
            softmax[4][row, column],
            softmax[2][row, column],
            joint[row, column],
            softmax_ranks[row, column],
            joint[row, column] - joint.max(axis=1)[row],
            history_count[column],
            terms[:, :3],
            raw[6][row, column],
            raw[4][row, heading],
            raw[2][row, chapter],
            raw[6][row, column] - raw[6].max(axis=1)[row],
            terms[:, 3:],
        ]
    ).astype(np.float32)
    return candidates, np.split(features, np.cumsum(counts)[:-1])


def _text_features(
    terms: Sequence[PhraseMatch], goods: str, codes: np.ndarray, lexicon: Lexicon
) -> np.ndarray:
    """Per candidate code: the term weights of :func:`_term_weights`, then whether the title's
    head word is a word of the code's subheading and heading and its host word one of its
    heading."""
    head4, feature4, head6 = _term_weights(terms, codes, np.array([c[:4] for c in codes]))
    head, host = head_and_host(goods)
    return np.column_stack(
        [
            head4,
            feature4,
            head6,
            [lexicon.has(6, c, head) for c in codes],
            [lexicon.has(4, c, head) for c in codes],
            [lexicon.has(4, c, host) for c in codes],
        ]
    )


RANK_CAP = 50
"""Ranks are counted among a scorer's first 50 codes; any code below is at rank 50."""


def _top_and_ranks(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the ``PER_SCORER`` best columns, and every column's rank (0 for the best)
    among the ``RANK_CAP`` best, ``RANK_CAP`` below them: one partition and a sort of 50 per
    row, not a sort of 5,612."""
    top = np.argpartition(-scores, RANK_CAP, axis=1)[:, :RANK_CAP]
    order = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1)
    top = np.take_along_axis(top, order, axis=1)
    ranks = np.full(scores.shape, RANK_CAP, dtype=np.float32)
    np.put_along_axis(ranks, top, np.arange(RANK_CAP, dtype=np.float32)[None, :], axis=1)
    return top[:, :PER_SCORER], ranks


def _term_weights(
    terms: Sequence[PhraseMatch], codes: np.ndarray, headings: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each candidate: the heaviest term naming its heading before any feature word, the
    heaviest naming it after one, and the heaviest naming its subheading (0 where none)."""
    head4 = np.zeros(len(codes), np.float32)
    feature4 = np.zeros(len(codes), np.float32)
    head6 = np.zeros(len(codes), np.float32)
    for term in terms:
        for code in term.codes:
            if len(code) < 4:
                continue
            target = feature4 if term.in_features else head4
            hit = headings == code[:4]
            target[hit] = np.maximum(target[hit], term.head_weight)
            if len(code) == 6 and not term.in_features:
                exact = codes == code
                head6[exact] = np.maximum(head6[exact], term.head_weight)
    return head4, feature4, head6


def relevance(candidates: np.ndarray, classes: np.ndarray, truth: str) -> np.ndarray:
    """Graded relevance of candidates to the true code: 5 exact, 2 same heading, 1 same
    chapter, 0 otherwise, so the ranker learns to fall back to the right heading."""
    codes = classes[candidates]
    return np.array(
        [
            5 if c == truth else 2 if c[:4] == truth[:4] else 1 if c[:2] == truth[:2] else 0
            for c in codes
        ],
        dtype=np.int32,
    )


class CandidateRanker:
    """LambdaRank over candidate features, plus the softmax temperature of its scores."""

    def __init__(self, *, trees: int = 300, leaves: int = 15, random_state: int = 0):
        self.trees = trees
        self.leaves = leaves
        self.random_state = random_state

    def fit(self, rows: list[np.ndarray], labels: list[np.ndarray]) -> "CandidateRanker":
        """Learns from per-description candidate rows and their relevance labels."""
        model = lgb.LGBMRanker(
            n_estimators=self.trees,
            learning_rate=0.05,
            num_leaves=self.leaves,
            min_child_samples=20,
            random_state=self.random_state,
            n_jobs=1,
            deterministic=True,
            force_row_wise=True,
            verbose=-1,
        )
        model.fit(np.vstack(rows), np.concatenate(labels), group=[len(r) for r in rows])
        self.booster_ = model.booster_
        self.temperature_ = 1.0
        return self

    def scores(self, rows: list[np.ndarray]) -> list[np.ndarray]:
        """Ranker scores of each description's candidates."""
        if not rows:
            return []
        flat = self.booster_.predict(np.vstack(rows), num_threads=1)
        return np.split(flat, np.cumsum([len(r) for r in rows])[:-1])

    def probabilities(self, rows: list[np.ndarray]) -> list[np.ndarray]:
        """Each description's candidates' probabilities: softmax of the scores at the fitted
        temperature."""
        out = []
        for s in self.scores(rows):
            weights = np.exp((s - s.max()) / self.temperature_)
            out.append(weights / weights.sum())
        return out

    def fit_temperature(self, rows: list[np.ndarray], truth_positions: list[int | None]) -> None:
        """The temperature minimising the negative log-likelihood of the true candidate on
        held-out descriptions (those whose true code is no candidate count with the smallest
        probability the model can give, so a temperature cannot hide them)."""
        scores = self.scores(rows)
        grid = np.geomspace(0.1, 10, 41)
        losses = []
        for t in grid:
            total = 0.0
            for s, position in zip(scores, truth_positions, strict=True):
                log_p = (s - s.max()) / t
                log_p -= np.log(np.exp(log_p).sum())
                total -= log_p[position] if position is not None else log_p.min()
            losses.append(total)
        self.temperature_ = float(grid[int(np.argmin(losses))])
