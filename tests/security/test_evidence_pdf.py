"""PDF evidence holding scripts is refused at every door, and no evidence file runs anything
in an officer's browser (finding 10)."""

import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from reportlab.pdfgen import canvas

from intake.evidence import evidence_check, pdf_active_content
from intake.models import Report


def plain_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Wage slip")
    page.save()
    return buffer.getvalue()


def pdf_with_open_action_script() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_open_action(JavaScript("app.alert('hello');"))  # /OpenAction << /S /JavaScript >>
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def handmade(body: bytes) -> bytes:
    return b"%PDF-1.7\n" + body + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def object_stream_hiding(dictionary: bytes) -> bytes:
    packed = zlib.compress(b"5 0 " + dictionary)
    return handmade(
        b"1 0 obj << /Type /Catalog /OpenAction 5 0 R >> endobj\n"
        b"9 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(packed)).encode()
        + b" >>\nstream\n"
        + packed
        + b"\nendstream endobj"
    )


HOSTILE = {
    "open_action_javascript": pdf_with_open_action_script(),
    "hex_escaped_name": handmade(b"1 0 obj << /OpenAction << /S /J#61vaScript /JS (x) >> >> endobj"),
    "launch": handmade(b"1 0 obj << /OpenAction << /S /Launch /F (cmd.exe) >> >> endobj"),
    "embedded_file": handmade(b"1 0 obj << /Names << /EmbeddedFiles 2 0 R >> >> endobj"),
    "page_additional_action": handmade(b"3 0 obj << /Type /Page /AA << /O << /S /JS /JS (x) >> >> >> endobj"),
    "in_a_compressed_object_stream": object_stream_hiding(b"<< /S /JavaScript /JS (app.alert(1)) >>"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_pdfs_with_active_content_are_refused_with_a_reason(name):
    with pytest.raises(ValidationError) as refused:
        evidence_check(SimpleUploadedFile("slip.pdf", HOSTILE[name]))
    assert refused.value.error_list[0].code == "active"


def test_a_plain_pdf_and_one_that_opens_at_a_page_are_kept():
    assert not pdf_active_content(plain_pdf())
    assert not pdf_active_content(handmade(b"1 0 obj << /OpenAction [3 0 R /Fit] /JSON (no) >> endobj"))
    assert evidence_check(SimpleUploadedFile("slip.pdf", plain_pdf())).content_type == "application/pdf"


@pytest.mark.django_db
def test_the_public_api_refuses_the_report_and_stores_nothing(client):
    response = client.post(
        "/api/v1/reports/",
        {
            "description": "工地老板拖欠我们三个月工资,一直不给。",
            "attachments": [SimpleUploadedFile("slip.pdf", HOSTILE["open_action_javascript"])],
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert "脚本" in response.json()["errors"]["attachments"][0]
    assert not Report.objects.exists()
