"""The engine of ``dnsdoctor explain --log``: read a pasted ACME client log or error text, say
what failed, what it likely means and which ``dnsdoctor`` command confirms it.

It runs over tables kept elsewhere: the ACME clients' (:mod:`dnsdoctor.clients`: detection, the
lines that name a failure by themselves, and the expressions of lego's propagation check, whose
lines mean something only together), the DNS providers' (``providers/<name>/logs.py``: how the
clients print the provider's API errors, read through the provider's one error table), the CA's
problem documents (here), and what each failure likely means (:mod:`.causes`, one record each).

Each recognised failure becomes a :class:`LogMatch`: a stable ``kind`` (what the log says), a
``cause`` (what it most likely means), the fields pulled out of the text (domain, FQDN, name
server, resolver address, API error code, RequestId, expected TXT value, timeouts), and exact
``dnsdoctor`` command lines built from those fields. Matches come back most explanatory first:
a fake-IP resolver before the propagation time-out it causes.

Anything can be pasted: input is capped (:data:`MAX_SCAN_CHARS`), long lines are scanned in
windows, and no pattern backtracks without a literal anchor, so garbage, binary data and huge logs
never raise and never hang.
"""

from __future__ import annotations

import dataclasses
import functools
import ipaddress
import itertools
import re
import shlex
import statistics
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dnsdoctor import clients, providers
from dnsdoctor.clients import acmesh, certbot, certimate, lego
from dnsdoctor.clients.base import LogPattern
from dnsdoctor.core.model import Text, fill, pick
from dnsdoctor.core.secrets import clip, redact
from dnsdoctor.logparse.causes import CAUSES
from dnsdoctor.outside import visible, visible_tree
from dnsdoctor.providers import all_providers
from dnsdoctor.providers.base import AUTH_KINDS, ZONE_KINDS, ErrorKind, LogPatterns

MAX_SCAN_CHARS = 2 * 1024 * 1024
"""At most this many characters are scanned: the first quarter and the last three quarters of a
longer text (a failure is usually near the end of a log)."""
_HEAD_CHARS = MAX_SCAN_CHARS // 4
_WINDOW = 8192
"""Lines longer than this are scanned in overlapping windows."""
_OVERLAP = 1024

FAKE_IP_NET = ipaddress.ip_network("198.18.0.0/15")
"""RFC 2544 benchmarking range, used by Clash/Mihomo/Surge/sing-box for fake-IP DNS (TUN mode)."""

PLACEHOLDER_DOMAIN = "NAME"

# --------------------------------------------------------------------------------------------
# The words
# --------------------------------------------------------------------------------------------

KIND_TITLES: dict[str, Text] = {
    "dns_query_failed": {
        "en": "{stage_label} failed at {server}: {error}",
        "zh": "{stage_label}在 {server} 上失败：{error}",
    },
    "system_lookup_failed": {
        "en": "The system resolver {resolver} could not resolve {host}: {error}",
        "zh": "系统解析器 {resolver} 无法解析 {host}：{error}",
    },
    "resolver_in_use": {
        "en": "The ACME client asks resolver {resolver} ({resolver_label})",
        "zh": "ACME 客户端使用的解析器是 {resolver}（{resolver_label}）",
    },
    "no_authoritative_ns": {
        "en": "lego could not determine the authoritative name servers of {zone}",
        "zh": "lego 无法确定 {zone} 的权威域名服务器",
    },
    "soa_not_found": {
        "en": "lego could not find the zone (SOA) of {fqdn}",
        "zh": "lego 找不到 {fqdn} 所在的区（SOA）",
    },
    "zone_not_found": {
        "en": "{provider} has no zone {zone}{for_fqdn}",
        "zh": "{provider} 中没有{for_fqdn}区 {zone}",
    },
    "ns_bad_rcode": {
        "en": "{ns} answered {rcode} for {fqdn} ({stage_label})",
        "zh": "{ns} 对 {fqdn} 返回 {rcode}（{stage_label}）",
    },
    "txt_value_missing": {
        "en": "{ns} does not return the expected TXT {expect} at {fqdn} (found: {found_text})",
        "zh": "{ns} 在 {fqdn} 上没有返回期望的 TXT {expect}（实际：{found_text}）",
    },
    "propagation_timeout": {
        "en": "lego gave up waiting for the TXT record{timeout_note}{last_error_note}",
        "zh": "lego 等待 TXT 记录超时{timeout_note}{last_error_note}",
    },
    "slow_polling": {
        "en": "lego's propagation polls are {median_gap} s apart instead of {interval} s ({polls} polls)",
        "zh": "lego 的传播检查每轮间隔 {median_gap} 秒，而不是 {interval} 秒（共 {polls} 轮）",
    },
    "credentials_missing": {
        "en": "The ACME client found no DNS provider credentials ({vars})",
        "zh": "ACME 客户端没有找到 DNS 服务商密钥（{vars}）",
    },
    "ca_dns_problem": {
        "en": "The CA could not validate: {what} looking up {qtype} for {fqdn}",
        "zh": "CA 验证失败：查询 {fqdn} 的 {qtype} 记录时 {what}",
    },
    "ca_incorrect_txt": {
        "en": 'The CA found a different TXT value at {fqdn}: "{found}"',
        "zh": "CA 在 {fqdn} 上读到的是另一个 TXT 值：“{found}”",
    },
    "ca_no_txt": {
        "en": "The CA found no TXT record at {fqdn}",
        "zh": "CA 在 {fqdn} 上没有找到 TXT 记录",
    },
    "ca_rate_limited": {
        "en": "The CA refused the order: rate limit",
        "zh": "CA 拒绝了订单：触发频率限制",
    },
    "acmesh_dns_timeout": {
        "en": "acme.sh timed out waiting for public DNS (DoH) to show the TXT{at_fqdn}",
        "zh": "acme.sh 等待公共 DNS（DoH）返回{at_fqdn}TXT 记录超时",
    },
    "acmesh_add_failed": {
        "en": "acme.sh could not add the TXT record at {fqdn}",
        "zh": "acme.sh 无法添加 {fqdn} 的 TXT 记录",
    },
    "certbot_validation_failed": {
        "en": "certbot's CA validation failed after sleeping {seconds} s (--{plugin}); certbot never checks DNS itself",
        "zh": "certbot 等待 {seconds} 秒后 CA 验证失败（--{plugin}）；certbot 自己从不检查 DNS",
    },
    "cname_followed": {
        "en": "The ACME client follows the CNAME {fqdn} → {cname} and writes the TXT there",
        "zh": "ACME 客户端跟随 CNAME {fqdn} → {cname}，把 TXT 写到目标名称上",
    },
}

CAUSE_TEXTS: dict[str, Text] = {name: cause.text for name, cause in CAUSES.items()}
"""What each cause likely means, in the default words (a provider's log table may re-word it)."""
CONFIRMING_CODES: dict[str, tuple[str, ...]] = {
    name: cause.codes for name, cause in CAUSES.items() if cause.codes
}
"""The finding codes that ``dnsdoctor`` reports when the likely cause is confirmed."""

CLEANUP_NOTE: Text = {
    "en": "This happened while cleaning up, after the order had succeeded or failed for another "
    "reason: look for the first error. The TXT record may be left behind; delete it by hand.",
    "zh": "这发生在清理阶段，订单此前已经成功或因其他原因失败：请先看第一个错误。TXT 记录可能残留，请手动删除。",
}

RECOVERED_NOTE: Text = {
    "en": "But later in the log lego got an answer from {reached}: it got past this failure, so "
    "it is not what stopped the order.",
    "zh": "不过日志中之后 lego 从 {reached} 得到了应答：它越过了这次失败，这不是订单失败的原因。",
}

