"""What a resident does on the public pages, as steps the scenarios share."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, expect

RECEIPT = re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$")

WAGE_ARREARS = {
    "zh-hans": {
        "description": "工地老板拖欠我们二十多名工人三个月工资,多次讨要无果。",
        "employer": "儋州某建设工程有限公司",
        "subject": "儋州某建设工程有限公司",
        "more": "补充:老板上周又答应月底付款,但至今没有付。",
    },
    "en": {
        "description": "The site boss has not paid forty workers for three months.",
        "employer": "Acme Construction Ltd",
        "subject": "Acme Construction Ltd",
        "more": "The boss promised again last week to pay by the end of the month.",
    },
}


@dataclass
class Filed:
    reference: str
    receipt: str


def photo(folder: Path, name: str = "evidence.jpg", colour=(200, 60, 40)) -> Path:
    """A small JPEG photo, as a phone camera would make one."""
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(buffer, format="JPEG", quality=80)
    path = folder / name
    path.write_bytes(buffer.getvalue())
    return path


def receipt_of(page: Page) -> Filed:
    reference = page.locator(".reference").first.inner_text().strip()
    box = page.locator(".receipt").first  # shown in groups; the whole receipt in data-receipt
    receipt = (box.get_attribute("data-receipt") or box.inner_text()).strip()
    assert RECEIPT.match(receipt), receipt
    return Filed(reference=reference, receipt=receipt)


def fill_wage_arrears(page: Page, language: str, evidence: Path, *, keyboard: bool = False) -> None:
    """The wage-arrears report form, filled by pointer (the default) or by keyboard alone."""
    words = WAGE_ARREARS[language]
    fields = [
        ("#id_description", words["description"]),
        ("[name='q-wage_arrears-employer']", words["employer"]),
        ("[name='q-wage_arrears-amount_owed']", "50000"),
        ("[name='q-wage_arrears-workers']", "20"),
        ("#id_subject_name", words["subject"]),
    ]
    expect(page.locator("#id_area")).to_have_value("wage_arrears")
    for selector, value in fields:
        field = page.locator(selector)
        if keyboard:
            field.focus()
            page.keyboard.type(value)
        else:
            field.fill(value)
    page.locator("#id_attachments").set_input_files(evidence)


def track_open(page: Page, receipt: str, journey=None) -> None:
    """Open a report by its receipt from the tracking page."""
    page.goto("/track/")
    page.locator("[name=receipt]").fill(receipt)
    button = page.locator("form.track-form [type=submit]")
    journey.click(button) if journey else button.click()
    page.wait_for_load_state()
    expect(page.locator("#add-information")).to_be_visible()


def file_report(page: Page, folder: Path, *, journey=None) -> Filed:
    """From the start page, file a wage-arrears report with a photo; the receipt shown."""
    click = journey.click if journey else (lambda target: target.click())
    page.goto("/")
    click(page.locator("a[href='/report/?area=wage_arrears']"))
    fill_wage_arrears(page, "zh-hans", photo(folder))
    click(page.locator("form.report-form [type=submit]"))
    page.wait_for_url("**/report/done/")
    return receipt_of(page)
