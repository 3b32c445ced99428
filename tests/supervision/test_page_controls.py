"""The supervision page's controls: labelled filters, rates named as rates, the language switch."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def dashboard(client, supervisor):
    client.force_login(supervisor)
    page = client.get("/supervision/")
    assert page.status_code == 200
    return page.content.decode()


def test_every_filter_and_bulletin_control_has_a_label(dashboard):
    controls = re.findall(r'<(?:select|input)(?![^>]*type="hidden")[^>]*>', dashboard)
    assert len(controls) >= 9
    labelled = set(re.findall(r'<label for="([^"]+)"', dashboard))
    for control in controls:
        if 'name="csrfmiddlewaretoken"' in control:
            continue
        match = re.search(r'\bid="([^"]+)"', control)
        assert match and match.group(1) in labelled, control


def test_source_filter_offers_all_sources_instead_of_dashes(dashboard):
    source = re.search(r'<select name="source".*?</select>', dashboard, re.S).group(0)
    assert "全部来源渠道" in source and "-----" not in source


def test_on_time_cards_are_named_as_rates_and_show_percentages(dashboard):
    for label in ("按时分拣率", "按时签收率", "按时调查办理率"):
        card = re.search(rf"<span>{label}</span><b>([^<]*)</b>", dashboard)
        assert card, label
        assert card.group(1) in ("—", "-") or card.group(1).endswith("%")
    assert "按时分拣数" not in dashboard


def test_language_switch_names_each_language_in_itself(client, supervisor):
    client.force_login(supervisor)
    chinese = client.get("/supervision/").content.decode()
    assert re.search(r'<button[^>]*lang="en"[^>]*>.*?English</span>', chinese, re.S)
    assert "英语" not in chinese
    client.cookies["django_language"] = "en"
    english = client.get("/supervision/").content.decode()
    assert re.search(r'<button[^>]*lang="zh-hans"[^>]*>.*?简体中文</span>', english, re.S)
    assert "Simplified Chinese" not in english


def test_charts_with_links_are_groups_not_images(client, supervisor, march):
    client.force_login(supervisor)
    html = client.get("/supervision/", {"start": "2026-03-01", "end": "2026-03-31"}).content.decode()
    charts = re.findall(r"<svg class=\"chart\"[^>]*>.*?</svg>", html, re.S)
    assert charts and any("<a href=" in chart for chart in charts)
    for chart in charts:
        assert 'role="group"' in chart and "aria-label=" in chart  # an image may not hold links
