"""Benchmark: triage assistance per report, against a database of N earlier reports.

Migrates a throwaway SQLite database in a temporary VAR_DIR (or the database named by
DATABASE_URL: point it at a throwaway one), trains the model on the starter corpus, inserts N
reports set-based (held-out texts with varied numbers), and prints the median time of what
runs for each new report: the suggestion, recording its marks (with the repeat count), the
possible duplicates shown on the triage task, and the public suggestion API through the
test client.

    .venv/bin/python bench/triage.py --reports 10000
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure() -> None:
    os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="triage-bench-"))
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("FIELD_ENCRYPTION_KEY", "YmVuY2gtb25seS1maWVsZC1rZXktMDEyMzQ1Njc4OTA=")
    os.environ["DEBUG"] = "0"
    os.environ["INTAKE_SUBMIT_RATE"] = "100000/h"
    os.environ["DJANGO_SETTINGS_MODULE"] = "project.settings"
    import django

    django.setup()


def median_ms(action, runs: int) -> tuple[float, float]:
    action()  # warm
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    configure()

    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from intake.models import Report
    from intake.triage import selectors, services
    from intake.triage.corpus import build

    call_command("migrate", verbosity=0)
    services.triage_model_train(heldout=None, note="bench")
    texts = [json.loads(line)["text"] for line in (build.HERE / "heldout.jsonl").read_text().splitlines()]
    rng = random.Random(7)
    now = timezone.now()
    Report.objects.bulk_create(
        [
            Report(
                reference=f"BENCH-{n:07d}",
                source=Report.Source.WEB,
                description=f"{rng.choice(texts)} 联系电话1{rng.randrange(3, 10)}{rng.randrange(10**9):09d}",
                receipt_hash=f"{n:064d}",
                created_at=now,
            )
            for n in range(args.reports)
        ],
        batch_size=2000,
    )
    reports = list(Report.objects.order_by("-pk")[: args.runs + 1])
    for report in reports:
        services.report_suggest(report=report)
        services.report_marks_record(report=report)
    sample = iter(reports * 4)
    client = Client()
    figures = {
        "suggest one report (classifier)": median_ms(
            lambda: selectors.text_predict(selectors.report_text(next(sample))), args.runs
        ),
        "record marks and repeat counts": median_ms(
            lambda: services.report_marks_record(report=next(sample)), args.runs
        ),
        "possible duplicates (marks + text, 400 recent)": median_ms(
            lambda: selectors.report_duplicates(next(sample)), args.runs
        ),
        "POST /api/v1/areas/suggest/": median_ms(
            lambda: client.post(
                "/api/v1/areas/suggest/", {"text": next(sample).description}, content_type="application/json"
            ),
            args.runs,
        ),
    }
    print(f"{args.reports} reports in the database, median and p95 of {args.runs} runs")
    for name, (median, p95) in figures.items():
        print(f"{name:<50} {median:7.1f} ms  {p95:7.1f} ms")


if __name__ == "__main__":
    main()
