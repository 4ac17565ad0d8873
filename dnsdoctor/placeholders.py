"""What the placeholders of a finding's texts stand for, for ``dnsdoctor explain CODE``.

A report fills ``{server}`` or ``{serial}`` from the run; ``explain`` has no run, so it shows each
placeholder as ``<server>`` and says below the text what it will be. Names ending in ``_en`` or
``_zh`` are the same value in one language and are shown without the suffix.
"""

from __future__ import annotations

import re
import string

from dnsdoctor.core.model import FindingSpec, pick

GLOSSARY: dict[str, tuple[str, str]] = {
    "server": ("an authoritative server, by name and address", "某台权威服务器（名称和地址）"),
    "name": ("the DNS name concerned", "相关的 DNS 名称"),
    "zone": (
        "the DNS zone (as the provider's console names it)",
        "DNS 区（即服务商控制台中的域名）",
    ),
    "host": ("the host record field (主机记录), relative to the zone", "主机记录（相对于区）"),
    "expect": ("the TXT value(s) given with --expect", "用 --expect 给出的 TXT 值"),
    "values": ("the TXT values found", "找到的 TXT 值"),
    "answer": (
        "what the server answered (an rcode, a time-out, the records)",
        "服务器的回答（响应码、超时或记录）",
    ),
    "serial": ("the SOA serial of the lagging server", "落后服务器的 SOA 序列号"),
    "leader": ("the server with the newest SOA serial", "SOA 序列号最新的服务器"),
    "latest": ("the newest SOA serial", "最新的 SOA 序列号"),
    "challenge": (
        "the challenge name, _acme-challenge.<domain>",
        "验证名称 _acme-challenge.<域名>",
    ),
    "target": ("the name a CNAME points to", "CNAME 指向的名称"),
    "chain": ("the CNAME chain followed", "所跟踪的 CNAME 链"),
    "parent": (
        "the parent zone's servers (the registry's delegation)",
        "上级区的服务器（注册局的委派）",
    ),
    "child": ("the NS set in the zone itself", "区内自身的 NS 记录"),
    "lister": ("the server that listed the NS set", "列出该 NS 记录的服务器"),
    "ns": ("a name server", "某个域名服务器"),
    "rcode": (
        "the DNS response code (NXDOMAIN, SERVFAIL, REFUSED…)",
        "DNS 响应码（NXDOMAIN、SERVFAIL、REFUSED 等）",
    ),
    "udp": ("what the UDP query got", "UDP 查询的结果"),
    "tcp": ("what the TCP query got", "TCP 查询的结果"),
    "resolver": ("a resolver, by address and role", "某个解析器（地址和角色）"),
    "role": ("the resolver's role (system, public)", "解析器的角色（系统、公共）"),
    "suggest": ("resolvers to use instead", "建议改用的解析器"),
    "truth": ("what the authoritative servers answer", "权威服务器的回答"),
    "ttl": ("a time to live, in seconds", "生存时间（TTL，秒）"),
    "neg_ttl": ("the zone's negative-caching TTL, in seconds", "区的否定缓存 TTL（秒）"),
    "left": ("the seconds the cached answer still lives", "缓存答案还剩的秒数"),
    "minimum": ("the SOA MINIMUM field, in seconds", "SOA MINIMUM 字段（秒）"),
    "soa_ttl": ("the TTL of the SOA record, in seconds", "SOA 记录的 TTL（秒）"),
    "count": ("how many were found", "找到的数量"),
    "total": ("how many were asked", "询问的总数"),
    "owner": ("the name that holds the CAA record set", "CAA 记录集所在的名称"),
    "ca": ("the CA of the order (--ca)", "订单所用的 CA（--ca）"),
    "issuers": ("the CAs the CAA records name", "CAA 记录中指定的 CA"),
    "record": ("the CAA record to put in, as the console takes it", "应填写的 CAA 记录值"),
    "current": ("the CAA record as it is now", "当前的 CAA 记录"),
    "methods": ("the validationmethods of the CAA record", "CAA 记录的 validationmethods"),
    "accounturi": ("the accounturi of the CAA record", "CAA 记录的 accounturi"),
    "acme_account": (
        "the ACME account URI given with --acme-account",
        "用 --acme-account 给出的 ACME 账户 URI",
    ),
    "qname": ("the name asked", "查询的名称"),
    "failing": ("how many servers failed", "失败的服务器数"),
    "seconds": ("a measured time, in seconds", "测得的时间（秒）"),
    "timeout": ("the recommended time-out, in seconds", "建议的超时时间（秒）"),
    "interval": ("the recommended polling interval, in seconds", "建议的轮询间隔（秒）"),
    "sleep": ("the recommended --dnssleep, in seconds", "建议的 --dnssleep（秒）"),
    "wait": ("the recommended waiting time", "建议的等待时间"),
    "slowest": ("the server that served the probe last", "最后返回探测记录的服务器"),
    "fqdn": ("the probe record's full name", "探测记录的完整名称"),
    "record_id": ("the DNSPod RecordId", "DNSPod 记录 ID（RecordId）"),
    "domain_id": ("the DNSPod DomainId", "DNSPod 域名 ID（DomainId）"),
    "secret_id": (
        "the SecretId, masked (prefix…suffix, length, fingerprint)",
        "已隐去的 SecretId（前后缀、长度、指纹）",
    ),
    "source": (
        "where the value came from (a file, a variable, a time server)",
        "值的来源（文件、环境变量或时间服务器）",
    ),
    "uncertainty_text": ("how uncertain the measurement is", "测量的不确定度"),
    "origin": ("where the value was read from", "该值的读取来源"),
    "field": ("SecretId or SecretKey", "SecretId 或 SecretKey"),
    "char": ("the character found, by Unicode name", "找到的字符（Unicode 名称）"),
    "position": ("where in the value it is", "它在值中的位置"),
    "length": ("the value's length", "值的长度"),
    "code": ("the Tencent Cloud error code", "腾讯云错误码"),
    "message": ("the Tencent Cloud error message", "腾讯云错误信息"),
    "action": ("the Tencent Cloud API action", "腾讯云 API 接口"),
    "actions": ("the API actions of the policy", "策略中的 API 接口"),
    "missing": ("the permissions the key lacks", "密钥缺少的权限"),
    "allowed": ("the permissions the key has", "密钥具有的权限"),
    "untested": ("the permissions not tested", "未测试的权限"),
    "endpoint": ("the Tencent Cloud API endpoint", "腾讯云 API 接入点"),
    "attempts": ("how many attempts were made", "尝试次数"),
    "account": ("the Tencent Cloud account (UIN)", "腾讯云账号（UIN）"),
    "dnspod_ns": ("the name servers DNSPod assigned", "DNSPod 分配的域名服务器"),
    "actual_ns": ("the name servers the registry delegates to", "注册局实际委派的域名服务器"),
    "offset_text": ("the clock's offset", "时钟偏差"),
    "offset_abs": ("the clock's offset, without its sign", "时钟偏差（绝对值）"),
    "skew": ("the clock difference to the API", "与 API 时钟的偏差"),
    "reason": ("why it failed", "失败原因"),
    "detail": ("what exactly was found", "具体发现的内容"),
    "problem": ("what is wrong", "问题所在"),
    "fix": ("what to change", "需要修改的内容"),
    "path": ("a file path", "文件路径"),
    "url": ("a URL", "URL"),
    "zones": ("the zones concerned", "相关的区"),
    "records": ("the records concerned", "相关的记录"),
    "hours": ("a number of hours", "小时数"),
}
_GENERIC = ("a value from the run", "运行时得到的值")


