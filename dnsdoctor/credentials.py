"""Credentials as dnsdoctor reads them, whoever the provider: the shapes every provider's sources
are read into, and the readers they share.

A provider's ``sources`` module (:mod:`dnsdoctor.providers.tencentcloud.sources`,
:mod:`dnsdoctor.providers.alidns.sources`) knows where the ACME clients and the provider's own
tools keep its keys; what it finds is a :class:`Credential` (``secret_id`` is the key id,
``secret_key`` the secret, ``token`` a temporary key's token), what it has to say about a source a
:class:`SourceNote`, the whole a :class:`Discovery`. The explicit key from the command line
(:func:`from_command_line`: ``--secret-id`` with ``--secret-key-file FILE`` or ``--ask``) comes first for
every provider; a secret is never accepted as a plain command-line argument (it would land in the
shell history and in ``ps``).

The readers here (:func:`read_text`, :func:`lego_value`, :func:`ini_section`,
:func:`account_conf`) keep each value exactly as the tool reading that source would see it (an INI
value stripped of ASCII-and-Unicode whitespace the way ``configparser`` does, with its quotes kept;
an environment variable or key file byte for byte), so that the lint reports what really reaches
the signature. A credential file that group or others may read or write, or that another user
owns, is reported (:func:`file_notes`). Only regular files are read, at most
:data:`MAX_FILE_BYTES`: a FIFO or a device would block past ``--timeout``.

Every function takes the environment mapping and the home directory as arguments: nothing here reads
``os.environ`` or the real home unless the caller passes them (:func:`process_env_home`).
Every secret is registered with :mod:`dnsdoctor.core.secrets` the moment it is read.
"""

from __future__ import annotations

import configparser
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dnsdoctor.core import secrets
from dnsdoctor.core.i18n import Phrase, Wording
from dnsdoctor.core.i18n import register as register_texts
from dnsdoctor.files import NotRegularFile, kind_of, read_regular

NOTES = register_texts(
    "credentials.notes",
    {
        "has-but-no": {"en": "has {have} but no {missing}", "zh": "有 {have} 但没有 {missing}"},
        "needs": {"en": "needs {missing} as well", "zh": "还需要 {missing}"},
        "secret-key-input": {
            "en": "a SecretKey (--secret-key-file FILE or --ask)",
            "zh": "SecretKey（--secret-key-file FILE 或 --ask）",
        },
        "no-such-file": {"en": "no such file", "zh": "文件不存在"},
        "is-a-directory": {"en": "is a directory", "zh": "这是一个目录"},
        "permission-denied": {"en": "permission denied", "zh": "没有读取权限"},
        "os-error": {"en": "{error}", "zh": "无法读取：{error}"},
        "not-regular": {"en": "not a regular file", "zh": "不是普通文件"},
        "not-regular-kind": {"en": "not a regular file ({kind})", "zh": "不是普通文件（{kind}）"},
        "too-large": {"en": "larger than {limit} bytes", "zh": "大于 {limit} 字节"},
        "not-utf8": {
            "en": "not UTF-8 text (byte {byte})",
            "zh": "不是 UTF-8 文本（第 {byte} 字节）",
        },
        "not-ini": {"en": "not a valid INI file ({error})", "zh": "不是有效的 INI 文件（{error}）"},
        "no-section": {"en": "no [{section}] section", "zh": "没有 [{section}] 段"},
        "bad-profile-name": {"en": "not a valid profile name", "zh": "不是有效的配置名"},
        "not-json": {"en": "not valid JSON", "zh": "不是有效的 JSON"},
        "not-json-object": {"en": "not a JSON object", "zh": "不是 JSON 对象"},
        "not-a-string": {"en": "{name} is not a string", "zh": "{name} 不是字符串"},
        "no-profiles": {"en": "no profiles list", "zh": "没有 profiles 列表"},
        "no-profile": {"en": "no profile {name}", "zh": "没有名为 {name} 的配置"},
        "readable": {"en": "mode {mode}: readable by {who}", "zh": "mode {mode}，{who}可读"},
        "writable": {"en": "mode {mode}: writable by {who}", "zh": "mode {mode}，{who}可写"},
        "owner": {
            "en": "owned by uid {uid}, not by this user (uid {me}) or root",
            "zh": "属主是 uid {uid}，不是当前用户（uid {me}）或 root",
        },
        "different-tokens": {
            "en": "these variables hold different tokens",
            "zh": "这些变量中的 Token 各不相同",
        },
    },
)
"""What a :class:`SourceNote` says about a source, in each language (its ``detail``)."""
WHO = register_texts(
    "credentials.who",
    {
        "group": {"en": "group", "zh": "同组用户"},
        "others": {"en": "others", "zh": "其他用户"},
        "group and others": {"en": "group and others", "zh": "同组用户和其他用户"},
    },
)
"""Who besides the owner may read or write a file."""
FILE_KINDS = register_texts(
    "credentials.file_kinds",
    {
        "a directory": {"en": "a directory", "zh": "目录"},
        "a FIFO": {"en": "a FIFO", "zh": "命名管道"},
        "a character device": {"en": "a character device", "zh": "字符设备"},
        "a block device": {"en": "a block device", "zh": "块设备"},
        "a socket": {"en": "a socket", "zh": "套接字"},
        "a symlink": {"en": "a symlink", "zh": "符号链接"},
    },
)
"""What a non-regular file is (:func:`dnsdoctor.files.kind_of`), in each language."""


