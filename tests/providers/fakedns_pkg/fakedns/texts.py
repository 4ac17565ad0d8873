"""The credential findings this provider's tests raise, in Fake DNS's words (same codes, same
placeholders as the generic specs, which speak of Tencent Cloud)."""

from __future__ import annotations

_NOTHING = ("Nothing to do.", "无需处理。")

WORDING: dict[str, dict[str, tuple[str, str]]] = {
    "CREDS_SOURCE_USED": {
        "title": (
            "Using Fake DNS key {secret_id} from {source}",
            "使用来自 {source} 的假 DNS 密钥 {secret_id}",
        ),
        "meaning": (
            "dnsdoctor found Fake DNS keys and uses the first source in its precedence.",
            "dnsdoctor 找到了假 DNS 密钥，并按优先级使用第一个来源。",
        ),
    },
    "CREDS_AUTHENTICATED": {
        "title": (
            "Fake DNS accepts key {secret_id}: {who}",
            "假 DNS 接受密钥 {secret_id}：{who}",
        ),
        "meaning": (
            "WhoAmI succeeded, so the Key ID and Key Secret are right.",
            "WhoAmI 调用成功，说明 Key ID 和 Key Secret 都没有问题。",
        ),
    },
    "CREDS_ZONE_FOUND": {
        "title": (
            "{zone} is in this account (zone {domain_id}, status {status})",
            "{zone} 在该账号中（区 {domain_id}，状态 {status}）",
        ),
        "meaning": (
            "Fake DNS hosts the zone in the account of this key.",
            "假 DNS 在该密钥所属的账号中托管了这个区。",
        ),
        "remedy": _NOTHING,
    },
    "CREDS_TXT_RECORDS": {
        "title": (
            "Fake DNS has {count} TXT record(s) at {name}",
            "假 DNS 中 {name} 有 {count} 条 TXT 记录",
        ),
    },
    "CREDS_SIGNATURE_FAILURE": {
        "title": (
            "Fake DNS rejects the signature: the Key Secret does not belong to Key ID "
            "{secret_id} ({code})",
            "假 DNS 拒绝签名：Key Secret 与 Key ID {secret_id} 不匹配（{code}）",
        ),
        "meaning": (
            "The Key ID exists, but the signature made with this Key Secret is wrong.",
            "Key ID 存在，但用这个 Key Secret 算出的签名不对。",
        ),
        "remedy": (
            "Copy the Key Secret of this Key ID again from the Fake DNS console.",
            "请在假 DNS 控制台重新复制该 Key ID 对应的 Key Secret。",
        ),
    },
    "CREDS_DELETE_DENIED": {
        "title": (
            "fakedns:DeleteRecord is missing: key {secret_id} may not delete records in {zone}",
            "fakedns:DeleteRecord 权限缺失：密钥 {secret_id} 不能删除 {zone} 中的记录",
        ),
        "meaning": (
            "The write probe was refused by FakeIAM ({code}): the ACME client cannot delete its "
            "challenge record. Missing for lego: {missing}.",
            "写权限探测被 FakeIAM 拒绝（{code}）：ACME 客户端无法删除它的验证记录。"
            "lego 缺少的权限：{missing}。",
        ),
        "remedy": (
            "Attach the minimal FakeIAM policy below to the user of this key.",
            "请为该密钥的用户关联下方的最小 FakeIAM 策略。",
        ),
    },
}

SYMPTOM_REMEDIES: dict[str, dict[str, tuple[str, str]]] = {
    "CREDS_DELETE_DENIED": {
        "CREDS_STALE_TXT": (
            "Delete them once in the Fake DNS console; then the ACME client cleans up itself.",
            "在假 DNS 控制台手动删除一次；之后 ACME 客户端会自行清理。",
        ),
    },
}

_MEASURED = (
    "Measured offset {offset_text} ± {uncertainty_text}, decided by {decided_by}.",
    "测得偏差 {offset_text} ± {uncertainty_text}，由{decided_by}判定。",
)

CLOCK_WORDING: dict[str, dict[str, tuple[str, str]]] = {
    "CLOCK_SKEW_SIGNATURE_EXPIRE": {
        "title": (
            "Your clock is {skew}: Fake DNS will reject requests with Auth.ClockSkew",
            "本机时钟{skew}：假 DNS 会以 Auth.ClockSkew 拒绝请求",
        ),
        "meaning": (
            "Fake DNS rejects any request whose time differs from its own by more than 120 s. "
            + _MEASURED[0],
            "假 DNS 会拒绝时间与其服务器相差超过 120 秒的请求。" + _MEASURED[1],
        ),
    },
    "CLOCK_DRIFT": {
        "title": (
            "Your clock is {skew}: it drifts towards Fake DNS's 120 s limit",
            "本机时钟{skew}：正在漂移，逐渐接近假 DNS 120 秒的上限",
        ),
        "meaning": (
            "A clock {offset_abs} off is not being synchronised; at 120 s every request to "
            "Fake DNS fails with Auth.ClockSkew. " + _MEASURED[0],
            "相差 {offset_abs} 说明时钟没有在同步；达到 120 秒后假 DNS 的所有请求都会因 "
            "Auth.ClockSkew 失败。" + _MEASURED[1],
        ),
        "remedy": (
            "Synchronise the clock before it reaches 120 s. {fix}",
            "请在偏差达到 120 秒之前同步时钟。{fix}",
        ),
    },
    "CLOCK_TIMEZONE_MISTAKE": {
        "title": (
            "Your clock is {skew}, which looks like a time zone mistake ({zone}): Fake DNS "
            "will reject requests with Auth.ClockSkew",
            "本机时钟{skew}，看起来是时区设置错误（{zone}）：假 DNS 会以 Auth.ClockSkew 拒绝请求",
        ),
        "meaning": (
            "An offset this close to {hours} h is a time zone set wrongly, far beyond Fake DNS's "
            "120 s. " + _MEASURED[0],
            "偏差如此接近 {hours} 小时，是时区设置错误，远超假 DNS 的 120 秒。" + _MEASURED[1],
        ),
    },
    "CLOCK_UNVERIFIED": {
        "meaning": (
            "Without a time source there is no telling whether Fake DNS will reject requests "
            "(more than 120 s off). Tried: {tried}.",
            "没有可用的时间源，就无法判断假 DNS 是否会拒绝请求（相差超过 120 秒）。已尝试：{tried}。",
        ),
    },
    "CLOCK_NTP_BLOCKED": {
        "meaning": (
            "Every NTP query went unanswered while HTTPS works: a firewall most likely drops UDP "
            "port 123. The Date header is good to a second, enough for Fake DNS's 120 s.",
            "所有 NTP 查询都没有回应，而 HTTPS 可用：很可能是防火墙丢弃了 UDP 123 端口的流量。"
            "Date 头精确到秒，足以判断假 DNS 120 秒的上限。",
        ),
    },
}
