"""HS classifier speed (descriptions/s in batch, model load time) against a plain TF-IDF
nearest-neighbour baseline over the subheading texts, measured in the same run; and the
misclassification flag at a 5% budget on rulings declared under a random cheaper code and on
the synthetic generator's declarations (precision and recall).

Descriptions come from the public rulings in ``SMARTCUSTOMS_SHARED_DATA`` (KCS product names,
short like trader titles, and EU BTI descriptions, long) when present, else from the project's
vocabulary; with labels, accuracy is printed too.

    python benchmarks/hs_classifier.py [--items 1000] [--model var/models/hs_classifier]
"""

import argparse
import multiprocessing
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl
from rich.console import Console
from rich.table import Table
from sklearn.feature_extraction.text import TfidfVectorizer

from smartcustoms.config import get_settings
from smartcustoms.lab.trade.params import (
    DEFAULT_FRAUD_RATE,
    DEFAULT_MONTHS,
    DEFAULT_START,
    GenerationParams,
)
from smartcustoms.lab.trade.writer import generate
from smartcustoms.models.hs_classifier.evaluation import (
    flag_at_budget,
    read_labelled,
    topk_accuracy,
)
from smartcustoms.models.hs_classifier.misclassification import misclassification_signal
from smartcustoms.models.hs_classifier.store import default_model_path, load_model
from smartcustoms.models.hs_classifier.text import clean_description
from smartcustoms.models.hs_classifier.training_texts import vocabulary_texts
from smartcustoms.reference import hs
from smartcustoms.reference.tariff import default_tariff


class TfidfNearestSubheading:
    """Baseline: the subheading whose nomenclature text is nearest in character n-grams."""

    def __init__(self) -> None:
        subheadings = hs.subheadings()
        self.codes = np.array([s.code for s in subheadings])
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
        texts = [clean_description(s.description) for s in subheadings]
        self.matrix = self.vectorizer.fit_transform(texts).T.tocsr()

    def predict_top5(self, descriptions: list[str]) -> list[list[str]]:
        out = []
        for start in range(0, len(descriptions), 256):
            batch = [clean_description(d) for d in descriptions[start : start + 256]]
            scores = (self.vectorizer.transform(batch) @ self.matrix).toarray()
            out += [list(self.codes[row]) for row in np.argsort(-scores, axis=1)[:, :5]]
        return out


def _load_and_classify(path: Path, queue) -> None:
    """Cold load in a fresh process: imports, unpickling and the first (encoder-loading) call."""
    started = time.perf_counter()
    from smartcustoms.models.hs_classifier import HSClassifier

    HSClassifier.load(path).predict_topk(["stainless steel cooking pot"])
    queue.put(time.perf_counter() - started)


