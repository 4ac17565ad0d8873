"""The path findings (PATH_*): codes, severities and texts in English and Chinese, and the words
of their params (:data:`WORDS`). The checks that raise them are in :mod:`.checks`.
"""

from __future__ import annotations

from dnsdoctor.core.i18n import register
from dnsdoctor.core.model import Severity, SpecMaker

F = "path"
_spec = SpecMaker(F)

WORDS = register(
    "path.doh.words",
    {
        "no_txt": {"en": "no TXT", "zh": "没有 TXT"},
        "seconds": {"en": "{n} s", "zh": "{n} 秒"},
        "ns_domain": {
            "en": "`+.<the name servers' domain>`",
            "zh": "`+.<权威服务器所在的域名>`",
        },
    },
)
"""The words of the path findings' params."""

# What an intercepted path makes other checks say. They are skipped when they would need the
# authoritative servers; those that still run (the system resolvers, the clock's name look-ups)
# are symptoms of the interception.
_SYMPTOMS = (
    "DNS_RESOLUTION_FAILED",
    "DNS_NOT_DELEGATED",
    "DNS_NS_NO_ADDRESS",
    "DNS_SERVER_TIMEOUT",
    "DNS_SERVER_LAME",
    "DNS_SERIAL_LAG",
    "DNS_TXT_MISSING",
    "DNS_TXT_NOT_FOUND",
    "DNS_TXT_OTHER_VALUE",
    "RESOLVER_FAKE_IP",
    "RESOLVER_UNREACHABLE",
    "RESOLVER_TCP_FAILED",
    "RESOLVER_NO_RECURSION",
    "RESOLVER_SERVFAIL",
    "RESOLVER_BAD_REPLY",
    "RESOLVER_HIJACKED",
    "RESOLVER_TXT_FAILED",
    "RESOLVER_LEGO_QUERIES_FAIL",
    "RESOLVER_RESERVED_ANSWER",
    "RESOLVER_NS_ADDRESS_MISMATCH",
    "RESOLVER_SPLIT_HORIZON",
    "CLOCK_UNVERIFIED",
    "CLOCK_SOURCE_UNUSABLE",
    "CLOCK_NTP_BLOCKED",
    "CREDS_API_UNREACHABLE",
)

_CLIENTS_EN = (
    "What it does to the ACME client: lego's authoritative check sends its TXT questions to the "
    "name servers at port 53, so they are answered by the same box and lego waits until "
    '"propagation: time limit exceeded"; Certimate\'s 「DNS 递归服务器」 setting cannot escape a '
    "port-53 hijack either (its questions go to port 53 too); acme.sh checks over DNS over HTTPS "
    "and is not affected. The CA asks from the internet and is not affected either."
)
_CLIENTS_ZH = (
    "对 ACME 客户端的影响：lego 的权威检查把 TXT 查询发往各权威服务器的 53 端口，同样被这个设备应答，"
    "lego 会一直等到 “propagation: time limit exceeded”；Certimate 的「DNS 递归服务器」设置也逃不出 53 端口劫持"
    "（它的查询同样发往 53 端口）；acme.sh 通过 DNS over HTTPS 检查，不受影响。CA 从公网查询，也不受影响。"
)
_WAIT_EN = (
    "Until then, let the client wait instead of checking: lego --dns.propagation-wait 120s "
    "(v5: --dns.propagation.wait 120s); Certimate: set 「DNS 传播等待时间」 to 120 s, which skips "
    "its checks."
)
_WAIT_ZH = (
    "在此之前，让客户端等待而不检查：lego 用 --dns.propagation-wait 120s（v5：--dns.propagation.wait 120s）；"
    "Certimate：把「DNS 传播等待时间」设为 120 秒，它会跳过检查。"
)

