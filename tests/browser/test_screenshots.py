"""Screenshots of the main pages in both languages.

Run with UPDATE_SCREENSHOTS=1 (`make screenshots`): the pictures replace the ones in
docs/screenshots/, shrunk to a small palette PNG. The scenarios render the same pages in every
run, so the suite skips this otherwise to stay short.
"""

import os
from pathlib import Path

import pytest
from PIL import Image

from tests.browser.helpers import DESKTOP, PHONE, Journey, login, new_user
from tests.browser.resident import file_report, track_open
from tests.browser.staff import take

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.environ.get("UPDATE_SCREENSHOTS"), reason="retaken by `make screenshots`"),
]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LANGUAGES = {"zh-hans": "zh", "en": "en"}


def shoot(page, folder: Path, name: str) -> Path:
    page.wait_for_load_state("networkidle")
    path = folder / f"{name}.png"
    page.screenshot(path=path)
    image = Image.open(path).convert("RGB").quantize(colors=96, method=Image.Quantize.MEDIANCUT)
    image.save(path, optimize=True)
    assert path.stat().st_size < 300_000, f"{name}: {path.stat().st_size} bytes"
    return path


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_screenshots_of_the_main_pages(stack, new_context, tmp_path, language):
    suffix = LANGUAGES[language]
    folder = DOCS
    folder.mkdir(parents=True, exist_ok=True)
    phone_device = {**PHONE, "device_scale_factor": 1}
    taken = []

    resident = new_user(new_context, stack, language=language, device=phone_device).new_page()
    resident.goto("/")
    taken.append(shoot(resident, folder, f"resident-start-{suffix}"))
    resident.goto("/report/?area=wage_arrears")
    taken.append(shoot(resident, folder, f"resident-report-{suffix}"))
    filed = file_report(resident, tmp_path)
    taken.append(shoot(resident, folder, f"resident-receipt-{suffix}"))
    track_open(resident, filed.receipt)
    taken.append(shoot(resident, folder, f"resident-track-{suffix}"))

    triage = new_user(new_context, stack, language=language, device=DESKTOP).new_page()
    login(triage, "triage")
    triage.goto("/workflow/case/queue/")
    taken.append(shoot(triage, folder, f"workbench-queue-{suffix}"))
    take(Journey("screenshots"), triage, filed.reference)
    taken.append(shoot(triage, folder, f"workbench-triage-{suffix}"))
    triage.goto(f"/workflow/case/cases/{filed.reference}/")
    taken.append(shoot(triage, folder, f"workbench-case-{suffix}"))

    supervisor = new_user(new_context, stack, language=language, device=DESKTOP).new_page()
    login(supervisor, "supervisor", next_path="/supervision/")
    taken.append(shoot(supervisor, folder, f"supervision-dashboard-{suffix}"))

    public = new_user(new_context, stack, language=language, device=DESKTOP).new_page()
    public.goto("/credit/")
    taken.append(shoot(public, folder, f"credit-public-{suffix}"))

    assert all(path.exists() for path in taken)