STAGE_LABELS: dict[str, Text] = {
    "": {"en": "A DNS query", "zh": "DNS 查询"},
    "initial": {"en": "The first recursive TXT query", "zh": "首次递归 TXT 查询"},
    "recursive": {"en": "The recursive-resolver check", "zh": "递归解析器检查"},
    "authoritative": {"en": "The authoritative-server check", "zh": "权威服务器检查"},
    "ns_lookup": {"en": "The NS lookup of the zone", "zh": "查询区的 NS 记录"},
    "soa": {"en": "The SOA lookup (zone detection)", "zh": "查询 SOA（确定区）"},
}

PHASE_LABELS: dict[str, Text] = {
    "": {"en": "during the order", "zh": "签发过程中"},
    "present": {"en": "creating the TXT record", "zh": "创建 TXT 记录时"},
    "cleanup": {"en": "cleaning up", "zh": "清理记录时"},
}

RESOLVER_LABELS: dict[str, Text] = {
    "fake-ip": {"en": "fake-IP range of a TUN proxy", "zh": "TUN 代理的 fake-IP 网段"},
    "docker": {"en": "Docker's embedded DNS", "zh": "Docker 内置 DNS"},
    "cloud-internal": {"en": "a cloud provider's internal resolver", "zh": "云厂商内网解析器"},
    "tailscale": {"en": "Tailscale MagicDNS", "zh": "Tailscale MagicDNS"},
    "loopback": {"en": "a resolver on this host", "zh": "本机上的解析器"},
    "private": {"en": "a resolver on the private network", "zh": "内网解析器"},
    "public": {"en": "a public address", "zh": "公网地址"},
    "name": {"en": "a host name", "zh": "主机名"},
}

CLIENT_LABELS: dict[tuple[str, str], Text] = {
    **{
        (c.name, wording): label
        for c in clients.all_clients()
        for wording, label in c.labels.items()
    },
    ("", ""): {"en": "unknown client", "zh": "未知客户端"},
}
"""How each client (and wording) is named, from the clients' modules."""

FIELD_LABELS: dict[str, Text] = {
    "domain": {"en": "domain", "zh": "域名"},
    "fqdn": {"en": "record name", "zh": "记录名"},
    "zone": {"en": "zone", "zh": "区"},
    "ns": {"en": "name server", "zh": "域名服务器"},
    "resolver": {"en": "resolver", "zh": "解析器"},
    "address": {"en": "address asked", "zh": "查询的地址"},
    "source": {"en": "source address", "zh": "源地址"},
    "question": {"en": "question", "zh": "查询"},
    "rcode": {"en": "rcode", "zh": "响应码"},
    "expect": {"en": "expected value", "zh": "期望值"},
    "found": {"en": "found", "zh": "实际值"},
    "code": {"en": "error code", "zh": "错误码"},
    "request_id": {"en": "RequestId", "zh": "RequestId"},
    "timeout": {"en": "timeout", "zh": "超时"},
    "interval": {"en": "poll interval (s)", "zh": "轮询间隔（秒）"},
    "cname": {"en": "CNAME target", "zh": "CNAME 目标"},
    "configured": {"en": "resolvers lego was given", "zh": "给 lego 指定的解析器"},
    "seconds": {"en": "wait (s)", "zh": "等待（秒）"},
}
"""Fields shown under each match, in this order."""

UI: dict[str, Text] = {
    "head": {
        "en": "Recognised {n} problem(s) in the log of: {client}. The likely cause comes first.",
        "zh": "在日志中识别出 {n} 个问题，客户端：{client}。最可能的原因排在最前。",
    },
    "none": {
        "en": "No known failure of Certimate, lego, acme.sh or certbot was found in this text.",
        "zh": "在这段文本中没有找到 Certimate、lego、acme.sh 或 certbot 的已知失败信息。",
    },
    "none_hint": {
        "en": "Paste the lines around the first error, or check the name directly:",
        "zh": "请粘贴第一个错误前后的几行，或直接检查域名：",
    },
    "line": {"en": "line {n}", "zh": "第 {n} 行"},
    "seen": {"en": "seen {count} times", "zh": "出现 {count} 次"},
    "confirm": {"en": "Confirm with:", "zh": "用以下命令确认："},
    "codes": {"en": "dnsdoctor then reports: {codes}", "zh": "届时 dnsdoctor 会报告：{codes}"},
}

# --------------------------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogMatch:
    """One failure recognised in a log."""

    kind: str
    """What the log says, a stable identifier (``dns_query_failed``, ``tencent_api_error``...)."""
    cause: str
    """What it most likely means, a stable identifier (``fake_ip_resolver``...)."""
    line: int
    """1-based line of the first occurrence."""
    excerpt: str
    fields: Mapping[str, str] = field(default_factory=dict)
    """What the text names: ``domain``, ``fqdn``, ``ns``, ``resolver``, ``code``, ``request_id``,
    ``expect``, ``timeout``... (only those found)."""
    commands: tuple[str, ...] = ()
    """Exact ``dnsdoctor`` command lines that confirm the cause."""
    client: str = ""
    """``certimate``, ``lego``, ``acme.sh``, ``certbot`` or empty."""
    wording: str = ""
    """``v4`` or ``v5`` for lego wording, else empty."""
    count: int = 1
    """How many times the same failure appears."""
    provider: str = ""
    """The DNS provider whose API error or missing keys this is (``tencentcloud``, ``alidns``)."""

    def __post_init__(self) -> None:
        # Everything here was read from the pasted text: a key in it is masked and no terminal
        # control survives, whatever a pattern captured (titles are filled from the fields).
        def safe(text: str) -> str:
            return visible(redact(text))

        object.__setattr__(self, "fields", {k: safe(v) for k, v in self.fields.items()})
        object.__setattr__(self, "excerpt", safe(self.excerpt))
        object.__setattr__(self, "commands", tuple(safe(c) for c in self.commands))

    @property
    def codes(self) -> tuple[str, ...]:
        """Finding codes that ``dnsdoctor`` reports when it confirms this cause."""
        return CONFIRMING_CODES.get(self.cause, ())

    def _params(self, lang: str) -> dict[str, str]:
        en = lang == "en"
        params = dict(self.fields)
        stage = STAGE_LABELS.get(self.fields.get("stage", ""), STAGE_LABELS[""])
        params["stage_label"] = pick(stage, lang)
        phase = PHASE_LABELS.get(self.fields.get("phase", ""), PHASE_LABELS[""])
        params["phase_label"] = pick(phase, lang)
        rkind = self.fields.get("resolver_kind", "")
        params["resolver_label"] = (
            pick(RESOLVER_LABELS[rkind], lang) if rkind in RESOLVER_LABELS else ""
        )
        resolver = self.fields.get("resolver", "")
        ns = self.fields.get("ns", "")
        params.setdefault("ns", resolver)
        params["resolver_ip"] = _host_of(resolver) or _host_of(ns)
        # The server a failing query went to: the name server's name and the address it was sent to.
        ns_host = self.fields.get("host") or _host_of(ns)
        params["ns_host"] = ns_host.rstrip(".") or params["resolver_ip"]
        named = _ip(_host_of(ns)) is None and _host_of(ns) not in ("", _host_of(resolver))
        params["server"] = f"{_host_of(ns).rstrip('.')} ({resolver})" if named else resolver or ns
        configured = self.fields.get("configured", "")
        params["configured_note"] = (
            (f" ({configured})" if en else f" {configured}") if configured else ""
        )
        params["disable_ans"] = (
            "lego v4 --dns.propagation-disable-ans, v5 --dns.propagation.disable-ans; Certimate "
            "turns it off when 「DNS 递归服务器」 is set"
            if en
            else "lego v4 用 --dns.propagation-disable-ans，v5 用 --dns.propagation.disable-ans；"
            "Certimate 在设置了「DNS 递归服务器」时会关闭它"
        )
        source = self.fields.get("source", "")
        params["source_note"] = ""
        if source and _classify(_host_of(source)) == "fake-ip":
            params["source_note"] = (
                f" ({source} is the TUN interface)" if en else f"（{source} 是 TUN 网卡地址）"
            )
        params["found_text"] = self.fields.get("found") or ("none" if en else "无")
        params["action"] = self.fields.get("action") or ("call" if en else "")
        timeout = self.fields.get("timeout", "")
        last = self.fields.get("last_error", "")
        params["timeout_note"] = (
            (f" (time limit {timeout})" if en else f"（时限 {timeout}）") if timeout else ""
        )
        params["last_error_note"] = (
            (f"; last error: {last}" if en else f"；最后的错误：{last}") if last else ""
        )
        params["within"] = (f" within {timeout}" if en else f"在 {timeout} 内") if timeout else ""
        message = self.fields.get("message", "")
        params["message_note"] = (": " if en else "：") + message if message else ""
        fqdn = self.fields.get("fqdn", "")
        params["for_fqdn"] = (f" for {fqdn}" if en else f" {fqdn} 对应的") if fqdn else ""
        params["at_fqdn"] = (f" at {fqdn}" if en else f" {fqdn} 的 ") if fqdn else ""
        if not self.fields.get("zone"):
            # a pasted error cut before its question: the certificate's name, else words
            params["zone"] = self.fields.get("domain") or ("the zone" if en else "该区")
        for key in ("vars", "fqdn", "expect", "cname", "host", "error"):
            params.setdefault(key, "")
        return params

    def _words(self, table: str, key: str, default: Text) -> Text:
        """``default`` in the words of the match's provider, where its log table re-words it."""
        log = provider_tables().get(self.provider)
        own: Mapping[str, Text] = getattr(log, table, {}) if log else {}
        return own.get(key) or default

    def title(self, lang: str = "en") -> str:
        title = self._words("titles", self.kind, _kind_title(self.kind))
        text = fill(pick(title, lang), self._params(lang), lang)
        text = re.sub(r" ?\(\s*\)|（\s*）", "", text)
        return re.sub(r" {2,}", " ", text).rstrip(" :：")

    def meaning(self, lang: str = "en") -> str:
        cause = self._words("causes", self.cause, CAUSE_TEXTS[self.cause])
        text = fill(pick(cause, lang), self._params(lang), lang)
        if _api_kind(self.kind) and self.fields.get("phase") == "cleanup":
            text += ("" if lang == "zh" else " ") + pick(CLEANUP_NOTE, lang)
        if self.fields.get("reached"):
            text += ("" if lang == "zh" else " ") + fill(pick(RECOVERED_NOTE, lang), self.fields)
        text = re.sub(r" ?\(\s*\)|（\s*）", "", text)
        return re.sub(r"(?<=\S) {2,}", " ", text)

    def client_label(self, lang: str = "en") -> str:
        label = CLIENT_LABELS.get((self.client, self.wording)) or CLIENT_LABELS[(self.client, "")]
        return pick(label, lang)

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return visible_tree(self._dict(lang))  # type: ignore[no-any-return]

    def _dict(self, lang: str) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "cause": self.cause,
            "line": self.line,
            "count": self.count,
            "client": self.client,
            "wording": self.wording,
            "provider": self.provider,
            "title": self.title(lang),
            "meaning": self.meaning(lang),
            "fields": dict(self.fields),
            "commands": list(self.commands),
            "codes": list(self.codes),
            "excerpt": self.excerpt,
        }


