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

Each value is kept exactly as the tool reading that source would see it (an INI value stripped of
ASCII-and-Unicode whitespace the way ``configparser`` does, with its quotes kept; an environment
variable or key file byte for byte), so that the lint reports what really reaches the signature.
Two sources holding different keys are reported (the shell has one key, the ACME client another),
and so is a credential file that group or others may read or write, or that another user owns.
Only regular files are read: a FIFO or a device would block past ``--timeout``.

Every function takes the environment mapping and the home directory as arguments: nothing here reads
``os.environ`` or the real home unless the caller passes them (:func:`discover_process` does).
Every secret is registered with :mod:`dnsdoctor.secrets` the moment it is read.
"""

from __future__ import annotations

import configparser
import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dnsdoctor import secrets
from dnsdoctor.files import NotRegularFile, read_regular

MAX_FILE_BYTES = 64 * 1024
"""A credential file larger than this is not a credential file (and /dev/zero is not read)."""

TOKEN_VARIABLES = (
    ("TENCENTCLOUD_TOKEN", "tccli"),
    ("TENCENTCLOUD_SECURITY_TOKEN", "Terraform, Pulumi"),
    ("TENCENTCLOUD_SESSION_TOKEN", "lego, Certimate, acme.sh EdgeOne hook"),
)

READERS_ENV = "lego, Certimate (through lego), tccli, Tencent Cloud SDKs, Terraform"
READERS_ACME_SH = "acme.sh dns_tencent"
READERS_INI = "Tencent Cloud SDKs (Python, Go)"
READERS_TCCLI = "tccli"
READERS_CLI = "dnsdoctor (command line)"


@dataclass(frozen=True, eq=False)
class CredentialInputs:
    """What the command line passes. ``env``/``home`` ``None`` mean the process's own."""

    secret_id: str | None = None
    """``--secret-id`` (an identifier, not the secret)."""
    secret_key_file: Path | None = None
    """``--secret-key-file FILE``."""
    asked_key: str | None = field(default=None, repr=False)
    """The key typed at the hidden prompt of ``--ask``."""
    profile: str | None = None
    """``--profile`` (a tccli profile name)."""
    provider: str | None = None
    """``--provider``: ``None`` = automatic (only when a credential is found), ``"tencentcloud"`` =
    required (no credential is an error), ``"none"`` = skip the credential checks."""
    env: Mapping[str, str] | None = field(default=None, repr=False)
    home: Path | None = None
    etc: Path | None = None
    """Directory holding ``tencentcloud/credentials``: ``/etc`` in real use, ``None`` = unread."""


@dataclass(frozen=True)
class Credential:
    """One credential as one source holds it. ``repr`` never shows the secret."""

    source: str
    """Stable kind: ``cli``, ``tccli-profile``, ``env``, ``env-acme.sh``, ``ini``, ``tccli``,
    ``acme.sh``."""
    origin: str
    """Where exactly, for people: ``TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY``."""
    secret_id: str = field(repr=False)
    secret_key: str = field(repr=False)
    token: str | None = field(default=None, repr=False)
    id_origin: str = ""
    key_origin: str = ""
    token_origin: str = ""
    readers: str = ""
    """Which tools read this source."""
    path: Path | None = None
    provider: str = "tencentcloud"
    """Whose key this is (a :mod:`dnsdoctor.providers` name)."""

    def __repr__(self) -> str:
        return (
            f"Credential(source={self.source!r}, origin={self.origin!r}, "
            f"secret_id={secrets.mask_id(self.secret_id)!r}, "
            f"secret_key={secrets.mask(self.secret_key)!r}, "
            f"token={'set' if self.token else 'none'})"
        )


@dataclass(frozen=True)
class SourceNote:
    """Something about a source that the report should say (never containing a secret)."""

    kind: str
    """``incomplete``, ``unreadable``, ``permissions`` (readable by others), ``writable`` (writable
    by others), ``owner`` (another user's file), ``token-conflict``, ``not-static``."""
    source: str
    origin: str
    path: Path | None = None
    detail: str = ""
    """Plain words, no secret: ``has a SecretId but no SecretKey``, ``mode 0644``."""
    explicit: bool = False
    """The user named this source (``--secret-key-file``, ``--profile``): a problem is an error."""


