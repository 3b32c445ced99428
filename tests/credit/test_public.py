"""The public credit pages, JSON API and CSV: what anyone may see, and only that."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from credit.models import Incentive, Listing, Publication, RedListEntry, Subject
from credit.selectors import public_publications
from credit.services.publications import publication_publish
from credit.services.redlist import redlist_decide, redlist_propose
from intake.crypto import keyed_hash
from intake.models import Area, Bureau, Report
from tests.factories import (
    case_decided,
    credit_code,
    decided,
    id_number,
    outcome_add,
)
from workflow.models import Outcome

pytestmark = pytest.mark.django_db

PERSON_NUMBER = id_number(321)
PERSON_NAME = "王小明"


def everything_public(client, queries=()):
    """The body of every public page, API response and CSV, joined."""
    publications = list(
        Publication.objects.filter(state=Publication.State.PUBLISHED).values_list("pk", flat=True)
    )
    entries = list(
        RedListEntry.objects.filter(state=RedListEntry.State.APPROVED).values_list("pk", flat=True)
    )
    urls = [
        "/credit/",
        "/credit/?kind=penalty",
        "/credit/?kind=redlist",
        "/credit/sectors/",
        "/api/v1/credit/",
        "/api/v1/credit/entries/",
        "/api/v1/credit/red-list/",
        "/api/v1/credit/sectors/",
    ]
    urls += [f"/api/v1/credit/entries/?q={q}" for q in queries] + [
        f"/api/v1/credit/red-list/?q={q}" for q in queries
    ]
    urls += [f"/credit/entries/{pk}/" for pk in publications] + [
        f"/api/v1/credit/entries/{pk}/" for pk in publications
    ]
    blacklisted = Publication.objects.filter(
        pk__in=publications, kind=Publication.Kind.BLACKLIST
    ).values_list("pk", flat=True)
    urls += [f"/credit/red-list/{pk}/" for pk in entries] + [
        f"/credit/entries/{pk}/repair/" for pk in blacklisted
    ]
    bodies = []
    for q in queries:
        for kind in ("blacklist", "penalty", "redlist"):
            response = client.post("/credit/", {"q": q, "kind": kind}, follow=True)
            assert response.status_code == 200
            assert q not in response.redirect_chain[-1][0]
            bodies.append(response.content.decode())
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies.append(response.content.decode())
    for kind in ("blacklist", "penalties", "redlist"):
        response = client.get(f"/credit/export/{kind}.csv")
        assert response.status_code == 200
        bodies.append(b"".join(response.streaming_content).decode("utf-8-sig"))
    return "\n".join(bodies)


@pytest.fixture
def person_published(hrss_officer, ndrc_officer):
    """A person blacklisted and penalised (both published) and a person on the red list."""
    case = case_decided(subject_kind=Report.SubjectKind.PERSON, subject_name=PERSON_NAME)
    person = {
        "subject_kind": Report.SubjectKind.PERSON,
        "subject_name": PERSON_NAME,
        "subject_id_number": PERSON_NUMBER,
        "subject_id_hash": keyed_hash(PERSON_NUMBER, purpose="id"),
    }
    outcome_add(case, Outcome.Kind.BLACKLIST, measures=["restrict_exit"], **person)
    outcome_add(case, Outcome.Kind.PENALTY, amount="2000.00", **person)
    decided(case)
    for publication in Publication.objects.all():
        publication_publish(publication=publication, user=hrss_officer)
    other = id_number(654)
    entry = redlist_propose(
        user=hrss_officer,
        subject_kind="person",
        name="陈美丽",
        id_number=other,
        reason="连续五年按时足额支付员工工资。",
        incentives=list(Incentive.objects.all()),
        valid_until=timezone.localdate() + datetime.timedelta(days=365),
    )
    redlist_decide(entry=entry, user=ndrc_officer, approve=True)
    return PERSON_NUMBER, other


def test_a_persons_id_number_never_appears_unmasked_in_public(person_published, client):
    number, other = person_published
    body = everything_public(client, queries=[number, other, "王", "陈"])
    for full in (number, other):
        assert full not in body
        assert full[:4] + "**********" + full[-4:] in body
    assert PERSON_NAME not in body and "陈美丽" not in body
    assert "王**" in body and "陈**" in body


def test_search_by_id_number_finds_the_masked_person_without_the_number_in_the_url(person_published, client):
    number, other = person_published
    response = client.post("/credit/", {"q": number}, follow=True)
    assert "王**" in response.content.decode()
    url = response.redirect_chain[-1][0]
    assert number not in url and "person=" in url
    # Typed into the address bar: redirected the same way.
    assert number not in client.get(f"/credit/?q={number}", follow=True).redirect_chain[-1][0]
    assert "王**" not in client.post("/credit/", {"q": id_number(999)}, follow=True).content.decode()
    red = client.post("/credit/", {"q": other, "kind": "redlist"}, follow=True).content.decode()
    assert "陈**" in red


@pytest.fixture
def organisations(hrss_officer, tax_officer):
    """Two published organisations in two areas, by two bureaus."""
    made = []
    for n, (area, bureau, name, kind) in enumerate(
        [
            ("wage_arrears", "hrss", "儋州欠薪建筑有限公司", Outcome.Kind.BLACKLIST),
            ("tax_fake_invoices", "tax", "儋州假票贸易有限公司", Outcome.Kind.PENALTY),
        ]
    ):
        code = credit_code(6000 + n)
        case = case_decided(area_code=area, bureau_code=bureau, subject_name=name, subject_credit_code=code)
        outcome_add(case, kind, subject_name=name, subject_credit_code=code, measures=["restrict_exit"])
        decided(case)
        publication = Publication.objects.get(case=case)
        publication_publish(publication=publication, user=hrss_officer if bureau == "hrss" else tax_officer)
        made.append(publication)
    return made


def test_search_by_name_and_by_credit_code(organisations, client):
    arrears, invoices = organisations
    assert arrears.public_name in client.get("/credit/?q=欠薪").content.decode()
    assert arrears.public_name not in client.get("/credit/?q=假票").content.decode()
    by_code = client.get(f"/credit/?q={arrears.credit_code.lower()}").content.decode()
    assert arrears.public_name in by_code
    assert (
        invoices.public_name in client.get(f"/credit/?kind=penalty&q={invoices.credit_code}").content.decode()
    )


def test_lists_by_area_and_by_bureau(organisations, client):
    arrears, invoices = organisations
    assert arrears.public_name in client.get("/credit/?kind=blacklist&area=wage_arrears").content.decode()
    assert (
        arrears.public_name
        not in client.get("/credit/?kind=blacklist&area=tax_fake_invoices").content.decode()
    )
    assert invoices.public_name in client.get("/credit/?kind=penalty&bureau=tax").content.decode()
    assert invoices.public_name not in client.get("/credit/?kind=penalty&bureau=hrss").content.decode()
    api = client.get("/api/v1/credit/entries/?bureau=tax").json()
    assert [e["name"] for e in api["results"]] == [invoices.public_name]
    assert client.get("/api/v1/credit/entries/?area=nowhere").status_code == 404


def test_pages_speak_chinese_by_default_and_english_on_request(organisations, client):
    assert '<html lang="zh-hans">' in client.get("/credit/").content.decode()
    english = client.get("/credit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in english
    assert "Public credit information" in english and "Wage arrears" in english
    assert 'name="viewport"' in english
    api = client.get(f"/api/v1/credit/entries/{organisations[0].pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert api["area"] == {"code": "wage_arrears", "name": "Wage arrears"}
    assert api["measures"][0]["name"] == "May not leave the country"


def test_the_api_is_read_only_and_needs_no_login(organisations, client):
    assert client.get("/api/v1/credit/entries/").status_code == 200
    assert client.post("/api/v1/credit/entries/", {}).status_code == 405
    assert client.delete(f"/api/v1/credit/entries/{organisations[0].pk}/").status_code == 405
    assert client.get("/api/v1/credit/entries/999999/").status_code == 404


def test_the_platforms_sector_drafts_are_not_published_as_the_citys(client):
    """Rules, part 3(2)1: each sector sets its criteria after asking the public; the drafts
    this platform wrote are not shown until a sector's consultation is answered and adopted."""
    body = client.get("/credit/sectors/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert body.count('class="sector"') == 0
    assert "No rules have been published yet." in body
    assert client.get("/api/v1/credit/sectors/").json()["count"] == 0


def test_csv_holds_the_current_list_only(organisations, client):
    arrears, invoices = organisations
    Publication.objects.filter(pk=invoices.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    penalties = b"".join(client.get("/credit/export/penalties.csv").streaming_content).decode("utf-8-sig")
    assert invoices.public_name not in penalties
    blacklist = b"".join(client.get("/credit/export/blacklist.csv").streaming_content).decode("utf-8-sig")
    assert arrears.public_name in blacklist and arrears.credit_code in blacklist
    assert client.get("/credit/export/everything.csv").status_code == 404


# --- 10,000 listings --------------------------------------------------------------------


@pytest.fixture
def many_listings(db):
    """10,000 published blacklist listings spread over areas and bureaus (bulk-created)."""
    n = 10_000
    areas = list(Area.objects.order_by("number"))
    bureaus = list(Bureau.objects.filter(code__in=["hrss", "tax", "psb", "ecology", "transport"]))
    case = case_decided()
    now = timezone.now()
    today = timezone.localdate()
    outcomes = Outcome.objects.bulk_create(
        Outcome(case=case, kind=Outcome.Kind.BLACKLIST, decided_at=now) for _ in range(n)
    )
    subjects = Subject.objects.bulk_create(
        Subject(
            kind="organisation",
            name=f"企业{i:05d}",
            public_name=f"企业{i:05d}",
            credit_code=credit_code(100_000 + i),
        )
        for i in range(n)
    )
    listings = Listing.objects.bulk_create(
        Listing(
            subject=subjects[i],
            case=case,
            outcome=outcomes[i],
            area=areas[i % len(areas)],
            bureau=bureaus[i % len(bureaus)],
            listed_on=today,
            listed_until=today + datetime.timedelta(days=1000),
        )
        for i in range(n)
    )
    Publication.objects.bulk_create(
        Publication(
            kind=Publication.Kind.BLACKLIST,
            state=Publication.State.PUBLISHED,
            outcome=outcomes[i],
            case=case,
            subject=subjects[i],
            listing=listings[i],
            area=listings[i].area,
            bureau=listings[i].bureau,
            subject_kind="organisation",
            public_name=subjects[i].public_name,
            public_identifier=subjects[i].credit_code,
            credit_code=subjects[i].credit_code,
            decision_date=today,
            valid_until=listings[i].listed_until,
            due_at=now,
            published_at=now - datetime.timedelta(minutes=i),
        )
        for i in range(n)
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE credit_publication")
    return subjects


def test_public_list_and_search_pages_keep_their_query_budget_with_10000_listings(
    many_listings, client, django_assert_max_num_queries
):
    code = many_listings[1234].credit_code
    pages = [
        "/credit/",
        "/credit/?page=200",
        "/credit/?area=wage_arrears&bureau=hrss",
        "/credit/?q=企业0123",
        f"/credit/?q={code}",
    ]
    for url in pages:
        with django_assert_max_num_queries(5):
            response = client.get(url)
        assert response.status_code == 200
    assert "企业01234" in client.get(f"/credit/?q={code}").content.decode()
    with django_assert_max_num_queries(4):
        api = client.get(f"/api/v1/credit/entries/?q={code}").json()
    assert api["count"] == 1
    with django_assert_max_num_queries(4):
        last = client.get("/api/v1/credit/entries/?page=20").json()
    assert last["count"] == 1000 and last["next"] is None  # never a COUNT over the whole list
    assert "At least 1000 entries" in client.get("/credit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's query plan")
def test_search_by_credit_code_is_one_indexed_lookup(many_listings):
    code = many_listings[4321].credit_code
    plan = public_publications(kind=Publication.Kind.BLACKLIST, query=code).explain()
    assert "publication_code" in plan, plan
    assert "Seq Scan" not in plan, plan


def test_an_all_digit_credit_code_is_searched_as_a_code(hrss_officer, client):
    from stdnum.cn import uscc

    base = "91460400" + "123456789"
    code = base + uscc.calc_check_digit(base)
    assert code.isdigit()
    case = case_decided(subject_credit_code=code, subject_name="数字代码有限公司")
    outcome_add(case, Outcome.Kind.PENALTY, subject_name="数字代码有限公司", subject_credit_code=code)
    decided(case)
    publication_publish(publication=Publication.objects.get(case=case), user=hrss_officer)
    response = client.post("/credit/", {"q": code, "kind": "penalty"}, follow=True)
    assert "数字代码有限公司" in response.content.decode()
    assert client.get(f"/credit/?kind=penalty&q={code}").status_code == 200
