"""QR codes out of the box: a marked preview until the public URL is set, and the log says how."""

from __future__ import annotations

import gc
import logging

import pytest
from click.testing import CliRunner

from kiosk import create_app
from kiosk.cli import main
from kiosk.publish.preview import is_reachable_by_phones, preview_base
from kiosk.search import build as searchbuild
from kiosk.web import serving
from tests.helpers.buildings import BUNDLED


def test_the_preview_address_is_the_lan_address_when_serving_on_all_interfaces():
    assert preview_base("0.0.0.0", 8080, lan="192.168.1.20") == "http://192.168.1.20:8080"
    assert preview_base("127.0.0.1", 8080) == "http://127.0.0.1:8080"
    assert preview_base("10.0.0.5", 80) == "http://10.0.0.5"
    assert preview_base("fe80::1", 8080) == "http://[fe80::1]:8080"
    assert is_reachable_by_phones("http://192.168.1.20:8080")
    assert not is_reachable_by_phones("http://127.0.0.1:8080")
    assert not is_reachable_by_phones("http://localhost:8080")


def test_without_a_public_url_the_kiosk_shows_a_marked_preview_code():
    app = create_app(BUNDLED, {"TESTING": True, "PREVIEW_URL": "http://192.168.1.20:8080"})
    client = app.test_client()
    page = client.get("/en/spaces/library?kiosk=lobby").get_data(as_text=True)
    assert "qr-corner is-preview" in page and "Preview · no public address set" in page
    zh = client.get("/zh/?kiosk=lobby").get_data(as_text=True)
    assert "预览 · 未设公网地址" in zh
    code = client.get("/qr.svg?page=/en/spaces/library&from=lobby")
    assert code.status_code == 200 and code.mimetype == "image/svg+xml"
    # Posters are printed and stay on walls for years: never from a preview address.
    assert "qr-code" not in client.get("/en/posters/building").get_data(as_text=True)


def test_with_a_public_url_the_code_is_no_preview():
    app = create_app(BUNDLED, {"TESTING": True, "PUBLIC_URL": "https://kiosk.example.org", "PREVIEW_URL": "http://x:1"})
    page = app.test_client().get("/en/spaces/library?kiosk=lobby").get_data(as_text=True)
    assert "qr-code" in page and "is-preview" not in page


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict:
    """`kiosk serve` up to the listeners: the app and listeners it would serve, and no global left changed."""
    captured: dict = {}
    monkeypatch.setattr(serving, "serve", lambda app, listeners: captured.update(app=app, listeners=listeners))
    monkeypatch.setattr(searchbuild, "_in_child", False)  # serve switches it on; put it back afterwards
    monkeypatch.setattr(gc, "freeze", lambda: None)
    return captured


def test_kiosk_serve_without_a_public_url_logs_how_to_set_it(served, monkeypatch, caplog: pytest.LogCaptureFixture):
    monkeypatch.delenv("KIOSK_PUBLIC_URL", raising=False)
    with caplog.at_level(logging.WARNING, logger="kiosk.cli"):
        result = CliRunner().invoke(main, ["serve", "--config", str(BUNDLED), "--port", "8099"])
    assert result.exit_code == 0, result.output
    assert served["app"].config["PREVIEW_URL"] == "http://127.0.0.1:8099"
    assert served["listeners"].port == 8099 and served["listeners"].lobby_port == 8100
    # The search index of that load was made by a child process: this process never imported pypinyin for it.
    assert searchbuild._in_child
    message = caplog.text
    assert "preview" in message and "--public-url" in message and "public_url:" in message
    assert "--host 0.0.0.0" in message  # loopback: it says how phones could reach it


def test_the_preview_address_is_a_host_the_kiosk_answers(served, monkeypatch):
    monkeypatch.delenv("KIOSK_PUBLIC_URL", raising=False)
    monkeypatch.setattr("kiosk.publish.preview.lan_address", lambda: "192.168.1.20")
    result = CliRunner().invoke(main, ["serve", "--config", str(BUNDLED), "--host", "0.0.0.0", "--port", "8099"])
    assert result.exit_code == 0, result.output
    app = served["app"]
    assert app.config["PREVIEW_URL"] == "http://192.168.1.20:8099"
    page = app.test_client().get("/zh/", headers={"Host": "192.168.1.20:8099"})
    assert page.status_code == 200  # a phone that scanned a preview code gets the page, not "unknown host"


def test_kiosk_serve_with_a_public_url_makes_no_preview(served):
    result = CliRunner().invoke(main, ["serve", "--config", str(BUNDLED), "--public-url", "https://kiosk.example.org"])
    assert result.exit_code == 0, result.output
    assert "PREVIEW_URL" not in served["app"].config


def test_the_public_listener_polls_and_keeps_its_deliberate_connection_limit():
    limits = serving.public_limits(None)
    assert limits["asyncore_use_poll"] is True  # no select() ceiling at 1,024 descriptors
    # 200 phones at once are all answered, yet the public listener plus the lobby's stay well
    # inside the 1,024 file descriptors a service gets by default.
    assert 200 <= limits["connection_limit"] <= 512
    assert limits["connection_limit"] + serving.LOBBY_LIMITS["connection_limit"] < 1024 // 2


def test_kiosk_serve_names_the_full_path_of_the_file_it_serves_in_its_log_not_in_healthz(served, monkeypatch):
    monkeypatch.chdir(BUNDLED.parent)  # as an installer types it: `kiosk serve --config floors.yaml`
    result = CliRunner().invoke(main, ["serve", "--config", BUNDLED.name, "--public-url", "https://kiosk.example.org"])
    assert result.exit_code == 0, result.output
    assert f"from {BUNDLED.resolve()}\n" in result.output
    details = served["app"].test_client().get("/healthz").get_json()  # from this machine: the details
    assert details["file"] == BUNDLED.name and str(BUNDLED.parent) not in str(details)
