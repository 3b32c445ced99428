"""The officers' workbench and the staff case API at city scale, on PostgreSQL.

    .venv/bin/python bench/workflow.py --sizes 10000,1000000

For each size it (re)creates the database `integrity_bench_workflow` on 127.0.0.1:5432 (user
postgres; override with --admin-url), migrates it, creates 300 bureau officers over 30 bureaus
and 10 complaint-centre (triage) officers, and fills it set-based (INSERT ... SELECT
generate_series) with that many reports, cases, viewflow processes and about four tasks per
case: 95% closed, the newest 5% open at a stage with its open human task (NEW in the queue or
ASSIGNED to an officer). The small bureau has 5 open cases, the large one min(500, a fifth of
the open cases). After ANALYZE it times, in-process with Django's test client logged in as an
officer of the small bureau, of the large bureau and of the complaint centre, the inbox, queue
and case-list pages and GET /api/v1/cases/ (one warm-up, median of --runs runs), and prints a
table of page x user x size with the ratio of the largest size to the smallest.
--queries prints each page's SQL with its time at the largest size.
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

FLOW = "workflow/flows.CaseFlow"
SMALL, LARGE, CENTRE = "news_centre", "hrss", "complaint_centre"
OFFICERS_PER_BUREAU = 10
TRIAGE_OFFICERS = 10
PAGES = [
    ("inbox", "/workflow/case/inbox/"),
    ("queue", "/workflow/case/queue/"),
    ("case list", "/workflow/case/cases/"),
    ("API cases", "/api/v1/cases/"),
]
USERS = [("small bureau", SMALL), ("large bureau", LARGE), ("complaint centre", CENTRE)]


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


def staff_create() -> None:
    """Ten officers for each of 30 bureaus and ten triage officers, in their role groups."""
    from django.db import connection

    from workflow.roles import role_group

    officer_group, triage_group = role_group("officer"), role_group("triage")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE TABLE bench_bureau AS
            SELECT row_number() OVER (ORDER BY (code = %s) DESC, (code = %s) DESC, id) - 1 AS n, id, code
            FROM intake_bureau WHERE kind = 'bureau' ORDER BY n LIMIT 30
            """,
            [SMALL, LARGE],
        )
        cursor.execute(
            """
            INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,
                                   is_staff, is_active, date_joined)
            SELECT '!', false, 'bench-' || b.code || '-' || i, '', '', '', false, true, now()
            FROM bench_bureau b CROSS JOIN generate_series(0, %s - 1) AS i
            UNION ALL
            SELECT '!', false, 'bench-' || %s || '-' || i, '', '', '', false, true, now()
            FROM generate_series(0, %s - 1) AS i
            """,
            [OFFICERS_PER_BUREAU, CENTRE, TRIAGE_OFFICERS],
        )
        cursor.execute(
            """
            CREATE TABLE bench_officer AS
            SELECT u.id AS user_id, b.n AS bureau_n, b.id AS bureau_id, i, 'officer' AS role
            FROM bench_bureau b CROSS JOIN generate_series(0, %s - 1) AS i
            JOIN auth_user u ON u.username = 'bench-' || b.code || '-' || i
            UNION ALL
            SELECT u.id, -1, c.id, i, 'triage'
            FROM generate_series(0, %s - 1) AS i JOIN intake_bureau c ON c.code = %s
            JOIN auth_user u ON u.username = 'bench-' || %s || '-' || i
            """,
            [OFFICERS_PER_BUREAU, TRIAGE_OFFICERS, CENTRE, CENTRE],
        )
        cursor.execute("CREATE INDEX ON bench_officer (bureau_n, i)")
        cursor.execute(
            "INSERT INTO workflow_officer (user_id, bureau_id, role) SELECT user_id, bureau_id, role FROM bench_officer"
        )
        cursor.execute(
            """
            INSERT INTO auth_user_groups (user_id, group_id)
            SELECT user_id, CASE role WHEN 'triage' THEN %s ELSE %s END FROM bench_officer
            """,
            [triage_group.pk, officer_group.pk],
        )


