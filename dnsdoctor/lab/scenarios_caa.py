"""CAA scenarios: the TXT is served everywhere, yet the CA will refuse because of CAA."""

from __future__ import annotations

from dataclasses import dataclass

import dns.message
import dns.name
import dns.rcode
import dns.rdatatype

from dnsdoctor.lab.dns_server import AuthServer
from dnsdoctor.lab.internet import (
    NS1,
    NS2,
    SERIAL,
    TOKEN,
    TOKEN_WILDCARD,
    DemoInternet,
    example_zone,
)
from dnsdoctor.lab.scenarios import Demo, Scenario, register

ORDER = 90
"""Where these scenarios come in the demo's listing (:mod:`dnsdoctor.lab.scenarios`)."""


@dataclass
class CaaServfailServer(AuthServer):
    """Answers every question like NSD, except CAA: SERVFAIL (old software, a filtering box)."""

    def answer(self, qname: dns.name.Name, rdtype: int, response: dns.message.Message) -> None:
        if rdtype == dns.rdatatype.CAA:
            response.set_rcode(dns.rcode.SERVFAIL)
            return
        super().answer(qname, rdtype, response)


def with_caa(*records: str, wildcard: bool = False) -> Demo:
    """The healthy world, with CAA ``records`` (master-file lines) added at example.com."""
    net = DemoInternet()
    txt = (TOKEN, TOKEN_WILDCARD) if wildcard else (TOKEN,)
    text = example_zone(serial=SERIAL + 1, txt=txt, extra="\n".join(records))
    for server in (net.ns1, net.ns2):
        net.set_zone(server, "example.com.", text)
    names = ("example.com", "*.example.com") if wildcard else ("example.com",)
    return Demo(net.world, net.check_argv(*names, expect=txt))


def _other_ca() -> Demo:
    # A CAA record left from the certificates bought before (DigiCert via a reseller).
    return with_caa(
        '@ 600 IN CAA 0 issue "digicert.com"', '@ 600 IN CAA 0 iodef "mailto:ops@example.com"'
    )


def _no_dns01() -> Demo:
    return with_caa('@ 600 IN CAA 0 issue "letsencrypt.org; validationmethods=http-01"')


def _wildcard() -> Demo:
    return with_caa(
        '@ 600 IN CAA 0 issue "letsencrypt.org"', '@ 600 IN CAA 0 issuewild ";"', wildcard=True
    )


def _servfail() -> Demo:
    net = DemoInternet()
    net.set_txt(TOKEN, serial=SERIAL + 1)
    for old in (net.ns1, net.ns2):
        net.world.components.remove(old)
    net.ns1 = CaaServfailServer(NS1, net.port, zones=net.ns1.zones)
    net.ns2 = CaaServfailServer(NS2, net.port, zones=net.ns2.zones)
    net.world.add(net.ns1)
    net.world.add(net.ns2)
    return Demo(net.world, net.check_argv(expect=(TOKEN,)))


def _reg(name: str, en: str, zh: str, build: object, first: str) -> None:
    register(Scenario(name, {"en": en, "zh": zh}, build, first, 1))  # type: ignore[arg-type]


_reg(
    "caa-other-ca",
    "The TXT is served, but a CAA record allows only DigiCert",
    "TXT 已生效，但 CAA 记录只允许 DigiCert 签发",
    _other_ca,
    "CAA_OTHER_CA",
)
_reg(
    "caa-no-dns01",
    "CAA allows Let's Encrypt only with validationmethods=http-01",
    "CAA 只允许 Let's Encrypt 使用 validationmethods=http-01",
    _no_dns01,
    "CAA_NO_DNS01",
)
_reg(
    "caa-wildcard",
    'Apex + wildcard order; CAA issue allows Let\'s Encrypt but issuewild ";" forbids wildcards',
    '主域名 + 通配符订单；CAA issue 允许 Let\'s Encrypt，但 issuewild ";" 禁止通配符',
    _wildcard,
    "CAA_WILDCARD_FORBIDDEN",
)
_reg(
    "caa-servfail",
    "Both DNSPod servers answer SERVFAIL to CAA questions (and everything else fine)",
    "两台 DNSPod 服务器对 CAA 查询都返回 SERVFAIL（其他查询正常）",
    _servfail,
    "CAA_LOOKUP_FAILED",
)
