"""Every link of the staff pages answers, for every demo role.

For each user that `demo_data` creates (the officers having taken half of their queues), start at the workbench and the supervision dashboard,
follow every same-site link found in the rendered HTML of the workbench, the supervision
pages and the credit task pages (breadth first, bounded depth), and request every URL they
link to through Django's test client as that user. None may answer 404 or 500.
"""

import io
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from workflow import registry
from workflow.management.commands.demo_data import USERS
from workflow.selectors import task_queue
from workflow.services.tasks import task_take

ROLES = [username for username, _, _ in USERS] + ["admin"]
STARTS = ["/workflow/", "/supervision/"]
# Pages whose links are followed; any other same-site link is requested but not read.
CRAWLED = ("/workflow/", "/supervision/", "/credit/tasks/")
# Links that change the session or are not pages: never requested.
NOT_REQUESTED = ("/accounts/logout/", "/i18n/setlang/", "/static/", "/ws/")
MAX_DEPTH = 4
MAX_REQUESTS = 600  # per role: a bound that a crawl hitting it must raise, not silently stop at


class Links(HTMLParser):
    """The URLs a page points at: hrefs, sources and the fragments pages fetch (data-src)."""

    ATTRIBUTES = {"href", "src", "data-src", "data-href", "data-url"}

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("link", "script"):
            return
        for name, value in attrs:
            if name in self.ATTRIBUTES and value:
                self.found.append(value)


def same_site(base: str, link: str) -> str | None:
    """The path and query of a link of this site, or None for other sites and non-pages."""
    link = link.strip()
    if link.startswith(("javascript:", "mailto:", "tel:", "data:", "#")) or "{" in link:
        return None
    absolute, _ = urldefrag(urljoin(f"http://testserver{base}", link))
    parts = urlsplit(absolute)
    if parts.netloc != "testserver":
        return None
    url = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if url.startswith(NOT_REQUESTED) else url


def crawl(client: Client) -> tuple[dict[str, str], int]:
    """Request every reachable link once; {url: problem} for those that fail, and the count."""
    problems: dict[str, str] = {}
    seen: set[str] = set(STARTS)
    read_paths: set[str] = set()
    queue = deque((start, 0, "start") for start in STARTS)
    requests = 0
    while queue:
        url, depth, found_on = queue.popleft()
        requests += 1
        assert requests <= MAX_REQUESTS, f"more than {MAX_REQUESTS} links: raise the bound deliberately"
        try:
            response = client.get(url)
        except Exception as exc:  # the test client re-raises a view's exception: that is a 500
            problems[url] = f"500 {type(exc).__name__}: {exc} (linked from {found_on})"
            continue
        status = response.status_code
        if status == 404 or status >= 500:
            problems[url] = f"{status} (linked from {found_on})"
            continue
        if status in (301, 302, 303, 307, 308):
            target = same_site(url, response["Location"])
            if target and target not in seen:
                seen.add(target)
                queue.append((target, depth, url))
            continue
        path = urlsplit(url).path
        html = "text/html" in response.get("Content-Type", "")
        # Each page is read once per path: its sorted, filtered and paged variants are
        # requested but not read again.
        if not html or depth >= MAX_DEPTH or not path.startswith(CRAWLED) or path in read_paths:
            continue
        read_paths.add(path)
        parser = Links()
        parser.feed(response.content.decode(response.charset or "utf-8", errors="replace"))
        for link in parser.found:
            target = same_site(url, link)
            if target and target not in seen:
                seen.add(target)
                queue.append((target, depth + 1, url))
    return problems, requests


def officers_take_half_their_queue() -> int:
    """Each demo officer takes every other case task of their queue, as they would from the
    workbench: their inbox then links to task pages and their queue still lists some. (Tasks
    of other flows, credit's, are linked from the queue and taken on their own pages.)"""
    taken = 0
    for username, _, _ in USERS:
        user = get_user_model().objects.get(username=username)
        case_tasks = [task for task in task_queue(user=user) if registry.task_url(task) is None]
        for task in case_tasks[::2]:
            task_take(task=task, user=user)
            taken += 1
    return taken


@pytest.mark.django_db
def test_no_link_of_the_staff_pages_answers_404_or_500_for_any_demo_role():
    call_command("demo_data", stdout=io.StringIO())
    assert officers_take_half_their_queue() >= 3
    failures = []
    counts = {}
    for username in ROLES:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        problems, counts[username] = crawl(client)
        failures += [f"{username}: {url} -> {problem}" for url, problem in sorted(problems.items())]
    # A crawl that reached nothing would prove nothing: every role gets past the start pages,
    # the workbench roles far past them.
    assert min(counts.values()) > len(STARTS) and counts["triage"] > 10, counts
    assert not failures, f"{len(failures)} broken links:\n" + "\n".join(failures)
