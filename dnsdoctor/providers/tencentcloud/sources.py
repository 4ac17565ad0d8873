"""Where Tencent Cloud API credentials come from, in which order, and what each source holds.

dnsdoctor reads a SecretId, a SecretKey and (for temporary keys) a token from the places the ACME
clients and Tencent's own tools read them, reports every source it found by name, and uses the
first one in this precedence:

1. **Explicit**: ``--secret-id`` with the key from ``--secret-key-file FILE`` or from a hidden
   prompt (``--ask``). A secret is never accepted as a plain command-line argument (it would land
   in the shell history and in ``ps``).
2. **tccli profile named with** ``--profile``: ``~/.tccli/<profile>.credential``. Like tccli, an
   explicit profile wins over the environment.
3. **Environment** ``TENCENTCLOUD_SECRET_ID`` / ``TENCENTCLOUD_SECRET_KEY``, read by lego (and so
   Certimate), tccli (when no ``--profile`` is given), the Tencent Cloud SDKs, Terraform/Pulumi and
   certbot-dns-tencentcloud. The token comes from the first of ``TENCENTCLOUD_TOKEN`` (tccli),
   ``TENCENTCLOUD_SECURITY_TOKEN`` (Terraform, Pulumi) and ``TENCENTCLOUD_SESSION_TOKEN`` (lego,
   acme.sh's EdgeOne hook). The Python SDK's environment provider reads no token at all. As in
   lego, ``TENCENTCLOUD_SECRET_ID_FILE`` / ``TENCENTCLOUD_SECRET_KEY_FILE`` name files that hold
   the value when the plain variable is unset (one trailing newline dropped, as lego does).
4. **Environment** ``Tencent_SecretId`` / ``Tencent_SecretKey``, read by acme.sh's ``dns_tencent``.
5. **INI file** ``~/.tencentcloud/credentials`` (or ``$TENCENTCLOUD_CREDENTIALS_FILE``), section
   ``[default]``, keys ``secret_id`` / ``secret_key`` / ``token``: the SDKs' profile provider.
   ``/etc/tencentcloud/credentials`` is read as well when the caller passes ``etc``.
6. **tccli** ``~/.tccli/<profile>.credential`` (JSON ``secretId`` / ``secretKey`` / ``token``),
   profile from ``$TCCLI_PROFILE`` or ``default``.
7. **acme.sh** ``account.conf`` (``$LE_CONFIG_HOME`` or ``~/.acme.sh``): the
   ``SAVED_Tencent_SecretId`` / ``SAVED_Tencent_SecretKey`` that acme.sh saved after its first run.

What is found is read into the shapes of :mod:`dnsdoctor.credentials` by its shared readers, so
each value is kept exactly as the tool reading that source would see it. Two sources holding
different keys are reported (the shell has one key, the ACME client another), and so is a
credential file that group or others may read or write, or that another user owns. The environment
and the home directory are arguments: nothing here reads ``os.environ`` or the real home unless
the caller passes none (:func:`discover_for`).
"""

from __future__ import annotations

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
    present,
    process_env_home,
    read_text,
    register,
    safe_profile,
)

LABELS = KeyLabels("tencentcloud", "SecretId", "SecretKey")

NOTES = register_texts(
    "tencentcloud.notes",
    {
        "tccli-type": {
            "en": 'type "{kind}": tccli fetches its keys at run time; no ACME client can use them',
            "zh": "类型“{kind}”：tccli 在运行时才获取密钥；ACME 客户端无法使用它们",
        },
    },
)
"""What a source note says about Tencent's own sources (its ``detail``), in each language."""

TOKEN_VARIABLES = (
    ("TENCENTCLOUD_TOKEN", "tccli"),
    ("TENCENTCLOUD_SECURITY_TOKEN", "Terraform, Pulumi"),
    ("TENCENTCLOUD_SESSION_TOKEN", "lego, Certimate, acme.sh EdgeOne hook"),
)

READERS_ENV = "lego, Certimate (through lego), tccli, Tencent Cloud SDKs, Terraform"
READERS_ACME_SH = "acme.sh dns_tencent"
READERS_INI = "Tencent Cloud SDKs (Python, Go)"
READERS_TCCLI = "tccli"


def _env_token(env: Mapping[str, str], disc: Discovery) -> tuple[str | None, str]:
    values = [(name, env[name]) for name, _ in TOKEN_VARIABLES if env.get(name, "") != ""]
    register(*(v for _, v in values))
    if not values:
        return None, ""
    distinct = {v for _, v in values}
    if len(distinct) > 1:
        disc.notes.append(
            SourceNote(
                "token-conflict",
                "env",
                ", ".join(n for n, _ in values),
                None,
                note("different-tokens"),
            )
        )
    return values[0][1], "$" + values[0][0]


