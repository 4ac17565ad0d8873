"""DNS scenarios: the authoritative side of a DNS-01 challenge, healthy and broken."""

from __future__ import annotations

from dnsdoctor.lab.internet import (
    SERIAL,
    TOKEN,
    TOKEN_WILDCARD,
    DemoInternet,
    com_zone,
    example_zone,
    net_zone,
)
from dnsdoctor.lab.scenarios import Demo, Scenario, register

ORDER = 10
"""Where these scenarios come in the demo's listing (:mod:`dnsdoctor.lab.scenarios`)."""


def _healthy() -> Demo:
    net = DemoInternet()
    net.set_txt(TOKEN, TOKEN_WILDCARD, serial=SERIAL + 1)
    return Demo(
        net.world, net.check_argv("example.com", "*.example.com", expect=(TOKEN, TOKEN_WILDCARD))
    )


def _lagging() -> Demo:
    net = DemoInternet()
    net.set_txt(TOKEN, serial=SERIAL + 1, servers=(net.ns1,))
    return Demo(net.world, net.check_argv(expect=(TOKEN,)))


def _ns_mismatch() -> Demo:
    # Registered at Alibaba Cloud; only one of the two NS was switched to DNSPod at the registrar.
    net = DemoInternet()
    net.set_zone(net.tld, "com.", com_zone(("ns1.dnspod.net.", "dns9.hichina.com.")))
    net.set_txt(TOKEN, serial=SERIAL + 1)
    return Demo(net.world, net.check_argv(expect=(TOKEN,)))


def _cname_target_missing() -> Demo:
    net = DemoInternet()
    extra = "_acme-challenge 300 IN CNAME 8f1c2a.auth.acme-dns.net."
    for server in (net.ns1, net.ns2):
        net.set_zone(server, "example.com.", example_zone(extra=extra))
    return Demo(net.world, net.check_argv(expect=(TOKEN,)))


def _lame() -> Demo:
    net = DemoInternet()
    net.set_txt(TOKEN, serial=SERIAL + 1, servers=(net.ns1,))
    net.ns2.zones.clear()  # the zone was never added on ns2: it answers REFUSED
    return Demo(net.world, net.check_argv(expect=(TOKEN,)))


def _unreachable() -> Demo:
    net = DemoInternet()
    net.set_txt(TOKEN, serial=SERIAL + 1)
    net.ns2.fault = "drop"
    return Demo(net.world, net.check_argv(expect=(TOKEN,)))


def _double_label() -> Demo:
    net = DemoInternet()
    extra = f'_acme-challenge.example.com 60 IN TXT "{TOKEN}"'
    for server in (net.ns1, net.ns2):
        net.set_zone(server, "example.com.", example_zone(serial=SERIAL + 1, extra=extra))
    return Demo(net.world, net.check_argv(expect=(TOKEN,)))


def _stale_values() -> Demo:
    net = DemoInternet()
    old = tuple(f"old-token-{i:02d}-left-by-a-failed-order-xxxxxxxxxxxx" for i in range(30))
    net.set_txt(TOKEN, *old, serial=SERIAL + 1)
    return Demo(net.world, net.check_argv(expect=(TOKEN,)))


def _txt_other_value() -> Demo:
    net = DemoInternet()
    net.set_txt("Xb2k9QwE-previous-order-token-4nT7vLmP0aZcR8", serial=SERIAL + 1)
    return Demo(net.world, net.check_argv(expect=(TOKEN,)))


def _wildcard_txt() -> Demo:
    net = DemoInternet()
    extra = '* 600 IN TXT "v=spf1 -all"'
    for server in (net.ns1, net.ns2):
        net.set_zone(server, "example.com.", example_zone(extra=extra))
    return Demo(net.world, net.check_argv(expect=(TOKEN,)))


def _not_delegated() -> Demo:
    net = DemoInternet()
    return Demo(net.world, net.check_argv("example-not-registered.com", expect=(TOKEN,)))


def _ns_cycle() -> Demo:
    # example.com is served by ns.example.net, example.net by ns.example.com; neither has glue.
    net = DemoInternet()
    net.set_zone(net.tld, "com.", com_zone(("ns.example.net.",)))
    net.set_zone(net.tld, "net.", net_zone() + "example 172800 IN NS ns.example.com.\n")
    return Demo(net.world, net.check_argv(expect=(TOKEN,)))


