"""What dnsdoctor needs from a DNS provider, in provider-neutral terms.

A provider is one folder under :mod:`dnsdoctor.providers` (``tencentcloud/``, ``alidns/``) that
exports a :class:`Provider`: metadata (name, the name servers that identify it, its clock window,
the minimal policy), and a factory for its :class:`DnsApi`, the thin async adapter over the
provider's official SDK. The generic credential checks, preflight, cleanup and ``explain --log``
work over these types only; what is particular to one provider (its error codes, its key shapes,
where the ACME clients keep its keys) stays in its folder.

Every API call takes a ``deadline`` (``time.monotonic()`` seconds) and ends before it; every
failure is a :class:`ProviderError` whose ``kind`` is one of :class:`ErrorKind`, and whose ``str()``
never contains a secret.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import ClassVar, Literal, Protocol

from dnsdoctor.clients import get as get_client
from dnsdoctor.clients import provider_actions
from dnsdoctor.clients.base import Settings
from dnsdoctor.core import secrets
from dnsdoctor.core.i18n import Phrase, register
from dnsdoctor.core.model import FindingSpec
from dnsdoctor.outside import visible

MAX_MESSAGE = 300
"""A server's message is shortened to this many characters (it lands in reports)."""


class ErrorKind(enum.StrEnum):
    """What went wrong, whatever the provider calls it. Each maps to one stable CREDS_* code."""

    SIGNATURE = "signature"
    """The signature does not match: a wrong secret, or one with a pasted character."""
    CLOCK = "clock"
    """The request's timestamp is outside the provider's window: this host's clock."""
    UNKNOWN_KEY = "unknown_key"
    """The key id does not exist (deleted, another site/region, a typo)."""
    INVALID_KEY = "invalid_key"
    """The key id is malformed (not the provider's shape)."""
    TOKEN = "token"
    """A temporary credential's token is missing, expired or does not belong to the key."""
    AUTH = "auth"
    """Any other authentication failure (key disabled, account in arrears, …)."""
    DENIED = "denied"
    """Authenticated, but the policy does not allow this action (or this resource)."""
    NO_ZONE = "no_zone"
    """The zone is not in this account."""
    INVALID_ZONE = "invalid_zone"
    """The provider refuses the zone's name itself."""
    NO_RECORD = "no_record"
    """:meth:`DnsApi.delete_record`: there is no such record (in this zone, in this account)."""
    RATE_LIMIT = "rate_limit"
    NETWORK = "network"
    """Nothing (or nothing in time) came back: DNS, TCP, TLS, time-out, refused off loopback."""
    SERVER = "server"
    """The provider's side failed (HTTP 5xx, internal error)."""
    RESPONSE = "response"
    """Something answered that is not the provider's API (not JSON, a redirect, …)."""
    LOCAL = "local"
    """dnsdoctor or the SDK refused to send the credential at all (it cannot be put in a header)."""
    OTHER = "other"


UNSENDABLE = register(
    "providers.unsendable",
    {
        "not-text": {
            "en": "contains bytes that are not valid text (an undecodable environment value)",
            "zh": "含有无法解码为文本的字节",
        },
        "not-latin1": {
            "en": "contains a character outside Latin-1",
            "zh": "含有 Latin-1 以外的字符",
        },
        "control": {
            "en": "contains a control character (such as a line break or tab)",
            "zh": "含有控制字符（例如换行或制表符）",
        },
        "leading-space": {"en": "starts with whitespace", "zh": "以空白字符开头"},
        "empty": {"en": "is empty", "zh": "为空"},
        "refused": {"en": "is refused by the SDK: {message}", "zh": "被 SDK 拒绝：{message}"},
    },
)
"""Why a part of a key cannot be sent (:class:`Unsendable`), in each language."""


