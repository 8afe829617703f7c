"""OCR speed and field accuracy of the two readers side by side, on one core, on the same
rendered pages (English, since Tesseract is installed for English only): rapidocr as this
project configures it, rapidocr with its stock settings (detection at full size, angle
classifier on) as the baseline, and Tesseract 5 (--psm 6 after lighting normalisation).

    OMP_NUM_THREADS=1 python benchmarks/ocr.py [--pages 9] [--seed 0]
"""

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image
from rich.console import Console
from rich.table import Table

from smartcustoms.documents.extraction import extract
from smartcustoms.documents.layout import rows_of
from smartcustoms.documents.ocr import read_rapidocr, read_tesseract
from smartcustoms.documents.recognition import recognise
from smartcustoms.documents.values import comparable
from smartcustoms.lab.documents.testset import build
from smartcustoms.lab.trade.samples import sample_declarations


def stock_rapidocr():
    """rapidocr with its defaults, only held to one thread like the others."""
    from rapidocr import RapidOCR

    engine = RapidOCR(
        params={
            "Global.log_level": "error",
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
    )

    def read(image: Image.Image):
        from smartcustoms.documents.ocr import TextBox

        result = engine(np.asarray(image.convert("RGB")))
        if result.boxes is None:
            return []
        return [
            TextBox(t, float(s), tuple((float(x), float(y)) for x, y in b))
            for t, s, b in zip(result.txts, result.scores, result.boxes, strict=True)
        ]

    return read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=9)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        entries = build(
            sample_declarations((args.pages + 2) // 3, args.seed),
            out,
            seed=args.seed,
            documents_per_declaration=3,
            mismatch_share=0.0,
            languages=("en",),
        ).entries[: args.pages]
        pages = [(Image.open(out / e["file"]).convert("RGB"), e) for e in entries]
        readers = {
            "rapidocr (project settings)": read_rapidocr,
            "rapidocr (stock settings, baseline)": stock_rapidocr(),
            "tesseract --psm 6": read_tesseract,
        }
        table = Table(title=f"OCR on one core: {len(pages)} English pages (clean/scanned/photo)")
        for column in ("reader", "pages/s", "s/page", "field accuracy", "fields"):
            table.add_column(column, justify="right")
        read_rapidocr(pages[0][0])  # model load is not page time
        for name, read in readers.items():
            hits = total = 0
            elapsed = 0.0
            for image, entry in pages:
                started = time.perf_counter()
                boxes = read(image)
                elapsed += time.perf_counter() - started
                rows = rows_of(boxes)
                fields = extract(rows, recognise(rows).type)
                for key, truth in entry["fields"].items():
                    found = fields.get(key)
                    hits += bool(
                        found and found.value and comparable(found.value) == comparable(truth)
                    )
                    total += 1
            table.add_row(
                name,
                f"{len(pages) / elapsed:.2f}",
                f"{elapsed / len(pages):.2f}",
                f"{hits / total:.3f}",
                str(total),
            )
        Console().print(table)


if __name__ == "__main__":
    main()
