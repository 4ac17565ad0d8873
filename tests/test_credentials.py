"""Credential sources, their precedence, disagreements and file permissions.

Every test passes its own environment mapping and home directory: the real ones are never read.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from dnsdoctor.core import secrets
from dnsdoctor.credentials import (
    MAX_FILE_BYTES,
    CredentialInputs,
    Discovery,
    SourceNote,
    permission_problem,
    read_secret_file,
)
from dnsdoctor.providers.tencentcloud.sources import discover, discover_for

SID = "AKID" + "Qw3rTy" * 5 + "Zz"
KEY = "k3yK3yk3yK3y" + "a1B2c3D4e5F6g7H8i9J0"
SID2 = "AKID" + "Zx9Cv8" * 5 + "Qq"
KEY2 = "0therKey" * 4


def write(home: Path, relative: str, text: str, mode: int = 0o600) -> Path:
    path = home / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


def notes(disc: Discovery, kind: str) -> list[SourceNote]:
    return [n for n in disc.notes if n.kind == kind]


def test_nothing_anywhere(tmp_path: Path) -> None:
    disc = discover(CredentialInputs(), {}, tmp_path)
    assert disc.chosen is None and disc.found == [] and disc.notes == []
    assert "TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY (or lego's *_FILE)" in disc.looked


def test_environment_with_token_and_which_variable(tmp_path: Path) -> None:
    env = {
        "TENCENTCLOUD_SECRET_ID": SID,
        "TENCENTCLOUD_SECRET_KEY": KEY,
        "TENCENTCLOUD_SESSION_TOKEN": "tok-lego",
    }
    chosen = discover(CredentialInputs(), env, tmp_path).chosen
    assert chosen is not None
    assert (chosen.source, chosen.secret_id, chosen.secret_key, chosen.token) == (
        "env",
        SID,
        KEY,
        "tok-lego",
    )
    assert chosen.token_origin == "$TENCENTCLOUD_SESSION_TOKEN"
    assert "lego" in chosen.readers


def test_lego_file_variables_are_read_like_lego(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(KEY + "\u200b\n", encoding="utf-8")  # lego drops the newline only
    key_file.chmod(0o600)
    env = {"TENCENTCLOUD_SECRET_ID": SID, "TENCENTCLOUD_SECRET_KEY_FILE": str(key_file)}
    chosen = discover(CredentialInputs(), env, tmp_path).chosen
    assert chosen is not None
    assert (chosen.secret_id, chosen.secret_key) == (SID, KEY + "\u200b")
    assert chosen.key_origin == f"$TENCENTCLOUD_SECRET_KEY_FILE ({key_file})"
    # The plain variable wins over the file, as in lego.
    env["TENCENTCLOUD_SECRET_KEY"] = KEY
    chosen = discover(CredentialInputs(), env, tmp_path).chosen
    assert chosen is not None and chosen.secret_key == KEY


def test_token_variables_in_documented_order_and_conflict(tmp_path: Path) -> None:
    env = {
        "TENCENTCLOUD_SECRET_ID": SID,
        "TENCENTCLOUD_SECRET_KEY": KEY,
        "TENCENTCLOUD_SESSION_TOKEN": "tok-b",
        "TENCENTCLOUD_TOKEN": "tok-a",
    }
    disc = discover(CredentialInputs(), env, tmp_path)
    assert disc.chosen is not None and disc.chosen.token == "tok-a"
    [conflict] = notes(disc, "token-conflict")
    assert (
        "TENCENTCLOUD_TOKEN" in conflict.origin and "TENCENTCLOUD_SESSION_TOKEN" in conflict.origin
    )
    assert "tok-" not in str(conflict.detail)


def test_precedence_of_every_source(tmp_path: Path) -> None:
    key_file = write(tmp_path, "k.txt", "key-cli-" + "c" * 24)
    write(
        tmp_path,
        ".tccli/dev.credential",
        json.dumps({"secretId": SID + "1", "secretKey": "t" * 32}),
    )
    write(
        tmp_path,
        ".tccli/default.credential",
        json.dumps({"secretId": SID + "2", "secretKey": "d" * 32}),
    )
    write(
        tmp_path,
        ".tencentcloud/credentials",
        f"[default]\nsecret_id = {SID}3\nsecret_key = {'i' * 32}\n",
    )
    write(
        tmp_path,
        ".acme.sh/account.conf",
        f"SAVED_Tencent_SecretId='{SID}4'\nSAVED_Tencent_SecretKey='{'a' * 32}'\n",
    )
    env = {
        "TENCENTCLOUD_SECRET_ID": SID + "5",
        "TENCENTCLOUD_SECRET_KEY": "e" * 32,
        "Tencent_SecretId": SID + "6",
        "Tencent_SecretKey": "s" * 32,
    }
    inputs = CredentialInputs(secret_id=SID + "0", secret_key_file=key_file, profile="dev")
    disc = discover(inputs, env, tmp_path)
    assert [c.source for c in disc.found] == [
        "cli",
        "tccli-profile",
        "env",
        "env-acme.sh",
        "ini",
        "acme.sh",
    ]
    # without --profile, tccli's default profile comes after the INI file
    disc = discover(CredentialInputs(), env, tmp_path)
    assert [c.source for c in disc.found] == ["env", "env-acme.sh", "ini", "tccli", "acme.sh"]
    assert disc.found[3].secret_id == SID + "2"
    assert [d.second.source for d in disc.disagreements] == [
        "env-acme.sh",
        "ini",
        "tccli",
        "acme.sh",
    ]


def test_tccli_profile_from_environment(tmp_path: Path) -> None:
    write(
        tmp_path,
        ".tccli/ops.credential",
        json.dumps({"secretId": SID, "secretKey": KEY, "token": "t"}),
    )
    disc = discover(CredentialInputs(), {"TCCLI_PROFILE": "ops"}, tmp_path)
    assert disc.chosen is not None and (disc.chosen.source, disc.chosen.token) == ("tccli", "t")


@pytest.mark.parametrize("profile", ["../x", "", "a/b", ".."])
def test_invalid_profile_name_is_refused(tmp_path: Path, profile: str) -> None:
    env = {"TENCENTCLOUD_SECRET_ID": SID, "TENCENTCLOUD_SECRET_KEY": KEY}
    disc = discover(CredentialInputs(profile=profile), env, tmp_path)
    assert disc.explicit_failed and disc.chosen is None


def test_missing_explicit_profile_uses_nothing_else(tmp_path: Path) -> None:
    env = {"TENCENTCLOUD_SECRET_ID": SID, "TENCENTCLOUD_SECRET_KEY": KEY}
    disc = discover(CredentialInputs(profile="nope"), env, tmp_path)
    assert disc.chosen is None
    [note] = notes(disc, "unreadable")
    assert note.explicit and str(note.detail) == "no such file"


def test_tccli_role_profile_is_not_static(tmp_path: Path) -> None:
    write(tmp_path, ".tccli/default.credential", json.dumps({"type": "cvm-role", "role-arn": "x"}))
    disc = discover(CredentialInputs(), {}, tmp_path)
    assert disc.chosen is None and [n.kind for n in disc.notes] == ["not-static"]


@pytest.mark.parametrize(
    ("content", "detail"),
    [("{not json", "not valid JSON"), ("[1, 2]", "not a JSON object")],
)
def test_broken_tccli_file(tmp_path: Path, content: str, detail: str) -> None:
    write(tmp_path, ".tccli/default.credential", content)
    disc = discover(CredentialInputs(), {}, tmp_path)
    assert [(n.kind, str(n.detail)) for n in disc.notes] == [("unreadable", detail)]


def test_explicit_key_file_is_read_exactly(tmp_path: Path) -> None:
    key_file = write(tmp_path, "key", KEY + "\n")
    disc = discover(CredentialInputs(secret_id=SID, secret_key_file=key_file), {}, tmp_path)
    assert disc.chosen is not None and disc.chosen.secret_key == KEY + "\n"
    assert disc.chosen.key_origin == f"--secret-key-file {key_file}"
    assert secrets.is_registered(KEY + "\n") and secrets.is_registered(KEY)


def test_explicit_asked_key(tmp_path: Path) -> None:
    disc = discover(CredentialInputs(secret_id=SID, asked_key=KEY), {}, tmp_path)
    assert disc.chosen is not None and disc.chosen.origin == "--secret-id + --ask"


@pytest.mark.parametrize(
    "inputs",
    [
        CredentialInputs(secret_id=SID),
        CredentialInputs(asked_key=KEY),
        CredentialInputs(secret_id="  ", asked_key=KEY),
    ],
)
def test_incomplete_explicit_credential_uses_nothing_else(
    tmp_path: Path, inputs: CredentialInputs
) -> None:
    env = {"TENCENTCLOUD_SECRET_ID": SID2, "TENCENTCLOUD_SECRET_KEY": KEY2}
    disc = discover(inputs, env, tmp_path)
    assert disc.explicit_failed and disc.chosen is None and disc.disagreements == []
    [note] = disc.notes
    assert note.kind == "incomplete" and note.explicit


def test_explicit_key_file_problems(tmp_path: Path) -> None:
    disc = discover(
        CredentialInputs(secret_id=SID, secret_key_file=tmp_path / "nope"), {}, tmp_path
    )
    assert [(n.kind, str(n.detail), n.explicit) for n in disc.notes] == [
        ("unreadable", "no such file", True)
    ]
    disc = discover(CredentialInputs(secret_id=SID, secret_key_file=tmp_path), {}, tmp_path)
    assert str(disc.notes[0].detail) == "is a directory"


def test_secret_file_limits(tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.write_bytes(b"a" * (MAX_FILE_BYTES + 1))
    with pytest.raises(Exception, match="larger than"):
        read_secret_file(big)
    latin = tmp_path / "latin"
    latin.write_bytes(KEY.encode() + b"\xe9")
    with pytest.raises(Exception, match="not UTF-8") as info:
        read_secret_file(latin)
    assert KEY not in str(info.value)


def test_bom_and_zero_width_survive_reading(tmp_path: Path) -> None:
    path = tmp_path / "k"
    path.write_bytes(("\ufeff" + KEY + "\u200b").encode("utf-8"))
    assert read_secret_file(path) == "\ufeff" + KEY + "\u200b"


@pytest.mark.parametrize(
    ("mode", "problem"),
    [
        (0o600, None),
        (0o400, None),
        (0o640, "mode 0640: readable by group"),
        (0o604, "mode 0604: readable by others"),
        (0o644, "mode 0644: readable by group and others"),
    ],
)
def test_permission_problem(tmp_path: Path, mode: int, problem: str | None) -> None:
    path = write(tmp_path, "f", "x", mode)
    found = permission_problem(path)
    assert (None if found is None else str(found)) == problem


def test_readable_credential_files_are_reported(tmp_path: Path) -> None:
    write(
        tmp_path,
        ".tencentcloud/credentials",
        f"[default]\nsecret_id={SID}\nsecret_key={KEY}\n",
        0o644,
    )
    key_file = write(tmp_path, "key", KEY, 0o644)
    disc = discover(CredentialInputs(secret_id=SID, secret_key_file=key_file), {}, tmp_path)
    assert sorted(str(n.path) for n in notes(disc, "permissions")) == sorted(
        [str(key_file), str(tmp_path / ".tencentcloud/credentials")]
    )


def test_ini_keeps_quotes_like_the_sdk(tmp_path: Path) -> None:
    write(
        tmp_path,
        ".tencentcloud/credentials",
        f'[default]\nsecret_id = "{SID}"\nsecret_key = {KEY}  \n',
    )
    chosen = discover(CredentialInputs(), {}, tmp_path).chosen
    assert chosen is not None
    assert (chosen.secret_id, chosen.secret_key) == (f'"{SID}"', KEY)


def test_ini_file_from_environment_variable(tmp_path: Path) -> None:
    path = write(tmp_path, "elsewhere.ini", f"[default]\nsecret_id={SID}\nsecret_key={KEY}\n")
    disc = discover(CredentialInputs(), {"TENCENTCLOUD_CREDENTIALS_FILE": str(path)}, tmp_path)
    assert disc.chosen is not None and disc.chosen.path == path


def test_etc_file_only_when_asked(tmp_path: Path) -> None:
    etc = tmp_path / "etc"
    write(etc, "tencentcloud/credentials", f"[default]\nsecret_id={SID}\nsecret_key={KEY}\n")
    assert discover(CredentialInputs(), {}, tmp_path / "home").chosen is None
    chosen = discover(CredentialInputs(), {}, tmp_path / "home", etc).chosen
    assert chosen is not None and chosen.source == "ini"


def test_broken_ini_never_quotes_its_lines(tmp_path: Path) -> None:
    write(tmp_path, ".tencentcloud/credentials", f"secret_key = {KEY}\n[default\n")
    [note] = discover(CredentialInputs(), {}, tmp_path).notes
    assert note.kind == "unreadable" and "MissingSectionHeaderError" in str(note.detail)
    assert KEY not in repr(note)


def test_ini_without_default_section(tmp_path: Path) -> None:
    write(tmp_path, ".tencentcloud/credentials", f"[prod]\nsecret_id={SID}\nsecret_key={KEY}\n")
    [note] = discover(CredentialInputs(), {}, tmp_path).notes
    assert str(note.detail) == "no [default] section"


def test_acme_sh_account_conf(tmp_path: Path) -> None:
    conf = tmp_path / "acme"
    write(
        conf,
        "account.conf",
        f"ACCOUNT_EMAIL='a@b.c'\nSAVED_Tencent_SecretId='{SID}'\nSAVED_Tencent_SecretKey=\"{KEY}\"\n",
    )
    chosen = discover(CredentialInputs(), {"LE_CONFIG_HOME": str(conf)}, tmp_path).chosen
    assert chosen is not None
    assert (chosen.source, chosen.secret_id, chosen.secret_key) == ("acme.sh", SID, KEY)


def test_half_a_credential_is_a_note(tmp_path: Path) -> None:
    disc = discover(
        CredentialInputs(), {"TENCENTCLOUD_SECRET_KEY": KEY, "Tencent_SecretId": SID}, tmp_path
    )
    assert disc.chosen is None
    assert [(n.source, str(n.detail)) for n in disc.notes] == [
        ("env", "has a SecretKey but no SecretId"),
        ("env-acme.sh", "has a SecretId but no SecretKey"),
    ]


def test_disagreement_names_the_parts(tmp_path: Path) -> None:
    write(tmp_path, ".tencentcloud/credentials", f"[default]\nsecret_id={SID}\nsecret_key={KEY2}\n")
    env = {"TENCENTCLOUD_SECRET_ID": SID, "TENCENTCLOUD_SECRET_KEY": KEY}
    [dis] = discover(CredentialInputs(), env, tmp_path).disagreements
    assert (dis.first.source, dis.second.source, dis.parts, dis.only_invisible) == (
        "env",
        "ini",
        ("SecretKey",),
        False,
    )


def test_disagreement_in_invisible_characters_only(tmp_path: Path) -> None:
    write(tmp_path, ".tencentcloud/credentials", f"[default]\nsecret_id={SID}\nsecret_key={KEY}\n")
    env = {"TENCENTCLOUD_SECRET_ID": SID, "TENCENTCLOUD_SECRET_KEY": KEY + "\u200b"}
    [dis] = discover(CredentialInputs(), env, tmp_path).disagreements
    assert dis.only_invisible and dis.parts == ("SecretKey",)


def test_identical_sources_agree(tmp_path: Path) -> None:
    write(tmp_path, ".tencentcloud/credentials", f"[default]\nsecret_id={SID}\nsecret_key={KEY}\n")
    env = {"TENCENTCLOUD_SECRET_ID": SID, "TENCENTCLOUD_SECRET_KEY": KEY}
    disc = discover(CredentialInputs(), env, tmp_path)
    assert len(disc.found) == 2 and disc.disagreements == []


def test_every_secret_read_is_registered(tmp_path: Path) -> None:
    secrets.forget_all()
    unique_key = "Un1queKeyForRegistryTest" + "x" * 8
    write(
        tmp_path,
        ".tccli/default.credential",
        json.dumps({"secretId": SID2, "secretKey": unique_key, "token": "tokentokentoken"}),
    )
    discover(CredentialInputs(), {}, tmp_path)
    for value in (SID2, unique_key, "tokentokentoken"):
        assert secrets.is_registered(value)
        assert value not in secrets.redact(f"... {value} ...")


def test_reprs_never_show_secrets(tmp_path: Path) -> None:
    env = {"TENCENTCLOUD_SECRET_ID": SID, "TENCENTCLOUD_SECRET_KEY": KEY}
    inputs = CredentialInputs(secret_id=SID, asked_key=KEY, env=env)
    chosen = discover(inputs, env, tmp_path).chosen
    assert chosen is not None
    for text in (repr(inputs), repr(chosen)):
        assert KEY not in text and KEY[:6] not in text


def test_discover_for_uses_the_process_environment_only_when_not_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("TENCENTCLOUD_SECRET_ID", SID)
    monkeypatch.setenv("TENCENTCLOUD_SECRET_KEY", KEY)
    for var in ("Tencent_SecretId", "Tencent_SecretKey", "TENCENTCLOUD_CREDENTIALS_FILE"):
        monkeypatch.delenv(var, raising=False)
    disc = discover_for(CredentialInputs())
    assert disc.chosen is not None and disc.chosen.secret_key == KEY
    disc = discover_for(CredentialInputs(env={}, home=tmp_path))
    assert disc.chosen is None


# -- only regular files are read; writable or foreign-owned files are reported ------------------


def _discover_within(seconds: float, *args: Any) -> Discovery:
    """``discover(*args)`` in a thread: a read that blocks (a FIFO) fails the test, never hangs it."""
    box: list[Discovery] = []
    worker = threading.Thread(target=lambda: box.append(discover(*args)), daemon=True)
    worker.start()
    worker.join(seconds)
    return box[0] if box else pytest.fail(f"discover() still blocked after {seconds} s")


FIFO_PLACES = {
    "--secret-key-file": (
        "key",
        lambda p: (CredentialInputs(secret_id=SID, secret_key_file=p), {}),
    ),
    "ini": (".tencentcloud/credentials", lambda p: (CredentialInputs(), {})),
    "tccli --profile": (
        ".tccli/work.credential",
        lambda p: (CredentialInputs(profile="work"), {}),
    ),
    "tccli": (".tccli/default.credential", lambda p: (CredentialInputs(), {})),
    "acme.sh": (".acme.sh/account.conf", lambda p: (CredentialInputs(), {})),
    "lego _FILE": (
        "lego-key",
        lambda p: (
            CredentialInputs(),
            {"TENCENTCLOUD_SECRET_ID": SID, "TENCENTCLOUD_SECRET_KEY_FILE": str(p)},
        ),
    ),
}


@pytest.mark.parametrize("place", sorted(FIFO_PLACES))
def test_a_fifo_is_not_read(tmp_path: Path, place: str) -> None:
    relative, make = FIFO_PLACES[place]
    fifo = tmp_path / relative
    fifo.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(fifo, 0o600)
    inputs, env = make(fifo)
    try:
        disc = _discover_within(5.0, inputs, env, tmp_path)
    finally:  # release a reader that did block (before the fix), so no thread hangs on
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    (note,) = notes(disc, "unreadable")
    assert note.path == fifo and str(note.detail) == "not a regular file (a FIFO)"
    assert disc.chosen is None or disc.chosen.path != fifo


def test_a_symlink_to_a_regular_file_is_still_read(tmp_path: Path) -> None:
    real = write(tmp_path, "real-key", KEY)
    link = tmp_path / "key"
    link.symlink_to(real)
    disc = discover(CredentialInputs(secret_id=SID, secret_key_file=link), {}, tmp_path)
    assert disc.chosen is not None and disc.chosen.secret_key == KEY


@pytest.mark.parametrize(
    ("mode", "problem"),
    [
        (0o600, None),
        (0o620, "mode 0620: writable by group"),
        (0o602, "mode 0602: writable by others"),
        (0o666, "mode 0666: writable by group and others"),
    ],
)
def test_writable_credential_files_are_reported(
    tmp_path: Path, mode: int, problem: str | None
) -> None:
    path = write(tmp_path, ".tencentcloud/credentials",
                 f"[default]\nsecret_id={SID}\nsecret_key={KEY}\n", mode)  # fmt: skip
    disc = discover(CredentialInputs(), {}, tmp_path)
    found = [(n.path, str(n.detail)) for n in notes(disc, "writable")]
    assert found == ([(path, problem)] if problem else [])


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file away needs root")
def test_a_credential_file_owned_by_someone_else_is_reported(tmp_path: Path) -> None:
    key_file = write(tmp_path, "key", KEY)
    os.chown(key_file, 4242, 4242)
    mine = write(tmp_path, ".acme.sh/account.conf",
                 f"SAVED_Tencent_SecretId='{SID}'\nSAVED_Tencent_SecretKey='{KEY}'\n")  # fmt: skip
    disc = discover(CredentialInputs(secret_id=SID, secret_key_file=key_file), {}, tmp_path)
    (note,) = notes(disc, "owner")
    assert note.path == key_file
    assert str(note.detail) == f"owned by uid 4242, not by this user (uid {os.geteuid()}) or root"
    assert all(n.path != mine for n in disc.notes)