def note(key: str, **params: object) -> Phrase:
    """The words of a :class:`SourceNote` (a key of :data:`NOTES`) with their data."""
    return Phrase(NOTES[key], params)


def file_kind(mode: int) -> Phrase | str:
    kind = kind_of(mode)
    return Phrase(FILE_KINDS[kind]) if kind in FILE_KINDS else kind


@dataclass(frozen=True)
class WithArticle(Wording):
    """A label with its indefinite article in English (``an AccessKey ID``), bare in Chinese."""

    label: str

    def render(self, lang: str) -> str:
        if lang == "zh":
            return self.label
        return f"an {self.label}" if self.label[:1] in "AEIOU" else f"a {self.label}"

    def map_strings(self, fn: Callable[[str], str]) -> WithArticle:
        return WithArticle(fn(self.label))


MAX_FILE_BYTES = 64 * 1024
"""A credential file larger than this is not a credential file (and /dev/zero is not read)."""

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
    detail: str | Wording = ""
    """Words, no secret, said in the reader's language (:func:`note`): ``has a SecretId but no
    SecretKey``, ``mode 0644: readable by group and others``."""
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

    def note(
        self,
        kind: str,
        source: str,
        origin: str,
        path: Path | None,
        detail: str | Wording,
        explicit: bool = False,
    ) -> None:
        """Say something about a source; about one the user named (``explicit``) it is a failure:
        nothing else is used."""
        self.notes.append(SourceNote(kind, source, origin, path, detail, explicit))
        if explicit:
            self.explicit_failed = True

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
    """A secret file that cannot be used; the message never contains file contents. ``detail``:
    the same in words for the reader's language (``str()`` is the English)."""

    def __init__(self, detail: Phrase) -> None:
        super().__init__(str(detail))
        self.detail = detail


def read_secret_file(path: Path) -> str:
    """Read a secret file exactly (no stripping: a trailing newline is reported by the lint)."""
    return read_secret(path)[0]


def read_secret(path: Path) -> tuple[str, os.stat_result]:
    """The text of a regular file and its ``fstat`` (a FIFO or a device is refused, never waited
    on: :func:`dnsdoctor.files.open_regular`)."""
    try:
        data, st = read_regular(path, MAX_FILE_BYTES)
    except NotRegularFile:
        raise SecretFileError(_not_regular(path)) from None
    except FileNotFoundError:
        raise SecretFileError(note("no-such-file")) from None
    except IsADirectoryError:
        raise SecretFileError(note("is-a-directory")) from None
    except PermissionError:
        raise SecretFileError(note("permission-denied")) from None
    except OSError as exc:
        raise SecretFileError(note("os-error", error=exc.strerror or type(exc).__name__)) from None
    if len(data) > MAX_FILE_BYTES:
        raise SecretFileError(note("too-large", limit=MAX_FILE_BYTES))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SecretFileError(note("not-utf8", byte=exc.start + 1)) from None
    secrets.register(text)
    return text, st


def _not_regular(path: Path) -> Phrase:
    """What :func:`dnsdoctor.files.open_regular` refused, in words: a directory, a FIFO, …"""
    try:
        mode = path.stat().st_mode
    except OSError:
        return note("not-regular")
    if stat.S_ISDIR(mode):
        return note("is-a-directory")
    return note("not-regular-kind", kind=file_kind(mode))


def permission_problem(path: Path) -> Phrase | None:
    """``"mode 0644: readable by group and others"`` when a regular file is not private."""
    try:
        st = path.stat()
    except OSError:
        return None
    return _readable_problem(st)


def _mode_problem(st: os.stat_result, bits: tuple[int, int], what: str) -> Phrase | None:
    if not stat.S_ISREG(st.st_mode) or os.name != "posix":
        return None
    mode = stat.S_IMODE(st.st_mode)
    who = [name for bit, name in zip(bits, ("group", "others"), strict=True) if mode & bit]
    if not who:
        return None
    return note(what, mode=f"{mode:04o}", who=Phrase(WHO[" and ".join(who)]))