@dataclass(frozen=True)
class Unsendable:
    """Which part of a key cannot be handed to an HTTP client, and why (a key of
    :data:`UNSENDABLE`): the data of an :attr:`ErrorKind.LOCAL` error, so that the finding says it
    in the reader's language."""

    part: str
    """The provider's label (``AccessKey ID``, ``SecretKey``, ``security token``)."""
    problem: str
    params: Mapping[str, str] = field(default_factory=dict)
    """What fills the problem's words (``refused``: the SDK's ``message``)."""

    def words(self) -> Phrase:
        return Phrase(UNSENDABLE[self.problem], dict(self.params))

    def __str__(self) -> str:
        """``the AccessKey ID starts with whitespace, so it cannot be sent`` (the error's message)."""
        if self.problem == "empty":
            return f"the {self.part} is empty"
        return f"the {self.part} {self.words()}, so it cannot be sent"


class ProviderError(Exception):
    """A failed call. ``str()`` never contains a secret; ``code`` is the provider's own code.

    A provider's subclass names the provider, classifies its codes (:meth:`classify`) and may
    hide more of what its SDK puts into messages (:attr:`HIDE`); the code comes out with control
    characters visible, the message as :func:`clean_message` makes it."""

    provider: str = ""
    HIDE: ClassVar[tuple[tuple[re.Pattern[str], str], ...]] = ()
    """``(pattern, replacement)`` applied to a message before it is cleaned (request headers the
    SDK quotes)."""

    def __init__(
        self,
        code: str,
        message: object = "",
        request_id: str | None = None,
        http_status: int | None = None,
        *,
        kind: ErrorKind | None = None,
        action: str = "",
        endpoint: str = "",
        attempts: int = 1,
        server_date: float | None = None,
        details: Mapping[str, str] | None = None,
        unsendable: Unsendable | None = None,
    ) -> None:
        self.code = visible(code)
        self.message = clean_message(message, self.HIDE)
        self.request_id = request_id
        self.http_status = http_status
        self.kind = self.classify(self.code, http_status) if kind is None else kind
        self.action = action
        self.endpoint = endpoint
        self.attempts = attempts
        self.server_date = server_date
        """The provider's clock (HTTP ``Date``) when the answer carried one, as Unix seconds."""
        self.details: Mapping[str, str] = dict(details or {})
        """Further fields of the provider's error answer, under its own names (``HostId``)."""
        self.unsendable = unsendable
        """:attr:`ErrorKind.LOCAL`: the part of the key that cannot be sent, and why."""
        super().__init__(self.code, self.message)

    @classmethod
    def classify(cls, code: str, http_status: int | None) -> ErrorKind:
        """The provider-neutral kind of one of the provider's codes."""
        return ErrorKind.OTHER

    def __str__(self) -> str:
        text = self.code
        if self.message:
            text += f": {self.message}"
        if self.request_id:
            text += f" (RequestId {self.request_id})"
        return secrets.redact(text)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r}, kind={self.kind.value!r})"


class RunOptions(Protocol):
    """What a provider reads of a run's options (:class:`~dnsdoctor.core.context.Options`, which
    imports this module: a protocol, not an import)."""

    def provider_option(self, dest: str) -> str | None: ...


@dataclass(frozen=True)
class CliOption:
    """One provider-specific command-line option (``--alidns-endpoint URL``)."""

    flag: str
    """``--alidns-endpoint``."""
    metavar: str
    help: str
    help_zh: str
    default: str | None = None
    check: Callable[[str], tuple[str, str] | None] | None = None
    """Checks a given value: ``None`` when good, else why not in English and Chinese (a usage
    error, exit code 2)."""

    @property
    def dest(self) -> str:
        """The key under which the value reaches the run (``alidns_endpoint``)."""
        return self.flag.lstrip("-").replace("-", "_")


