"""The service worker's side on the server: its script, what it keeps, the "one moment" page."""

from __future__ import annotations

from PIL import Image

from kiosk import create_app
from kiosk.load.loader import load_building
from tests.helpers.buildings import BUNDLED, TOWER


def test_the_worker_may_control_the_whole_site_and_is_always_rechecked(client):
    response = client.get("/sw.js?kiosk=lobby")
    assert response.status_code == 200 and response.mimetype == "application/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    assert b"addEventListener('fetch'" in response.data


def test_the_manifest_lists_every_kiosk_page_in_both_languages_and_each_answers(client):
    manifest = client.get("/offline/manifest.json?kiosk=lobby").get_json()
    urls = manifest["urls"]
    assert manifest["home"] == "/zh/?kiosk=lobby" and manifest["home"] in urls and manifest["wait"] in urls
    for lang in ("zh", "en"):
        assert f"/{lang}/spaces/library?kiosk=lobby" in urls
        assert f"/{lang}/search?kiosk=lobby" in urls
    assert any(url.startswith("/static/kiosk.css?v=") for url in urls)
    assert "/search-index.json" in urls
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_manifest_holds_the_corner_codes_when_a_public_url_is_set():
    app = create_app(BUNDLED, {"TESTING": True, "PUBLIC_URL": "https://kiosk.example.org"})
    urls = app.test_client().get("/offline/manifest.json?kiosk=lobby").get_json()["urls"]
    assert "/qr.svg?page=/zh/spaces/library&from=lobby" in urls


def test_the_manifest_is_for_kiosks_only(client):
    assert client.get("/offline/manifest.json").status_code == 404
    assert client.get("/offline/manifest.json?kiosk=nope").status_code == 404


def test_pages_say_their_version_and_it_changes_with_the_file(client, edited):
    version = client.get("/zh/").headers["X-Kiosk-Version"]
    assert version == client.get("/offline/manifest.json?kiosk=lobby").get_json()["version"]
    other = create_app(edited("en: Library}", "en: Reading Room}"), {"TESTING": True}).test_client()
    assert other.get("/zh/").headers["X-Kiosk-Version"] != version


def test_the_one_moment_page_speaks_both_languages_and_asks_again(client):
    page = client.get("/offline/wait?kiosk=lobby").get_data(as_text=True)
    assert "请稍候" in page and "One moment" in page
    assert '<meta http-equiv="refresh" content="5">' in page and 'data-retry="5"' in page
    assert "mode-kiosk" in page


def test_kiosk_pages_carry_the_hidden_offline_mark_and_the_worker_address(client):
    page = client.get("/en/floors/3f?kiosk=lobby").get_data(as_text=True)
    assert "data-offline hidden" in page and "<time data-offline-since>--:--</time>" in page
    assert 'data-worker="/sw.js?kiosk=lobby"' in page
    phone = client.get("/en/floors/3f").get_data(as_text=True)
    assert "data-offline" not in phone and "sw.js" not in phone


def test_the_manifest_holds_plan_drawings_that_exist(edited):
    path = edited(
        "    plan:\n      size: [80, 50]\n", "    plan:\n      size: [80, 50]\n      background: plans/1f.png\n"
    )
    (path.parent / "plans").mkdir()
    Image.new("RGB", (8, 5), "white").save(path.parent / "plans" / "1f.png")
    client = create_app(path, {"TESTING": True}).test_client()
    urls = client.get("/offline/manifest.json?kiosk=lobby").get_json()["urls"]
    assert "/plans/1f/background" in urls and "/plans/2f/background" not in urls


def test_the_manifest_of_the_second_building_follows_its_languages_categories_and_kinds(make_app):
    tower = load_building(TOWER)
    kiosk = tower.kiosks[0].id
    client = make_app(TOWER).test_client()
    manifest = client.get(f"/offline/manifest.json?kiosk={kiosk}").get_json()
    urls = set(manifest["urls"])
    assert manifest["home"] == f"/zh/?kiosk={kiosk}"
    for lang in ("zh", "en", "ja"):
        assert f"/{lang}/?kiosk={kiosk}" in urls and f"/{lang}/floors/m?kiosk={kiosk}" in urls
        assert f"/{lang}/categories/parking?kiosk={kiosk}" in urls  # the building's own category
        assert f"/{lang}/facilities/photo-booth?kiosk={kiosk}" in urls  # and its own kind
        for kind in tower.kinds_present():
            assert f"/{lang}/facilities/{kind.id}?kiosk={kiosk}" in urls
    present = {k.id for k in tower.kinds_present()}
    absent = [k.id for k in tower.kinds if k.id not in present]
    assert not any(f"/facilities/{kind}?" in url for kind in absent for url in urls)  # no page of nothing
    assert any(url.startswith("/site.css?v=") for url in urls)
    for url in sorted(urls)[:: max(1, len(urls) // 40)]:  # a sample: every kind of page answers
        assert client.get(url).status_code == 200, url


def test_the_one_moment_page_speaks_every_language_of_the_building(make_app):
    client = make_app(TOWER).test_client()
    page = client.get(f"/offline/wait?kiosk={load_building(TOWER).kiosks[0].id}").get_data(as_text=True)
    assert "请稍候" in page and "One moment" in page and "少々お待ちください" in page
    kiosk_page = client.get(f"/ja/?kiosk={load_building(TOWER).kiosks[0].id}").get_data(as_text=True)
    assert 'lang="ja">少々お待ちください' in kiosk_page  # the overlay kiosk.js shows while it retries
    assert "オフライン" in kiosk_page  # the staff mark, hidden until the worker shows it
