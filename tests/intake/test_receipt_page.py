"""The receipt page: shown once, kept whole on a phone, copied or saved, and not left by accident."""

import re
from urllib.parse import unquote

import pytest
from django.contrib.staticfiles import finders

from intake.models import Report
from intake.receipts import receipt_hash

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _static(path: str) -> str:
    with open(finders.find(path), encoding="utf-8") as file:
        return file.read()


@pytest.fixture
def filed(client, db):
    """A resident files an anonymous report through the form; the receipt page is next."""
    response = client.post(
        "/report/",
        {
            "token": "tok_" + "c" * 28,
            "area": "",
            "description": "The employer has not paid our wages for three months.",
            "anonymous": "anonymous",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/report/done/"
    return Report.objects.get()


def test_receipt_breaks_only_between_its_groups(client, filed):
    html = client.get("/report/done/", **EN).content.decode()
    receipt = re.search(r'data-receipt="([0-9A-Z-]+)"', html).group(1)
    assert receipt_hash(receipt) == filed.receipt_hash
    groups = re.findall(r'<span class="receipt-group">([0-9A-Z]+)</span>', html)
    assert "-".join(groups) == receipt and all(len(group) == 4 for group in groups)
    assert html.count("<wbr>") == len(groups) - 1  # the only places a line may break
    assert ".receipt-group { white-space: nowrap; }" in _static("intake/site.css")


def test_receipt_can_be_copied_and_saved_as_a_text_file(client, filed):
    html = client.get("/report/done/", **EN).content.decode()
    receipt = re.search(r'data-receipt="([0-9A-Z-]+)"', html).group(1)
    assert "data-receipt-copy" in html and "Copy the receipt" in html
    assert '<script src="/static/intake/receipt.js" defer></script>' in html
    link = re.search(r'<a [^>]*download="([^"]+)" href="data:text/plain;charset=utf-8,([^"]+)"', html)
    assert link.group(1) == f"{filed.reference}-receipt.txt"
    text = unquote(link.group(2))
    assert receipt in text and filed.reference in text
    assert "http://testserver/track/" in text


def test_receipt_page_warns_before_leaving_in_words_and_in_the_browser(client, filed):
    html = client.get("/report/done/").content.decode()
    assert "回执码只在本页显示一次：离开或刷新本页后将无法再次查看。" in html
    assert "我已保存回执码" in html
    assert not re.search(r"\son[a-z]+=", html)  # behaviour lives in static files (CSP)
    script = _static("intake/receipt.js")
    assert 'addEventListener("beforeunload"' in script


def test_reloaded_receipt_page_offers_nothing_to_copy_or_save(client, filed):
    client.get("/report/done/")
    again = client.get("/report/done/").content.decode()
    assert "data-receipt" not in again and "data:text/plain" not in again
    assert "receipt.js" not in again
    assert filed.reference in again