# --------------------------------------------------------------------------------------------
# Patterns (each starts with a literal, so a long line costs linear time)
# --------------------------------------------------------------------------------------------

P_JSON_CODE = re.compile(r'"Code"\s{0,3}:\s{0,3}"(?P<code>[A-Za-z][\w.]{0,80})"')
P_JSON_MSG = re.compile(r'"Message"\s{0,3}:\s{0,3}"(?P<msg>(?:[^"\\\n]|\\.){0,1000})"')
P_JSON_RID = re.compile(r'"RequestId"\s{0,3}:\s{0,3}"(?P<rid>[\w-]{1,64})"')
"""A provider API's JSON error envelope, as a client prints it (acme.sh ``--debug``, SDK data)."""
P_TIMESTAMP = re.compile(
    r"(?P<y>\d{4})[-/](?P<mo>\d{2})[-/](?P<d>\d{2})[ T](?P<h>\d{2}):(?P<mi>\d{2}):(?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?"
)
P_ANSI = re.compile(r"\x1b\[[0-9;?]{0,20}[A-Za-z]")

# --- the CA's words, relayed by every client (RFC 8555 problem documents, Let's Encrypt's details)
P_CA_DNS = re.compile(
    r"DNS problem: (?P<what>[^\n]{0,120}?) ?looking up (?P<qtype>[A-Z]{1,10}) for (?P<fqdn>[^\s:]{1,255})"
)
P_URN = re.compile(r"urn:ietf:params:acme:error:(?P<type>[A-Za-z]{1,40})")
CA_PATTERNS = (
    LogPattern(
        "ca_incorrect_txt",
        "ca_wrong_value",
        re.compile(
            r'Incorrect TXT record "(?P<found>[^"\n]{0,300})" found at (?P<fqdn>[^\s,;]{1,255})'
        ),
        names=("fqdn",),
        trim=("fqdn",),
        domain_from="fqdn",
        domain_always=True,
    ),
    LogPattern(
        "ca_no_txt",
        "ca_nxdomain",
        re.compile(r"No TXT record found at (?P<fqdn>[^\s,;]{1,255})"),
        names=("fqdn",),
        trim=("fqdn",),
        domain_from="fqdn",
        domain_always=True,
    ),
)

LINE_PATTERNS: tuple[LogPattern, ...] = (
    *(p for c in clients.all_clients() for p in c.patterns),
    *CA_PATTERNS,
)
"""Every line shape that names a failure by itself: the clients' tables, then the CA's."""


def provider_tables() -> dict[str, LogPatterns]:
    """How the clients print each provider's API errors (the providers' ``logs`` modules), by
    provider name: read from the registry when a log is read, so that a provider added to it after
    this module was imported is known too. Each provider's API error is a kind of its own, titled
    in the provider's table."""
    return _tables(providers.NAMES)


@functools.cache
def _tables(names: tuple[str, ...]) -> dict[str, LogPatterns]:
    del names  # the cache key: the registry's names, which all_providers() reads
    return {p.name: log for p in all_providers() if (log := p.log_patterns()) is not None}


def provider_logs() -> tuple[LogPatterns, ...]:
    """:func:`provider_tables`, in the registry's order."""
    return tuple(provider_tables().values())


def _api_kind(kind: str) -> bool:
    return any(log.kind == kind for log in provider_logs())


def _kind_title(kind: str) -> Text:
    return (
        next((log.titles[kind] for log in provider_logs() if log.kind == kind), None)
        or (KIND_TITLES[kind])
    )


_KIND_CAUSES: dict[ErrorKind, str] = {
    ErrorKind.SIGNATURE: "signature_failure",
    ErrorKind.CLOCK: "signature_expire",
    ErrorKind.UNKNOWN_KEY: "secret_id_not_found",
    ErrorKind.INVALID_KEY: "invalid_secret_id",
    ErrorKind.TOKEN: "token_failure",
    ErrorKind.DENIED: "unauthorized",
    ErrorKind.NO_ZONE: "domain_not_in_account",
    ErrorKind.INVALID_ZONE: "domain_not_in_account",
    ErrorKind.RATE_LIMIT: "api_rate_limited",
}
"""What a provider's error, by its provider-neutral kind, most likely means."""
_CREDS_KINDS = frozenset({*AUTH_KINDS, *ZONE_KINDS, ErrorKind.CLOCK, ErrorKind.DENIED})
"""Kinds that ``dnsdoctor creds`` confirms (a clock error with ``dnsdoctor clock`` too)."""