def _readable_problem(st: os.stat_result) -> Phrase | None:
    return _mode_problem(st, (stat.S_IRGRP, stat.S_IROTH), "readable")


def _writable_problem(st: os.stat_result) -> Phrase | None:
    """Another user who can write the file can swap the key (the ACME client then works in their
    account) or, in acme.sh's account.conf, which acme.sh sources as shell, run commands as you."""
    return _mode_problem(st, (stat.S_IWGRP, stat.S_IWOTH), "writable")


def _owner_problem(st: os.stat_result) -> Phrase | None:
    """A file owned by another user (not root, who can do anything anyway) is theirs to change."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None or not stat.S_ISREG(st.st_mode):
        return None
    me = geteuid()
    if st.st_uid in (me, 0):
        return None
    return note("owner", uid=st.st_uid, me=me)


def file_notes(st: os.stat_result, source: str, origin: str, path: Path, disc: Discovery) -> None:
    """What the file's mode and owner say, as notes (a warning each, never a refusal)."""
    for kind, problem in (
        ("permissions", _readable_problem(st)),
        ("writable", _writable_problem(st)),
        ("owner", _owner_problem(st)),
    ):
        if problem:
            disc.notes.append(SourceNote(kind, source, origin, path, problem))


def register(*values: str | None) -> None:
    for value in values:
        if value:
            secrets.register(value)


def present(value: str | None) -> bool:
    return value is not None and value.strip() != ""


@dataclass(frozen=True)
class KeyLabels:
    """Whose keys a sources module reads, and what the provider calls their parts."""

    provider: str
    """The :mod:`dnsdoctor.providers` name every :class:`Credential` found is marked with."""
    key_id: str = "SecretId"
    secret: str = "SecretKey"

    def pair_note(
        self,
        source: str,
        origin: str,
        key_id: str | None,
        secret: str | None,
        path: Path | None = None,
    ) -> SourceNote | None:
        """An ``incomplete`` note when a source holds only one half of a key."""
        if present(key_id) and not present(secret):
            detail = note("has-but-no", have=WithArticle(self.key_id), missing=self.secret)
            return SourceNote("incomplete", source, origin, path, detail)
        if present(secret) and not present(key_id):
            detail = note("has-but-no", have=WithArticle(self.secret), missing=self.key_id)
            return SourceNote("incomplete", source, origin, path, detail)
        return None

    def add(
        self,
        disc: Discovery,
        source: str,
        origin: str,
        key_id: str | None,
        secret: str | None,
        token: str | None,
        origins: tuple[str, str, str],
        readers: str,
        path: Path | None = None,
        explicit: bool = False,
    ) -> None:
        """Record what one source holds: a :class:`Credential` when both halves are there, a note
        when only one is (for an ``explicit`` source a failure: nothing else is used), nothing
        when neither is. ``origins``: where the key id, the secret and the token came from."""
        register(key_id, secret, token)
        note = self.pair_note(source, origin, key_id, secret, path)
        if note is not None:
            disc.note(note.kind, note.source, note.origin, path, note.detail, explicit)
        elif key_id and secret:
            disc.found.append(
                Credential(
                    source,
                    origin,
                    key_id,
                    secret,
                    token or None,
                    origins[0],
                    origins[1],
                    origins[2] if token else "",
                    readers,
                    path,
                    provider=self.provider,
                )
            )

    def add_account_conf(
        self,
        disc: Discovery,
        path: Path,
        names: tuple[str, str],
        readers: str,
        *,
        name_kind: bool = True,
    ) -> None:
        """The key id and secret (``names``: ``SAVED_*``) acme.sh saved in ``path``."""
        values = account_conf(path, names, disc, name_kind=name_kind)
        if not values:
            return
        key_id, secret = names
        self.add(
            disc,
            "acme.sh",
            f"{path} ({key_id} / {secret})",
            values.get(key_id),
            values.get(secret),
            None,
            (f"{path} ({key_id})", f"{path} ({secret})", ""),
            readers,
            path,
        )


def from_command_line(inputs: CredentialInputs, disc: Discovery) -> None:
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
            key, st = read_secret(inputs.secret_key_file)
        except SecretFileError as exc:
            disc.note("unreadable", "cli", key_origin, inputs.secret_key_file, exc.detail, True)
            return
        file_notes(st, "cli", key_origin, inputs.secret_key_file, disc)
    elif inputs.asked_key is not None:
        origin = "--secret-id + --ask"
        key_origin = "--ask"
        key = inputs.asked_key
    sid = inputs.secret_id
    register(sid, key)
    if sid is None or key is None or not sid.strip() or not key.strip():
        missing = "--secret-id" if not present(sid) else note("secret-key-input")
        disc.note(
            "incomplete",
            "cli",
            origin,
            inputs.secret_key_file,
            note("needs", missing=missing),
            True,
        )
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


