"""Resolver scenarios: the record is fine at the provider, but a resolver between the ACME client
and the truth says otherwise (fake-IP DNS, negative cache, stale cache, split horizon, hijack).

Every scenario names its resolvers on the command line (``--system-resolver``, ``--resolver`` or
``--no-public``), so the report never depends on this machine's resolv.conf or on the internet.
History that poisons a cache (a question asked before the record existed) is made by a
:class:`~dnsdoctor.lab.resolver.WorldScript` when the world starts.
"""

from __future__ import annotations

from dnsdoctor.lab.dns_server import AuthServer, zone_from_text
from dnsdoctor.lab.internet import ROOT, SERIAL, TOKEN, DemoInternet, example_zone
from dnsdoctor.lab.resolver import (
    CachingResolver,
    FakeIpResolver,
    RewritingResolver,
    WorldScript,
)
from dnsdoctor.lab.scenarios import Demo, Scenario, register

ORDER = 20
"""Where these scenarios come in the demo's listing (:mod:`dnsdoctor.lab.scenarios`)."""

SYSTEM = "127.0.0.20"
"""A healthy caching resolver: the home router or the company's resolver."""
FAKE_IP = "127.0.0.22"
"""Stands in for 198.18.0.2, the in-TUN DNS of Clash/Mihomo in fake-ip mode."""
PUBLIC = "127.0.0.23"
"""Stands in for a public resolver (8.8.8.8, 119.29.29.29)."""
PUBLIC_2 = "127.0.0.24"
INTERNAL = "127.0.0.25"
"""The company's internal DNS with its own copy of example.com (split horizon)."""
HIJACK = "127.0.0.26"
"""Whatever answers port 53 "for" a public resolver on a network that hijacks DNS."""
OLD_TOKEN = "old-token-from-the-order-before-xxxxxxxxxxxx"
CHALLENGE = "_acme-challenge.example.com."


def caching(net: DemoInternet, address: str) -> CachingResolver:
    resolver = CachingResolver(address, net.port, roots=[(ROOT, net.port)], upstream_port=net.port)
    net.world.add(resolver)
    return resolver


def resolver_argv(
    net: DemoInternet,
    system: tuple[str, ...],
    public: tuple[str, ...] = (),
    expect: tuple[str, ...] = (TOKEN,),
) -> list[str]:
    """``check`` against the world, with exactly these resolvers (no default is used)."""
    argv = net.check_argv(expect=expect)
    for address in system:
        argv += ["--system-resolver", f"{address}:{net.port}"]
    for address in public:
        argv += ["--resolver", f"{address}:{net.port}"]
    if not public:
        argv.append("--no-public")
    return argv


def _publish_later(net: DemoInternet, *servers: AuthServer, text: str) -> None:
    """Replace example.com on ``servers`` from inside the world's loop (a WorldScript step)."""
    for server in servers:
        server.add_zone(zone_from_text("example.com.", text))


def _ask(resolver: CachingResolver, name: str, rdtype: str = "TXT") -> WorldScript:
    import dns.name
    import dns.rdatatype

    async def step() -> None:
        await resolver.lookup(dns.name.from_text(name), dns.rdatatype.from_text(rdtype))

    return WorldScript([step])


def _fake_ip() -> Demo:
    # The reported Certimate case: the host's resolver is the fake-IP DNS of a TUN proxy; the
    # record is fine at DNSPod; a public resolver sees it.
    net = DemoInternet()
    net.set_txt(TOKEN, serial=SERIAL + 1)
    net.world.add(FakeIpResolver(FAKE_IP, net.port))
    caching(net, PUBLIC)
    return Demo(net.world, resolver_argv(net, (FAKE_IP,), (PUBLIC,)))


def _negative_cache() -> Demo:
    # A pre-check asked a public resolver before the record existed; the zone keeps negative
    # answers for 30 minutes.
    net = DemoInternet()
    before = example_zone(minimum=1800)
    after = example_zone(serial=SERIAL + 1, txt=(TOKEN,), minimum=1800)
    for server in (net.ns1, net.ns2):
        net.set_zone(server, "example.com.", before)
    caching(net, SYSTEM)
    public = caching(net, PUBLIC)
    script = _ask(public, CHALLENGE)
    script.steps.append(lambda: _publish_later(net, net.ns1, net.ns2, text=after))
    net.world.add(script)
    return Demo(net.world, resolver_argv(net, (SYSTEM,), (PUBLIC,)))


