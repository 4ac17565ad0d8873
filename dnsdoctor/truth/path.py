"""Is this host's DNS path intercepted? Prove the path before believing what comes back over it.

Everything dnsdoctor knows about the authoritative truth assumes that a packet sent to a root
server, to a TLD server or to ns1.dnspod.net is answered by that server. Clash/Mihomo/sing-box in
TUN mode (``dns-hijack: any:53``), routers that force DNS (OpenWrt "force DNS", a DNAT of port 53),
firewalls and captive portals break that assumption: every port-53 packet, whatever its address,
is answered by the box in the middle. The walk from the root would then blame the domain ("not
delegated", "lame", "lagging") for what the box said.

:func:`path_verdict` decides once per run, from signals that are cheap and hard to fake together:

* **the canary** -- questions sent to an address where no DNS server can exist
  (:data:`DEFAULT_CANARY`, in TEST-NET-1, RFC 5737, never routed on the internet). Any answer at
  all means something answers port 53 for every address;
* **the root's first referral** -- the walk's own first question (the TLD's NS at the first root
  server, RD=0; shared through the client's memo, so it costs no packet). A root server refers: no
  answer section, no RA, the TLD's NS in the authority section. A recursive resolver answers (RA
  set, an answer section); a middlebox answers NXDOMAIN or REFUSED for a TLD that exists;
* **fake-IP addresses** (198.18.0.0/15) in any A answer of a probe;
* **the same fingerprint** (flags, EDNS, TTL) from the root and from the canary.

The kind of interception follows from what answers: fake-IP proxy, forced forwarding to a
resolver, a middlebox answering for everyone, or silence (port 53 blocked). On a clean network the
verdict costs no round trip on the walk's critical path: the root probe *is* the walk's first
question, and the canary is given only a short grace after it (a box on the path answers faster
than the root).
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from dataclasses import dataclass, field

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdatatype

from dnsdoctor.core.context import Context
from dnsdoctor.core.i18n import Phrase, register
from dnsdoctor.net.dns import REFUSED_CONNECTION, TIMEOUT, UNREACHABLE, Reply

DEFAULT_CANARY = ("192.0.2.53", 53)
"""TEST-NET-1 (RFC 5737): documentation only, never routed on the internet, so no DNS server can
ever answer there -- unless something on the path answers for every address."""
CANARY_A = dns.name.from_text("a.root-servers.net.")
"""A name that surely exists: a fake-IP proxy answers its A with 198.18.x.x."""
FAKE_IP_NETS = (ipaddress.ip_network("198.18.0.0/15"),)
"""The fake-ip ranges of Clash/Mihomo (``198.18.0.1/16``), Surge and sing-box (``198.18.0.0/15``)."""
CANARY_GRACE = 0.05
"""Seconds the canary may still take after a genuine root referral (a box on the path answers
within milliseconds, well before the root)."""


SILENT = (TIMEOUT, UNREACHABLE, REFUSED_CONNECTION)
"""How a root server fails when port 53 is blocked: dropped (time-out), or rejected on the way
out (a local firewall: EPERM; ICMP unreachable: refused)."""

# The kinds, as the findings name them.
CLEAN = "clean"
FAKE_IP = "fake-ip"
FORWARDING = "forwarding"
MIDDLEBOX = "middlebox"
BLOCKED = "blocked"

CODES = {
    FAKE_IP: "PATH_FAKE_IP_HIJACK",
    FORWARDING: "PATH_FORCED_FORWARDING",
    MIDDLEBOX: "PATH_ANSWERING_MIDDLEBOX",
    BLOCKED: "PATH_DNS_BLOCKED",
}
"""The finding code that reports each kind (dnsdoctor.checks.path.checks), for skip reasons."""

WORDS = register(
    "path.words",
    {
        "skip": {
            "en": "{what}: the authoritative servers cannot be heard from here (see {code})",
            "zh": "{what}：从这里听不到权威服务器（见 {code}）",
        },
        FAKE_IP: {
            "en": "a fake-IP proxy answers every DNS packet from this host",
            "zh": "fake-IP 代理应答了本机发出的所有 DNS 报文",
        },
        FORWARDING: {
            "en": "this network forces every DNS packet to a resolver",
            "zh": "这个网络把所有 DNS 报文强制转发给一个解析器",
        },
        MIDDLEBOX: {
            "en": "something on the network answers every DNS question itself ({rcode})",
            "zh": "网络中有设备自行应答所有 DNS 查询（{rcode}）",
        },
        BLOCKED: {
            "en": "DNS (port 53) from this host gets no answer",
            "zh": "本机发出的 DNS（53 端口）得不到应答",
        },
        "intercepted": {"en": "DNS from this host is intercepted", "zh": "本机的 DNS 被拦截"},
    },
)
"""Why checks that need the authoritative servers are skipped, per kind of interception."""


def is_fake_ip(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    return any(ip in net for net in FAKE_IP_NETS)


@dataclass(frozen=True)
class Signal:
    """One observation, for the report's evidence."""

    label: str
    value: str
    strong: bool
    """Proof on its own (the canary answered, a fake-IP address) rather than a hint."""


