"""One staff navigation on every staff page, and the product's own name on the login pages."""

import re

import pytest
from django.core import mail

from tests import factories
from tests.factories import PASSWORD

STAFF_PAGES = ["/workflow/case/inbox/", "/supervision/", "/notifications/"]


def _menu(html: str) -> str:
    match = re.search(r'<aside class="vf-page__menu.*?</aside>', html, re.S)
    assert match, "the page has no staff menu"
    return match.group(0)


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_supervisor_moves_between_workbench_supervision_and_notices_from_every_page(client, supervisor, path):
    client.force_login(supervisor)
    page = client.get(path)
    assert page.status_code == 200
    menu = _menu(page.content.decode())
    for target in ("/workflow/case/", "/supervision/", "/notifications/"):
        assert f'href="{target}"' in menu
    assert 'action="/accounts/logout/"' in menu
    assert "supervisor" in menu  # whose session this is
    current = re.findall(r'href="([^"]+)"[^>]*aria-current="page"', menu)
    assert current and path.startswith(current[0])


def test_bureau_officer_is_not_offered_supervision(client, psb_officer):
    client.force_login(psb_officer)
    menu = _menu(client.get("/notifications/").content.decode())
    assert 'href="/supervision/"' not in menu
    assert 'href="/workflow/case/"' in menu


def test_operator_finds_the_hotline_form_in_the_menu(client, operator):
    client.force_login(operator)
    menu = _menu(client.get("/notifications/").content.decode())
    assert 'href="/staff/hotline/"' in menu


def test_logout_from_the_supervision_menu_ends_the_session(client, supervisor):
    client.force_login(supervisor)
    page = client.post("/accounts/logout/")
    assert page.status_code == 200
    assert "已退出" in page.content.decode()
    assert client.get("/supervision/").status_code in (302, 403)


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password_reset/", "/workflow/case/inbox/"])
def test_no_stock_product_names(client, supervisor, path):
    if path.startswith("/workflow/"):
        client.force_login(supervisor)
    html = client.get(path).content.decode()
    for stock in ("Viewflow", "Django Material", "Django 管理", "Django administration", "Django site admin"):
        assert stock not in html
    assert "儋州市" in html


def test_login_page_logs_an_officer_in(client, triage_user):
    page = client.get("/accounts/login/")
    assert "工作人员登录" in page.content.decode()
    done = client.post("/accounts/login/", {"username": "triage", "password": PASSWORD})
    assert done.status_code == 302 and done.url == "/workflow/"


def test_wrong_password_is_explained_in_chinese_and_logs_nobody_in(client, triage_user):
    page = client.post("/accounts/login/", {"username": "triage", "password": "wrong-password"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="error-summary"' in html and "请输入一个正确的" in html
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link_in_the_product_look(client, db):
    factories.user("officer", email="officer@example.org")
    page = client.post("/accounts/password_reset/", {"email": "officer@example.org"})
    assert page.status_code == 302
    done = client.get(page.url)
    assert "请查收邮件" in done.content.decode()
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "设置新密码" in form.content.decode()
    assert "Django" not in form.content.decode()


def test_admin_speaks_of_the_product(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "诚信问题举报系统管理" in html
    assert "Django" not in re.search(r"<title>(.*?)</title>", html, re.S).group(1)


@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/track/", "/credit/", "/supervision/", "/notifications/"]
)
def test_every_page_has_the_product_icon(client, supervisor, path):
    client.force_login(supervisor)
    html = client.get(path).content.decode()
    assert re.search(r'<link rel="icon" href="/static/project/favicon\.svg"', html)


def test_browsers_asking_for_favicon_ico_get_the_icon(client):
    page = client.get("/favicon.ico")
    assert page.status_code == 301 and page.url == "/static/project/favicon.svg"


def test_hotline_pages_sit_in_the_staff_frame(client, operator):
    client.force_login(operator)
    html = client.get("/staff/hotline/").content.decode()
    menu = _menu(html)
    assert 'href="/staff/hotline/"' in menu and 'action="/accounts/logout/"' in menu
    assert 'data-turbo="false"' in html  # the receipt comes back in the POST's own answer
