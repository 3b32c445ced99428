"""What officers do in the workbench, as steps the scenarios share. Every click goes through
the journey, so the lifecycle scenario can count them."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.browser.helpers import Journey

WORKBENCH = "/workflow/"
ERRORS = ".errorlist, .vf-form__errors, .vf-field__error, .mdc-text-field-helper-text, [role=alert]"


def menu(journey: Journey, page: Page, path: str) -> None:
    """Open a workbench list (inbox, queue, cases) from the navigation."""
    if not page.url.split("?")[0].endswith(path):
        if not page.locator(f"a[href='{path}']").count():
            page.goto(WORKBENCH)
        journey.click(page.locator(f"a[href='{path}']").first)
        page.wait_for_url(f"**{path}")


def take(journey: Journey, page: Page, reference: str, task: str | None = None) -> None:
    """Take a case task from the queue with one click and land on its form."""
    menu(journey, page, "/workflow/case/queue/")
    row = page.locator("tr", has_text=reference)
    if task:
        row = row.filter(has_text=task)
    expect(row.first).to_be_visible()
    journey.click(
        row.first.locator("button, a[href*='/credit/tasks/'], a[href*='/workflow/case/tasks/']").first
    )
    page.wait_for_url(re.compile(r"/(execute|credit/tasks/\d+|workflow/case/tasks/\d+)/"))


def open_from_inbox(journey: Journey, page: Page, reference: str, task: str | None = None) -> None:
    """Open a task already in the officer's inbox."""
    menu(journey, page, "/workflow/case/inbox/")
    row = page.locator("tr", has_text=reference)
    if task:
        row = row.filter(has_text=task)
    journey.click(
        row.first.locator(
            "a[href*='/execute/'], a[href*='/credit/tasks/'], a[href*='/workflow/case/tasks/']"
        ).first
    )
    page.wait_for_url(re.compile(r"/(execute|credit/tasks/\d+|workflow/case/tasks/\d+)/"))


def controls(name: str) -> str:
    """The native controls of a field (the Material frontend's elements carry the name too)."""
    return f"input[name='{name}']:not([type=hidden]), select[name='{name}'], textarea[name='{name}']"


def task_form(page: Page, field: str) -> Locator:
    return page.locator("form").filter(has=page.locator(f"[name='{field}']")).last


def fill(journey: Journey, page: Page, values: dict) -> Locator:
    """Fill a task form by field name, as a person would: a click for each choice (radio,
    box, menu); typed text is not a click. Lists tick several boxes. Returns the form."""
    form = task_form(page, next(iter(values)))
    for name, value in values.items():
        control = form.locator(controls(name))
        if not control.count() and form.locator(f"vf-field-select[name='{name}']").count():
            # The Material frontend's own menu: open it, pick the option.
            widget = form.locator(f"vf-field-select[name='{name}']")
            journey.click(widget.locator(".mdc-select__anchor"))
            journey.click(widget.locator(f"li[data-value='{value}']"))
            expect(form.locator(f"input[type=hidden][name='{name}']")).to_have_value(str(value))
            continue
        kind = control.first.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if value is True:  # the one box of a yes/no field
            journey.click(control.first, force=True)
            expect(control.first).to_be_checked()
        elif kind in ("input:radio", "input:checkbox"):
            for one in value if isinstance(value, list) else [value]:
                target = form.locator(f"input[name='{name}'][value='{one}']")
                journey.click(target, force=True)
                expect(target).to_be_checked()
        elif kind.startswith("select"):
            journey.click(control.first)
            control.first.select_option(value if isinstance(value, list) else str(value))
            page.keyboard.press("Escape")
        else:
            control.first.fill(str(value))  # typing is not counted as a click
    return form


ERROR_PAGE = re.compile(r"Page not found|Server Error|Forbidden|\b(403|404|500)\b")


def submit(journey: Journey, page: Page, form: Locator, *, label: str | None = None, defects=None) -> None:
    """Press the form's main button and wait until the page has moved on. A form that stays
    (errors shown) fails; so does an error page after it, unless `defects` collects them."""
    before = page.url
    buttons = form.locator("button[type=submit], button:not([type]), input[type=submit]")
    button = buttons.filter(has_text=label).first if label else buttons.last
    journey.click(button)
    try:
        page.wait_for_function(
            "([before, pattern]) => location.href !== before || new RegExp(pattern).test(document.title)",
            arg=[before, ERROR_PAGE.pattern],
            timeout=15000,
        )
    except Exception as exc:
        shown = page.locator(ERRORS).all_inner_texts()
        raise AssertionError(f"the form at {before} did not go through: {shown}") from exc
    page.wait_for_load_state()
    title = page.title()
    if ERROR_PAGE.search(title):
        problem = f"after submitting {before}: {title!r} at {page.url}"
        if defects is None:
            raise AssertionError(problem)
        defects.append(problem)
        page.goto(WORKBENCH)


def case_page(journey: Journey, page: Page, reference: str) -> None:
    menu(journey, page, "/workflow/case/cases/")
    journey.click(page.locator(f"a[href$='/cases/{reference}/']").first)
    page.wait_for_url(f"**/cases/{reference}/")


def work_on(journey: Journey, page: Page, reference: str, task: str | None = None) -> None:
    """Open the case's task from the inbox when it was given to the officer, or take it from
    the queue."""
    menu(journey, page, "/workflow/case/inbox/")
    row = page.locator("tr", has_text=reference)
    if task:
        row = row.filter(has_text=task)
    if row.count():
        open_from_inbox(journey, page, reference, task)
    else:
        take(journey, page, reference, task)