# Stages of open cases by k mod 20 (k numbers the open cases): the open human task's node,
# owner permission kind, and whether it is assigned to an officer.
OPEN_STAGES = """
    CASE WHEN k %% 10 = 0 THEN 'triage'
         WHEN k %% 10 IN (1, 2, 3) THEN 'dispatched'
         WHEN k %% 10 IN (4, 5, 6, 7) THEN 'investigating'
         WHEN k %% 10 = 8 THEN 'decided'
         ELSE 'disputed' END
"""


def fill(size: int) -> None:
    """Reports, processes, cases and their tasks, set-based; ids of all three are 1..size."""
    from django.db import connection

    opened = size // 20
    large = min(500, opened // 5)
    with connection.cursor() as cursor:
        cursor.execute("SELECT array_agg(id ORDER BY number) FROM intake_area")
        areas = cursor.fetchone()[0]
        cursor.execute("SELECT id FROM django_content_type WHERE app_label = 'intake' AND model = 'report'")
        report_type = cursor.fetchone()[0]
        # One row per case with everything the four tables need. Open cases are the newest;
        # k numbers them, the first 5 belong to the small bureau (n = 0), the next `large` to
        # the large one (n = 1), the rest spread over the other 28; closed cases over all 30.
        cursor.execute(
            f"""
            CREATE UNLOGGED TABLE bench_case AS
            SELECT g, k, stage, bureau_n, abs(hashint8(g)) AS h,
                   now() - make_interval(secs => (%(size)s - g) * (3 * 365 * 86400.0 / %(size)s) + 60) AS created,
                   (%(areas)s::bigint[])[1 + g %% array_length(%(areas)s::bigint[], 1)] AS area_id
            FROM (
                SELECT g, k,
                       CASE WHEN k IS NULL THEN 'closed' ELSE {OPEN_STAGES} END AS stage,
                       CASE WHEN k IS NULL AND g %% 500 = 0 THEN 0
                            WHEN k IS NULL THEN 1 + floor(29 * power((abs(hashint8(g)) %% 1000000) / 1e6, 3))::int
                            WHEN k <= 5 THEN 0
                            WHEN k <= 5 + %(large)s THEN 1
                            ELSE 2 + floor(28 * power((abs(hashint8(k)) %% 1000000) / 1e6, 3))::int END AS bureau_n
                FROM (SELECT g, CASE WHEN g > %(size)s - %(opened)s THEN g - (%(size)s - %(opened)s) END AS k
                      FROM generate_series(1, %(size)s) AS g) AS numbered
            ) AS staged
            """,
            {"size": size, "opened": opened, "large": large, "areas": areas},
        )
        cursor.execute(
            """
            ALTER TABLE bench_case ADD COLUMN bureau_id bigint;
            UPDATE bench_case c SET bureau_id = b.id FROM bench_bureau b WHERE b.n = c.bureau_n;
            """
        )
        cursor.execute(
            """
            INSERT INTO intake_report (
                id, reference, source, status, description, location, answers, subject_kind, subject_name,
                subject_credit_code, subject_contacts, anonymous, reporter_name, reporter_phone,
                reporter_phone_hash, reporter_id_number, reporter_id_hash, reporter_email,
                reporter_wechat_openid, reporter_ip, language, receipt_hash, external_id, created_at,
                updated_at, area_id, bureau_id)
            SELECT g, 'DZ-B-' || lpad(g::text, 8, '0'),
                   (ARRAY['web', 'wechat', 'hotline', 'sms'])[1 + g % 4],
                   CASE stage WHEN 'closed' THEN 'closed' WHEN 'triage' THEN 'triage'
                              WHEN 'decided' THEN 'decided' ELSE 'handling' END,
                   '某公司拖欠工人工资三个月,多次讨要无果。(' || g || ')', '儋州市那大镇', '{}',
                   'organisation', '儋州某建设工程有限公司' || (g % 997), '', '[]', true, '', '', '', '', '',
                   '', '', '', 'zh-hans', md5('receipt' || g) || md5('hash' || g), '', created, created,
                   area_id, bureau_id
            FROM bench_case
            """
        )
        cursor.execute(
            """
            INSERT INTO viewflow_process (id, flow_class, status, created, finished, data,
                                          artifact_content_type_id, artifact_object_id)
            SELECT g, %s, CASE WHEN stage = 'closed' THEN 'DONE' ELSE 'NEW' END, created,
                   CASE WHEN stage = 'closed' THEN created + interval '20 days' END, '{}', %s, g
            FROM bench_case
            """,
            [FLOW, report_type],
        )
        cursor.execute(
            """
            INSERT INTO workflow_case (
                id, reference, source, state, stage, resolution, is_emergency, due_at,
                investigation_due_at, returns, reopened, extensions, rating, disputed, created_at,
                dispatched_at, signed_at, decided_at, closed_at, updated_at, area_id, bureau_id,
                process_id, report_id, escalations, findings, reminders, legal_hold)
            SELECT g, 'DZ-B-' || lpad(g::text, 8, '0'), (ARRAY['web', 'wechat', 'hotline', 'sms'])[1 + g % 4],
                   CASE WHEN stage = 'closed' THEN 'closed' ELSE 'open' END, stage,
                   CASE WHEN stage = 'closed' THEN 'handled' ELSE '' END, false,
                   CASE WHEN stage <> 'closed' THEN created + interval '1 day' * (1 + g % 20) END,
                   CASE WHEN stage IN ('investigating', 'decided', 'disputed', 'closed')
                        THEN created + interval '22 days' END,
                   0, 0, 0, CASE WHEN stage = 'closed' THEN 1 + g % 5 END, stage = 'disputed', created,
                   CASE WHEN stage <> 'triage' THEN created + interval '1 day' END,
                   CASE WHEN stage NOT IN ('triage', 'dispatched') THEN created + interval '2 days' END,
                   CASE WHEN stage IN ('decided', 'disputed', 'closed') THEN created + interval '15 days' END,
                   CASE WHEN stage = 'closed' THEN created + interval '20 days' END,
                   created, area_id, CASE WHEN stage <> 'triage' THEN bureau_id END, g, g, 0,
                   CASE WHEN stage = 'closed' THEN '经查属实,已责令改正。' ELSE '' END, 0, false
            FROM bench_case
            """
        )
        # Four task slots per case (id 4g-3 .. 4g): the start, triage, then two more. Closed:
        # start, triage, investigate, end, all DONE. Open: the finished steps before its stage
        # and one open human task at the node of the stage.
        cursor.execute(
            """
            CREATE UNLOGGED TABLE bench_task AS
            SELECT c.g, c.h, slot, c.created, c.stage, c.bureau_id, c.bureau_n,
                   CASE WHEN slot = 1 THEN 'start'
                        WHEN slot = 2 THEN 'triage'
                        WHEN c.stage = 'closed' THEN (ARRAY[NULL, NULL, 'investigate', 'end'])[slot]
                        WHEN c.stage = 'dispatched' THEN (ARRAY[NULL, NULL, 'sign', NULL])[slot]
                        WHEN c.stage = 'investigating' THEN (ARRAY[NULL, NULL, 'sign', 'investigate'])[slot]
                        WHEN c.stage = 'decided' THEN (ARRAY[NULL, NULL, 'investigate', 'reply'])[slot]
                        WHEN c.stage = 'disputed' THEN (ARRAY[NULL, NULL, 'reply', 'dispute_review'])[slot]
                   END AS node,
                   slot = CASE c.stage WHEN 'closed' THEN 0 WHEN 'triage' THEN 2 WHEN 'dispatched' THEN 3
                                       ELSE 4 END AS is_open
            FROM bench_case c CROSS JOIN generate_series(1, 4) AS slot
            """
        )
        cursor.execute("DELETE FROM bench_task WHERE node IS NULL")
        cursor.execute(
            """
            INSERT INTO viewflow_task (
                id, flow_task, flow_task_type, status, created, started, finished, token, owner_permission,
                owner_id, process_id, assigned, data)
            SELECT (t.g - 1) * 4 + t.slot, %(flow)s || '.' || t.node,
                   CASE t.node WHEN 'start' THEN 'START' WHEN 'end' THEN 'END' ELSE 'HUMAN' END,
                   CASE WHEN NOT t.is_open THEN 'DONE' WHEN owner.user_id IS NULL THEN 'NEW' ELSE 'ASSIGNED' END,
                   t.created + interval '1 hour' * t.slot,
                   CASE WHEN NOT t.is_open THEN t.created + interval '1 hour' * t.slot END,
                   CASE WHEN NOT t.is_open THEN t.created + interval '1 hour' * t.slot + interval '1 day' END,
                   'START',
                   CASE WHEN t.node IN ('start', 'end') THEN NULL
                        WHEN t.node = 'triage' THEN 'workflow.triage_case'
                        WHEN t.node = 'dispute_review' THEN 'workflow.supervise_case'
                        ELSE 'workflow.handle_bureau_' || t.bureau_id END,
                   owner.user_id, t.g,
                   CASE WHEN owner.user_id IS NOT NULL THEN t.created + interval '1 hour' * t.slot END,
                   CASE WHEN t.is_open THEN jsonb_build_object(
                       'due_at', to_char((t.created + interval '1 day' * (1 + t.g %% 20)) AT TIME ZONE 'UTC',
                                         'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'))
                        ELSE '{}' END
            FROM bench_task t
            LEFT JOIN bench_officer owner ON t.node NOT IN ('start', 'end', 'dispute_review')
                AND NOT (t.node = 'sign' AND t.is_open) AND (
                CASE WHEN t.is_open THEN t.h %% 2 = 0 ELSE true END
            ) AND owner.bureau_n = CASE WHEN t.node = 'triage' THEN -1 ELSE t.bureau_n END
              AND owner.i = (t.h / 2) %% CASE WHEN t.node = 'triage' THEN %(triage)s ELSE %(officers)s END
            """,
            {"flow": FLOW, "triage": TRIAGE_OFFICERS, "officers": OFFICERS_PER_BUREAU},
        )
        for table in ("intake_report", "viewflow_process", "workflow_case", "viewflow_task", "auth_user"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        case_details(cursor)
        cursor.execute("DROP TABLE bench_case, bench_task")
        for table in (*FILLED, "auth_user"):
            cursor.execute(f"VACUUM ANALYZE {table}")


FILLED = (
    "intake_report",
    "viewflow_process",
    "workflow_case",
    "viewflow_task",
    "workflow_historyentry",
    "intake_reportmessage",
    "workflow_outcome",
    "intake_attachment",
)
# History of a case by position: the steps it went through in order (more than its stage's
# share are officers taking tasks); disputed cases end in "disputed", the others in "closed".
HISTORY = "ARRAY['received', 'dispatched', 'signed', 'findings', 'decided', 'replied', 'rated']"
HISTORY_STEPS = """
    CASE stage WHEN 'triage' THEN 1 WHEN 'dispatched' THEN 2 WHEN 'investigating' THEN 3 + h %% 2
               WHEN 'decided' THEN 6 ELSE 8 END
"""


def insert_filled(cursor, table: str, values: dict[str, str], source: str, params=None) -> None:
    """INSERT INTO table SELECT values FROM source; other required columns get their type's
    empty value, so the bench keeps working when a model gains a column."""
    cursor.execute(
        """
        SELECT column_name, data_type FROM information_schema.columns
        WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL AND column_name <> 'id'
        """,
        [table],
    )
    empty = {
        "boolean": "false",
        "jsonb": "'{}'::jsonb",
        "date": "current_date",
        "integer": "0",
        "bigint": "0",
    }
    for column, kind in cursor.fetchall():
        if column not in values:
            values[column] = "now()" if kind.startswith("timestamp") else empty.get(kind, "''")
    columns = ", ".join(values)
    cursor.execute(
        f"INSERT INTO {table} ({columns}) SELECT {', '.join(values.values())} FROM {source}", params or []
    )


def case_details(cursor) -> None:
    """What makes a case page and its lists real: history (1 to 11 entries, by stage), messages
    to and from the reporter (1 to 5), outcomes of decided cases (1 or 2) and evidence on a
    third of the reports (1 or 2 files; the rows only, no file is read by the pages timed)."""
    insert_filled(
        cursor,
        "workflow_historyentry",
        {
            "case_id": "c.g",
            "event": f"CASE WHEN n > {HISTORY_STEPS} THEN 'assigned' "
            f"WHEN n = 8 THEN (CASE WHEN stage = 'disputed' THEN 'disputed' ELSE 'closed' END) "
            f"ELSE ({HISTORY})[n] END",
            "note": "CASE WHEN n = 4 THEN '经查属实,已责令限期改正。' ELSE '' END",
            "created_at": "c.created + interval '3 hours' * n",
            "bureau_id": "CASE WHEN n > 1 THEN c.bureau_id END",
        },
        f"bench_case c CROSS JOIN LATERAL generate_series(1, {HISTORY_STEPS} + (c.h %% 4)) AS n",
    )
    insert_filled(
        cursor,
        "intake_reportmessage",
        {
            "report_id": "c.g",
            "kind": "(ARRAY['public_update', 'question', 'reporter_info', 'reply', 'public_update'])[n]",
            "text": "(ARRAY['您的举报已收到。', '请补充欠薪的具体金额。', "
            "'共欠二十三人三个月工资。', '经查属实,已责令支付。', '案件已办结。'])[n]",
            "created_at": "c.created + interval '1 day' * n",
        },
        "bench_case c CROSS JOIN LATERAL generate_series(1, 5) AS n "
        "WHERE n = 1 OR (n IN (2, 3) AND c.h %% 7 = 0) "
        "OR (n = 4 AND c.stage IN ('decided', 'disputed', 'closed')) OR (n = 5 AND c.stage = 'closed')",
    )
    insert_filled(
        cursor,
        "workflow_outcome",
        {
            "case_id": "c.g",
            "kind": "(ARRAY['rectification', 'penalty', 'unfounded', 'interview', 'blacklist'])[1 + (c.h + n) %% 5]",
            "subject_kind": "'organisation'",
            "subject_name": "'儋州某建设工程有限公司' || (c.g %% 997)",
            "summary": "'责令改正并处罚款。'",
            "decided_at": "c.created + interval '15 days'",
            "created_at": "c.created + interval '15 days'",
        },
        "bench_case c CROSS JOIN LATERAL generate_series(1, 1 + (c.h %% 4 = 0)::int) AS n "
        "WHERE c.stage IN ('decided', 'disputed', 'closed')",
    )
    insert_filled(
        cursor,
        "intake_attachment",
        {
            "report_id": "c.g",
            "file": "'evidence/bench-' || c.g || '-' || n || '.jpg'",
            "content_type": "'image/jpeg'",
            "size": "120000 + c.h %% 50000",
            "sha256": "md5('a' || c.g || n) || md5('b' || c.g || n)",
            "created_at": "c.created",
        },
        "bench_case c CROSS JOIN LATERAL generate_series(1, 1 + c.h %% 2) AS n WHERE c.g %% 3 = 0",
    )


def counts() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT (SELECT count(*) FROM workflow_case),
                   (SELECT count(*) FROM workflow_case WHERE state = 'open'),
                   (SELECT count(*) FROM viewflow_task),
                   (SELECT count(*) FROM viewflow_task WHERE status IN ('NEW', 'ASSIGNED')),
                   (SELECT count(*) FROM workflow_historyentry), (SELECT count(*) FROM intake_reportmessage),
                   (SELECT count(*) FROM workflow_outcome), (SELECT count(*) FROM intake_attachment)
            """
        )
        cases, opened, tasks, open_tasks, history, messages, outcomes, attachments = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM workflow_case WHERE bureau_id IS NOT NULL GROUP BY bureau_id ORDER BY 1 DESC"
        )
        sizes = [row[0] for row in cursor.fetchall()]
    return (
        f"{cases:,} cases ({opened:,} open), {tasks:,} tasks ({open_tasks:,} open), {history:,} history "
        f"entries, {messages:,} messages, {outcomes:,} outcomes, {attachments:,} attachments; cases per "
        f"bureau: largest {sizes[:3]}, median {sizes[len(sizes) // 2]}, smallest {sizes[-3:]}"
    )


def bench_users() -> dict:
    """The first officer of the small and the large bureau and the first triage officer."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk(
        [f"bench-{code}-0" for _label, code in USERS], field_name="username"
    )
    return {label: users[f"bench-{code}-0"] for label, code in USERS}


def user_tasks(user) -> str:
    from workflow import selectors

    return f"inbox {selectors.task_inbox(user=user).count()}, queue {selectors.task_queue(user=user).count()}"


def timed(client, url: str, runs: int) -> float:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def queries_print(client, url: str) -> None:
    """Each query of one request with its time, slowest first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    rows = sorted(captured.captured_queries, key=lambda query: -float(query["time"]))
    total = sum(float(query["time"]) for query in rows) * 1000
    print(f"  {url}: {len(rows)} queries, {total:.1f} ms in the database")
    for query in rows[:5]:
        print(f"    {float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}")


def measure(size: int, runs: int, show_queries: bool) -> dict:
    from django.test import Client

    from tests.support.twofactor import second_factor_pass

    figures = {}
    users = bench_users()
    for label, user in users.items():
        print(f"  {label}: {user.username}, {user_tasks(user)}")
    for label, user in users.items():
        client = Client()
        client.force_login(user)
        second_factor_pass(client, user)
        for page, url in pages_for(user):
            if page.endswith(" p.2") and client.get(url).status_code == 404:
                continue  # the list has one page for this user
            figures[(page, label)] = timed(client, url, runs)
            if show_queries:
                queries_print(client, url)
    return figures


def pages_for(user) -> list[tuple[str, str]]:
    """The lists, their second pages, and the page of the newest open case the user sees with the
    most history (a case with messages, outcomes or evidence when there is one)."""
    from django.db.models import Count

    from workflow import selectors

    pages = []
    for page, url in PAGES:
        pages += [(page, url), (f"{page} p.2", url + ("&" if "?" in url else "?") + "page=2")]
    case = (
        selectors.case_list(user=user)
        .filter(
            state="open",
            created_at__gte=selectors.case_list(user=user)
            .order_by("-created_at")
            .values("created_at")[499:500],
        )
        .annotate(entries=Count("history"))
        .order_by("-entries", "-created_at")
        .first()
    )
    if case is None:
        case = selectors.case_list(user=user).order_by("-created_at").first()
    pages.append(("case page", f"/workflow/case/cases/{case.reference}/"))
    return pages


def table_print(results: dict[int, dict]) -> None:
    sizes = sorted(results)
    head = f"{'page':15} {'user':17}" + "".join(f" {size:>10,}" for size in sizes)
    if len(sizes) > 1:
        head += f" {'ratio':>6}"
    print("\nms, median of the warm runs")
    print(head)
    for page in dict.fromkeys(page for page, _label in results[sizes[0]]):
        for label, _code in USERS:
            row = [results[size].get((page, label)) for size in sizes]
            line = f"{page:15} {label:17}" + "".join(
                f" {value:10.1f}" if value is not None else f" {'-':>10}" for value in row
            )
            if len(sizes) > 1 and None not in row:
                line += f" {row[-1] / row[0]:6.2f}"
            print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database", default="integrity_bench_workflow")
    parser.add_argument("--queries", action="store_true", help="print each page's SQL at the largest size")
    parser.add_argument("--keep", action="store_true", help="measure the database as it is (no refill)")
    args = parser.parse_args()
    database_url = args.admin_url.rsplit("/", 1)[0] + "/" + args.database
    setup(database_url)
    from django.core.management import call_command
    from django.db import connection

    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    for size in sizes:
        if not args.keep:
            connection.close()
            connection.close_pool()  # its connections die with the database
            database_fresh(args.admin_url, args.database)
            call_command("migrate", verbosity=0)
            start = time.perf_counter()
            staff_create()
            fill(size)
            print(f"\nfilled {size:,} cases in {time.perf_counter() - start:.1f} s: {counts()}")
        else:
            print(f"\nmeasuring the database as it is: {counts()}")
        results[size] = measure(size, args.runs, args.queries and size == sizes[-1])
        table_print(results)
    connection.close()
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        for page in dict.fromkeys(page for page, _label in results[small]):
            # The user for whom the page grew most: one row per page in bench/run's table.
            measured = [u for u, _c in USERS if (page, u) in results[large] and (page, u) in results[small]]
            if not measured:
                continue
            label = max(measured, key=lambda u: results[large][(page, u)] / results[small][(page, u)])
            figure_record(
                f"workflow {page}, worst user ({large:,} ÷ {small:,} cases)",
                results[large][(page, label)],
                unit="ms",
                ratio=results[large][(page, label)] / results[small][(page, label)],
                baseline=f"same page and user at {small:,}",
                goal="<= 2",
            )


if __name__ == "__main__":
    main()
