"""The QR address cannot be hijacked: one validation for floors.yaml, the CLI and the env."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk import create_app
from kiosk.cli import main
from kiosk.load.loader import check_building
from kiosk.model.public_url import origin, validate_public_url
from tests.helpers.buildings import BUNDLED

HOSTILE = {
    "userinfo": "https://kiosk.example.org@evil.example",
    "userinfo with password": "https://kiosk.example.org:443:x@evil.example",
    "query": "https://evil.example/phish?x=",
    "empty query": "https://kiosk.example.org/?",
    "fragment": "https://kiosk.example.org/#top",
    "bidi override": "https://kiosk.example.org/\u202egro.live",
    "zero-width space": "https://kiosk.\u200bexample.org",
    "backslash": "https://evil.example\\@kiosk.example.org",
    "plain http": "http://kiosk.example.org",
    "javascript": "javascript:alert(1)",
    "no scheme": "kiosk.example.org",
    "no host": "https://",
    "bad port": "https://kiosk.example.org:99999",
    "space": "https://kiosk example.org",
    "bad label": "https://-evil.example",
    "unicode path": "https://kiosk.example.org/路",
}
GOOD = {
    "https://kiosk.example.org/": "https://kiosk.example.org",
    "HTTPS://Kiosk.Example.ORG:443/guide/": "https://kiosk.example.org/guide",
    "https://新泾.example.cn/": "https://xn--efvo6n.example.cn",
    "https://bücher.example:8443": "https://xn--bcher-kva.example:8443",
    "http://127.0.0.1:8080": "http://127.0.0.1:8080",
    "http://localhost:8080/": "http://localhost:8080",
}


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_addresses_are_refused(value: str) -> None:
    with pytest.raises(ValueError, match="public_url"):
        validate_public_url(value)


@pytest.mark.parametrize(("value", "expected"), GOOD.items())
def test_good_addresses_are_normalised(value: str, expected: str) -> None:
    assert validate_public_url(value) == expected


def test_http_for_another_machine_needs_the_explicit_flag() -> None:
    assert validate_public_url("http://kiosk.lan/", allow_http=True) == "http://kiosk.lan"
    assert origin("https://kiosk.example.org:8443/guide") == "https://kiosk.example.org:8443"


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_floors_yaml_refuses_them_at_their_line(edited, value: str) -> None:
    path = edited("  # public_url: the address", f"  public_url: {value!r}  # the address".replace("'", '"'))
    if '"' in value:
        pytest.skip("not expressible in a double-quoted YAML scalar")
    building, problems = check_building(path)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert building is None or errors
    line = (
        path.read_text(encoding="utf-8")
        .splitlines()
        .index(next(each for each in path.read_text(encoding="utf-8").splitlines() if each.startswith("  public_url:")))
        + 1
    )
    assert any(e.startswith(f"floors.yaml:{line}:15: `building`: `public_url`") for e in errors), errors


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_the_cli_and_the_environment_refuse_them(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    result = CliRunner().invoke(main, ["serve", "--config", str(BUNDLED), "--public-url", value, "--port", "9"])
    assert result.exit_code == 1 and "Not starting" in result.stderr and "public_url" in result.stderr
    monkeypatch.setenv("KIOSK_PUBLIC_URL", value)
    with pytest.raises(ValueError, match="public_url"):
        create_app(BUNDLED)
    check = CliRunner().invoke(main, ["check", str(BUNDLED)])
    assert check.exit_code == 1 and "$KIOSK_PUBLIC_URL: public_url" in check.stderr


def test_allow_http_lets_a_closed_network_use_http(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["qr", "--out", str(tmp_path), "--config", str(BUNDLED), "--public-url", "http://kiosk.lan", "--lang", "en"],
    )
    assert result.exit_code == 1 and "--allow-http" in result.output
    result = CliRunner().invoke(
        main,
        ["qr", "--out", str(tmp_path), "--config", str(BUNDLED), "--public-url", "http://kiosk.lan", "--allow-http"],
    )
    assert result.exit_code == 0 and "for http://kiosk.lan" in result.output


def test_kiosk_check_prints_the_origin_phones_will_open(edited, monkeypatch: pytest.MonkeyPatch) -> None:
    path = edited("  # public_url: the address", "  public_url: https://新泾.example.cn/guide/  # the address")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("OK: ")  # the summary, then the address codes open
    assert "QR codes open https://xn--efvo6n.example.cn/guide (origin https://xn--efvo6n.example.cn)" in (
        result.stdout.splitlines()
    )
    monkeypatch.setenv("KIOSK_PUBLIC_URL", "https://Kiosk.Example.org:443/")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert "QR codes open https://kiosk.example.org (origin https://kiosk.example.org)" in result.stdout