def _workloads(items: int) -> dict[str, tuple[list[str], list[str] | None]]:
    hs_data = get_settings().shared_data / "hs"
    if not hs_data.is_dir():
        terms = [t.text for t in vocabulary_texts()]
        return {"vocabulary terms (no labels)": ((terms * (items // len(terms) + 1))[:items], None)}
    kcs = hs_data / "kr_kcs_classification_cases_2024.json"
    bti = hs_data / "eu_bti_rulings_2025.json"
    names, name_codes = read_labelled(kcs, ("product_name",))
    long, long_codes = read_labelled(bti)
    return {
        "KCS product names (short)": (names[:items], name_codes[:items]),
        "EU BTI descriptions (long)": (long[:items], long_codes[:items]),
    }


def flag_table(model, workloads: dict, share: float = 0.1, budget: float = 0.05) -> Table:
    """Declares ``share`` of the items under a random subheading with a lower duty rate (the
    revenue-motivated misclassification) and flags ``budget`` of all items by suspicion."""
    rng = np.random.default_rng(11)
    tariff = default_tariff()
    codes = sorted(hs.valid_hs6_codes())
    rates = np.array([float(tariff.rate(c, "*")) for c in codes])
    table = Table(title=f"Misclassification flag: {share:.0%} declared under a cheaper code")
    for column in ("descriptions", "flagged", "precision", "recall", "random precision"):
        table.add_column(column)
    for name, (descriptions, true_codes) in workloads.items():
        if not true_codes:
            continue
        misdeclared = rng.random(len(true_codes)) < share
        declared = []
        for code, swap in zip(true_codes, misdeclared, strict=True):
            cheaper = np.flatnonzero(rates < float(tariff.rate(code, "*")))
            pool = cheaper if len(cheaper) else np.arange(len(codes))
            declared.append(codes[rng.choice(pool)] if swap else code)
        signal = misclassification_signal(model, descriptions, declared)
        result = flag_at_budget(signal["suspicion"].to_list(), list(misdeclared), budget)
        table.add_row(
            name,
            f"{result['flagged']:,} of {len(declared):,}",
            f"{result['precision']:.1%}",
            f"{result['recall']:.1%}",
            f"{misdeclared.mean():.1%}",
        )
    return table


def synthetic_flag_table(model, declarations: int = 3_000, budget: float = 0.05) -> Table:
    """Flags ``budget`` of the goods items of generated declarations (the synth package's
    misclassification: a lower-duty code declared, the description telling the truth)."""
    with tempfile.TemporaryDirectory() as folder:
        params = GenerationParams(
            declarations, 3, DEFAULT_START, DEFAULT_MONTHS, DEFAULT_FRAUD_RATE, "parquet"
        )
        summary = generate(params, Path(folder))
        items = pl.read_parquet(summary.declarations_path).join(
            pl.read_parquet(summary.labels_path), on=["declaration_id", "sequence"]
        )
    signal = misclassification_signal(
        model,
        items["description"].to_list(),
        items["hs_code"].to_list(),
        items["origin_country"].to_list(),
    )
    truth = (items["fraud_type"] == "misclassification").fill_null(False).to_list()
    table = Table(
        title=f"Misclassification flag on {len(truth):,} generated goods items "
        f"({sum(truth)} misclassified), {budget:.0%} budget"
    )
    for column in ("score", "flagged", "precision", "recall", "best possible precision"):
        table.add_column(column)
    for score in ("suspicion", "revenue_suspicion"):
        result = flag_at_budget(signal[score].to_list(), truth, budget)
        table.add_row(
            score,
            f"{result['flagged']:,}",
            f"{result['precision']:.1%}",
            f"{result['recall']:.1%}",
            f"{min(sum(truth) / result['flagged'], 1):.1%}",
        )
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--model", type=Path, default=default_model_path(get_settings()))
    args = parser.parse_args()
    model = load_model(args.model, shared_data=get_settings().shared_data)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_load_and_classify, args=(args.model, queue))
    process.start()
    load_seconds = queue.get()
    process.join()
    started = time.perf_counter()
    baseline = TfidfNearestSubheading()
    baseline_build = time.perf_counter() - started

    table = Table(title=f"HS classifier, batch throughput (model load {load_seconds:.2f} s cold)")
    columns = (
        "descriptions",
        "method",
        "per s",
        "per CPU s",
        "top1@2",
        "top1@4",
        "top1@6",
        "top5@6",
    )
    for column in columns:
        table.add_column(column)
    workloads = _workloads(args.items)
    for name, (descriptions, codes) in workloads.items():
        model.predict_topk(descriptions[:10])  # warm the encoder
        for method, predict in (
            ("TF-IDF nearest subheading", baseline.predict_top5),
            (
                "HSClassifier",
                lambda d: [[c.hs6 for c in s.candidates] for s in model.predict_topk(d)],
            ),
        ):
            started, cpu_started = time.perf_counter(), time.process_time()
            predicted = predict(descriptions)
            rate = len(descriptions) / (time.perf_counter() - started)
            # CPU time shows the cost apart from other processes sharing the cores
            cpu_rate = len(descriptions) / (time.process_time() - cpu_started)
            accuracy = topk_accuracy(predicted, codes) if codes else {}
            scores = [f"{accuracy[k]:.1%}" if accuracy else "-" for k in
                      ("top1@2", "top1@4", "top1@6", "top5@6")]  # fmt: skip
            table.add_row(name, method, f"{rate:,.0f}", f"{cpu_rate:,.0f}", *scores)
    console = Console(width=120)
    console.print(table)
    console.print(flag_table(model, workloads))
    console.print(synthetic_flag_table(model))
    console.print(f"baseline built in {baseline_build:.1f} s; model file {args.model}")


if __name__ == "__main__":
    main()
