"""The command line's own words in every language (catalogs of :mod:`dnsdoctor.core.i18n`): help
texts, chosen once per process from ``--lang`` on the command line or the locale, and messages.
Finding texts live with their specs."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from dnsdoctor.core.i18n import detect_lang, register, tr

if TYPE_CHECKING:
    from dnsdoctor.providers.base import Provider

HELP: dict[str, dict[str, str]] = {
    "app": {
        "en": "Find out why an ACME DNS-01 certificate order fails, and what to do about it.",
        "zh": "找出 ACME DNS-01 证书签发失败的原因，以及解决办法。",
    },
    "version": {"en": "Show the version.", "zh": "显示版本。"},
    "format": {
        "en": "rich (terminal), json or markdown.",
        "zh": "rich（终端）、json 或 markdown。",
    },
    "output": {
        "en": "Write the report to FILE instead of stdout.",
        "zh": "把报告写入 FILE，而不是标准输出。",
    },
    "lang": {
        "en": "en or zh-CN (default: from the locale).",
        "zh": "en 或 zh-CN（默认：取自系统区域设置）。",
    },
    "timeout": {"en": "Budget of the whole run, in seconds.", "zh": "整个运行的时间预算（秒）。"},
    "verbose": {"en": "Show evidence for everything.", "zh": "显示所有证据。"},
    "strict": {"en": "Warnings fail too (exit code 1).", "zh": "警告也视为失败（退出码 1）。"},
    "secret_id": {
        "en": "The API key's id ({key_ids}); the secret goes in a file.",
        "zh": "API 密钥的 ID（{key_ids}）；密钥本身请放在文件中。",
    },
    "secret_key_file": {
        "en": "File holding the API key's secret ({secrets}; never pass it as text).",
        "zh": "存放 API 密钥本身（{secrets}）的文件（切勿在命令行中直接写出密钥）。",
    },
    "ask": {
        "en": "Prompt for the API key's secret ({secrets}; hidden input).",
        "zh": "提示输入 API 密钥本身（{secrets}；输入不回显）。",
    },
    "profile": {
        "en": "Profile name in the DNS provider's own command-line tool's configuration.",
        "zh": "DNS 服务商自带命令行工具配置中的配置名（profile）。",
    },
    "provider": {
        "en": "auto, {names} (credentials of that provider required) or none (skip "
        "them). Default (auto): the provider whose credentials are found; when several are, the "
        "one whose name servers the zone uses.",
        "zh": "auto、{names}（必须有该服务商的密钥）或 none（跳过凭据检查）。默认（auto）："
        "使用找到密钥的服务商；找到多家时，使用该域名当前 NS 所属的服务商。",
    },
    "names": {"en": "Names to check (a certificate's SANs).", "zh": "要检查的域名（证书的 SAN）。"},
    "expect": {
        "en": "A TXT value the ACME client waits for (repeatable).",
        "zh": "ACME 客户端正在等待的 TXT 值（可重复）。",
    },
    "canary": {
        "en": "Where to send the interception canary: an address where no DNS server exists "
        "(default 192.0.2.53, TEST-NET-1; for labs).",
        "zh": "拦截探测（canary）发往的地址：一个不可能有 DNS 服务器的地址（默认 192.0.2.53，TEST-NET-1；用于实验环境）。",
    },
    "root": {
        "en": "Root server ADDR[:PORT] replacing the built-in hints (repeatable).",
        "zh": "根服务器 ADDR[:PORT]，替代内置的根提示（可重复）。",
    },
    "dns_port": {
        "en": "Port of every server reached through delegation.",
        "zh": "通过委派找到的每个服务器使用的端口。",
    },
    "resolver": {
        "en": "Public resolver ADDR[:PORT] to compare (repeatable).",
        "zh": "用于比较的公共解析器 ADDR[:PORT]（可重复）。",
    },
    "system_resolver": {
        "en": "Use ADDR[:PORT] as the system resolver (repeatable).",
        "zh": "把 ADDR[:PORT] 当作系统解析器（可重复）。",
    },
    "no_public": {
        "en": "Ask no public resolver (also ignores --resolver).",
        "zh": "不询问任何公共解析器（同时忽略 --resolver）。",
    },
    "query_public_anyway": {
        "en": "Ask public resolvers for the challenge name even before the authoritative servers "
        "serve it (may plant a negative cache entry).",
        "zh": "即使权威服务器尚未提供记录，也向公共解析器查询验证名称（可能产生否定缓存）。",
    },
    "ntp": {
        "en": "NTP server HOST[:PORT] (repeatable; replaces the defaults).",
        "zh": "NTP 服务器 HOST[:PORT]（可重复；替代默认服务器）。",
    },
    "time_url": {
        "en": "URL whose HTTP Date header is a clock fallback (repeatable).",
        "zh": "以其 HTTP Date 头作为备用时间来源的 URL（可重复）。",
    },
    "no_clock": {"en": "Skip the clock check.", "zh": "跳过时钟检查。"},
    "ca": {
        "en": "The CA the order goes to, for the CAA check: letsencrypt (default), zerossl, "
        "google, buypass, sslcom, digicert, sectigo.",
        "zh": "订单所用的 CA（CAA 检查用）：letsencrypt（默认）、zerossl、google、buypass、sslcom、digicert、sectigo。",
    },
    "acme_account": {
        "en": "The ACME account URI, to judge CAA accounturi (RFC 8657).",
        "zh": "ACME 账户 URI，用于判断 CAA 的 accounturi（RFC 8657）。",
    },
    "doh": {
        "en": "DNS-over-HTTPS resolver URL[@ADDR[:PORT]] to ask (repeatable; replaces the defaults). "
        "Give @ADDR unless the URL's host is an address: the host name is never resolved.",
        "zh": "要询问的 DNS over HTTPS 解析器 URL[@ADDR[:PORT]]（可重复；替代默认列表）。"
        "除非 URL 的主机就是 IP 地址，否则请给出 @ADDR：dnsdoctor 从不解析该主机名。",
    },
    "no_doh": {
        "en": "Ask no DNS-over-HTTPS resolver.",
        "zh": "不询问任何 DNS over HTTPS 解析器。",
    },
    "trust_anchor": {
        "en": "DNSSEC trust anchor: DS or DNSKEY records in FILE (master-file lines) instead of "
        "the built-in root keys (IANA KSK-2017 and KSK-2024); for test worlds with a root of "
        "their own.",
        "zh": "DNSSEC 信任锚：使用 FILE 中的 DS 或 DNSKEY 记录（区文件格式的行），代替内置的根密钥"
        "（IANA KSK-2017 和 KSK-2024）；用于有自己根区的测试环境。",
    },
    "doh_ca": {
        "en": "For labs: trust only the CA certificates in FILE for DNS over HTTPS.",
        "zh": "用于实验环境：DNS over HTTPS 只信任 FILE 中的 CA 证书。",
    },
    "select": {
        "en": "Run only these checks, families or codes (repeatable).",
        "zh": "只运行这些检查、检查族或发现代码（可重复）。",
    },
    "ignore": {
        "en": "Skip these checks, families or codes (repeatable).",
        "zh": "跳过这些检查、检查族或发现代码（可重复）。",
    },
    "redact_domain": {
        "en": "Mask the checked domains (the zone DNS shows for each) in every format and file.",
        "zh": "在所有格式和输出文件中隐去所检查的域名（按 DNS 显示的区）。",
    },
    "creds_names": {"en": "The domain(s) the key must manage.", "zh": "该密钥需要管理的域名。"},
    "clock_provider": {
        "en": "auto, {names} or none: whose request-time window judges the clock. Default "
        "(auto): the provider whose credentials are found; with none found (or none), the "
        "strictest window dnsdoctor knows, naming its provider.",
        "zh": "auto、{names} 或 none：按哪家服务商允许的请求时间偏差判断时钟。默认（auto）：使用找到"
        "密钥的服务商；没有找到（或 none）时，使用 dnsdoctor 已知最严格的时间窗口，并指明其服务商。",
    },
    "code": {"en": "A finding code, e.g. DNS_SERIAL_LAG.", "zh": "发现代码，例如 DNS_SERIAL_LAG。"},
    "log": {
        "en": "Read an ACME client's log or error text from FILE (- for standard input).",
        "zh": "从 FILE 读取 ACME 客户端的日志或错误文本（- 表示标准输入）。",
    },
    "explain_format": {"en": "With --log: text or json.", "zh": "配合 --log 使用：text 或 json。"},
    "scenario": {"en": "Scenario name (see --list).", "zh": "场景名称（见 --list）。"},
    "list": {"en": "List the scenarios.", "zh": "列出所有场景。"},
    "demo_all": {
        "en": "Run every scenario (but the slow ones) and print the cause each one finds first.",
        "zh": "运行所有场景（较慢的除外），并列出每个场景首先找到的原因。",
    },
    "demo_nothing": {"en": "nothing wrong found", "zh": "未发现问题"},
    "demo_unfinished": {
        "en": "a check crashed or ran out of time (exit {code}): see `dnsdoctor demo {name}`",
        "zh": "有检查崩溃或超时（退出码 {code}）：请运行 `dnsdoctor demo {name}` 查看",
    },
    "demo_tour_ok": {
        "en": "Every scenario was diagnosed as expected. See one in full: dnsdoctor demo lagging",
        "zh": "所有场景的诊断都符合预期。查看完整报告：dnsdoctor demo lagging",
    },
    "demo_tour_failed": {
        "en": "Some scenarios were not diagnosed as expected (marked ✗).",
        "zh": "部分场景的诊断与预期不符（标记为 ✗）。",
    },
    "watch.name": {
        "en": "The certificate name (example.com, *.example.com or _acme-challenge.example.com); "
        "its _acme-challenge TXT is watched.",
        "zh": "证书域名（example.com、*.example.com 或 _acme-challenge.example.com）；观察其 _acme-challenge TXT 记录。",
    },
    "watch.expect": {
        "en": "A TXT value to wait for (repeatable; all must be served).",
        "zh": "要等待的 TXT 值（可重复；必须全部出现）。",
    },
    "watch.resolver": {
        "en": "Also watch this resolver ADDR[:PORT] with RD=1 (repeatable). It is asked only once "
        "every authoritative server serves the values, so no negative answer is cached.",
        "zh": "同时用 RD=1 观察该解析器 ADDR[:PORT]（可重复）。只有在所有权威服务器都返回这些值之后才会询问它，避免产生否定缓存。",
    },
    "watch.interval": {
        "en": "Longest gap between two queries to one server, in seconds (queries start about "
        "1 s apart and back off to it).",
        "zh": "对同一服务器两次查询之间的最长间隔（秒）（从约 1 秒开始逐步退避到该值）。",
    },
    "watch.timeout": {"en": "Give up after this many seconds.", "zh": "超过这么多秒后放弃。"},
    "watch.format": {"en": "rich (terminal) or json.", "zh": "rich（终端）或 json。"},
    "section.commands": {"en": "Commands", "zh": "命令"},
    "section.arguments": {"en": "Arguments", "zh": "参数"},
    "section.options": {"en": "Options", "zh": "选项"},
    "cmd.watch": {
        "en": "Watch a challenge TXT record reach every authoritative server (and chosen "
        "resolvers); exit 0 only when all serve it.",
        "zh": "观察验证 TXT 记录到达每个权威服务器（及所选解析器）的过程；全部返回时退出码为 0。",
    },
    "cmd.check": {
        "en": "Check what the authoritative servers of each name really serve for a DNS-01 "
        "challenge, and why an order would fail.",
        "zh": "检查各域名的权威服务器对 DNS-01 验证实际返回什么，以及签发为何会失败。",
    },
    "cmd.creds": {
        "en": "Lint and probe the DNS provider's credentials ({titles}; see --provider): "
        "signing, identity, zone, records, permissions.",
        "zh": "检查并探测 DNS 服务商（{titles}；见 --provider）的凭据：签名、身份、域名、记录和权限。",
    },
    "cmd.clock": {
        "en": "Measure this host's clock offset against the DNS provider's request-time window "
        "(see --provider): beyond it, the provider's API rejects every request.",
        "zh": "测量本机时钟偏差，并与 DNS 服务商允许的请求时间偏差比较（见 --provider）：超出时，"
        "服务商 API 会拒绝所有请求。",
    },
    "cmd.explain": {
        "en": "Print what a finding code means and how to fix it, or read a pasted log.",
        "zh": "说明发现代码的含义和解决办法，或分析粘贴的日志。",
    },
    "cmd.list_checks": {
        "en": "List every check with its family and the finding codes it can report.",
        "zh": "列出所有检查、所属检查族及其可能报告的发现代码。",
    },
    "cmd.demo": {
        "en": "Run dnsdoctor against a simulated internet on loopback (no root, no internet).",
        "zh": "在回环地址上的模拟互联网中运行 dnsdoctor（无需 root，无需联网）。",
    },
}


register("cli.help", HELP)


MESSAGES: dict[str, dict[str, str]] = {
    "interrupted": {"en": "interrupted", "zh": "已中断"},
    "addr.unreadable": {
        "en": "cannot read {text!r} as ADDR[:PORT]",
        "zh": "无法把 {text!r} 读作 ADDR[:PORT]",
    },
    "ca.unknown": {
        "en": "--ca {text!r}: expected one of {known}",
        "zh": "--ca {text!r}：应为以下之一：{known}",
    },
    "addr.not_ip": {
        "en": "{text!r}: expected an IP address (with an optional :PORT)",
        "zh": "{text!r}：应为 IP 地址（可带 :PORT）",
    },
    "addr.port": {
        "en": "{text!r}: the port must be a number from 1 to 65535",
        "zh": "{text!r}：端口必须是 1 到 65535 之间的数字",
    },
    "addr.empty_host": {"en": "{text!r}: empty host", "zh": "{text!r}：主机名为空"},
    "lang.bad": {
        "en": "--lang {value!r}: use en or zh-CN",
        "zh": "--lang {value!r}：请使用 en 或 zh-CN",
    },
    "provider.bad": {
        "en": "--provider {value!r}: use auto, {names} or none",
        "zh": "--provider {value!r}：请使用 auto、{names} 或 none",
    },
    "format.report": {
        "en": "--format {value!r}: use rich, json or markdown",
        "zh": "--format {value!r}：请使用 rich、json 或 markdown",
    },
    "format.watch": {
        "en": "--format {value!r}: use rich or json",
        "zh": "--format {value!r}：请使用 rich 或 json",
    },
    "format.log": {
        "en": "--format {value!r}: use text or json with --log",
        "zh": "--format {value!r}：配合 --log 时请使用 text 或 json",
    },
    "explain.both": {
        "en": "give either a finding code or --log FILE, not both",
        "zh": "请给出发现代码或 --log FILE，二者不能同时使用",
    },
    "explain.unknown": {
        "en": "unknown finding code {code!r}; `dnsdoctor explain` lists them",
        "zh": "未知的发现代码 {code!r}；`dnsdoctor explain` 会列出所有代码",
    },
    "explain.unknown_close": {
        "en": "unknown finding code {code!r} (did you mean {close}?); `dnsdoctor explain` "
        "lists them",
        "zh": "未知的发现代码 {code!r}（是否想输入 {close}？）；`dnsdoctor explain` 会列出所有代码",
    },
    "log.unreadable": {"en": "--log {path}: {error}", "zh": "--log {path}：无法读取（{error}）"},
    "scenario.unknown": {
        "en": "unknown scenario {name!r}; see `dnsdoctor demo --list`",
        "zh": "未知场景 {name!r}；见 `dnsdoctor demo --list`",
    },
    "watch.empty_expect": {"en": "--expect: empty value", "zh": "--expect：值为空"},
    "watch.no_expect": {
        "en": "watch needs at least one --expect VALUE (the TXT value to wait for)",
        "zh": "watch 至少需要一个 --expect VALUE（要等待的 TXT 值）",
    },
    "preflight.no_creds": {
        "en": "--write-probe requires the DNS provider's credentials, and --provider none turns "
        "them off; add --no-write-probe to run only the read-only checks",
        "zh": "--write-probe 需要 DNS 服务商的凭据，而 --provider none 关闭了凭据；加上 "
        "--no-write-probe 即可只运行只读检查",
    },
    "written": {"en": "report written to {path}", "zh": "报告已写入 {path}"},
    "internal": {"en": "internal error: {error}", "zh": "内部错误：{error}"},
    "ask.prompt": {
        "en": "{secret} (hidden): ",
        "zh": "{secret}（输入不回显）：",
    },
    "ask.no_terminal": {
        "en": "--ask needs a terminal to read the key from; use --secret-key-file FILE instead",
        "zh": "--ask 需要在终端中输入密钥；请改用 --secret-key-file FILE",
    },
}
"""What the command line says (on standard error) outside a report, in every language."""
register("cli", MESSAGES)


def current_lang() -> str:
    """The language of this command line (``--lang``, else the locale), read when asked."""
    return detect_lang(argv=sys.argv)


def localised(exc: BaseException) -> str:
    """An error's reason in the command line's language (errors that carry a ``zh`` text)."""
    zh = getattr(exc, "zh", "")
    return zh if zh and current_lang() == "zh" else str(exc)


def msg(key: str, **params: object) -> str:
    """A message in the language of this command line (``--lang``, else the locale), read when
    the message is said: the demo and the tests run several command lines in one process."""
    return tr("cli", key, current_lang(), **params)


HELP_LANG = detect_lang(argv=sys.argv)
"""Help texts are fixed when the commands are defined, so they follow the process's language."""


