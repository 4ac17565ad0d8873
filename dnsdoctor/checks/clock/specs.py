"""The clock findings (CLOCK_*): codes, severities and texts in English and Chinese, and the words
of their params (:data:`WORDS`). The checks that raise them are in :mod:`.checks`; each provider's
``texts.CLOCK_WORDING`` may say them in its own words.
"""

from __future__ import annotations

from dnsdoctor.core.i18n import register
from dnsdoctor.core.model import Severity, SpecMaker

FAMILY = "clock"

_spec = SpecMaker(FAMILY)

WORDS = register(
    "clock.words",
    {
        "decided_ntp_one": {"en": "NTP server {names}", "zh": " NTP 服务器 {names} "},
        "decided_ntp_many": {
            "en": "NTP, median of {n} servers ({names})",
            "zh": " NTP（{n} 台服务器的中位数：{names}）",
        },
        "decided_http_one": {
            "en": "the HTTP Date header of {names}",
            "zh": " {names} 的 HTTP Date 头",
        },
        "decided_http_many": {
            "en": "HTTP Date headers, median of {n} ({names})",
            "zh": " HTTP Date 头（{n} 个来源的中位数：{names}）",
        },
        "zone_ahead": {
            "en": "local time of UTC+{hours} taken as UTC",
            "zh": "把 UTC+{hours} 的本地时间当成了 UTC",
        },
        "zone_behind": {
            "en": "UTC taken as local time of UTC+{hours}",
            "zh": "把 UTC 当成了 UTC+{hours} 的本地时间",
        },
        "unusable": {"en": "{message}", "zh": "{kind}（{message}）"},
        "unsynchronised": {
            "en": "the server is not synchronised ({why})",
            "zh": "该服务器未同步（{why}）",
        },
        "kind_timeout": {"en": "no answer in time", "zh": "超时无应答"},
        "kind_unreachable": {"en": "unreachable", "zh": "无法到达"},
        "kind_resolve": {"en": "cannot resolve", "zh": "无法解析"},
        "kind_invalid": {"en": "invalid answer", "zh": "回答无效"},
        "kind_kiss": {"en": "the server refuses service", "zh": "服务器拒绝服务"},
        "kind_bad-input": {"en": "bad input", "zh": "输入有误"},
        "kind_tls": {"en": "TLS failed", "zh": "TLS 失败"},
        "kind_protocol": {"en": "invalid HTTP answer", "zh": "HTTP 回答无效"},
        "kind_no-date": {"en": "no Date header", "zh": "没有 Date 头"},
    },
)
"""The words of the clock findings' params (which source decided, the time zone mistake, why a
source was not usable)."""


_MEASUREMENT_EVIDENCE = (
    "The measured offset with its uncertainty, the source that decided, every server's sample "
    "(offset, delay, stratum, leap indicator, reference id) or error, and what was seen of the "
    "platform.",
    "测得的偏差及其不确定度、作出判断的时间源、每台服务器的样本（偏差、往返延迟、层级、闰秒"
    "指示、参考 ID）或错误，以及所看到的平台信息。",
)

SIGNATURE_EXPIRE = _spec(
    "CLOCK_SKEW_SIGNATURE_EXPIRE",
    Severity.ERROR,
    (
        "Your clock is {skew}: {cloud} will reject requests with {code}",
        "本机时钟{skew}：{cloud}会以 {code} 拒绝请求",
    ),
    (
        "{cloud}'s API rejects any request whose timestamp differs from its own clock by more "
        "than {limit}, ahead or behind ({code}). The ACME client then cannot create or delete "
        "the _acme-challenge TXT record, and the order fails before the CA looks at DNS. "
        "Measured offset {offset_text} ± {uncertainty_text}, decided by {decided_by}.",
        "{cloud} API 会拒绝时间戳与其服务器时间相差超过 {limit}（无论快慢）的请求（{code}）。"
        "ACME 客户端因此无法创建或删除 "
        "_acme-challenge TXT 记录，订单在 CA 查询 DNS 之前就已失败。测得偏差 {offset_text} "
        "± {uncertainty_text}，由{decided_by}判定。",
    ),
    (
        "Set the clock right and keep it synchronised. {fix} Then run `{rerun}` again.",
        "请校准本机时钟并保持同步。{fix}然后再次运行 `{rerun}`。",
    ),
    _MEASUREMENT_EVIDENCE,
    # the API's own rejection (issue 5's credential checks) is this finding's symptom
    explains=("CREDS_SIGNATURE_EXPIRE",),
    # a rejected API call stops the order before any DNS question matters
    rank=15,
)