def _base(field: str) -> str:
    return re.sub(r"_(en|zh)$", "", field)


def placeholders(spec: FindingSpec, lang: str) -> list[str]:
    """The placeholders of the texts ``explain`` shows, in order of appearance, without repeats."""
    seen: list[str] = []
    for texts in (
        spec.title,
        spec.meaning,
        spec.remedy,
        spec.evidence,
        *spec.symptom_remedies.values(),
    ):
        for _, field, _, _ in string.Formatter().parse(pick(texts, lang) if texts else ""):
            if field and _base(field) not in seen:
                seen.append(_base(field))
    return seen


def explain_placeholders(spec: FindingSpec, text: str, lang: str) -> str:
    """``text`` (what ``explain`` prints) with ``{field}`` shown as ``<field>``, and a list that
    says what each one will be in a report."""
    fields = placeholders(spec, lang)
    if not fields:
        return text
    shown = re.sub(r"\{(\w+)\}", lambda m: f"<{_base(m.group(1))}>", text)
    zh = lang == "zh"
    lines = ["", "报告中以下占位符会替换为实际值：" if zh else "In a report, these are filled in:"]
    width = max(len(f) for f in fields) + 2
    for field in fields:
        if field.startswith("cause_"):
            en_text, zh_text = GLOSSARY.get(field.removeprefix("cause_"), _GENERIC)
            en_text, zh_text = f"{en_text}, as the cause reports it", f"{zh_text}（原因中的值）"
        else:
            en_text, zh_text = GLOSSARY.get(field, _GENERIC)
        lines.append(f"  {'<' + field + '>':{width}} {zh_text if zh else en_text}")
    return shown.rstrip("\n") + "\n" + "\n".join(lines) + "\n"