_PRIORITY: dict[str, int] = {name: cause.priority for name, cause in CAUSES.items()}
_SUSPECT_RANK = 24
"""A resolver suspected for its kind of address, not seen failing, comes after every cause the log
shows (and before the bare propagation time-out)."""
_RECOVERED_PENALTY = 30
"""A resolver failure followed by an answer from an authoritative server was not what stopped lego."""
_CLEANUP_PENALTY = 26
"""A cleanup error comes after the errors of the order itself."""
_VOLATILE = frozenset({"source", "request_id", "message", "found"})
"""Fields that differ between repetitions of the same failure (ports, ids)."""

# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _host_of(endpoint: str) -> str:
    """``198.18.0.2:53`` → ``198.18.0.2``; ``[2606:4700::1111]:53`` → ``2606:4700::1111``."""
    text = endpoint.strip()
    if text.startswith("["):
        return text[1:].split("]", 1)[0]
    if text.count(":") == 1:
        return text.split(":", 1)[0]
    return text


def _port_of(endpoint: str) -> int:
    text = endpoint.strip()
    tail = text.rsplit("]:", 1)[1] if text.startswith("[") and "]:" in text else ""
    if not text.startswith("[") and text.count(":") == 1:
        tail = text.split(":", 1)[1]
    return int(tail) if tail.isdigit() and 0 < int(tail) < 65536 else 53


def _endpoint(item: str) -> str:
    """``119.29.29.29`` → ``119.29.29.29:53`` (lego adds port 53); ``""`` for what is no address."""
    host = _host_of(item)
    if not host or (
        _ip(host) is None and not re.fullmatch(r"[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}", host)
    ):
        return ""
    shown = f"[{host}]" if ":" in host else host
    return f"{shown}:{_port_of(item)}"


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


_MASKED_FAKE_IP = re.compile(r"198\.(?:[xX*]{1,3}|1[89])\.0\.[12]")


def _classify(host: str) -> str:
    """What kind of resolver an address is; ``name`` for a host name, ``""`` for nothing."""
    if not host:
        return ""
    ip = _ip(host)
    if ip is None:
        # Users mask addresses before pasting ("198.xx.0.2", certimate#663); 198.<masked>.0.1 and
        # .0.2 are the TUN interface and the DNS of a fake-IP proxy.
        return "fake-ip" if _MASKED_FAKE_IP.fullmatch(host) else "name"
    if ip.version == 4 and ip in FAKE_IP_NET:
        return "fake-ip"
    text = str(ip)
    if text == "127.0.0.11":
        return "docker"
    if text in ("100.100.2.136", "100.100.2.138", "183.60.83.19", "183.60.82.98"):
        return "cloud-internal"
    if text == "100.100.100.100":
        return "tailscale"
    if ip.is_loopback:
        return "loopback"
    if (
        ip.is_private
        or ip.is_link_local
        or (ip.version == 4 and ip in ipaddress.ip_network("100.64.0.0/10"))
    ):
        return "private"
    return "public"


_RESOLVER_STAGES = ("initial", "recursive", "ns_lookup", "soa")
"""Stages of lego's check whose server is a recursive resolver (the system's or --dns.resolvers)."""

_RESOLVER_CAUSES = {
    "fake-ip": "fake_ip_resolver",
    "docker": "docker_dns",
    "cloud-internal": "cloud_internal_resolver",
    "tailscale": "tailscale_dns",
    "loopback": "local_resolver",
    "private": "lan_resolver",
}


def _domain(text: str) -> str:
    """A certificate name from a name in a log (``_acme-challenge.`` and ``*.`` removed), or ``""``."""
    name = text.strip().strip("'\"`,;()<>").rstrip(".").lower()
    if name.startswith("*."):
        name = name[2:]
    while name.startswith("_acme-challenge."):
        name = name[len("_acme-challenge.") :]
    if not name or "." not in name or len(name) > 253 or ".." in name or name.startswith("."):
        return ""
    if _ip(name) is not None or "*" in name:
        return ""
    labels = name.split(".")
    if any(not lab or len(lab) > 63 for lab in labels):
        return ""
    if re.fullmatch(r"[x*]{2,}|your-?domain|domain", labels[-2]):
        return ""  # masked before pasting ("xxx.com"): no use in a command line
    if not re.fullmatch(r"[^\W\d_][\w-]*|xn--[\w-]+", labels[-1]):
        return ""  # the last label must look like a TLD (not "1" of a version, not "go")
    if len(labels[-1]) < 2 or not all(re.fullmatch(r"[\w-]+", lab) for lab in labels):
        return ""
    return name


def _fqdn(text: str) -> str:
    return text.strip().strip("'\"`,;()<>")


def _go_duration(text: str) -> float | None:
    """Seconds in a Go duration (``1m0s``, ``2s``, ``1h0m0s``, ``500ms``)."""
    total = 0.0
    units = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001, "us": 1e-6, "µs": 1e-6, "ns": 1e-9}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return None
    for number, unit in parts:
        total += float(number) * units[unit]
    return total


def _seconds_text(value: float) -> str:
    return f"{value:g}"


def _command(*args: str) -> str:
    return " ".join(a if re.fullmatch(r"[\w@%+=:,./*-]+", a) else shlex.quote(a) for a in args)


def _unescape(line: str) -> str:
    line = P_ANSI.sub("", line)
    if "\\" in line:
        line = (
            line.replace('\\"', '"')
            .replace("\\u003e", ">")
            .replace("\\u003c", "<")
            .replace("\\u0026", "&")
            .replace("\\t", " ")
        )
    return line


def _excerpt(line: str, start: int, end: int) -> str:
    """The matched text with a little context, at most ~240 characters, secrets masked.

    The whole line is redacted before the window is cut from it: a window cut first could keep a
    key whose label it cut off, or a prefix of a key that redaction then no longer recognises."""
    masked = redact(line)
    begin = min(len(masked), len(redact(line[:start])))  # where the match is, after redaction
    stop = min(len(masked), begin + len(redact(line[start:end])))
    lo = max(0, begin - 60)
    hi = min(len(masked), max(stop, begin + 120) + 20)
    hi = min(hi, lo + 240)
    # never show a piece of a mask: move a cut that falls inside "<secret …>" out of it
    opened = masked.rfind("<secret ", 0, lo)
    if opened >= 0 and masked.find(">", opened) >= lo:
        lo = min(hi, masked.find(">", opened) + 1)
    opened = masked.rfind("<secret ", lo, hi)
    if opened >= 0 and not 0 <= masked.find(">", opened) < hi:
        hi = opened
    text = masked[lo:hi].strip().replace("\t", " ")
    text = re.sub(r"(?i)(secret_?key\W{0,3})[^\s'\",<]{4,}", r"\1***", text)
    return ("…" if lo > 0 else "") + visible(text) + ("…" if hi < len(masked) else "")


