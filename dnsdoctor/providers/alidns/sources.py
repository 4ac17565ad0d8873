"""Where people keep Alibaba Cloud AccessKeys, read into the shapes of :mod:`dnsdoctor.credentials`
(:class:`~dnsdoctor.credentials.Credential`: ``secret_id`` is the AccessKey ID, ``secret_key`` the
AccessKey Secret, ``token`` the STS security token).

In this precedence (the first complete one is used; every one found is reported):

0. **aliyun CLI profile named with** ``profile=`` (``--profile``): explicit, so a problem with it is
   an error and nothing else is tried.
1. **lego** (and Certimate's lego-based runs): ``ALICLOUD_ACCESS_KEY`` / ``ALICLOUD_SECRET_KEY``,
   token ``ALICLOUD_SECURITY_TOKEN``, each also as ``NAME_FILE`` when ``NAME`` is unset (lego's
   ``env.Get``/``GetOrFile``: one trailing newline dropped). With ``ALICLOUD_RAM_ROLE`` set, lego
   uses the ECS instance's RAM role and ignores the keys (``providers/dns/alidns/alidns.go``,
   ``NewDNSProvider``): reported as a note.
2. **Alibaba's SDKs**: ``ALIBABA_CLOUD_ACCESS_KEY_ID`` / ``ALIBABA_CLOUD_ACCESS_KEY_SECRET``,
   token ``ALIBABA_CLOUD_SECURITY_TOKEN`` (``alibabacloud_credentials`` ``EnvironmentVariable``
   provider).
3. **acme.sh** ``dns_ali``: ``Ali_Key`` / ``Ali_Secret`` in the environment.
4. **credentials file** (INI): ``$ALIBABA_CLOUD_CREDENTIALS_FILE``, else ``~/.alibabacloud/credentials``
   (Go/Java SDKs) and ``~/.alibabacloud/credentials.ini`` (the Python SDK); section
   ``$ALIBABA_CLOUD_PROFILE`` or ``default``; ``type = access_key`` (or ``sts``, with
   ``security_token``) and ``access_key_id`` / ``access_key_secret``. Other types (a RAM role, OIDC)
   fetch keys at run time: a note.
5. **aliyun CLI** ``~/.aliyun/config.json``: the profile ``$ALIBABA_CLOUD_PROFILE``, else the file's
   ``current``, else ``default``; mode ``AK`` (``access_key_id``/``access_key_secret``) or
   ``StsToken`` (plus ``sts_token``). Other modes: a note.
6. **acme.sh** ``account.conf`` (``$LE_CONFIG_HOME`` or ``~/.acme.sh``): ``SAVED_Ali_Key`` /
   ``SAVED_Ali_Secret``, which ``_saveaccountconf_mutable`` wrote after the first run.

Certimate keeps its keys in its own database (``AccessKeyId``/``AccessKeySecret`` of an access
record), not in a file dnsdoctor can read.

Only regular files are read, at most :data:`~dnsdoctor.credentials.MAX_FILE_BYTES`; values are kept
exactly as the reading tool sees them. The environment and the home directory are arguments:
nothing here reads ``os.environ`` or the real home. Every secret is registered with
:mod:`dnsdoctor.core.secrets` as it is read.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from pathlib import Path

from dnsdoctor.core.i18n import Phrase
from dnsdoctor.core.i18n import register as register_texts
from dnsdoctor.credentials import (
    CredentialInputs,
    Discovery,
    KeyLabels,
    SourceNote,
    account_conf_path,
    from_command_line,
    ini_section,
    lego_value,
    named_profile_usable,
    note,
    process_env_home,
    read_text,
    register,
)

PROVIDER = "alidns"
READERS_LEGO = "lego, Certimate (through lego), Terraform alicloud"
READERS_SDK = "Alibaba Cloud SDKs, aliyun CLI"
READERS_ACME_SH = "acme.sh dns_ali"
READERS_INI = "Alibaba Cloud SDKs (credentials file)"
READERS_CLI = "aliyun CLI, Alibaba Cloud SDKs (CLI profile provider)"

LABELS = KeyLabels(PROVIDER, "AccessKey ID", "AccessKey Secret")

NOTES = register_texts(
    "alidns.notes",
    {
        "lego-ram-role": {
            "en": "lego uses the ECS instance RAM role {role} and ignores "
            "ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY; the role's keys exist only on that instance",
            "zh": "lego 使用 ECS 实例 RAM 角色 {role}，忽略 ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY；"
            "该角色的密钥只存在于那台实例上",
        },
        "sdk-type": {
            "en": 'type "{kind}": the SDK fetches its keys at run time; no ACME client reads them',
            "zh": "类型“{kind}”：SDK 在运行时才获取密钥；没有 ACME 客户端会读取它们",
        },
        "cli-mode": {
            "en": 'mode "{mode}": the aliyun CLI fetches its keys at run time; no ACME client can '
            "use them",
            "zh": "模式“{mode}”：aliyun CLI 在运行时才获取密钥；ACME 客户端无法使用它们",
        },
    },
)
"""What a source note says about Alibaba's own sources (its ``detail``), in each language."""


