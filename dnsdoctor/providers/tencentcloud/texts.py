"""The credential (CREDS_*) and clock (CLOCK_*) findings in Tencent Cloud's words.

The generic specs (:mod:`dnsdoctor.checks.creds.specs`, :mod:`dnsdoctor.checks.clock.specs`) name no
provider: they say the provider's name, error code and window through params the checks fill from
the :class:`~dnsdoctor.providers.base.Provider`. Where a generic text became neutral, the words
Tencent Cloud's users read before (DNSPod, CAM, SecretId/SecretKey, ``AuthFailure.*``, 300 s) are
kept here, verbatim, and :meth:`~dnsdoctor.providers.base.Provider.wording` puts them back for
``tencentcloud`` (the mechanism :mod:`dnsdoctor.providers.alidns.texts` uses).
"""

from __future__ import annotations

WORDING: dict[str, dict[str, tuple[str, str]]] = {
    "CREDS_SIGNATURE_EXPIRE": {
        "title": (
            "Tencent Cloud rejects the request time: this clock is {skew} the API's clock "
            "(AuthFailure.SignatureExpire)",
            "腾讯云拒绝请求时间：本机时钟与接口服务器相差 {skew}（AuthFailure.SignatureExpire）",
        ),
        "meaning": (
            "Every request carries a timestamp; Tencent Cloud refuses one more than 300 seconds "
            "away from its own clock, ahead or behind. The key may be fine: no call can succeed "
            "until the clock is right.",
            "每个请求都带有时间戳；与腾讯云服务器时间相差超过 300 秒（无论快慢）的请求都会被拒绝。密钥本身可能没有问题，但在时钟校准之前，任何调用都不会成功。",
        ),
    },
}
"""The credential findings (CREDS_*) in Tencent Cloud's words."""

CLOCK_WORDING: dict[str, dict[str, tuple[str, str]]] = {
    "CLOCK_SKEW_SIGNATURE_EXPIRE": {
        "title": (
            "Your clock is {skew}: Tencent Cloud will reject requests with "
            "AuthFailure.SignatureExpire",
            "本机时钟{skew}：腾讯云会以 AuthFailure.SignatureExpire 拒绝请求",
        ),
        "meaning": (
            "Tencent Cloud API 3.0 rejects any request whose X-TC-Timestamp differs from its own "
            "clock by more than 300 seconds, ahead or behind (AuthFailure.SignatureExpire, "
            '"Signature expired"). The ACME client then cannot create or delete the '
            "_acme-challenge TXT record, and the order fails before the CA looks at DNS. "
            "Measured offset {offset_text} ± {uncertainty_text}, decided by {decided_by}.",
            "腾讯云 API 3.0 会拒绝 X-TC-Timestamp 与其服务器时间相差超过 300 "
            "秒（无论快慢）的请求（AuthFailure.SignatureExpire，“签名过期”）。ACME 客户端因此无法创建或删除 _acme-challenge "
            "TXT 记录，订单在 CA 查询 DNS 之前就已失败。测得偏差 {offset_text} ± {uncertainty_text}，由{decided_by}判定。",
        ),
    },
    "CLOCK_DRIFT": {
        "title": (
            "Your clock is {skew}: it drifts towards Tencent Cloud's 300 s limit",
            "本机时钟{skew}：正在漂移，逐渐接近腾讯云 300 秒的上限",
        ),
        "meaning": (
            "Requests to Tencent Cloud still pass while the clock is within 300 s of the truth, "
            "but a clock {offset_abs} off is not being synchronised and will keep drifting; at "
            "300 s every request fails with AuthFailure.SignatureExpire. Measured offset "
            "{offset_text} ± {uncertainty_text}, decided by {decided_by}.",
            "时钟与标准时间相差在 300 秒以内时，腾讯云请求仍可通过；但相差 {offset_abs} 说明时钟没有在同步，还会继续漂移，达到 300 秒后所有请求都会因 "
            "AuthFailure.SignatureExpire 失败。测得偏差 {offset_text} ± "
            "{uncertainty_text}，由{decided_by}判定。",
        ),
        "remedy": (
            "Synchronise the clock before it reaches 300 s. {fix}",
            "请在偏差达到 300 秒之前同步时钟。{fix}",
        ),
    },
    "CLOCK_TIMEZONE_MISTAKE": {
        "title": (
            "Your clock is {skew}, which looks like a time zone mistake ({zone}): Tencent Cloud "
            "will reject requests with AuthFailure.SignatureExpire",
            "本机时钟{skew}，看起来是时区设置错误（{zone}）：腾讯云会以 AuthFailure.SignatureExpire 拒绝请求",
        ),
        "meaning": (
            "An offset this close to {hours} h is not drift: the clock was set to the right "
            "local time in the wrong time zone, or the hardware clock keeps local time while the "
            "system reads it as UTC (typical after dual-booting Windows, or on a VPS set to "
            "Beijing time). Request signatures use UTC, so Tencent Cloud sees every timestamp "
            "{hours} h off, far beyond its 300 s limit. Measured offset {offset_text} ± "
            "{uncertainty_text}, decided by {decided_by}.",
            "偏差如此接近 {hours} 小时，不是漂移：时钟按某个时区的本地时间设置，却被当成了另一个时区（常见于与 Windows 双系统时硬件时钟保存本地时间、系统却按 "
            "UTC 读取，或 VPS 被手动设为北京时间）。请求签名使用 UTC，因此腾讯云看到的每个时间戳都相差 {hours} 小时，远超 300 秒的上限。测得偏差 "
            "{offset_text} ± {uncertainty_text}，由{decided_by}判定。",
        ),
    },
    "CLOCK_UNVERIFIED": {
        "meaning": (
            "Without a time source there is no telling whether Tencent Cloud will reject "
            "requests with AuthFailure.SignatureExpire (more than 300 s off). Tried: {tried}.",
            "没有可用的时间源，就无法判断腾讯云是否会以 AuthFailure.SignatureExpire 拒绝请求（时钟相差超过 300 秒）。已尝试：{tried}。",
        ),
    },
    "CLOCK_NTP_BLOCKED": {
        "meaning": (
            "Every NTP query went unanswered while HTTPS works: a firewall most likely drops UDP "
            "port 123. The Date header is good to a second, enough for the 300 s limit, but the "
            "machine itself probably cannot synchronise its clock either.",
            "所有 NTP 查询都没有回应，而 HTTPS 可用：很可能是防火墙丢弃了 UDP 123 端口的流量。Date 头"
            "精确到秒，足以判断 300 秒的上限，但本机很可能也无法同步时钟。",
        ),
    },
}
"""The clock findings (CLOCK_*) in Tencent Cloud's words: its 300 s window and its code."""