def _ipv6_address_down() -> Demo:
    # ns1.dnspod.net has an IPv4 and an IPv6 address; only the IPv6 one drops packets.
    net = DemoInternet(ipv6=True)
    net.set_txt(TOKEN, serial=SERIAL + 1)
    assert net.ns1_v6 is not None
    net.ns1_v6.fault = "drop"
    return Demo(net.world, net.check_argv(expect=(TOKEN,)))


def _reg(name: str, en: str, zh: str, build: object, first: str | None, code: int = 1) -> None:
    register(Scenario(name, {"en": en, "zh": zh}, build, first, code))  # type: ignore[arg-type]


_reg(
    "healthy",
    "Both DNSPod servers serve both tokens (apex + wildcard order)",
    "两台 DNSPod 服务器都返回两个令牌（主域名 + 通配符订单）",
    _healthy,
    None,
    0,
)
_reg(
    "lagging",
    "ns2.dnspod.net lags: older serial, no TXT yet",
    "ns2.dnspod.net 数据落后：序列号旧，还没有 TXT",
    _lagging,
    "DNS_SERIAL_LAG",
)
_reg(
    "ns-mismatch",
    "Registrar delegates to one DNSPod and one Alibaba Cloud server",
    "注册商处的 NS 一个是 DNSPod，一个是阿里云",
    _ns_mismatch,
    "DNS_NS_MISMATCH",
)
_reg(
    "cname-target-missing",
    "_acme-challenge is a CNAME to acme-dns, whose zone lacks the TXT",
    "_acme-challenge 通过 CNAME 指向 acme-dns，但目标区没有 TXT",
    _cname_target_missing,
    "DNS_CNAME_DELEGATED",
)
_reg(
    "lame",
    "ns2.dnspod.net does not have the zone (REFUSED)",
    "ns2.dnspod.net 上没有该区（REFUSED）",
    _lame,
    "DNS_SERVER_LAME",
)
_reg(
    "unreachable",
    "ns2.dnspod.net drops every packet",
    "ns2.dnspod.net 丢弃所有数据包",
    _unreachable,
    "DNS_SERVER_TIMEOUT",
)
_reg(
    "double-label",
    "The record was created at _acme-challenge.example.com.example.com",
    "记录被建在 _acme-challenge.example.com.example.com",
    _double_label,
    "DNS_DOUBLE_LABEL",
)
_reg(
    "stale-values",
    "30 leftover tokens beside the current one (answer needs TCP)",
    "当前令牌之外还有 30 个遗留令牌（应答需要 TCP）",
    _stale_values,
    "DNS_TXT_EXTRA_VALUES",
    0,
)
_reg(
    "txt-other-value",
    "_acme-challenge holds another token than the expected one (the previous order's)",
    "_acme-challenge 上是另一个令牌（上一个订单的），不是期望的令牌",
    _txt_other_value,
    "DNS_TXT_OTHER_VALUE",
)
_reg(
    "wildcard-txt",
    "A wildcard TXT answers at _acme-challenge; the token is missing",
    "通配符 TXT 在 _acme-challenge 上应答；令牌不存在",
    _wildcard_txt,
    "DNS_TXT_NOT_FOUND",
)
_reg(
    "not-delegated",
    "The domain is not registered (NXDOMAIN at the TLD)",
    "域名未注册（TLD 返回 NXDOMAIN）",
    _not_delegated,
    "DNS_NOT_DELEGATED",
)
_reg(
    "ns-cycle",
    "example.com's name server is in example.net, whose name server is in example.com (no glue)",
    "example.com 的域名服务器在 example.net 中，而 example.net 的域名服务器又在 example.com 中（没有 glue）",
    _ns_cycle,
    "DNS_NS_CYCLE",
)
_reg(
    "ipv6-address-down",
    "ns1.dnspod.net answers on its IPv4 address but not on its IPv6 address (::1)",
    "ns1.dnspod.net 的 IPv4 地址正常，IPv6 地址（::1）无应答",
    _ipv6_address_down,
    "DNS_SERVER_ADDRESS_TIMEOUT",
    0,
)