def _env(env: Mapping[str, str], disc: Discovery) -> None:
    disc.looked.append("ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY (or lego's *_FILE)")
    key_id, id_origin = lego_value(env, "ALICLOUD_ACCESS_KEY", disc, name_kind=False)
    secret, secret_origin = lego_value(env, "ALICLOUD_SECRET_KEY", disc, name_kind=False)
    token, token_origin = lego_value(env, "ALICLOUD_SECURITY_TOKEN", disc, name_kind=False)
    role = env.get("ALICLOUD_RAM_ROLE", "")
    if role:
        disc.notes.append(
            SourceNote(
                "not-static",
                "env",
                "$ALICLOUD_RAM_ROLE",
                None,
                Phrase(NOTES["lego-ram-role"], {"role": repr(role)}),
            )
        )
    LABELS.add(
        disc,
        "env",
        f"{id_origin} / {secret_origin}",
        key_id,
        secret,
        token or None,
        (id_origin, secret_origin, token_origin),
        READERS_LEGO,
    )
    disc.looked.append("ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET")
    LABELS.add(
        disc,
        "env-sdk",
        "$ALIBABA_CLOUD_ACCESS_KEY_ID / $ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        env.get("ALIBABA_CLOUD_ACCESS_KEY_ID"),
        env.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
        env.get("ALIBABA_CLOUD_SECURITY_TOKEN") or None,
        (
            "$ALIBABA_CLOUD_ACCESS_KEY_ID",
            "$ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            "$ALIBABA_CLOUD_SECURITY_TOKEN",
        ),
        READERS_SDK,
    )
    disc.looked.append("Ali_Key / Ali_Secret")
    LABELS.add(
        disc,
        "env-acme.sh",
        "$Ali_Key / $Ali_Secret (acme.sh)",
        env.get("Ali_Key"),
        env.get("Ali_Secret"),
        None,
        ("$Ali_Key", "$Ali_Secret", ""),
        READERS_ACME_SH,
    )


def _ini(path: Path, section_name: str, disc: Discovery) -> None:
    section = ini_section(path, section_name, disc, name_kind=False)
    if section is None:
        return
    kind = section.get("type", "access_key")
    origin = f"{path} [{section_name}]"
    if kind not in ("access_key", "sts"):
        register(section.get("access_key_secret"))
        disc.notes.append(
            SourceNote(
                "not-static",
                "ini",
                origin,
                path,
                Phrase(NOTES["sdk-type"], {"kind": kind}),
            )
        )
        return
    LABELS.add(
        disc,
        "ini",
        origin,
        section.get("access_key_id"),
        section.get("access_key_secret"),
        section.get("security_token") if kind == "sts" else None,
        (f"{path} (access_key_id)", f"{path} (access_key_secret)", f"{path} (security_token)"),
        READERS_INI,
        path,
    )