DRIFT = _spec(
    "CLOCK_DRIFT",
    Severity.WARNING,
    (
        "Your clock is {skew}: it drifts towards {cloud}'s {limit} limit",
        "本机时钟{skew}：正在漂移，逐渐接近{cloud} {limit} 的上限",
    ),
    (
        "Requests to {cloud} still pass while the clock is within {limit} of the truth, but a "
        "clock {offset_abs} off is not being synchronised and will keep drifting; at {limit} "
        "every request fails with {code}. Measured offset {offset_text} ± {uncertainty_text}, "
        "decided by {decided_by}.",
        "时钟与标准时间相差在 {limit} 以内时，{cloud}请求仍可通过；但相差 {offset_abs} 说明时钟"
        "没有在同步，还会继续漂移，达到 {limit} 后所有请求都会因 {code} 失败。测得偏差 "
        "{offset_text} ± {uncertainty_text}，由{decided_by}判定。",
    ),
    (
        "Synchronise the clock before it reaches {limit}. {fix}",
        "请在偏差达到 {limit} 之前同步时钟。{fix}",
    ),
    _MEASUREMENT_EVIDENCE,
)

TIMEZONE_MISTAKE = _spec(
    "CLOCK_TIMEZONE_MISTAKE",
    Severity.ERROR,
    (
        "Your clock is {skew}, which looks like a time zone mistake ({zone}): {cloud} will "
        "reject requests with {code}",
        "本机时钟{skew}，看起来是时区设置错误（{zone}）：{cloud}会以 {code} 拒绝请求",
    ),
    (
        "An offset this close to {hours} h is not drift: the clock was set to the right local "
        "time in the wrong time zone, or the hardware clock keeps local time while the system "
        "reads it as UTC (typical after dual-booting Windows, or on a VPS set to Beijing time). "
        "Request signatures use UTC, so {cloud} sees every timestamp {hours} h off, far "
        "beyond its {limit} limit. Measured offset {offset_text} ± {uncertainty_text}, decided by "
        "{decided_by}.",
        "偏差如此接近 {hours} 小时，不是漂移：时钟按某个时区的本地时间设置，却被当成了另一个时区"
        "（常见于与 Windows 双系统时硬件时钟保存本地时间、系统却按 UTC 读取，或 VPS 被手动设为北京"
        "时间）。请求签名使用 UTC，因此{cloud}看到的每个时间戳都相差 {hours} 小时，远超 {limit} "
        "的上限。测得偏差 {offset_text} ± {uncertainty_text}，由{decided_by}判定。",
    ),
    (
        "Correct the time zone, not just the time. {fix}",
        "请修正时区，而不只是时间。{fix}",
    ),
    _MEASUREMENT_EVIDENCE,
    explains=("CLOCK_SKEW_SIGNATURE_EXPIRE",),
    rank=14,
)

FALSETICKER = _spec(
    "CLOCK_FALSETICKER",
    Severity.WARNING,
    (
        "Time server {server} is {distance_text} away from the others: ignored as a falseticker",
        "时间服务器 {server} 与其他服务器相差 {distance_text}：已作为错误时间源（falseticker）忽略",
    ),
    (
        "{agreeing} other sources agree with each other and {server} does not (offset "
        "{server_offset_text} against {offset_text}). Its answer was left out of the estimate. "
        "A machine that takes its time from this server gets the wrong time.",
        "另外 {agreeing} 个时间源彼此一致，而 {server} 与它们不一致（偏差 {server_offset_text}，"
        "多数为 {offset_text}）。估算时已排除它的回答。以它为时间源的机器会得到错误的时间。",
    ),
    (
        "Do not use {server} as a time source (remove it from chrony.conf / ntp.conf / "
        "timesyncd.conf), and tell its operator.",
        "不要把 {server} 作为时间源（从 chrony.conf / ntp.conf / timesyncd.conf 中移除），"
        "并告知其管理员。",
    ),
    _MEASUREMENT_EVIDENCE,
    links=("https://www.rfc-editor.org/rfc/rfc5905#section-11.2.1",),
)

