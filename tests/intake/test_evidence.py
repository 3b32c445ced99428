import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, PngImagePlugin
from reportlab.pdfgen import canvas

from intake.evidence import evidence_check, thumbnail_make
from intake.models import Attachment, Report

RED, BLUE = (255, 0, 0), (0, 0, 255)
GPS_IFD, ORIENTATION = 0x8825, 0x0112


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def upload(content: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def jpeg_with_gps() -> bytes:
    """40x20, red left half and blue right half, stored sideways (orientation 6) with GPS."""
    image = Image.new("RGB", (40, 20), BLUE)
    image.paste(RED, (0, 0, 20, 20))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (19.0, 31.0, 12.0), 3: "E", 4: (109.0, 34.0, 48.0)})
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Chen Xiaoming")
    info.add_itxt("Comment", "住在那大镇", lang="zh")
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), RED).save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def png_bomb(width: int = 20000, height: int = 20000) -> bytes:
    """A PNG of a few hundred bytes whose header declares 400 million 1-bit pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + width // 8) * 8)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def real_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Wage slip")
    page.save()
    return buffer.getvalue()


def stored_files(root) -> list[Path]:
    root = Path(root)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# -- cleaning ---------------------------------------------------------------------------------


def test_jpeg_loses_exif_and_gps_and_is_turned_upright():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the fixture does carry GPS
    evidence = evidence_check(upload(original))
    assert evidence.content_type == "image/jpeg" and evidence.extension == "jpg"
    clean = Image.open(io.BytesIO(evidence.content))
    assert len(clean.getexif()) == 0
    assert (
        "exif" not in clean.info and b"Exif" not in evidence.content and b"PhoneMaker" not in evidence.content
    )
    assert clean.size == (20, 40)  # was 40x20 lying on its side
    top, bottom = clean.convert("RGB").getpixel((10, 5)), clean.convert("RGB").getpixel((10, 35))
    assert top[0] > 200 and top[2] < 60  # the left (red) half is now on top
    assert bottom[2] > 200 and bottom[0] < 60


def test_image_gets_a_metadata_free_thumbnail():
    evidence = evidence_check(upload(jpeg_with_gps()))
    thumbnail = Image.open(io.BytesIO(thumbnail_make(evidence.content)))
    assert thumbnail.format == "JPEG" and len(thumbnail.getexif()) == 0
    assert max(thumbnail.size) <= 320


def test_png_text_chunks_are_dropped():
    evidence = evidence_check(upload(png_with_text(), "screen.png", "image/png"))
    assert evidence.content_type == "image/png"
    for marker in (b"tEXt", b"iTXt", b"zTXt", b"Chen Xiaoming", "那大镇".encode()):
        assert marker not in evidence.content
    assert Image.open(io.BytesIO(evidence.content)).text == {}


def test_file_is_identified_by_content_not_name():
    evidence = evidence_check(upload(png_with_text(), "looks-like.pdf", "application/pdf"))
    assert evidence.content_type == "image/png" and evidence.extension == "png"


def test_real_pdf_is_accepted_unchanged():
    content = real_pdf()
    evidence = evidence_check(upload(content, "slip.pdf", "application/pdf"))
    assert evidence.content_type == "application/pdf"
    assert evidence.content == content and not evidence.is_image


# -- refusals ----------------------------------------------------------------------------------

REFUSALS = {
    "bomb": (lambda: png_bomb(), "big.png", "has too many pixels to be safe to open"),
    "not_an_image": (
        lambda: b"just some text, not a picture at all",
        "photo.jpg",
        "is not a JPEG, PNG, WebP image or PDF",
    ),
    "fake_pdf": (
        lambda: b"%PDF-1.7\nthis is no PDF at all, just a header",
        "scan.jpg",
        "is not a complete PDF document",
    ),
    "broken_jpeg": (lambda: jpeg_with_gps()[:200], "cut.jpg", "is damaged and cannot be read"),
    "empty": (lambda: b"", "empty.jpg", "is empty"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_bad_file_is_refused_with_a_clear_message(case):
    make, name, message = REFUSALS[case]
    with pytest.raises(ValidationError) as exc:
        evidence_check(upload(make(), name))
    assert message in exc.value.messages[0]
    assert name in exc.value.messages[0]


def test_image_over_the_pixel_limit_is_refused(settings):
    settings.INTAKE_MAX_IMAGE_PIXELS = 100
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), RED).save(buffer, format="PNG")
    with pytest.raises(ValidationError) as exc:
        evidence_check(upload(buffer.getvalue(), "small.png"))
    assert exc.value.code == "bomb"


def test_oversized_file_is_refused_before_it_is_read(settings):
    settings.INTAKE_MAX_ATTACHMENT_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as exc:
        evidence_check(upload(b"%PDF-" + b"0" * (1024 * 1024) + b"%%EOF", "huge.pdf"))
    assert exc.value.messages == ["The file huge.pdf is larger than 1 MB."]


# -- refusals through the API: 400, a clear message, nothing stored ---------------------------


def post_report(client, files):
    return client.post(
        "/api/v1/reports/",
        {"description": "工地老板拖欠工资三个月。", "attachments": files},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def jpeg(colour=RED) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("case", REFUSALS)
def test_api_refuses_a_bad_file_and_stores_nothing(client, settings, case):
    make, name, message = REFUSALS[case]
    response = post_report(client, [upload(jpeg(), "fine.jpg"), upload(make(), name)])
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["attachments"]
    assert any(message in m for m in errors["attachments"])
    assert not Report.objects.exists() and not Attachment.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


@pytest.mark.django_db
def test_api_refuses_an_oversized_file_and_stores_nothing(client, settings):
    settings.INTAKE_MAX_ATTACHMENT_BYTES = 1024 * 1024
    response = post_report(client, [upload(b"\xff\xd8\xff" + b"0" * (1024 * 1024), "big.jpg")])
    assert response.status_code == 400
    assert response.json()["errors"]["attachments"] == ["The file big.jpg is larger than 1 MB."]
    assert not Report.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


@pytest.mark.django_db
def test_api_refuses_a_sixth_file_and_stores_nothing(client, settings):
    response = post_report(client, [upload(jpeg(), f"p{n}.jpg") for n in range(6)])
    assert response.status_code == 400
    assert response.json()["errors"]["attachments"] == ["At most 5 files can be attached."]
    assert not Report.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


@pytest.mark.django_db
def test_api_refuses_more_files_than_the_server_parses(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    response = post_report(client, [upload(jpeg(), f"p{n}.jpg") for n in range(4)])
    assert response.status_code == 400
    assert "errors" in response.json()
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_api_stores_five_clean_files(client, settings):
    files = [upload(jpeg_with_gps(), f"p{n}.jpg") for n in range(4)] + [upload(real_pdf(), "slip.pdf")]
    response = post_report(client, files)
    assert response.status_code == 201
    report = Report.objects.get()
    assert (
        sorted(a.content_type for a in report.attachments.all()) == ["application/pdf"] + ["image/jpeg"] * 4
    )
    for attachment in report.attachments.filter(content_type="image/jpeg"):
        content = attachment.file.read()
        assert b"Exif" not in content and b"PhoneMaker" not in content
    # Stored under random names: the reporter's file names are nowhere on disk.
    assert not any(p.name.startswith("p") or p.name == "slip.pdf" for p in stored_files(settings.MEDIA_ROOT))


@pytest.mark.django_db
def test_evidence_is_written_before_the_reference_counter_is_taken(client, settings, monkeypatch):
    """Every report of the city waits for the year's counter row from its number to the
    commit: a slow evidence store must not hold it."""
    from intake import services
    from intake.models import ReferenceCounter

    post_report(client, [])  # the year's counter row exists
    counted = []
    write = services._attachment_file_write

    def counting_write(item, stored_files):
        counted.append(ReferenceCounter.objects.get().last)
        return write(item, stored_files)

    monkeypatch.setattr(services, "_attachment_file_write", counting_write)
    before = ReferenceCounter.objects.get().last
    assert post_report(client, [upload(jpeg(), "a.jpg"), upload(jpeg(BLUE), "b.jpg")]).status_code == 201
    assert counted == [before, before]  # both files written, the number not yet taken
    assert ReferenceCounter.objects.get().last == before + 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "failing", ["intake.services.ReportMessage.objects.create", "intake.services._reference_next"]
)
def test_a_report_that_fails_after_its_files_were_written_leaves_no_file(client, settings, failing):
    from unittest import mock

    with mock.patch(failing, side_effect=RuntimeError("database went away")), pytest.raises(RuntimeError):
        post_report(client, [upload(jpeg(), "a.jpg")])
    assert not Report.objects.exists() and not Attachment.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


@pytest.mark.django_db
def test_information_that_fails_to_store_leaves_no_file(client, settings):
    from unittest import mock

    from intake.services import report_message_add

    post_report(client, [])
    report = Report.objects.get()
    with (
        mock.patch("intake.services.ReportMessage.objects.create", side_effect=RuntimeError("gone")),
        pytest.raises(RuntimeError),
    ):
        report_message_add(report=report, text="补充材料", attachments=[upload(jpeg(), "a.jpg")])
    assert not Attachment.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


# -- thumbnails, made by a worker after the report commits --------------------------------------


@pytest.mark.django_db
def test_the_thumbnail_is_made_after_commit_not_in_the_request(submit, django_capture_on_commit_callbacks):
    from intake.models import Attachment

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(attachments=[upload(jpeg_with_gps())])
    attachment = Attachment.objects.get()
    assert not attachment.thumbnail, "the request stored only the cleaned image"
    for callback in callbacks:
        callback()
    attachment.refresh_from_db()
    thumbnail = Image.open(attachment.thumbnail.open("rb"))
    assert thumbnail.format == "JPEG" and max(thumbnail.size) <= 320


@pytest.mark.django_db
def test_a_second_thumbnail_run_changes_nothing_and_the_sweep_finds_what_was_lost(
    submit, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from intake.models import Attachment
    from intake.services import attachment_thumbnail_make, attachment_thumbnails_missing

    with django_capture_on_commit_callbacks(execute=False):  # the hand-over to the broker is lost
        submit(attachments=[upload(jpeg_with_gps())])
    attachment = Attachment.objects.get()
    assert attachment_thumbnails_missing() == []  # too recent: the queued task may still come
    Attachment.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    assert attachment_thumbnails_missing() == [attachment.pk]
    assert attachment_thumbnail_make(attachment_id=attachment.pk) is True
    name = Attachment.objects.get().thumbnail.name
    assert attachment_thumbnail_make(attachment_id=attachment.pk) is False
    assert Attachment.objects.get().thumbnail.name == name and attachment_thumbnails_missing() == []
