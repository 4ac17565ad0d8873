"""The DNS findings (DNS_*): codes, severities and texts in English and Chinese, and the words
of their params (:data:`WORDS`). The checks that raise them are in :mod:`.checks`.
"""

from __future__ import annotations

from dnsdoctor.core.i18n import register
from dnsdoctor.core.model import Severity, SpecMaker

F = "dns"


_spec = SpecMaker(F)

WORDS = register(
    "dns.words",
    {
        "zone_not_in_account": {
            "en": "zone {zone}, not in this key's {cloud} account",
            "zh": "区 {zone} 不在该密钥的 {cloud} 账号中",
        },
        "zone_elsewhere": {
            "en": "zone {zone} at {servers}, not your zone {origin}",
            "zh": "区 {zone}，由 {servers} 提供解析，不是你的区 {origin}",
        },
    },
)
"""The words of the DNS findings' params."""


RESOLUTION_FAILED = _spec(
    "DNS_RESOLUTION_FAILED",
    Severity.ERROR,
    ("Could not follow the delegation of {name}: {reason}", "无法沿委派链解析 {name}：{reason}"),
    (
        "Starting from the root servers, no server of one level answered, so nobody (the CA "
        "included) can find the authoritative servers of this name from here.",
        "从根服务器开始逐级查询时，某一级的服务器全部没有应答，因此从这里（包括 CA）都找不到该名称的权威服务器。",
    ),
    (
        "Check that this host may send DNS queries (UDP and TCP port 53) to the internet, then "
        "check the name servers registered for the domain.",
        "确认本机可以向外发送 DNS 查询（UDP 和 TCP 53 端口），再检查域名注册处登记的 NS。",
    ),
    explains=("DNS_TXT_MISSING", "DNS_TXT_NOT_FOUND"),
    rank=5,
    blocks=True,
)
NS_CYCLE = _spec(
    "DNS_NS_CYCLE",
    Severity.ERROR,
    (
        "No name server of {zone} can be found: their addresses depend on each other ({chain})",
        "{zone} 的域名服务器都无法找到：它们的地址相互依赖，形成环路（{chain}）",
    ),
    (
        "Each name server's name lies in a zone that is served only by name servers in the same "
        "loop, and no parent zone gives their addresses (glue). To find the first one, a resolver "
        "must already know the last. Resolvers, the CA's included, give up on such a loop "
        "(SERVFAIL), so no record of the zone can be seen.",
        "每个域名服务器的名称都位于另一个区中，而那个区只由同一环路中的域名服务器提供服务，上级区也没有给出它们的地址"
        "（glue）。要找到第一个，解析器必须先知道最后一个。包括 CA 在内的解析器遇到这种环路都会放弃（SERVFAIL），"
        "因此该区的任何记录都无法被看到。",
    ),
    (
        "Break the loop: delegate {zone} to name servers whose addresses can be found (the NS "
        "your DNS provider assigned to the zone, as its console shows them), or register one of "
        "these name servers with its IP address (glue) at the registrar of its own domain.",
        "打破环路：把 {zone} 委派给地址可以被找到的域名服务器（DNS 服务商为该区分配的 NS，以其控制台显示的为准），"
        "或者在这些域名服务器所属域名的注册商处，为其中一个登记 IP 地址（glue）。",
    ),
    ("the loop, name server by name server", "环路中依次相互依赖的域名服务器"),
    links=("https://www.rfc-editor.org/rfc/rfc1034#section-4.2.2",),
    explains=("DNS_TXT_MISSING", "DNS_TXT_NOT_FOUND"),
    rank=4,
    blocks=True,
)
NS_LOOKUP_LIMIT = _spec(
    "DNS_NS_LOOKUP_LIMIT",
    Severity.WARNING,
    (
        "{zone} lists {count} name servers; only {looked_up} were looked up and checked",
        "{zone} 列出了 {count} 个域名服务器；只查询并检查了其中 {looked_up} 个",
    ),
    (
        "Finding each name server without glue costs a resolver several queries, so a "
        "delegation with very many of them is how NXNS attacks amplify traffic "
        "(CVE-2020-8616). Resolvers stop after a few (Unbound 16 per delegation, BIND 20 per "
        "NS set), and so does dnsdoctor: the name servers beyond were not checked, and the CA's "
        "resolver may never try them either.",
        "每个没有 glue 的域名服务器都要解析器额外查询几次，所以列出大量此类域名服务器的委派正是 NXNS 攻击放大流量的方式"
        "（CVE-2020-8616）。解析器只会尝试其中几个（Unbound 每个委派 16 个，BIND 每组 NS 20 个），dnsdoctor 也一样："
        "其余的域名服务器没有被检查，CA 的解析器也可能从不尝试它们。",
    ),
    (
        "List only your DNS provider's name servers (usually 2 to 4) for {zone} at the "
        "registrar and in the zone.",
        "在注册商处和区内只为 {zone} 列出 DNS 服务商的域名服务器（通常 2 到 4 个）。",
    ),
    ("the name servers not looked up (the first few)", "未被查询的域名服务器（列出前几个）"),
    links=("https://www.nxnsattack.com/",),
    rank=40,
)
NOT_DELEGATED = _spec(
    "DNS_NOT_DELEGATED",
    Severity.ERROR,
    (
        "{name} is not delegated: {zone} answers for it itself ({rcode})",
        "{name} 没有被委派：由 {zone} 直接应答（{rcode}）",
    ),
    (
        "The parent zone has no NS records for the domain: it is not registered, expired, or its "
        "name servers were removed at the registrar. No TXT record can be seen by the CA.",
        "上级区中没有该域名的 NS 记录：域名未注册、已过期，或在注册商处删除了 NS。CA 看不到任何 TXT 记录。",
    ),
    (
        "Check the domain's status and its name servers at the registrar (set the NS that your "
        "DNS provider's console shows for the zone).",
        "在注册商处检查域名状态和 NS 设置（填写 DNS 服务商控制台为该区显示的 NS）。",
    ),
    # The negative TTL measured is then the TLD's (com.): nothing a domain owner can change.
    explains=("DNS_TXT_MISSING", "DNS_TXT_NOT_FOUND", "RESOLVER_NEGATIVE_TTL_LONG"),
    rank=1,
    blocks=True,
)
NS_NO_ADDRESS = _spec(
    "DNS_NS_NO_ADDRESS",
    Severity.ERROR,
    (
        "Name server {ns} of {zone} has no address: {reason}",
        "{zone} 的域名服务器 {ns} 没有可用地址：{reason}",
    ),
    (
        "A delegated name server whose name does not resolve cannot be asked: resolvers lose time "
        "on it, and records it should serve are invisible.",
        "被委派的域名服务器名称无法解析，因此无法向它查询：解析器会在它上面浪费时间，它本应提供的记录也不可见。",
    ),
    (
        "Fix the name server's address records, or remove it from the delegation at the registrar.",
        "修正该域名服务器的地址记录，或在注册商处把它从 NS 列表中删除。",
    ),
)
CNAME_FOLLOWED = _spec(
    "DNS_CNAME_FOLLOWED",
    Severity.INFO,
    (
        "{challenge} is a CNAME to {target}; the TXT is checked in zone {zone}",
        "{challenge} 是指向 {target} 的 CNAME；在区 {zone} 中检查 TXT",
    ),
    (
        "The challenge is delegated by CNAME (acme-dns and similar). ACME clients and the CA follow "
        "it, so the TXT record must exist at the target, not at _acme-challenge.",
        "验证记录通过 CNAME 委派（acme-dns 等方式）。ACME 客户端和 CA 会跟随 CNAME，所以 TXT 记录必须建在目标名称上，而不是 _acme-challenge 上。",
    ),
    (
        "Make sure your ACME client can write the TXT at {target}, in zone {zone}: lego and "
        "Certimate follow the CNAME and write there with the same DNS provider key, so that zone "
        "must be in the same account; otherwise set the client up for the service that runs it.",
        "确认 ACME 客户端能把 TXT 写到 {zone} 区的 {target}：lego 和 Certimate 会跟随 CNAME，"
        "用同一个 DNS 服务商密钥写到那里，所以该区必须在同一个账号中；否则请让客户端改用运营该区的服务。",
    ),
)
CNAME_DELEGATED = _spec(
    "DNS_CNAME_DELEGATED",
    Severity.ERROR,
    (
        "{challenge} is delegated by CNAME to {target} ({where})",
        "{challenge} 通过 CNAME 委派给了 {target}（{where}）",
    ),
    (
        "The challenge record does not belong in {origin}: ACME clients and the CA follow the "
        "CNAME, so the TXT must be written at {target}, in zone {zone}, through whoever runs that "
        "zone (acme-dns or a similar service), not through your DNS provider. lego and Certimate "
        "with your DNS provider's plug-in follow the CNAME as well, then look for zone {zone} in "
        "your account at that provider and fail (the zone is not found). Ticking Certimate's "
        "「阻止 CNAME 跟随」 alone does not help: the CA still follows the CNAME.",
        "验证记录不属于 {origin}：ACME 客户端和 CA 都会跟随 CNAME，所以 TXT 必须写到 {zone} 区的 "
        "{target}，由该区的运营方（acme-dns 或类似服务）写入，而不是通过你的 DNS 服务商。"
        "使用你的 DNS 服务商插件的 lego 和 Certimate 同样会跟随 CNAME，然后在你在该服务商的账号中查找区 {zone}，"
        "找不到就失败。只勾选 Certimate 的「阻止 CNAME 跟随」没有用：CA 仍然会跟随 CNAME。",
    ),
    (
        "Either set the ACME client up for the service behind {zone} (acme-dns: the 'acme-dns' "
        "provider of lego/Certimate, or acme.sh --dns dns_acmedns, with the account registered "
        "for {target}), or delete the CNAME at {challenge} so that the client creates the TXT "
        "in {origin} itself with your DNS provider key.",
        "要么让 ACME 客户端改用 {zone} 背后的服务（acme-dns：lego/Certimate 的 acme-dns 提供商，"
        "或 acme.sh --dns dns_acmedns，并使用为 {target} 注册的账号），要么删除 {challenge} 上的 "
        "CNAME，让客户端用你的 DNS 服务商密钥直接在 {origin} 中创建 TXT。",
    ),
    explains=("DNS_TXT_NOT_FOUND", "DNS_TXT_MISSING", "DNS_TXT_OTHER_VALUE"),
    rank=4,
)
CNAME_BROKEN = _spec(
    "DNS_CNAME_BROKEN",
    Severity.ERROR,
    (
        "The CNAME chain at {challenge} is broken ({problem}): {chain}",
        "{challenge} 的 CNAME 链有问题（{problem}）：{chain}",
    ),
    (
        "A CNAME loop, or a chain longer than resolvers follow, never ends in a TXT record.",
        "CNAME 形成环路，或链太长超出解析器的跟随上限，永远得不到 TXT 记录。",
    ),
    (
        "Point _acme-challenge at one target that holds the TXT record.",
        "让 _acme-challenge 只指向一个承载 TXT 记录的目标。",
    ),
    explains=("DNS_TXT_MISSING", "DNS_TXT_NOT_FOUND"),
    rank=10,
)
CNAME_WITH_DATA = _spec(
    "DNS_CNAME_WITH_OTHER_DATA",
    Severity.ERROR,
    (
        "{challenge} has a CNAME and also other records ({types})",
        "{challenge} 同时存在 CNAME 和其他记录（{types}）",
    ),
    (
        "RFC 1034 §3.6.2 forbids other data beside a CNAME. Servers and resolvers then disagree: "
        "some answer the TXT, some follow the CNAME (unbound#723).",
        "RFC 1034 §3.6.2 禁止 CNAME 与其他记录共存。此时服务器和解析器的行为不一致：有的返回 TXT，有的跟随 CNAME。",
    ),
    (
        "Delete either the CNAME or the TXT records at {challenge}.",
        "删除 {challenge} 上的 CNAME 或 TXT 记录之一。",
    ),
    explains=(
        "DNS_TXT_MISSING",
        "DNS_TXT_NOT_FOUND",
        "DNS_TXT_OTHER_VALUE",
        "DNS_TXT_EXTRA_VALUES",
    ),
    rank=10,
)
NS_MISMATCH = _spec(
    "DNS_NS_MISMATCH",
    Severity.WARNING,
    (
        "The registry delegates {zone} to {parent}, but the zone at {lister} lists {child}",
        "注册局把 {zone} 委派给 {parent}，但 {lister} 上该区的 NS 记录为 {child}",
    ),
    (
        "The NS set at the parent (set at the registrar) differs from the NS records inside the "
        "zone: typically the domain is registered with one company and its NS were moved to the "
        "DNS provider only half-way. The CA follows the parent's referral, so records "
        "created at a provider that the parent does not delegate to are invisible to it.",
        "上级（注册商处设置）的 NS 与区内的 NS 记录不一致：常见于域名在别处注册、NS 只迁移了一半。CA 按上级的委派查询，"
        "在未被委派的服务商处创建的记录 CA 看不到。",
    ),
    (
        "At the registrar, set exactly the name servers your DNS provider assigned ({child}), and "
        "remove the others. Changes at the TLD take up to 48 h to reach every resolver.",
        "在注册商处只保留 DNS 服务商分配的 NS（{child}），删除其他 NS。TLD 上的变更最长需要 48 小时才能到达所有解析器。",
    ),
    explains=("DNS_TXT_MISSING", "DNS_SERVER_LAME", "DNS_SERIAL_LAG", "DNS_SERVER_TIMEOUT"),
    symptom_remedies={
        "DNS_SERIAL_LAG": (
            "Nothing to wait for: {server} is not one of the servers your DNS provider assigned "
            "({cause_child}) and will never get your new records. It drops out once the "
            "registrar delegates to the provider's servers only.",
            "无需等待：{server} 不是 DNS 服务商分配的服务器（{cause_child}），永远不会有您的新记录。"
            "注册商只委派给服务商的服务器后，它就不再被查询。",
        ),
        "DNS_TXT_MISSING": (
            "Do not create the record there: {server} is not your DNS provider's. It drops out "
            "once the registrar delegates to {cause_child} only.",
            "不要在那里创建记录：{server} 不是您的 DNS 服务商的服务器。注册商只委派给 "
            "{cause_child} 后，它就不再被查询。",
        ),
    },
    severity_rules=(
        (
            Severity.ERROR,
            (
                "the registry delegates to a server the zone does not list (the CA may ask a "
                "server that does not have your records)",
                "注册局委派给了区内 NS 记录中没有的服务器（CA 可能询问一台没有您记录的服务器）",
            ),
        ),
    ),
    rank=3,
)
SERVER_TIMEOUT = _spec(
    "DNS_SERVER_TIMEOUT",
    Severity.ERROR,
    (
        "{server} does not answer (UDP: {udp}; TCP: {tcp})",
        "{server} 没有应答（UDP：{udp}；TCP：{tcp}）",
    ),
    (
        "An authoritative server that does not answer makes resolvers and the CA retry and time "
        "out; lego's propagation check waits for it until its time limit.",
        "不应答的权威服务器会让解析器和 CA 重试直至超时；lego 的传播检查会一直等它，直到超时。",
    ),
    (
        "Check the server (or firewall in front of it); if it is no longer yours, remove it from "
        "the NS set at the registrar.",
        "检查该服务器（或其前面的防火墙）；若已不再使用，在注册商处把它从 NS 列表删除。",
    ),
    explains=("DNS_TXT_MISSING",),
    rank=8,
)
ADDRESS_TIMEOUT = _spec(
    "DNS_SERVER_ADDRESS_TIMEOUT",
    Severity.WARNING,
    (
        "{server} does not answer (UDP: {udp}; TCP: {tcp}), while {host} answers on {working}",
        "{server} 没有应答（UDP：{udp}；TCP：{tcp}），而 {host} 在 {working} 上应答正常",
    ),
    (
        "One address of a working name server is dead, typically its IPv6 address. The server "
        "itself is right (it is your DNS provider's), so it stays in the NS set. The CA's resolvers "
        "retry another address of the server, so validation still works, only slower. An ACME "
        "client that checks every authoritative server may wait for this address: lego dials the "
        "server by name and, on a host with IPv6, usually tries the IPv6 address first, so its "
        "propagation check can time out here.",
        "一台正常工作的域名服务器有一个地址不通，通常是它的 IPv6 地址。服务器本身没问题（它是 DNS 服务商的），"
        "应保留在 NS 列表中。CA 的解析器会改用该服务器的其他地址重试，验证仍能通过，只是更慢。"
        "逐个检查权威服务器的 ACME 客户端可能会卡在这个地址上：lego 按名称连接服务器，在有 IPv6 的主机上通常先用 IPv6 地址，"
        "因此其传播检查可能在此超时。",
    ),
    (
        "Report the dead address to your DNS provider; do not remove {host} from the NS set. If "
        "lego's propagation check times out on it, run the client from a host without IPv6 until "
        "it is fixed, or let lego skip the authoritative check (v4: "
        "--dns.propagation-disable-ans; v5: --dns.propagation.disable-ans).",
        "把这个不通的地址报告给 DNS 服务商；不要把 {host} 从 NS 列表中删除。如果 lego 的传播检查在此超时，"
        "修复前可在没有 IPv6 的主机上运行客户端，或让 lego 跳过权威检查（v4：--dns.propagation-disable-ans；"
        "v5：--dns.propagation.disable-ans）。",
    ),
    explains=("DNS_TXT_MISSING",),
    rank=30,
)
SERVER_LAME = _spec(
    "DNS_SERVER_LAME",
    Severity.ERROR,
    (
        "{server} is not authoritative for {zone}: {answer}",
        "{server} 对 {zone} 不是权威服务器：{answer}",
    ),
    (
        "A lame delegation: the server is listed for the zone but answers REFUSED or SERVFAIL, or "
        "without the AA bit. Records are not served from it; the CA may ask exactly this server.",
        "无效委派：该服务器被列为该区的 NS，却返回 REFUSED、SERVFAIL 或不带 AA 标志的应答。它不提供记录，而 CA 可能恰好向它查询。",
    ),
    (
        "Add the zone on that server (at your DNS provider), or remove the server from the NS set.",
        "在该服务器（DNS 服务商）上添加此区，或把它从 NS 列表中删除。",
    ),
    explains=("DNS_TXT_MISSING",),
    rank=6,
)
SERVER_MALFORMED = _spec(
    "DNS_SERVER_MALFORMED",
    Severity.ERROR,
    (
        "{server} sends answers that are not valid DNS replies: {detail}",
        "{server} 返回的不是有效的 DNS 应答：{detail}",
    ),
    (
        "Garbage, a wrong message ID or a mismatched question: resolvers drop such answers.",
        "乱码、错误的消息 ID 或问题段不匹配：解析器会丢弃这样的应答。",
    ),
    (
        "Check for a middlebox rewriting DNS on the path, or replace the server software.",
        "检查路径上是否有篡改 DNS 的设备，或更换服务器软件。",
    ),
    explains=("DNS_TXT_MISSING",),
    rank=7,
)
TCP_FAILED = _spec(
    "DNS_TCP_FAILED",
    Severity.WARNING,
    (
        "{server} answers over UDP but not over TCP ({detail})",
        "{server} 可以用 UDP 应答，但 TCP 不行（{detail}）",
    ),
    (
        "Large answers (many TXT values) are truncated over UDP and must be fetched over TCP "
        "(RFC 7766); the CA cannot read them from this server then.",
        "较大的应答（TXT 值很多时）在 UDP 上会被截断，必须改用 TCP 获取（RFC 7766）；此时 CA 无法从该服务器读到记录。",
    ),
    ("Open TCP port 53 to the server.", "放通该服务器的 TCP 53 端口。"),
    rank=40,
)
IPV6_UNTESTED = _spec(
    "DNS_IPV6_UNTESTED",
    Severity.INFO,
    (
        "{count} IPv6 address(es) of the name servers could not be tested: this host has no IPv6",
        "本机没有 IPv6，无法测试域名服务器的 {count} 个 IPv6 地址",
    ),
    (
        "The CA may ask the servers over IPv6; this run could not.",
        "CA 可能通过 IPv6 查询这些服务器，本次检查无法覆盖。",
    ),
    (
        "Run dnsdoctor from a host with IPv6 to test those addresses.",
        "在有 IPv6 的主机上运行 dnsdoctor 以测试这些地址。",
    ),
)
SERIAL_LAG = _spec(
    "DNS_SERIAL_LAG",
    Severity.WARNING,
    (
        "{server} lags behind: SOA serial {serial}, while {leader} has {latest}",
        "{server} 数据落后：SOA 序列号为 {serial}，而 {leader} 已是 {latest}",
    ),
    (
        "The authoritative servers serve different versions of the zone: the lagging one does not "
        "have the newest records yet, and the CA may ask exactly that one.",
        "各权威服务器提供的区版本不一致：落后的服务器还没有最新记录，而 CA 可能恰好向它查询。",
    ),
    (
        "Wait for the server to catch up (usually seconds; a server that missed the change's "
        "NOTIFY catches up at the latest after the SOA refresh interval); if it stays behind, "
        "report it to the DNS provider. Increase the ACME client's propagation timeout meanwhile.",
        "等待该服务器同步（通常几秒内完成；错过变更通知（NOTIFY）的服务器最迟在 SOA 的 refresh 间隔之后跟上）；"
        "若一直落后，请联系 DNS 服务商。同时调大 ACME 客户端的传播超时时间。",
    ),
    explains=("DNS_TXT_MISSING",),
    symptom_remedies={
        "DNS_TXT_MISSING": (
            "Do not create the record again: {cause_leader} already serves the newer zone; "
            "{server} has not caught up with it yet.",
            "不要重复创建记录：{cause_leader} 已经提供了更新的区数据，{server} 只是还没有同步。",
        ),
    },
    rank=9,
)
TXT_MISSING = _spec(
    "DNS_TXT_MISSING",
    Severity.ERROR,
    (
        "{server} does not serve the expected TXT at {name}: {answer}",
        "{server} 在 {name} 上没有所需的 TXT 记录：{answer}",
    ),
    (
        "The ACME client waits until every authoritative server serves the token, and the CA may "
        "ask any of them: this one would fail the validation.",
        "ACME 客户端会等到每个权威服务器都返回该令牌，CA 也可能询问其中任意一个：向这台服务器查询将导致验证失败。",
    ),
    (
        "Check that the record was created in the zone {zone} with host {host} and value {expect} "
        "at your DNS provider; then `dnsdoctor watch` until every server has it.",
        "在 DNS 服务商处确认记录建在区 {zone}、主机记录为 {host}、值为 {expect}；然后用 `dnsdoctor watch` 观察直到所有服务器都返回它。",
    ),
    rank=60,
)
TXT_NOT_FOUND = _spec(
    "DNS_TXT_NOT_FOUND",
    Severity.ERROR,
    (
        "No authoritative server serves the expected TXT at {name} ({answer})",
        "没有任何权威服务器在 {name} 上返回所需的 TXT 记录（{answer}）",
    ),
    (
        "The record the ACME client waits for is not in the zone at all: it was not created, was "
        "created in another zone or account, under another name, or was already deleted.",
        "ACME 客户端等待的记录根本不在该区中：没有创建成功、建在了其他区或账号、名称不对，或已被删除。",
    ),
    (
        "At your DNS provider, create the TXT in zone {zone} with host {host} and value {expect} "
        "(or check the ACME client's log for the API error that stopped it).",
        "在 DNS 服务商处于区 {zone} 中创建主机记录为 {host}、值为 {expect} 的 TXT 记录（或在 ACME 客户端日志中查找导致失败的 API 错误）。",
    ),
    rank=55,
)
TXT_OTHER_VALUE = _spec(
    "DNS_TXT_OTHER_VALUE",
    Severity.ERROR,
    (
        "{name} holds another TXT value than the expected one: {values}{age}",
        "{name} 上的 TXT 记录是另一个值，不是期望的值：{values}{age}",
    ),
    (
        "The record exists and the authoritative servers serve it, but not with the token the "
        "ACME client waits for ({expect}). Either the client did not update or replace it (its "
        "API call failed: the error is in its log), or the token checked is not the current one: "
        "every order gets a new token, and a record left by an earlier order or created by hand "
        "keeps its old value.",
        "记录存在，权威服务器也在返回它，但值不是 ACME 客户端等待的令牌（{expect}）。"
        "要么客户端没有更新或替换这条记录（它的 API 调用失败了，错误在它的日志里），"
        "要么检查用的令牌不是当前的令牌：每个订单都有新令牌，之前订单遗留或手工创建的记录仍是旧值。",
    ),
    (
        "Compare {expect} with the token in the ACME client's log of this order: if they match, "
        "look for the client's API error there (`dnsdoctor explain --log FILE`); if not, check "
        "again with --expect set to the current token. Delete the old value at {name} (zone "
        "{zone}, host {host}) unless something still needs it.",
        "把 {expect} 与 ACME 客户端本次订单日志中的令牌对比：若一致，请在日志中查找客户端的 API 错误"
        "（`dnsdoctor explain --log FILE`）；若不一致，请用当前令牌作为 --expect 重新检查。"
        "若旧值已无用处，请删除 {name} 上的旧值（区 {zone}，主机记录 {host}）。",
    ),
    explains=("CREDS_STALE_TXT",),
    rank=54,
)
TXT_EXTRA = _spec(
    "DNS_TXT_EXTRA_VALUES",
    Severity.WARNING,
    (
        "{name} has {count} TXT value(s) besides the expected one(s): {values}",
        "{name} 上除所需值外还有 {count} 个 TXT 值：{values}",
    ),
    (
        "Old tokens left by failed orders. They do no harm by themselves, but many of them make "
        "the answer large (truncation, TCP) and hide a provider that overwrites instead of adding.",
        "失败订单遗留的旧令牌。本身无害，但数量多时应答变大（截断、需要 TCP），也会掩盖服务商“覆盖而非追加”的问题。",
    ),
    ("Delete the stale TXT values at {name}.", "删除 {name} 上过期的 TXT 值。"),
    rank=70,
    cause=False,
)
TXT_PRESENT = _spec(
    "DNS_TXT_PRESENT",
    Severity.INFO,
    (
        "{name} has TXT value(s) {values} on every answering server",
        "{name} 在所有应答的服务器上都有 TXT 值 {values}",
    ),
    (
        "Without --expect dnsdoctor cannot tell a current token from a leftover one.",
        "未指定 --expect 时，dnsdoctor 无法区分当前令牌和遗留令牌。",
    ),
    (
        "Pass the token your ACME client is waiting for with --expect VALUE.",
        "用 --expect VALUE 传入 ACME 客户端正在等待的令牌。",
    ),
)
TXT_ABSENT = _spec(
    "DNS_TXT_ABSENT",
    Severity.INFO,
    ("No TXT record at {name} right now", "{name} 目前没有 TXT 记录"),
    (
        "Normal between orders: the ACME client creates the record only during an order.",
        "两次签发之间属正常情况：ACME 客户端只在签发过程中创建该记录。",
    ),
    (
        "Nothing to do now; during an order, run `dnsdoctor check NAME --expect TOKEN`.",
        "现在无需处理；签发过程中运行 `dnsdoctor check NAME --expect TOKEN`。",
    ),
)
TXT_INCONSISTENT = _spec(
    "DNS_TXT_INCONSISTENT",
    Severity.WARNING,
    (
        "The authoritative servers disagree about the TXT at {name}: {detail}",
        "各权威服务器返回的 {name} TXT 记录不一致：{detail}",
    ),
    (
        "Some servers have not received the latest change; the CA may ask one of them.",
        "部分服务器尚未收到最新变更；CA 可能恰好询问其中一台。",
    ),
    ("Wait for the servers to converge, then re-run the check.", "等待各服务器一致后再检查一次。"),
    rank=65,
)
TXT_TRUNCATED = _spec(
    "DNS_TXT_TRUNCATED",
    Severity.INFO,
    (
        "The TXT answer from {server} did not fit in UDP; it was read over TCP",
        "{server} 的 TXT 应答超出 UDP 大小，已改用 TCP 读取",
    ),
    (
        "A large TXT RRset (usually many stale tokens) needs TCP; resolvers that cannot use TCP fail.",
        "TXT 记录集过大（通常是遗留令牌太多）需要 TCP；无法使用 TCP 的解析器会失败。",
    ),
    ("Delete stale TXT values at the challenge name.", "删除验证名称上的过期 TXT 值。"),
)
DOUBLE_LABEL = _spec(
    "DNS_DOUBLE_LABEL",
    Severity.WARNING,
    (
        "A TXT record exists at {double}: the zone name was typed into the host field",
        "{double} 上存在 TXT 记录：主机记录中多填了域名",
    ),
    (
        "The provider's 'host' field takes the name relative to the zone; a full name there puts "
        "the record at _acme-challenge.example.com.example.com, where the CA never looks "
        "(Let's Debug: TXTDoubleLabel).",
        "服务商的“主机记录”填写的是相对于区的名称；在这里填写完整域名会把记录建到 _acme-challenge.example.com.example.com，CA 不会去那里查。",
    ),
    (
        "Delete the record at {double} and create it with host {host}.",
        "删除 {double} 上的记录，用主机记录 {host} 重新创建。",
    ),
    explains=("DNS_TXT_MISSING", "DNS_TXT_NOT_FOUND"),
    severity_rules=(
        (
            Severity.ERROR,
            (
                "the record at the doubled name holds an --expect value: the token the CA looks "
                "for is in the wrong place",
                "重复名称上的记录含有 --expect 的值：CA 要查的令牌建错了位置",
            ),
        ),
    ),
    rank=20,
)
WILDCARD_TXT = _spec(
    "DNS_WILDCARD_TXT",
    Severity.WARNING,
    (
        "The TXT values at {name} come from a wildcard record ({values})",
        "{name} 上的 TXT 值来自通配符记录（{values}）",
    ),
    (
        "A random name at the same level gets the same TXT values, so they are synthesised from a "
        "wildcard (RFC 4592), not a record at _acme-challenge. They are not the ACME token.",
        "同级的随机名称返回相同的 TXT 值，说明它们由通配符记录合成（RFC 4592），而不是 _acme-challenge 上的记录，不是 ACME 令牌。",
    ),
    (
        "Harmless once the real record exists; remove the wildcard TXT if it is not needed.",
        "真实记录创建后即无影响；如不需要，可删除通配符 TXT。",
    ),
    explains=("DNS_TXT_EXTRA_VALUES",),
    rank=75,
    cause=False,
)
