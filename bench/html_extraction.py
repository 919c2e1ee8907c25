"""HTML main-text extraction against the shared corpus's 50 saved pages.

Runs ``newsevents.documents.extract_html`` on every page listed in
../shared/corpus/html/manifest.jsonl and scores it against the page's
expected text with a bag-of-words token F1:

- tokens are the lower-cased ``\\w+`` runs of the text (Unicode word
  characters; punctuation and whitespace separate tokens and are not tokens);
- precision = |extracted ∩ expected| / |extracted| and recall =
  |extracted ∩ expected| / |expected|, with ∩ the multiset intersection
  (a word counts as many times as it occurs in both);
- F1 = 2PR / (P + R), and 0 when either text has no tokens.

Writes per-page and mean figures to bench/results/html_extraction.json and
prints them. Usage: ``.venv/bin/python bench/html_extraction.py [--shared DIR]``.
The target is a mean F1 of at least 0.90.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsevents.documents import extract_html  # noqa: E402
from newsevents.sources.html import decode_html  # noqa: E402

TARGET = 0.90
TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    return Counter(t.lower() for t in TOKEN.findall(text))


def token_f1(extracted: str, expected: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of the bags of lower-cased word tokens."""
    got, want = tokens(extracted), tokens(expected)
    if not got or not want:
        return 0.0, 0.0, 0.0
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision = overlap / sum(got.values())
    recall = overlap / sum(want.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def run(shared: Path) -> dict[str, object]:
    folder = shared / "corpus" / "html"
    manifest = folder / "manifest.jsonl"
    if not manifest.exists():
        raise SystemExit(f"{manifest} not found: this benchmark reads ../shared/corpus/html")
    pages = []
    started = time.perf_counter()
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        page = folder / entry["file"]
        html = decode_html(page.read_bytes(), str(page)).text
        expected = (folder / entry["expected_text_file"]).read_text(encoding="utf-8")
        tick = time.perf_counter()
        result = extract_html(html, url=entry.get("url"))
        seconds = time.perf_counter() - tick
        precision, recall, f1 = token_f1(result.text, expected)
        pages.append(
            {
                "file": entry["file"],
                "source": entry.get("source"),
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "f1": round(f1, 4),
                "method": result.method,
                "chars": len(result.text),
                "expected_chars": len(expected),
                "seconds": round(seconds, 4),
                "title_found": result.title is not None,
                "date": result.date,
            }
        )
    total = time.perf_counter() - started
    n = len(pages)

    def mean(key: str) -> float:
        return round(sum(float(p[key]) for p in pages) / n, 4) if n else 0.0  # type: ignore[arg-type]

    return {
        "benchmark": "html_extraction",
        "corpus": str(manifest.relative_to(shared)),
        "pages": n,
        "tokenisation": "lower-cased \\w+ tokens, bag-of-words (multiset) F1",
        "mean_f1": mean("f1"),
        "mean_precision": mean("precision"),
        "mean_recall": mean("recall"),
        "pages_below_0.9": sum(1 for p in pages if float(p["f1"]) < 0.9),  # type: ignore[arg-type]
        "target_mean_f1": TARGET,
        "seconds_total": round(total, 2),
        "python": platform.python_version(),
        "per_page": sorted(pages, key=lambda p: float(p["f1"])),  # type: ignore[arg-type]
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument(
        "--out", type=Path, default=REPO / "bench" / "results" / "html_extraction.json"
    )
    args = parser.parse_args()
    report = run(args.shared)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for page in report["per_page"]:  # type: ignore[attr-defined]
        print(
            f"{page['f1']:.3f}  P {page['precision']:.3f}  R {page['recall']:.3f}  {page['file']}"
        )
    print(
        f"mean F1 {report['mean_f1']:.4f} (P {report['mean_precision']:.4f}, "
        f"R {report['mean_recall']:.4f}) over {report['pages']} pages in "
        f"{report['seconds_total']}s; target {TARGET}; written to {args.out}"
    )
    return 0 if float(report["mean_f1"]) >= TARGET else 1  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.exit(main())
