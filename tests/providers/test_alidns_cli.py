"""Alibaba Cloud DNS end to end: ``dnsdoctor creds`` against the Alibaba emulator (whose ACS3
signature check is the real one), every scenario in every format and both languages.

Each run must name the scenario's cause first, exit as the scenario says, speak of Alibaba Cloud
(never of Tencent Cloud or DNSPod), and leak no piece of any AccessKey Secret or ID.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from dnsdoctor.core import secrets
from dnsdoctor.core.i18n import Wording
from dnsdoctor.lab.alidns_api import FakeAlibabaCloud
from dnsdoctor.lab.scenarios import all_scenarios
from dnsdoctor.lab.scenarios_alidns import SCENARIOS
from dnsdoctor.lab.scenarios_creds import CredsWorld

FORMATS = ("rich", "json", "markdown")
PIECE = 6
TENCENT_WORDS = ("Tencent", "DNSPod", "腾讯", "tccli", "AuthFailure", "TENCENTCLOUD_")


def secret_values(cw: CredsWorld) -> list[str]:
    assert isinstance(cw.api, FakeAlibabaCloud)
    values = [cw.secret_key, cw.secret_id]
    for key in cw.api.keys.values():
        values += [key.secret, key.key_id, key.token or ""]
    return [v for v in dict.fromkeys(values) if v.strip()]


def assert_clean(where: str, text: str, values: list[str]) -> None:
    for value in values:
        clean = secrets.cleaned(value)
        leaked = [clean[i : i + PIECE] for i in range(len(clean) - PIECE + 1)]
        leaked = [p for p in leaked if p in text]
        assert not leaked, f"{where}: pieces {leaked[:3]} of a secret in the output"


def test_every_alidns_scenario_is_a_demo() -> None:
    demos = all_scenarios()
    assert {n for n in demos if n.startswith("alidns-")} == set(SCENARIOS)
    for name, s in SCENARIOS.items():
        assert demos[name].first_code == s.first_code
        assert demos[name].exit_code == s.exit_code


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_creds_against_the_alibaba_emulator(cli: Any, tmp_path: Path, name: str) -> None:
    scenario = SCENARIOS[name]
    cw = scenario.build()
    values = secret_values(cw)
    with cw.world:
        for fmt in FORMATS:
            for lang in ("en", "zh"):
                out = tmp_path / f"{name}-{lang}.{fmt}"
                run = cli(*cw.argv, "-f", fmt, "--lang", lang, "-o", str(out), env=cw.env)
                assert run.exit_code == scenario.exit_code, (fmt, lang, run.stderr)
                text = out.read_text(encoding="utf-8")
                label = f"{name} {fmt} {lang}"
                assert_clean(label, text + run.stdout + run.stderr, values)
                said = text + run.stdout + run.stderr
                for word in TENCENT_WORDS:
                    assert word not in said, f"{label}: {word!r} in an Alibaba report"
                assert not re.search(r"\bCAM\b", said), f"{label}: CAM in an Alibaba report"
        run = cli(*cw.argv, "-f", "json", env=cw.env)
    report = run.json
    assert report is not None
    causes = [rc["code"] for rc in report["root_causes"]]
    if scenario.first_code is None:
        worst = {f["severity"] for r in report["checks"] for f in r["findings"]}
        assert worst <= {"info"}, worst
    else:
        assert causes and causes[0] == scenario.first_code, causes
    used = [f for r in report["checks"] for f in r["findings"] if f["code"] == "CREDS_SOURCE_USED"]
    assert used, "the credential source is named"


def test_the_provider_is_chosen_by_the_credentials_found(cli: Any) -> None:
    """Without --provider, an Alibaba key alone selects Alibaba Cloud DNS."""
    cw = SCENARIOS["alidns-healthy"].build()
    argv = [a for a in cw.argv if a not in ("--provider", "alidns")]
    with cw.world:
        run = cli(*argv, "-f", "json", env=cw.env)
    assert run.exit_code == 0, run.stderr
    assert run.json is not None
    codes = {f["code"] for r in run.json["checks"] for f in r["findings"]}
    assert "CREDS_AUTHENTICATED" in codes and "CREDS_PERMISSIONS_OK" in codes


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_clock_remedy_names_alibabas_window(cli: Any, lang: str) -> None:
    """A bare ``dnsdoctor clock`` judges by the strictest registered window (Tencent's 300 s) when
    it finds no credentials: the remedy and its command name Alibaba Cloud DNS."""
    cw = SCENARIOS["alidns-clock-skew"].build()
    with cw.world:
        run = cli(*cw.argv, "-f", "json", "--lang", lang, env=cw.env)
    assert run.json is not None, run.stderr
    (finding,) = [
        f
        for r in run.json["checks"]
        for f in r["findings"]
        if f["code"] == "CREDS_SIGNATURE_EXPIRE"
    ]
    assert finding["commands"] == ["dnsdoctor clock --provider alidns"]
    assert "`dnsdoctor clock --provider alidns`" in finding["remedy"]


def test_an_unknown_provider_is_a_usage_error(cli: Any) -> None:
    run = cli("creds", "example.com", "--provider", "route53")
    assert run.exit_code == 2
    assert "alidns" in run.stderr


def _cli_profile(home: Path, mode: str) -> dict[str, str]:
    path = home / ".aliyun" / "config.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"profiles": [{"name": "default", "mode": mode}]}))
    return {}


def _ini(home: Path, text: str, mode: int = 0o600) -> dict[str, str]:
    path = home / ".alibabacloud" / "credentials"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    path.chmod(mode)
    return {}


@pytest.mark.parametrize(
    ("setup", "en", "zh"),
    [
        (
            lambda h: {"ALICLOUD_ACCESS_KEY": "LTAI5tQ7xW2mRb8nZk4pYc3D"},
            "has an AccessKey ID but no AccessKey Secret",
            "有 AccessKey ID 但没有 AccessKey Secret",
        ),
        (
            lambda h: _cli_profile(h, "EcsRamRole"),
            'mode "EcsRamRole": the aliyun CLI fetches its keys at run time; no ACME client can '
            "use them",
            "模式“EcsRamRole”：aliyun CLI 在运行时才获取密钥；ACME 客户端无法使用它们",
        ),
        (
            lambda h: _ini(h, "[default]\ntype = ram_role_arn\n"),
            'type "ram_role_arn": the SDK fetches its keys at run time; no ACME client reads them',
            "类型“ram_role_arn”：SDK 在运行时才获取密钥；没有 ACME 客户端会读取它们",
        ),
        (
            lambda h: _ini(h, "[work]\naccess_key_id = x\n", 0o644),
            "mode 0644: readable by group and others",
            "mode 0644，同组用户和其他用户可读",
        ),
        (
            lambda h: {"ALICLOUD_RAM_ROLE": "acme"},
            "lego uses the ECS instance RAM role 'acme' and ignores "
            "ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY; the role's keys exist only on that instance",
            "lego 使用 ECS 实例 RAM 角色 'acme'，忽略 ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY；"
            "该角色的密钥只存在于那台实例上",
        ),
    ],
)
def test_alibaba_source_notes_are_said_in_chinese_too(
    tmp_path: Path, setup: Any, en: str, zh: str
) -> None:
    """The sources say what they found as data and words (a Phrase), not English that the
    check translates back: the note reads the same in English, and in Chinese too."""
    from dnsdoctor.providers.alidns.sources import discover

    disc = discover(setup(tmp_path), tmp_path)
    [note] = [n for n in disc.notes if str(n.detail) == en]
    assert isinstance(note.detail, Wording)
    assert note.detail.render("zh") == zh


@pytest.mark.parametrize(
    ("lang", "who"),
    [
        ("en", "RAM user 200000000000001 of account 1234567890123456"),
        ("zh", "账号 1234567890123456 的 RAM 用户 200000000000001"),
    ],
)
def test_an_alibaba_ram_user_is_named_as_such(cli: Any, lang: str, who: str) -> None:
    """GetCallerIdentity's IdentityType RAMUser is said in words (it read "RAMUser …" in English
    and "身份" — identity — in Chinese)."""
    cw = SCENARIOS["alidns-healthy"].build()
    with cw.world:
        run = cli(*cw.argv, "-f", "json", "--lang", lang, env=cw.env)
    assert run.json is not None, run.stderr
    [found] = [
        f for r in run.json["checks"] for f in r["findings"] if f["code"] == "CREDS_AUTHENTICATED"
    ]
    assert found["title"].endswith(who), found["title"]
    assert found["params"]["who"] == "RAM user 200000000000001 of account 1234567890123456"