@dataclass(frozen=True)
class ApiKey:
    """What a call is signed with: the key id, the secret and an optional session token."""

    key_id: str = field(repr=False)
    secret: str = field(repr=False)
    token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Identity:
    """Who a key belongs to (Tencent STS GetCallerIdentity, Alibaba STS GetCallerIdentity)."""

    account_id: str
    principal_id: str
    principal_type: str
    """The provider's word: ``CAMUser``, ``RAMUser``, ``AssumedRoleUser``, ``Account``, …"""
    arn: str = ""
    is_root: bool = False
    """The key is the account's own (main-account key), not a sub-user's or a role's."""
    facts: tuple[tuple[str, str], ...] = ()
    """What the provider said, under its own field names, for the report's evidence."""
    principal_name: str = ""
    """The sub-user's name where the provider's policy commands want a name (Alibaba RAM)."""


@dataclass(frozen=True)
class Zone:
    """A zone as the provider's account holds it."""

    zone_id: str
    name: str
    status: str = ""
    """The provider's word (``ENABLE``, ``PAUSE``, …); :attr:`paused` says what it means."""
    paused: bool = False
    expected_ns: tuple[str, ...] = ()
    """The name servers the provider assigned to this zone (what the registrar should list)."""
    actual_ns: tuple[str, ...] = ()
    """The name servers the provider last saw at the registry, where it says so."""
    delegated: bool | None = None
    """The provider's own idea of whether the delegation points at it (``None``: it does not say)."""
    record_count: int | None = None
    delegation_note: str = ""
    """The provider's own word for the delegation state (DNSPod's ``DnsStatus``), for the report."""
    facts: tuple[tuple[str, str], ...] = ()
    """What the provider said, under its own field names, for the report's evidence."""


@dataclass(frozen=True)
class Record:
    record_id: str
    name: str
    """Relative to the zone (``_acme-challenge``, ``@``)."""
    type: str
    value: str
    ttl: int | None = None
    enabled: bool = True
    updated_at: float | None = None
    """Unix seconds of the last change, where the provider says."""
    updated_text: str = ""
    """The same as the provider shows it (in :attr:`Provider.timestamp_zone`)."""
    line: str = ""
    """The resolution line / view (DNSPod ``默认``, Alibaba ``default``)."""
    status: str = ""
    """The provider's word for :attr:`enabled` (``ENABLE``/``DISABLE``)."""


@dataclass(frozen=True)
class FormatProblem:
    """A key that does not look like the provider's keys (a CREDS_* code and its params)."""

    code: str
    params: dict[str, str | int]


@dataclass(frozen=True)
class WriteProbe:
    """What a non-destructive write-permission probe found."""

    outcome: Literal["allowed", "denied", "inconclusive", "error", "deleted"]
    """``deleted``: the probe's impossible record id existed and is gone (never seen in practice;
    reported so that nobody is left guessing)."""
    error: ProviderError | None = None
    """The answer the outcome was read from (an ``allowed`` probe is an error answer too)."""
    record_id: str = ""
    """The record id the probe asked to delete (one that cannot exist)."""

    @classmethod
    def of_delete(
        cls, record_id: str, error: ProviderError | None, *, permitted: bool = False
    ) -> WriteProbe:
        """What the delete of ``record_id`` (an id that cannot exist) says: ``error`` is its
        answer (``None``: it succeeded), ``permitted`` that the provider's answer is a complaint
        about the id, given only after the policy let the delete through."""
        if error is None:
            return cls("deleted", None, record_id)
        if permitted:
            return cls("allowed", error, record_id)
        if error.kind is ErrorKind.DENIED:
            return cls("denied", error, record_id)
        if error.kind in (ErrorKind.NO_ZONE, ErrorKind.INVALID_ZONE, ErrorKind.OTHER):
            return cls("inconclusive", error, record_id)
        return cls("error", error, record_id)