def _aliyun_cli(path: Path, profile: str | None, disc: Discovery, explicit: bool) -> None:
    source = "aliyun-cli-profile" if explicit else "aliyun-cli"
    text = read_text(path, source, disc, explicit, name_kind=False)
    if text is None:
        return

    def fail(detail: Phrase) -> None:
        disc.note("unreadable", source, str(path), path, detail, explicit)

    try:
        data = json.loads(text)
    except ValueError:
        fail(note("not-json"))
        return
    profiles = data.get("profiles") if isinstance(data, dict) else None
    if not isinstance(profiles, list):
        fail(note("no-profiles"))
        return
    current = data.get("current") if isinstance(data.get("current"), str) else None
    name = profile or current or "default"
    chosen = next(
        (p for p in profiles if isinstance(p, dict) and p.get("name") == name),
        None,
    )
    if chosen is None:
        if explicit or profile:
            fail(note("no-profile", name=repr(name)))
        return
    values = {k: chosen.get(k) for k in ("access_key_id", "access_key_secret", "sts_token")}
    for field_name, value in values.items():
        if value is not None and not isinstance(value, str):
            values[field_name] = None
    key_id, secret = values["access_key_id"], values["access_key_secret"]
    token = values["sts_token"] or None
    mode = chosen.get("mode")
    origin = f"{path} (profile {name})"
    if mode not in ("AK", "StsToken"):
        register(secret, token)
        detail = Phrase(NOTES["cli-mode"], {"mode": str(mode)})
        disc.note("not-static", source, origin, path, detail, explicit)
        return
    LABELS.add(
        disc,
        source,
        origin,
        key_id,
        secret,
        token if mode == "StsToken" else None,
        (f"{origin} access_key_id", f"{origin} access_key_secret", f"{origin} sts_token"),
        READERS_CLI,
        path,
        explicit,
    )


def discover(
    env: Mapping[str, str],
    home: Path,
    *,
    profile: str | None = None,
    disc: Discovery | None = None,
) -> Discovery:
    """Every Alibaba Cloud credential source, in precedence order (see the module docstring).

    ``disc``: a discovery to continue (the generic explicit ``--access-key-id`` step comes first);
    when it already failed explicitly, nothing more is read. Every credential found, the explicit
    one included, is marked as Alibaba's (:attr:`Credential.provider`): lint, labels and wording
    follow it."""
    disc = _discover(env, home, profile=profile, disc=disc)
    disc.found[:] = [
        c if c.provider == PROVIDER else dataclasses.replace(c, provider=PROVIDER)
        for c in disc.found
    ]
    return disc


def _discover(
    env: Mapping[str, str],
    home: Path,
    *,
    profile: str | None = None,
    disc: Discovery | None = None,
) -> Discovery:
    disc = disc if disc is not None else Discovery()
    if disc.explicit_failed:
        return disc
    cli_config = home / ".aliyun" / "config.json"
    if profile is not None:
        if not named_profile_usable(profile, "aliyun-cli-profile", disc):
            return disc
        _aliyun_cli(cli_config, profile, disc, explicit=True)
        if disc.explicit_failed:
            return disc
    _env(env, disc)
    section = env.get("ALIBABA_CLOUD_PROFILE") or "default"
    named = env.get("ALIBABA_CLOUD_CREDENTIALS_FILE")
    if named:
        _ini(Path(named).expanduser(), section, disc)
    else:
        for name in ("credentials", "credentials.ini"):
            _ini(home / ".alibabacloud" / name, section, disc)
    if profile is None:
        _aliyun_cli(cli_config, env.get("ALIBABA_CLOUD_PROFILE") or None, disc, explicit=False)
    LABELS.add_account_conf(
        disc,
        account_conf_path(env, home),
        ("SAVED_Ali_Key", "SAVED_Ali_Secret"),
        READERS_ACME_SH,
        name_kind=False,
    )
    return disc


def discover_for(inputs: CredentialInputs) -> Discovery:
    """The registry's entry (:attr:`Provider.sources_module`): the explicit key from the command
    line first (the generic step of :mod:`dnsdoctor.credentials`), then :func:`discover` with the
    inputs' environment and home, or the process's when they are ``None``."""
    disc = Discovery()
    from_command_line(inputs, disc)
    env, home = process_env_home(inputs)
    return discover(env, home, profile=inputs.profile, disc=disc)
