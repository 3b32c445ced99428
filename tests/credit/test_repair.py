"""Credit repair: apply with evidence, the lead bureau reviews, the credit office decides."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from credit.flows import EnforcementFlow, RepairFlow
from credit.models import (
    CreditRecord,
    Enforcement,
    Listing,
    Publication,
    RepairApplication,
    RepairEvidence,
)
from credit.services.listings import enforcement_confirm, enforcement_lift_confirm
from credit.services.publications import publication_publish
from credit.services.repair import repair_decide, repair_review
from intake.models import Bureau
from workflow.permissions import bureau_permission

pytestmark = pytest.mark.django_db

OPEN = [STATUS.NEW, STATUS.ASSIGNED]


def png(name="proof.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def form(code: str, **overrides) -> dict:
    data = {
        "subject_identifier": code,
        "applicant_role": "subject",
        "applicant_name": "张经理",
        "applicant_phone": "13800138000",
        "corrections": ["rectified", "training"],
        "statement": "已全额支付拖欠的工资共计三十万元，并参加了信用修复培训。",
        "evidence": [png()],
    }
    data.update(overrides)
    return data


@pytest.fixture
def listed(blacklisted, psb_officer, court_officer, hrss_officer):
    """A published listing 400 days old, both measures in effect: repair is possible."""
    decided = timezone.now() - datetime.timedelta(days=400)
    case, outcome = blacklisted(measures=("restrict_exit", "restrict_flights_trains"), decided_at=decided)
    listing = Listing.objects.get(outcome=outcome)
    enforcement_confirm(
        enforcement=listing.enforcements.get(measure__code="restrict_exit"),
        user=psb_officer,
        took_effect=True,
    )
    enforcement_confirm(
        enforcement=listing.enforcements.get(measure__code="restrict_flights_trains"),
        user=court_officer,
        took_effect=True,
    )
    publication = publication_publish(publication=Publication.objects.get(listing=listing), user=hrss_officer)
    return listing, publication


def apply(client, publication, **overrides):
    return client.post(
        f"/credit/entries/{publication.pk}/repair/",
        form(publication.credit_code, **overrides),
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_repair_approved_ends_the_listing_and_lifts_the_measures(
    listed, client, hrss_officer, ndrc_officer, psb_officer, court_officer
):
    listing, publication = listed
    response = apply(client, publication)
    assert response.status_code == 302
    done = client.get("/credit/repair/done/").content.decode()
    application = RepairApplication.objects.get()
    assert application.reference in done
    receipt = done.split('class="receipt">')[1].split("</p>")[0].strip()
    assert "already shown" in client.get("/credit/repair/done/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert RepairEvidence.objects.filter(application=application).count() == 1

    # The lead (deciding) bureau reviews.
    review = Task.objects.get(process_id=application.process_id, flow_task=RepairFlow.review, status__in=OPEN)
    assert review.owner_permission == bureau_permission(listing.bureau_id)
    client.force_login(hrss_officer)
    assert (
        client.post(
            f"/credit/tasks/{review.pk}/", {"recommend": "yes", "opinion": "已纠正，建议修复。"}
        ).status_code
        == 302
    )

    # The credit office decides.
    decision = Task.objects.get(
        process_id=application.process_id, flow_task=RepairFlow.decide, status__in=OPEN
    )
    assert decision.owner_permission == bureau_permission(Bureau.objects.get(code="ndrc").pk)
    client.force_login(ndrc_officer)
    assert client.post(f"/credit/tasks/{decision.pk}/", {"approve": "yes", "reason": ""}).status_code == 302

    listing.refresh_from_db()
    publication.refresh_from_db()
    application.refresh_from_db()
    assert application.state == RepairApplication.State.APPROVED
    assert listing.state == Listing.State.ENDED
    assert publication.state == Publication.State.WITHDRAWN
    ended = CreditRecord.objects.get(kind=CreditRecord.Kind.LISTING_ENDED)
    assert ended.concerns.kind == CreditRecord.Kind.BLACKLIST
    assert ended.details["repair_application"] == application.reference
    assert ended.created_by == ndrc_officer

    # Gone from the public pages, the API and the CSV.
    client.logout()
    assert client.get(f"/credit/entries/{publication.pk}/").status_code == 404
    assert publication.credit_code not in client.get("/credit/").content.decode()
    assert publication.credit_code not in client.get("/api/v1/credit/entries/").content.decode()
    assert (
        publication.credit_code
        not in b"".join(client.get("/credit/export/blacklist.csv").streaming_content).decode()
    )

    # Each measure's bureau is told to lift it and confirms.
    for enforcement in listing.enforcements.all():
        assert enforcement.state == Enforcement.State.LIFTING
        lift = Task.objects.get(
            process_id=enforcement.process_id, flow_task=EnforcementFlow.lift, status__in=OPEN
        )
        assert lift.owner_permission == bureau_permission(enforcement.bureau_id)
    exit_ban = listing.enforcements.get(measure__code="restrict_exit")
    enforcement_lift_confirm(enforcement=exit_ban, user=psb_officer, note="已解除限制出境。")
    assert exit_ban.state == Enforcement.State.LIFTED and exit_ban.lifted_by == psb_officer
    with pytest.raises(PermissionDenied):
        enforcement_lift_confirm(
            enforcement=listing.enforcements.get(measure__code="restrict_flights_trains"), user=psb_officer
        )

    status = client.post(
        "/credit/repair/status/", {"receipt": receipt}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Approved: the listing has ended" in status


def test_repair_refused_leaves_everything_in_place(listed, client, hrss_officer, ndrc_officer):
    listing, publication = listed
    apply(client, publication)
    application = RepairApplication.objects.get()
    repair_review(application=application, user=hrss_officer, recommend=True, opinion="建议修复。")
    with pytest.raises(ValidationError):
        repair_decide(application=application, user=ndrc_officer, approve=False, reason="")
    repair_decide(
        application=application, user=ndrc_officer, approve=False, reason="培训证明不完整，请补充后再申请。"
    )

    application.refresh_from_db()
    listing.refresh_from_db()
    publication.refresh_from_db()
    assert application.state == RepairApplication.State.REFUSED
    assert application.refusal_reason == "培训证明不完整，请补充后再申请。"
    assert listing.state == Listing.State.ACTIVE
    assert publication.state == Publication.State.PUBLISHED
    assert set(listing.enforcements.values_list("state", flat=True)) == {Enforcement.State.IN_EFFECT}
    assert not Task.objects.filter(flow_task=EnforcementFlow.lift).exists()
    assert not CreditRecord.objects.filter(kind=CreditRecord.Kind.LISTING_ENDED).exists()
    assert client.get(f"/credit/entries/{publication.pk}/").status_code == 200


def test_the_lead_bureau_can_refuse_with_its_reason(listed, client, hrss_officer):
    listing, publication = listed
    apply(client, publication)
    application = RepairApplication.objects.get()
    repair_review(
        application=application, user=hrss_officer, recommend=False, opinion="仍有两名工人的工资未付清。"
    )
    application.refresh_from_db()
    assert application.state == RepairApplication.State.REFUSED
    assert application.refusal_reason == "仍有两名工人的工资未付清。"
    assert not Task.objects.filter(process_id=application.process_id, flow_task=RepairFlow.decide).exists()
    listing.refresh_from_db()
    assert listing.state == Listing.State.ACTIVE


def test_a_repair_application_is_accepted_on_the_day_of_listing(blacklisted, hrss_officer, client):
    """Rules, part 3(2)3: subjects are encouraged to rectify quickly and repair their credit;
    no minimum listing period applies unless an adopted policy sets one."""
    case, outcome = blacklisted(measures=("restrict_exit", "bar_tenders"))
    listing = Listing.objects.get(outcome=outcome)
    assert listing.listed_on == timezone.localdate()
    publication = publication_publish(publication=Publication.objects.get(listing=listing), user=hrss_officer)
    page = client.get(f"/credit/entries/{publication.pk}/repair/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Credit repair can be applied for from" not in page
    response = apply(client, publication)
    assert response.status_code == 302
    assert RepairApplication.objects.get().listing == listing
    assert RepairEvidence.objects.count() == 1


def test_bad_applications_get_clear_messages_and_store_nothing(listed, client):
    listing, publication = listed
    response = apply(
        client, publication, subject_identifier="91460400MA00000099", statement="太短", evidence=[]
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "This is not the credit code or identity number of the listed subject." in body
    assert "Describe what was done in at least 20 characters." in body
    assert "Attach at least one document or photo proving the correction." in body
    not_an_image = SimpleUploadedFile("x.png", b"hello", content_type="image/png")
    body = apply(client, publication, evidence=[not_an_image]).content.decode()
    assert "is not a JPEG, PNG, WebP image or PDF document" in body
    assert not RepairApplication.objects.exists()


def test_one_application_at_a_time(listed, client):
    listing, publication = listed
    assert apply(client, publication).status_code == 302
    response = apply(client, publication)
    assert response.status_code == 400
    assert "An application for this listing is already being handled." in response.content.decode()
    assert RepairApplication.objects.count() == 1


def test_evidence_is_private_to_the_reviewing_officers(
    listed, client, hrss_officer, ndrc_officer, psb_officer
):
    listing, publication = listed
    apply(client, publication)
    evidence = RepairEvidence.objects.get()
    url = f"/credit/repair/evidence/{evidence.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(psb_officer)
    assert client.get(url).status_code == 404
    for officer in (hrss_officer, ndrc_officer):
        client.force_login(officer)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert evidence.file.name.startswith("credit/repair/") and "proof" not in evidence.file.name


def test_an_unknown_receipt_gets_one_message(client):
    response = client.post(
        "/credit/repair/status/", {"receipt": "AAAA-BBBB-CCCC-DDDD-EEEE"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 404
    assert "No application matches this receipt." in response.content.decode()


def test_a_measure_confirmed_after_the_listing_ended_is_lifted_at_once(
    blacklisted, hrss_officer, psb_officer
):
    from credit.services.listings import listing_end

    case, outcome = blacklisted(measures=("restrict_exit",))
    listing = Listing.objects.get(outcome=outcome)
    listing_end(listing=listing, state=Listing.State.EXPIRED, reason="期满。")
    exit_ban = listing.enforcements.get()
    enforcement_confirm(enforcement=exit_ban, user=psb_officer, took_effect=True)
    assert exit_ban.state == Enforcement.State.LIFTING
    assert Task.objects.filter(
        process_id=exit_ban.process_id, flow_task=EnforcementFlow.lift, status=STATUS.NEW
    ).exists()