def h(key: str, lang: str | None = None) -> str:
    lang = lang or HELP_LANG
    if key in ("provider", "clock_provider"):
        return tr("cli.help", key, lang, names=provider_names(lang))
    if key in ("secret_id", "secret_key_file", "ask", "cmd.creds"):
        return tr("cli.help", key, lang, **key_words(lang))
    return tr("cli.help", key, lang)


def key_words(lang: str) -> dict[str, str]:
    """What the registry's providers call a key's parts, for the help texts: ``key_ids``
    ("Tencent Cloud SecretId, Alibaba Cloud AccessKey ID"), ``secrets`` and ``titles``."""
    from dnsdoctor.providers import all_providers

    sep = "、" if lang == "zh" else ", "
    every = all_providers()

    def vendor(p: Provider) -> str:
        return (p.vendor_zh if lang == "zh" else p.vendor) or (
            p.title_zh if lang == "zh" else p.title
        )

    return {
        "key_ids": sep.join(f"{vendor(p)} {p.key_id_label}" for p in every),
        "secrets": sep.join(f"{vendor(p)} {p.secret_label}" for p in every),
        "titles": sep.join(p.title_zh if lang == "zh" else p.title for p in every),
    }


def secret_prompt(provider: str | None) -> str:
    """The ``--ask`` prompt: the named provider's word for the secret (``Alibaba Cloud AccessKey
    Secret``), else every provider's."""
    from dnsdoctor import providers

    lang = current_lang()
    if provider in providers.NAMES:
        p = providers.get(provider)
        vendor = (p.vendor_zh if lang == "zh" else p.vendor) or p.title
        secret = f"{vendor} {p.secret_label}"
    else:
        secret = key_words(lang)["secrets"].replace(", ", " / ").replace("、", " / ")
    return tr("cli", "ask.prompt", lang, secret=secret)


def provider_names(lang: str, last: str = "") -> str:
    """The registry's providers as a text lists them (``tencentcloud, alidns``; ``last``: the word
    before the last one, ``or``)."""
    from dnsdoctor.providers import NAMES

    sep = "、" if lang == "zh" else ", "
    if not last or len(NAMES) < 2:
        return sep.join(NAMES)
    word = {"or": "或"}.get(last, last) if lang == "zh" else last
    return f"{sep.join(NAMES[:-1])} {word} {NAMES[-1]}"
