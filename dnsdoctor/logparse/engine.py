"""Read a pasted ACME client log or error text and say what failed, what it likely means, and which
``dnsdoctor`` command confirms it (``dnsdoctor explain --log FILE|-``).

Recognises the exact wording of lego v4 (Certimate ≤ 0.3), lego v5 (Certimate ≥ 0.4, prefixed
``go-acme/lego:``), acme.sh 3.x, certbot's DNS plugins, the CA's ACME problem documents and the
Tencent Cloud API errors they relay (``[TencentCloudSDKError] Code=…``, the API's JSON, or only
the Chinese/English message text). The strings come from ``shared/ACME_CLIENTS.md`` §5.

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

import collections
import dataclasses
import ipaddress
import itertools
import json
import re
import shlex
import statistics
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from dnsdoctor.model import Text, fill, pick
from dnsdoctor.outside import visible, visible_tree
from dnsdoctor.secrets import clip, printable, redact

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
    "tencent_api_error": {
        "en": "Tencent Cloud API {action} failed with {code} ({phase_label}){message_note}",
        "zh": "腾讯云 API {action} 调用失败，错误码 {code}（{phase_label}）{message_note}",
    },
    "credentials_missing": {
        "en": "The ACME client found no Tencent Cloud / DNSPod credentials ({vars})",
        "zh": "ACME 客户端没有找到腾讯云 / DNSPod 密钥（{vars}）",
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

CAUSE_TEXTS: dict[str, Text] = {
    # --- resolvers -----------------------------------------------------------------------
    "fake_ip_resolver": {
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
    "docker_dns": {
        "en": "Likely cause: 127.0.0.11 is Docker's embedded DNS inside the container; it forwards to "
        "the host's resolvers, so the host's resolver (or a proxy on the host) is what fails. Set "
        "public resolvers in the ACME client or the container's --dns, and check the host's resolver.",
        "zh": "可能原因：127.0.0.11 是容器内 Docker 内置的 DNS，它把查询转发给宿主机的解析器，"
        "所以真正出问题的是宿主机的解析器（或宿主机上的代理）。请在 ACME 客户端或容器的 --dns 中指定公共解析器，"
        "并检查宿主机的解析器。",
    },
    "cloud_internal_resolver": {
        "en": "Likely cause: {resolver_ip} is a cloud provider's internal resolver (Aliyun ECS "
        "100.100.2.136/138, Tencent Cloud 183.60.83.19/183.60.82.98). It caches negative answers "
        "and may not answer non-recursive questions, so lego's check fails on it while the record "
        "exists. Give the ACME client public resolvers (e.g. 119.29.29.29;223.5.5.5).",
        "zh": "可能原因：{resolver_ip} 是云厂商的内网解析器（阿里云 ECS 100.100.2.136/138、腾讯云 "
        "183.60.83.19/183.60.82.98）。它会缓存否定应答，也可能不应答非递归查询，所以记录已存在时 lego 的检查仍在它上面失败。"
        "请给 ACME 客户端指定公共解析器（如 119.29.29.29;223.5.5.5）。",
    },
    "tailscale_dns": {
        "en": "Likely cause: 100.100.100.100 is Tailscale's MagicDNS; it forwards to the tailnet's "
        "DNS settings, which may not reach the internet's resolvers. Give the ACME client public "
        "resolvers.",
        "zh": "可能原因：100.100.100.100 是 Tailscale 的 MagicDNS，它按 tailnet 的 DNS 设置转发，"
        "可能无法到达公网解析器。请给 ACME 客户端指定公共解析器。",
    },
    "local_resolver": {
        "en": "Likely cause: {resolver_ip} is a resolver on this host (systemd-resolved, dnsmasq, "
        "smartdns, AdGuard Home or a proxy's DNS); it did not answer or forward the question. Check "
        "it, or give the ACME client public resolvers.",
        "zh": "可能原因：{resolver_ip} 是本机上的解析器（systemd-resolved、dnsmasq、smartdns、AdGuard Home "
        "或代理的 DNS），它没有应答或转发该查询。请检查它，或给 ACME 客户端指定公共解析器。",
    },
    "lan_resolver": {
        "en": "Likely cause: {resolver_ip} is a resolver on your private network (router, Pi-hole, "
        "AdGuard, corporate DNS); it did not answer. Check it, or give the ACME client public "
        "resolvers.",
        "zh": "可能原因：{resolver_ip} 是内网中的解析器（路由器、Pi-hole、AdGuard、企业 DNS），它没有应答。"
        "请检查它，或给 ACME 客户端指定公共解析器。",
    },
    "authoritative_blocked": {
        "en": "Likely cause: {ns} is an authoritative name server and it did not answer from here: "
        "outbound UDP/TCP port 53 to the internet is blocked, or a router/proxy hijacks port 53. "
        "The record may well be there; this host cannot see it.",
        "zh": "可能原因：{ns} 是权威域名服务器，但从本机访问它没有应答：出站 UDP/TCP 53 端口被封，"
        "或路由器/代理劫持了 53 端口。记录可能已经存在，只是本机看不到。",
    },
    "public_resolver_unreachable": {
        "en": "Likely cause: the resolver {resolver_ip} did not answer: outbound DNS (port 53) is "
        "blocked or filtered on this network. Try another resolver the network allows.",
        "zh": "可能原因：解析器 {resolver_ip} 没有应答：本网络封锁或过滤了出站 DNS（53 端口）。"
        "请换一个本网络允许访问的解析器。",
    },
    "lookup_failed": {
        "en": "Likely cause: this host's resolver {resolver_ip} cannot resolve {host}; the ACME "
        "client cannot reach the CA or the DNS API. Check the host's DNS settings (and any proxy).",
        "zh": "可能原因：本机解析器 {resolver_ip} 无法解析 {host}，ACME 客户端因此无法访问 CA 或 DNS API。"
        "请检查本机的 DNS 设置（以及代理）。",
    },
    "fake_ip_ns_address": {
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
    "private_ns_address": {
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
    "ns_lookup_failed": {
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
    "broken_resolver_ns": {
        "en": "Likely cause: the recursive resolver answered the NS question for {zone} without NS "
        "records, or not at all (time-out). A broken, hijacking or fake-IP resolver does this. "
        "Give the ACME client public resolvers and compare.",
        "zh": "可能原因：递归解析器对 {zone} 的 NS 查询没有返回 NS 记录，或根本没有应答（超时）。"
        "损坏、劫持或 fake-IP 的解析器会这样。请给 ACME 客户端指定公共解析器再对比。",
    },
    "broken_resolver_soa": {
        "en": "Likely cause: lego walks up from {fqdn} asking the recursive resolver for SOA records "
        "and got none in an answer: the resolver timed out, is hijacked, or the domain is not "
        "delegated.",
        "zh": "可能原因：lego 从 {fqdn} 逐级向上向递归解析器查询 SOA，但没有得到任何 SOA 应答："
        "解析器超时、被劫持，或域名没有被正确委派。",
    },
    "zone_is_tld": {
        "en": "Likely cause: the zone came out as {zone}, a top-level domain. The resolver answered "
        "the SOA of the TLD instead of your zone (a hijacking resolver such as AdGuard), or a "
        "wildcard CNAME caught _acme-challenge (Certimate FAQ: tick 「阻止 CNAME 跟随」).",
        "zh": "可能原因：得到的区是顶级域 {zone}。解析器返回了顶级域而不是你的区的 SOA（例如 AdGuard 这类劫持解析器），"
        "或通配符 CNAME 匹配到了 _acme-challenge（Certimate FAQ：勾选「阻止 CNAME 跟随」）。",
    },
    "zone_not_in_account": {
        "en": "Likely cause: the zone {zone} is not in the account of these keys, the key may not "
        "list it (CAM), or a CNAME at _acme-challenge moved the record into another zone.",
        "zh": "可能原因：区 {zone} 不在这组密钥所属的账号中、密钥没有列出它的权限（CAM），"
        "或 _acme-challenge 上的 CNAME 把记录转到了另一个区。",
    },
    "cname_delegated": {
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
    # --- authoritative / propagation ------------------------------------------------------
    "ns_lame": {
        "en": "Likely cause: {ns} is listed as a name server but does not serve the zone ({rcode}): "
        "a lame delegation, a DNSSEC failure, or the zone was not added at that provider.",
        "zh": "可能原因：{ns} 被列为域名服务器，但并不提供该区（{rcode}）：无效委派、DNSSEC 校验失败，"
        "或该服务商处没有添加此区。",
    },
    "record_missing_at_ns": {
        "en": "Likely cause: the authoritative server {ns} says {fqdn} does not exist: the record "
        "was not created, was created in another zone or account, or the registrar delegates the "
        "domain to other name servers than the ones you edit.",
        "zh": "可能原因：权威服务器 {ns} 表示 {fqdn} 不存在：记录没有创建成功、建在了其他区或账号，"
        "或注册商处委派的 NS 并不是你正在编辑的那一家。",
    },
    "resolver_negative_cache": {
        "en": "Likely cause: the recursive resolver {ns} answered NXDOMAIN from its cache (it asked "
        "before the record existed and keeps the negative answer for the zone's SOA minimum), or it "
        "is an internal resolver that does not see public records. lego v5 checks every resolver.",
        "zh": "可能原因：递归解析器 {ns} 从缓存返回了 NXDOMAIN（它在记录创建之前查询过，会按区 SOA 的最小值缓存否定应答），"
        "或它是看不到公网记录的内网解析器。lego v5 会逐个检查所有解析器。",
    },
    "resolver_servfail": {
        "en": "Likely cause: the recursive resolver {ns} answered {rcode}: it could not get an "
        "answer from the authoritative servers (a broken server, a DNSSEC failure) or it refuses "
        "this host.",
        "zh": "可能原因：递归解析器 {ns} 返回 {rcode}：它无法从权威服务器得到应答（服务器故障、DNSSEC 校验失败），"
        "或拒绝本机的查询。",
    },
    "stale_values": {
        "en": "Likely cause: {ns} serves other TXT values at {fqdn} but not the new one: leftovers "
        "from earlier orders or other services (_acme-challenge/_dnsauth), a lagging server, or "
        "the record was written to another zone or account.",
        "zh": "可能原因：{ns} 在 {fqdn} 上返回了其他 TXT 值，却没有新值：之前订单或其他服务遗留的记录"
        "（_acme-challenge/_dnsauth）、服务器同步落后，或记录写到了其他区或账号。",
    },
    "not_propagated": {
        "en": "Likely cause: {ns} has no TXT at {fqdn} yet: the record was not created there, the "
        "server lags behind, or the registrar delegates to other name servers.",
        "zh": "可能原因：{ns} 上 {fqdn} 还没有 TXT：记录没有建在这里、服务器同步落后，或注册商委派给了其他 NS。",
    },
    "propagation_slow": {
        "en": "Likely cause: the record did not become visible to lego's checks{within}. "
        "Either it never reached every authoritative server, or the checks themselves failed (look "
        "for DNS errors above). Raise the propagation timeout only after dnsdoctor shows every "
        "server serving the value.",
        "zh": "可能原因：{within}lego 的检查一直看不到该记录。要么记录没有到达所有权威服务器，"
        "要么检查本身失败（请查看上面的 DNS 错误）。请先用 dnsdoctor 确认所有服务器都返回该值，再考虑调大传播超时。",
    },
    "query_timeouts_in_polling": {
        "en": "Likely cause: each poll takes about {median_gap} s although lego waits only "
        "{interval} s between polls: its DNS queries are timing out (10 s each), the propagation "
        "is not slow. The resolver or the path to the name servers is the problem.",
        "zh": "可能原因：lego 两轮检查之间只等 {interval} 秒，但每轮实际耗时约 {median_gap} 秒："
        "它的 DNS 查询在超时（每次 10 秒），并不是传播慢。问题出在解析器或到域名服务器的网络路径。",
    },
    # --- Tencent Cloud API ----------------------------------------------------------------
    "signature_failure": {
        "en": "Likely cause: the SecretKey does not match the SecretId: a wrong or rotated key, a "
        "space, newline or invisible character around it, or a signer that uses the local date "
        "instead of UTC (fails between 00:00 and 08:00 in UTC+8).",
        "zh": "可能原因：SecretKey 与 SecretId 不匹配：密钥错误或已轮换、密钥前后有空格、换行或不可见字符，"
        "或签名程序使用本地日期而不是 UTC（在 UTC+8 的 0 点到 8 点之间失败）。",
    },
    "signature_expire": {
        "en": "Likely cause: this host's clock differs from Tencent Cloud's by more than 5 minutes "
        "(a wrong time, or a time zone set wrongly). Fix the clock (NTP), then retry.",
        "zh": "可能原因：本机时钟与腾讯云相差超过 5 分钟（时间错误，或时区设置错误）。请校准时钟（NTP）后重试。",
    },
    "secret_id_not_found": {
        "en": "Likely cause: the SecretId does not exist: mistyped, deleted or disabled in the CAM "
        "console, or it has a space or invisible character around it.",
        "zh": "可能原因：SecretId 不存在：输入错误、已在访问管理（CAM）控制台删除或禁用，或前后有空格、不可见字符。",
    },
    "invalid_secret_id": {
        "en": "Likely cause: this is not a Tencent Cloud API key; a DNSPod token (ID,Token) was "
        "probably pasted. Create an API key under CAM → API keys (SecretId starts with AKID).",
        "zh": "可能原因：这不是腾讯云 API 密钥，可能误填了 DNSPod Token（ID,Token）。请在访问管理 → API 密钥中创建密钥"
        "（SecretId 以 AKID 开头）。",
    },
    "unauthorized": {
        "en": "Likely cause: the key (a CAM sub-user) lacks DNSPod permissions, or the domain "
        "belongs to another account. Grant QcloudDNSPodFullAccess or the DescribeDomainList, "
        "DescribeRecordList, CreateRecord and DeleteRecord actions.",
        "zh": "可能原因：该密钥（CAM 子用户）没有 DNSPod 权限，或域名属于其他账号。请授予 QcloudDNSPodFullAccess，"
        "或 DescribeDomainList、DescribeRecordList、CreateRecord、DeleteRecord 接口权限。",
    },
    "token_failure": {
        "en": "Likely cause: temporary credentials: the session token is missing, wrong or expired.",
        "zh": "可能原因：使用了临时密钥，但会话 Token 缺失、错误或已过期。",
    },
    "api_rate_limited": {
        "en": "Likely cause: too many API calls; wait and retry, and avoid parallel orders for the "
        "same account.",
        "zh": "可能原因：API 调用过于频繁；请稍后重试，并避免同一账号并行签发。",
    },
    "domain_not_in_account": {
        "en": "Likely cause: the domain is not in the DNSPod account of these keys (added in "
        "another account, or not added at all).",
        "zh": "可能原因：域名不在这组密钥所属的 DNSPod 账号中（在其他账号中添加，或根本没有添加）。",
    },
    "record_not_found_api": {
        "en": "The record to delete was already gone; harmless by itself.",
        "zh": "要删除的记录已经不存在；本身无害。",
    },
    "tencent_other": {
        "en": "Tencent Cloud rejected the call; the code and message above say why.",
        "zh": "腾讯云拒绝了该调用；原因见上面的错误码和消息。",
    },
    "credentials_missing": {
        "en": "Likely cause: the ACME client was started without the keys: set "
        "TENCENTCLOUD_SECRET_ID/TENCENTCLOUD_SECRET_KEY (lego, Certimate) or "
        "Tencent_SecretId/Tencent_SecretKey (acme.sh dns_tencent) in the environment it runs in.",
        "zh": "可能原因：ACME 客户端启动时没有拿到密钥：请在它的运行环境中设置 TENCENTCLOUD_SECRET_ID/"
        "TENCENTCLOUD_SECRET_KEY（lego、Certimate）或 Tencent_SecretId/Tencent_SecretKey（acme.sh dns_tencent）。",
    },
    # --- the CA ---------------------------------------------------------------------------
    "ca_nxdomain": {
        "en": "Likely cause: the CA's resolvers found no record at {fqdn}: it was never published "
        "at the servers the registrar delegates to, was deleted before validation, or the client "
        "asked too early (Certimate 0.3 with 「DNS 递归服务器」 set skips the TXT check).",
        "zh": "可能原因：CA 的解析器在 {fqdn} 上没有找到记录：记录没有发布到注册商委派的服务器上、验证前已被删除，"
        "或客户端请求验证太早（Certimate 0.3 设置了「DNS 递归服务器」时不会检查 TXT 值）。",
    },
    "ca_servfail": {
        "en": "Likely cause: the CA's resolvers got SERVFAIL: an authoritative server is broken or "
        "unreachable, or DNSSEC validation failed (DS at the registrar without matching keys).",
        "zh": "可能原因：CA 的解析器得到 SERVFAIL：某台权威服务器故障或不可达，或 DNSSEC 校验失败"
        "（注册商处有 DS 记录但密钥不匹配）。",
    },
    "ca_timeout": {
        "en": "Likely cause: an authoritative server of the domain does not answer the CA (timeout).",
        "zh": "可能原因：域名的某台权威服务器不应答 CA 的查询（超时）。",
    },
    "ca_dns_other": {
        "en": "The CA's DNS lookup failed; dnsdoctor shows what each authoritative server serves.",
        "zh": "CA 的 DNS 查询失败；dnsdoctor 可以显示每台权威服务器实际返回的内容。",
    },
    "ca_wrong_value": {
        "en": "Likely cause: the CA read an old or foreign token: a leftover TXT value, a server "
        "that lags behind, or two orders running at once for the same name.",
        "zh": "可能原因：CA 读到了旧的或别的令牌：遗留的 TXT 值、同步落后的服务器，或同一名称同时进行了两个订单。",
    },
    "ca_rate_limited": {
        "en": "Not a DNS problem: Let's Encrypt's rate limits (e.g. 5 failed validations per hour "
        "per name). Wait, and fix the DNS problem before retrying.",
        "zh": "不是 DNS 问题：触发了 Let's Encrypt 的频率限制（例如每个名称每小时 5 次验证失败）。请等待，并在重试前先解决 DNS 问题。",
    },
    # --- acme.sh / certbot ----------------------------------------------------------------
    "acmesh_doh_timeout": {
        "en": "Likely cause: for 20 minutes the public DoH resolver acme.sh uses (Cloudflare, "
        "Google, AliDNS or DNSPod) did not show the value: the record is not at the servers the "
        "registrar delegates to, or that resolver is blocked here. --dnssleep skips the check.",
        "zh": "可能原因：20 分钟内 acme.sh 使用的公共 DoH 解析器（Cloudflare、Google、阿里 DNS 或 DNSPod）一直没有返回该值："
        "记录不在注册商委派的服务器上，或本机访问不了该解析器。--dnssleep 可跳过此检查。",
    },
    "acmesh_add_failed": {
        "en": "Likely cause: the DNS API call failed: wrong or missing keys, missing permissions, "
        "or the zone is not in the account. The API message is printed near this line.",
        "zh": "可能原因：DNS API 调用失败：密钥错误或缺失、权限不足，或该区不在此账号中。API 返回的消息在这一行附近。",
    },
    "certbot_sleep_too_short": {
        "en": "Likely cause: certbot only sleeps {seconds} s and never looks at DNS: the record was "
        "not visible to the CA yet, or was created at a provider the registrar does not delegate "
        "to. Raise --{plugin}-propagation-seconds once dnsdoctor shows every server serving it.",
        "zh": "可能原因：certbot 只等待 {seconds} 秒，从不查询 DNS：CA 验证时记录还不可见，或记录建在了注册商没有委派的服务商处。"
        "请先用 dnsdoctor 确认所有服务器都返回该值，再调大 --{plugin}-propagation-seconds。",
    },
    "cname_followed": {
        "en": "The TXT lives at {cname}; its zone must be in the same DNS account. If the CNAME "
        "comes from a wildcard, tick Certimate's 「阻止 CNAME 跟随」 (LEGO_DISABLE_CNAME_SUPPORT=true).",
        "zh": "TXT 记录位于 {cname}，它所在的区必须在同一个 DNS 账号中。若该 CNAME 来自通配符记录，"
        "请勾选 Certimate 的「阻止 CNAME 跟随」（LEGO_DISABLE_CNAME_SUPPORT=true）。",
    },
}

CONFIRMING_CODES: dict[str, tuple[str, ...]] = {
    "fake_ip_resolver": ("RESOLVER_FAKE_IP",),
    "docker_dns": ("RESOLVER_DOCKER_EMBEDDED",),
    "cloud_internal_resolver": ("RESOLVER_CLOUD_INTERNAL",),
    "local_resolver": ("RESOLVER_LOCAL_STUB", "RESOLVER_UNREACHABLE"),
    "lan_resolver": ("RESOLVER_UNREACHABLE",),
    "authoritative_blocked": ("DNS_SERVER_TIMEOUT",),
    "public_resolver_unreachable": ("RESOLVER_UNREACHABLE",),
    "lookup_failed": ("RESOLVER_UNREACHABLE",),
    "broken_resolver_ns": ("RESOLVER_LEGO_QUERIES_FAIL",),
    "broken_resolver_soa": ("RESOLVER_LEGO_QUERIES_FAIL", "DNS_NOT_DELEGATED"),
    "zone_is_tld": ("RESOLVER_HIJACKED",),
    "zone_not_in_account": ("CREDS_ZONE_NOT_IN_ACCOUNT", "DNS_CNAME_DELEGATED"),
    "cname_delegated": ("DNS_CNAME_DELEGATED",),
    "fake_ip_ns_address": ("RESOLVER_FAKE_IP", "RESOLVER_NS_ADDRESS_MISMATCH"),
    "private_ns_address": ("RESOLVER_NS_ADDRESS_MISMATCH", "RESOLVER_HIJACKED"),
    "ns_lookup_failed": ("RESOLVER_UNREACHABLE", "RESOLVER_LEGO_QUERIES_FAIL"),
    "ns_lame": ("DNS_SERVER_LAME",),
    "record_missing_at_ns": ("DNS_TXT_NOT_FOUND", "DNS_TXT_MISSING", "DNS_NS_MISMATCH"),
    "resolver_negative_cache": ("RESOLVER_NEGATIVE_CACHED",),
    "resolver_servfail": ("RESOLVER_SERVFAIL",),
    "stale_values": ("DNS_TXT_EXTRA_VALUES", "DNS_SERIAL_LAG"),
    "not_propagated": ("DNS_TXT_MISSING", "DNS_TXT_NOT_FOUND", "DNS_SERIAL_LAG"),
    "propagation_slow": ("DNS_TXT_MISSING", "DNS_TXT_NOT_FOUND"),
    "query_timeouts_in_polling": ("RESOLVER_LEGO_QUERIES_FAIL", "DNS_SERVER_TIMEOUT"),
    "signature_failure": ("CREDS_SIGNATURE_FAILURE", "CREDS_INVISIBLE_CHAR"),
    "signature_expire": ("CLOCK_SKEW_SIGNATURE_EXPIRE", "CREDS_SIGNATURE_EXPIRE"),
    "secret_id_not_found": ("CREDS_SECRET_ID_NOT_FOUND",),
    "invalid_secret_id": ("CREDS_INVALID_SECRET_ID", "CREDS_LEGACY_DNSPOD_TOKEN"),
    "unauthorized": ("CREDS_ACTIONS_DENIED", "CREDS_DELETE_DENIED"),
    "token_failure": ("CREDS_TOKEN_FAILURE",),
    "api_rate_limited": ("CREDS_RATE_LIMITED",),
    "domain_not_in_account": ("CREDS_ZONE_NOT_IN_ACCOUNT",),
    "credentials_missing": ("CREDS_NOT_FOUND",),
    "ca_nxdomain": ("DNS_TXT_NOT_FOUND", "DNS_NS_MISMATCH"),
    "ca_servfail": ("DNS_SERVER_LAME", "DNS_SERVER_TIMEOUT"),
    "ca_timeout": ("DNS_SERVER_TIMEOUT",),
    "ca_wrong_value": ("DNS_TXT_EXTRA_VALUES", "RESOLVER_STALE_VALUE"),
    "acmesh_doh_timeout": ("DNS_TXT_NOT_FOUND", "RESOLVER_NEGATIVE_CACHED"),
    "acmesh_add_failed": ("CREDS_AUTH_FAILURE",),
    "certbot_sleep_too_short": ("DNS_TXT_MISSING", "DNS_SERIAL_LAG"),
    "cname_followed": ("DNS_CNAME_FOLLOWED", "DNS_CNAME_DELEGATED"),
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
    ("certimate", "v4"): {
        "en": "Certimate ≤ 0.3 (lego v4 wording)",
        "zh": "Certimate ≤ 0.3（lego v4 措辞）",
    },
    ("certimate", "v5"): {
        "en": "Certimate ≥ 0.4 (lego v5 wording)",
        "zh": "Certimate ≥ 0.4（lego v5 措辞）",
    },
    ("certimate", ""): {"en": "Certimate", "zh": "Certimate"},
    ("lego", "v4"): {
        "en": "lego v4 wording, as in Certimate ≤ 0.3",
        "zh": "lego v4 措辞，Certimate ≤ 0.3 同此",
    },
    ("lego", "v5"): {
        "en": "lego v5 wording, as in Certimate ≥ 0.4",
        "zh": "lego v5 措辞，Certimate ≥ 0.4 同此",
    },
    ("lego", ""): {"en": "lego", "zh": "lego"},
    ("acme.sh", ""): {"en": "acme.sh", "zh": "acme.sh"},
    ("certbot", ""): {"en": "certbot", "zh": "certbot"},
    ("", ""): {"en": "unknown client", "zh": "未知客户端"},
}

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

    def title(self, lang: str = "en") -> str:
        text = fill(pick(KIND_TITLES[self.kind], lang), self._params(lang))
        text = re.sub(r" ?\(\s*\)|（\s*）", "", text)
        return re.sub(r" {2,}", " ", text).rstrip(" :：")

    def meaning(self, lang: str = "en") -> str:
        text = fill(pick(CAUSE_TEXTS[self.cause], lang), self._params(lang))
        if self.kind == "tencent_api_error" and self.fields.get("phase") == "cleanup":
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

_ADDR = r"(?:\[[0-9A-Fa-f:.%]+\]|[0-9A-Za-z_.\-]+):\d{1,5}"
_NETERR_WHAT = (
    r"(?:(?:read|write|connect|dial): )?"
    r"(?:i/o timeout|connection refused|network is unreachable|no route to host|"
    r"connection reset by peer|host is down|operation not permitted|permission denied|"
    r"connection timed out)"
)

P_DNS_CALL = re.compile(
    r"DNS call error: (?P<err>[^\n]{0,400}?) \[ns=(?P<ns>[^,\]\s]*), question='(?P<q>[^'\n]{0,300})'\]"
)
P_NETERR = re.compile(
    rf"\b(?:read|write|dial) (?:udp|tcp)[46]? (?:(?P<src>{_ADDR})->)?(?P<dst>{_ADDR}): "
    rf"(?P<what>{_NETERR_WHAT})"
)
P_LOOKUP = re.compile(
    rf"\blookup (?P<host>[^\s:]{{1,255}}) on (?P<dst>{_ADDR}): (?P<what>[^\n\]]{{0,300}})"
)
P_NO_NS = re.compile(
    r"\[zone=(?P<zone>[^\]\s]{1,255})\] could not determine authoritative nameservers"
)
P_SOA = re.compile(r"could not find the start of authority for '?(?P<fqdn>[^'\s:\]]{1,255})")
P_ZONE_NF = re.compile(
    r"zone (?P<zone>[^\s]{1,255}) not found in (?P<provider>[\w.-]{1,40}) for domain (?P<fqdn>[^\s]{1,255})"
)
P_ZONE_NF2 = re.compile(r"(?P<provider>[\w-]{1,40}): failed to find zone (?P<zone>[^\s:]{1,255})")
P_RCODE = re.compile(
    r"\bNS (?P<ns>[^\s]{1,300}) returned (?P<rcode>[A-Z][A-Za-z]{2,15}) for (?P<fqdn>[^\s]{1,255})"
)
P_TXT_MISS = re.compile(
    r"\bNS (?P<ns>[^\s]{1,300}) did not return the expected TXT record "
    r"\[fqdn: (?P<fqdn>[^,\]\s]{1,255}), value: (?P<value>[^\]\s]{0,300})\]:? ?(?P<found>[^\n]{0,2000})"
)
P_PROP_TIMEOUT = re.compile(
    r"(?P<pfx>propagation|dns01): time limit exceeded(?:: last error: (?P<last>[^\n]{0,2000}))?"
)
P_WAIT_FOR = re.compile(
    r"Wait for propagation \[timeout: (?P<timeout>[\dhmsµun.]{1,20}), interval: (?P<interval>[\dhmsµun.]{1,20})\]"
)
P_ATTR_TIMEOUT = re.compile(r"\btimeout=(?P<v>[\dhmsµun.]{1,20})")
P_ATTR_INTERVAL = re.compile(r"\binterval=(?P<v>[\dhmsµun.]{1,20})")
P_CHECKING = re.compile(
    r"Checking DNS record propagation(?:\. \[nameservers=(?P<a>[^\]\n]{0,1000})\]| using \[(?P<b>[^\]\n]{0,1000})\])"
)
P_FLAG_RESOLVERS = re.compile(r"--dns\.resolvers(?:=|\s{1,4})[\"']?(?P<v>[^\s\"']{1,300})")
P_ENV_RESOLVERS = re.compile(r"\bLEGO_DNS_RESOLVERS=[\"']?(?P<v>[^\s\"']{1,300})")
P_CERTIMATE_NS = re.compile(r'"nameservers"\s{0,3}:\s{0,3}"(?P<v>[^"\n]{1,300})"')
P_CERTIMATE_NS_ZH = re.compile(
    r"DNS 递归服务器[」\s]{0,3}[:：=]?\s{0,3}(?P<v>[\w.:;,\[\] -]{1,300})"
)
P_POLL = re.compile(
    r"acme: Waiting for DNS record propagation\.|dns01: waiting for record propagation\."
)
P_TIMESTAMP = re.compile(
    r"(?P<y>\d{4})[-/](?P<mo>\d{2})[-/](?P<d>\d{2})[ T](?P<h>\d{2}):(?P<mi>\d{2}):(?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?"
)
P_SDK = re.compile(
    r"\[TencentCloudSDK(?:Error|Exception)\] [Cc]ode[=:](?P<code>[A-Za-z][\w.]{0,80}),? "
    r"[Mm]essage[=:](?P<msg>[^\n]{0,1000}?)(?:,? [Rr]equest[Ii]d[=:](?P<rid>[\w-]{1,64})|$)"
)
P_JSON_CODE = re.compile(r'"Code"\s{0,3}:\s{0,3}"(?P<code>[A-Za-z][\w.]{0,80})"')
P_JSON_MSG = re.compile(r'"Message"\s{0,3}:\s{0,3}"(?P<msg>(?:[^"\\\n]|\\.){0,1000})"')
P_JSON_RID = re.compile(r'"RequestId"\s{0,3}:\s{0,3}"(?P<rid>[\w-]{1,64})"')
P_RID_ANY = re.compile(
    r"(?:RequestId|request id)[=:\s]{1,3}\"?(?P<rid>[0-9a-fA-F]{8}-[0-9a-fA-F-]{27,40})"
)
P_CREDS_MISSING = re.compile(
    r"tencentcloud: (?:credentials missing|some credentials information are missing: (?P<vars>[A-Z_,]{1,200}))"
    r"|You don't specify (?P<acmesh>tencent api SecretId and SecretKey|dnspod api key and key id) yet"
)
P_CA_DNS = re.compile(
    r"DNS problem: (?P<what>[^\n]{0,120}?) ?looking up (?P<qtype>[A-Z]{1,10}) for (?P<fqdn>[^\s:]{1,255})"
)
P_CA_INCORRECT = re.compile(
    r'Incorrect TXT record "(?P<found>[^"\n]{0,300})" found at (?P<fqdn>[^\s,;]{1,255})'
)
P_CA_NOTXT = re.compile(r"No TXT record found at (?P<fqdn>[^\s,;]{1,255})")
P_URN = re.compile(r"urn:ietf:params:acme:error:(?P<type>[A-Za-z]{1,40})")
P_ACMESH_CHECKING = re.compile(
    r"Checking (?P<d>[^\s]{1,255}) for (?P<alias>_acme-challenge\.[^\s]{1,255})"
)
P_ACMESH_TIMEOUT = re.compile(r"Timed out waiting for DNS\.")
P_ACMESH_ADD = re.compile(
    r"Error add(?:ing TXT record to domain| txt for domain): ?(?P<fqdn>[^\s]{1,255})"
)
P_ACMESH_TXT = re.compile(r"\btxt='(?P<v>[A-Za-z0-9_-]{20,100})'")
P_CERTBOT_WAIT = re.compile(r"Waiting (?P<secs>\d{1,6}) seconds for DNS changes to propagate")
P_CERTBOT_HINT = re.compile(
    r"failed to verify the DNS TXT records created by --(?P<plugin>[\w-]{1,60})\."
    r"(?:[^\n]{0,400}?\(currently (?P<secs>\d{1,6}) seconds?\))?"
)
P_CERTBOT_DOMAIN = re.compile(r"^\s{0,8}Domain: (?P<d>[^\s]{1,255})\s*$")
P_CNAME_V4 = re.compile(
    r'Found CNAME entry for "(?P<fqdn>[^"\n]{1,255})": "(?P<cname>[^"\n]{1,255})"'
)
P_CNAME_V5 = re.compile(r"dns01: Found CNAME entry\.?(?P<rest>[^\n]{0,600})")
P_ATTR_FQDN = re.compile(r"\bfqdn=\"?(?P<v>[^\s\"]{1,255})")
P_ATTR_CNAME = re.compile(r"\bcname=\"?(?P<v>[^\s\"]{1,255})")
P_DOM_BRACKET = re.compile(r"\[(?P<d>\*?\.?[\w-]{1,63}(?:\.[\w-]{1,63}){1,20}\.?)\] ")
P_DOM_ATTR = re.compile(r"\bdomains?=\"?\[?(?P<d>[\w*.-]{1,255})")
P_DOM_V5 = re.compile(r"had a problem: \[(?:domain: )?(?P<d>[\w*.-]{1,255}?):? ")
P_ANSI = re.compile(r"\x1b\[[0-9;?]{0,20}[A-Za-z]")

_STAGES = (
    ("initial recursive nameserver", "initial"),
    ("recursive nameservers", "recursive"),
    ("authoritative nameservers", "authoritative"),
    ("NS call failed", "ns_lookup"),
    ("could not find zone", "soa"),
    ("could not find the start of authority", "soa"),
)

_MESSAGE_CODES = (
    ("请求签名验证失败", "AuthFailure.SignatureFailure"),
    ("The provided credentials could not be validated", "AuthFailure.SignatureFailure"),
    ("签名过期", "AuthFailure.SignatureExpire"),
    ("Signature expired", "AuthFailure.SignatureExpire"),
    ("SecretId不存在", "AuthFailure.SecretIdNotFound"),
    ("The SecretId is not found", "AuthFailure.SecretIdNotFound"),
    ("密钥非法", "AuthFailure.InvalidSecretId"),
    ("操作未授权", "AuthFailure.UnauthorizedOperation"),
    ("You are not authorized to perform this operation", "AuthFailure.UnauthorizedOperation"),
    ("Token verification failed", "AuthFailure.TokenFailure"),
)

_CODE_CAUSES = (
    ("AuthFailure.SignatureFailure", "signature_failure"),
    ("AuthFailure.SignatureExpire", "signature_expire"),
    ("AuthFailure.SecretIdNotFound", "secret_id_not_found"),
    ("AuthFailure.InvalidSecretId", "invalid_secret_id"),
    ("AuthFailure.UnauthorizedOperation", "unauthorized"),
    ("AuthFailure.TokenFailure", "token_failure"),
    ("UnauthorizedOperation", "unauthorized"),
    ("OperationDenied", "unauthorized"),
    ("FailedOperation.NotDomainOwner", "unauthorized"),
    ("FailedOperation.DomainOwnedByOtherUser", "unauthorized"),
    ("RequestLimitExceeded", "api_rate_limited"),
    ("InvalidParameterValue.DomainNotExists", "domain_not_in_account"),
    ("InvalidParameter.DomainInvalid", "domain_not_in_account"),
    ("ResourceNotFound.NoDataOfRecord", "record_not_found_api"),
)

_ACTIONS = (
    ("failed to get hosted zone: API call failed", "DescribeDomainList"),
    ("dnspod: API call failed", "CreateRecord"),
    ("failed to find TXT records", "DescribeRecordList"),
    ("delete record failed", "DeleteRecord"),
)

_PRIORITY = {
    "fake_ip_resolver": 0,
    "docker_dns": 1,
    "cloud_internal_resolver": 1,
    "tailscale_dns": 1,
    "local_resolver": 2,
    "lan_resolver": 2,
    "credentials_missing": 3,
    "signature_expire": 4,
    "signature_failure": 5,
    "secret_id_not_found": 5,
    "invalid_secret_id": 5,
    "token_failure": 5,
    "unauthorized": 6,
    "domain_not_in_account": 6,
    "authoritative_blocked": 7,
    "fake_ip_ns_address": 0,
    "private_ns_address": 2,
    "ns_lookup_failed": 2,
    "public_resolver_unreachable": 7,
    "zone_is_tld": 8,
    "broken_resolver_ns": 9,
    "broken_resolver_soa": 9,
    "query_timeouts_in_polling": 10,
    "lookup_failed": 11,
    "zone_not_in_account": 12,
    "cname_delegated": 12,
    "ns_lame": 13,
    "record_missing_at_ns": 14,
    "resolver_negative_cache": 14,
    "resolver_servfail": 14,
    "stale_values": 15,
    "not_propagated": 16,
    "api_rate_limited": 17,
    "tencent_other": 18,
    "acmesh_add_failed": 19,
    "ca_servfail": 20,
    "ca_timeout": 20,
    "ca_nxdomain": 21,
    "ca_wrong_value": 21,
    "ca_dns_other": 22,
    "acmesh_doh_timeout": 23,
    "certbot_sleep_too_short": 23,
    "propagation_slow": 25,
    "ca_rate_limited": 30,
    "record_not_found_api": 35,
    "cname_followed": 40,
}
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


def _detect_client(text: str) -> tuple[str, str]:
    v5 = "go-acme/lego:" in text or any(
        s in text
        for s in (
            "dns01: time limit exceeded",
            "dns01: waiting for record propagation",
            "resolver: one or more domains had a problem",
            "dns01: error presenting token (",
            "dns01: Found CNAME entry",
        )
    )
    v4 = any(
        s in text
        for s in (
            "propagation: time limit exceeded",
            "acme: Checking DNS record propagation",
            "Wait for propagation [",
            "acme: Waiting for DNS record propagation",
            "error: one or more domains had a problem:",
            "acme: error presenting token:",
            "acme: cleaning up failed:",
            'Found CNAME entry for "',
        )
    )
    wording = "v5" if v5 else "v4" if v4 else ""
    lowered = text.lower()
    if "certimate" in lowered or "go-acme/lego:" in text:
        return "certimate", wording
    if wording:
        return "lego", wording
    if any(
        s in text
        for s in (
            "acme.sh",
            "--dnssleep",
            "Not valid yet, let's wait",
            "Timed out waiting for DNS.",
            "Error adding TXT record to domain",
            "Error add txt for domain",
            "You don't specify tencent api",
            "You don't specify dnspod api",
            "Let's check each DNS record now",
        )
    ):
        return "acme.sh", ""
    if "certbot" in lowered or P_CERTBOT_WAIT.search(text[:MAX_SCAN_CHARS]) is not None:
        return "certbot", ""
    return "", wording


def _stage(line: str, pos: int) -> str:
    best, where = "", -1
    for marker, stage in _STAGES:
        at = line.rfind(marker, 0, pos)
        if at > where:
            best, where = stage, at
    return best


def _phase(line: str, previous: str) -> str:
    for text in (line, previous):
        if "cleaning up failed" in text or "Cleaning up failed" in text or "CleanUp" in text:
            return "cleanup"
        if "error presenting token" in text or "dnspod: API call failed" in text:
            return "present"
    return ""


def _line_domain(line: str) -> str:
    for pattern in (P_DOM_V5, P_DOM_BRACKET, P_DOM_ATTR):
        for m in pattern.finditer(line):
            name = _domain(m.group("d"))
            if name:
                return name
    certbot = P_CERTBOT_DOMAIN.match(line)
    if certbot:
        return _domain(certbot.group("d"))
    acmesh = P_ACMESH_CHECKING.search(line)
    if acmesh:
        return _domain(acmesh.group("d"))
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


def _scan_line(scan: _Scan, number: int, line: str, previous: str, domain: str) -> None:
    consumed: list[tuple[int, int]] = []

    def inside(m: re.Match[str]) -> bool:
        return any(a <= m.start() and m.end() <= b for a, b in consumed)

    base = {"domain": domain} if domain else {}

    # -- DNS transport errors ------------------------------------------------------------
    for m in P_DNS_CALL.finditer(line):
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
        net = P_NETERR.search(err)
        dst = net.group("dst") if net else ns
        src = (net.group("src") or "") if net else ""
        if net:
            fields["error"] = net.group("what")
        lookup = P_LOOKUP.search(err)
        if lookup:
            # Go's dialer could not resolve the server's host name: the system resolver failed.
            dst, fields["host"] = lookup.group("dst"), lookup.group("host")
            if not net:
                fields["error"] = lookup.group("what").strip()[:120]
            fields["lookup"] = "system"
        _resolver_hit(scan, number, line, m, dst, src, fields)
    for m in P_LOOKUP.finditer(line):
        if inside(m):
            continue
        consumed.append(m.span())
        what = m.group("what").strip()
        inner = P_NETERR.search(what)
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
    for m in P_NETERR.finditer(line):
        if inside(m):
            continue
        consumed.append(m.span())
        fields = {**base, "error": m.group("what"), "stage": _stage(line, m.start())}
        _resolver_hit(scan, number, line, m, m.group("dst"), m.group("src") or "", fields)

    # -- lego's zone and name-server discovery ---------------------------------------------
    for m in P_NO_NS.finditer(line):
        zone = m.group("zone")
        fields = {**base, "zone": zone}
        if not fields.get("domain") and _domain(zone):
            fields["domain"] = _domain(zone)
        scan.hits.append(
            _Hit(
                "no_authoritative_ns",
                "broken_resolver_ns",
                number,
                _excerpt(line, m.start(), m.end()),
                fields,
            )
        )
    for m in P_SOA.finditer(line):
        fqdn = _fqdn(m.group("fqdn"))
        fields = {**base, "fqdn": fqdn}
        if not fields.get("domain") and _domain(fqdn):
            fields["domain"] = _domain(fqdn)
        scan.hits.append(
            _Hit(
                "soa_not_found",
                "broken_resolver_soa",
                number,
                _excerpt(line, m.start(), m.end()),
                fields,
            )
        )
    for m in list(P_ZONE_NF.finditer(line)) + list(P_ZONE_NF2.finditer(line)):
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
        scan.hits.append(
            _Hit(
                "zone_not_found",
                "zone_is_tld" if tld else "zone_not_in_account",
                number,
                _excerpt(line, m.start(), m.end()),
                fields,
                "check" if tld else "check+creds",
            )
        )

    # -- what the name servers said --------------------------------------------------------
    for m in P_RCODE.finditer(line):
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
    for m in P_TXT_MISS.finditer(line):
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

    # -- Tencent Cloud API -----------------------------------------------------------------
    phase = _phase(line, previous)
    action = next((a for marker, a in _ACTIONS if marker in line), "")
    coded = False
    for m in P_SDK.finditer(line):
        coded = True
        _tencent_hit(
            scan,
            number,
            line,
            m,
            m.group("code"),
            m.group("msg"),
            m.group("rid") or "",
            phase,
            action,
            base,
        )
    if not coded:
        cm = P_JSON_CODE.search(line)
        if (
            cm
            and ("Message" in line or "RequestId" in line or "Response" in line)
            and "." in cm.group("code")
        ):
            mm = P_JSON_MSG.search(line)
            rm = P_JSON_RID.search(line)
            coded = True
            _tencent_hit(
                scan,
                number,
                line,
                cm,
                cm.group("code"),
                mm.group("msg") if mm else "",
                rm.group("rid") if rm else "",
                phase,
                action,
                base,
            )
    if not coded:
        for needle, code in _MESSAGE_CODES:
            at = line.find(needle)
            if at >= 0:
                rm2 = P_RID_ANY.search(line)
                span = re.search(re.escape(needle), line)
                assert span is not None
                _tencent_hit(
                    scan,
                    number,
                    line,
                    span,
                    code,
                    needle,
                    rm2.group("rid") if rm2 else "",
                    phase,
                    action,
                    base,
                    inferred=True,
                )
                break
    for m in P_CREDS_MISSING.finditer(line):
        variables = m.group("vars") or (
            "Tencent_SecretId, Tencent_SecretKey"
            if m.group("acmesh") and "tencent" in m.group("acmesh")
            else "DP_Id, DP_Key"
            if m.group("acmesh")
            else "TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY"
        )
        fields = {**base, "vars": variables.replace(",", ", ").replace(",  ", ", ")}
        scan.hits.append(
            _Hit(
                "credentials_missing",
                "credentials_missing",
                number,
                _excerpt(line, m.start(), m.end()),
                fields,
                "creds",
            )
        )

    # -- the CA ----------------------------------------------------------------------------
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
    for m in P_CA_INCORRECT.finditer(line):
        fqdn = _fqdn(m.group("fqdn")).rstrip(".,;:")
        fields = {**base, "found": m.group("found"), "fqdn": fqdn}
        if _domain(fqdn):
            fields["domain"] = _domain(fqdn)
        scan.hits.append(
            _Hit(
                "ca_incorrect_txt",
                "ca_wrong_value",
                number,
                _excerpt(line, m.start(), m.end()),
                fields,
            )
        )
    for m in P_CA_NOTXT.finditer(line):
        fqdn = _fqdn(m.group("fqdn")).rstrip(".,;:")
        fields = {**base, "fqdn": fqdn}
        if _domain(fqdn):
            fields["domain"] = _domain(fqdn)
        scan.hits.append(
            _Hit("ca_no_txt", "ca_nxdomain", number, _excerpt(line, m.start(), m.end()), fields)
        )
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

    # -- acme.sh and certbot ---------------------------------------------------------------
    m2 = P_ACMESH_CHECKING.search(line)
    if m2:
        scan.acmesh_alias = _fqdn(m2.group("alias"))
    m2 = P_ACMESH_TXT.search(line)
    if m2 and not scan.expect:
        scan.expect = m2.group("v")
    m2 = P_ACMESH_TIMEOUT.search(line)
    if m2 and scan.acmesh_timeout_line is None:
        scan.acmesh_timeout_line = (number, _excerpt(line, m2.start(), m2.end()))
    for m in P_ACMESH_ADD.finditer(line):
        fqdn = _fqdn(m.group("fqdn"))
        fields = {**base, "fqdn": fqdn}
        if _domain(fqdn):
            fields["domain"] = _domain(fqdn)
        scan.hits.append(
            _Hit(
                "acmesh_add_failed",
                "acmesh_add_failed",
                number,
                _excerpt(line, m.start(), m.end()),
                fields,
                "creds",
            )
        )
    m2 = P_CERTBOT_WAIT.search(line)
    if m2:
        scan.certbot_secs = m2.group("secs")
    for m in P_CERTBOT_HINT.finditer(line):
        plugin = m.group("plugin")
        secs = m.group("secs") or scan.certbot_secs or "10"
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
    for m in P_CNAME_V4.finditer(line):
        fields = {**base, "fqdn": _fqdn(m.group("fqdn")), "cname": _fqdn(m.group("cname"))}
        scan.hits.append(
            _Hit(
                "cname_followed",
                "cname_followed",
                number,
                _excerpt(line, m.start(), m.end()),
                fields,
            )
        )
    for m in P_CNAME_V5.finditer(line):
        fq, cn = P_ATTR_FQDN.search(m.group("rest")), P_ATTR_CNAME.search(m.group("rest"))
        if fq and cn:
            fields = {**base, "fqdn": _fqdn(fq.group("v")), "cname": _fqdn(cn.group("v"))}
            scan.hits.append(
                _Hit(
                    "cname_followed",
                    "cname_followed",
                    number,
                    _excerpt(line, m.start(), m.end()),
                    fields,
                )
            )
    m2 = P_WAIT_FOR.search(line)
    if m2:
        scan.timeout = scan.timeout or m2.group("timeout")
        scan.interval = scan.interval or _go_duration(m2.group("interval"))
    if "waiting for record propagation" in line and "propagation." not in line:
        t = P_ATTR_TIMEOUT.search(line)
        i = P_ATTR_INTERVAL.search(line)
        if t and not scan.timeout:
            scan.timeout = t.group("v")
        if i and scan.interval is None:
            scan.interval = _go_duration(i.group("v"))
    m2 = P_CHECKING.search(line)
    if m2:
        listed = m2.group("a") if m2.group("a") is not None else m2.group("b") or ""
        for item in re.split(r"[\s,]+", listed):
            if item:
                scan.nameservers.append((number, item, _excerpt(line, m2.start(), m2.end())))
    for pattern in (P_FLAG_RESOLVERS, P_ENV_RESOLVERS, P_CERTIMATE_NS, P_CERTIMATE_NS_ZH):
        for m in pattern.finditer(line):
            for item in re.split(r"[\s,;]+", m.group("v")):
                endpoint = _endpoint(item)
                if endpoint and endpoint not in scan.configured:
                    scan.configured.append(endpoint)
    if P_POLL.search(line):
        scan.polls.append((number, _timestamp(line)))
    for m in P_PROP_TIMEOUT.finditer(line):
        scan.propagation.append(
            (number, (m.group("last") or "").strip(), _excerpt(line, m.start(), m.end()))
        )


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


def _tencent_hit(
    scan: _Scan,
    number: int,
    line: str,
    m: re.Match[str],
    code: str,
    message: str,
    rid: str,
    phase: str,
    action: str,
    base: dict[str, str],
    inferred: bool = False,
) -> None:
    cause = next(
        (c for prefix, c in _CODE_CAUSES if code == prefix or code.startswith(prefix + ".")),
        "tencent_other",
    )
    fields = {**base, "code": code, "message": clip(message.strip().rstrip(",").strip(), 300)}
    if rid:
        fields["request_id"] = rid
    if phase:
        fields["phase"] = phase
    if action:
        fields["action"] = action
    if inferred:
        fields["code_from"] = "message"
    if "AuthFailure" in code or cause in ("unauthorized", "domain_not_in_account"):
        family = "clock+creds" if cause == "signature_expire" else "creds"
    else:
        family = "none"
    scan.hits.append(
        _Hit("tencent_api_error", cause, number, _excerpt(line, m.start(), m.end()), fields, family)
    )


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
            out.append(_command("dnsdoctor", "clock"))
        elif part == "creds":
            out.append(_command("dnsdoctor", "creds", domain))
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


def analyse_log(text: str) -> list[LogMatch]:
    """Recognise the failures in a pasted log or error text, most explanatory first."""
    if not isinstance(text, str):
        raise TypeError("analyse_log() takes the text of a log (str)")
    text = text.replace("\x00", "")
    client, wording = _detect_client(text[:_HEAD_CHARS] + text[-(MAX_SCAN_CHARS - _HEAD_CHARS) :])
    scan = _Scan()
    previous = ""
    context_domain = ""
    for number, raw in _lines(text):
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


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def render_log_matches(matches: Sequence[LogMatch], lang: str = "en") -> str:
    """The text ``dnsdoctor explain --log`` prints."""
    lang = "zh" if lang.startswith("zh") else "en"
    out: list[str] = []
    if not matches:
        out.append(pick(UI["none"], lang))
        out.append(pick(UI["none_hint"], lang))
        out.append(f"  $ dnsdoctor check {PLACEHOLDER_DOMAIN}")
        return "\n".join(out) + "\n"
    out.append(
        fill(pick(UI["head"], lang), {"n": len(matches), "client": matches[0].client_label(lang)})
    )
    for index, m in enumerate(matches, 1):
        out.append("")
        where = fill(pick(UI["line"], lang), {"n": m.line})
        seen = f", {fill(pick(UI['seen'], lang), {'count': m.count})}" if m.count > 1 else ""
        out.append(f"{index}. {redact(m.title(lang))}")
        out.append(f"   [{m.kind} / {m.cause}] {where}{seen}")
        if m.excerpt:
            out.append(f"   > {m.excerpt}")
        colon = "：" if lang == "zh" else ": "
        # The address an authoritative server's query went to is no resolver.
        fields = dict(m.fields)
        if fields.get("stage") == "authoritative" and "resolver" in fields:
            fields["address"] = fields.pop("resolver")
        shown = [
            f"{pick(label, lang)}{colon}{redact(fields[key])}"
            for key, label in FIELD_LABELS.items()
            if fields.get(key) and not (key == "ns" and fields[key] == fields.get("resolver"))
        ]
        if shown:
            out.append("   " + " · ".join(shown))
        out.append("   " + redact(m.meaning(lang)))
        if m.commands:
            out.append("   " + pick(UI["confirm"], lang))
            out.extend(f"     $ {c}" for c in m.commands)
            if m.codes:
                codes = ", ".join(m.codes)
                out.append("   " + fill(pick(UI["codes"], lang), {"codes": codes}))
    return printable("\n".join(out) + "\n", keep="\n")


def render_log_json(matches: Sequence[LogMatch], lang: str = "en") -> str:
    """The JSON ``dnsdoctor explain --log --format json`` prints: one object per match."""
    body = [m.as_dict(lang) for m in matches]
    return redact(json.dumps(body, ensure_ascii=False, indent=2)) + "\n"


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")  # a log saved on a Chinese Windows
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace")


def _read_capped(stream: BinaryIO) -> bytes:
    """All of a stream up to 4 × MAX_SCAN_CHARS bytes; of a longer one, its head and its tail."""
    limit = MAX_SCAN_CHARS * 4
    head_len, tail_len = limit // 4, limit - limit // 4
    try:
        size = stream.seek(0, 2) if stream.seekable() else -1
    except OSError:
        size = -1
    if size >= 0:
        stream.seek(0)
        if size <= limit:
            return stream.read(limit)
        head = stream.read(head_len)
        stream.seek(size - tail_len)
        return head + b"\n" + stream.read(tail_len)
    head = stream.read(head_len)
    chunks: collections.deque[bytes] = collections.deque()
    kept = 0
    while chunk := stream.read(1 << 16):
        chunks.append(chunk)
        kept += len(chunk)
        while chunks and kept - len(chunks[0]) >= tail_len:
            kept -= len(chunks.popleft())
    tail = b"".join(chunks)
    if len(head) + len(tail) <= limit:
        return head + tail
    return head + b"\n" + tail[-tail_len:]


def read_log(source: str) -> str:
    """The text of FILE, or of standard input for ``-``; very large inputs are capped."""
    if source == "-":
        return _decode(_read_capped(sys.stdin.buffer))
    from dnsdoctor.files import open_regular

    fh, _ = open_regular(source)  # a FIFO or a device would block past any deadline
    with fh:
        return _decode(_read_capped(fh))