FAKE_IP_HIJACK = _spec(
    "PATH_FAKE_IP_HIJACK",
    Severity.ERROR,
    (
        "DNS from this host is intercepted by a fake-IP proxy: port-53 questions to any address "
        "are answered by it (fake addresses: {fake})",
        "本机发出的 DNS 被 fake-IP 代理拦截：发往任何地址的 53 端口查询都由它应答（假地址：{fake}）",
    ),
    (
        "Clash, Mihomo or sing-box in TUN mode hijack all port-53 traffic by default "
        "(`dns-hijack: any:53`), not only the resolver in /etc/resolv.conf: questions to the root, "
        "to the TLD and to the zone's own name servers are answered by the proxy — fake 198.18.x.x "
        "addresses for A, nothing (or its upstream's answer) for NS, SOA and TXT. The "
        "authoritative servers cannot be heard from this host, so dnsdoctor does not judge the "
        "domain from these answers. " + _CLIENTS_EN,
        "TUN 模式下的 Clash、Mihomo 或 sing-box 默认劫持所有 53 端口流量（`dns-hijack: any:53`），而不仅是 "
        "/etc/resolv.conf 中的解析器：发往根、TLD 和该区自己的域名服务器的查询都由代理应答——A 记录得到 198.18.x.x 的假地址，"
        "NS、SOA、TXT 没有应答（或是其上游的应答）。从本机听不到权威服务器，因此 dnsdoctor 不根据这些应答评判域名。"
        + _CLIENTS_ZH,
    ),
    (
        "Let the ACME client's DNS past the proxy: in Clash/Mihomo remove `any:53` from "
        "`tun.dns-hijack` (keep only the proxy's own DNS address), or exclude this host, "
        "container or process from TUN (`tun.exclude-uid`, `tun.exclude-package`, or "
        "`tun.route-exclude-address` with the name servers' addresses); add the name servers and "
        "the challenge name to `dns.fake-ip-filter` (e.g. {ns_filter}, "
        "`+._acme-challenge.{domain}`), or send them to a real resolver with "
        "`dns.nameserver-policy`. " + _WAIT_EN,
        "让 ACME 客户端的 DNS 绕过代理：在 Clash/Mihomo 中把 `any:53` 从 `tun.dns-hijack` 中删除（只保留代理自身的 DNS 地址），"
        "或把本机、容器或进程排除在 TUN 之外（`tun.exclude-uid`、`tun.exclude-package`，或用 `tun.route-exclude-address` "
        "排除权威服务器地址）；把权威服务器和验证名称加入 `dns.fake-ip-filter`（如 {ns_filter}、"
        "`+._acme-challenge.{domain}`），或用 `dns.nameserver-policy` 把它们交给真实的解析器。"
        + _WAIT_ZH,
    ),
    ("The canary and root-server answers that prove it.", "证明这一点的 canary 与根服务器应答。"),
    explains=_SYMPTOMS,
    rank=0,
    blocks=True,
)
FORCED_FORWARDING = _spec(
    "PATH_FORCED_FORWARDING",
    Severity.WARNING,
    (
        "DNS from this host is forced through a resolver: questions to the root server {root} "
        "are answered by a recursive resolver",
        "本机发出的 DNS 被强制转发给一个解析器：发往根服务器 {root} 的查询由递归解析器应答",
    ),
    (
        "The router or network redirects every port-53 packet to its own resolver (OpenWrt or "
        'dnsmasq "force DNS", a DNAT of port 53, a transparent DNS proxy). Answers to the root, '
        "the TLD and the zone's own name servers come from that resolver (RA set, no AA, cached TTLs), so "
        "the authoritative servers cannot be seen from this host and their checks are skipped. "
        "Issuance can still work — the CA asks from the internet — but lego's authoritative "
        "check gets the resolver's answers, including negative ones it cached before the record "
        "existed, and may wait until its time limit.",
        "路由器或网络把所有 53 端口的报文重定向到自己的解析器（OpenWrt 或 dnsmasq 的“强制 DNS”、53 端口的 DNAT、"
        "透明 DNS 代理）。发往根、TLD 和该区自己的域名服务器的查询都由该解析器应答（带 RA、无 AA、缓存的 TTL），"
        "因此从本机看不到权威服务器，相关检查被跳过。签发仍可能成功——CA 从公网查询——但 lego 的权威检查拿到的是该解析器的应答，"
        "包括记录创建前缓存的否定应答，可能一直等到超时。",
    ),
    (
        "Exempt this host from forced DNS (OpenWrt: the firewall's port-53 redirect rule, or "
        'dnsmasq/AdGuard Home\'s "force DNS" exceptions), or run the ACME client on a network '
        "without it. " + _WAIT_EN,
        "把本机从强制 DNS 中排除（OpenWrt：防火墙中的 53 端口重定向规则，或 dnsmasq/AdGuard Home 的“强制 DNS”例外），"
        "或在没有强制 DNS 的网络中运行 ACME 客户端。" + _WAIT_ZH,
    ),
    ("The canary and root-server answers that prove it.", "证明这一点的 canary 与根服务器应答。"),
    explains=_SYMPTOMS,
    rank=0,
    blocks=True,
)
MIDDLEBOX_ANSWERS = _spec(
    "PATH_ANSWERING_MIDDLEBOX",
    Severity.ERROR,
    (
        "Something on the network answers every DNS question from this host itself ({rcode}), "
        "even for an address where no DNS server exists",
        "网络中有设备自行应答本机发出的所有 DNS 查询（{rcode}），连发往不存在 DNS 服务器的地址的查询也应答",
    ),
    (
        "A firewall, captive portal or locked-down build environment answers port 53 for every "
        "address. Whatever it says about the domain (not delegated, no such name) is not what "
        "the internet says, so dnsdoctor does not judge the domain from it. ACME clients that "
        "check DNS themselves over port 53 (lego, Certimate) get the same answers and never see "
        "the record; acme.sh checks over DNS over HTTPS.",
        "防火墙、强制门户或受限的构建环境对所有地址的 53 端口都自行应答。它对域名的说法（未委派、名称不存在）不是公网的真实情况，"
        "因此 dnsdoctor 不据此评判域名。通过 53 端口自行检查 DNS 的 ACME 客户端（lego、Certimate）得到同样的应答，永远看不到记录；"
        "acme.sh 通过 DNS over HTTPS 检查。",
    ),
    (
        "Allow DNS (UDP and TCP port 53) from this host to the internet, log in to the captive "
        "portal, or run the ACME client where DNS is not intercepted. " + _WAIT_EN,
        "放行本机到公网的 DNS（UDP 和 TCP 53 端口），登录强制门户，或在 DNS 不被拦截的地方运行 ACME 客户端。"
        + _WAIT_ZH,
    ),
    ("The canary and root-server answers that prove it.", "证明这一点的 canary 与根服务器应答。"),
    explains=_SYMPTOMS,
    rank=0,
    blocks=True,
)
BLOCKED_53 = _spec(
    "PATH_DNS_BLOCKED",
    Severity.ERROR,
    (
        "DNS (port 53) from this host gets no answer: no root server answered",
        "本机发出的 DNS（53 端口）得不到应答：没有任何根服务器应答",
    ),
    (
        "Every question to the root servers went unanswered: port 53 is blocked (silently "
        "dropped) on the way out, or this host has no route to the internet. The authoritative "
        "servers cannot be asked from here. lego and Certimate check DNS over port 53 and time "
        "out; acme.sh checks over DNS over HTTPS.",
        "发往根服务器的查询全部没有应答：出站的 53 端口被封（静默丢弃），或本机没有到公网的路由。从这里无法查询权威服务器。"
        "lego 和 Certimate 通过 53 端口检查 DNS，会超时；acme.sh 通过 DNS over HTTPS 检查。",
    ),
    (
        "Allow outgoing UDP and TCP port 53 for this host (firewall, security group), or run "
        "the ACME client where it is allowed. " + _WAIT_EN,
        "为本机放行出站 UDP 和 TCP 53 端口（防火墙、安全组），或在允许的地方运行 ACME 客户端。"
        + _WAIT_ZH,
    ),
    ("The root servers asked and what came back.", "被查询的根服务器及其结果。"),
    explains=_SYMPTOMS,
    rank=0,
    blocks=True,
)


