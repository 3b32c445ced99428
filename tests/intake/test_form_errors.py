"""A form that fails: on a phone the reader lands on the list of errors, and chosen files are
not silently lost."""

import io
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from intake.models import Report, ReportMessage

TOKEN = "tok_" + "d" * 28


def _jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 120, 30)).save(buffer, format="JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def _field(html: str, name: str) -> str:
    start = html.index(f'id="field-{name}"')
    following = html.find('id="field-', start + 1)
    return html[start : following if following != -1 else len(html)]


@pytest.fixture
def failed(client, db):
    """A report with a photo and a description too short: sent back with errors."""
    data = {
        "token": TOKEN,
        "area": "",
        "description": "太短",
        "anonymous": "anonymous",
        "attachments": [_jpeg()],
    }
    return client.post("/report/", data)


def test_error_summary_comes_first_takes_focus_and_links_to_each_field(failed):
    html = failed.content.decode()
    assert failed.status_code == 400 and Report.objects.count() == 0
    summary = re.search(r'<div class="error-summary"[^>]*>', html).group(0)
    assert 'tabindex="-1"' in summary and "data-error-summary" in summary and 'role="alert"' in summary
    assert html.index("data-error-summary") < html.index('<form method="post"')  # above the form
    links = re.findall(r'<a href="#(field-[a-z_]+)">', html[html.index("data-error-summary") :])
    assert "field-description" in links and "field-attachments" in links
    for target in links:
        assert f'id="{target}"' in html
    assert '<script src="/static/intake/forms.js" defer></script>' in html
    script = Path(finders.find("intake/forms.js")).read_text(encoding="utf-8")
    assert "summary.focus()" in script


def test_chosen_files_are_reported_lost_at_the_file_field_in_the_readers_language(failed):
    html = failed.content.decode()
    assert "您选择的文件未能保留，请重新选择。" in _field(html, "attachments")
    assert 'class="field has-error" id="field-attachments"' in html


def test_a_failed_form_without_files_does_not_mention_them(client, db):
    html = client.post(
        "/report/", {"token": TOKEN, "area": "", "description": "太短", "anonymous": "anonymous"}
    ).content.decode()
    assert "未能保留" not in html


def test_report_form_script_is_a_static_file_not_inline(client, db):
    html = client.get("/report/").content.decode()
    assert "<script>" not in html and not re.search(r"\son[a-z]+=", html)
    assert '<script src="/static/intake/report_form.js" defer></script>' in html


def test_adding_information_with_a_file_but_no_text_says_the_file_must_be_chosen_again(client, submit):
    submission = submit()
    client.post("/track/", {"receipt": submission.receipt})
    page = client.post("/track/add/", {"text": "", "attachments": [_jpeg()]})
    html = page.content.decode()
    assert page.status_code == 400
    assert "您选择的文件未能保留，请重新选择。" in _field(html, "attachments")
    assert (
        ReportMessage.objects.filter(report=submission.report, kind=ReportMessage.Kind.REPORTER_INFO).count()
        == 0
    )
