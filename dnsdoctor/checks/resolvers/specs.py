"""The resolver findings (RESOLVER_*): codes, severities and texts in English and Chinese, and
the words of their params and of the family's skip reasons (:data:`WORDS`). The checks that raise
them are in :mod:`.checks`.
"""

from __future__ import annotations

from dnsdoctor.core.i18n import register
from dnsdoctor.core.model import Severity, SpecMaker

F = "resolvers"

WORDS = register(
    "resolvers.words",
    {
        "system": {"en": "system resolver", "zh": "系统 DNS 解析器"},
        "ttl_setting": {"en": "the ACME client's TTL setting", "zh": "ACME 客户端的 TTL 设置"},
        "client_setting": {"en": "{client}: {setting}", "zh": "{client}：{setting}"},
        "client_field": {"en": "{client}: 「{zh}」 / {en}", "zh": "{client}：「{zh}」"},
        "public": {"en": "public resolver", "zh": "公共 DNS 解析器"},
        "fake_ip_range": {
            "en": "its address is in the fake-ip range {net}",
            "zh": "其地址位于 fake-ip 网段 {net}",
        },
        "fake_ip_answer": {
            "en": "it answers {host} with {answer} (really {want})",
            "zh": "它把 {host} 解析为 {answer}（实际为 {want}）",
        },
        "row_intercepted": {
            "en": "{resolver}: not judged (DNS from this host is intercepted)",
            "zh": "{resolver}：未评判（本机的 DNS 被拦截）",
        },
        "row_no_ipv6": {
            "en": "{resolver}: untested (no IPv6 here)",
            "zh": "{resolver}：未测试（本机没有 IPv6）",
        },
        "row_no_udp": {"en": "{resolver}: no answer over UDP", "zh": "{resolver}：UDP 无应答"},
        "row_answered": {
            "en": "{resolver} udp {udp}, tcp {tcp}",
            "zh": "{resolver} UDP {udp}，TCP {tcp}",
        },
        "none": {"en": "no resolver to ask", "zh": "没有可询问的解析器"},
        "none_noted": {"en": "no resolver to ask ({notes})", "zh": "没有可询问的解析器（{notes}）"},
        "none_loopback": {
            "en": "no resolver to ask (loopback-only mode: give --system-resolver or --resolver)",
            "zh": "没有可询问的解析器（仅回环模式：请给出 --system-resolver 或 --resolver）",
        },
        "truth_unknown": {
            "en": "the authoritative truth is unknown: {error}",
            "zh": "权威服务器的实际数据未知：{error}",
        },
        "answered_other": {
            "en": "{host} → {answer}, really {want}",
            "zh": "{host} → {answer}，实际为 {want}",
        },
        "control_failed": {
            "en": "the control question failed ({outcome}): cached answer assumed",
            "zh": "对照查询失败（{outcome}）：按缓存的应答处理",
        },
        "control_differs": {
            "en": "a random name {name} gets {got} there, but {want} from the authoritative servers",
            "zh": "随机名称 {name} 在那里得到 {got}，而权威服务器给出的是 {want}",
        },
        "other_serial": {
            "en": "its fresh answer carries SOA serial {serial} ({mname}), the authoritative "
            "servers have {serials} ({truth_mname})",
            "zh": "它的新应答带有 SOA 序列号 {serial}（{mname}），而权威服务器的是 {serials}（{truth_mname}）",
        },
        "same_serial": {
            "en": "a fresh answer carries the current SOA serial {serial}: same zone, cached",
            "zh": "新应答带有当前的 SOA 序列号 {serial}：同一个区，来自缓存",
        },
        "no_soa": {
            "en": "the control answer has no SOA: cached answer assumed",
            "zh": "对照应答没有 SOA：按缓存的应答处理",
        },
        "row_no_recursion": {
            "en": "{resolver} udp {udp}, tcp {tcp}, no recursion",
            "zh": "{resolver} UDP {udp}，TCP {tcp}，不递归",
        },
    },
)
"""The words of the resolver findings' params (a resolver's role, the rows of the summary) and
of the family's skip reasons."""


