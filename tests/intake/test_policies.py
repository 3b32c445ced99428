"""Policies: rules the city's rules leave to the city, as data with a source. Drafts are never
shown publicly or applied to a subject; adoption is a supervisor's audited decision."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from credit.models import CreditRecord, Listing, Publication
from credit.services.repair import repair_refusal_reason
from intake.models import Area, Bureau, Policy, PolicyEvent, PolicyVersion
from intake.policies import (
    answer_period_days,
    policy_adopt,
    policy_adopted,
    policy_draft,
    rating_period_days,
    received_notice,
    triage_promise_days,
)
from tests.factories import case_decided, credit_code, decided, outcome_add
from tests.policies import policy_set
from workflow.models import Outcome

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

SHIPPED_DRAFTS = {
    "listing-default-days",
    "penalty-shown-days",
    "record-validity-days",
    "red-list-max-years",
    "assessment-weights",
    "assessment-criticism-threshold",
    "missed-rectification-stronger-outcome",
    "step-deadlines",
    "promise-triage-review",
    "rating-period",
    "answer-period",
    "public-credit-evaluation",
}


def test_the_invented_values_ship_as_labelled_drafts_and_none_is_in_force():
    versions = PolicyVersion.objects.select_related("policy")
    assert {v.policy.key for v in versions} == SHIPPED_DRAFTS | {"sector-criteria"}
    assert versions.filter(policy__key="sector-criteria").count() == 18  # one per sector
    for version in versions:
        assert version.state == PolicyVersion.State.DRAFT
        assert version.source == PolicyVersion.Source.PROPOSED_DEFAULT
        assert version.events.get().action == PolicyEvent.Action.DRAFTED
    assert PolicyVersion.objects.get(policy__key="assessment-weights").value == {
        "on_time": 30,
        "closure": 30,
        "returns": 10,
        "satisfaction": 20,
        "overdue": 10,
    }
    assert all(policy_adopted(key) is None for key in SHIPPED_DRAFTS)
    # The rules set no minimum before repair: the policy exists for a sector to adopt, empty.
    assert not Policy.objects.get(key="repair-minimum-days").versions.exists()


def _listing_without_end_date(n: int) -> Listing:
    case = case_decided(subject_credit_code=credit_code(n))
    outcome_add(case, Outcome.Kind.BLACKLIST, measures=["restrict_exit"], subject_credit_code=credit_code(n))
    decided(case)
    return Listing.objects.get(case=case)


def test_a_draft_is_never_applied_to_a_subject_an_adopted_policy_is():
    listing = _listing_without_end_date(7101)
    assert listing.listed_until is None  # lasts until the bureau ends it or repair does
    case = case_decided(subject_credit_code=credit_code(7102))
    penalty = outcome_add(case, Outcome.Kind.PENALTY, decision_number="儋人社罚〔2026〕3号", amount="100.00")
    decided(case)
    assert CreditRecord.objects.get(outcome=penalty).valid_until is None
    assert Publication.objects.get(outcome=penalty).valid_until is None

    policy_set("listing-default-days", value={"days": 200})
    policy_set("record-validity-days", value={"penalty": 400})
    policy_set("penalty-shown-days", value={"days": 500})
    listing = _listing_without_end_date(7103)
    assert listing.listed_until == listing.listed_on + datetime.timedelta(days=200)
    case = case_decided(subject_credit_code=credit_code(7104))
    penalty = outcome_add(case, Outcome.Kind.PENALTY, decision_number="儋人社罚〔2026〕4号", amount="100.00")
    decided(case)
    record = CreditRecord.objects.get(outcome=penalty)
    assert record.valid_until == record.valid_from + datetime.timedelta(days=400)
    publication = Publication.objects.get(outcome=penalty)
    assert publication.valid_until == publication.decision_date + datetime.timedelta(days=500)


def test_a_sector_minimum_before_repair_applies_only_once_adopted():
    listing = _listing_without_end_date(7105)
    wages = Area.objects.get(code="wage_arrears")
    assert listing.area == wages
    policy = Policy.objects.create(key="repair-minimum-days", area=wages, title="最短期限", use="subject")
    policy_draft(policy=policy, value={"days": 30})
    assert repair_refusal_reason(listing) is None  # a draft is not applied
    policy_set("repair-minimum-days", value={"days": 30}, area=wages)
    possible = (listing.listed_on + datetime.timedelta(days=30)).isoformat()
    assert (
        repair_refusal_reason(listing)
        == f"自{possible}起可申请信用修复，届时本行业已通过的政策规定的最短列入期限已满。"
    )
    later = listing.listed_on + datetime.timedelta(days=30)
    assert repair_refusal_reason(listing, today=later) is None
    other = Area.objects.get(code="telecom_fraud")
    listing.area = other
    assert repair_refusal_reason(listing) is None  # another sector's policy does not apply


def test_a_draft_promise_is_never_shown_publicly(client, submit):
    """The receipt page and the report's first update promise a review time only from the
    adopted number: the platform's draft of one working day is not the city's promise."""
    draft = PolicyVersion.objects.get(policy__key="promise-triage-review")
    assert draft.value == {"working_days": 1} and draft.source == PolicyVersion.Source.PROPOSED_DEFAULT
    session = client.session
    session["intake.done"] = {"reference": "DZ-2026-000001"}
    session.save()
    page = client.get(reverse("intake:report_done"), **EN).content.decode()
    assert "working day" not in page and 'class="promise"' not in page
    assert submit(language="en").report.messages.get().text == "Your report was received."
    assert submit().report.messages.get().text == "您的举报已收到。"

    policy_set("promise-triage-review", value={"working_days": 2})
    page = client.get(reverse("intake:report_done"), **EN).content.decode()
    assert '<p class="promise">The complaint centre will review it within 2 working days.</p>' in page
    page = client.get(reverse("intake:report_done")).content.decode()
    assert '<p class="promise">投诉举报中心将在2个工作日内审核。</p>' in page
    assert (
        submit(language="en").report.messages.get().text
        == "Your report was received. The complaint centre will review it within 2 working days."
    )
    assert submit().report.messages.get().text == "您的举报已收到。投诉举报中心将在2个工作日内审核。"
    with translation.override("zh-hans"):
        assert received_notice() == "您的举报已收到。投诉举报中心将在2个工作日内审核。"


def test_a_promise_is_a_number_of_working_days(supervisor):
    """A wording alone promises nothing a resident can hold the city to: it is refused."""
    policy = Policy.objects.get(key="promise-triage-review")
    with pytest.raises(ValidationError):
        policy_draft(policy=policy, user=supervisor, text="尽快审核。")
    with pytest.raises(ValidationError):
        policy_draft(policy=policy, user=supervisor, value={"working_days": 61})
    assert triage_promise_days() is None
    policy_set("promise-triage-review", value={"working_days": 1})
    assert triage_promise_days() == 1


def test_the_time_to_answer_a_question_is_neither_announced_nor_applied_until_adopted(supervisor):
    """It was a step of the internal deadlines, applied to residents as a draft: now a public
    policy of its own whose draft says the rules do not fix it."""
    draft = PolicyVersion.objects.get(policy__key="answer-period")
    assert draft.value == {"working_days": 5} and draft.source == PolicyVersion.Source.PROPOSED_DEFAULT
    assert "The rules do not fix it: the city decides." in draft.policy.description
    assert draft.policy.use == Policy.Use.PUBLIC
    assert (
        "reporter_answer"
        not in PolicyVersion.objects.get(policy__key="step-deadlines", policy__area=None).value
    )
    assert answer_period_days() is None
    with pytest.raises(ValidationError):
        policy_draft(policy=draft.policy, user=supervisor, value={"working_days": "5"})
    policy_set("answer-period", value={"working_days": 4})
    assert answer_period_days() == 4
    wages = Area.objects.get(code="wage_arrears")
    policy_set("answer-period", value={"working_days": 2}, area=wages)
    assert answer_period_days(area=wages) == 2 and answer_period_days() == 4


def test_the_time_to_rate_is_neither_announced_nor_applied_until_adopted(supervisor):
    """The page once said "five working days" as if it were the city's rule: now a draft whose
    source says the rules do not fix it."""
    draft = PolicyVersion.objects.get(policy__key="rating-period")
    assert draft.value == {"working_days": 5} and draft.source == PolicyVersion.Source.PROPOSED_DEFAULT
    assert "The rules do not fix it: the city decides." in draft.policy.description
    assert draft.policy.use == Policy.Use.PUBLIC
    assert rating_period_days() is None
    with pytest.raises(ValidationError):
        policy_draft(policy=draft.policy, user=supervisor, value={"working_days": 0})
    policy_set("rating-period", value={"working_days": 7})
    assert rating_period_days() == 7
    wages = Area.objects.get(code="wage_arrears")
    policy_set("rating-period", value={"working_days": 3}, area=wages)
    assert rating_period_days(area=wages) == 3 and rating_period_days() == 7


def test_only_a_supervisor_adopts_and_nothing_changes_otherwise(hrss_officer, supervisor):
    draft = PolicyVersion.objects.get(policy__key="listing-default-days")
    with pytest.raises(PermissionDenied):
        policy_adopt(version=draft, user=hrss_officer, source="rules", rules_section="3(2)1")
    draft.refresh_from_db()
    assert draft.state == PolicyVersion.State.DRAFT and draft.events.count() == 1


def test_adoption_through_the_supervision_page_is_audited_and_keeps_the_history(
    client, supervisor, hrss_officer, django_assert_max_num_queries
):
    draft = PolicyVersion.objects.get(policy__key="red-list-max-years")
    url = reverse("supervision:policy_adopt", args=[draft.pk])
    client.force_login(hrss_officer)
    assert client.get(reverse("supervision:policies")).status_code == 403
    assert client.post(url, {"source": "rules", "rules_section": "3(2)2"}).status_code == 403

    client.force_login(supervisor)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("supervision:policies"), **EN)
    assert page.status_code == 200
    assert "Nothing adopted: the city has not decided." in page.content.decode()
    assert client.get(url, **EN).status_code == 200
    bad = client.post(url, {"source": "bureau_decision", "document_date": "2026-01-05"}, **EN)
    assert bad.status_code == 400
    assert "Give the number of the decision." in bad.content.decode()
    draft.refresh_from_db()
    assert draft.state == PolicyVersion.State.DRAFT

    ndrc = Bureau.objects.get(code="ndrc")
    form = {
        "source": "bureau_decision",
        "issuing_bureau": ndrc.pk,
        "document_number": "儋发改〔2026〕9号",
        "document_date": "2026-01-05",
        "note": "经市发改委研究决定。",
    }
    assert client.post(url, form, **EN).status_code == 302
    draft.refresh_from_db()
    assert draft.state == PolicyVersion.State.ADOPTED and draft.adopted_by == supervisor
    assert draft.source_label.endswith("儋发改〔2026〕9号 (2026-01-05)")
    adopted = draft.events.get(action=PolicyEvent.Action.ADOPTED)
    assert adopted.actor == supervisor and adopted.note == "经市发改委研究决定。"
    assert policy_adopted("red-list-max-years") == draft

    second = policy_draft(policy=draft.policy, value={"years": 2}, user=supervisor)
    response = client.post(reverse("supervision:policy_adopt", args=[second.pk]), form, **EN)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == PolicyVersion.State.SUPERSEDED
    assert draft.events.filter(action=PolicyEvent.Action.SUPERSEDED, actor=supervisor).exists()
    assert policy_adopted("red-list-max-years").value == {"years": 2}
    assert list(draft.policy.versions.values_list("number", "state")) == [(2, "adopted"), (1, "superseded")]
    again = client.post(url, form, **EN)
    assert again.status_code == 400 and "Only a draft can be adopted." in again.content.decode()


def test_the_admin_adds_drafts_and_never_edits_an_adopted_version(admin_client):
    policy = Policy.objects.get(key="penalty-shown-days")
    response = admin_client.post(
        reverse("admin:intake_policyversion_add"),
        {"policy": policy.pk, "value": '{"days": 730}', "text": "", "text_en": ""},
    )
    assert response.status_code == 302
    added = policy.versions.get(number=2)
    assert added.state == PolicyVersion.State.DRAFT and added.value == {"days": 730}
    assert added.events.get().action == PolicyEvent.Action.DRAFTED
    adopted = policy_set("penalty-shown-days", value={"days": 365})
    change = reverse("admin:intake_policyversion_change", args=[adopted.pk])
    assert admin_client.get(change).status_code == 200  # view only
    admin_client.post(change, {"value": '{"days": 1}', "text": "", "text_en": ""})
    adopted.refresh_from_db()
    assert adopted.value == {"days": 365}
    assert admin_client.get(reverse("admin:intake_policy_change", args=[policy.pk])).status_code == 200
