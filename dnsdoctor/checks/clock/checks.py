"""The clock family: is the local clock close enough to the world's for the DNS provider to accept
our signatures?

A DNS provider's API rejects a request whose timestamp is too far from its own clock, in either
direction: Tencent Cloud API 3.0 beyond 300 s (``AuthFailure.SignatureExpire``), Alibaba Cloud
beyond 15 minutes (``InvalidTimeStamp.Expired``); the ACME client then cannot create or delete the
challenge record. The window, the provider's name and its error code come from the provider the run
checks (:attr:`~dnsdoctor.providers.base.Provider.clock_window`, :func:`clock_provider`): the one
named by ``--provider``, else the one whose credentials or name servers ``--provider auto`` finds.
With no provider in view (``--provider none``; ``auto`` when no credentials are found and no zone's
name servers tell) the clock is judged against the strictest window of the providers dnsdoctor
knows (:func:`default_provider`, Tencent Cloud's 300 s) and the findings name that provider: a clock
that passes it passes every provider, and the operator reads who would reject the request and with
which code, not an abstraction. Each provider's ``texts.CLOCK_WORDING`` says the findings in its
words; the params carry the data (``provider``, ``window`` in seconds, the provider's error
``code``). The check measures the clock against several NTP servers at
once (defaults that answer in and outside mainland China), and at the same time reads the HTTP
``Date`` header of the Tencent Cloud API endpoint and of any ``--time-url``: that fallback decides
only when no NTP server gave a usable answer (UDP/123 is often blocked in company networks).

Estimation: unsynchronised servers (stratum 0 or 16, leap indicator 3) are ignored; the largest set
of samples whose intervals (offset ± half the delay, widened by :data:`AGREEMENT`) overlap is found
(Marzullo's algorithm, as in NTP's selection step); if it is a majority, its median is the estimate
and every sample outside it is a falseticker. The uncertainty is half the round-trip delay of the
median sample (plus half a second for the one-second resolution of ``Date``).

Offsets follow the NTP convention, ``server - local``: a negative offset means the local clock is
*ahead*. Every text says it in words: "6 min 52 s ahead".

The findings' codes and texts, and the words of their params, are in :mod:`.specs`.

Sources. ``--ntp HOST[:PORT]`` (``Options.ntp_servers``) replaces :data:`DEFAULT_NTP_SERVERS`.
``--time-url URL`` (``Options.time_urls``) adds Date sources. A provider's API is read when the run
names its endpoint (:meth:`~dnsdoctor.providers.base.Provider.named_time_url`: the provider says
which of its options that is), and the public API of :func:`default_provider` when no ``--ntp`` was
given: a run that names its servers reaches nothing else, which is what keeps the demo world on
loopback (:func:`plan_sources`).
"""

from __future__ import annotations

import asyncio
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from dnsdoctor import providers
from dnsdoctor.checks.base import Scope, Skip, check
from dnsdoctor.checks.clock.platform import (
    Platform,
    Probe,
    detect,
    manual_check_commands,
    skew_remedy,
    timezone_remedy,
)
from dnsdoctor.checks.clock.specs import (  # the family's codes and texts
    DRIFT,
    FALSETICKER,
    FAMILY,
    NTP_BLOCKED,
    OFFSET_SPECS,
    SIGNATURE_EXPIRE,
    SOURCE_SPECS,
    SOURCE_UNUSABLE,
    SOURCES_DISAGREE,
    TIMEZONE_MISTAKE,
    UNVERIFIED,
    WORDS,
)
from dnsdoctor.checks.dns.served import named_provider, with_credentials
from dnsdoctor.core.i18n import Phrase, Wording
from dnsdoctor.core.model import Evidence, Finding, Severity
from dnsdoctor.net.http import HttpClient, HttpDate, HttpError, parse_url
from dnsdoctor.net.ntp import NTP_PORT, NtpClient, NtpError, NtpSample, Resolve, is_ip
from dnsdoctor.providers.base import Provider

if TYPE_CHECKING:
    from dnsdoctor.core.context import Context, Options, Target

