"""What every scenario shares: logging in, the axe audit of each page, and counting clicks.

`login` is the one place that knows how staff log in: a second factor goes here.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from dataclasses import dataclass, field

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.browser.stack import PASSWORD
from workflow.management.commands.demo_data import DEMO_BACKUP_CODE

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
LOCALES = {"zh-hans": "zh-CN", "en": "en-GB"}
LANGUAGE_COOKIE = "django_language"
IMPACTS = ("critical", "serious", "moderate", "minor")


def login(page: Page, username: str, *, password: str = PASSWORD, next_path: str = "/workflow/") -> None:
    """Log in through the login page as a person would, and land on `next_path`."""
    page.goto(f"/accounts/login/?next={next_path}")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    form.locator("[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/second-factor/" in page.url:  # staff confirm with a second factor: the demo backup code
        page.locator("input[name=code]").fill(DEMO_BACKUP_CODE)
        page.locator("form:has(input[name=code]) [type=submit]").click()
        page.wait_for_url(lambda url: "/second-factor/" not in url)


def language_of(page: Page) -> str:
    return page.locator("html").get_attribute("lang") or ""


# -- axe ---------------------------------------------------------------------------------


@dataclass
class PageAudit:
    test: str
    page: str
    language: str
    counts: Counter
    serious: list[str] = field(default_factory=list)


AUDITS: list[PageAudit] = []
_AXE = Axe()


def _page_name(page: Page) -> str:
    path = re.sub(r"^https?://[^/]+", "", page.url)
    path = re.sub(r"DZ-\d{4}-\d+", "<ref>", path)
    return re.sub(r"/\d+/", "/<id>/", path)


def _audit_once(page: Page, test: str, label: str | None) -> PageAudit:
    page.wait_for_load_state("load")
    settle_animations(page)
    results = _AXE.run(page, options={"resultTypes": ["violations"]})
    counts: Counter = Counter()
    serious = []
    for violation in results.response["violations"]:
        impact = violation.get("impact") or "minor"
        counts[impact] += len(violation["nodes"])
        if impact in ("critical", "serious"):
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            serious.append(f"{violation['id']} ({impact}): {violation['help']} at {targets}")
    name = f"{label or page.title()} {_page_name(page)}"
    record = PageAudit(test=test, page=name, language=language_of(page), counts=counts, serious=serious)
    AUDITS.append(record)
    return record


def settle_animations(page: Page) -> None:
    """Let finite animations and transitions end (at most 2 s): axe measures colour contrast
    as drawn, and a snackbar caught fading in reads as faint text."""
    page.evaluate(
        """() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() => {
            const running = document.getAnimations().filter(
                a => a.effect && a.effect.getComputedTiming().iterations !== Infinity);
            Promise.race([
                Promise.all(running.map(a => a.finished.catch(() => null))),
                new Promise(done => setTimeout(done, 2000)),
            ]).then(() => resolve(null));
        })))"""
    )


_AUDITED: set[tuple] = set()
_AUDITING = [False]  # an audit's reloads are not a person's page loads


def audit(page: Page, test: str, *, label: str | None = None, both_languages: bool = True) -> None:
    """Run axe on the page in its language and, for a page reached by GET that may be
    reloaded, in the other language as well. Findings are recorded; `audit_assert` fails.
    A kind of page (its path with references and ids left out) is audited once a run."""
    kind = (_page_name(page), language_of(page), both_languages)
    if kind in _AUDITED:
        return
    _AUDITED.add(kind)
    _AUDITING[0] = True
    try:
        _audit_both(page, test, label, both_languages)
        page.evaluate("0")  # a round trip: navigation events of the reloads arrive first
    finally:
        _AUDITING[0] = False


def _audit_both(page: Page, test: str, label: str | None, both_languages: bool) -> None:
    _audit_once(page, test, label)
    if not both_languages:
        return
    context = page.context
    current = language_of(page)
    other = "en" if current.startswith("zh") else "zh-hans"
    before = [c for c in context.cookies() if c["name"] == LANGUAGE_COOKIE]
    host = re.sub(r"^https?://([^/:]+).*$", r"\1", page.url)
    context.clear_cookies(name=LANGUAGE_COOKIE)
    context.add_cookies([{"name": LANGUAGE_COOKIE, "value": other, "domain": host, "path": "/"}])
    page.reload()
    _audit_once(page, test, label)
    context.clear_cookies(name=LANGUAGE_COOKIE)
    if before:
        context.add_cookies(before)
    page.reload()


def audit_assert(test: str) -> None:
    """No critical or serious violation on any page the test audited."""
    found = [f"{a.page} [{a.language}]: {problem}" for a in AUDITS if a.test == test for problem in a.serious]
    assert not found, "axe found critical or serious violations:\n" + "\n".join(found)


# -- clicks per lifecycle step -------------------------------------------------------------


@dataclass
class Step:
    name: str
    clicks: int = 0
    pages: int = 0


class Journey:
    """Counts what a person does, step by step: clicks (and key presses that submit) and the
    pages loaded. Every click of a counted step goes through `click`."""

    def __init__(self, title: str):
        self.title = title
        self.steps: list[Step] = []
        self._current: Step | None = None
        self._watched: set[int] = set()

    @contextlib.contextmanager
    def step(self, name: str):
        self._current = Step(name)
        self.steps.append(self._current)
        try:
            yield self._current
        finally:
            self._current = None

    def watch(self, page: Page) -> Page:
        if id(page) not in self._watched:
            self._watched.add(id(page))
            # Turbo swaps pages without a load event: count main-frame navigations.
            page.on("framenavigated", lambda frame: frame == page.main_frame and self._count_page())
        return page

    def _count_page(self) -> None:
        if self._current is not None and not _AUDITING[0]:
            self._current.pages += 1

    def click(self, target: Locator, **kwargs) -> None:
        self.watch(target.page)
        if self._current is not None:
            self._current.clicks += 1
        target.click(**kwargs)

    def table(self) -> list[str]:
        lines = [f"{self.title}", f"  {'step':<56} {'clicks':>6} {'pages':>6}"]
        for step in self.steps:
            lines.append(f"  {step.name:<56} {step.clicks:>6} {step.pages:>6}")
        total_clicks = sum(s.clicks for s in self.steps)
        total_pages = sum(s.pages for s in self.steps)
        lines.append(f"  {'total':<56} {total_clicks:>6} {total_pages:>6}")
        return lines


JOURNEYS: list[Journey] = []


def new_user(new_context, stack, *, language: str = "zh-hans", device: dict = DESKTOP) -> BrowserContext:
    """A browser context of its own for one person, speaking `language`."""
    return new_context(base_url=stack.url, locale=LOCALES[language], timezone_id="Asia/Shanghai", **device)


__all__ = ["expect"]
