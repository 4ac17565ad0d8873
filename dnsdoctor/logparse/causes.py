"""What each failure recognised in a log most likely means: one :class:`Cause` record each.

A cause's identifier is public (``explain --log --format json`` prints it as ``cause``); its text is
the default wording, which a provider's log table may re-word in its own terms (same identifier,
same confirming codes); its priority orders the matches (lower first: the most explanatory cause
before the failures it brings about, e.g. a fake-IP resolver before the propagation time-out).
"""

from __future__ import annotations

from dataclasses import dataclass

from dnsdoctor.core.model import Text


@dataclass(frozen=True)
class Cause:
    text: Text
    """What it likely means (English and Chinese), with ``{field}`` placeholders."""
    codes: tuple[str, ...] = ()
    """The finding codes ``dnsdoctor`` reports when it confirms this cause."""
    priority: int = 50
    """Lower comes first in the list of matches."""


CAUSES: dict[str, Cause] = {
    # --- resolvers -----------------------------------------------------------------------
    "fake_ip_resolver": Cause(
        {
            "en": "Likely cause: {resolver_ip} is in 198.18.0.0/15, the fake-IP range of Clash, Mihomo, "
            "Surge or sing-box in TUN mode{source_note}. That proxy answers DNS itself: it hands out fake "
            "addresses and stalls or drops SOA, NS and TXT questions, so lego's queries time out although "
            "the record exists at DNSPod. Give the ACME client public resolvers (Certimate: "
            "「DNS 递归服务器」 119.29.29.29;223.5.5.5; lego: --dns.resolvers) and a longer propagation "
            "timeout, or exclude this host or container from the TUN / fake-IP mode.",
            "zh": "可能原因：{resolver_ip} 属于 198.18.0.0/15，即 Clash、Mihomo、Surge 或 sing-box 在 TUN 模式下"
            "使用的 fake-IP 网段{source_note}。代理自己应答 DNS：返回假地址，并拖延或丢弃 SOA、NS、TXT 查询，"
            "所以即使记录已在 DNSPod 中，lego 的查询也会超时。请给 ACME 客户端指定公共解析器（Certimate："
            "「DNS 递归服务器」填 119.29.29.29;223.5.5.5；lego：--dns.resolvers）并调大传播超时，"
            "或让本机/容器绕过 TUN / fake-IP 模式。",
        },
        codes=("RESOLVER_FAKE_IP",),
        priority=0,
    ),
    "docker_dns": Cause(
        {
            "en": "Likely cause: 127.0.0.11 is Docker's embedded DNS inside the container; it forwards to "
            "the host's resolvers, so the host's resolver (or a proxy on the host) is what fails. Set "
            "public resolvers in the ACME client or the container's --dns, and check the host's resolver.",
            "zh": "可能原因：127.0.0.11 是容器内 Docker 内置的 DNS，它把查询转发给宿主机的解析器，"
            "所以真正出问题的是宿主机的解析器（或宿主机上的代理）。请在 ACME 客户端或容器的 --dns 中指定公共解析器，"
            "并检查宿主机的解析器。",
        },
        codes=("RESOLVER_DOCKER_EMBEDDED",),
        priority=1,
    ),
    "cloud_internal_resolver": Cause(
        {
            "en": "Likely cause: {resolver_ip} is a cloud provider's internal resolver (Aliyun ECS "
            "100.100.2.136/138, Tencent Cloud 183.60.83.19/183.60.82.98). It caches negative answers "
            "and may not answer non-recursive questions, so lego's check fails on it while the record "
            "exists. Give the ACME client public resolvers (e.g. 119.29.29.29;223.5.5.5).",
            "zh": "可能原因：{resolver_ip} 是云厂商的内网解析器（阿里云 ECS 100.100.2.136/138、腾讯云 "
            "183.60.83.19/183.60.82.98）。它会缓存否定应答，也可能不应答非递归查询，所以记录已存在时 lego 的检查仍在它上面失败。"
            "请给 ACME 客户端指定公共解析器（如 119.29.29.29;223.5.5.5）。",
        },
        codes=("RESOLVER_CLOUD_INTERNAL",),
        priority=1,
    ),
    "tailscale_dns": Cause(
        {
            "en": "Likely cause: 100.100.100.100 is Tailscale's MagicDNS; it forwards to the tailnet's "
            "DNS settings, which may not reach the internet's resolvers. Give the ACME client public "
            "resolvers.",
            "zh": "可能原因：100.100.100.100 是 Tailscale 的 MagicDNS，它按 tailnet 的 DNS 设置转发，"
            "可能无法到达公网解析器。请给 ACME 客户端指定公共解析器。",
        },
        priority=1,
    ),
    "local_resolver": Cause(
        {
            "en": "Likely cause: {resolver_ip} is a resolver on this host (systemd-resolved, dnsmasq, "
            "smartdns, AdGuard Home or a proxy's DNS); it did not answer or forward the question. Check "
            "it, or give the ACME client public resolvers.",
            "zh": "可能原因：{resolver_ip} 是本机上的解析器（systemd-resolved、dnsmasq、smartdns、AdGuard Home "
            "或代理的 DNS），它没有应答或转发该查询。请检查它，或给 ACME 客户端指定公共解析器。",
        },
        codes=("RESOLVER_LOCAL_STUB", "RESOLVER_UNREACHABLE"),
        priority=2,
    ),
    "lan_resolver": Cause(
        {
            "en": "Likely cause: {resolver_ip} is a resolver on your private network (router, Pi-hole, "
            "AdGuard, corporate DNS); it did not answer. Check it, or give the ACME client public "
            "resolvers.",
            "zh": "可能原因：{resolver_ip} 是内网中的解析器（路由器、Pi-hole、AdGuard、企业 DNS），它没有应答。"
            "请检查它，或给 ACME 客户端指定公共解析器。",
        },
        codes=("RESOLVER_UNREACHABLE",),
        priority=2,
    ),
    "authoritative_blocked": Cause(
        {
            "en": "Likely cause: {ns} is an authoritative name server and it did not answer from here: "
            "outbound UDP/TCP port 53 to the internet is blocked, or a router/proxy hijacks port 53. "
            "The record may well be there; this host cannot see it.",
            "zh": "可能原因：{ns} 是权威域名服务器，但从本机访问它没有应答：出站 UDP/TCP 53 端口被封，"
            "或路由器/代理劫持了 53 端口。记录可能已经存在，只是本机看不到。",
        },
        codes=("DNS_SERVER_TIMEOUT",),
        priority=7,
    ),
    "public_resolver_unreachable": Cause(
        {
            "en": "Likely cause: the resolver {resolver_ip} did not answer: outbound DNS (port 53) is "
            "blocked or filtered on this network. Try another resolver the network allows.",
            "zh": "可能原因：解析器 {resolver_ip} 没有应答：本网络封锁或过滤了出站 DNS（53 端口）。"
            "请换一个本网络允许访问的解析器。",
        },
        codes=("RESOLVER_UNREACHABLE",),
        priority=7,
    ),
    "lookup_failed": Cause(
        {
            "en": "Likely cause: this host's resolver {resolver_ip} cannot resolve {host}; the ACME "
            "client cannot reach the CA or the DNS API. Check the host's DNS settings (and any proxy).",
            "zh": "可能原因：本机解析器 {resolver_ip} 无法解析 {host}，ACME 客户端因此无法访问 CA 或 DNS API。"
            "请检查本机的 DNS 设置（以及代理）。",
        },
        codes=("RESOLVER_UNREACHABLE",),
        priority=11,
    ),
    "fake_ip_ns_address": Cause(
        {
            "en": "Likely cause: lego looks up the host name of the authoritative server {ns_host} "
            "through the system resolver, not through the resolvers it was given{configured_note}, and "
            "a fake-IP proxy (Clash, Mihomo, Surge or sing-box in TUN mode) answered with "
            "{resolver_ip}, an address in 198.18.0.0/15 where no name server answers. Setting "
            "resolvers in the ACME client does not change this path. Exclude this host or container "
            "from the TUN / fake-IP mode (or put the DNS provider's servers, e.g. +.dnspod.net, on the "
            "proxy's fake-ip-filter), or turn the authoritative check off ({disable_ans}).",
            "zh": "可能原因：lego 通过系统解析器（而不是给它指定的解析器{configured_note}）解析权威服务器 "
            "{ns_host} 的主机名，而 fake-IP 代理（TUN 模式下的 Clash、Mihomo、Surge 或 sing-box）返回了 "
            "{resolver_ip}，这是 198.18.0.0/15 中的地址，那里没有域名服务器应答。在 ACME 客户端中指定解析器"
            "改变不了这条路径。请让本机或容器绕过 TUN / fake-IP 模式（或把 DNS 服务商的服务器，如 "
            "+.dnspod.net，加入代理的 fake-ip-filter），或关闭权威服务器检查（{disable_ans}）。",
        },
        codes=("RESOLVER_FAKE_IP", "RESOLVER_NS_ADDRESS_MISMATCH"),
        priority=0,
    ),
    "private_ns_address": Cause(
        {
            "en": "Likely cause: lego looks up the host name of the authoritative server {ns_host} "
            "through the system resolver, not through the resolvers it was given{configured_note}, and "
            "got {resolver_ip} ({resolver_label}) instead of the server's public address: a DNS "
            "rewrite, split-horizon DNS or a hijacking resolver (AdGuard Home, a router). Setting "
            "resolvers in the ACME client does not change this path. Fix the system resolver's answer "
            "for {ns_host}, or turn the authoritative check off ({disable_ans}).",
            "zh": "可能原因：lego 通过系统解析器（而不是给它指定的解析器{configured_note}）解析权威服务器 "
            "{ns_host} 的主机名，得到的是 {resolver_ip}（{resolver_label}），而不是该服务器的公网地址："
            "DNS 重写、分区解析（split-horizon）或劫持解析器（AdGuard Home、路由器）。在 ACME 客户端中指定"
            "解析器改变不了这条路径。请修正系统解析器对 {ns_host} 的应答，或关闭权威服务器检查（{disable_ans}）。",
        },
        codes=("RESOLVER_NS_ADDRESS_MISMATCH", "RESOLVER_HIJACKED"),
        priority=2,
    ),
    "ns_lookup_failed": Cause(
        {
            "en": "Likely cause: lego looks up the host name of the authoritative server {ns_host} "
            "through the system resolver {resolver_ip} ({resolver_label}), not through the resolvers "
            "it was given{configured_note}, and that lookup failed ({error}). Fix the system resolver "
            "(/etc/resolv.conf; for a container its --dns or Docker's daemon.json), or turn the "
            "authoritative check off ({disable_ans}).",
            "zh": "可能原因：lego 通过系统解析器 {resolver_ip}（{resolver_label}）解析权威服务器 {ns_host} "
            "的主机名，而不是通过给它指定的解析器{configured_note}，这次解析失败了（{error}）。请修复系统解析器"
            "（/etc/resolv.conf；容器则是它的 --dns 或 Docker 的 daemon.json），或关闭权威服务器检查"
            "（{disable_ans}）。",
        },
        codes=("RESOLVER_UNREACHABLE", "RESOLVER_LEGO_QUERIES_FAIL"),
        priority=2,
    ),
    "broken_resolver_ns": Cause(
        {
            "en": "Likely cause: the recursive resolver answered the NS question for {zone} without NS "
            "records, or not at all (time-out). A broken, hijacking or fake-IP resolver does this. "
            "Give the ACME client public resolvers and compare.",
            "zh": "可能原因：递归解析器对 {zone} 的 NS 查询没有返回 NS 记录，或根本没有应答（超时）。"
            "损坏、劫持或 fake-IP 的解析器会这样。请给 ACME 客户端指定公共解析器再对比。",
        },
        codes=("RESOLVER_LEGO_QUERIES_FAIL",),
        priority=9,
    ),
    "broken_resolver_soa": Cause(
        {
            "en": "Likely cause: lego walks up from {fqdn} asking the recursive resolver for SOA records "
            "and got none in an answer: the resolver timed out, is hijacked, or the domain is not "
            "delegated.",
            "zh": "可能原因：lego 从 {fqdn} 逐级向上向递归解析器查询 SOA，但没有得到任何 SOA 应答："
            "解析器超时、被劫持，或域名没有被正确委派。",
        },
        codes=("RESOLVER_LEGO_QUERIES_FAIL", "DNS_NOT_DELEGATED"),
        priority=9,
    ),
    "zone_is_tld": Cause(
        {
            "en": "Likely cause: the zone came out as {zone}, a top-level domain. The resolver answered "
            "the SOA of the TLD instead of your zone (a hijacking resolver such as AdGuard), or a "
            "wildcard CNAME caught _acme-challenge (Certimate FAQ: tick 「阻止 CNAME 跟随」).",
            "zh": "可能原因：得到的区是顶级域 {zone}。解析器返回了顶级域而不是你的区的 SOA（例如 AdGuard 这类劫持解析器），"
            "或通配符 CNAME 匹配到了 _acme-challenge（Certimate FAQ：勾选「阻止 CNAME 跟随」）。",
        },
        codes=("RESOLVER_HIJACKED",),
        priority=8,
    ),
    "zone_not_in_account": Cause(
        {
            "en": "Likely cause: the zone {zone} is not in the account of these keys, the key may not "
            "list it (CAM), or a CNAME at _acme-challenge moved the record into another zone.",
            "zh": "可能原因：区 {zone} 不在这组密钥所属的账号中、密钥没有列出它的权限（CAM），"
            "或 _acme-challenge 上的 CNAME 把记录转到了另一个区。",
        },
        codes=("CREDS_ZONE_NOT_IN_ACCOUNT", "DNS_CNAME_DELEGATED"),
        priority=12,
    ),
    "cname_delegated": Cause(
        {
            "en": "Likely cause: {challenge} is a CNAME to {cname}, and lego followed it: it creates "
            "the TXT at {cname} and looks for zone {zone} in this DNS provider account, which does not "
            "hold it. The challenge is delegated to whoever runs {zone} (acme-dns or a similar "
            "service), and the CA follows the CNAME too. Either set the ACME client up for that "
            "service (the acme-dns provider of lego/Certimate, or acme.sh --dns dns_acmedns) or delete "
            "the CNAME at {challenge} so that the TXT is created in your own zone. Only if the CNAME "
            "comes from a wildcard record and not from {challenge} itself is ticking Certimate's "
            "「阻止 CNAME 跟随」 (LEGO_DISABLE_CNAME_SUPPORT=true) enough.",
            "zh": "可能原因：{challenge} 是指向 {cname} 的 CNAME，lego 跟随了它：它要把 TXT 建在 {cname}，"
            "于是在这个 DNS 服务商账号中查找区 {zone}，而账号中没有这个区。验证已委派给运营 {zone} 的一方"
            "（acme-dns 或类似服务），CA 同样会跟随这个 CNAME。要么让 ACME 客户端改用该服务（lego/Certimate "
            "的 acme-dns 提供商，或 acme.sh --dns dns_acmedns），要么删除 {challenge} 上的 CNAME，让 TXT "
            "建在你自己的区中。只有当该 CNAME 来自通配符记录、而不是 {challenge} 本身时，勾选 Certimate 的"
            "「阻止 CNAME 跟随」（LEGO_DISABLE_CNAME_SUPPORT=true）才足够。",
        },
        codes=("DNS_CNAME_DELEGATED",),
        priority=12,
    ),
    # --- authoritative / propagation ------------------------------------------------------
    "ns_lame": Cause(
        {
            "en": "Likely cause: {ns} is listed as a name server but does not serve the zone ({rcode}): "
            "a lame delegation, a DNSSEC failure, or the zone was not added at that provider.",
            "zh": "可能原因：{ns} 被列为域名服务器，但并不提供该区（{rcode}）：无效委派、DNSSEC 校验失败，"
            "或该服务商处没有添加此区。",
        },
        codes=("DNS_SERVER_LAME",),
        priority=13,
    ),
    "record_missing_at_ns": Cause(
        {
            "en": "Likely cause: the authoritative server {ns} says {fqdn} does not exist: the record "
            "was not created, was created in another zone or account, or the registrar delegates the "
            "domain to other name servers than the ones you edit.",
            "zh": "可能原因：权威服务器 {ns} 表示 {fqdn} 不存在：记录没有创建成功、建在了其他区或账号，"
            "或注册商处委派的 NS 并不是你正在编辑的那一家。",
        },
        codes=("DNS_TXT_NOT_FOUND", "DNS_TXT_MISSING", "DNS_NS_MISMATCH"),
        priority=14,
    ),
    "resolver_negative_cache": Cause(
        {
            "en": "Likely cause: the recursive resolver {ns} answered NXDOMAIN from its cache (it asked "
            "before the record existed and keeps the negative answer for the zone's SOA minimum), or it "
            "is an internal resolver that does not see public records. lego v5 checks every resolver.",
            "zh": "可能原因：递归解析器 {ns} 从缓存返回了 NXDOMAIN（它在记录创建之前查询过，会按区 SOA 的最小值缓存否定应答），"
            "或它是看不到公网记录的内网解析器。lego v5 会逐个检查所有解析器。",
        },
        codes=("RESOLVER_NEGATIVE_CACHED",),
        priority=14,
    ),
    "resolver_servfail": Cause(
        {
            "en": "Likely cause: the recursive resolver {ns} answered {rcode}: it could not get an "
            "answer from the authoritative servers (a broken server, a DNSSEC failure) or it refuses "
            "this host.",
            "zh": "可能原因：递归解析器 {ns} 返回 {rcode}：它无法从权威服务器得到应答（服务器故障、DNSSEC 校验失败），"
            "或拒绝本机的查询。",
        },
        codes=("RESOLVER_SERVFAIL",),
        priority=14,
    ),
    "stale_values": Cause(
        {
            "en": "Likely cause: {ns} serves other TXT values at {fqdn} but not the new one: leftovers "
            "from earlier orders or other services (_acme-challenge/_dnsauth), a lagging server, or "
            "the record was written to another zone or account.",
            "zh": "可能原因：{ns} 在 {fqdn} 上返回了其他 TXT 值，却没有新值：之前订单或其他服务遗留的记录"
            "（_acme-challenge/_dnsauth）、服务器同步落后，或记录写到了其他区或账号。",
        },
        codes=("DNS_TXT_EXTRA_VALUES", "DNS_SERIAL_LAG"),
        priority=15,
    ),
    "not_propagated": Cause(
        {
            "en": "Likely cause: {ns} has no TXT at {fqdn} yet: the record was not created there, the "
            "server lags behind, or the registrar delegates to other name servers.",
            "zh": "可能原因：{ns} 上 {fqdn} 还没有 TXT：记录没有建在这里、服务器同步落后，或注册商委派给了其他 NS。",
        },
        codes=("DNS_TXT_MISSING", "DNS_TXT_NOT_FOUND", "DNS_SERIAL_LAG"),
        priority=16,
    ),
    "propagation_slow": Cause(
        {
            "en": "Likely cause: the record did not become visible to lego's checks{within}. "
            "Either it never reached every authoritative server, or the checks themselves failed (look "
            "for DNS errors above). Raise the propagation timeout only after dnsdoctor shows every "
            "server serving the value.",
            "zh": "可能原因：{within}lego 的检查一直看不到该记录。要么记录没有到达所有权威服务器，"
            "要么检查本身失败（请查看上面的 DNS 错误）。请先用 dnsdoctor 确认所有服务器都返回该值，再考虑调大传播超时。",
        },
        codes=("DNS_TXT_MISSING", "DNS_TXT_NOT_FOUND"),
        priority=25,
    ),
    "query_timeouts_in_polling": Cause(
        {
            "en": "Likely cause: each poll takes about {median_gap} s although lego waits only "
            "{interval} s between polls: its DNS queries are timing out (10 s each), the propagation "
            "is not slow. The resolver or the path to the name servers is the problem.",
            "zh": "可能原因：lego 两轮检查之间只等 {interval} 秒，但每轮实际耗时约 {median_gap} 秒："
            "它的 DNS 查询在超时（每次 10 秒），并不是传播慢。问题出在解析器或到域名服务器的网络路径。",
        },
        codes=("RESOLVER_LEGO_QUERIES_FAIL", "DNS_SERVER_TIMEOUT"),
        priority=10,
    ),
    # --- Tencent Cloud API ----------------------------------------------------------------
    "signature_failure": Cause(
        {
            "en": "Likely cause: the secret does not match the key id: a wrong or rotated secret, or a space, newline or invisible character pasted with it.",
            "zh": "可能原因：secret 与 key ID 不匹配：secret 错误或已轮换，或粘贴时带入了空格、换行或不可见字符。",
        },
        codes=("CREDS_SIGNATURE_FAILURE", "CREDS_INVISIBLE_CHAR"),
        priority=5,
    ),
    "signature_expire": Cause(
        {
            "en": "Likely cause: this host's clock differs from the DNS provider's by more than the provider allows (a wrong time, or a time zone set wrongly). Fix the clock (NTP), then retry.",
            "zh": "可能原因：本机时钟与 DNS 服务商的时钟相差超过其允许的范围（时间错误，或时区设置错误）。请校准时钟（NTP）后重试。",
        },
        codes=("CLOCK_SKEW_SIGNATURE_EXPIRE", "CREDS_SIGNATURE_EXPIRE"),
        priority=4,
    ),
    "secret_id_not_found": Cause(
        {
            "en": "Likely cause: the key id does not exist: mistyped, deleted or disabled, or it has a space or invisible character around it.",
            "zh": "可能原因：key ID 不存在：输入错误、已删除或禁用，或前后有空格、不可见字符。",
        },
        codes=("CREDS_SECRET_ID_NOT_FOUND",),
        priority=5,
    ),
    "invalid_secret_id": Cause(
        {
            "en": "Likely cause: this is not an API key of this DNS provider; a credential of another kind was probably pasted.",
            "zh": "可能原因：这不是该 DNS 服务商的 API 密钥，可能误填了其他类型的凭证。",
        },
        codes=("CREDS_INVALID_SECRET_ID", "CREDS_LEGACY_DNSPOD_TOKEN"),
        priority=5,
    ),
    "unauthorized": Cause(
        {
            "en": "Likely cause: the key lacks the DNS permissions the ACME client needs, or the domain belongs to another account.",
            "zh": "可能原因：该密钥缺少 ACME 客户端所需的 DNS 权限，或域名属于其他账号。",
        },
        codes=("CREDS_ACTIONS_DENIED", "CREDS_DELETE_DENIED"),
        priority=6,
    ),
    "token_failure": Cause(
        {
            "en": "Likely cause: temporary credentials: the session token is missing, wrong or expired.",
            "zh": "可能原因：使用了临时密钥，但会话 Token 缺失、错误或已过期。",
        },
        codes=("CREDS_TOKEN_FAILURE",),
        priority=5,
    ),
    "api_rate_limited": Cause(
        {
            "en": "Likely cause: too many API calls; wait and retry, and avoid parallel orders for the "
            "same account.",
            "zh": "可能原因：API 调用过于频繁；请稍后重试，并避免同一账号并行签发。",
        },
        codes=("CREDS_RATE_LIMITED",),
        priority=17,
    ),
    "domain_not_in_account": Cause(
        {
            "en": "Likely cause: the domain is not in the DNS account of these keys (added in another account, or not added at all).",
            "zh": "可能原因：域名不在这组密钥所属的 DNS 账号中（在其他账号中添加，或根本没有添加）。",
        },
        codes=("CREDS_ZONE_NOT_IN_ACCOUNT",),
        priority=6,
    ),
    "record_not_found_api": Cause(
        {
            "en": "The record to delete was already gone; harmless by itself.",
            "zh": "要删除的记录已经不存在；本身无害。",
        },
        priority=35,
    ),
    "tencent_other": Cause(
        {
            "en": "Tencent Cloud rejected the call; the code and message above say why.",
            "zh": "腾讯云拒绝了该调用；原因见上面的错误码和消息。",
        },
        priority=18,
    ),
    "api_other": Cause(
        {
            "en": "The DNS provider rejected the call; the code and message above say why.",
            "zh": "DNS 服务商拒绝了该调用；原因见上面的错误码和消息。",
        },
        priority=18,
    ),
    "credentials_missing": Cause(
        {
            "en": "Likely cause: the ACME client was started without the DNS provider's keys ({vars}): set them in the environment it runs in.",
            "zh": "可能原因：ACME 客户端启动时没有拿到 DNS 服务商的密钥（{vars}）：请在它的运行环境中设置。",
        },
        codes=("CREDS_NOT_FOUND",),
        priority=3,
    ),
    # --- the CA ---------------------------------------------------------------------------
    "ca_nxdomain": Cause(
        {
            "en": "Likely cause: the CA's resolvers found no record at {fqdn}: it was never published "
            "at the servers the registrar delegates to, was deleted before validation, or the client "
            "asked too early (Certimate 0.3 with 「DNS 递归服务器」 set skips the TXT check).",
            "zh": "可能原因：CA 的解析器在 {fqdn} 上没有找到记录：记录没有发布到注册商委派的服务器上、验证前已被删除，"
            "或客户端请求验证太早（Certimate 0.3 设置了「DNS 递归服务器」时不会检查 TXT 值）。",
        },
        codes=("DNS_TXT_NOT_FOUND", "DNS_NS_MISMATCH"),
        priority=21,
    ),
    "ca_servfail": Cause(
        {
            "en": "Likely cause: the CA's resolvers got SERVFAIL: an authoritative server is broken or "
            "unreachable, or DNSSEC validation failed (DS at the registrar without matching keys).",
            "zh": "可能原因：CA 的解析器得到 SERVFAIL：某台权威服务器故障或不可达，或 DNSSEC 校验失败"
            "（注册商处有 DS 记录但密钥不匹配）。",
        },
        codes=("DNS_SERVER_LAME", "DNS_SERVER_TIMEOUT"),
        priority=20,
    ),
    "ca_timeout": Cause(
        {
            "en": "Likely cause: an authoritative server of the domain does not answer the CA (timeout).",
            "zh": "可能原因：域名的某台权威服务器不应答 CA 的查询（超时）。",
        },
        codes=("DNS_SERVER_TIMEOUT",),
        priority=20,
    ),
    "ca_dns_other": Cause(
        {
            "en": "The CA's DNS lookup failed; dnsdoctor shows what each authoritative server serves.",
            "zh": "CA 的 DNS 查询失败；dnsdoctor 可以显示每台权威服务器实际返回的内容。",
        },
        priority=22,
    ),
    "ca_wrong_value": Cause(
        {
            "en": "Likely cause: the CA read an old or foreign token: a leftover TXT value, a server "
            "that lags behind, or two orders running at once for the same name.",
            "zh": "可能原因：CA 读到了旧的或别的令牌：遗留的 TXT 值、同步落后的服务器，或同一名称同时进行了两个订单。",
        },
        codes=("DNS_TXT_EXTRA_VALUES", "RESOLVER_STALE_VALUE"),
        priority=21,
    ),
    "ca_rate_limited": Cause(
        {
            "en": "Not a DNS problem: Let's Encrypt's rate limits (e.g. 5 failed validations per hour "
            "per name). Wait, and fix the DNS problem before retrying.",
            "zh": "不是 DNS 问题：触发了 Let's Encrypt 的频率限制（例如每个名称每小时 5 次验证失败）。请等待，并在重试前先解决 DNS 问题。",
        },
        priority=30,
    ),
    # --- acme.sh / certbot ----------------------------------------------------------------
    "acmesh_doh_timeout": Cause(
        {
            "en": "Likely cause: for 20 minutes the public DoH resolver acme.sh uses (Cloudflare, "
            "Google, AliDNS or DNSPod) did not show the value: the record is not at the servers the "
            "registrar delegates to, or that resolver is blocked here. --dnssleep skips the check.",
            "zh": "可能原因：20 分钟内 acme.sh 使用的公共 DoH 解析器（Cloudflare、Google、阿里 DNS 或 DNSPod）一直没有返回该值："
            "记录不在注册商委派的服务器上，或本机访问不了该解析器。--dnssleep 可跳过此检查。",
        },
        codes=("DNS_TXT_NOT_FOUND", "RESOLVER_NEGATIVE_CACHED"),
        priority=23,
    ),
    "acmesh_add_failed": Cause(
        {
            "en": "Likely cause: the DNS API call failed: wrong or missing keys, missing permissions, "
            "or the zone is not in the account. The API message is printed near this line.",
            "zh": "可能原因：DNS API 调用失败：密钥错误或缺失、权限不足，或该区不在此账号中。API 返回的消息在这一行附近。",
        },
        codes=("CREDS_AUTH_FAILURE",),
        priority=19,
    ),
    "certbot_sleep_too_short": Cause(
        {
            "en": "Likely cause: certbot only sleeps {seconds} s and never looks at DNS: the record was "
            "not visible to the CA yet, or was created at a provider the registrar does not delegate "
            "to. Raise --{plugin}-propagation-seconds once dnsdoctor shows every server serving it.",
            "zh": "可能原因：certbot 只等待 {seconds} 秒，从不查询 DNS：CA 验证时记录还不可见，或记录建在了注册商没有委派的服务商处。"
            "请先用 dnsdoctor 确认所有服务器都返回该值，再调大 --{plugin}-propagation-seconds。",
        },
        codes=("DNS_TXT_MISSING", "DNS_SERIAL_LAG"),
        priority=23,
    ),
    "cname_followed": Cause(
        {
            "en": "The TXT lives at {cname}; its zone must be in the same DNS account. If the CNAME "
            "comes from a wildcard, tick Certimate's 「阻止 CNAME 跟随」 (LEGO_DISABLE_CNAME_SUPPORT=true).",
            "zh": "TXT 记录位于 {cname}，它所在的区必须在同一个 DNS 账号中。若该 CNAME 来自通配符记录，"
            "请勾选 Certimate 的「阻止 CNAME 跟随」（LEGO_DISABLE_CNAME_SUPPORT=true）。",
        },
        codes=("DNS_CNAME_FOLLOWED", "DNS_CNAME_DELEGATED"),
        priority=40,
    ),
}
