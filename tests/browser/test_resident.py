"""Scenario 1: a resident on a phone files a wage-arrears report with a photo, keeps the
receipt, later follows the report and adds information; once in Chinese and once in English.
Scenario 4: a resident files a report with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PHONE, audit, audit_assert, language_of, new_user
from tests.browser.resident import WAGE_ARREARS, fill_wage_arrears, photo, receipt_of, track_open

pytestmark = pytest.mark.browser


def receipt_groups_unbroken(page) -> bool:
    """No group of four characters of the receipt is split across two lines: the page shows
    each group in a span of its own (.receipt-group), the breaks allowed only between them."""
    return page.evaluate(
        """() => {
        const groups = [...document.querySelectorAll('.receipt .receipt-group')];
        if (!groups.length) return false;
        return groups.every(group => {
            const range = document.createRange();
            range.selectNodeContents(group);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            return tops.size === 1;
        });
    }"""
    )


def keeping_the_receipt(page, receipt: str) -> list[str]:
    """The ways to keep the receipt the page offers: a copy button, a download, a warning
    before leaving. What is missing, in words."""
    missing = []
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    copy = page.get_by_role("button", name=re.compile(r"复制|Copy", re.I))
    if copy.count():
        copy.first.click()
        copied = page.evaluate("() => navigator.clipboard.readText()")
        if copied.replace("-", "").replace(" ", "") != receipt.replace("-", ""):
            missing.append(f"the copy button copied {copied!r}")
    else:
        missing.append("no button copies the receipt")
    download = page.locator("a, button").filter(has_text=re.compile(r"下载|保存|Download|Save", re.I))
    if download.count():
        with page.expect_download() as saving:
            download.first.click()
        text = saving.value.path().read_bytes()
        as_text = receipt.encode() in text or receipt.replace("-", "").encode() in text
        as_image = saving.value.suggested_filename.endswith((".png", ".jpg"))
        if not (as_text or as_image):
            missing.append("the download does not hold the receipt")
    else:
        missing.append("the receipt cannot be downloaded")
    # The page warns until the resident has saved the receipt (the download ticks "I have
    # saved my receipt"): untick it, as someone who has not, and try to leave.
    saved = page.locator("[data-receipt-saved]")
    if saved.count() and saved.is_checked():
        saved.uncheck()
    warned = []
    page.once("dialog", lambda dialog: (warned.append(dialog.type), dialog.dismiss()))
    page.locator("a[href='/']").first.click()
    page.wait_for_timeout(500)
    if not warned and not page.url.endswith("/report/done/"):
        missing.append("leaving the receipt page gives no warning")
    return missing


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_resident_files_keeps_receipt_follows_and_adds_information(
    stack, new_context, tmp_path, test_name, language
):
    words = WAGE_ARREARS[language]
    phone = new_user(new_context, stack, language="zh-hans", device=PHONE)
    page = phone.new_page()

    # The start page, in the language the resident picks from the switch.
    page.goto("/")
    if language == "en":
        page.locator(".language-switch button[value=en]").click()
        page.wait_for_load_state()
    assert language_of(page) == language
    audit(page, test_name)

    # Chooses the area from the start page: the form opens with its questions.
    page.locator("a[href='/report/?area=wage_arrears']").click()
    expect(page.locator("#questions-wage_arrears")).to_be_visible()
    audit(page, test_name)

    fill_wage_arrears(page, language, photo(tmp_path))
    page.locator("form.report-form [type=submit]").click()
    page.wait_for_url("**/report/done/")

    # The receipt: readable on the phone, no group of four split over two lines.
    filed = receipt_of(page)
    receipt = page.locator(".receipt").first
    expect(receipt).to_be_visible()
    box = receipt.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["viewport"]["width"]
    missing = (
        [] if receipt_groups_unbroken(page) else ["the receipt breaks inside a group of four on a phone"]
    )
    audit(page, test_name, both_languages=False)  # shown once: a reload would not show it again
    missing += keeping_the_receipt(page, filed.receipt)

    # Later, in a fresh browser session, the resident follows the report with the receipt.
    phone.close()
    later = new_user(new_context, stack, language=language, device=PHONE)
    page = later.new_page()
    track_open(page, filed.receipt)
    expect(page.locator("h1 .reference")).to_have_text(filed.reference)
    expect(page.locator(".thumbnails img")).to_have_count(1)
    audit(page, test_name, both_languages=False)  # opened by POST

    # Adds information with a second photo.
    page.locator("#id_text").fill(words["more"])
    page.locator("#id_attachments").set_input_files(photo(tmp_path, "more.jpg", (40, 60, 200)))
    page.locator("#add-information [type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".messages .success")).to_be_visible()
    expect(page.locator(".thumbnails li")).to_have_count(2)  # listed at once
    for _ in range(40):  # the worker makes the new photo's thumbnail after the commit
        if page.locator(".thumbnails img").count() == 2:
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(page.locator(".thumbnails img")).to_have_count(2)
    audit(page, test_name)

    audit_assert(test_name)
    assert not missing, "keeping the receipt:\n" + "\n".join(missing)


def test_resident_files_a_report_with_the_keyboard_alone(stack, new_context, tmp_path, test_name):
    """Scenario 4: Tab, typing, arrow keys and Enter only; no pointer at all."""
    phone = new_user(new_context, stack, language="zh-hans", device=PHONE)
    page = phone.new_page()
    page.goto("/")

    # From the top of the start page, Tab to the area link and follow it with Enter.
    target = "/report/?area=wage_arrears"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('href')") == target:
            break
    else:
        raise AssertionError("the wage-arrears link cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target}")

    # Every field is typed into after focusing it by keyboard; the photo is chosen through
    # the file chooser that Space opens on the focused file field.
    fill_wage_arrears_by_tab(page, tmp_path)

    # Tab on to the send button and press Enter.
    page.keyboard.press("Enter")
    page.wait_for_url("**/report/done/")
    filed = receipt_of(page)
    assert filed.reference.startswith("DZ-")
    audit(page, test_name, both_languages=False)
    audit_assert(test_name)


def fill_wage_arrears_by_tab(page, tmp_path) -> None:
    """Walk the form with Tab, typing into the fields the report needs, up to the send button."""
    words = WAGE_ARREARS["zh-hans"]
    answers = {
        "description": words["description"],
        "q-wage_arrears-employer": words["employer"],
        "q-wage_arrears-amount_owed": "50000",
        "subject_name": words["subject"],
    }
    evidence = photo(tmp_path)
    # The chooser is intercepted from the start: a listener added only just before Space can
    # lose the race with the browser, which then opens a dialog nobody answers.
    page.on("filechooser", lambda chooser: chooser.set_files(evidence))
    visited = []
    for _ in range(80):
        page.keyboard.press("Tab")
        name = page.evaluate("() => document.activeElement.name || ''")
        visited.append(name)
        if name in answers:
            page.keyboard.type(answers.pop(name))
        elif name == "attachments":
            page.keyboard.press("Space")
            page.wait_for_function("() => document.activeElement.files.length === 1")
        on_send = page.evaluate(
            "() => document.activeElement.matches('form.report-form [type=submit]:not([name])')"
        )
        if on_send and not answers and "attachments" in visited:
            return
    raise AssertionError(f"fields not reached by Tab: {sorted(answers)}; order was {visited}")