def _parts(text: str) -> list[tuple[int, str]]:
    """The text to scan as (first line number, part): all of it, or its head and its tail."""
    if len(text) <= MAX_SCAN_CHARS:
        return [(1, text)]
    tail_start = len(text) - (MAX_SCAN_CHARS - _HEAD_CHARS)
    head = text[:_HEAD_CHARS]
    return [(1, head), (text.count("\n", 0, tail_start) + 1, text[tail_start:])]


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Numbered lines; JSON-escaped newlines split too; long lines in overlapping windows."""
    for first, part in _parts(text):
        for index, raw in enumerate(part.split("\n")):
            for piece in raw.rstrip("\r").split("\\n"):
                if len(piece) <= _WINDOW:
                    yield first + index, piece
                    continue
                for start in range(0, len(piece), _WINDOW - _OVERLAP):
                    yield first + index, piece[start : start + _WINDOW]
                    if start + _WINDOW >= len(piece):
                        break


# --------------------------------------------------------------------------------------------
# Recognition
# --------------------------------------------------------------------------------------------


@dataclass
class _Hit:
    kind: str
    cause: str
    line: int
    excerpt: str
    fields: dict[str, str]
    commands_for: str = "check"
    """Which command family confirms it: check, creds, clock, creds+clock, none."""
    provider: LogPatterns | None = None
    """The DNS provider whose error (or missing keys) it is, if any."""


@dataclass
class _Scan:
    hits: list[_Hit] = field(default_factory=list)
    domain: str = ""
    """The first certificate name the log names."""
    expect: str = ""
    timeout: str = ""
    interval: float | None = None
    polls: list[tuple[int, float | None]] = field(default_factory=list)
    nameservers: list[tuple[int, str, str]] = field(default_factory=list)
    configured: list[str] = field(default_factory=list)
    """Resolvers the client was given (``--dns.resolvers``, Certimate's settings), as host:port."""
    propagation: list[tuple[int, str, str]] = field(default_factory=list)
    certbot_secs: str = ""
    acmesh_alias: str = ""
    acmesh_timeout_line: tuple[int, str] | None = None
    reached_line: int = 0
    """The last line showing that lego got an answer from an authoritative server (0: none)."""
    providers: tuple[LogPatterns, ...] = field(default_factory=provider_logs)
    """The providers' tables, those the log names first."""


def _stage(line: str, pos: int) -> str:
    best, where = "", -1
    for marker, stage in lego.STAGES:
        at = line.rfind(marker, 0, pos)
        if at > where:
            best, where = stage, at
    return best


def _phase(line: str, previous: str, log: LogPatterns | None = None) -> str:
    present = (*lego.PRESENT_MARKERS, *(log.present if log else ()))
    for text in (line, previous):
        if any(marker in text for marker in lego.CLEANUP_MARKERS):
            return "cleanup"
        if any(marker in text for marker in present):
            return "present"
    return ""


def _line_domain(line: str) -> str:
    for pattern in (lego.DOMAIN_V5, lego.DOMAIN_BRACKET, lego.DOMAIN_ATTR):
        for m in pattern.finditer(line):
            name = _domain(m.group("d"))
            if name:
                return name
    found = certbot.DOMAIN.match(line)
    if found:
        return _domain(found.group("d"))
    found = acmesh.CHECKING.search(line)
    if found:
        return _domain(found.group("d"))
    return ""


def _resolver_hit(
    scan: _Scan,
    number: int,
    line: str,
    m: re.Match[str],
    dst: str,
    src: str,
    fields: dict[str, str],
) -> None:
    host = _host_of(dst)
    ns = fields.get("ns", "")
    if _ip(host) is None and _ip(_host_of(ns)) is not None and _classify(host) != "fake-ip":
        dst, host = ns, _host_of(ns)  # a masked address in the error, the real one in [ns=...]
    rkind = _classify(host)
    stage = fields.get("stage", "")
    cause = _cause_for(rkind, stage, bool(fields.get("lookup")))
    fields = {**fields, "resolver": dst, "resolver_kind": rkind}
    if src:
        fields["source"] = src
    scan.hits.append(
        _Hit("dns_query_failed", cause, number, _excerpt(line, m.start(), m.end()), fields)
    )


def _cause_for(rkind: str, stage: str, lookup: bool) -> str:
    """The likely cause of a failed query by the kind of address it went to and lego's stage."""
    if stage == "authoritative":
        # lego asks each authoritative server by host name; Go's dialer resolves it through the
        # system resolver, whatever resolvers lego was given (ACME_CLIENTS.md §1.3).
        if lookup:
            return "ns_lookup_failed"
        if rkind == "fake-ip":
            return "fake_ip_ns_address"
        if rkind in _RESOLVER_CAUSES:
            return "private_ns_address"
        return "authoritative_blocked"
    if lookup:
        return _RESOLVER_CAUSES.get(rkind, "lookup_failed")
    cause = _RESOLVER_CAUSES.get(rkind, "")
    if not cause:
        if stage == "authoritative" or (rkind == "name" and not stage):
            cause = "authoritative_blocked"
        elif stage == "ns_lookup":
            cause = "broken_resolver_ns"
        elif stage == "soa":
            cause = "broken_resolver_soa"
        else:
            cause = "public_resolver_unreachable"
    return cause


def _table_hits(scan: _Scan, number: int, line: str, base: dict[str, str]) -> None:
    """The lines of the clients' and the CA's tables: each named group becomes a field."""
    for pattern in LINE_PATTERNS:
        for m in pattern.regex.finditer(line):
            fields = dict(base)
            for name, value in m.groupdict().items():
                if value is None:
                    continue
                if name in pattern.names:
                    value = _fqdn(value)
                if name in pattern.trim:
                    value = value.rstrip(".,;:")
                fields[name] = value
            source = fields.get(pattern.domain_from, "") if pattern.domain_from else ""
            if _domain(source) and (pattern.domain_always or not fields.get("domain")):
                fields["domain"] = _domain(source)
            excerpt = _excerpt(line, m.start(), m.end())
            scan.hits.append(
                _Hit(pattern.kind, pattern.cause, number, excerpt, fields, pattern.confirm)
            )


def _scan_line(scan: _Scan, number: int, line: str, previous: str, domain: str) -> None:
    consumed: list[tuple[int, int]] = []

    def inside(m: re.Match[str]) -> bool:
        return any(a <= m.start() and m.end() <= b for a, b in consumed)

    base = {"domain": domain} if domain else {}

    # -- DNS transport errors ------------------------------------------------------------
    for m in lego.DNS_CALL.finditer(line):
        consumed.append(m.span())
        err = m.group("err").strip()
        ns = m.group("ns").strip()
        question = " ".join(m.group("q").split())
        fields = {
            **base,
            "ns": ns,
            "question": question,
            "error": err,
            "stage": _stage(line, m.start()),
        }
        parts = question.split()
        if parts:
            fields["qname"] = parts[0]
            if not fields.get("domain") and _domain(parts[0]):
                fields["domain"] = _domain(parts[0])
            if len(parts) > 1:
                fields["qtype"] = parts[-1]
        net = lego.NETERR.search(err)
        dst = net.group("dst") if net else ns
        src = (net.group("src") or "") if net else ""
        if net:
            fields["error"] = net.group("what")
        lookup = lego.LOOKUP.search(err)
        if lookup:
            # Go's dialer could not resolve the server's host name: the system resolver failed.
            dst, fields["host"] = lookup.group("dst"), lookup.group("host")
            if not net:
                fields["error"] = lookup.group("what").strip()[:120]
            fields["lookup"] = "system"
        _resolver_hit(scan, number, line, m, dst, src, fields)
    for m in lego.LOOKUP.finditer(line):
        if inside(m):
            continue
        consumed.append(m.span())
        what = m.group("what").strip()
        inner = lego.NETERR.search(what)
        fields = {**base, "host": m.group("host"), "resolver": m.group("dst")}
        fields["error"] = inner.group("what") if inner else clip(what, 120)
        rkind = _classify(_host_of(m.group("dst")))
        fields["resolver_kind"] = rkind
        if inner and inner.group("src"):
            fields["source"] = inner.group("src")
        cause = _RESOLVER_CAUSES.get(rkind, "lookup_failed")
        scan.hits.append(
            _Hit("system_lookup_failed", cause, number, _excerpt(line, m.start(), m.end()), fields)
        )
    for m in lego.NETERR.finditer(line):
        if inside(m):
            continue
        consumed.append(m.span())
        fields = {**base, "error": m.group("what"), "stage": _stage(line, m.start())}
        _resolver_hit(scan, number, line, m, m.group("dst"), m.group("src") or "", fields)

    # -- the CA's verdict, then every line shape of the clients' and the CA's tables ------------
    urn = P_URN.search(line)
    for m in P_CA_DNS.finditer(line):
        what = m.group("what").strip() or "error"
        fqdn = _fqdn(m.group("fqdn")).rstrip(".,;:")
        fields = {**base, "what": what, "qtype": m.group("qtype"), "fqdn": fqdn}
        if _domain(fqdn):
            fields["domain"] = _domain(fqdn)
        if urn:
            fields["acme_error"] = urn.group("type")
        upper = what.upper()
        cause = (
            "ca_nxdomain"
            if "NXDOMAIN" in upper
            else "ca_servfail"
            if "SERVFAIL" in upper or "DNSSEC" in upper
            else "ca_timeout"
            if "TIMED OUT" in upper or "TIMEOUT" in upper
            else "ca_dns_other"
        )
        scan.hits.append(
            _Hit("ca_dns_problem", cause, number, _excerpt(line, m.start(), m.end()), fields)
        )
    _table_hits(scan, number, line, base)

    # -- lego's zone lookup at the provider ----------------------------------------------------
    for m in [*lego.ZONE_NOT_FOUND.finditer(line), *lego.ZONE_NOT_FOUND2.finditer(line)]:
        zone = m.group("zone").strip(".,;:") + "."
        groups = m.groupdict()
        fqdn = _fqdn(groups.get("fqdn") or "").rstrip(".,;:")
        fields = {**base, "zone": zone, "provider": m.group("provider")}
        if fqdn:
            fields["fqdn"] = fqdn
            if not fields.get("domain") and _domain(fqdn):
                fields["domain"] = _domain(fqdn)
        elif fields.get("domain"):
            fields["fqdn"] = fields["domain"]
        tld = zone.count(".") <= 1
        word = m.group("provider").lower()
        owner = next((p for p in scan.providers if word in p.zone_words), None)
        scan.hits.append(
            _Hit(
                "zone_not_found",
                "zone_is_tld" if tld else "zone_not_in_account",
                number,
                _excerpt(line, m.start(), m.end()),
                fields,
                "check" if tld else "check+creds",
                owner,
            )
        )

    # -- what the name servers said --------------------------------------------------------
    for m in lego.RCODE.finditer(line):
        ns, rcode, fqdn = m.group("ns"), m.group("rcode"), _fqdn(m.group("fqdn")).rstrip(",;:")
        stage = _stage(line, m.start())
        fields = {**base, "ns": ns, "rcode": rcode, "fqdn": fqdn, "stage": stage}
        if not fields.get("domain") and _domain(fqdn):
            fields["domain"] = _domain(fqdn)
        rkind = _classify(_host_of(ns))
        fields["resolver_kind"] = rkind
        nx = rcode == "NXDOMAIN"
        if rkind in ("fake-ip", "docker", "cloud-internal", "tailscale"):
            cause = _RESOLVER_CAUSES[rkind]
        elif stage == "recursive" or rkind in ("loopback", "private"):
            cause = "resolver_negative_cache" if nx else "resolver_servfail"
        else:
            cause = "record_missing_at_ns" if nx else "ns_lame"
        if cause not in ("record_missing_at_ns", "ns_lame"):
            fields["resolver"] = ns
        scan.hits.append(
            _Hit("ns_bad_rcode", cause, number, _excerpt(line, m.start(), m.end()), fields)
        )
    for m in lego.TXT_MISSING.finditer(line):
        ns, fqdn, value = m.group("ns"), _fqdn(m.group("fqdn")), m.group("value")
        found_raw = m.group("found").strip()
        found_raw = re.split(r"\s\[|\]|\s{2,}", found_raw, maxsplit=1)[0]
        found = [v for v in re.split(r"[\s,]+", found_raw) if v]
        fields = {**base, "ns": ns, "fqdn": fqdn, "expect": value, "found": ", ".join(found)}
        if not fields.get("domain") and _domain(fqdn):
            fields["domain"] = _domain(fqdn)
        fields["stage"] = _stage(line, m.start())
        if value and not scan.expect:
            scan.expect = value
        scan.hits.append(
            _Hit(
                "txt_value_missing",
                "stale_values" if found else "not_propagated",
                number,
                _excerpt(line, m.start(), m.end()),
                fields,
            )
        )

    # -- the DNS provider's API, in the provider's own tables ----------------------------------
    _api_hits(scan, number, line, previous, base)

    # -- the CA's rate limit; acme.sh and certbot ------------------------------------------
    if urn and urn.group("type") == "rateLimited":
        scan.hits.append(
            _Hit(
                "ca_rate_limited",
                "ca_rate_limited",
                number,
                _excerpt(line, urn.start(), urn.end()),
                dict(base),
                "none",
            )
        )
    m2 = acmesh.CHECKING.search(line)
    if m2:
        scan.acmesh_alias = _fqdn(m2.group("alias"))
    m2 = acmesh.TXT_VALUE.search(line)
    if m2 and not scan.expect:
        scan.expect = m2.group("v")
    m2 = acmesh.TIMEOUT.search(line)
    if m2 and scan.acmesh_timeout_line is None:
        scan.acmesh_timeout_line = (number, _excerpt(line, m2.start(), m2.end()))
    m2 = certbot.WAIT.search(line)
    if m2:
        scan.certbot_secs = m2.group("secs")
    for m in certbot.HINT.finditer(line):
        plugin = m.group("plugin")
        secs = m.group("secs") or scan.certbot_secs or certbot.DEFAULT_SECONDS
        fields = {**base, "plugin": plugin, "seconds": secs}
        scan.hits.append(
            _Hit(
                "certbot_validation_failed",
                "certbot_sleep_too_short",
                number,
                _excerpt(line, m.start(), m.end()),
                fields,
            )
        )

    # -- lego context: CNAME, resolvers, timeouts, polls -----------------------------------
    for m in lego.CNAME_V5.finditer(line):
        fq, cn = lego.ATTR_FQDN.search(m.group("rest")), lego.ATTR_CNAME.search(m.group("rest"))
        if fq and cn:
            fields = {**base, "fqdn": _fqdn(fq.group("v")), "cname": _fqdn(cn.group("v"))}
            excerpt = _excerpt(line, m.start(), m.end())
            scan.hits.append(_Hit("cname_followed", "cname_followed", number, excerpt, fields))
    m2 = lego.WAIT_FOR.search(line)
    if m2:
        scan.timeout = scan.timeout or m2.group("timeout")
        scan.interval = scan.interval or _go_duration(m2.group("interval"))
    if "waiting for record propagation" in line and "propagation." not in line:
        t = lego.ATTR_TIMEOUT.search(line)
        i = lego.ATTR_INTERVAL.search(line)
        if t and not scan.timeout:
            scan.timeout = t.group("v")
        if i and scan.interval is None:
            scan.interval = _go_duration(i.group("v"))
    m2 = lego.CHECKING.search(line)
    if m2:
        listed = m2.group("a") if m2.group("a") is not None else m2.group("b") or ""
        for item in re.split(r"[\s,]+", listed):
            if item:
                scan.nameservers.append((number, item, _excerpt(line, m2.start(), m2.end())))
    for pattern in _RESOLVER_SETTINGS:
        for m in pattern.finditer(line):
            for item in re.split(r"[\s,;]+", m.group("v")):
                endpoint = _endpoint(item)
                if endpoint and endpoint not in scan.configured:
                    scan.configured.append(endpoint)
    if lego.POLL.search(line):
        scan.polls.append((number, _timestamp(line)))
    for m in lego.PROPAGATION_TIMEOUT.finditer(line):
        scan.propagation.append(
            (number, (m.group("last") or "").strip(), _excerpt(line, m.start(), m.end()))
        )


_RESOLVER_SETTINGS = (
    lego.FLAG_RESOLVERS,
    lego.ENV_RESOLVERS,
    certimate.NAMESERVERS_JSON,
    certimate.NAMESERVERS_ZH,
)
"""Where a log shows the resolvers the client was given."""


def _timestamp(line: str) -> float | None:
    m = P_TIMESTAMP.search(line)
    if m is None:
        return None
    try:
        day = int(m.group("d"))
        h, mi, s = int(m.group("h")), int(m.group("mi")), int(m.group("s"))
        frac = float("0." + m.group("f")) if m.group("f") else 0.0
    except ValueError:
        return None
    return day * 86400 + h * 3600 + mi * 60 + s + frac


def _providers_named(text: str) -> tuple[LogPatterns, ...]:
    """The providers' tables, those whose words the text has first (a message two providers
    share is then read as the one the log is about)."""
    logs = provider_logs()
    named = [log for log in logs if any(m in text for m in log.markers)]
    return (*named, *(log for log in logs if log not in named))


def _api_hits(scan: _Scan, number: int, line: str, previous: str, base: dict[str, str]) -> None:
    """A provider's API error: the client's print of the SDK's error, else the API's JSON
    envelope, else the bare message; then a client saying it has no keys at all."""
    coded = False
    for log in scan.providers:
        for pattern in log.errors:
            for m in pattern.finditer(line):
                coded = True
                groups = m.groupdict()
                rest = line[m.end() :]
                message = groups.get("msg") or _first(log.message, rest, "msg")
                rid = groups.get("rid") or _first(log.request_id, rest, "rid")
                _api_hit(scan, log, number, line, m, m.group("code"), message, rid, previous, base)
    if not coded:
        cm = P_JSON_CODE.search(line)
        if cm and ("Message" in line or "RequestId" in line or "Response" in line):
            code = cm.group("code")
            owner = next((p for p in scan.providers if p.known(code)), None)
            if owner is None and "." in code:
                owner = scan.providers[0]  # an unknown dotted code: the provider the log names
            if owner is not None:
                mm = P_JSON_MSG.search(line)
                rm = P_JSON_RID.search(line)
                coded = True
                message = mm.group("msg") if mm else ""
                rid = rm.group("rid") if rm else ""
                _api_hit(scan, owner, number, line, cm, code, message, rid, previous, base)
    if not coded:
        for log in scan.providers:
            hit = next(((n, c) for n, c in log.messages if n in line), None)
            if hit is None:
                continue
            needle, code = hit
            span = re.search(re.escape(needle), line)
            assert span is not None
            rid = _first(log.request_id, line, "rid")
            _api_hit(
                scan, log, number, line, span, code, needle, rid, previous, base, inferred=True
            )
            break
    for log in scan.providers:
        for pattern, default in log.credentials_missing:
            for m in pattern.finditer(line):
                variables = m.groupdict().get("vars") or default
                fields = {**base, "vars": variables.replace(",", ", ").replace(",  ", ", ")}
                excerpt = _excerpt(line, m.start(), m.end())
                scan.hits.append(
                    _Hit(
                        "credentials_missing",
                        "credentials_missing",
                        number,
                        excerpt,
                        fields,
                        "creds",
                        log,
                    )
                )


def _first(patterns: Sequence[re.Pattern[str]], text: str, group: str) -> str:
    for pattern in patterns:
        m = pattern.search(text)
        if m is not None and m.group(group):
            return m.group(group)
    return ""


def _api_hit(
    scan: _Scan,
    log: LogPatterns,
    number: int,
    line: str,
    m: re.Match[str],
    code: str,
    message: str,
    rid: str,
    previous: str,
    base: dict[str, str],
    inferred: bool = False,
) -> None:
    kind = log.classify(code)
    if code in log.harmless:
        cause = "record_not_found_api"
    else:
        cause = _KIND_CAUSES.get(kind, log.other_cause)
    fields = {**base, "code": code, "message": clip(message.strip().rstrip(",").strip(), 300)}
    if rid:
        fields["request_id"] = rid
    phase = _phase(line, previous, log)
    if phase:
        fields["phase"] = phase
    action = next((a for marker, a in log.actions if marker in line), "")
    if action:
        fields["action"] = action
    if inferred:
        fields["code_from"] = "message"
    if kind in _CREDS_KINDS and code not in log.harmless:
        family = "clock+creds" if kind == ErrorKind.CLOCK else "creds"
    else:
        family = "none"
    excerpt = _excerpt(line, m.start(), m.end())
    scan.hits.append(_Hit(log.kind, cause, number, excerpt, fields, family, log))


def _reached(hit: _Hit) -> bool:
    """The hit shows lego got an answer from an authoritative server."""
    if hit.kind not in ("ns_bad_rcode", "txt_value_missing"):
        return False
    stage = hit.fields.get("stage", "")
    return stage == "authoritative" or (not stage and _ip(_host_of(hit.fields["ns"])) is None)


def _reconcile(scan: _Scan) -> None:
    """Read each failed query against what else the log says: the resolvers lego was given and
    whether it reached the authoritative servers."""
    configured = list(scan.configured)
    for _, item, _ in scan.nameservers:
        endpoint = _endpoint(item)
        if endpoint and endpoint not in configured:
            configured.append(endpoint)
    resolvers = {_host_of(c) for c in configured}
    reached = [h for h in scan.hits if _reached(h)]
    scan.reached_line = max((h.line for h in reached), default=0)
    if reached:
        last = max(reached, key=lambda h: h.line)
        for hit in scan.hits:
            if (
                hit.kind in ("dns_query_failed", "system_lookup_failed")
                and hit.fields.get("stage") != "authoritative"
                and hit.line < scan.reached_line
            ):
                hit.fields["reached"] = last.fields["ns"]
    _cname_into_missing_zone(scan)
    for hit in scan.hits:
        if hit.kind not in ("dns_query_failed", "system_lookup_failed"):
            continue
        if configured:
            hit.fields["configured"] = ", ".join(configured)
        if hit.kind != "dns_query_failed" or hit.fields.get("stage"):
            continue
        ns_host = _host_of(hit.fields.get("ns", ""))
        # No stage in the pasted text: a query by host name, to a server that is none of the
        # resolvers lego was given, is one of the authoritative check's.
        if ns_host and _ip(ns_host) is None and ns_host not in resolvers:
            hit.fields["stage"] = "authoritative"
            hit.cause = _cause_for(
                hit.fields.get("resolver_kind", ""), "authoritative", bool(hit.fields.get("lookup"))
            )


def _cname_into_missing_zone(scan: _Scan) -> None:
    """A zone the account lacks, reached through a CNAME the log shows lego following: the
    challenge is delegated (acme-dns and the like). The CNAME is then named with that cause."""
    cnames = [h for h in scan.hits if h.kind == "cname_followed"]
    used: set[int] = set()
    for hit in scan.hits:
        if hit.cause != "zone_not_in_account":
            continue
        zone = hit.fields.get("zone", "").rstrip(".").lower()
        for c in cnames:
            target = c.fields.get("cname", "").rstrip(".").lower()
            if zone and (target == zone or target.endswith("." + zone)):
                hit.cause = "cname_delegated"
                hit.fields["challenge"] = c.fields.get("fqdn", "")
                hit.fields["cname"] = c.fields.get("cname", "")
                used.add(id(c))
                break
    scan.hits = [h for h in scan.hits if id(h) not in used]


def _finish(scan: _Scan) -> None:
    """Findings that need the whole log: time-outs without an inner error, slow polls, resolvers."""
    _reconcile(scan)
    dns_lines = {
        h.line
        for h in scan.hits
        if h.kind
        in (
            "dns_query_failed",
            "system_lookup_failed",
            "ns_bad_rcode",
            "txt_value_missing",
            "no_authoritative_ns",
            "soa_not_found",
            "zone_not_found",
        )
    }
    for number, last, excerpt in scan.propagation:
        if any(number <= n <= number + 3 for n in dns_lines):
            continue
        fields = {}
        if last:
            fields["last_error"] = clip(last, 300)
        if scan.timeout:
            fields["timeout"] = scan.timeout
        if scan.domain:
            fields["domain"] = scan.domain
        scan.hits.append(_Hit("propagation_timeout", "propagation_slow", number, excerpt, fields))
    stamps = [t for _, t in scan.polls if t is not None]
    gaps = [b - a for a, b in itertools.pairwise(stamps) if 0 <= b - a < 3600]
    interval = scan.interval if scan.interval is not None else 2.0
    if len(gaps) >= 2:
        median = statistics.median(gaps)
        if median >= interval + 5:
            fields = {
                "median_gap": f"{median:.0f}",
                "interval": _seconds_text(interval),
                "polls": str(len(scan.polls)),
            }
            if scan.timeout:
                fields["timeout"] = scan.timeout
            if scan.domain:
                fields["domain"] = scan.domain
            first = scan.polls[0][0]
            scan.hits.append(_Hit("slow_polling", "query_timeouts_in_polling", first, "", fields))
    named = {_host_of(h.fields.get("resolver", "")) for h in scan.hits}
    answered = {
        _host_of(h.fields.get("ns", ""))
        for h in scan.hits
        if h.kind in ("ns_bad_rcode", "txt_value_missing")
        and h.fields.get("stage") != "authoritative"
    }
    for number, item, excerpt in scan.nameservers:
        host = _host_of(item)
        rkind = _classify(host)
        cause = _RESOLVER_CAUSES.get(rkind, "")
        # A resolver the log shows answering is no suspect: lego cannot reach an authoritative
        # server without its SOA and NS answers.
        if not cause or host in named or host in answered or scan.reached_line:
            continue
        named.add(host)
        fields = {"resolver": item, "resolver_kind": rkind}
        if scan.domain:
            fields["domain"] = scan.domain
        scan.hits.append(_Hit("resolver_in_use", cause, number, excerpt, fields))
    if scan.acmesh_timeout_line is not None:
        number, excerpt = scan.acmesh_timeout_line
        fqdn = scan.acmesh_alias or (f"_acme-challenge.{scan.domain}" if scan.domain else "")
        fields = {"fqdn": fqdn} if fqdn else {}
        if _domain(fqdn):
            fields["domain"] = _domain(fqdn)
        scan.hits.append(_Hit("acmesh_dns_timeout", "acmesh_doh_timeout", number, excerpt, fields))


def _commands(hit: _Hit, expect: str) -> tuple[str, ...]:
    domain = hit.fields.get("domain") or PLACEHOLDER_DOMAIN
    value = hit.fields.get("expect") or expect
    out: list[str] = []
    for part in hit.commands_for.split("+"):
        if part == "clock":
            # the provider's window: a bare `clock` may judge by another provider's
            name = _provider_name(hit.provider)
            out.append(_command("dnsdoctor", "clock", *(("--provider", name) if name else ())))
        elif part == "creds":
            extra = hit.provider.creds_args if hit.provider else ()
            out.append(_command("dnsdoctor", "creds", domain, *extra))
        elif part == "check":
            args = ["dnsdoctor", "check", domain]
            if value:
                args += ["--expect", value]
            resolver = hit.fields.get("resolver", "")
            host = _host_of(resolver)
            stage = hit.fields.get("stage", "")
            # An authoritative server's address (a fake one too) is no resolver to reproduce:
            # without --system-resolver, dnsdoctor reads this machine's own resolvers.
            as_resolver = bool(hit.fields.get("lookup")) or (
                stage != "authoritative"
                and (
                    hit.fields.get("resolver_kind") in _RESOLVER_CAUSES
                    or stage in _RESOLVER_STAGES
                    or hit.kind in ("system_lookup_failed", "resolver_in_use")
                )
            )
            if as_resolver and _ip(host) is not None:
                port = _port_of(resolver)
                shown = (
                    host
                    if port == 53
                    else (f"[{host}]:{port}" if ":" in host else f"{host}:{port}")
                )
                args += ["--system-resolver", shown]
            out.append(_command(*args))
    return tuple(out)


def _joined(
    lines: Iterator[tuple[int, str]], providers: Sequence[LogPatterns]
) -> Iterator[tuple[int, str]]:
    """The lines, with an SDK error printed on several lines read as one line (at its first
    line's number): ``SDK.ServerError`` then ``ErrorCode: …``, ``RequestId: …``, ``Message: …``."""
    held: tuple[int, str] | None = None
    for number, line in lines:
        if held is not None:
            if len(held[1]) + len(line) < _WINDOW and any(
                log.continued is not None
                and log.continued.match(_unescape(line))
                and any(o in held[1] for o in log.opens)
                for log in providers
            ):
                held = (held[0], held[1] + " " + line.strip())
                continue
            yield held
        held = (number, line)
    if held is not None:
        yield held


def _provider_name(log: LogPatterns | None) -> str:
    return next((n for n, p in provider_tables().items() if p is log), "") if log else ""


def analyse_log(text: str) -> list[LogMatch]:
    """Recognise the failures in a pasted log or error text, most explanatory first."""
    if not isinstance(text, str):
        raise TypeError("analyse_log() takes the text of a log (str)")
    text = text.replace("\x00", "")
    scanned = text[:_HEAD_CHARS] + text[-(MAX_SCAN_CHARS - _HEAD_CHARS) :]
    client, wording = clients.detect(scanned)
    scan = _Scan(providers=_providers_named(scanned))
    previous = ""
    context_domain = ""
    for number, raw in _joined(_lines(text), scan.providers):
        line = _unescape(raw)
        own = _line_domain(line)
        if own:
            context_domain = own
            scan.domain = scan.domain or own
        if line.strip():
            _scan_line(scan, number, line, previous, context_domain)
            previous = line
    if not scan.domain:
        scan.domain = next((h.fields["domain"] for h in scan.hits if h.fields.get("domain")), "")
    _finish(scan)

    merged: dict[tuple[Any, ...], LogMatch] = {}
    for hit in scan.hits:
        if scan.domain and not hit.fields.get("domain") and hit.commands_for != "none":
            hit.fields["domain"] = scan.domain
        if scan.timeout and hit.kind in ("dns_query_failed", "txt_value_missing", "ns_bad_rcode"):
            hit.fields.setdefault("timeout", scan.timeout)
        key = (
            hit.kind,
            hit.cause,
            tuple(sorted((k, v) for k, v in hit.fields.items() if k not in _VOLATILE)),
        )
        if key in merged:
            old = merged[key]
            merged[key] = dataclasses.replace(old, count=old.count + 1)
            continue
        merged[key] = LogMatch(
            kind=hit.kind,
            cause=hit.cause,
            line=hit.line,
            excerpt=hit.excerpt,
            fields=dict(hit.fields),
            commands=_commands(hit, scan.expect),
            client=client,
            wording=wording,
            provider=_provider_name(hit.provider),
        )

    def order(m: LogMatch) -> tuple[int, int]:
        rank = _PRIORITY.get(m.cause, 50)
        if m.fields.get("phase") == "cleanup":
            rank += _CLEANUP_PENALTY
        if m.kind == "resolver_in_use":
            rank = max(rank, _SUSPECT_RANK)  # named by its address only: after what the log shows
        elif (
            m.kind in ("dns_query_failed", "system_lookup_failed")
            and m.fields.get("stage") != "authoritative"
            and m.line < scan.reached_line
        ):
            rank += _RECOVERED_PENALTY  # lego got past this resolver later and reached the servers
        return rank, m.line

    return sorted(merged.values(), key=order)
