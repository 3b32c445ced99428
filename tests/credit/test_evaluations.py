"""The comprehensive public-interest public credit evaluation (rules, part 3(2)1, line 55:
开展综合性、公益性的公共信用评价，为各部门分级分类监管提供参考依据): the platform grades each
subject from what it holds, with the method the city adopted; none before."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from credit.models import CreditEvaluation, RedListEntry, Subject
from intake.models import Bureau, Policy, PolicyVersion
from intake.policies import PUBLIC_CREDIT_EVALUATION, policy_adopted, policy_draft
from tests.factories import case_decided, credit_code, decided, outcome_add
from tests.policies import policy_set
from workflow.models import Outcome

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = "/credit/evaluations/"


@pytest.fixture
def subjects(blacklisted):
    """A blacklisted organisation, a fined one and a red-listed one."""
    listed, _outcome = blacklisted(code=credit_code(9101))
    fined = case_decided(subject_credit_code=credit_code(9102), subject_name="儋州某建材有限公司")
    outcome_add(
        fined,
        Outcome.Kind.PENALTY,
        subject_credit_code=credit_code(9102),
        subject_name="儋州某建材有限公司",
        summary="拖欠十名农民工工资。",
        decision_number="儋人社罚〔2026〕31号",
        amount=Decimal("20000.00"),
        decision_date=datetime.date(2026, 11, 30),
    )
    decided(fined)
    trusted = Subject.objects.create(
        kind=Subject.Kind.ORGANISATION,
        name="儋州某诚信企业",
        public_name="儋州某诚信企业",
        credit_code=credit_code(9103),
    )
    RedListEntry.objects.create(
        subject=trusted,
        bureau=Bureau.objects.get(code="hrss"),
        reason="连续三年按时足额支付工资。",
        valid_until=timezone.localdate() + datetime.timedelta(days=300),
        state=RedListEntry.State.APPROVED,
    )
    return {
        code: Subject.objects.get(credit_code=code) for code in (credit_code(n) for n in (9101, 9102, 9103))
    }


def test_no_subject_is_evaluated_before_the_city_adopts_a_method(client, ndrc_officer, subjects):
    draft = PolicyVersion.objects.get(policy__key=PUBLIC_CREDIT_EVALUATION)
    assert draft.state == PolicyVersion.State.DRAFT and draft.source == PolicyVersion.Source.PROPOSED_DEFAULT
    assert "the city decides" in draft.policy.description
    client.force_login(ndrc_officer)
    page = client.get(URL, **EN).content.decode()
    assert "The city has not adopted an evaluation method: no subject is evaluated." in page
    assert "Evaluate now" in page and "No evaluation has been made yet." in page
    refused = client.post(URL, **EN)
    assert refused.status_code == 400
    assert (
        "The city has not adopted an evaluation method: no subject is evaluated." in refused.content.decode()
    )
    assert not CreditEvaluation.objects.exists()


def test_the_credit_office_grades_every_subject_with_the_adopted_method(
    client, ndrc_officer, subjects, django_assert_max_num_queries
):
    method = policy_set(
        PUBLIC_CREDIT_EVALUATION,
        value=PolicyVersion.objects.get(policy__key=PUBLIC_CREDIT_EVALUATION, state="draft").value,
    )
    client.force_login(ndrc_officer)
    with django_assert_max_num_queries(30):
        response = client.post(URL, **EN)
    assert response.status_code == 302
    grades = {e.subject.credit_code: (e.grade, e.score, e.basis) for e in CreditEvaluation.objects.all()}
    assert grades == {
        credit_code(9101): ("C", 70, {"listed": 1}),
        credit_code(9102): ("A", 90, {"penalty": 1}),
        credit_code(9103): ("A", 110, {"red_listed": 1}),
    }
    assert set(CreditEvaluation.objects.values_list("method", flat=True)) == {method.pk}
    assert set(CreditEvaluation.objects.values_list("evaluated_by", flat=True)) == {ndrc_officer.pk}
    with django_assert_max_num_queries(12):
        page = client.get(URL, **EN)
    body = page.content.decode()
    assert page.status_code == 200
    assert "C (fair)" in body and "Active blacklist listings: 1" in body and "儋州某建材有限公司" in body
    assert "儋发改〔2026〕1号" in body  # the method's source


def test_every_department_reads_the_grades_only_the_credit_office_and_supervisors_run_it(
    client, ndrc_officer, hrss_officer, supervisor, subjects
):
    policy_set(
        PUBLIC_CREDIT_EVALUATION,
        value=PolicyVersion.objects.get(policy__key=PUBLIC_CREDIT_EVALUATION, state="draft").value,
    )
    assert client.get(URL).status_code == 302  # anonymous: to the login page
    client.force_login(supervisor)
    assert client.post(URL).status_code == 302
    first = CreditEvaluation.objects.count()
    assert first == 3
    client.force_login(hrss_officer)
    page = client.get(URL, **EN).content.decode()
    assert "Evaluate now" not in page and "A (excellent)" in page
    assert client.post(URL).status_code == 403
    assert CreditEvaluation.objects.count() == first
    only_c = client.get(URL + "?grade=C", **EN).content.decode()
    assert credit_code(9101) in only_c and credit_code(9102) not in only_c
    bad = client.get(URL + "?grade=Z", **EN)
    assert bad.status_code == 400 and "Choose a grade from A to D." in bad.content.decode()


def test_a_method_that_does_not_fit_is_refused_and_nothing_changes(supervisor):
    policy = Policy.objects.get(key=PUBLIC_CREDIT_EVALUATION, area=None)
    for bad in (
        {"start": 100, "grades": [["A", 90], ["B", 95], ["C", 60], ["D", 0]]},
        {"start": 100, "deductions": {"theft": 5}, "grades": [["A", 90], ["B", 75], ["C", 60], ["D", 0]]},
        {"start": -1, "grades": [["A", 90], ["B", 75], ["C", 60], ["D", 10]]},
        [],
    ):
        with pytest.raises(ValidationError):
            policy_draft(policy=policy, user=supervisor, value=bad)
    assert policy.versions.count() == 1 and policy_adopted(PUBLIC_CREDIT_EVALUATION) is None


def test_the_admin_shows_evaluations_read_only(admin_client):
    assert admin_client.get("/admin/credit/creditevaluation/").status_code == 200
    assert admin_client.get("/admin/credit/creditevaluation/add/").status_code == 403