def read_text(
    path: Path, source: str, disc: Discovery, explicit: bool = False, *, name_kind: bool = True
) -> str | None:
    """A credential file's text, or ``None`` (with a note) when it is absent or unusable; an
    absent file is worth a note only when the user named it (``explicit``: then nothing else is
    used). ``name_kind``: a note on a FIFO or a device says which it is; ``False``: just "not a
    regular file"."""
    disc.looked.append(str(path))

    def fail(detail: Phrase) -> None:
        disc.note("unreadable", source, str(path), path, detail, explicit)

    try:
        st = path.stat()
    except FileNotFoundError:
        if explicit:
            fail(note("no-such-file"))
        return None
    except OSError as exc:
        fail(note("os-error", error=exc.strerror or type(exc).__name__))
        return None
    if not name_kind and not stat.S_ISREG(st.st_mode):
        fail(note("is-a-directory" if stat.S_ISDIR(st.st_mode) else "not-regular"))
        return None
    try:
        text, st = read_secret(path)
    except SecretFileError as exc:
        fail(exc.detail)
        return None
    file_notes(st, source, str(path), path, disc)
    return text


def lego_value(
    env: Mapping[str, str], name: str, disc: Discovery, *, name_kind: bool = True
) -> tuple[str | None, str]:
    """lego's ``env.GetOrFile``: ``NAME``, else the file ``NAME_FILE`` names; lego drops one
    trailing newline, so the lint sees what lego sends. Returns the value and its origin."""
    value = env.get(name)
    if value or not env.get(name + "_FILE"):
        return value, "$" + name
    path = Path(env[name + "_FILE"]).expanduser()
    text = read_text(path, "env", disc, name_kind=name_kind)
    if text is None:
        return None, f"${name}_FILE"
    return text.removesuffix("\n"), f"${name}_FILE ({path})"


def ini_section(
    path: Path, section_name: str, disc: Discovery, *, name_kind: bool = True
) -> configparser.SectionProxy | None:
    """One section of an INI credentials file (the SDKs' profile files), or ``None`` with a note."""
    text = read_text(path, "ini", disc, name_kind=name_kind)
    if text is None:
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text, source="credentials")
    except configparser.Error as exc:
        # The parser's message quotes the offending line, which may hold the key: name the kind.
        disc.notes.append(
            SourceNote(
                "unreadable", "ini", str(path), path, note("not-ini", error=type(exc).__name__)
            )
        )
        return None
    if not parser.has_section(section_name):
        disc.notes.append(
            SourceNote(
                "unreadable", "ini", str(path), path, note("no-section", section=section_name)
            )
        )
        return None
    return parser[section_name]


def shell_value(raw: str) -> str:
    """A value from acme.sh's ``KEY='value'`` line: the quotes are shell syntax, not content."""
    value = raw.rstrip("\r\n")
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def account_conf_path(env: Mapping[str, str], home: Path) -> Path:
    """acme.sh's ``account.conf``: in ``$LE_CONFIG_HOME``, else ``~/.acme.sh``."""
    conf_home = env.get("LE_CONFIG_HOME")
    return (Path(conf_home) if conf_home else home / ".acme.sh") / "account.conf"


def account_conf(
    path: Path, names: tuple[str, str], disc: Discovery, *, name_kind: bool = True
) -> dict[str, str]:
    """The values of ``names`` (``SAVED_*``) that acme.sh saved in its ``account.conf`` after its
    first run, as its shell reads them."""
    text = read_text(path, "acme.sh", disc, name_kind=name_kind)
    if text is None:
        return {}
    values: dict[str, str] = {}
    for line in text.splitlines():
        name, sep, raw = line.partition("=")
        name = name.strip()
        if sep and name in names:
            values[name] = shell_value(raw)
    return values


def safe_profile(name: str) -> bool:
    """A profile name that stays a file name (no path separators, not ``.``/``..``)."""
    return bool(name) and "/" not in name and "\\" not in name and name not in (".", "..")


def named_profile_usable(name: str, source: str, disc: Discovery) -> bool:
    """``--profile NAME`` can name a file; when not, an explicit failure is noted."""
    if safe_profile(name):
        return True
    disc.note("unreadable", source, "--profile", None, note("bad-profile-name"), explicit=True)
    return False


def process_env_home(inputs: CredentialInputs) -> tuple[Mapping[str, str], Path]:
    """The inputs' environment and home, or the process's when they are ``None``."""
    env: Mapping[str, str] = inputs.env if inputs.env is not None else os.environ
    home = inputs.home if inputs.home is not None else Path.home()
    return env, home
