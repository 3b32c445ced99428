"""Every staff and public page, rendered in each language, speaks only that language (and
quotes names once).

The pages are crawled from each role's start pages (links found in the rendered HTML), so a
new page is checked without anyone listing it. What people typed (descriptions, answers,
notes, names) is data and may be in any language; everything else must be translated:
no Chinese in the English interface, no English interface words in the Chinese one.
"""

import json
import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import models

from tests.factories import officer as make_officer
from workflow.demo import STAGES, demo_cases_create
from workflow.models import Officer

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]{2,}")
# Names, formats and protocols that stay as they are in Chinese text.
LATIN_ALLOWED = {
    "PDF",
    "CSV",
    "Excel",
    "Open311",
    "WeChat",
    "SMS",
    "API",
    "JSON",
    "SVG",
    "QQ",
    "ICP",
    "JPEG",
    "PNG",
    "WebP",
    "HEIC",
    "MP4",
}
# A quoted name ("“七个一律”管控") put in quotes again by a sentence around it.
DOUBLED_QUOTES = re.compile(r"““|””|‘‘|’’")
# Official terms of art an English label glosses in parentheses after its English rendering
# ("Alert supervisors (督办)"): officers meet them in the city's documents in Chinese.
GLOSSED_TERMS = {"催办", "督办", "约谈", "移送司法机关", "依法取缔", "教育感化", "信用修复"}
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "label")
SKIP = re.compile(
    r"^/(static|media|admin|api|i18n|accounts/logout|inbound|open311)/|\.(csv|pdf|xlsx|svg|json)$"
)
START = {
    None: ["/", "/report/", "/track/", "/credit/", "/credit/sectors/", "/credit/repair/status/"],
    "triage": ["/workflow/case/inbox/", "/workflow/case/queue/", "/workflow/case/cases/", "/notifications/"],
    "hrss": ["/workflow/case/inbox/", "/workflow/case/queue/", "/workflow/case/cases/", "/credit/tasks/"],
    "supervisor": ["/supervision/", "/supervision/bulletins/", "/workflow/case/queue/"],
    "operator": ["/staff/hotline/", "/staff/hotline/?area=wage_arrears"],
}
PAGES_PER_ROLE = 45
PER_PATH = 2  # the same page with other query strings (filters, pages) adds little


class _Text(HTMLParser):
    """Visible text and labelling attributes, leaving out parts marked as another language."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden: other language, script or style)
        self.texts: list[str] = []
        self.links: list[str] = []

    def _hidden(self) -> bool:
        return any(hidden for _, hidden in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        other = tag != "html" and bool(lang) and not lang.lower().startswith(self.language[:2])
        # Icon fonts draw a ligature's name ("inbox") as a picture: not a word to read.
        icon = "material-icons" in attrs.get("class", "")
        hidden = other or icon or tag in ("script", "style", "template")
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if not (hidden or self._hidden()):
            self.texts.extend(attrs[name] for name in ATTRIBUTES if attrs.get(name))
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.texts.append(attrs["value"])
        if tag not in self.VOID:
            self.stack.append((tag, hidden))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if data.strip() and not self._hidden():
            self.texts.append(data.strip())


def _data_corpus() -> str:
    """Everything people or the demo typed into the database: free text in any language.

    Reference data kept in both languages (a field with an `_en` twin) is not data: the page
    must show the twin of the reader's language."""
    values = []
    for config in apps.get_app_configs():
        if not config.name.startswith(("intake", "workflow", "credit", "notifications")):
            continue
        for model in config.get_models():
            names = {field.name for field in model._meta.fields}
            fields = [
                field.name
                for field in model._meta.fields
                if isinstance(field, (models.CharField, models.TextField, models.JSONField))
                and not field.choices
                and not field.name.endswith("_en")
                and f"{field.name}_en" not in names
            ]
            for row in model.objects.values_list(*fields) if fields else ():
                for value in row:
                    if value:
                        values.append(
                            value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                        )
    values.extend(apps.get_model("auth", "User").objects.values_list("username", flat=True))
    return "\n".join(values)


def _glossed(run: str, text: str) -> bool:
    """An official term in parentheses right after English words: "Alert supervisors (督办)", or
    on a line of its own where the flow chart wraps a node's title."""
    gloss = rf"\({re.escape(run)}\)"
    return run in GLOSSED_TERMS and (
        text == f"({run})" or re.search(rf"[A-Za-z][^()]*{gloss}", text) is not None
    )