class DnsApi(Protocol):
    """The calls dnsdoctor makes. Every method raises :class:`ProviderError` on failure."""

    def describe_endpoint(self) -> str:
        """Where calls go, for the report (``https://dnspod.tencentcloudapi.com``)."""
        ...

    async def whoami(self, key: ApiKey, *, deadline: float) -> Identity: ...

    async def zone(self, key: ApiKey, name: str, *, deadline: float) -> Zone: ...

    async def zones(self, key: ApiKey, *, deadline: float) -> Sequence[Zone]: ...

    async def txt_records(
        self, key: ApiKey, zone: Zone, subdomain: str | None, *, deadline: float
    ) -> Sequence[Record]:
        """The TXT records named ``subdomain`` (relative to the zone); ``None``: every TXT record
        of the zone (``dnsdoctor cleanup`` looks for its probes)."""
        ...

    async def create_txt(
        self, key: ApiKey, zone: Zone, subdomain: str, value: str, ttl: int, *, deadline: float
    ) -> str:
        """Create a TXT record; returns its id."""
        ...

    async def delete_record(
        self, key: ApiKey, zone: Zone, record_id: str, *, deadline: float
    ) -> None:
        """Delete exactly ``record_id``; a record that does not exist is a
        :class:`ProviderError` of kind :attr:`ErrorKind.NO_RECORD`."""
        ...

    async def probe_write(self, key: ApiKey, zone: Zone, *, deadline: float) -> WriteProbe:
        """Whether the key may write records, found without writing any (e.g. a delete of a
        record id that cannot exist). Never raises for the answer itself: it is the outcome."""
        ...


@dataclass(frozen=True)
class Grants:
    """What a policy document allows, as the pre-flight settings name it (``PREFLIGHT_CAM_POLICY``:
    its actions, and the resources they apply to)."""

    actions: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()


def statement_grants(document: str) -> Grants:
    """The actions and resources of a CAM/RAM-shaped policy: the ``action`` and ``resource``
    fields of its ``statement`` list (Tencent writes them in lower case, Alibaba capitalised), in
    their order, once each. A document of another shape, or none, names nothing here."""
    try:
        policy = json.loads(document) if document else {}
    except ValueError:
        return Grants()
    statements = (
        policy.get("statement") or policy.get("Statement") if isinstance(policy, dict) else []
    )
    found: dict[str, dict[str, None]] = {"action": {}, "resource": {}}
    for statement in statements if isinstance(statements, list) else []:
        if not isinstance(statement, dict):
            continue
        for name, seen in found.items():
            value = statement.get(name, statement.get(name.capitalize()))
            for v in (
                [value] if isinstance(value, str) else value if isinstance(value, list) else []
            ):
                if isinstance(v, str):
                    seen.setdefault(v, None)
    return Grants(tuple(found["action"]), tuple(found["resource"]))


@dataclass(frozen=True)
class LogPatterns:
    """How the ACME clients print this provider's API errors, for ``dnsdoctor explain --log``.

    Codes are read out of the client's text with :attr:`errors` and given their meaning by the
    provider's one error table (:attr:`classify`); nothing here maps a code a second time."""

    kind: str
    """The match's kind (``tencent_api_error``): what the log says, a stable identifier."""
    classify: Callable[[str], ErrorKind]
    """The provider's error table: a code's provider-neutral kind."""
    known: Callable[[str], bool]
    """Whether the table knows a code (to tell whose a bare JSON ``"Code"`` is)."""
    other_cause: str = "api_other"
    """The cause of a code whose kind says nothing more (the code and message speak for it)."""
    markers: tuple[str, ...] = ()
    """Text that names this provider in a log (its clients' prefixes, its SDK, its host)."""
    errors: tuple[re.Pattern[str], ...] = ()
    """How a client prints an error: group ``code``; ``msg`` and ``rid`` where it has them."""
    message: tuple[re.Pattern[str], ...] = ()
    """Where the message is, after the code, when :attr:`errors` did not catch it (group ``msg``)."""
    request_id: tuple[re.Pattern[str], ...] = ()
    """The same for the request id (group ``rid``)."""
    continued: re.Pattern[str] | None = None
    """A line that continues the error of the line before (an SDK error printed on several
    lines); it is read as part of that line when that line has one of :attr:`opens`."""
    opens: tuple[str, ...] = ()
    messages: tuple[tuple[str, str], ...] = ()
    """A message a client prints without its code (acme.sh prints only ``Message``) → the code."""
    actions: tuple[tuple[str, str], ...] = ()
    """Words of a client before the error → the API action that failed."""
    present: tuple[str, ...] = ()
    """Words that say the call was made while creating the record."""
    credentials_missing: tuple[tuple[re.Pattern[str], str], ...] = ()
    """A client saying it has no keys (group ``vars`` where it names them) → the variables."""
    harmless: frozenset[str] = frozenset()
    """Codes that only say the record to delete was already gone."""
    titles: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Match kinds in the provider's words (``{"en", "zh"}`` each)."""
    causes: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Causes in the provider's words (same identifiers, same confirming codes)."""
    creds_args: tuple[str, ...] = ()
    """What ``dnsdoctor creds NAME`` needs to check this provider (``--provider alidns``)."""
    zone_words: tuple[str, ...] = ()
    """How lego's plug-in names the provider where it finds no zone (``not found in AliDNS``)."""