def _stale_cache() -> Demo:
    # The system resolver cached the token of the previous order (TTL 600) just before the ACME
    # client replaced it.
    net = DemoInternet()
    old = example_zone(extra=f'_acme-challenge 600 IN TXT "{OLD_TOKEN}"')
    new = example_zone(serial=SERIAL + 1, extra=f'_acme-challenge 600 IN TXT "{TOKEN}"')
    for server in (net.ns1, net.ns2):
        net.set_zone(server, "example.com.", old)
    system = caching(net, SYSTEM)
    caching(net, PUBLIC)
    script = _ask(system, CHALLENGE)
    script.steps.append(lambda: _publish_later(net, net.ns1, net.ns2, text=new))
    net.world.add(script)
    return Demo(net.world, resolver_argv(net, (SYSTEM,), (PUBLIC,)))


def internal_zone() -> str:
    """The company's own copy of example.com: other SOA, internal addresses, no challenge."""
    return """
@ 3600 IN SOA dc1.corp.example.com. hostmaster.corp.example.com. 42 900 600 86400 300
@ 3600 IN NS dc1.corp.example.com.
@ 600 IN A 10.20.0.10
dc1.corp 600 IN A 10.20.0.2
www 600 IN A 10.20.0.11
"""


def _split_horizon() -> Demo:
    net = DemoInternet()
    net.set_txt(TOKEN, serial=SERIAL + 1)
    views = AuthServer(INTERNAL, net.port)
    views.add_zone(zone_from_text("example.com.", internal_zone()))
    internal = RewritingResolver(
        INTERNAL, net.port, roots=[(ROOT, net.port)], upstream_port=net.port, views=views
    )
    net.world.add(internal)
    caching(net, PUBLIC)
    return Demo(net.world, resolver_argv(net, (INTERNAL,), (PUBLIC,)))


def _hijack() -> Demo:
    # Port 53 is answered by a middlebox: a "public resolver" returns a fake-IP address for the
    # name servers and its own TXT.
    net = DemoInternet()
    net.set_txt(TOKEN, serial=SERIAL + 1)
    caching(net, SYSTEM)
    hijack = RewritingResolver(
        HIJACK,
        net.port,
        roots=[(ROOT, net.port)],
        upstream_port=net.port,
        a="198.18.0.77",
        txt="hijacked-by-the-router",
    )
    net.world.add(hijack)
    return Demo(net.world, resolver_argv(net, (SYSTEM,), (HIJACK,)))


def _reg(name: str, en: str, zh: str, build: object, first: str | None, code: int = 1) -> None:
    register(Scenario(name, {"en": en, "zh": zh}, build, first, code))  # type: ignore[arg-type]


_reg(
    "resolver-fake-ip",
    "The system resolver is a Clash/Mihomo fake-IP DNS; the record is fine at DNSPod",
    "系统解析器是 Clash/Mihomo 的 fake-IP DNS；DNSPod 上的记录没有问题",
    _fake_ip,
    "RESOLVER_FAKE_IP",
)
_reg(
    "resolver-negative-cache",
    "A public resolver caches NXDOMAIN from a pre-check for 30 minutes",
    "公共解析器缓存了预查询得到的 NXDOMAIN，长达 30 分钟",
    _negative_cache,
    "RESOLVER_NEGATIVE_CACHED",
    0,
)
_reg(
    "resolver-stale-cache",
    "The system resolver still serves the previous order's token",
    "系统解析器仍返回上一次签发的令牌",
    _stale_cache,
    "RESOLVER_STALE_VALUE",
)
_reg(
    "resolver-split-horizon",
    "The system resolver answers example.com from an internal copy",
    "系统解析器用内网副本应答 example.com",
    _split_horizon,
    "RESOLVER_SPLIT_HORIZON",
)
_reg(
    "resolver-hijack",
    "Port 53 is hijacked: the 'public' resolver's answers are rewritten",
    "53 端口被劫持：“公共”解析器的应答被篡改",
    _hijack,
    "RESOLVER_HIJACKED",
)