DEFAULT_NTP_SERVERS: tuple[tuple[str, int], ...] = (
    ("ntp.tencent.com", NTP_PORT),  # Tencent, mainland China
    ("ntp.aliyun.com", NTP_PORT),  # Alibaba Cloud, mainland China
    ("time.cloudflare.com", NTP_PORT),  # anycast, reachable from most networks
    ("pool.ntp.org", NTP_PORT),  # volunteer pool, has servers in China (cn.pool.ntp.org)
)
"""NTP servers asked when ``--ntp`` is not given: two that answer well inside mainland China, two
that answer well outside it."""
DRIFT_THRESHOLD = 30.0
"""A clock this far off is not synchronised, even if requests still pass."""
AGREEMENT = 1.0
"""Seconds by which two sources may differ beyond their uncertainties and still agree."""
TIMEZONE_TOLERANCE = 120.0
"""How close to a whole (or half) number of hours an offset must be to look like a time zone
mistake: a clock set by hand is rarely better than a minute or two."""
RESOLVE_BUDGET = 3.0
"""Extra seconds a source named by host name gets for the resolution of that name."""
REPORT_MARGIN = 0.25
"""Every question ends this long before the run's budget, so that the checks still report it."""
PROBE: Probe | None = None
"""The platform probe used for remedies; ``None`` is the real machine (tests put a fake here)."""

SourceKind = Literal["ntp", "http"]


# --------------------------------------------------------------------------- words


def duration_words(seconds: float, lang: str = "en") -> str:
    """``"7 min 12 s"`` / ``"7 分 12 秒"``: the largest two units, rounded to the smaller one."""
    units = ("天", "小时", "分", "秒") if lang == "zh" else ("d", "h", "min", "s")
    s = abs(seconds)
    if s < 9.95:
        text = f"{s:.1f}".removesuffix(".0")
        return f"{text} {units[3]}"
    n = round(s)
    if n < 3600:
        parts = divmod(n, 60)
        named = ((parts[0], units[2]), (parts[1], units[3]))
    elif round(s / 60) < 1440:
        parts = divmod(round(s / 60), 60)
        named = ((parts[0], units[1]), (parts[1], units[2]))
    else:
        parts = divmod(round(s / 3600), 24)
        named = ((parts[0], units[0]), (parts[1], units[1]))
    return " ".join(f"{v} {u}" for v, u in named if v) or f"0 {units[3]}"


def skew_words(offset: float, lang: str = "en") -> str:
    """The local clock's error in words, from an NTP-convention offset (server - local)."""
    amount = duration_words(offset, lang)
    ahead = offset < 0
    if lang == "zh":
        return f"{'快了' if ahead else '慢了'} {amount}"
    return f"{amount} {'ahead' if ahead else 'behind'}"


@dataclass(frozen=True)
class Duration(Wording):
    """A length of time in the reader's words: "7 min 12 s" / "7 分 12 秒"."""

    seconds: float

    def render(self, lang: str) -> str:
        return duration_words(self.seconds, lang)


@dataclass(frozen=True)
class Skew(Wording):
    """The local clock's error in the reader's words, from an NTP-convention offset: "7 min 12 s
    ahead" / "快了 7 分 12 秒"."""

    offset: float

    def render(self, lang: str) -> str:
        return skew_words(self.offset, lang)


def _seconds(value: float) -> str:
    return f"{value:+.3f} s"


def _hours_text(hours: float) -> str:
    whole = int(hours)
    minutes = round((hours - whole) * 60)
    return f"{whole}" if minutes == 0 else f"{whole}:{minutes:02d}"


def timezone_hours(offset: float, uncertainty: float = 0.0) -> float | None:
    """The number of hours (whole, half, or a 45-minute zone) ``offset`` is close to, if any."""
    a = abs(offset)
    if uncertainty > TIMEZONE_TOLERANCE or a < 1800 - TIMEZONE_TOLERANCE:
        return None
    if a > 14 * 3600 + TIMEZONE_TOLERANCE:  # no time zone is further than UTC+14
        return None
    k = round(a / 1800)
    if k >= 1 and abs(a - k * 1800) <= TIMEZONE_TOLERANCE:
        return k / 2
    for hours in (5.75, 8.75, 12.75):  # Nepal, Eucla, Chatham
        if abs(a - hours * 3600) <= TIMEZONE_TOLERANCE:
            return hours
    return None


