"""Where Alibaba Cloud keys are found: table-driven over temporary homes and injected
environments (the real environment and home are never read)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from dnsdoctor.core import secrets
from dnsdoctor.providers.alidns.sources import discover

KID = "LTAI5tQ7xW2mRb8nZk4pYc3D"
SEC = "Vb7Kq2Lm9Xc4Rt6Yp1Nz8Wd3Hs5Jf0"
KID2 = "LTAI5tOtherOtherOtherOth"
SEC2 = "Ot7Kq2Lm9Xc4Rt6Yp1Nz8Wd3Hs5Jf0"
TOK = "CAIS" + "t0ken" * 10


def write(home: Path, rel: str, text: str, mode: int = 0o600) -> Path:
    path = home / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(mode)
    return path


def cli_config(profiles: list[dict[str, str]], current: str = "default") -> str:
    return json.dumps({"current": current, "profiles": profiles})


Setup = Callable[[Path], dict[str, str]]

CASES: list[tuple[str, Setup, list[tuple[str, str, str, str | None]]]] = [
    ("nothing", lambda h: {}, []),
    (
        "lego env with token",
        lambda h: {
            "ALICLOUD_ACCESS_KEY": KID,
            "ALICLOUD_SECRET_KEY": SEC,
            "ALICLOUD_SECURITY_TOKEN": TOK,
        },
        [("env", KID, SEC, TOK)],
    ),
    (
        "lego _FILE variants drop one newline",
        lambda h: {
            "ALICLOUD_ACCESS_KEY_FILE": str(write(h, "k/id", KID + "\n")),
            "ALICLOUD_SECRET_KEY_FILE": str(write(h, "k/secret", SEC + "\n\n")),
        },
        [("env", KID, SEC + "\n", None)],
    ),
    (
        "SDK env",
        lambda h: {
            "ALIBABA_CLOUD_ACCESS_KEY_ID": KID,
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET": SEC,
            "ALIBABA_CLOUD_SECURITY_TOKEN": TOK,
        },
        [("env-sdk", KID, SEC, TOK)],
    ),
    (
        "acme.sh env",
        lambda h: {"Ali_Key": KID, "Ali_Secret": SEC},
        [("env-acme.sh", KID, SEC, None)],
    ),
    (
        "acme.sh account.conf with quotes",
        lambda h: (
            write(h, ".acme.sh/account.conf", f"SAVED_Ali_Key='{KID}'\nSAVED_Ali_Secret='{SEC}'\n")
            and {}
        ),
        [("acme.sh", KID, SEC, None)],
    ),
    (
        "acme.sh under LE_CONFIG_HOME",
        lambda h: {
            "LE_CONFIG_HOME": str(
                write(
                    h, "conf/account.conf", f"SAVED_Ali_Key={KID}\nSAVED_Ali_Secret={SEC}\n"
                ).parent
            )
        },
        [("acme.sh", KID, SEC, None)],
    ),
    (
        "credentials file (Go SDK name)",
        lambda h: (
            write(
                h,
                ".alibabacloud/credentials",
                f"[default]\ntype = access_key\naccess_key_id = {KID}\naccess_key_secret = {SEC}\n",
            )
            and {}
        ),
        [("ini", KID, SEC, None)],
    ),
    (
        "credentials.ini (Python SDK name), named profile, sts",
        lambda h: (
            write(
                h,
                ".alibabacloud/credentials.ini",
                f"[prod]\ntype = sts\naccess_key_id = {KID}\naccess_key_secret = {SEC}\n"
                f"security_token = {TOK}\n",
            )
            and {"ALIBABA_CLOUD_PROFILE": "prod"}
        ),
        [("ini", KID, SEC, TOK)],
    ),
    (
        "aliyun CLI current profile AK",
        lambda h: (
            write(
                h,
                ".aliyun/config.json",
                cli_config(
                    [
                        {
                            "name": "other",
                            "mode": "AK",
                            "access_key_id": KID2,
                            "access_key_secret": SEC2,
                        },
                        {
                            "name": "work",
                            "mode": "AK",
                            "access_key_id": KID,
                            "access_key_secret": SEC,
                        },
                    ],
                    current="work",
                ),
            )
            and {}
        ),
        [("aliyun-cli", KID, SEC, None)],
    ),
    (
        "aliyun CLI StsToken",
        lambda h: (
            write(
                h,
                ".aliyun/config.json",
                cli_config(
                    [
                        {
                            "name": "default",
                            "mode": "StsToken",
                            "access_key_id": "STS.abc",
                            "access_key_secret": SEC,
                            "sts_token": TOK,
                        }
                    ]
                ),
            )
            and {}
        ),
        [("aliyun-cli", "STS.abc", SEC, TOK)],
    ),
    (
        "precedence: lego, SDK, acme.sh env, ini, CLI, account.conf",
        lambda h: (
            write(h, ".acme.sh/account.conf", f"SAVED_Ali_Key={KID2}\nSAVED_Ali_Secret={SEC2}\n")
            and write(
                h,
                ".alibabacloud/credentials",
                f"[default]\naccess_key_id = {KID2}\naccess_key_secret = {SEC2}\n",
            )
            and write(
                h,
                ".aliyun/config.json",
                cli_config(
                    [
                        {
                            "name": "default",
                            "mode": "AK",
                            "access_key_id": KID2,
                            "access_key_secret": SEC2,
                        }
                    ]
                ),
            )
            and {
                "ALICLOUD_ACCESS_KEY": KID,
                "ALICLOUD_SECRET_KEY": SEC,
                "ALIBABA_CLOUD_ACCESS_KEY_ID": KID,
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET": SEC,
                "Ali_Key": KID2,
                "Ali_Secret": SEC2,
            }
        ),
        [
            ("env", KID, SEC, None),
            ("env-sdk", KID, SEC, None),
            ("env-acme.sh", KID2, SEC2, None),
            ("ini", KID2, SEC2, None),
            ("aliyun-cli", KID2, SEC2, None),
            ("acme.sh", KID2, SEC2, None),
        ],
    ),
]


@pytest.mark.parametrize(("setup", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_sources(
    tmp_path: Path, setup: Setup, expected: list[tuple[str, str, str, str | None]]
) -> None:
    env = setup(tmp_path) or {}
    disc = discover(env, tmp_path)
    assert [(c.source, c.secret_id, c.secret_key, c.token) for c in disc.found] == expected
    for cred in disc.found:
        assert SEC not in repr(cred) and SEC2 not in repr(cred)
        assert secrets.is_registered(cred.secret_key)
        assert cred.provider == "alidns"  # else lint, labels and wording are Tencent's


@pytest.mark.parametrize(
    ("name", "setup", "kind", "detail"),
    [
        (
            "half a pair",
            lambda h: {"ALICLOUD_ACCESS_KEY": KID},
            "incomplete",
            "has an AccessKey ID but no AccessKey Secret",
        ),
        (
            "RAM role",
            lambda h: {"ALICLOUD_RAM_ROLE": "acme"},
            "not-static",
            "ECS instance RAM role 'acme'",
        ),
        (
            "CLI RamRoleArn mode",
            lambda h: (
                write(
                    h,
                    ".aliyun/config.json",
                    cli_config(
                        [{"name": "default", "mode": "RamRoleArn", "access_key_secret": SEC}]
                    ),
                )
                and {}
            ),
            "not-static",
            'mode "RamRoleArn"',
        ),
        (
            "ini ecs_ram_role",
            lambda h: (
                write(h, ".alibabacloud/credentials", "[default]\ntype = ecs_ram_role\n") and {}
            ),
            "not-static",
            'type "ecs_ram_role"',
        ),
        (
            "world-readable ini",
            lambda h: (
                write(
                    h,
                    ".alibabacloud/credentials",
                    f"[default]\naccess_key_id = {KID}\naccess_key_secret = {SEC}\n",
                    0o644,
                )
                and {}
            ),
            "permissions",
            "mode 0644",
        ),
        (
            "broken ini never quotes the line",
            lambda h: write(h, ".alibabacloud/credentials", f"access_key_secret = {SEC}\n") and {},
            "unreadable",
            "not a valid INI file",
        ),
        (
            "CLI not JSON",
            lambda h: write(h, ".aliyun/config.json", "{nope") and {},
            "unreadable",
            "not valid JSON",
        ),
        (
            "credentials path is a directory",
            lambda h: (h / ".alibabacloud" / "credentials").mkdir(parents=True) or {},
            "unreadable",
            "is a directory",
        ),
        (
            "too large",
            lambda h: write(h, ".alibabacloud/credentials", "#" * 70000) and {},
            "unreadable",
            "larger than",
        ),
    ],
)
def test_notes(tmp_path: Path, name: str, setup: Setup, kind: str, detail: str) -> None:
    disc = discover(setup(tmp_path) or {}, tmp_path)
    notes = [n for n in disc.notes if n.kind == kind]
    assert notes, disc.notes
    assert detail in str(notes[0].detail)
    assert all(SEC not in str(n.detail) and SEC not in n.origin for n in disc.notes)


@pytest.mark.skipif(os.name != "posix", reason="FIFOs are POSIX")
def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / ".alibabacloud" / "credentials"
    path.parent.mkdir()
    os.mkfifo(path)
    disc = discover({}, tmp_path)  # would block for ever if it were opened
    assert [str(n.detail) for n in disc.notes] == ["not a regular file"]


def test_explicit_profile_wins_and_its_failure_stops_discovery(tmp_path: Path) -> None:
    write(
        tmp_path,
        ".aliyun/config.json",
        cli_config(
            [
                {"name": "default", "mode": "AK", "access_key_id": KID2, "access_key_secret": SEC2},
                {"name": "acme", "mode": "AK", "access_key_id": KID, "access_key_secret": SEC},
            ]
        ),
    )
    env = {"ALICLOUD_ACCESS_KEY": KID2, "ALICLOUD_SECRET_KEY": SEC2}
    disc = discover(env, tmp_path, profile="acme")
    assert disc.chosen is not None
    assert (disc.chosen.source, disc.chosen.secret_id) == ("aliyun-cli-profile", KID)
    assert [c.source for c in disc.found] == ["aliyun-cli-profile", "env"]
    assert [d.parts for d in disc.disagreements] == [("SecretId", "SecretKey")]

    missing = discover(env, tmp_path, profile="nope")
    assert missing.explicit_failed and missing.chosen is None and missing.found == []
    assert discover(env, tmp_path, profile="../x").explicit_failed


def test_discover_for_takes_the_explicit_key_first(tmp_path: Path) -> None:
    from dnsdoctor.credentials import CredentialInputs
    from dnsdoctor.providers.alidns import PROVIDER

    key_file = write(tmp_path, "ak-secret", SEC)
    inputs = CredentialInputs(
        secret_id=KID,
        secret_key_file=key_file,
        env={"ALICLOUD_ACCESS_KEY": KID2, "ALICLOUD_SECRET_KEY": SEC2},
        home=tmp_path,
    )
    assert PROVIDER.sources_module == "dnsdoctor.providers.alidns.sources"
    from dnsdoctor.providers.alidns.sources import discover_for

    disc = discover_for(inputs)
    assert [(c.source, c.secret_id, c.secret_key) for c in disc.found] == [
        ("cli", KID, SEC),
        ("env", KID2, SEC2),
    ]
    assert {c.provider for c in disc.found} == {"alidns"}


def test_a_group_writable_or_foreign_file_is_reported(tmp_path: Path) -> None:
    """As for Tencent Cloud's files: another user who can write the file can swap the key."""
    path = write(tmp_path, ".alibabacloud/credentials",
                 f"[default]\naccess_key_id = {KID}\naccess_key_secret = {SEC}\n", 0o620)  # fmt: skip
    if os.geteuid() == 0:
        os.chown(path, 4242, 4242)
    disc = discover({}, tmp_path)
    details = {n.kind: str(n.detail) for n in disc.notes}
    assert details["writable"] == "mode 0620: writable by group"
    if os.geteuid() == 0:
        assert (
            details["owner"] == f"owned by uid 4242, not by this user (uid {os.geteuid()}) or root"
        )