@dataclass(frozen=True)
class Disagreement:
    first: Credential
    second: Credential
    parts: tuple[str, ...]
    """Which parts differ: ``SecretId``, ``SecretKey``, ``token``."""
    only_invisible: bool
    """The values are equal once invisible characters and quotes are removed."""


@dataclass
class Discovery:
    found: list[Credential] = field(default_factory=list)
    """Every complete credential, in precedence order."""
    notes: list[SourceNote] = field(default_factory=list)
    looked: list[str] = field(default_factory=list)
    """Every place that was looked at, for the report when nothing was found."""
    explicit_failed: bool = False
    """The user asked for an explicit source that could not be used: use nothing else."""

    @property
    def chosen(self) -> Credential | None:
        if self.explicit_failed or not self.found:
            return None
        return self.found[0]

    @property
    def disagreements(self) -> list[Disagreement]:
        chosen = self.chosen
        if chosen is None:
            return []
        return [d for other in self.found[1:] if (d := compare(chosen, other)) is not None]


def compare(first: Credential, second: Credential) -> Disagreement | None:
    parts: list[str] = []
    if first.secret_id != second.secret_id:
        parts.append("SecretId")
    if first.secret_key != second.secret_key:
        parts.append("SecretKey")
    if (first.token or "") != (second.token or "") and first.token and second.token:
        parts.append("token")
    if not parts:
        return None
    only_invisible = (
        secrets.cleaned(first.secret_id) == secrets.cleaned(second.secret_id)
        and secrets.cleaned(first.secret_key) == secrets.cleaned(second.secret_key)
        and secrets.cleaned(first.token or "") == secrets.cleaned(second.token or "")
    )
    return Disagreement(first, second, tuple(parts), only_invisible)


class SecretFileError(Exception):
    """A secret file that cannot be used; the message never contains file contents."""


def read_secret_file(path: Path) -> str:
    """Read a secret file exactly (no stripping: a trailing newline is reported by the lint)."""
    return _read_secret(path)[0]


