"""Report a problem in real Chromium: the form on a 360 px phone without script, on the kiosk with its
keyboard and idle reset, and the console's queue at 1366×768 (screenshots in tests/screenshots/)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, PORTRAIT, load_frozen, new_context, serving, shoot
from tests.helpers.buildings import BUNDLED
from tests.helpers.staff import PASSWORD, copy_with_staff

START = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def with_console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped building with a staff account beside it: reports are on."""
    folder: Path = tmp_path_factory.mktemp("reports")
    with serving(copy_with_staff(BUNDLED, folder)) as url:
        yield url


def test_phone_form_without_script_kiosk_keyboard_and_idle_reset_then_the_queue(
    browser: Browser, with_console: str
) -> None:
    phone_context = new_context(browser, PHONE, is_mobile=True, java_script_enabled=False)
    phone = phone_context.new_page()
    phone.goto(with_console + "/zh/spaces/library")
    phone.get_by_role("link", name="报告问题").click()
    expect(phone.locator("h1")).to_have_text("报告问题")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shoot(phone, "report-form-phone")
    phone.get_by_text("这里已关闭或已搬迁").click()
    phone.locator("#report-words").fill("<b>门锁着</b>")
    phone.get_by_role("button", name="提交").click()
    expect(phone.locator("h1")).to_have_text("谢谢，工作人员会处理")
    phone_context.close()

    kiosk_context = new_context(browser, PORTRAIT)
    kiosk: Page = kiosk_context.new_page()
    load_frozen(kiosk, with_console + "/zh/facilities/lift?kiosk=lobby", START)
    kiosk.locator("h1").tap()
    kiosk.locator(".dock-report").tap()
    kiosk.wait_for_url(re.compile(r"/zh/report\?"))
    kiosk.get_by_text("电梯、扶梯或厕所坏了").tap()
    kiosk.locator("#report-words").tap()
    for key in "dianti":
        kiosk.locator(f'.report-keyboard [data-key="{key}"]').tap()
    expect(kiosk.locator("#report-words")).to_have_value("dianti")
    box = kiosk.locator(".dock").bounding_box()
    send = kiosk.get_by_role("button", name="提交").bounding_box()
    assert box and send and send["y"] + send["height"] <= box["y"]  # the dock never covers the form
    shoot(kiosk, "report-form-kiosk")
    kiosk.clock.run_for(90_500 + 30_500)  # nobody answers "Still there?": the next visitor sees home
    kiosk.wait_for_url(re.compile(r"/zh/\?kiosk=lobby$"))
    kiosk_context.close()

    staff_context = new_context(browser, {"width": 1366, "height": 768})
    staff = staff_context.new_page()
    staff.goto(with_console + "/staff/login")
    staff.locator("input[name=name]").fill("wang")
    staff.locator("input[name=password]").fill(PASSWORD)
    staff.locator("form button[type=submit]").last.click()
    staff.goto(with_console + "/staff/reports")
    expect(staff.locator(".card").first).to_contain_text("<b>门锁着</b>")
    expect(staff.locator(".badge")).to_have_text("1")
    shoot(staff, "report-queue-console")
    staff_context.close()