@dataclass
class PathVerdict:
    kind: str = CLEAN
    signals: list[Signal] = field(default_factory=list)
    root: str = ""
    """``addr:port`` of the root server the probe went to."""
    canary: str = ""
    rcode: str = ""
    """What a middlebox answers for everything (``NXDOMAIN``, ``REFUSED``)."""
    fake_addresses: list[str] = field(default_factory=list)

    @property
    def intercepted(self) -> bool:
        return self.kind != CLEAN

    @property
    def hides_authoritative(self) -> bool:
        """Answers over port 53 come from a box on the path, not from the servers asked.

        Silence hides nothing: the walk then fails for what it is (no server answered), and the
        findings that say so are true, only explained by the blocked port."""
        return self.intercepted and self.kind != BLOCKED

    def wording(self) -> Phrase:
        """Why checks that need the authoritative servers are skipped (one line), in the
        reader's language."""
        what = Phrase(WORDS.get(self.kind, WORDS["intercepted"]), {"rcode": self.rcode})
        return Phrase(
            WORDS["skip"], {"what": what, "code": CODES.get(self.kind, "path.interception")}
        )

    def reason(self) -> str:
        """:meth:`wording` in English."""
        return str(self.wording())


class Intercepted(Exception):
    """Raised instead of building the authoritative truth from an intercepted path."""

    def __init__(self, verdict: PathVerdict) -> None:
        super().__init__(verdict.reason())
        self.verdict = verdict


def _tld(ctx: Context) -> dns.name.Name:
    """The TLD the walk asks the root for first (RFC 9156 at the root: its NS)."""
    for t in ctx.targets:
        name = t.challenge
        if len(name) > 2:
            return dns.name.Name(name.labels[-2:])
    return dns.name.from_text("com.")


def _first_root(ctx: Context) -> tuple[str, int]:
    from dnsdoctor.truth.iterate import _roots

    roots = _roots(ctx)
    return roots[0] if roots else ("198.41.0.4", 53)


def canary_endpoint(ctx: Context) -> tuple[str, int]:
    canary = ctx.options.canary
    if canary is not None:
        return canary
    return DEFAULT_CANARY[0], ctx.options.dns_port if ctx.options.roots else DEFAULT_CANARY[1]


def _flags(msg: dns.message.Message) -> str:
    parts = [dns.flags.to_text(msg.flags) or "-"]
    parts.append(f"edns={msg.edns}")
    if msg.edns >= 0:
        parts.append(f"payload={msg.payload}")
    return " ".join(parts)


def _addresses(reply: Reply) -> list[str]:
    if reply.message is None:
        return []
    return [
        rr.address
        for rrset in (*reply.message.answer, *reply.message.additional)
        if rrset.rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA)
        for rr in rrset
    ]


def _describe(reply: Reply) -> str:
    if reply.message is None:
        return reply.failure
    msg = reply.message
    answers = "; ".join(rrset.to_text().replace("\n", "; ") for rrset in msg.answer)[:160]
    parts = [reply.rcode_text, _flags(msg)]
    if answers:
        parts.append(f"answer: {answers}")
    elif msg.authority:
        parts.append(f"authority: {msg.authority[0].to_text().splitlines()[0][:120]}")
    return ", ".join(parts)


def referral_problem(reply: Reply, tld: dns.name.Name) -> str:
    """Why ``reply`` is not what a root server sends for ``tld`` NS (RD=0); empty if it is."""
    msg = reply.message
    if msg is None:
        return ""
    if msg.flags & dns.flags.RA:
        return "recursion available (RA) set: a recursive resolver answered, not a root server"
    if reply.rcode == dns.rcode.NXDOMAIN:
        soa = [r for r in msg.authority if r.rdtype == dns.rdatatype.SOA]
        if not reply.aa or not soa or soa[0].name != dns.name.root:
            return f"NXDOMAIN for the TLD {tld} without the root zone's authority"
        return ""  # a TLD that really does not exist
    if reply.rcode != dns.rcode.NOERROR:
        return f"{reply.rcode_text} from a root server, which answers everybody"
    if msg.answer:
        return "an answer section where a root server refers (RD=0)"
    has_ns = any(r.rdtype == dns.rdatatype.NS and r.name == tld for r in msg.authority)
    if not has_ns and not reply.aa:
        return "neither a referral nor an authoritative answer"
    return ""


def known_verdict(ctx: Context) -> PathVerdict | None:
    """The verdict if this run reached one (for the report's environment), without asking."""
    fut = ctx._memo.get(("path-verdict",))
    if fut is None or not fut.done() or fut.cancelled() or fut.exception() is not None:
        return None
    verdict: PathVerdict = fut.result()
    return verdict


async def path_verdict(ctx: Context) -> PathVerdict:
    """Whether DNS from this host is intercepted, decided once per run."""
    return await ctx.memo(("path-verdict",), lambda: _decide(ctx))