def _read_secret(path: Path) -> tuple[str, os.stat_result]:
    """The text of a regular file and its ``fstat`` (a FIFO or a device is refused, never waited
    on: :func:`dnsdoctor.files.open_regular`)."""
    try:
        data, st = read_regular(path, MAX_FILE_BYTES)
    except NotRegularFile as exc:
        raise SecretFileError(str(exc)) from None
    except FileNotFoundError:
        raise SecretFileError("no such file") from None
    except IsADirectoryError:
        raise SecretFileError("is a directory") from None
    except PermissionError:
        raise SecretFileError("permission denied") from None
    except OSError as exc:
        raise SecretFileError(exc.strerror or type(exc).__name__) from None
    if len(data) > MAX_FILE_BYTES:
        raise SecretFileError(f"larger than {MAX_FILE_BYTES} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SecretFileError(f"not UTF-8 text (byte {exc.start + 1})") from None
    secrets.register(text)
    return text, st


def permission_problem(path: Path) -> str | None:
    """``"mode 0644: readable by group and others"`` when a regular file is not private."""
    try:
        st = path.stat()
    except OSError:
        return None
    return _readable_problem(st)


def _mode_problem(st: os.stat_result, bits: tuple[int, int], what: str) -> str | None:
    if not stat.S_ISREG(st.st_mode) or os.name != "posix":
        return None
    mode = stat.S_IMODE(st.st_mode)
    who = [name for bit, name in zip(bits, ("group", "others"), strict=True) if mode & bit]
    if not who:
        return None
    return f"mode {mode:04o}: {what} by {' and '.join(who)}"


def _readable_problem(st: os.stat_result) -> str | None:
    return _mode_problem(st, (stat.S_IRGRP, stat.S_IROTH), "readable")


def _writable_problem(st: os.stat_result) -> str | None:
    """Another user who can write the file can swap the key (the ACME client then works in their
    account) or, in acme.sh's account.conf, which acme.sh sources as shell, run commands as you."""
    return _mode_problem(st, (stat.S_IWGRP, stat.S_IWOTH), "writable")


def _owner_problem(st: os.stat_result) -> str | None:
    """A file owned by another user (not root, who can do anything anyway) is theirs to change."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None or not stat.S_ISREG(st.st_mode):
        return None
    me = geteuid()
    if st.st_uid in (me, 0):
        return None
    return f"owned by uid {st.st_uid}, not by this user (uid {me}) or root"


def _file_notes(st: os.stat_result, source: str, origin: str, path: Path, disc: Discovery) -> None:
    """What the file's mode and owner say, as notes (a warning each, never a refusal)."""
    for kind, problem in (
        ("permissions", _readable_problem(st)),
        ("writable", _writable_problem(st)),
        ("owner", _owner_problem(st)),
    ):
        if problem:
            disc.notes.append(SourceNote(kind, source, origin, path, problem))


def _reg(*values: str | None) -> None:
    for value in values:
        if value:
            secrets.register(value)


def _present(value: str | None) -> bool:
    return value is not None and value.strip() != ""


def _pair_note(
    source: str, origin: str, sid: str | None, key: str | None, path: Path | None = None
) -> SourceNote | None:
    if _present(sid) and not _present(key):
        return SourceNote("incomplete", source, origin, path, "has a SecretId but no SecretKey")
    if _present(key) and not _present(sid):
        return SourceNote("incomplete", source, origin, path, "has a SecretKey but no SecretId")
    return None


def _explicit(inputs: CredentialInputs, disc: Discovery) -> None:
    wants = (
        inputs.secret_id is not None
        or inputs.secret_key_file is not None
        or inputs.asked_key is not None
    )
    if not wants:
        return
    origin = "--secret-id"
    key: str | None = None
    key_origin = ""
    if inputs.secret_key_file is not None:
        origin = f"--secret-id + --secret-key-file {inputs.secret_key_file}"
        key_origin = f"--secret-key-file {inputs.secret_key_file}"
        disc.looked.append(str(inputs.secret_key_file))
        try:
            key, st = _read_secret(inputs.secret_key_file)
        except SecretFileError as exc:
            disc.notes.append(
                SourceNote(
                    "unreadable",
                    "cli",
                    key_origin,
                    inputs.secret_key_file,
                    str(exc),
                    explicit=True,
                )
            )
            disc.explicit_failed = True
            return
        _file_notes(st, "cli", key_origin, inputs.secret_key_file, disc)
    elif inputs.asked_key is not None:
        origin = "--secret-id + --ask"
        key_origin = "--ask"
        key = inputs.asked_key
    sid = inputs.secret_id
    _reg(sid, key)
    if sid is None or key is None or not sid.strip() or not key.strip():
        missing = (
            "--secret-id" if not _present(sid) else "a SecretKey (--secret-key-file FILE or --ask)"
        )
        disc.notes.append(
            SourceNote(
                "incomplete",
                "cli",
                origin,
                inputs.secret_key_file,
                f"needs {missing} as well",
                explicit=True,
            )
        )
        disc.explicit_failed = True
        return
    disc.found.append(
        Credential(
            "cli",
            origin,
            sid,
            key,
            None,
            "--secret-id",
            key_origin,
            "",
            READERS_CLI,
            inputs.secret_key_file,
        )
    )


def _env_token(env: Mapping[str, str], disc: Discovery) -> tuple[str | None, str]:
    values = [(name, env[name]) for name, _ in TOKEN_VARIABLES if env.get(name, "") != ""]
    _reg(*(v for _, v in values))
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
                "these variables hold different tokens",
            )
        )
    return values[0][1], "$" + values[0][0]


def _lego_file(env: Mapping[str, str], name: str, disc: Discovery) -> tuple[str | None, str]:
    """lego's ``NAME_FILE`` convention: the value from a file when ``NAME`` is unset; lego drops
    one trailing newline (``env.GetOrFile``), so the lint sees what lego sends."""
    value = env.get(name)
    if value or not env.get(name + "_FILE"):
        return value, "$" + name
    path = Path(env[name + "_FILE"]).expanduser()
    text = _read_text(path, "env", disc)
    if text is None:
        return None, f"${name}_FILE"
    return text.removesuffix("\n"), f"${name}_FILE ({path})"


