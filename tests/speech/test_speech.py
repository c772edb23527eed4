"""Read aloud: what a page says, in Chinese and English, and the clips espeak-ng makes of it.

The sentences are checked word for word on the shipped building and on tower-v2 (basement, G and M
floors, two kiosks): numbers, times and floor labels said as people say them. Clips are rendered for
a few pages only, so the suite stays quick; they need espeak-ng, which scripts/test.sh installs.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import wave
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from kiosk.load.loader import check_content, load_building, read_file
from kiosk.load.site import build_site
from kiosk.model.building import Building
from kiosk.speech.clips import ClipStore, clip_key, wanted_clips
from kiosk.speech.engine import find_engine, pinyin_of
from kiosk.speech.numbers import en_floor, en_time, spoken_en, spoken_zh, zh_floor, zh_time
from kiosk.speech.text import Listener, page_sentences
from kiosk.timetable.schedule import next_change
from kiosk.ways.routing import Network, build_network
from tests.helpers.buildings import BUNDLED, FRIDAY_MORNING, TOWER

# Skipped only on a developer's machine without espeak-ng; in CI (scripts/test.sh installs it) they must run.
needs_engine = pytest.mark.skipif(
    shutil.which("espeak-ng") is None and not os.environ.get("CI"),
    reason="espeak-ng is not installed (scripts/test.sh installs it)",
)
EVENING = FRIDAY_MORNING.replace(hour=19)


def loaded(path: Path) -> tuple[Building, Network]:
    building = load_building(path, read_file(path))
    return building, build_network(building)


def said(path: Path, endpoint: str, lang: str, kiosk: str | None, now: dt.datetime = FRIDAY_MORNING, **args: str):
    building, network = loaded(path)
    origin = building.kiosk(kiosk) if kiosk else None
    return page_sentences(building, network, endpoint, args, Listener(lang, now, origin))


# ---- numbers as people say them ----


def test_floors_times_and_room_numbers_are_said_as_people_say_them():
    assert [zh_floor("3F"), zh_floor("B1"), zh_floor("10F"), zh_floor("M")] == ["三楼", "地下一层", "十楼", "夹层"]
    assert [zh_time(8, 30), zh_time(17, 0), zh_time(9, 5), zh_time(12, 15)] == [
        "八点半",
        "十七点",
        "九点零五分",
        "十二点十五分",
    ]
    assert (
        spoken_zh("301室在3F，全程约50米，约2分钟，08:30—17:00")
        == "三零一室在三楼，全程约五十米，约两分钟，八点半到十七点"
    )
    assert [en_floor("3F"), en_floor("B1"), en_floor("G")] == [
        "the third floor",
        "basement level one",
        "the ground floor",
    ]
    assert [en_time(8, 30), en_time(17, 0), en_time(9, 5)] == ["eight thirty a.m.", "five p.m.", "nine oh five a.m."]
    assert spoken_en("Room 301 is on 3F, about 50 m, about 1 min") == (
        "Room three oh one is on the third floor, about 50 metres, about 1 minute"
    )


# ---- the sentences of a page ----


def test_a_space_page_says_its_floor_hours_and_route_from_the_lobby_kiosk():
    assert said(BUNDLED, "directory.space", "zh", "lobby", space_id="library") == (
        "图书馆在三楼。",
        "位置：三楼东侧，出电梯左转。",
        "现在开放，开到十七点。",
        "怎么走：",
        "第一步，向前走二十五米，到电梯。",
        "第二步，乘电梯到三楼。",
        "第三步，出电梯后左转，走二十米，右手边第一个门就是图书馆。",
        "全程约四十五米，约两分钟。",
    )
    assert said(BUNDLED, "directory.space", "en", "lobby", space_id="library") == (
        "Library is on the third floor.",
        "The third floor, east wing, left out of the lift.",
        "Open now, until five p.m.",
        "The way there:",
        "Step 1: Walk 25 metres ahead to the lift.",
        "Step 2: Take the lift up to the third floor.",
        "Step 3: Leave the lift, turn left and walk 20 metres. Library: the first door on your right.",
        "About 45 metres, about 2 minutes.",
    )


def test_a_closed_space_says_when_it_opens_and_a_phone_without_a_start_gets_no_route():
    assert said(BUNDLED, "directory.space", "zh", None, EVENING, space_id="library") == (
        "图书馆在三楼。",
        "位置：三楼东侧，出电梯左转。",
        "现在不开放，明天八点半开放。",
    )
    assert said(BUNDLED, "directory.space", "en", None, EVENING, space_id="library")[-1] == (
        "Closed now. It opens tomorrow at eight thirty a.m."
    )


def test_a_multi_floor_route_to_the_basement_in_the_second_building():
    assert said(TOWER, "directory.space", "zh", "g-hall", space_id="car-park-office") == (
        "停车场管理处在地下一层。",
        "位置：地下一层，电梯厅东侧。",
        "现在开放，开到十七点。",
        "怎么走：",
        "第一步，向前走二十米，左转。",
        "第二步，走四十五米，到低区电梯。",
        "第三步，乘低区电梯到地下一层。",
        "第四步，出低区电梯后右转，走三十五米，右手边第一个门就是停车场管理处。",
        "全程约一百米，约三分钟。",
    )
    english = said(TOWER, "directory.space", "en", "g-hall", space_id="car-park-office")
    assert english[0] == "Car park office is on basement level one."
    assert (
        english[6]
        == "Step 3: Take the Low-zone lifts (basement level two to the sixth floor) down to basement level one."
    )


def test_a_facility_page_says_where_the_nearest_one_is_and_the_way():
    assert said(TOWER, "directory.facility_kind", "zh", "g-hall", kind="nursing-room") == (
        "母婴室在夹层。",
        "离这里最近的母婴室在夹层。",
        "怎么走：",
        "第一步，向前走二十米，左转。",
        "第二步，走三十米，到大厅楼梯。",
        "第三步，走大厅楼梯上到夹层。",
        "第四步，出大厅楼梯后右转，走三十五米，右手边第二个门就是母婴室。",
        "全程约八十五米，约两分钟。",
    )
    assert said(BUNDLED, "directory.facility_kind", "en", "lobby", kind="toilet")[:2] == (
        "Toilets: on every floor.",
        "Nearest Toilets: on the first floor.",
    )


def test_a_space_closed_for_good_and_the_urgent_notice_come_first(edited: Callable[..., Path]):
    path = edited("  - id: library\n", "  - id: library\n    status: {state: closed}\n")
    path = edited(
        "notices:\n", "notices:\n  - text: {zh: 3F漏水，今日关闭, en: 3F closed today (leak)}\n    level: urgent\n"
    )
    building, _ = check_content(path.read_bytes(), path.name, path.parent)
    assert building is not None
    network = build_network(building)

    def page(lang: str) -> tuple[str, ...]:
        listener = Listener(lang, FRIDAY_MORNING, building.kiosk("lobby"))
        return page_sentences(building, network, "directory.space", {"space_id": "library"}, listener)

    assert page("zh") == ("重要通知：三楼漏水，今日关闭。", "图书馆在三楼。", "图书馆已停止开放。")
    assert page("en") == (
        "Important: the third floor closed today (leak).",
        "Library is on the third floor.",
        "Library has closed for good.",
    )


def test_a_language_espeak_ng_does_not_speak_gets_no_sentences():
    assert said(TOWER, "directory.space", "ja", "g-hall", space_id="car-park-office") == ()
    assert said(TOWER, "directory.floor", "zh", "g-hall", floor_id="b1") == ()


def test_settings_speech_takes_speaker_or_headphone_and_says_so_otherwise(edited: Callable[..., Path]):
    path = edited("  speech: speaker ", "  speech: loud    ")
    building, problems = check_content(path.read_bytes(), path.name, path.parent)
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "speech: loud" in text)
    assert building is None
    assert any("`speech`" in str(p) and "'speaker' or 'headphone'" in str(p) and p.line == line for p in problems)


# ---- the engine and its clips ----


@needs_engine
def test_the_chinese_voice_reads_tone_numbers_as_mandarin_not_english():
    engine = find_engine()
    assert engine is not None
    assert pinyin_of("图书馆在三楼。") == "tu2 shu1 guan3 zai4 san1 lou2."
    phonemes = engine.phonemes("图书馆在三楼。", "zh")
    # Mandarin tones come out as pitch contours (55, 35, 214/21, 51); a voice reading "tu2" as English says
    # "(en)" and "t'u:" instead.
    assert "(en)" not in phonemes
    assert re.findall(r"\d\d+", phonemes)[:6] == ["35", "55", "21", "51", "55", "35"]


def _seconds(path: Path) -> float:
    with wave.open(str(path)) as clip:
        return clip.getnframes() / clip.getframerate()


@needs_engine
def test_each_page_gets_a_clip_per_language_of_plausible_length(tmp_path: Path):
    content = read_file(BUNDLED)
    site = build_site(load_building(BUNDLED, content), content, BUNDLED)
    store = ClipStore(tmp_path, lambda: site, lambda: FRIDAY_MORNING, find_engine())
    chosen = [w for w in wanted_clips(site, FRIDAY_MORNING) if w.kiosk == "lobby"]
    page = said(BUNDLED, "directory.space", "zh", "lobby", space_id="library")
    english = said(BUNDLED, "directory.space", "en", "lobby", space_id="library")
    # The page's own words are among the clips the renderer makes for the kiosk, in both languages.
    keys = {(w.key, w.lang) for w in chosen}
    assert (clip_key("zh", page), "zh") in keys and (clip_key("en", english), "en") in keys
    engine = store.engine
    assert engine is not None
    for lang, sentences in (("zh", page), ("en", english)):
        engine.render(" ".join(sentences), lang, store.path(site.version, clip_key(lang, sentences), lang))
    zh_clip = store.path(site.version, clip_key("zh", page), "zh")
    en_clip = store.path(site.version, clip_key("en", english), "en")
    for clip, sentences in ((zh_clip, page), (en_clip, english)):
        characters = len("".join(sentences))
        assert _seconds(clip) >= 0.3 * characters / 10, (clip.name, _seconds(clip), characters)
    assert zh_clip.read_bytes() != en_clip.read_bytes()
    assert store.ready(site.version, clip_key("zh", page), "zh")


@needs_engine
def test_pages_show_their_clip_once_rendered_and_the_clip_is_served(
    make_app: Callable[..., Flask], tmp_path: Path, clock: dict[str, dt.datetime]
):
    app = make_app(BUNDLED, SPEECH_DIR=str(tmp_path), PAGE_CACHE=False, FAST_PATH=False)
    client = app.test_client()
    page = client.get("/zh/spaces/library?kiosk=lobby").get_data(as_text=True)
    assert "data-speech" not in page  # not rendered yet: no button, no audio (never rendered on a request)
    store: ClipStore = app.extensions["kiosk.speech"]
    building, network = loaded(BUNDLED)
    words = page_sentences(
        building,
        network,
        "directory.space",
        {"space_id": "library"},
        Listener("zh", clock["now"], building.kiosk("lobby")),
    )
    site = app.extensions["kiosk.store"].current()
    assert store.engine is not None
    store.engine.render(" ".join(words), "zh", store.path(site.version, clip_key("zh", words), "zh"))
    kiosk_page = client.get("/zh/spaces/library?kiosk=lobby").get_data(as_text=True)
    src = re.search(r'<audio data-speech src="([^"]+)"', kiosk_page)
    assert src and src[1] == f"/speech/{site.version}/{clip_key('zh', words)}.zh.wav"
    assert "data-speech-button" in kiosk_page and "朗读" in kiosk_page and "autoplay" not in kiosk_page
    audio = client.get(src[1])
    assert audio.status_code == 200 and audio.mimetype == "audio/wav" and audio.data[:4] == b"RIFF"
    assert client.get(f"/speech/0123456789ab/{clip_key('zh', words)}.zh.wav").status_code == 404  # another version
    assert client.get(f"/speech/{site.version}/..%2Ffloors.yaml").status_code == 404
    # Phones get the player itself, never autoplaying, and no kiosk button.
    phone_words = page_sentences(
        building, network, "directory.space", {"space_id": "library"}, Listener("zh", clock["now"])
    )
    store.engine.render(" ".join(phone_words), "zh", store.path(site.version, clip_key("zh", phone_words), "zh"))
    phone = client.get("/zh/spaces/library").get_data(as_text=True)
    assert re.search(r'<audio data-speech src="[^"]+" preload="none" controls', phone)
    assert "data-speech-button" not in phone and "autoplay" not in phone
    # The lobby's offline copy keeps the kiosk's clip (and the module that plays it), not the phone's.
    manifest = client.get("/offline/manifest.json?kiosk=lobby").get_json()["urls"]
    assert src[1] in manifest and f"/speech/{site.version}/{clip_key('zh', phone_words)}.zh.wav" not in manifest
    assert any(url.startswith("/static/speech.js") for url in manifest)


def test_no_engine_no_button(make_app: Callable[..., Flask], tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    app = make_app(BUNDLED, SPEECH_DIR=str(tmp_path))
    assert app.extensions["kiosk.speech"].engine is None
    assert "data-speech" not in app.test_client().get("/zh/spaces/library?kiosk=lobby").get_data(as_text=True)


@needs_engine
def test_headphone_speech_starts_at_half_volume_and_says_where_to_plug_in(
    make_app: Callable[..., Flask], edited: Callable[..., Path], tmp_path: Path, clock: dict[str, dt.datetime]
):
    path = edited("  speech: speaker ", "  speech: headphone ")
    app = make_app(path, SPEECH_DIR=str(tmp_path / "clips"), PAGE_CACHE=False, FAST_PATH=False)
    store: ClipStore = app.extensions["kiosk.speech"]
    site = app.extensions["kiosk.store"].current()
    words = page_sentences(site.building, site.network, "directory.home", {}, Listener("en", clock["now"]))
    assert store.engine is not None
    store.engine.render(" ".join(words), "en", store.path(site.version, clip_key("en", words), "en"))
    page = app.test_client().get("/en/").get_data(as_text=True)
    assert 'data-volume="0.5" data-output="headphone"' in page


def test_the_renderer_looks_again_only_when_the_words_can_have_changed(tmp_path: Path):
    content = read_file(BUNDLED)
    site = build_site(load_building(BUNDLED, content), content, BUNDLED)
    now = {"t": FRIDAY_MORNING}
    made: list[int] = []

    class Counting(ClipStore):
        def render_pending(self, site=None, now=None) -> int:  # type: ignore[no-untyped-def]
            made.append(1)
            return 0

    store = Counting(tmp_path, lambda: site, lambda: now["t"], None)
    store.tick()
    change = next_change(site.building, FRIDAY_MORNING)  # the next opening or closing of anything
    assert change > FRIDAY_MORNING + dt.timedelta(minutes=10)
    now["t"] = change - dt.timedelta(minutes=4)  # before it: the words on disk are still the words
    store.tick()
    assert len(made) == 1
    now["t"] = change - dt.timedelta(minutes=2)  # the clips for then are made a few minutes ahead
    store.tick()
    assert len(made) == 2