# --------------------------------------------------------------------------- sources


def parse_ntp_server(text: str) -> tuple[str, int]:
    """``HOST``, ``HOST:PORT``, ``[IPv6]:PORT`` or a bare IPv6 address -> (host, port).

    For the CLI's ``--ntp``; raises ValueError with a message fit for the user."""
    raw = text.strip()
    if not raw:
        raise ValueError("empty NTP server")
    host, port_text = raw, None
    if raw.startswith("["):
        end = raw.find("]")
        if end < 0:
            raise ValueError(f"{text!r}: missing ']'")
        host, rest = raw[1:end], raw[end + 1 :]
        if rest:
            if not rest.startswith(":"):
                raise ValueError(f"{text!r}: expected ':PORT' after ']'")
            port_text = rest[1:]
    elif raw.count(":") == 1:
        host, port_text = raw.split(":")
    if not host or any(c.isspace() for c in host):
        raise ValueError(f"{text!r}: not a host name or address")
    if port_text is None:
        return host, NTP_PORT
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ValueError(f"{text!r}: port must be a number from 1 to 65535")
    return host, int(port_text)


@dataclass(frozen=True)
class SourcePlan:
    ntp: tuple[tuple[str, int], ...]
    urls: tuple[str, ...]


def plan_sources(options: Options) -> SourcePlan:
    """Which NTP servers and Date URLs a run asks (see the module docstring): every provider's
    API endpoint the run names, and without ``--ntp`` the public API of the provider the run
    names (``--provider NAME``), else of :func:`default_provider`."""
    ntp = tuple(options.ntp_servers) or DEFAULT_NTP_SERVERS
    urls = list(options.time_urls)
    public = named_provider(options) or default_provider()
    for provider in providers.all_providers():
        url = provider.named_time_url(options)
        if url is None and provider is public and not options.ntp_servers:
            url = provider.time_url
        if url and url not in urls:
            urls.append(url)
    return SourcePlan(ntp, tuple(urls))


def provider_url(options: Options, provider: Provider) -> str:
    """The URL the clock remedies' commands read a ``Date`` from: the provider's endpoint as the
    run names it, else its public API."""
    return provider.named_time_url(options) or provider.time_url or default_provider().time_url