@dataclass(frozen=True)
class Provider:
    """A DNS provider's metadata; the registry (:mod:`dnsdoctor.providers`) holds one each."""

    name: str
    """Stable identifier, the ``--provider`` value: ``tencentcloud``, ``alidns``."""
    title: str
    title_zh: str
    ns_suffixes: tuple[str, ...]
    """Name-server host suffixes that identify the provider (``dnspod.net``, ``alidns.com``)."""
    clock_window: float
    """Seconds a request's timestamp may differ from the provider's clock."""
    key_id_label: str
    """What the provider calls the key id (``SecretId``, ``AccessKey ID``)."""
    secret_label: str
    """What it calls the secret (``SecretKey``, ``AccessKey Secret``)."""
    console_url: str = ""
    """The console page where users manage the provider's API keys: the neutral key remedies link
    it (``{console}``: "the CAM console (URL)"); empty: they name the console without a link."""
    key_id_shapes: tuple[str, ...] = ()
    """Regular expressions a key id of this provider fully matches (``LTAI[A-Za-z0-9]{12,20}``),
    each starting with a four-character prefix: output masks such ids wherever they appear
    (:func:`dnsdoctor.core.secrets.register_id_shape`)."""
    brand: tuple[str, str] = ("", "")
    """What users call the service in a sentence, in English and Chinese (``DNSPod``); empty:
    :attr:`title` and :attr:`title_zh`."""
    record_form: tuple[str, str] = ("", "")
    """How its console names a record's fields, in English and Chinese, with ``{type}``,
    ``{host}`` and ``{value}`` (``DNSPod console: 记录类型 {type}, 主机记录 {host}, 记录值
    {value}``), for the remedies that say which record to add; empty: they name no console."""
    dnssec_settings: tuple[str, str] = ("", "")
    """Where its console signs a zone (turns DNSSEC on), in English and Chinese, for the DNSSEC
    remedies; empty: "its DNSSEC settings"."""
    ns_list_label: str = "expected name servers"
    """What the provider calls the name servers it assigned (DNSPod: ``DnspodNsList``)."""
    policy_system: str = "CAM"
    """What the provider calls its access control (``CAM``, ``RAM``)."""
    actions: Mapping[str, str] = field(default_factory=dict)
    """The provider's action for each neutral call: ``whoami``, ``zones``, ``zone``, ``records``,
    ``create``, ``delete`` (e.g. ``dnspod:DescribeDomainList`` for ``zones``)."""
    minimal_policy: str = ""
    """The smallest policy document that lets an ACME client work (JSON)."""
    policy_grants: Callable[[str], Grants] = field(default=statement_grants)
    """What a policy document in the provider's policy language allows (its actions and
    resources), for the settings that show :attr:`minimal_policy`; the default reads CAM/RAM-shaped
    statements (:func:`statement_grants`)."""
    timestamp_zone: str = "UTC"
    """The zone of :attr:`Record.updated_text` (DNSPod shows Beijing time: ``UTC+8``)."""
    endpoint_option: str = ""
    """The :class:`CliOption` (its :attr:`~CliOption.dest`) holding a ``--<provider>-endpoint`` URL;
    read it with :meth:`~dnsdoctor.core.context.Options.provider_option`."""
    cli_options: tuple[CliOption, ...] = ()
    """The command-line options only this provider has (``--tencent-endpoint``): the credential
    commands (check, creds, preflight, cleanup) take them, generated from the registry."""
    sources_module: str = ""
    """The module whose ``discover_for(inputs)`` finds this provider's credentials."""
    policy_commands: Callable[[str | None], tuple[str, ...]] = field(default=lambda _: ())
    """The provider CLI's commands that create the minimal policy and attach it to a principal
    (``None``: a sub-user still to be created)."""
    clock_error: str = ""
    """The provider's error code for a request outside :attr:`clock_window`
    (``AuthFailure.SignatureExpire``), for the clock findings' params."""
    time_url: str = ""
    """A public HTTPS URL of the provider's API whose ``Date`` header shows the provider's clock
    (the clock remedies' commands name it); :meth:`named_time_url` is the run's own."""
    aliases: tuple[str, ...] = ()
    """Other names users give the provider on the command line (``dnspod``, ``aliyun``):
    ``--provider`` takes them too."""
    vendor: str = ""
    """The cloud's name where a text speaks of its credentials (``Tencent Cloud``)."""
    vendor_zh: str = ""
    line: str = ""
    """The resolution line a record is created on by default (DNSPod ``默认``)."""
    client_settings: Mapping[str, Settings] = field(default_factory=dict)
    """Client name → where that ACME client takes its settings for this provider, for a provider
    whose plug-ins the clients' modules do not list (one added in its own folder); the clients'
    own data (:attr:`dnsdoctor.clients.base.AcmeClient.settings`) comes first. Read it with
    :meth:`settings_for`."""
    client_calls: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Client name → the actions its plug-in calls at this provider, for such a provider too
    (:attr:`dnsdoctor.clients.base.AcmeClient.actions` first). Read it as
    :attr:`client_actions`."""
    demo_scenarios: tuple[str, ...] = ()
    """Modules (dotted names) that register demo scenarios for this provider, for a provider whose
    folder lives outside this package: ``dnsdoctor demo`` imports them with the lab's own
    ``dnsdoctor/lab/scenarios_*.py`` (:func:`dnsdoctor.lab.scenarios.all_scenarios`); the product
    never does. A provider of this package keeps its scenarios in the lab
    (``dnsdoctor/lab/scenarios_<name>.py``), found there by name."""

    def wording(self, spec: FindingSpec) -> FindingSpec:
        """``spec`` in this provider's words: its ``texts`` module may re-word a generic finding
        (title, meaning, remedy: ``WORDING`` for the CREDS_* findings, ``CLOCK_WORDING`` for the
        clock's, ``DNS_WORDING`` for those of the zone it serves (DNS_*, PATH_*, RESOLVER_*,
        CAA_*); the remedies of the symptoms it explains: ``SYMPTOM_REMEDIES``, by cause and
        symptom code) under the same code, severity and relations."""
        try:
            texts = self.module("texts")
        except ModuleNotFoundError:
            return spec
        words: Mapping[str, Mapping[str, tuple[str, str]]] = {
            **texts.WORDING,
            **getattr(texts, "CLOCK_WORDING", {}),
            **getattr(texts, "DNS_WORDING", {}),
        }
        symptoms: Mapping[str, Mapping[str, tuple[str, str]]] = getattr(
            texts, "SYMPTOM_REMEDIES", {}
        )
        fields = words.get(spec.code)
        remedies = symptoms.get(spec.code)
        if not fields and not remedies:
            return spec
        key = (self.name, spec.code, id(spec))
        if key not in _WORDED:
            new = {name: {"en": en, "zh": zh} for name, (en, zh) in (fields or {}).items()}
            worded = {code: {"en": en, "zh": zh} for code, (en, zh) in (remedies or {}).items()}
            _WORDED[key] = dataclasses.replace(
                spec,
                title=new.get("title", spec.title),
                meaning=new.get("meaning", spec.meaning),
                remedy=new.get("remedy", spec.remedy),
                symptom_remedies={**spec.symptom_remedies, **worded},
            )
        return _WORDED[key]

    @property
    def client_actions(self) -> Mapping[str, tuple[str, ...]]:
        """What each ACME client calls at this provider (``lego``: the actions its plug-in
        needs). The clients own these lists (:mod:`dnsdoctor.clients`), keyed by provider; a
        provider they do not list declares its own (:attr:`client_calls`)."""
        return {**self.client_calls, **provider_actions(self.name)}

    def settings_for(self, client: str) -> Settings | None:
        """Where ``client`` (``lego``, ``acme.sh``) takes its settings for this provider: its
        variable and plug-in names, its defaults (the client's module, else
        :attr:`client_settings`); ``None``: it has no plug-in for this provider."""
        try:
            known = get_client(client).settings.get(self.name)
        except KeyError:
            known = None
        return known if known is not None else self.client_settings.get(client)

    def log_patterns(self) -> LogPatterns | None:
        """How the ACME clients print this provider's errors (its ``logs`` module), if known."""
        try:
            log: LogPatterns = self.module("logs").LOG
        except ModuleNotFoundError:
            return None
        return log

    def module(self, part: str) -> ModuleType:
        """A module of the provider's folder (``api``, ``texts``), imported when first needed."""
        return importlib.import_module(f"dnsdoctor.providers.{self.name}.{part}")

    @property
    def endpoint_flag(self) -> str:
        """The command-line option of :attr:`endpoint_option` (``--tencent-endpoint``), for texts
        that tell where the run sends the provider's API calls."""
        return next((o.flag for o in self.cli_options if o.dest == self.endpoint_option), "")

    def named_time_url(self, options: RunOptions) -> str | None:
        """The URL whose ``Date`` header shows this provider's clock as the run reaches its API:
        the endpoint the run names (:attr:`endpoint_option`, a bare host meaning ``https://``);
        ``None`` when it names none (then :attr:`time_url` is the public one)."""
        value = options.provider_option(self.endpoint_option) if self.endpoint_option else None
        if not value:
            return None
        return value if "://" in value else f"https://{value}"

    def serves(self, ns_host: str) -> bool:
        host = ns_host.lower().rstrip(".")
        return any(host == s or host.endswith("." + s) for s in self.ns_suffixes)


def clean_message(message: object, hide: Sequence[tuple[re.Pattern[str], str]] = ()) -> str:
    """A server's message: decoded, on one line, control characters visible, secrets redacted,
    shortened to :data:`MAX_MESSAGE`."""
    if isinstance(message, bytes | bytearray):
        message = bytes(message).decode("utf-8", "replace")
    text = "" if message is None else str(message)
    for pattern, replacement in hide:
        text = pattern.sub(replacement, text)
    text = visible(" ".join(text.split()))
    return secrets.clip(text, MAX_MESSAGE)  # clip redacts first: a cut secret is not recognised


_WORDED: dict[tuple[str, str, int], FindingSpec] = {}
"""Re-worded specs, made once each (a finding's spec is compared by value in the reports)."""


AUTH_KINDS: tuple[ErrorKind, ...] = (
    ErrorKind.SIGNATURE,
    ErrorKind.UNKNOWN_KEY,
    ErrorKind.INVALID_KEY,
    ErrorKind.TOKEN,
    ErrorKind.AUTH,
)
"""The key did not authenticate (the clock kind aside: the key may be fine)."""
ZONE_KINDS: tuple[ErrorKind, ...] = (ErrorKind.NO_ZONE, ErrorKind.INVALID_ZONE)