def _env(env: Mapping[str, str], disc: Discovery) -> None:
    disc.looked.append("TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY (or lego's *_FILE)")
    sid, sid_origin = lego_value(env, "TENCENTCLOUD_SECRET_ID", disc)
    key, key_origin = lego_value(env, "TENCENTCLOUD_SECRET_KEY", disc)
    register(sid, key)
    token, token_origin = _env_token(env, disc)
    LABELS.add(
        disc,
        "env",
        f"{sid_origin} / {key_origin}",
        sid,
        key,
        token,
        (sid_origin, key_origin, token_origin),
        READERS_ENV,
    )
    disc.looked.append("Tencent_SecretId / Tencent_SecretKey")
    LABELS.add(
        disc,
        "env-acme.sh",
        "$Tencent_SecretId / $Tencent_SecretKey (acme.sh)",
        env.get("Tencent_SecretId"),
        env.get("Tencent_SecretKey"),
        None,
        ("$Tencent_SecretId", "$Tencent_SecretKey", ""),
        READERS_ACME_SH,
    )


def _ini(path: Path, disc: Discovery) -> None:
    section = ini_section(path, "default", disc)
    if section is None:
        return
    token = section.get("token") or None
    LABELS.add(
        disc,
        "ini",
        f"{path} [default]",
        section.get("secret_id"),
        section.get("secret_key"),
        token,
        (f"{path} (secret_id)", f"{path} (secret_key)", f"{path} (token)"),
        READERS_INI,
        path,
    )


def _tccli(path: Path, source: str, disc: Discovery, explicit: bool) -> None:
    text = read_text(path, source, disc, explicit)
    if text is None:
        return
    try:
        data = json.loads(text)
    except ValueError:
        disc.note("unreadable", source, str(path), path, note("not-json"), explicit)
        return
    if not isinstance(data, dict):
        disc.note("unreadable", source, str(path), path, note("not-json-object"), explicit)
        return
    values = {k: data.get(k) for k in ("secretId", "secretKey", "token")}
    for name, value in values.items():
        if value is not None and not isinstance(value, str):
            values[name] = None
            disc.note("unreadable", source, str(path), path, note("not-a-string", name=name))
    sid, key, token = values["secretId"], values["secretKey"], values["token"] or None
    register(sid, key, token)
    kind = data.get("type")
    origin = str(path)
    if not present(sid) and not present(key) and isinstance(kind, str) and kind != "default":
        detail = Phrase(NOTES["tccli-type"], {"kind": kind})
        disc.note("not-static", source, origin, path, detail, explicit)
        return
    LABELS.add(
        disc,
        source,
        origin,
        sid,
        key,
        token,
        (f"{path} (secretId)", f"{path} (secretKey)", f"{path} (token)"),
        READERS_TCCLI,
        path,
        explicit,
    )


def discover(
    inputs: CredentialInputs, env: Mapping[str, str], home: Path, etc: Path | None = None
) -> Discovery:
    """Every credential source, in precedence order (see the module docstring)."""
    disc = Discovery()
    from_command_line(inputs, disc)
    if disc.explicit_failed:
        return disc
    if inputs.profile is not None:
        if not named_profile_usable(inputs.profile, "tccli-profile", disc):
            return disc
        path = home / ".tccli" / f"{inputs.profile}.credential"
        _tccli(path, "tccli-profile", disc, explicit=True)
        if disc.explicit_failed:
            return disc
    _env(env, disc)
    ini = env.get("TENCENTCLOUD_CREDENTIALS_FILE")
    _ini(Path(ini) if ini else home / ".tencentcloud" / "credentials", disc)
    if etc is not None:
        _ini(etc / "tencentcloud" / "credentials", disc)
    if inputs.profile is None:
        profile = env.get("TCCLI_PROFILE") or "default"
        if safe_profile(profile):
            _tccli(home / ".tccli" / f"{profile}.credential", "tccli", disc, explicit=False)
    LABELS.add_account_conf(
        disc,
        account_conf_path(env, home),
        ("SAVED_Tencent_SecretId", "SAVED_Tencent_SecretKey"),
        READERS_ACME_SH,
    )
    return disc


def discover_for(inputs: CredentialInputs) -> Discovery:
    """The registry's entry (:attr:`Provider.sources_module`): :func:`discover` with the inputs'
    environment and home, or the process's when they are ``None``."""
    env, home = process_env_home(inputs)
    return discover(inputs, env, home, inputs.etc)
