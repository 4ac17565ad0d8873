"""Turn whatever the user pasted into the name a DNS-01 challenge lives at.

Accepts ``example.com``, ``*.example.com``, ``_acme-challenge.example.com``, a URL, upper case, a
trailing dot, an IDN in Unicode or punycode. Anything else is a :class:`BadName` with a one-line
reason (the CLI turns it into exit code 2).
"""

from __future__ import annotations

import ipaddress
import unicodedata
from urllib.parse import urlsplit

import dns.exception
import dns.name

from dnsdoctor.core.context import Target

CHALLENGE_LABEL = "_acme-challenge"
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


class BadName(ValueError):
    """The input cannot name a certificate identifier; ``str()`` is the English reason, ``zh``
    the Chinese one."""

    def __init__(self, en: str, zh: str = "") -> None:
        super().__init__(en)
        self.zh = zh or en


def parse_target(raw: str) -> Target:
    text = raw.strip()
    if not text:
        raise BadName("empty name", "域名为空")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in text):
        raise BadName(
            f"{raw!r} contains control or invisible characters", f"{raw!r} 含有控制字符或不可见字符"
        )
    if "://" in text:
        try:
            host = urlsplit(text).hostname
        except ValueError as exc:
            raise BadName(
                f"{raw!r} is not a usable URL: {exc}", f"{raw!r} 不是可用的 URL：{exc}"
            ) from None
        if not host:
            raise BadName(f"{raw!r} is a URL without a host name", f"{raw!r} 是没有主机名的 URL")
        text = host
    elif "/" in text:
        text = text.split("/", 1)[0]
    if text.count(":") == 1:  # host:port
        text = text.split(":", 1)[0]
    # Dots typed with a Chinese input method (。．｡) are dots (UTS #46 does the same).
    text = text.translate(_DOTS).rstrip(".").lower()
    if "@" in text:
        domain = text.rsplit("@", 1)[1]
        raise BadName(
            f"{raw!r} is an e-mail address; give the domain name ({domain})",
            f"{raw!r} 是电子邮件地址；请给出域名（{domain}）",
        )
    if any(c.isspace() for c in text):
        raise BadName(
            f"{raw!r} contains white space; give each name as its own argument",
            f"{raw!r} 含有空白字符；每个域名请作为单独的参数给出",
        )
    if "\\" in text:
        raise BadName(f"{raw!r} contains a backslash", f"{raw!r} 含有反斜杠")
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        pass
    else:
        raise BadName(
            f"{raw!r} is an IP address; DNS-01 validates domain names",
            f"{raw!r} 是 IP 地址；DNS-01 验证的是域名",
        )
    wildcard = text.startswith("*.")
    if wildcard:
        text = text[2:]
    if text.startswith(CHALLENGE_LABEL + "."):
        text = text[len(CHALLENGE_LABEL) + 1 :]
    if "*" in text:
        raise BadName(
            f"{raw!r}: a wildcard may only be the leftmost label",
            f"{raw!r}：通配符只能是最左边的标签",
        )
    if not text or "." not in text:
        raise BadName(
            f"{raw!r} is not a fully qualified domain name", f"{raw!r} 不是完整的域名（FQDN）"
        )
    try:
        base = dns.name.from_unicode(text) if not text.isascii() else dns.name.from_text(text)
    except (dns.exception.DNSException, UnicodeError, ValueError) as exc:
        raise BadName(
            f"{raw!r} is not a valid domain name ({exc})", f"{raw!r} 不是有效的域名（{exc}）"
        ) from None
    if any(not label for label in base.labels[:-1]):
        raise BadName(f"{raw!r} has an empty label", f"{raw!r} 含有空标签")
    try:
        challenge = dns.name.Name((CHALLENGE_LABEL.encode(), *base.labels))
    except dns.name.NameTooLong:
        raise BadName(
            f"{raw!r} is too long once _acme-challenge is added (RFC 1035: 255 octets)",
            f"{raw!r} 加上 _acme-challenge 后太长（RFC 1035：最多 255 个八位组）",
        ) from None
    return Target(raw=raw, base=base, challenge=challenge, wildcard=wildcard)


def parse_targets(raws: list[str]) -> list[Target]:
    """Parse every name; names that share one challenge name are checked once."""
    import dataclasses

    out: list[Target] = []
    for raw in raws:
        target = parse_target(raw)
        same = next((i for i, t in enumerate(out) if t.challenge == target.challenge), None)
        if same is None:
            out.append(target)
        elif out[same].wildcard != target.wildcard:
            out[same] = dataclasses.replace(out[same], wildcard=True, apex_too=True)
    return out