_spec = SpecMaker(F)

_PUBLIC_MILDER = (
    (
        Severity.WARNING,
        (
            "the resolver is a public one dnsdoctor asked by default, not the system resolver: it "
            "matters only to an ACME client configured with it",
            "该解析器是 dnsdoctor 默认询问的公共解析器而不是系统解析器：只有配置了它的 ACME 客户端才受影响",
        ),
    ),
)
"""The rule of :func:`.checks._severity`, documented on every spec it applies to."""


_PER_RESOLVER_SYMPTOMS = (
    "RESOLVER_LEGO_QUERIES_FAIL",
    "RESOLVER_TXT_FAILED",
)

FAKE_IP = _spec(
    "RESOLVER_FAKE_IP",
    Severity.ERROR,
    (
        "The system resolver {resolver} is a fake-IP DNS (Clash/Mihomo/Surge TUN): {why}",
        "系统 DNS 解析器 {resolver} 是 fake-IP DNS（Clash/Mihomo/Surge 的 TUN 模式）：{why}",
    ),
    (
        "A proxy in fake-ip mode answers A questions with made-up addresses from 198.18.0.0/15 and "
        "does not answer SOA, NS or TXT questions reliably. lego (and so Certimate) sends its SOA "
        "and NS questions to the system resolver and resolves the authoritative servers' host names "
        "through it, so its propagation check times out (`NS call failed: DNS call error: read udp "
        "198.18.0.1:…->198.18.0.2:53: i/o timeout`) and ends in `time limit exceeded`, while the "
        "record is fine at the DNS provider. The CA is not affected: only the client's check fails.",
        "fake-ip 模式的代理对 A 查询返回 198.18.0.0/15 中的虚假地址，对 SOA、NS、TXT 查询不能可靠应答。lego（因而 Certimate）"
        "把 SOA 和 NS 查询发给系统解析器，并通过它解析权威服务器的主机名，于是传播检查超时（`NS call failed: DNS call "
        "error: read udp 198.18.0.1:…->198.18.0.2:53: i/o timeout`），最终报 `time limit exceeded`，而 DNS 服务商处的记录其实没有问题。"
        "CA 不受影响：失败的只是客户端自己的检查。",
    ),
    (
        "Run the ACME client outside the TUN, or add `+.{zone}` and `+.{ns_domain}` to the proxy's "
        "`fake-ip-filter`. Or give the client another resolver: lego needs `--dns.resolvers "
        "{suggest}:53` together with `--dns.disable-cp` (it resolves the authoritative servers' "
        "names through the system resolver even with --dns.resolvers, so that flag alone still "
        "times out); Certimate ≤ 0.3: set 「DNS 递归服务器」 to {suggest} — it then turns its "
        "authoritative check off by itself; Certimate ≥ 0.4: set the same field.",
        "让 ACME 客户端在 TUN 之外运行，或在代理的 `fake-ip-filter` 中加入 `+.{zone}` 和 `+.{ns_domain}`。也可以让客户端改用其他解析器："
        "lego 需要同时使用 `--dns.resolvers {suggest}:53` 和 `--dns.disable-cp`（即使指定了 --dns.resolvers，lego 仍通过系统解析器解析"
        "权威服务器的主机名，只加该参数依然超时）；Certimate ≤ 0.3：把「DNS 递归服务器」设为 {suggest}，它会自动关闭权威服务器检查；"
        "Certimate ≥ 0.4：同样设置该字段。",
    ),
    explains=(
        "RESOLVER_UNREACHABLE",
        "RESOLVER_TCP_FAILED",
        "RESOLVER_NO_RECURSION",
        "RESOLVER_SERVFAIL",
        "RESOLVER_BAD_REPLY",
        "RESOLVER_NEGATIVE_CACHED",
        "RESOLVER_STALE_VALUE",
        "RESOLVER_SPLIT_HORIZON",
        "RESOLVER_RESERVED_ANSWER",
        "RESOLVER_NS_ADDRESS_MISMATCH",
        *_PER_RESOLVER_SYMPTOMS,
    ),
    rank=2,
)
DOCKER = _spec(
    "RESOLVER_DOCKER_EMBEDDED",
    Severity.INFO,
    (
        "The system resolver {resolver} is Docker's embedded DNS",
        "系统 DNS 解析器 {resolver} 是 Docker 内置 DNS",
    ),
    (
        "Inside a container on a user-defined network, 127.0.0.11 forwards to the resolvers of the "
        "host (or the daemon's --dns). A client in the container (Certimate's image) sees what "
        "the host's resolver sees; log lines such as `lookup … on 127.0.0.11:53: i/o timeout` "
        "point at the host's resolver or network, not at the DNS provider.",
        "在用户自定义网络的容器中，127.0.0.11 会转发给宿主机的解析器（或 Docker 守护进程的 --dns）。容器中的客户端（如 Certimate 镜像）"
        "看到的就是宿主机解析器的结果；`lookup … on 127.0.0.11:53: i/o timeout` 这类日志指向宿主机的解析器或网络，而不是 DNS 服务商。",
    ),
    (
        "If lookups fail here, check the host's resolver (run dnsdoctor on the host too), or start "
        "the container with `--dns {suggest}`.",
        "如果这里查询失败，请检查宿主机的解析器（也在宿主机上运行 dnsdoctor），或以 `--dns {suggest}` 启动容器。",
    ),
)
CLOUD = _spec(
    "RESOLVER_CLOUD_INTERNAL",
    Severity.INFO,
    (
        "The system resolver {resolver} is the internal DNS of {cloud}",
        "系统 DNS 解析器 {resolver} 是 {cloud} 的内网 DNS",
    ),
    (
        "A cloud's internal resolver answers only inside that cloud, may serve private zones that "
        "shadow public ones, and caches like any resolver. Certimate 0.4 (lego v5) checks the TXT "
        "at it and waits while it answers NXDOMAIN (certimate#1352: `NS 100.100.2.136:53 returned "
        "NXDOMAIN`).",
        "云内网解析器只在该云内可用，可能提供遮蔽公网记录的私有区（PrivateZone），且和其他解析器一样会缓存。Certimate 0.4（lego v5）"
        "会在它上面检查 TXT，它返回 NXDOMAIN 时就一直等待（certimate#1352：`NS 100.100.2.136:53 returned NXDOMAIN`）。",
    ),
    (
        "If the record is not visible there (see below), set the ACME client's resolvers to a public "
        "resolver such as {suggest} (Certimate: 「DNS 递归服务器」; lego: --dns.resolvers).",
        "如果在它上面看不到记录（见下文），把 ACME 客户端的解析器设为公共 DNS，如 {suggest}（Certimate：「DNS 递归服务器」；lego：--dns.resolvers）。",
    ),
)
LOCAL_STUB = _spec(
    "RESOLVER_LOCAL_STUB",
    Severity.INFO,
    (
        "The system resolver {resolver} is a local stub ({stub}); it forwards to {upstreams}",
        "系统 DNS 解析器 {resolver} 是本地转发器（{stub}），上游为 {upstreams}",
    ),
    (
        "The stub caches answers (negative ones too) before the upstream servers are asked; what "
        "lego sees is the stub's cache.",
        "本地转发器在询问上游之前先用自己的缓存（包括否定缓存）应答；lego 看到的是它的缓存。",
    ),
    (
        "If it caches an old answer, flush it: `resolvectl flush-caches`.",
        "如果它缓存了旧的应答，请清空缓存：`resolvectl flush-caches`。",
    ),
)
UNREACHABLE = _spec(
    "RESOLVER_UNREACHABLE",
    Severity.ERROR,
    (
        "The {role} {resolver} does not answer (UDP: {udp}; TCP: {tcp})",
        "{role} {resolver} 没有应答（UDP：{udp}；TCP：{tcp}）",
    ),
    (
        "Every recursive question a client sends there waits for its time-out (lego: 10 s per "
        "question), so a propagation check that uses it ends in `time limit exceeded`. lego uses the "
        "system resolvers unless --dns.resolvers is given; Certimate uses the resolvers in "
        "「DNS 递归服务器」 when that field is set.",
        "发往它的每个递归查询都要等到超时（lego 每个查询 10 秒），使用它的传播检查最终会报 `time limit exceeded`。"
        "lego 默认使用系统解析器（除非指定 --dns.resolvers）；Certimate 在填写「DNS 递归服务器」时使用其中的解析器。",
    ),
    (
        "Fix the route or firewall to {resolver}, or point the client at a resolver that answers "
        "(lego: --dns.resolvers {suggest}:53; Certimate: 「DNS 递归服务器」 = {suggest}).",
        "修复到 {resolver} 的路由或防火墙，或让客户端使用能应答的解析器（lego：--dns.resolvers {suggest}:53；Certimate：「DNS 递归服务器」= {suggest}）。",
    ),
    explains=_PER_RESOLVER_SYMPTOMS,
    rank=12,
    severity_rules=_PUBLIC_MILDER,
)
TCP_FAILED = _spec(
    "RESOLVER_TCP_FAILED",
    Severity.WARNING,
    (
        "The {role} {resolver} answers over UDP but not over TCP ({detail})",
        "{role} {resolver} 可以用 UDP 应答，但 TCP 不行（{detail}）",
    ),
    (
        "Truncated answers (many TXT values) must be fetched again over TCP; through this resolver "
        "they cannot be.",
        "被截断的应答（TXT 值很多时）需要改用 TCP 重新获取；经由该解析器无法做到。",
    ),
    (
        "Allow TCP port 53 to {resolver}, and delete stale TXT values so that answers stay small.",
        "放通到 {resolver} 的 TCP 53 端口，并删除过期的 TXT 值以减小应答。",
    ),
    rank=40,
)
NO_RECURSION = _spec(
    "RESOLVER_NO_RECURSION",
    Severity.ERROR,
    (
        "The {role} {resolver} does not resolve for this host ({answer})",
        "{role} {resolver} 不为本机做递归解析（{answer}）",
    ),
    (
        "It refuses recursive questions or answers without the RA flag: it is an authoritative-only "
        "server or an access list keeps this host out. Clients using it get REFUSED for every name.",
        "它拒绝递归查询，或应答中没有 RA 标志：它是纯权威服务器，或访问控制列表不允许本机。使用它的客户端对所有名称都得到 REFUSED。",
    ),
    (
        "Use a recursive resolver (for example {suggest}) in the client, or allow this host in the "
        "resolver's access control.",
        "在客户端中改用递归解析器（例如 {suggest}），或在该解析器的访问控制中放行本机。",
    ),
    explains=_PER_RESOLVER_SYMPTOMS,
    rank=13,
    severity_rules=_PUBLIC_MILDER,
)
SERVFAIL = _spec(
    "RESOLVER_SERVFAIL",
    Severity.ERROR,
    (
        "The {role} {resolver} fails to resolve even the root's name servers (SERVFAIL)",
        "{role} {resolver} 连根服务器的 NS 都解析失败（SERVFAIL）",
    ),
    (
        "The resolver answers, but cannot reach the servers it asks (its upstream or the internet "
        "is blocked) or rejects their answers (DNSSEC).",
        "该解析器有应答，但无法访问它要询问的服务器（上游或外网被阻断），或拒绝了它们的应答（DNSSEC）。",
    ),
    (
        "Check the resolver's own upstream and network, or use another resolver in the client.",
        "检查该解析器自身的上游和网络，或在客户端中改用其他解析器。",
    ),
    explains=_PER_RESOLVER_SYMPTOMS,
    rank=14,
    severity_rules=_PUBLIC_MILDER,
)
BAD_REPLY = _spec(
    "RESOLVER_BAD_REPLY",
    Severity.ERROR,
    (
        "The {role} {resolver} sends replies that are not valid DNS answers ({detail})",
        "{role} {resolver} 返回的不是有效的 DNS 应答（{detail}）",
    ),
    (
        "Garbage, a message that does not match the question, or a format error: clients drop such "
        "replies and wait until they time out.",
        "乱码、与问题不匹配的报文或格式错误：客户端会丢弃这样的应答，一直等到超时。",
    ),
    (
        "Look for a middlebox rewriting DNS on the way to {resolver}, or use another resolver.",
        "检查到 {resolver} 的路径上是否有篡改 DNS 的设备，或改用其他解析器。",
    ),
    explains=_PER_RESOLVER_SYMPTOMS,
    rank=11,
    severity_rules=_PUBLIC_MILDER,
)
SUMMARY = _spec(
    "RESOLVER_SUMMARY",
    Severity.INFO,
    ("Resolvers checked: {summary}", "已检查的解析器：{summary}"),
    (
        "Round-trip time of one recursive question (the root's NS) over UDP and TCP, and whether "
        "the resolver recurses.",
        "一个递归查询（根的 NS）在 UDP 和 TCP 上的往返时间，以及解析器是否递归。",
    ),
    (
        "Nothing to do; the findings above say which resolver matters for which client.",
        "无需处理；上面的发现说明了哪个解析器会影响哪个客户端。",
    ),
)
LEGO_QUERIES_FAIL = _spec(
    "RESOLVER_LEGO_QUERIES_FAIL",
    Severity.ERROR,
    (
        "Through the system resolver {resolver}, the questions lego asks for {zone} fail: {failed}",
        "通过系统 DNS 解析器 {resolver}，lego 针对 {zone} 的查询失败：{failed}",
    ),
    (
        "lego finds the zone with SOA questions, its name servers with an NS question, and their "
        "addresses through the system resolver; when these fail its propagation check never "
        "starts and ends in `time limit exceeded` (or `could not find zone`).",
        "lego 用 SOA 查询确定区，用 NS 查询找权威服务器，并通过系统解析器解析它们的地址；这些查询失败时，传播检查根本无法开始，"
        "最终报 `time limit exceeded`（或 `could not find zone`）。",
    ),
    (
        "Make the system resolver answer these questions, or give the client another resolver "
        "(lego: --dns.resolvers {suggest}:53 with --dns.disable-cp; Certimate: 「DNS 递归服务器」).",
        "让系统解析器能应答这些查询，或给客户端指定其他解析器（lego：--dns.resolvers {suggest}:53 加 --dns.disable-cp；Certimate：「DNS 递归服务器」）。",
    ),
    rank=30,
)
RESERVED_ANSWER = _spec(
    "RESOLVER_RESERVED_ANSWER",
    Severity.ERROR,
    (
        "The system resolver {resolver} answers {host} with a reserved address {answer} (really "
        "{truth})",
        "系统 DNS 解析器 {resolver} 把 {host} 解析为保留地址 {answer}（实际为 {truth}）",
    ),
    (
        "A public name server's host name resolved to a private, loopback or otherwise reserved "
        "address: DNS is filtered or intercepted on this host (ad blocker, proxy, DNS rebinding "
        "protection). lego would send its TXT questions there.",
        "公网域名服务器的主机名被解析为私有、回环或其他保留地址：本机的 DNS 被过滤或拦截（广告拦截、代理、DNS 重绑定保护）。lego 会把 TXT 查询发到那里。",
    ),
    (
        "Find what rewrites DNS on this host (router, AdGuard, proxy) and exempt the DNS provider's "
        "domains, or give the client a clean resolver (lego: --dns.resolvers {suggest}:53 "
        "--dns.disable-cp).",
        "找出本机上篡改 DNS 的组件（路由器、AdGuard、代理）并放行 DNS 服务商的域名，或给客户端指定干净的解析器（lego：--dns.resolvers {suggest}:53 --dns.disable-cp）。",
    ),
    rank=16,
)
NS_ADDRESS_MISMATCH = _spec(
    "RESOLVER_NS_ADDRESS_MISMATCH",
    Severity.WARNING,
    (
        "The system resolver {resolver} gives {host} the address {answer}; the delegation says "
        "{truth}",
        "系统 DNS 解析器 {resolver} 把 {host} 解析为 {answer}；委派链上的地址是 {truth}",
    ),
    (
        "lego asks the authoritative servers at the addresses the system resolver gives; a "
        "different address means it asks another server than the CA does (geo DNS, an old cached "
        "address, or interception).",
        "lego 使用系统解析器给出的地址去询问权威服务器；地址不同意味着它询问的服务器与 CA 不同（地理解析、缓存的旧地址或被拦截）。",
    ),
    (
        "If the address is not the provider's, find what rewrites DNS here; otherwise it is "
        "harmless.",
        "如果该地址不属于 DNS 服务商，请找出这里篡改 DNS 的组件；否则无害。",
    ),
    rank=45,
)
NOT_ASKED = _spec(
    "RESOLVER_CHALLENGE_NOT_ASKED",
    Severity.INFO,
    (
        "Resolvers were not asked for {name}: the authoritative servers do not serve it yet",
        "没有向解析器查询 {name}：权威服务器尚未提供该记录",
    ),
    (
        "Asking a resolver for the challenge name before the record exists plants a negative cache "
        "entry that lasts up to the zone's negative TTL ({neg_ttl} s) and delays the next order. "
        "dnsdoctor asks resolvers only once every authoritative server serves the record.",
        "在记录存在之前向解析器查询验证名称，会在解析器中留下否定缓存，最长持续该区的否定缓存时间（{neg_ttl} 秒），拖慢下一次签发。"
        "dnsdoctor 只在所有权威服务器都提供该记录后才询问解析器。",
    ),
    (
        "Run the check again once the record is published, or pass --query-public-anyway to ask "
        "now.",
        "记录发布后再检查一次，或加 --query-public-anyway 立即查询。",
    ),
)
ASKED_ANYWAY = _spec(
    "RESOLVER_ASKED_ANYWAY",
    Severity.INFO,
    (
        "Resolvers were asked for {name} although the authoritative servers do not serve it "
        "(--query-public-anyway)",
        "尽管权威服务器尚未提供 {name}，仍向解析器查询了它（--query-public-anyway）",
    ),
    (
        "The negative answers they cached last up to {neg_ttl} s: an order started within that "
        "time may see NXDOMAIN at these resolvers.",
        "它们缓存的否定应答最长保留 {neg_ttl} 秒：在此期间开始的签发可能在这些解析器上看到 NXDOMAIN。",
    ),
    (
        "Wait {neg_ttl} s before the next order if the client checks these resolvers.",
        "如果客户端会检查这些解析器，下次签发前请等待 {neg_ttl} 秒。",
    ),
)
NEGATIVE_CACHED = _spec(
    "RESOLVER_NEGATIVE_CACHED",
    Severity.ERROR,
    (
        "The {role} {resolver} still answers {rcode} for {name} from its cache: {left} s left "
        "(the zone's negative TTL is {neg_ttl} s)",
        "{role} {resolver} 仍从缓存中对 {name} 返回 {rcode}：还剩 {left} 秒（该区的否定缓存时间为 {neg_ttl} 秒）",
    ),
    (
        "The resolver was asked before the record existed and keeps the negative answer for the "
        "TTL of the SOA in its authority section (RFC 2308), while every authoritative server "
        "serves the record now. Clients that check this resolver wait until it expires: lego v5 "
        "and Certimate ≥ 0.4 (recursive check, on by default), Certimate with 「DNS 递归服务器」, "
        "lego v4 with --dns.propagation-rns. The CA asks the authoritative servers and is not "
        "affected.",
        "该解析器在记录创建之前被查询过，于是按其应答授权段中 SOA 的 TTL 保留否定应答（RFC 2308），而所有权威服务器现在都已提供该记录。"
        "检查该解析器的客户端会一直等到缓存过期：lego v5 和 Certimate ≥ 0.4（递归检查默认开启）、填写了「DNS 递归服务器」的 Certimate、"
        "使用 --dns.propagation-rns 的 lego v4。CA 询问的是权威服务器，不受影响。",
    ),
    (
        "Wait {left} s (or flush the resolver's cache: `resolvectl flush-caches`, "
        "`unbound-control flush_type {name} TXT`, Google/Cloudflare purge pages), make the client's "
        "propagation timeout longer than the negative TTL, and do not query the name before the "
        "record is created.",
        "等待 {left} 秒（或清空解析器缓存：`resolvectl flush-caches`、`unbound-control flush_type {name} TXT`、Google/Cloudflare 的缓存清除页面），"
        "把客户端的传播超时设得比否定缓存时间长，并且不要在记录创建之前查询该名称。",
    ),
    rank=20,
    severity_rules=_PUBLIC_MILDER,
)
NEGATIVE_TTL_LONG = _spec(
    "RESOLVER_NEGATIVE_TTL_LONG",
    Severity.WARNING,
    (
        "{zone} keeps negative answers for {neg_ttl} s (SOA MINIMUM {minimum}, SOA TTL {soa_ttl})",
        "{zone} 的否定应答缓存时间为 {neg_ttl} 秒（SOA MINIMUM {minimum}，SOA TTL {soa_ttl}）",
    ),
    (
        "A resolver that sees NXDOMAIN for _acme-challenge (a pre-check before the record exists) "
        "keeps it for min(SOA TTL, MINIMUM) (RFC 2308). Longer than a few minutes outlasts the "
        "propagation timeout of ACME clients (tencentcloud in lego: 60 s).",
        "解析器如果看到 _acme-challenge 的 NXDOMAIN（记录创建前的预查询），会保留 min(SOA TTL, MINIMUM)（RFC 2308）。"
        "超过几分钟就会超出 ACME 客户端的传播超时（lego 的 tencentcloud：60 秒）。",
    ),
    (
        "Lower the SOA MINIMUM of {zone} to 300 s or less if your DNS provider allows it, or "
        "delegate _acme-challenge (CNAME) to a zone with a short one.",
        "如果 DNS 服务商允许，把 {zone} 的 SOA MINIMUM 降到 300 秒或更低，或把 _acme-challenge 通过 CNAME 委派到否定缓存时间短的区。",
    ),
    rank=46,
    cause=False,
)
STALE_VALUE = _spec(
    "RESOLVER_STALE_VALUE",
    Severity.ERROR,
    (
        "The {role} {resolver} still serves an old TXT at {name} from its cache ({values}): "
        "{left} s left",
        "{role} {resolver} 仍从缓存中返回 {name} 的旧 TXT（{values}）：还剩 {left} 秒",
    ),
    (
        "The resolver cached the value of an earlier order and keeps it for the record's TTL "
        "({ttl} s); clients that check this resolver (lego v5, Certimate ≥ 0.4, Certimate with "
        "「DNS 递归服务器」) see the old token until it expires.",
        "该解析器缓存了上一次签发的值，并在记录 TTL（{ttl} 秒）内一直使用；检查该解析器的客户端（lego v5、Certimate ≥ 0.4、填写了"
        "「DNS 递归服务器」的 Certimate）在过期前看到的都是旧令牌。",
    ),
    (
        "Wait {left} s or flush the resolver's cache; lower the TXT TTL ({ttl_settings}) as far "
        "as the DNS provider allows (providers often have a minimum, on free plans too).",
        "等待 {left} 秒或清空解析器缓存；在 DNS 服务商允许的范围内降低 TXT 的 TTL（{ttl_settings}；"
        "服务商通常有最低 TTL，免费套餐尤其如此）。",
    ),
    rank=22,
    severity_rules=_PUBLIC_MILDER,
)
SPLIT_HORIZON = _spec(
    "RESOLVER_SPLIT_HORIZON",
    Severity.ERROR,
    (
        "The system resolver {resolver} sees another version of {zone}: {detail}",
        "系统 DNS 解析器 {resolver} 看到的是另一个版本的 {zone}：{detail}",
    ),
    (
        "A random name in the zone, never asked before, comes back different from the "
        "authoritative servers: the resolver answers from its own copy (an internal zone, split "
        "horizon) or something intercepts its questions. It is not a cache: waiting does not "
        "help. lego finds the zone and its name servers through this resolver.",
        "区内一个从未被查询过的随机名称，其应答与权威服务器不同：该解析器用的是自己的副本（内网区、split horizon），或其查询被拦截。"
        "这不是缓存问题，等待无济于事。lego 通过该解析器确定区和权威服务器。",
    ),
    (
        "Give the ACME client a resolver that sees the public zone (lego: --dns.resolvers "
        "{suggest}:53; Certimate: 「DNS 递归服务器」), or add the challenge records to the internal "
        "zone as well.",
        "给 ACME 客户端指定能看到公网区的解析器（lego：--dns.resolvers {suggest}:53；Certimate：「DNS 递归服务器」），或者在内网区中也添加验证记录。",
    ),
    explains=(
        "RESOLVER_NS_ADDRESS_MISMATCH",
        "RESOLVER_RESERVED_ANSWER",
        "RESOLVER_LEGO_QUERIES_FAIL",
    ),
    rank=8,
)
HIJACKED = _spec(
    "RESOLVER_HIJACKED",
    Severity.ERROR,
    (
        "The public resolver {resolver} answers differently from the authoritative servers: "
        "{detail}",
        "公共 DNS 解析器 {resolver} 的应答与权威服务器不一致：{detail}",
    ),
    (
        "A public resolver sees the real zone; answers that differ, for names nobody could have "
        "cached, mean that DNS packets to port 53 are answered by something on the way (a router or "
        "proxy with DNS hijack, `dns-hijack: any:53`). The same middlebox may answer lego's "
        "questions to the authoritative servers.",
        "公共解析器看到的是真实的区；对不可能被缓存的名称给出不同应答，说明发往 53 端口的 DNS 报文被途中的设备应答了（路由器或代理的 DNS "
        "劫持，`dns-hijack: any:53`）。同一设备也可能应答 lego 发往权威服务器的查询。",
    ),
    (
        "Turn off DNS hijacking for this host (or exempt the ACME client), or run the client on a "
        "network without it; acme.sh's DoH check is not affected.",
        "为本机（或 ACME 客户端）关闭 DNS 劫持，或在没有劫持的网络中运行客户端；acme.sh 的 DoH 检查不受影响。",
    ),
    rank=9,
)
TXT_FAILED = _spec(
    "RESOLVER_TXT_FAILED",
    Severity.ERROR,
    (
        "The {role} {resolver} fails on the TXT at {name}: {answer}",
        "{role} {resolver} 查询 {name} 的 TXT 失败：{answer}",
    ),
    (
        "The resolver answers other questions, but not this one: it cannot reach the zone's "
        "authoritative servers (blocked UDP/53 egress, certimate#395) or gives up on them.",
        "该解析器能回答其他问题，却回答不了这一个：它无法访问该区的权威服务器（出站 UDP/53 被封，certimate#395），或放弃了它们。",
    ),
    (
        "Check the resolver's access to the authoritative servers, or use another resolver in the "
        "client.",
        "检查该解析器到权威服务器的连通性，或在客户端中改用其他解析器。",
    ),
    rank=35,
    severity_rules=_PUBLIC_MILDER,
)
TXT_VISIBLE = _spec(
    "RESOLVER_TXT_VISIBLE",
    Severity.INFO,
    (
        "{count} of {total} resolvers return the expected TXT at {name}",
        "{total} 个解析器中有 {count} 个返回了 {name} 上所需的 TXT",
    ),
    (
        "These resolvers already see the record as the authoritative servers serve it.",
        "这些解析器已经看到了与权威服务器一致的记录。",
    ),
    ("Nothing to do for them.", "对它们无需处理。"),
)
