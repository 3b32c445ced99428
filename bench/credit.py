"""Public credit pages and API with many publications, on PostgreSQL.

    .venv/bin/python bench/credit.py --sizes 10000,1000000

For each size it (re)creates the database `credit_bench` on 127.0.0.1:5432 (user postgres;
override with --admin-url), migrates it, inserts that many subjects and publications
set-based (INSERT ... SELECT generate_series; a third penalties, the rest blacklist
listings, one in twenty withdrawn), runs ANALYZE, then times each public page in-process
with Django's test client: one warm-up, then the median of --runs runs. Beside each page it
prints the server-side execution time of the page's main query (EXPLAIN ANALYZE), the time
of reading the whole list (what a COUNT over it would cost, which the pages never do), and
the plan of the search by credit code.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import database_fresh  # noqa: E402
from bench.figures import figure_record  # noqa: E402


def setup(database_url: str) -> None:
    from cryptography.fernet import Fernet

    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "bench-only-secret")
    os.environ.setdefault("FIELD_ENCRYPTION_KEY", Fernet.generate_key().decode())
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "project.settings"
    import django

    django.setup()


def fill(size: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT array_agg(id ORDER BY number) FROM intake_area")
        areas = cursor.fetchone()[0]
        cursor.execute(
            "SELECT array_agg(id ORDER BY code) FROM intake_bureau WHERE code = ANY(%s)",
            [["hrss", "tax", "psb", "ecology", "transport", "health", "civil_affairs", "finance_office"]],
        )
        bureaus = cursor.fetchone()[0]
        cursor.execute(
            """
            INSERT INTO credit_subject (kind, name, public_name, credit_code, id_hash, id_number, id_masked,
                                        created_at, updated_at)
            SELECT 'organisation', '儋州测试企业' || g, '儋州测试企业' || g, '91460400MA' || lpad(g::text, 8, '0'),
                   '', '', '', now(), now()
            FROM generate_series(1, %s) AS g
            """,
            [size],
        )
        cursor.execute(
            """
            INSERT INTO credit_publication (
                kind, state, subject_id, area_id, bureau_id, subject_kind, public_name, public_identifier,
                credit_code, id_hash, summary, legal_basis, decision_number, amount, decision_date, valid_until,
                due_at, published_at, withdrawal_reason, created_at)
            SELECT CASE WHEN s.id %% 3 = 0 THEN 'penalty' ELSE 'blacklist' END,
                   CASE WHEN s.id %% 20 = 0 THEN 'withdrawn' ELSE 'published' END,
                   s.id, (%s::bigint[])[1 + s.id %% array_length(%s::bigint[], 1)],
                   (%s::bigint[])[1 + s.id %% array_length(%s::bigint[], 1)],
                   'organisation', s.public_name, s.credit_code, s.credit_code, '',
                   '责令改正并处罚款。', '《保障农民工工资支付条例》第五十四条', '儋罚〔2026〕' || s.id || '号',
                   NULL, current_date - (s.id %% 1000)::int, current_date + 1000,
                   now(), now() - make_interval(mins => s.id::int), '', now()
            FROM credit_subject s
            """,
            [areas, areas, bureaus, bureaus],
        )
        cursor.execute("ANALYZE credit_subject")
        cursor.execute("ANALYZE credit_publication")


def timed(client, url: str, runs: int) -> float:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            for _chunk in response.streaming_content:
                pass
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def sql_ms(queryset) -> float:
    plan = queryset.explain(analyze=True)
    line = [row for row in plan.splitlines() if row.startswith("Execution Time")][0]
    return float(line.split(":")[1].strip().split()[0])


def measure(size: int, runs: int) -> dict:
    from django.test import Client

    from credit.models import Publication
    from credit.selectors import public_publications

    client = Client()
    code = "91460400MA" + str(size // 2 + 1).zfill(8)
    name = f"儋州测试企业{size // 3 + 7}"
    # A combination that exists: publication n has area n mod 18 and bureau n mod 8 (by order).
    some_row = Publication.objects.filter(state="published").select_related("area", "bureau").first()
    wage, hrss = some_row.area, some_row.bureau
    some = (
        Publication.objects.filter(state="published").order_by("pk").values_list("pk", flat=True)[size // 4]
    )
    blacklist = public_publications(kind="blacklist")
    cases = [
        ("list, first page", "/credit/", blacklist[:20]),
        ("list, page 50 (the last)", "/credit/?page=50", blacklist[980:1000]),
        (
            "list by area and bureau",
            "/credit/?area=wage_arrears&bureau=hrss",
            public_publications(kind="blacklist", area=wage, bureau=hrss)[:20],
        ),
        (
            "search by credit code",
            f"/credit/?q={code}",
            public_publications(kind="blacklist", query=code)[:20],
        ),
        ("search by name", f"/credit/?q={name}", public_publications(kind="blacklist", query=name)[:20]),
        (
            "API search by credit code",
            f"/api/v1/credit/entries/?q={code}",
            public_publications(query=code)[:50],
        ),
        ("detail page", f"/credit/entries/{some}/", public_publications().filter(pk=some)),
        ("API list, no filter", "/api/v1/credit/entries/", public_publications()[:50]),
        ("API list, no filter, page 2", "/api/v1/credit/entries/?page=2", public_publications()[50:100]),
    ]
    print(f"\n{size:,} publications ({Publication.objects.filter(state='published').count():,} published)")
    print(f"{'page':28} {'page ms':>9} {'main query ms':>14}")
    pages = {}
    for label, url, queryset in cases:
        pages[label] = timed(client, url, runs)
        print(f"{label:28} {pages[label]:9.1f} {sql_ms(queryset):14.2f}")
    print(f"{'(counting the capped list)':28} {'':9} {sql_ms(blacklist[:1000]):14.2f}")
    print(f"{'(reading every listed row)':28} {'':9} {sql_ms(blacklist):14.2f}")
    print("plan of the search by credit code:")
    print("  " + public_publications(kind="blacklist", query=code).explain().replace("\n", "\n  "))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database", default="credit_bench")
    args = parser.parse_args()
    database_url = args.admin_url.rsplit("/", 1)[0] + "/" + args.database
    setup(database_url)
    from django.core.management import call_command
    from django.db import connection

    sizes = [int(s) for s in args.sizes.split(",")]
    measured = {}
    for size in sizes:
        connection.close()
        connection.close_pool()  # its connections die with the database
        database_fresh(args.admin_url, args.database)
        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        fill(size)
        print(f"\ninserted {size:,} subjects and publications in {time.perf_counter() - start:.1f} s")
        measured[size] = measure(size, args.runs)
    connection.close()
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        scale = f"{large:,} ÷ {small:,}"
        for label in ("API list, no filter", "list, first page", "search by name"):
            figure_record(
                f"credit {label} ({scale} listings)",
                measured[large][label],
                unit="ms",
                ratio=measured[large][label] / measured[small][label],
                baseline=f"same page at {small:,}",
                goal="<= 2",
            )


if __name__ == "__main__":
    main()