SOURCES_DISAGREE = _spec(
    "CLOCK_SOURCES_DISAGREE",
    Severity.WARNING,
    (
        "The time sources disagree by up to {spread_text} and no majority agrees",
        "各时间源之间相差最多 {spread_text}，且没有多数一致",
    ),
    (
        "With no majority of agreeing sources there is no telling which one is right, so the "
        "clock is judged from their median with an uncertainty of ± {uncertainty_text}.",
        "没有多数一致的时间源，就无法判断哪个是对的，因此以它们的中位数判断本机时钟，不确定度为 "
        "± {uncertainty_text}。",
    ),
    (
        "Ask at least three independent NTP servers (--ntp, repeatable), so that a wrong one "
        "is outvoted.",
        "请至少使用三台相互独立的 NTP 服务器（--ntp 可重复），使错误的一台被多数否决。",
    ),
    _MEASUREMENT_EVIDENCE,
)

UNVERIFIED = _spec(
    "CLOCK_UNVERIFIED",
    Severity.WARNING,
    (
        "The clock could not be verified: no NTP server and no HTTP Date source answered",
        "无法验证本机时钟：没有任何 NTP 服务器或 HTTP Date 源应答",
    ),
    (
        "Without a time source there is no telling whether {cloud} will reject requests with "
        "{code} (more than {limit} off). Tried: {tried}.",
        "没有可用的时间源，就无法判断{cloud}是否会以 {code} 拒绝请求（时钟相差超过 {limit}）。"
        "已尝试：{tried}。",
    ),
    (
        "Compare the clock by hand with the commands below. If UDP port 123 is blocked, name an "
        "internal NTP server with --ntp HOST, or a reachable HTTPS URL with --time-url URL.",
        "请用下面的命令手动比对时间。如果 UDP 123 端口被封，可用 --ntp HOST 指定内网 NTP "
        "服务器，或用 --time-url URL 指定一个可访问的 HTTPS 地址。",
    ),
    _MEASUREMENT_EVIDENCE,
)

NTP_BLOCKED = _spec(
    "CLOCK_NTP_BLOCKED",
    Severity.INFO,
    (
        "No NTP server answered (UDP port 123 blocked?): the clock was checked with the HTTP "
        "Date header of {url} instead (± 1 s)",
        "没有 NTP 服务器应答（UDP 123 端口被封？）：已改用 {url} 的 HTTP Date 头检查时钟"
        "（精度 ± 1 秒）",
    ),
    (
        "Every NTP query went unanswered while HTTPS works: a firewall most likely drops UDP "
        "port 123. The Date header is good to a second, enough for {cloud}'s {limit} limit, but "
        "the machine itself probably cannot synchronise its clock either.",
        "所有 NTP 查询都没有回应，而 HTTPS 可用：很可能是防火墙丢弃了 UDP 123 端口的流量。Date 头"
        "精确到秒，足以判断{cloud} {limit} 的上限，但本机很可能也无法同步时钟。",
    ),
    (
        "Allow outgoing UDP port 123 to your NTP servers, or use an NTP server inside your "
        "network (--ntp HOST to test it).",
        "请放行到 NTP 服务器的出站 UDP 123 端口，或使用内网的 NTP 服务器（可用 --ntp HOST 测试）。",
    ),
    _MEASUREMENT_EVIDENCE,
)

SOURCE_UNUSABLE = _spec(
    "CLOCK_SOURCE_UNUSABLE",
    Severity.INFO,
    (
        "Time source {server} gave no usable answer: {reason}",
        "时间源 {server} 没有给出可用的回答：{reason}",
    ),
    (
        "A source you named was not used; the clock was judged from the others.",
        "你指定的一个时间源未被使用；已根据其他时间源判断时钟。",
    ),
    (
        "Check the name, port and reachability of {server}, or drop it.",
        "请检查 {server} 的名称、端口和可达性，或不再使用它。",
    ),
    _MEASUREMENT_EVIDENCE,
)

OFFSET_SPECS = (SIGNATURE_EXPIRE, DRIFT, TIMEZONE_MISTAKE, UNVERIFIED)
SOURCE_SPECS = (FALSETICKER, SOURCES_DISAGREE, NTP_BLOCKED, SOURCE_UNUSABLE)
