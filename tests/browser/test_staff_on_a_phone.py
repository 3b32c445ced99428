"""Staff pages on a phone: nothing widens the page past the screen; wide tables scroll inside
their own box (the supervision dashboard's tables once pushed the whole frame to 1,071 px)."""

import pytest

from tests.browser.helpers import PHONE, login, new_user

pytestmark = pytest.mark.browser

PAGES = {
    "supervisor": [
        "/supervision/",
        "/supervision/bulletins/",
        "/supervision/policies/",
        "/workflow/case/cases/",
    ],
    "hrss": ["/workflow/case/inbox/", "/workflow/case/queue/", "/credit/tasks/", "/credit/evaluations/"],
}


@pytest.mark.parametrize("username", sorted(PAGES))
def test_staff_pages_fit_a_phone_screen(stack, new_context, username):
    page = new_user(new_context, stack, device=PHONE).new_page()
    login(page, username)
    width = PHONE["viewport"]["width"]
    too_wide = {}
    for path in PAGES[username]:
        assert page.goto(path).status == 200
        scrolled = page.evaluate("document.documentElement.scrollWidth")
        if scrolled > width:
            too_wide[path] = scrolled
    assert too_wide == {}