def _env(env: Mapping[str, str], disc: Discovery) -> None:
    disc.looked.append("TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY (or lego's *_FILE)")
    sid, sid_origin = _lego_file(env, "TENCENTCLOUD_SECRET_ID", disc)
    key, key_origin = _lego_file(env, "TENCENTCLOUD_SECRET_KEY", disc)
    _reg(sid, key)
    origin = f"{sid_origin} / {key_origin}"
    token, token_origin = _env_token(env, disc)
    note = _pair_note("env", origin, sid, key)
    if note is not None:
        disc.notes.append(note)
    elif sid and key:
        disc.found.append(
            Credential(
                "env",
                origin,
                sid,
                key,
                token,
                sid_origin,
                key_origin,
                token_origin,
                READERS_ENV,
            )
        )
    disc.looked.append("Tencent_SecretId / Tencent_SecretKey")
    sid = env.get("Tencent_SecretId")
    key = env.get("Tencent_SecretKey")
    _reg(sid, key)
    origin = "$Tencent_SecretId / $Tencent_SecretKey (acme.sh)"
    note = _pair_note("env-acme.sh", origin, sid, key)
    if note is not None:
        disc.notes.append(note)
    elif sid and key:
        disc.found.append(
            Credential(
                "env-acme.sh",
                origin,
                sid,
                key,
                None,
                "$Tencent_SecretId",
                "$Tencent_SecretKey",
                "",
                READERS_ACME_SH,
            )
        )


def _read_text(path: Path, source: str, disc: Discovery, explicit: bool = False) -> str | None:
    disc.looked.append(str(path))
    if not path.exists():
        if explicit:
            disc.notes.append(
                SourceNote("unreadable", source, str(path), path, "no such file", explicit=True)
            )
            disc.explicit_failed = True
        return None
    try:
        text, st = _read_secret(path)
    except SecretFileError as exc:
        disc.notes.append(SourceNote("unreadable", source, str(path), path, str(exc), explicit))
        if explicit:
            disc.explicit_failed = True
        return None
    _file_notes(st, source, str(path), path, disc)
    return text


def _ini(path: Path, disc: Discovery) -> None:
    text = _read_text(path, "ini", disc)
    if text is None:
        return
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text, source="credentials")
    except configparser.Error as exc:
        # The parser's message quotes the offending line, which may hold the key: name the kind.
        disc.notes.append(
            SourceNote(
                "unreadable", "ini", str(path), path, f"not a valid INI file ({type(exc).__name__})"
            )
        )
        return
    if not parser.has_section("default"):
        disc.notes.append(SourceNote("unreadable", "ini", str(path), path, "no [default] section"))
        return
    section = parser["default"]
    sid = section.get("secret_id")
    key = section.get("secret_key")
    token = section.get("token") or None
    _reg(sid, key, token)
    origin = f"{path} [default]"
    note = _pair_note("ini", origin, sid, key, path)
    if note is not None:
        disc.notes.append(note)
    elif sid and key:
        disc.found.append(
            Credential(
                "ini",
                origin,
                sid,
                key,
                token,
                f"{path} (secret_id)",
                f"{path} (secret_key)",
                f"{path} (token)" if token else "",
                READERS_INI,
                path,
            )
        )