# --------------------------------------------------------------------------- what the world sees

DOH_SEES = _spec(
    "PATH_DOH_TXT_SEEN",
    Severity.INFO,
    (
        "Over DNS over HTTPS, {seen} return the expected TXT at {name}: the record itself is fine",
        "通过 DNS over HTTPS，{seen} 返回了 {name} 上所需的 TXT：记录本身没有问题",
    ),
    (
        "Public resolvers asked over HTTPS (port 443, past any port-53 interception) see the "
        "record as the CA will: what fails is this host's view of DNS, not the record.",
        "通过 HTTPS（443 端口，绕过 53 端口的拦截）询问的公共解析器看到的记录与 CA 将看到的一致：出问题的是本机看到的 DNS，而不是记录。",
    ),
    ("Nothing to do for the record.", "记录本身无需处理。"),
    (
        "Each DoH resolver's answer, and what port 53 said for the same question.",
        "各 DoH 解析器的应答，以及 53 端口对同一问题的应答。",
    ),
)
DOH_MISSING = _spec(
    "PATH_DOH_TXT_MISSING",
    Severity.ERROR,
    (
        "Over DNS over HTTPS, {resolver} finds no TXT at {name} ({rcode})",
        "通过 DNS over HTTPS，{resolver} 在 {name} 上找不到 TXT（{rcode}）",
    ),
    (
        "A public resolver asked over HTTPS, past the interception on this host, does not see the "
        "challenge record: the CA will not see it either. This is a problem of its own, besides "
        "the interception: the record was not created (look for the ACME client's DNS API "
        "error), or it was created in another zone or account.",
        "绕过本机拦截、通过 HTTPS 询问的公共解析器看不到验证记录：CA 也看不到。这是拦截之外的另一个问题：记录没有被创建"
        "（查看 ACME 客户端的 DNS API 报错），或被创建在别的区或账号中。",
    ),
    (
        "Check at the DNS provider that {name} has the TXT record (in its console, or with "
        "`dnsdoctor creds`); the resolver now caches this answer (negative TTL: {neg_ttl}).",
        "在 DNS 服务商处确认 {name} 有该 TXT 记录（在其控制台中，或用 `dnsdoctor creds`）；该解析器现在会缓存这个应答（否定缓存时间：{neg_ttl}）。",
    ),
    ("Each DoH resolver's answer.", "各 DoH 解析器的应答。"),
    rank=20,
)
DOH_OTHER_VALUE = _spec(
    "PATH_DOH_TXT_OTHER_VALUE",
    Severity.ERROR,
    (
        "Over DNS over HTTPS, {resolver} sees TXT {values} at {name}, not the expected {missing}",
        "通过 DNS over HTTPS，{resolver} 在 {name} 上看到的 TXT 是 {values}，而不是所需的 {missing}",
    ),
    (
        "The record exists, as the world sees it, but with another value: the client did not "
        "replace the previous order's token (look for its API error), or the token checked is not "
        "the current one.",
        "从公网看记录存在，但值不同：客户端没有替换上一次签发的令牌（查看其 API 报错），或检查的令牌不是当前这次的。",
    ),
    (
        "Compare with the token of the current order; delete the old TXT value at the DNS "
        "provider if it is left over.",
        "与当前这次签发的令牌比对；如果是残留的旧 TXT 值，请在 DNS 服务商处删除。",
    ),
    ("Each DoH resolver's answer.", "各 DoH 解析器的应答。"),
    rank=20,
)
DOH_UNREACHABLE = _spec(
    "PATH_DOH_UNREACHABLE",
    Severity.INFO,
    (
        "No DNS-over-HTTPS resolver answered ({tried}): what the world sees of {name} could not "
        "be checked from here",
        "没有 DNS over HTTPS 解析器应答（{tried}）：无法从这里检查公网看到的 {name}",
    ),
    (
        "With port 53 intercepted, DNS over HTTPS is the only way this host can see past the box; "
        "it is blocked or filtered too.",
        "53 端口被拦截时，DNS over HTTPS 是本机绕过拦截的唯一途径；它也被封锁或过滤了。",
    ),
    (
        "Check the record from another network, e.g. Let's Debug (https://letsdebug.net) or "
        "`dnsdoctor check` on a machine outside this network.",
        "从其他网络检查该记录，例如 Let's Debug（https://letsdebug.net），或在这个网络之外的机器上运行 `dnsdoctor check`。",
    ),
    ("How each DoH resolver failed.", "各 DoH 解析器的失败原因。"),
)
DOH_NOT_ASKED = _spec(
    "PATH_DOH_NOT_ASKED",
    Severity.INFO,
    (
        "DoH resolvers were not asked for {name}: no --expect value says an order is running",
        "没有向 DoH 解析器查询 {name}：没有 --expect 值表明正在签发",
    ),
    (
        "Asking a public resolver for the challenge name before the record exists plants a "
        "negative cache entry that delays the next order. With the authoritative servers out of "
        "sight, dnsdoctor asks DoH resolvers for the TXT only during an order (--expect) or when "
        "told to (--query-public-anyway).",
        "在记录存在之前向公共解析器查询验证名称，会留下否定缓存，拖慢下一次签发。由于看不到权威服务器，dnsdoctor 只在签发期间"
        "（--expect）或明确要求时（--query-public-anyway）才向 DoH 解析器查询 TXT。",
    ),
    (
        "Run again with --expect TOKEN while the order runs, or with --query-public-anyway.",
        "在签发进行中加 --expect TOKEN 再运行，或加 --query-public-anyway。",
    ),
)
