"""Interception scenarios: every DNS packet of the host, whatever its address, is answered by a
box on the path (a Clash/Mihomo TUN, a router that forces DNS, a firewall), or dropped.

The domain itself is healthy in every one of them (the token is served by both DNSPod servers):
the report must name the interception first and blame neither the domain, nor the registrar, nor
a name server, nor a public resolver.
"""

from __future__ import annotations

from dnsdoctor.lab.doh_server import add_public_doh, doh_argv
from dnsdoctor.lab.interception import Interception
from dnsdoctor.lab.internet import SERIAL, TOKEN, DemoInternet
from dnsdoctor.lab.scenarios import Demo, Scenario, register

ORDER = 80
"""Where these scenarios come in the demo's listing (:mod:`dnsdoctor.lab.scenarios`)."""

SYSTEM = "127.0.0.20"
"""The host's resolver (the router, or the proxy's own DNS): hijacked like every other address."""
PUBLIC = "127.0.0.23"
"""A public resolver the host asks over port 53 (8.8.8.8 for real)."""


def build(kind: str, published: tuple[str, ...] = (TOKEN,)) -> Demo:
    net = DemoInternet()
    net.set_txt(*published, serial=SERIAL + 1)
    hijack = Interception(net, kind)
    doh = add_public_doh(net)  # AliDNS, DNSPod, Cloudflare, Google stand-ins, past port 53
    argv = ["check", "example.com", *hijack.argv(net), "--expect", TOKEN, *doh_argv(doh)]
    argv += ["--system-resolver", f"{SYSTEM}:{hijack.port}"]
    argv += ["--resolver", f"{PUBLIC}:{hijack.port}"]
    return Demo(net.world, argv)


def _reg(
    name: str,
    kind: str,
    en: str,
    zh: str,
    first: str,
    code: int = 1,
    published: tuple[str, ...] = (TOKEN,),
) -> None:
    register(Scenario(name, {"en": en, "zh": zh}, lambda: build(kind, published), first, code))


_reg(
    "intercept-fake-ip",
    "fake-ip",
    "A Clash/Mihomo TUN hijacks all port-53 traffic (fake-IP); the domain is fine",
    "Clash/Mihomo TUN 劫持了所有 53 端口流量（fake-IP）；域名本身没有问题",
    "PATH_FAKE_IP_HIJACK",
)
_reg(
    "intercept-forwarding",
    "forwarding",
    "The router forces all DNS to its own resolver; the domain is fine",
    "路由器把所有 DNS 强制转发给自己的解析器；域名本身没有问题",
    "PATH_FORCED_FORWARDING",
    0,
)
_reg(
    "intercept-nxdomain",
    "nxdomain",
    "A firewall answers NXDOMAIN to every DNS question; the domain is fine",
    "防火墙对所有 DNS 查询都回答 NXDOMAIN；域名本身没有问题",
    "PATH_ANSWERING_MIDDLEBOX",
)
_reg(
    "intercept-blocked",
    "drop",
    "Port 53 is silently dropped on the way out; the domain is fine",
    "出站 53 端口被静默丢弃；域名本身没有问题",
    "PATH_DNS_BLOCKED",
)
_reg(
    "intercept-record-missing",
    "forwarding",
    "The router forces DNS to its resolver, and the record is really missing (DoH shows it)",
    "路由器强制转发 DNS，而且记录确实不存在（DoH 显示了这一点）",
    "PATH_DOH_TXT_MISSING",
    published=(),
)