def _tccli(path: Path, source: str, disc: Discovery, explicit: bool) -> None:
    text = _read_text(path, source, disc, explicit)
    if text is None:
        return
    try:
        data = json.loads(text)
    except ValueError:
        disc.notes.append(
            SourceNote("unreadable", source, str(path), path, "not valid JSON", explicit)
        )
        if explicit:
            disc.explicit_failed = True
        return
    if not isinstance(data, dict):
        disc.notes.append(
            SourceNote("unreadable", source, str(path), path, "not a JSON object", explicit)
        )
        if explicit:
            disc.explicit_failed = True
        return
    values = {k: data.get(k) for k in ("secretId", "secretKey", "token")}
    for name, value in values.items():
        if value is not None and not isinstance(value, str):
            values[name] = None
            disc.notes.append(
                SourceNote("unreadable", source, str(path), path, f"{name} is not a string")
            )
    sid, key, token = values["secretId"], values["secretKey"], values["token"] or None
    _reg(sid, key, token)
    kind = data.get("type")
    origin = str(path)
    if not _present(sid) and not _present(key) and isinstance(kind, str) and kind != "default":
        disc.notes.append(
            SourceNote(
                "not-static",
                source,
                origin,
                path,
                f'type "{kind}": tccli fetches its keys at run time; no ACME client can use them',
                explicit,
            )
        )
        if explicit:
            disc.explicit_failed = True
        return
    note = _pair_note(source, origin, sid, key, path)
    if note is not None:
        disc.notes.append(
            SourceNote(note.kind, note.source, note.origin, path, note.detail, explicit)
        )
        if explicit:
            disc.explicit_failed = True
    elif sid and key:
        disc.found.append(
            Credential(
                source,
                origin,
                sid,
                key,
                token,
                f"{path} (secretId)",
                f"{path} (secretKey)",
                f"{path} (token)" if token else "",
                READERS_TCCLI,
                path,
            )
        )


def _shell_value(raw: str) -> str:
    """A value from acme.sh's ``KEY='value'`` line: the quotes are shell syntax, not content."""
    value = raw.rstrip("\r\n")
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _acme_sh(path: Path, disc: Discovery) -> None:
    text = _read_text(path, "acme.sh", disc)
    if text is None:
        return
    values: dict[str, str] = {}
    for line in text.splitlines():
        name, sep, raw = line.partition("=")
        name = name.strip()
        if sep and name in ("SAVED_Tencent_SecretId", "SAVED_Tencent_SecretKey"):
            values[name] = _shell_value(raw)
    sid = values.get("SAVED_Tencent_SecretId")
    key = values.get("SAVED_Tencent_SecretKey")
    _reg(sid, key)
    if sid is None and key is None:
        return
    origin = f"{path} (SAVED_Tencent_SecretId / SAVED_Tencent_SecretKey)"
    note = _pair_note("acme.sh", origin, sid, key, path)
    if note is not None:
        disc.notes.append(note)
    elif sid and key:
        disc.found.append(
            Credential(
                "acme.sh",
                origin,
                sid,
                key,
                None,
                f"{path} (SAVED_Tencent_SecretId)",
                f"{path} (SAVED_Tencent_SecretKey)",
                "",
                READERS_ACME_SH,
                path,
            )
        )


def _safe_profile(name: str) -> bool:
    return bool(name) and "/" not in name and "\\" not in name and name not in (".", "..")


def discover(
    inputs: CredentialInputs, env: Mapping[str, str], home: Path, etc: Path | None = None
) -> Discovery:
    """Every credential source, in precedence order (see the module docstring)."""
    disc = Discovery()
    _explicit(inputs, disc)
    if disc.explicit_failed:
        return disc
    if inputs.profile is not None:
        if not _safe_profile(inputs.profile):
            disc.notes.append(
                SourceNote(
                    "unreadable",
                    "tccli-profile",
                    "--profile",
                    None,
                    "not a valid profile name",
                    explicit=True,
                )
            )
            disc.explicit_failed = True
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
        if _safe_profile(profile):
            _tccli(home / ".tccli" / f"{profile}.credential", "tccli", disc, explicit=False)
    conf_home = env.get("LE_CONFIG_HOME")
    _acme_sh((Path(conf_home) if conf_home else home / ".acme.sh") / "account.conf", disc)
    return disc


def discover_for(inputs: CredentialInputs) -> Discovery:
    """Discovery with the inputs' environment and home, or the process's when they are ``None``."""
    env: Mapping[str, str] = inputs.env if inputs.env is not None else os.environ
    home = inputs.home if inputs.home is not None else Path.home()
    return discover(inputs, env, home, inputs.etc)