async def _decide(ctx: Context) -> PathVerdict:
    ask = ctx.services.dns.ask
    root_addr, root_port = _first_root(ctx)
    canary_addr, canary_port = canary_endpoint(ctx)
    tld = _tld(ctx)
    verdict = PathVerdict(
        root=Reply(root_addr, root_port, tld, 0, "udp").where,
        canary=Reply(canary_addr, canary_port, tld, 0, "udp").where,
    )
    # The walk's very first question (same key in the client's memo: no extra packet).
    root_task = asyncio.ensure_future(ask(root_addr, root_port, tld, "NS"))
    canary_tasks = [
        asyncio.ensure_future(ask(canary_addr, canary_port, dns.name.root, "NS", rd=True)),
        asyncio.ensure_future(ask(canary_addr, canary_port, CANARY_A, "A", rd=True)),
    ]
    tasks = [root_task, *canary_tasks]
    try:
        # Until the root has spoken or a canary has proved the interception on its own.
        pending = set(tasks)
        while (
            pending
            and not root_task.done()
            and not any(t.done() and t.result().ok for t in canary_tasks)
        ):
            _done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        answered = [t.result() for t in canary_tasks if t.done() and t.result().ok]
        root_now = root_task.result() if root_task.done() else None
        if answered:
            # A box on the path answers at once: the rest of its answers follow closely.
            grace = max(0.1, 3 * max(r.rtt for r in answered))
        elif root_now is not None and root_now.ok and not referral_problem(root_now, tld):
            grace = max(CANARY_GRACE, 3 * root_now.rtt)
        else:
            grace = ctx.services.dns.query_timeout
        pending = {t for t in tasks if not t.done()}
        if pending:
            await asyncio.wait(pending, timeout=min(grace, ctx.remaining()))
        canaries = [t.result() for t in canary_tasks if t.done()]
        root = root_task.result() if root_task.done() else None
    finally:
        for t in tasks:
            if not t.done():
                t.cancel()
    problem = referral_problem(root, tld) if root is not None else ""
    _judge(verdict, root, problem, canaries)
    if not verdict.intercepted and root is not None and not root.ok and root.error in SILENT:
        await _judge_silence(ctx, verdict, root)
    return verdict


def _judge(verdict: PathVerdict, root: Reply | None, problem: str, canaries: list[Reply]) -> None:
    signals = verdict.signals
    if root is not None and problem:
        signals.append(Signal(f"root server {root.where}", f"{problem} ({_describe(root)})", True))
    answered = [c for c in canaries if c.ok]
    for c in answered:
        signals.append(
            Signal(
                f"canary {c.where} (no DNS server can exist there)",
                f"{c.qname.to_text()} {dns.rdatatype.RdataType.make(c.rdtype).name}: {_describe(c)}",
                True,
            )
        )
    heard = [r for r in (root, *answered) if r is not None and r.ok]
    fakes = [a for r in heard for a in _addresses(r) if is_fake_ip(a)]
    if fakes:
        verdict.fake_addresses = sorted(set(fakes))
        signals.append(
            Signal(
                "fake-IP addresses", ", ".join(verdict.fake_addresses) + " (198.18.0.0/15)", True
            )
        )
    if root is not None and root.message is not None and answered and problem:
        fp_root = _flags(root.message)
        fp_canary = _flags(answered[0].message)  # type: ignore[arg-type]
        if fp_root == fp_canary:
            signals.append(
                Signal("same fingerprint", f"root and canary both answer with {fp_root}", False)
            )
    if not problem and not answered and not fakes:
        return
    rcodes = {r.rcode_text for r in heard}
    useful = [
        r
        for r in heard
        if r.rcode == dns.rcode.NOERROR and r.message is not None and r.message.answer
    ]
    if fakes:
        verdict.kind = FAKE_IP
    elif useful:
        verdict.kind = FORWARDING
    elif rcodes and rcodes <= {"NXDOMAIN", "REFUSED", "SERVFAIL", "NOERROR"}:
        verdict.kind = MIDDLEBOX
        verdict.rcode = "/".join(sorted(rcodes - {"NOERROR"})) or "NOERROR without data"
    else:
        verdict.kind = MIDDLEBOX
        verdict.rcode = "/".join(sorted(rcodes)) or "?"


async def _judge_silence(ctx: Context, verdict: PathVerdict, root: Reply) -> None:
    """The first root did not answer: port 53 is blocked if no root answers at all."""
    from dnsdoctor.truth.iterate import ResolutionError, _roots, ask_any

    start = time.monotonic()
    try:
        await ask_any(ctx, _roots(ctx)[:3], _tld(ctx), "NS")
    except ResolutionError as exc:
        failures = [r for r in exc.replies if not r.ok]
        if failures and len(failures) == len(exc.replies):
            verdict.kind = BLOCKED
            for r in failures[:3]:
                verdict.signals.append(Signal(f"root server {r.where}", f"{r.failure}", False))
            verdict.signals.append(
                Signal(
                    "canary",
                    f"{verdict.canary}: no answer either "
                    f"(after {time.monotonic() - start + root.rtt:.1f} s)",
                    False,
                )
            )