def _foreign(texts: list[str], language: str, corpus: str) -> list[str]:
    """The words of the other language, each with the text it stands in."""
    found = []
    for text in texts:
        if language == "en":
            words = [
                run
                for run in CJK.findall(text)
                if run not in corpus and run.strip("　 ") and not _glossed(run, text)
            ]
        else:
            words = [
                word
                for word in LATIN_WORD.findall(text)
                if word not in LATIN_ALLOWED
                and word not in corpus
                and not re.fullmatch(r"[A-Z]{2,}-?\d*|[X-]+", word)
            ]
        if DOUBLED_QUOTES.search(text):
            words.append("doubled quotation marks")
        found += [f"{word} (in {text[:60]!r})" for word in words]
    return found


def _crawl(client, start: list[str], language: str, corpus: str, problems: Counter, seen: set) -> int:
    queue, per_path, count = list(start), Counter(), 0
    while queue and count < PAGES_PER_ROLE:
        url = queue.pop(0)
        path = urlsplit(url).path
        if url in seen or SKIP.search(path) or per_path[path] >= PER_PATH:
            continue
        seen.add(url)
        per_path[path] += 1
        page = client.get(url)
        if page.status_code >= 500:
            problems[(url, f"answers {page.status_code}")] += 1
            continue
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        count += 1
        html = page.content.decode()
        declared = re.search(r"<html[^>]*\blang=\"([^\"]*)\"", html)
        if not declared or declared.group(1) != language:
            problems[(path, f"page declares lang={declared and declared.group(1)!r}")] += 1
            continue
        parser = _Text(language)
        parser.feed(html)
        for word in _foreign(parser.texts, language, corpus):
            problems[(path, word)] += 1
        for href in parser.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.scheme in ("", "http") and parts.netloc in ("", "testserver") and not parts.fragment:
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return count


@pytest.fixture
def world(db, django_capture_on_commit_callbacks, triage_user, hrss_officer, supervisor, operator):
    make_officer("hrss_head", "hrss", Officer.Role.HEAD)
    with django_capture_on_commit_callbacks(execute=True):
        demo_cases_create(len(STAGES))
    return {"triage": triage_user, "hrss": hrss_officer, "supervisor": supervisor, "operator": operator}


def _resident_pages(client, language: str, corpus_extra: list[str]) -> list[tuple[str, str]]:
    """The pages a resident reaches only by posting: the receipt and the tracking page."""
    description = (
        "我们的工资已经三个月没有发了。" if language == "zh-hans" else "Our wages are three months late."
    )
    corpus_extra.append(description)
    client.post(
        "/report/",
        {"token": "tok_" + "b" * 28, "area": "", "description": description, "anonymous": "anonymous"},
    )
    done = client.get("/report/done/").content.decode()
    receipt = re.search(r'data-receipt="([0-9A-Z-]+)"', done).group(1)
    client.post("/track/", {"receipt": receipt})
    return [("/report/done/", done), ("/track/", client.get("/track/").content.decode())]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_speaks_only_the_readers_language(client, world, language):
    problems, seen, counts = Counter(), set(), {}
    extra: list[str] = []
    for role, start in START.items():
        client.logout()  # forgets every cookie, the language too
        if role:
            client.force_login(world[role])
        client.cookies["django_language"] = language
        counts[role or "public"] = _crawl(client, start, language, _data_corpus(), problems, set(seen))
    client.logout()
    client.cookies["django_language"] = language
    for path, html in _resident_pages(client, language, extra):
        parser = _Text(language)
        parser.feed(html)
        for word in _foreign(parser.texts, language, _data_corpus() + "\n".join(extra)):
            problems[(path, word)] += 1
    print(language, "pages checked per role:", counts)
    assert all(count >= 3 for count in counts.values()), counts
    where: dict[str, list[str]] = {}
    for path, word in sorted(problems):
        where.setdefault(word, []).append(re.sub(r"DZ-\d{4}-\d+", "<ref>", path))
    report = "\n".join(f"{word!r} on {sorted(set(paths))[:4]}" for word, paths in where.items())
    assert not problems, f"{language} pages show words of the other language:\n{report}"


def test_area_names_already_in_quotes_are_not_quoted_again(client, db):
    from intake.models import Area

    quoted = Area.objects.filter(name__contains="“").first()
    page = client.get("/report/", {"area": quoted.code}).content.decode()
    assert f"关于{quoted.name}的问题" in page
    assert not DOUBLED_QUOTES.search(page)