def ntp_label(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return shown if port == NTP_PORT else f"{shown}:{port}"


# --------------------------------------------------------------------------- estimation


@dataclass(frozen=True)
class TimeSample:
    source: str
    kind: SourceKind
    offset: float
    uncertainty: float


@dataclass(frozen=True)
class Estimate:
    offset: float
    """Server time minus local time (negative: the local clock is ahead)."""
    uncertainty: float
    kind: SourceKind
    used: tuple[TimeSample, ...]
    """The agreeing samples the estimate is the median of."""
    falsetickers: tuple[TimeSample, ...] = ()
    agreed: bool = True
    """A majority of the samples agree (otherwise ``used`` is every sample)."""
    spread: float = 0.0


def _width(sample: TimeSample) -> float:
    return sample.uncertainty + AGREEMENT / 2


def estimate(samples: Sequence[TimeSample]) -> Estimate | None:
    """Median of the largest agreeing majority, naming the falsetickers (Marzullo's algorithm)."""
    if not samples:
        return None
    edges: list[tuple[float, int]] = []
    for s in samples:
        edges += [(s.offset - _width(s), 0), (s.offset + _width(s), 1)]
    edges.sort()  # at equal values starts (0) come before ends (1): touching intervals agree
    count = best = 0
    point = samples[0].offset
    for value, end in edges:
        count += -1 if end else 1
        if count > best:
            best, point = count, value
    chosen = [s for s in samples if s.offset - _width(s) <= point <= s.offset + _width(s)]
    spread = max(s.offset for s in samples) - min(s.offset for s in samples)
    kind = samples[0].kind
    if len(chosen) * 2 > len(samples):
        falsetickers = tuple(s for s in samples if s not in chosen)
        offset, uncertainty = _median(chosen)
        return Estimate(offset, uncertainty, kind, tuple(chosen), falsetickers, True, spread)
    offset, uncertainty = _median(list(samples))
    uncertainty = max(uncertainty, spread / 2)
    return Estimate(offset, uncertainty, kind, tuple(samples), (), False, spread)


def _median(samples: list[TimeSample]) -> tuple[float, float]:
    ordered = sorted(samples, key=lambda s: s.offset)
    n = len(ordered)
    if n % 2:
        middle = ordered[n // 2]
        return middle.offset, middle.uncertainty
    a, b = ordered[n // 2 - 1], ordered[n // 2]
    return (
        statistics.fmean([a.offset, b.offset]),
        max(a.uncertainty, b.uncertainty) + abs(b.offset - a.offset) / 2,
    )


NtpResult = NtpSample | NtpError
HttpResult = HttpDate | HttpError


@dataclass(frozen=True)
class Measurement:
    ntp: tuple[tuple[str, NtpResult], ...]
    """(label, sample or error) per NTP server, in the order asked."""
    http: tuple[tuple[str, HttpResult], ...]
    estimate: Estimate | None
    local_time: float
    """The local clock when the measurement ended."""
    named: frozenset[str] = field(default_factory=frozenset)
    """Labels of the sources the user named (``--ntp``, ``--time-url``)."""

    @property
    def ntp_samples(self) -> list[TimeSample]:
        return [
            TimeSample(label, "ntp", r.offset, r.uncertainty)
            for label, r in self.ntp
            if isinstance(r, NtpSample) and r.synchronised
        ]

    @property
    def http_samples(self) -> list[TimeSample]:
        return [
            TimeSample(label, "http", r.offset, r.uncertainty)
            for label, r in self.http
            if isinstance(r, HttpDate)
        ]

    @property
    def ntp_silent(self) -> bool:
        """NTP servers were asked and not one datagram came back."""
        return bool(self.ntp) and all(
            isinstance(r, NtpError) and r.kind in ("timeout", "unreachable") for _, r in self.ntp
        )


def decide(
    ntp: Sequence[tuple[str, NtpResult]],
    http: Sequence[tuple[str, HttpResult]],
    local_time: float,
    named: Iterable[str] = (),
) -> Measurement:
    """NTP decides if any synchronised server answered; the HTTP Date sources only otherwise."""
    draft = Measurement(tuple(ntp), tuple(http), None, local_time, frozenset(named))
    found = estimate(draft.ntp_samples) or estimate(draft.http_samples)
    return Measurement(draft.ntp, draft.http, found, local_time, draft.named)


def _resolver(ctx: Context) -> Resolve:
    async def resolve(host: str) -> list[str]:
        from dnsdoctor.truth.iterate import ResolutionError, host_addresses  # the tool's resolver
        from dnsdoctor.truth.path import path_verdict

        try:
            return await host_addresses(ctx, host)
        except ResolutionError:
            # Blame the DNS path, not UDP 123 or the server, when that is what failed.
            verdict = await path_verdict(ctx)
            if verdict.intercepted:
                raise ResolutionError(verdict.reason()) from None
            raise

    return resolve


async def measure(ctx: Context) -> Measurement:
    """Ask every NTP server and Date URL at once, each with its own deadline."""
    plan = plan_sources(ctx.options)
    ntp_client = ctx.services.ntp or NtpClient()
    http_client = ctx.services.http or HttpClient()
    resolve = _resolver(ctx)
    base = max(0.2, ctx.options.query_timeout)

    def budget(host: str, seconds: float) -> float:
        extra = 0.0 if is_ip(host.strip("[]")) else RESOLVE_BUDGET
        return max(0.05, min(seconds + extra, ctx.remaining() - REPORT_MARGIN))

    async def ask_ntp(host: str, port: int) -> NtpResult:
        try:
            return await ntp_client.query(
                host, port, timeout=budget(host, base), resolve=resolve, clock=ctx.clock
            )
        except NtpError as exc:
            return exc

    async def ask_http(url: str) -> HttpResult:
        try:
            host = parse_url(url).host
            return await http_client.date(
                url, budget(host, base * 1.5), resolve=resolve, clock=ctx.clock
            )
        except HttpError as exc:
            return exc

    ntp_results, http_results = await asyncio.gather(
        asyncio.gather(*(ask_ntp(h, p) for h, p in plan.ntp)),
        asyncio.gather(*(ask_http(u) for u in plan.urls)),
    )
    named = {ntp_label(h, p) for h, p in ctx.options.ntp_servers} | set(ctx.options.time_urls)
    return decide(
        [(ntp_label(h, p), r) for (h, p), r in zip(plan.ntp, ntp_results, strict=True)],
        list(zip(plan.urls, http_results, strict=True)),
        ctx.clock(),
        named,
    )


async def measurement(ctx: Context) -> Measurement:
    """The run's one measurement, shared by the clock checks."""
    return await ctx.memo(("clock", "measurement"), lambda: measure(ctx))


async def platform_of(ctx: Context) -> Platform:
    async def look() -> Platform:
        return await asyncio.to_thread(detect, PROBE)

    return await ctx.memo(("clock", "platform"), look)


# --------------------------------------------------------------------------- evidence


def _iso(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _ntp_line(result: NtpResult, est: Estimate | None, label: str) -> str:
    if isinstance(result, NtpError):
        return f"no usable answer ({result.kind}): {result.message}"
    text = (
        f"{result.endpoint} offset {_seconds(result.offset)}, delay {result.delay * 1000:.1f} ms, "
        f"stratum {result.stratum}, leap {result.leap}, ref id {result.ref_id or '-'}"
    )
    if not result.synchronised:
        text += " -- ignored: not synchronised"
    elif est is not None and any(s.source == label for s in est.falsetickers):
        text += " -- falseticker, ignored"
    return text


def _http_line(result: HttpResult, est: Estimate | None, label: str) -> str:
    if isinstance(result, HttpError):
        return f"no usable answer ({result.kind}): {result.message}"
    text = (
        f"Date: {result.header} (HTTP {result.status} from {result.endpoint}), offset "
        f"{_seconds(result.offset)} ± {result.uncertainty:.1f} s"
    )
    if est is not None and any(s.source == label for s in est.falsetickers):
        text += " -- falseticker, ignored"
    return text


def _source_words(est: Estimate) -> Phrase:
    """Which source decided, in words: "NTP, median of 3 servers (a, b, c)"."""
    names = ", ".join(s.source for s in est.used)
    n = len(est.used)
    many = "many" if n > 1 else "one"
    return Phrase(WORDS[f"decided_{est.kind}_{many}"], {"names": names, "n": n})


def measurement_evidence(m: Measurement) -> tuple[Evidence, ...]:
    items: list[Evidence] = []
    est = m.estimate
    if est is not None:
        items.append(
            Evidence(
                "offset",
                f"{_seconds(est.offset)} ± {est.uncertainty:.3f} s (server - local: your clock "
                f"is {skew_words(est.offset)})",
            )
        )
        items.append(Evidence("decided by", str(_source_words(est))))
        items.append(Evidence("reference time (UTC)", _iso(m.local_time + est.offset)))
    items.append(Evidence("local clock (UTC)", _iso(m.local_time)))
    items += [Evidence(f"NTP {label}", _ntp_line(r, est, label)) for label, r in m.ntp]
    items += [Evidence(f"HTTP {label}", _http_line(r, est, label)) for label, r in m.http]
    return tuple(items)


def _platform_evidence(plat: Platform) -> tuple[Evidence, ...]:
    seen = (Evidence("platform seen", line) for line in plat.observations)
    return (Evidence("platform", plat.display), *seen)


def _offset_params(est: Estimate) -> dict[str, Any]:
    return {
        "offset": round(est.offset, 3),
        "uncertainty": round(est.uncertainty, 3),
        "offset_text": _seconds(est.offset),
        "uncertainty_text": f"{est.uncertainty:.3f} s",
        "offset_abs": Duration(abs(est.offset)),
        "skew": Skew(est.offset),
        "source": est.kind,
        "decided_by": _source_words(est),
    }


# --------------------------------------------------------------------------- checks


def default_provider() -> Provider:
    """The provider a clock is judged against when the run has none in view: the one with the
    strictest window (the first in the registry's order among equals), so that a clock that passes
    it passes every provider."""
    return min(providers.all_providers(), key=lambda p: p.clock_window)


async def clock_provider(ctx: Context) -> tuple[Provider, bool]:
    """The provider whose window the clock is judged against, and whether the run selected it
    (``--provider NAME``, or the credentials or name servers ``--provider auto`` goes by)."""
    from dnsdoctor.checks.creds.lint import provider_name, provider_of

    inputs = ctx.options.credentials
    if inputs is None:
        return default_provider(), False
    name = provider_name(inputs.provider)
    if name == "none" or (name is not None and name not in providers.NAMES):
        return default_provider(), False
    try:
        # `dnsdoctor clock`: no zone whose name servers could tell, only the credentials
        if name is None and not ctx.targets and not await with_credentials(ctx):
            return default_provider(), False
        return await provider_of(ctx), True
    except Skip:
        return default_provider(), False


def judge(est: Estimate, window: float | None = None) -> Severity | None:
    """ERROR when surely past the signature window (``None``: :func:`default_provider`'s),
    WARNING when drifting (or possibly past it)."""
    limit = default_provider().clock_window if window is None else window
    a, u = abs(est.offset), est.uncertainty
    if a - u >= limit:
        return Severity.ERROR
    if a - u >= DRIFT_THRESHOLD or a + u >= limit:
        return Severity.WARNING
    return None


def _window_params(provider: Provider) -> dict[str, Any]:
    window = provider.clock_window
    return {
        "provider": provider.name,
        "window": int(window) if window == int(window) else window,
        "code": provider.clock_error,
        # the texts' words for the provider and its window (Tencent Cloud / 腾讯云, 5 min / 5 分)
        "cloud": Phrase({"en": provider.title, "zh": provider.title_zh}),
        "limit": Duration(window),
    }


def _window_evidence(provider: Provider, selected: bool) -> Evidence:
    text = f"{provider.title}: {duration_words(provider.clock_window)}"
    if provider.clock_error:
        text += f" ({provider.clock_error} beyond it)"
    if not selected:
        text += "; no provider selected, so the strictest window dnsdoctor knows"
    return Evidence("provider's window", text)


_SUMMARY_OFFSET = {
    "en": "The local clock is within the DNS provider's request-time window (NTP, HTTP Date "
    "fallback).",
    "zh": "本机时钟在 DNS 服务商 API 允许的请求时间偏差之内（NTP，HTTP Date 兜底）。",
}
_SUMMARY_SOURCES = {
    "en": "The time sources agree with each other and NTP is reachable.",
    "zh": "各时间源彼此一致，且 NTP 可达。",
}


@check(
    "clock.offset",
    family=FAMILY,
    specs=OFFSET_SPECS,
    summary=_SUMMARY_OFFSET,
    scope=Scope.RUN,
    commands=("check", "clock", "preflight"),
)
async def clock_offset(ctx: Context, target: Target | None) -> list[Finding]:
    if ctx.options.no_clock:
        raise Skip("--no-clock given", "已指定 --no-clock")
    m, (provider, selected) = await asyncio.gather(measurement(ctx), clock_provider(ctx))
    evidence = (*measurement_evidence(m), _window_evidence(provider, selected))
    window = _window_params(provider)
    # the run again, judged by the same window (a bare `clock` may judge by another provider's);
    # with none selected, the strictest window spoke: naming the user's provider may judge better
    names = provider.name if selected else "|".join(providers.NAMES)
    rerun = f"dnsdoctor clock --provider {names}"
    est = m.estimate
    if est is None:
        plat = await platform_of(ctx)
        tried = [label for label, _ in m.ntp] + [label for label, _ in m.http]
        url = provider_url(ctx.options, provider)
        return [
            Finding(
                provider.wording(UNVERIFIED),
                {**window, "tried": ", ".join(tried) or "-"},
                evidence + _platform_evidence(plat),
                manual_check_commands(plat, url),
            )
        ]
    level = judge(est, provider.clock_window)
    hours = timezone_hours(est.offset, est.uncertainty)
    if level is None and hours is None:
        return []
    plat = await platform_of(ctx)
    evidence += _platform_evidence(plat)
    params = {**_offset_params(est), **window}
    findings: list[Finding] = []
    if level is not None:
        blocked = est.kind == "http" and m.ntp_silent
        url = est.used[0].source if est.kind == "http" else provider_url(ctx.options, provider)
        fix = skew_remedy(plat, ntp_blocked=blocked, url=url)
        spec = SIGNATURE_EXPIRE if level is Severity.ERROR else DRIFT
        findings.append(
            Finding(
                provider.wording(spec),
                {**params, "fix": fix.words, "rerun": rerun},
                evidence,
                fix.commands,
            )
        )
    if hours is not None:
        ahead = est.offset < 0
        hours_text = _hours_text(hours)
        zone = Phrase(WORDS["zone_ahead" if ahead else "zone_behind"], {"hours": hours_text})
        fix = timezone_remedy(plat, local_ahead=ahead, hours=hours)
        findings.append(
            Finding(
                provider.wording(TIMEZONE_MISTAKE),
                {
                    **params,
                    "hours": hours_text,
                    "zone": zone,
                    "fix": fix.words,
                },
                evidence,
                fix.commands,
            )
        )
    return findings


def _unusable(m: Measurement) -> list[tuple[str, Phrase]]:
    """(label, why) of each named source that gave no usable sample."""
    out: list[tuple[str, Phrase]] = []
    results: list[tuple[str, NtpResult | HttpResult]] = [*m.ntp, *m.http]
    for label, r in results:
        if label not in m.named:
            continue
        if isinstance(r, NtpError | HttpError):
            kind = Phrase(WORDS[f"kind_{r.kind}"]) if f"kind_{r.kind}" in WORDS else r.kind
            out.append((label, Phrase(WORDS["unusable"], {"kind": kind, "message": r.message})))
        elif isinstance(r, NtpSample) and not r.synchronised:
            why = f"stratum {r.stratum}" if r.leap != 3 else "leap indicator 3"
            out.append((label, Phrase(WORDS["unsynchronised"], {"why": why})))
    return out


@check(
    "clock.sources",
    family=FAMILY,
    specs=SOURCE_SPECS,
    summary=_SUMMARY_SOURCES,
    scope=Scope.RUN,
    commands=("check", "clock", "preflight"),
)
async def clock_sources(ctx: Context, target: Target | None) -> list[Finding]:
    if ctx.options.no_clock:
        raise Skip("--no-clock given", "已指定 --no-clock")
    m = await measurement(ctx)
    est = m.estimate
    if est is None:
        raise Skip(
            "no time source answered (see clock.offset)", "没有时间源回应（见 clock.offset）"
        )
    evidence = measurement_evidence(m)
    params = _offset_params(est)
    findings: list[Finding] = []
    for s in est.falsetickers:
        distance = abs(s.offset - est.offset)
        findings.append(
            Finding(
                FALSETICKER,
                {
                    **params,
                    "server": s.source,
                    "server_offset": round(s.offset, 3),
                    "server_offset_text": _seconds(s.offset),
                    "distance": round(distance, 3),
                    "distance_text": Duration(distance),
                    "agreeing": len(est.used),
                },
                evidence,
                subject=s.source,
            )
        )
    if not est.agreed:
        findings.append(
            Finding(
                SOURCES_DISAGREE,
                {
                    **params,
                    "spread": round(est.spread, 3),
                    "spread_text": Duration(est.spread),
                },
                evidence,
            )
        )
    blocked = est.kind == "http" and m.ntp_silent
    if blocked:
        provider, _ = await clock_provider(ctx)
        findings.append(
            Finding(
                provider.wording(NTP_BLOCKED),
                {**params, **_window_params(provider), "url": est.used[0].source},
                evidence,
            )
        )
    for label, reason in _unusable(m):
        if blocked and any(label == n for n, _ in m.ntp):
            continue  # already said: NTP does not get through at all
        findings.append(
            Finding(
                SOURCE_UNUSABLE,
                {"server": label, "reason": reason},
                evidence,
                subject=label,
            )
        )
    return findings
