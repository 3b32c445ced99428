"""Evidence on S3-compatible object storage: private objects, served only through our views."""

import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from intake.models import Attachment
from tests.operations.s3 import s3_client, s3_server, storage_settings
from workflow.models import Case

BUCKET = "city-evidence"


@pytest.fixture(scope="module")
def endpoint():
    with s3_server() as url:
        yield url


@pytest.fixture
def s3_store(settings, endpoint, tmp_path):
    client = s3_client(endpoint)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {**settings.STORAGES, "default": storage_settings(endpoint, BUCKET)}
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def filed_case(client, django_capture_on_commit_callbacks, s3_store):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/reports/",
            {
                "description": "老板拖欠我们三个月工资,一直不给。",
                "attachments": [SimpleUploadedFile("site.jpg", jpeg_bytes(), content_type="image/jpeg")],
            },
        )
    assert response.status_code == 201, response.content
    return Case.objects.get(report__reference=response.json()["reference"])


@pytest.mark.django_db
def test_evidence_lands_in_the_bucket_privately_and_not_on_local_disk(filed_case, s3_store, settings):
    attachment = Attachment.objects.get(report=filed_case.report)
    keys = {item["Key"] for item in s3_store.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert {attachment.file.name, attachment.thumbnail.name} <= keys
    grants = s3_store.get_object_acl(Bucket=BUCKET, Key=attachment.file.name)["Grants"]
    assert all(grant["Grantee"].get("URI") is None for grant in grants), "no public or group grant"
    assert not (settings.MEDIA_ROOT.exists() and any(settings.MEDIA_ROOT.rglob("*.jpg")))


@pytest.mark.django_db
def test_an_officer_gets_the_evidence_streamed_through_the_access_check(
    client, filed_case, triage_user, hrss_officer
):
    attachment = Attachment.objects.get(report=filed_case.report)
    url = reverse("case:attachment", args=[filed_case.reference, attachment.pk])
    client.force_login(triage_user)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    body = b"".join(response.streaming_content)
    assert Image.open(io.BytesIO(body)).size == (64, 48)
    thumb = client.get(url + "?thumbnail=1")
    assert thumb.status_code == 200 and b"".join(thumb.streaming_content)[:2] == b"\xff\xd8"
    page = client.get(reverse("case:case_detail", args=[filed_case.reference])).content.decode()
    assert "127.0.0.1:" not in page and "X-Amz" not in page and BUCKET not in page, "no object URL in a page"

    client.force_login(hrss_officer)  # not yet dispatched to this bureau
    assert client.get(url).status_code in (403, 404)


@pytest.mark.django_db
def test_readiness_checks_the_object_store(client, s3_store):
    assert client.get("/readyz").json()["checks"]["store"] == "ok"
    assert s3_store.get_object(Bucket=BUCKET, Key="health/probe.txt")["Body"].read() == b"ok"
    assert default_storage.exists("health/probe.txt")
