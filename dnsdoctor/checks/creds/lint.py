"""Offline checks of DNS provider credentials: where they come from, and what is in them.

Nothing here talks to the network. The field lint itself (every character that breaks a request
signature, with its position and Unicode name, never the secret) is provider-neutral and lives in
:mod:`dnsdoctor.providers.lint`; the provider's key-shape heuristics (a Tencent SecretId is
``AKID`` + 32 characters, an Alibaba AccessKey ID ``LTAI`` + …; the two fields swapped; a legacy
DNSPod ``ID,Token``) in ``providers/<name>/lint.py``. They are warnings: conventions, not a
documented contract. This module turns both into findings.

Checks: ``creds.sources`` (which sources exist, which one is used, disagreements, file modes) and
``creds.lint``.
"""

from __future__ import annotations

import asyncio
import importlib
import re
from collections.abc import Callable

import dns.exception

from dnsdoctor import providers
from dnsdoctor.checks.base import Scope, Skip, check
from dnsdoctor.core import secrets
from dnsdoctor.core.context import Context, Target
from dnsdoctor.core.model import Evidence, Finding, Severity, SpecMaker
from dnsdoctor.credentials import (
    Credential,
    CredentialInputs,
    Discovery,
    SourceNote,
)
from dnsdoctor.providers.base import FormatProblem, Provider
from dnsdoctor.providers.lint import KINDS, WHERE, FieldLint, lint_credential

FAMILY = "creds"
COMMANDS = ("check", "creds", "preflight")

WHERE_ZH = {w: t["zh"] for w, t in WHERE.items()}
FIELDS_ZH = {"SecretId": "SecretId", "SecretKey": "SecretKey", "token": "临时密钥 Token"}


def format_problems(cred: Credential) -> list[FormatProblem]:
    """The provider's heuristics on the cleaned values (conventions, so warnings only). A key id
    that is not the provider's shape but another provider's is said as such
    (CREDS_OTHER_PROVIDER_KEY), whichever provider's lint recognises it."""
    provider = providers.get(cred.provider)
    lint = provider.module("lint")
    found: list[FormatProblem] = lint.format_problems(cred.secret_id, cred.secret_key, cred.token)
    if any(p.code == CREDS_ID_FORMAT.code for p in found):
        key_id = secrets.cleaned(cred.secret_id)
        for other in providers.all_providers():
            is_key_id = getattr(other.module("lint"), "is_key_id", None)
            if other is not provider and is_key_id is not None and is_key_id(key_id):
                params: dict[str, str | int] = {"provider": provider.name, "looks_like": other.name}
                return [FormatProblem(CREDS_OTHER_PROVIDER_KEY.code, params)]
    return found


def fix_text(fields: list[FieldLint]) -> tuple[str, str]:
    """What cleaning did, in English and Chinese (``the trailing ZERO WIDTH SPACE (U+200B) is
    removed from the SecretKey (TENCENTCLOUD_SECRET_KEY)``)."""
    en: list[str] = []
    zh: list[str] = []
    for f in fields:
        issues = [i for i in f.issues if i.kind != "non-ascii"]
        if not issues:
            continue
        fullwidth = [i for i in issues if i.kind == "fullwidth"]
        removed = [i for i in issues if i.kind != "fullwidth"]
        where = f"the {f.part} ({f.origin})"
        where_zh = f"{FIELDS_ZH.get(f.part, f.part)}（{f.origin}）"
        if f.quoted and len(removed) == 2 and all(i.kind == "quote" for i in removed):
            en.append(f"the surrounding quotes are removed from {where}")
            zh.append(f"去掉 {where_zh}两侧的引号")
        elif len(removed) == 1:
            i = removed[0]
            en.append(f"the {i.where} {i.name} is removed from {where}")
            zh.append(f"去掉 {where_zh}{WHERE_ZH[i.where]}的 {i.name}")
        elif removed:
            en.append(f"{len(removed)} invisible characters or quotes are removed from {where}")
            zh.append(f"去掉 {where_zh}中的 {len(removed)} 个不可见字符或引号")
        if fullwidth:
            en.append(f"{len(fullwidth)} full-width characters in {where} are typed as ASCII")
            zh.append(f"把 {where_zh}中的 {len(fullwidth)} 个全角字符改为半角")
    text_zh = "，并".join(zh)
    if text_zh and text_zh[-1].isascii():
        text_zh += " "  # "… (U+200B) 后"
    return " and ".join(en), text_zh


# -- finding specs ----------------------------------------------------------------------------


_EXPLICIT_ERROR = (
    (
        Severity.ERROR,
        (
            "the source was named on the command line (--secret-id, --secret-key-file, --ask, "
            "--profile): the key to test cannot be used, so nothing else is tried",
            "该来源是在命令行中指定的（--secret-id、--secret-key-file、--ask、--profile）：要测试的密钥无法使用，"
            "也不会改用其他来源",
        ),
    ),
)
_OTHER_SOURCE_WARNING = (
    (
        Severity.WARNING,
        (
            "the damaged key is in a source that is found but not used (another source comes "
            "first): it matters to the tools that read that source",
            "有问题的密钥位于找到但未被使用的来源中（有优先级更高的来源）：只影响读取该来源的工具",
        ),
    ),
)
_OTHER_SOURCE_INFO = (
    (
        Severity.INFO,
        (
            "the key is in a source that is found but not used (another source comes first)",
            "该密钥位于找到但未被使用的来源中（有优先级更高的来源）",
        ),
    ),
)
_spec = SpecMaker(FAMILY)


CREDS_SOURCE_USED = _spec(
    "CREDS_SOURCE_USED",
    Severity.INFO,
    (
        "Using Tencent Cloud key {secret_id} from {source}",
        "使用来自 {source} 的腾讯云密钥 {secret_id}",
    ),
    (
        "dnsdoctor found Tencent Cloud API credentials and uses the first source in its documented "
        "precedence; the evidence lists every source found and which tools read each.",
        "dnsdoctor 找到了腾讯云 API 密钥，并按文档中的优先级使用第一个来源；"
        "证据中列出了找到的所有来源，以及哪些工具会读取它们。",
    ),
    (
        "Make sure your ACME client reads the same source ({readers}).",
        "请确认您的 ACME 客户端读取的是同一个来源（{readers}）。",
    ),
)
CREDS_NOT_FOUND = _spec(
    "CREDS_NOT_FOUND",
    Severity.ERROR,
    ("No Tencent Cloud credentials found", "没有找到腾讯云 API 密钥"),
    (
        "Credential checks were asked for (`dnsdoctor creds`, or --provider tencentcloud), but "
        "no source dnsdoctor reads holds a SecretId and a SecretKey, so none of them ran. This "
        "does not prove the ACME client has no key (Certimate keeps its own, a container has "
        "its own environment). Without that request, dnsdoctor reports no finding for it: the "
        "credential checks are skipped, and preflight's write probe says it could not run "
        "(PREFLIGHT_PROBE_REFUSED, a warning).",
        "要求了检查密钥（`dnsdoctor creds`，或 --provider tencentcloud），但 dnsdoctor 读取的来源中没有同时提供 "
        "SecretId 和 SecretKey 的，因此这些检查都没有运行。这并不能证明 ACME 客户端没有密钥（Certimate 自己保存密钥，"
        "容器有自己的环境变量）。没有这个要求时，dnsdoctor 不会为此报告问题：密钥检查被跳过，preflight 的写入探测会说明"
        "它无法运行（PREFLIGHT_PROBE_REFUSED，警告）。",
    ),
    (
        "Pass --secret-id with --secret-key-file FILE (or --ask), or set TENCENTCLOUD_SECRET_ID "
        "and TENCENTCLOUD_SECRET_KEY the way your ACME client reads them.",
        "请使用 --secret-id 配合 --secret-key-file FILE（或 --ask），或者像 ACME 客户端那样设置 "
        "TENCENTCLOUD_SECRET_ID 和 TENCENTCLOUD_SECRET_KEY 环境变量。",
    ),
    explains=(),
    rank=2,
)
CREDS_INCOMPLETE = _spec(
    "CREDS_INCOMPLETE",
    Severity.WARNING,
    ("{source} {detail}", "{source} 不完整：{detail_zh}"),
    (
        "Half a credential is as good as none: the tool reading this source fails before it signs "
        "a request, usually with a 'credentials missing' error.",
        "只有一半的密钥等于没有密钥：读取这个来源的工具在签名之前就会失败，通常报“缺少凭据”之类的错误。",
    ),
    (
        "Complete or remove the source {source}.",
        "请补全或删除来源 {source}。",
    ),
    explains=(),
    rank=3,
    severity_rules=_EXPLICIT_ERROR,
)
CREDS_FILE_UNREADABLE = _spec(
    "CREDS_FILE_UNREADABLE",
    Severity.WARNING,
    ("{source} cannot be used: {detail}", "{source} 无法使用：{detail_zh}"),
    (
        "The credential file exists but cannot be read or parsed, so every tool reading it gets "
        "no key from it.",
        "凭据文件存在，但无法读取或解析，所以读取它的工具都拿不到密钥。",
    ),
    (
        "Fix the file (UTF-8 text, the documented format) or point the option at the right file.",
        "请修正该文件（UTF-8 文本、符合文档格式），或者让参数指向正确的文件。",
    ),
    explains=(),
    rank=3,
    severity_rules=_EXPLICIT_ERROR,
)
CREDS_FILE_PERMISSIONS = _spec(
    "CREDS_FILE_PERMISSIONS",
    Severity.WARNING,
    ("{path} is {detail}", "{path} 的权限过宽：{detail_zh}"),
    (
        "A file holding a SecretKey that other users on this machine can read gives them the key.",
        "存放 SecretKey 的文件如果能被本机其他用户读取，就等于把密钥交给了他们。",
    ),
    ("Make it private: chmod 600 {path}", "请把它设为仅本人可读：chmod 600 {path}"),
    explains=(),
    rank=60,
    cause=False,
)
CREDS_FILE_WRITABLE = _spec(
    "CREDS_FILE_WRITABLE",
    Severity.WARNING,
    ("{path} is {detail}", "{path} 可被他人写入：{detail_zh}"),
    (
        "Another user who can write a credential file can replace the key, so that the ACME "
        "client works in their account; acme.sh even runs its account.conf as shell code, so a "
        "write there runs commands as you.",
        "能写入凭据文件的其他用户可以替换其中的密钥，让 ACME 客户端在他们的账号下工作；acme.sh "
        "还会把 account.conf 当作 shell 代码执行，改写它就能以你的身份运行命令。",
    ),
    (
        "Take the write permission away from group and others: chmod 600 {path}",
        "请去掉同组用户和其他用户的写权限：chmod 600 {path}",
    ),
    explains=(),
    rank=60,
)
CREDS_FILE_OWNER = _spec(
    "CREDS_FILE_OWNER",
    Severity.WARNING,
    ("{path} is {detail}", "{path} 属于其他用户：{detail_zh}"),
    (
        "A credential file that belongs to another user is theirs to read and to change at any "
        "time: they can read the key, or swap it for their own.",
        "属于其他用户的凭据文件，对方随时可以读取和修改：既能读到密钥，也能换成他们自己的密钥。",
    ),
    (
        'Make the file yours (sudo chown "$(id -un)" {path}; chmod 600 {path}), or use a '
        "credential file of your own.",
        '请把文件改为归你所有（sudo chown "$(id -un)" {path}; chmod 600 {path}），'
        "或改用你自己的凭据文件。",
    ),
    explains=(),
    rank=60,
)
CREDS_SOURCES_DISAGREE = _spec(
    "CREDS_SOURCES_DISAGREE",
    Severity.WARNING,
    (
        "{first} and {second} hold different keys ({parts})",
        "{first} 与 {second} 中的密钥不同（{parts}）",
    ),
    (
        "Two places hold different Tencent Cloud keys. A common confusion: the shell has one key "
        "and the ACME client another, so a test in the shell passes while the client fails.",
        "两个地方存放的腾讯云密钥不一样。常见的混乱是：终端里是一把密钥，ACME "
        "客户端用的却是另一把，于是在终端里测试正常，客户端却失败。",
    ),
    (
        "Decide which key is right and put the same one in both places, or remove the stale one. "
        "{second} is read by: {readers}.",
        "请确定哪把密钥是正确的，两处保持一致，或删除过期的那一处。读取 {second} 的工具："
        "{readers}。",
    ),
    explains=(),
    rank=30,
)
CREDS_TOKEN_CONFLICT = _spec(
    "CREDS_TOKEN_CONFLICT",
    Severity.WARNING,
    ("{variables} hold different tokens", "{variables} 中的 Token 各不相同"),
    (
        "Temporary keys need their token. Each tool reads a different variable: tccli "
        "TENCENTCLOUD_TOKEN, Terraform TENCENTCLOUD_SECURITY_TOKEN, lego "
        "TENCENTCLOUD_SESSION_TOKEN; with different values, some of them send a wrong token.",
        "临时密钥必须带上对应的 Token。不同工具读取不同的变量：tccli 读 TENCENTCLOUD_TOKEN，"
        "Terraform 读 TENCENTCLOUD_SECURITY_TOKEN，lego 读 TENCENTCLOUD_SESSION_TOKEN；取值不同时，"
        "总有工具会发送错误的 Token。",
    ),
    (
        "Set all of them to the token issued with the temporary key, or unset the stale ones.",
        "请把它们都设为与临时密钥一起签发的 Token，或删除过期的变量。",
    ),
    explains=("CREDS_TOKEN_FAILURE",),
    rank=8,
    severity_rules=_EXPLICIT_ERROR,
)
CREDS_NOT_STATIC = _spec(
    "CREDS_NOT_STATIC",
    Severity.WARNING,
    ("{source} holds no static key: {detail}", "{source} 中没有固定密钥：{detail}"),
    (
        "tccli can fetch keys at run time (CVM role, OAuth, SSO); ACME clients cannot use those.",
        "tccli 可以在运行时获取密钥（CVM 角色、OAuth、SSO），但 ACME 客户端无法使用这类密钥。",
    ),
    (
        "Create a CAM sub-user with an API key for the ACME client and give it to the client.",
        "请为 ACME 客户端创建一个带 API 密钥的 CAM 子用户，并把密钥配置给客户端。",
    ),
    explains=(),
    rank=20,
    severity_rules=_EXPLICIT_ERROR,
)
CREDS_INVISIBLE_CHAR = _spec(
    "CREDS_INVISIBLE_CHAR",
    Severity.ERROR,
    (
        "{field} from {origin} has a {where} {kind} {char} at position {position} of {length}"
        "{more}",
        "{origin} 中的 {field_zh} 在第 {position} 位（共 {length} 位，{where_zh}）有{kind_zh} "
        "{char}{more_zh}",
    ),
    (
        "The signature is computed over every byte of the key, so an invisible character — a "
        "space, line break, tab, NBSP, full-width space, zero-width character or BOM, usually "
        "picked up while copying — makes every request fail with AuthFailure.SignatureFailure "
        "(or AuthFailure.SecretIdNotFound for the SecretId). The Python SDK refuses surrounding "
        "whitespace locally; lego and acme.sh send it.",
        "签名是对密钥的每一个字节计算的，所以一个看不见的字符（空格、换行、制表符、不换行空格、全角空格、"
        "零宽字符或 BOM，通常是复制时带进来的）会让每个请求都以 AuthFailure.SignatureFailure 失败"
        "（SecretId 中则是 AuthFailure.SecretIdNotFound）。Python SDK 会在本地拒绝首尾空白，而 "
        "lego 和 acme.sh 会照原样发送。",
    ),
    (
        "Re-enter the {field} in {origin} by typing or pasting it into a plain-text editor, "
        "without the extra characters; for a file, write it without a final newline "
        "(printf '%s' …).",
        "请在 {origin} 中重新填写 {field_zh}，在纯文本编辑器中输入或粘贴，不要带多余字符；"
        "如果是文件，写入时不要带末尾换行（printf '%s' …）。",
    ),
    explains=(),
    rank=4,
    severity_rules=_OTHER_SOURCE_WARNING,
)
CREDS_FULLWIDTH_CHAR = _spec(
    "CREDS_FULLWIDTH_CHAR",
    Severity.ERROR,
    (
        "{field} from {origin} contains the full-width character {char} at position {position}"
        "{more}",
        "{origin} 中的 {field_zh} 第 {position} 位是全角字符 {char}{more_zh}",
    ),
    (
        "A Chinese input method in full-width mode types letters and digits as different "
        "characters (Ａ instead of A). They look alike, but the signature differs.",
        "中文输入法处于全角模式时，输入的字母和数字是另一组字符（Ａ 而不是 A），看起来一样，"
        "签名却不同。",
    ),
    (
        "Switch the input method to half-width (Shift+Space) or English, and re-enter the {field}.",
        "请把输入法切换到半角（Shift+空格）或英文，然后重新输入 {field_zh}。",
    ),
    explains=(),
    rank=4,
    severity_rules=_OTHER_SOURCE_WARNING,
)
CREDS_NON_ASCII_CHAR = _spec(
    "CREDS_NON_ASCII_CHAR",
    Severity.ERROR,
    (
        "{field} from {origin} contains the non-ASCII character {char} at position {position}"
        "{more}",
        "{origin} 中的 {field_zh} 第 {position} 位是非 ASCII 字符 {char}{more_zh}",
    ),
    (
        "Tencent Cloud keys consist of ASCII letters and digits only; any other character means "
        "the value was damaged or is not the key.",
        "腾讯云密钥只由 ASCII 字母和数字组成；出现其他字符说明内容已损坏，或者根本不是密钥。",
    ),
    (
        "Copy the {field} again from the CAM console (API 密钥管理) into {origin}.",
        "请从访问管理控制台（API 密钥管理）重新复制 {field_zh} 到 {origin}。",
    ),
    explains=(
        "CREDS_SIGNATURE_FAILURE",
        "CREDS_SECRET_ID_NOT_FOUND",
        "CREDS_CREDENTIAL_UNSENDABLE",
    ),
    rank=4,
    severity_rules=_OTHER_SOURCE_WARNING,
)
CREDS_QUOTED = _spec(
    "CREDS_QUOTED",
    Severity.ERROR,
    (
        "{field} from {origin} contains the quote {char} at position {position} of {length}{more}",
        "{origin} 中的 {field_zh} 第 {position} 位（共 {length} 位）是引号 {char}{more_zh}",
    ),
    (
        "Quotes became part of the value: INI files (the SDKs' ~/.tencentcloud/credentials) and "
        "many environment files take them literally, so the key sent is not the key issued.",
        "引号成了值的一部分：INI 文件（SDK 使用的 ~/.tencentcloud/credentials）"
        "和很多环境变量文件会原样保留引号，于是发送的密钥并不是签发的那个。",
    ),
    (
        "Remove the quotes around the {field} in {origin}.",
        "请去掉 {origin} 中 {field_zh} 两侧的引号。",
    ),
    explains=(),
    rank=4,
    severity_rules=_OTHER_SOURCE_WARNING,
)
CREDS_ID_FORMAT = _spec(
    "CREDS_ID_FORMAT",
    Severity.WARNING,
    (
        "SecretId from {origin} does not look like AKID + 32 letters or digits ({length} chars)",
        "{origin} 中的 SecretId 不像“AKID + 32 位字母或数字”的格式（{length} 个字符）",
    ),
    (
        "Tencent Cloud SecretIds observed so far are 36 characters starting with AKID. This is a "
        "convention, not a documented rule, so it is only a hint that the value is truncated, "
        "padded or not a SecretId.",
        "目前所见的腾讯云 SecretId 都是以 AKID 开头的 36 个字符。这是惯例而非文档规定，"
        "因此只提示该值可能被截断、多了内容，或者根本不是 SecretId。",
    ),
    (
        "Compare it with the SecretId shown in the CAM console (API 密钥管理).",
        "请与访问管理控制台（API 密钥管理）中显示的 SecretId 核对。",
    ),
    explains=("CREDS_SECRET_ID_NOT_FOUND", "CREDS_INVALID_SECRET_ID"),
    rank=7,
    severity_rules=_OTHER_SOURCE_INFO,
)
CREDS_KEY_FORMAT = _spec(
    "CREDS_KEY_FORMAT",
    Severity.WARNING,
    (
        "SecretKey from {origin} is {length} characters; Tencent Cloud SecretKeys are 32",
        "{origin} 中的 SecretKey 有 {length} 个字符；腾讯云 SecretKey 通常是 32 个",
    ),
    (
        "SecretKeys observed so far are 32 letters and digits. Another length suggests a truncated "
        "or padded copy. This is a convention, not a documented rule.",
        "目前所见的 SecretKey 都是 32 位字母和数字。长度不同通常说明复制时被截断或多了内容。"
        "这是惯例而非文档规定。",
    ),
    (
        "Copy the SecretKey again; if it is lost, create a new key in the CAM console.",
        "请重新复制 SecretKey；如果已经找不到，请在访问管理控制台新建密钥。",
    ),
    explains=("CREDS_SIGNATURE_FAILURE",),
    rank=7,
    severity_rules=_OTHER_SOURCE_INFO,
)
CREDS_SWAPPED = _spec(
    "CREDS_SWAPPED",
    Severity.WARNING,
    (
        "SecretId and SecretKey from {origin} look swapped",
        "{origin} 中的 SecretId 和 SecretKey 似乎填反了",
    ),
    (
        "The value given as SecretKey has the shape of a SecretId (AKID + 32) and the SecretId "
        "does not; the API then answers AuthFailure.SecretIdNotFound or InvalidSecretId.",
        "作为 SecretKey 的值具有 SecretId 的形态（AKID + 32 位），而 SecretId 却没有；"
        "接口会因此返回 AuthFailure.SecretIdNotFound 或 InvalidSecretId。",
    ),
    ("Exchange the two values in {origin}.", "请在 {origin} 中把这两个值对调。"),
    explains=("CREDS_SECRET_ID_NOT_FOUND", "CREDS_INVALID_SECRET_ID", "CREDS_SIGNATURE_FAILURE"),
    rank=5,
    severity_rules=_OTHER_SOURCE_INFO,
)
CREDS_LEGACY_DNSPOD_TOKEN = _spec(
    "CREDS_LEGACY_DNSPOD_TOKEN",
    Severity.WARNING,
    (
        "The key from {origin} looks like a legacy DNSPod token (ID,Token), not a Tencent Cloud "
        "API key",
        "{origin} 中的密钥像是旧版 DNSPod Token（ID,Token），而不是腾讯云 API 密钥",
    ),
    (
        "DNSPod's old API (dnsapi.cn) used a numeric ID and a 32-hex Token. Tencent Cloud API 3.0, "
        "which lego, Certimate and acme.sh's dns_tencent use, needs a CAM SecretId/SecretKey; the "
        "old token is answered with AuthFailure.InvalidSecretId or SecretIdNotFound.",
        "DNSPod 旧接口（dnsapi.cn）使用数字 ID 和 32 位十六进制 Token。lego、Certimate 和 acme.sh "
        "的 dns_tencent 使用的是腾讯云 API 3.0，需要 CAM 的 SecretId/SecretKey；旧 Token 会得到 "
        "AuthFailure.InvalidSecretId 或 SecretIdNotFound。",
    ),
    (
        "Create an API key in the CAM console (访问管理 → API 密钥管理) and use it instead; with "
        "acme.sh, the old token belongs to dns_dp (DP_Id/DP_Key), not dns_tencent.",
        "请在访问管理控制台（API 密钥管理）创建 API 密钥并改用它；如果使用 acme.sh，旧 Token "
        "对应的是 dns_dp（DP_Id/DP_Key），而不是 dns_tencent。",
    ),
    explains=("CREDS_SECRET_ID_NOT_FOUND", "CREDS_INVALID_SECRET_ID", "CREDS_SIGNATURE_FAILURE"),
    rank=4,
    severity_rules=_OTHER_SOURCE_INFO,
)

CREDS_OTHER_PROVIDER_KEY = _spec(
    "CREDS_OTHER_PROVIDER_KEY",
    Severity.WARNING,
    (
        "SecretId from {origin} looks like another provider's key id ({looks_like}), not a "
        "Tencent Cloud SecretId",
        "{origin} 中的 SecretId 看起来是另一家 DNS 服务商（{looks_like}）的密钥 ID，而不是腾讯云 "
        "SecretId",
    ),
    (
        "Tencent Cloud SecretIds start with AKID; this one has the shape of a {looks_like} key "
        "id. One cloud does not know another's keys, so every request fails with "
        "AuthFailure.SecretIdNotFound. Typical after a domain moved between DNS providers, or on "
        "a host that serves zones at both, where the variables got mixed up.",
        "腾讯云 SecretId 以 AKID 开头；这个值却是 {looks_like} 密钥 ID 的形态。一家云厂商不认识另一家"
        "的密钥，因此每个请求都会以 AuthFailure.SecretIdNotFound 失败。常见于域名在 DNS 服务商之间"
        "迁移之后，或同一台主机为两家服务商的域名申请证书、环境变量混在了一起。",
    ),
    (
        "If the zone is at {looks_like}, check it with --provider {looks_like} and configure the "
        "ACME client for that provider; otherwise put the SecretId and SecretKey of the Tencent "
        "Cloud account that holds the zone into {origin}.",
        "如果域名托管在 {looks_like}，请用 --provider {looks_like} 检查，并按该服务商配置 ACME "
        "客户端；否则请把托管该域名的腾讯云账号的 SecretId 和 SecretKey 填入 {origin}。",
    ),
    explains=("CREDS_SECRET_ID_NOT_FOUND", "CREDS_INVALID_SECRET_ID"),
    rank=4,
    severity_rules=_OTHER_SOURCE_INFO,
)
CREDS_TOKEN_MISSING = _spec(
    "CREDS_TOKEN_MISSING",
    Severity.WARNING,
    (
        "The key id from {origin} is a temporary key, but no token came with it",
        "{origin} 中的密钥 ID 是临时密钥，但没有随附 Token",
    ),
    (
        "A temporary key (issued by the provider's STS for a role or a federated user) is valid "
        "only together with the security token issued with it, and only until it expires; "
        "without the token the API rejects every request.",
        "临时密钥（由服务商的 STS 为角色或联合身份签发）必须和一起签发的安全令牌（Token）配合使用，"
        "且只在有效期内可用；没有 Token，接口会拒绝每一个请求。",
    ),
    (
        "Give the ACME client the token issued with the key, or, better for a long-running "
        "client, a sub-user's permanent key.",
        "请把与该密钥一起签发的 Token 配置给 ACME 客户端；对长期运行的客户端，更好的做法是使用子用户"
        "的永久密钥。",
    ),
    explains=("CREDS_TOKEN_FAILURE",),
    rank=5,
    severity_rules=_OTHER_SOURCE_INFO,
)

SOURCE_SPECS = (
    CREDS_SOURCE_USED,
    CREDS_NOT_FOUND,
    CREDS_INCOMPLETE,
    CREDS_FILE_UNREADABLE,
    CREDS_FILE_PERMISSIONS,
    CREDS_FILE_WRITABLE,
    CREDS_FILE_OWNER,
    CREDS_SOURCES_DISAGREE,
    CREDS_TOKEN_CONFLICT,
    CREDS_NOT_STATIC,
)
LINT_SPECS = (
    CREDS_INVISIBLE_CHAR,
    CREDS_FULLWIDTH_CHAR,
    CREDS_NON_ASCII_CHAR,
    CREDS_QUOTED,
    CREDS_ID_FORMAT,
    CREDS_KEY_FORMAT,
    CREDS_SWAPPED,
    CREDS_LEGACY_DNSPOD_TOKEN,
    CREDS_OTHER_PROVIDER_KEY,
    CREDS_TOKEN_MISSING,
)
_SPECS_BY_CODE = {s.code: s for s in SOURCE_SPECS + LINT_SPECS}

DETAIL_ZH = {
    "no such file": "文件不存在",
    "is a directory": "这是一个目录",
    "permission denied": "没有读取权限",
    "not valid JSON": "不是有效的 JSON",
    "not a JSON object": "不是 JSON 对象",
    "no [default] section": "没有 [default] 段",
    "not a valid profile name": "不是有效的配置名",
    "has a SecretId but no SecretKey": "有 SecretId 但没有 SecretKey",
    "has a SecretKey but no SecretId": "有 SecretKey 但没有 SecretId",
    "has an AccessKey ID but no AccessKey Secret": "有 AccessKey ID 但没有 AccessKey Secret",
    "has an AccessKey Secret but no AccessKey ID": "有 AccessKey Secret 但没有 AccessKey ID",
}
_DETAIL_PATTERNS_ZH: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"no \[(.+)\] section"), r"没有 [\1] 段"),
    (re.compile(r"not a valid INI file \((\w+)\)"), r"不是有效的 INI 文件（\1）"),
    (
        re.compile(r"lego uses the ECS instance RAM role ('[^']*') and ignores .*"),
        r"lego 使用 ECS 实例 RAM 角色 \1，忽略 ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY；"
        r"该角色的密钥只存在于那台实例上",
    ),
    (
        re.compile(r'type "([^"]*)": the SDK fetches its keys at run time.*'),
        r"类型“\1”：SDK 在运行时才获取密钥；没有 ACME 客户端会读取它们",
    ),
    (
        re.compile(r'mode "([^"]*)": the aliyun CLI fetches its keys at run time.*'),
        r"模式“\1”：aliyun CLI 在运行时才获取密钥；ACME 客户端无法使用它们",
    ),
)


def _detail_zh(detail: str) -> str:
    if detail in DETAIL_ZH:
        return DETAIL_ZH[detail]
    for pattern, zh in _DETAIL_PATTERNS_ZH:
        if pattern.fullmatch(detail):
            return pattern.sub(zh, detail)
    if detail.startswith("mode "):
        mode, _, rest = detail.partition(":")
        what = "可写" if "writable by" in rest else "可读"
        who = rest.replace("readable by", "").replace("writable by", "").strip()
        who_zh = who.replace("group and others", "同组用户和其他用户").replace("group", "同组用户")
        who_zh = who_zh.replace("others", "其他用户")
        return f"{mode}，{who_zh}{what}"
    owner = re.fullmatch(r"owned by uid (\d+), not by this user \(uid (\d+)\) or root", detail)
    if owner:
        return f"属主是 uid {owner.group(1)}，不是当前用户（uid {owner.group(2)}）或 root"
    if detail.startswith("not a regular file"):
        kinds = {"a FIFO": "命名管道", "a character device": "字符设备", "a block device": "块设备",
                 "a socket": "套接字", "a symlink": "符号链接"}  # fmt: skip
        kind = detail.removeprefix("not a regular file (").removesuffix(")")
        return f"不是普通文件（{kinds.get(kind, kind)}）"
    if detail.startswith("needs "):
        return "还需要 " + detail.removeprefix("needs ").removesuffix(" as well")
    return detail


# -- shared access to the discovery -----------------------------------------------------------


PROVIDER_ALIASES = {"tencent": "tencentcloud", "dnspod": "tencentcloud", "aliyun": "alidns"}
"""Other names users give a provider on the command line."""


def provider_name(value: str | None) -> str | None:
    """``--provider`` as a registry name: ``None`` for automatic, ``"none"`` for off."""
    if value is None:
        return None
    name = value.strip().lower()
    if name in ("", "auto"):
        return None
    if name in ("none", "off", "no"):
        return "none"
    return PROVIDER_ALIASES.get(name, name)


def inputs_of(ctx: Context) -> CredentialInputs:
    """The credential inputs, or :class:`Skip` when the credential checks do not apply."""
    inputs = ctx.options.credentials
    if inputs is None:
        raise Skip("no credential inputs were given to this run", "本次运行没有给出凭据输入")
    name = provider_name(inputs.provider)
    if name == "none":
        raise Skip(
            f"credential checks are off (--provider {inputs.provider})",
            f"凭据检查已关闭（--provider {inputs.provider}）",
        )
    if name is not None and name not in providers.NAMES:
        raise Skip(
            f"provider {inputs.provider} has no credential checks",
            f"服务商 {inputs.provider} 没有凭据检查",
        )
    return inputs


async def discovery_of(ctx: Context, provider: Provider) -> Discovery:
    """One provider's credential discovery, once per run."""
    inputs = inputs_of(ctx)
    module = importlib.import_module(provider.sources_module)
    discover: Callable[[CredentialInputs], Discovery] = module.discover_for
    return await ctx.memo(
        ("creds", "discovery", provider.name), lambda: asyncio.to_thread(discover, inputs)
    )


async def provider_of(ctx: Context) -> Provider:
    """The provider whose credentials are checked: ``--provider``, else the one whose name
    servers the zone is delegated to, else the first one with credentials on this machine."""
    inputs = inputs_of(ctx)
    name = provider_name(inputs.provider)
    if name is not None:
        return providers.get(name)
    return await ctx.memo(("creds", "provider"), lambda: _auto_provider(ctx))


async def _auto_provider(ctx: Context) -> Provider:
    candidates = providers.all_providers()
    found = [p for p in candidates if (await discovery_of(ctx, p)).found]
    if len(found) == 1:
        return found[0]
    by_ns = await _serving_provider(ctx)
    if by_ns is not None and (not found or by_ns in found):
        return by_ns
    return found[0] if found else candidates[0]


async def _serving_provider(ctx: Context) -> Provider | None:
    """The provider whose name servers the zone of a target is delegated to (as DNS shows it)."""
    from dnsdoctor.truth.iterate import ResolutionError, delegation

    for target in ctx.targets:
        try:
            cut = await delegation(ctx, target.challenge)
        except (ResolutionError, dns.exception.DNSException):
            continue
        hosts = [h.name.to_text(omit_final_dot=True) for h in cut.ns]
        if len(cut.zone) > 2 and (serving := providers.serving(hosts)) is not None:
            return serving
    return None


async def discovered(ctx: Context) -> Discovery:
    """The credential discovery of the provider in use, once per run."""
    return await discovery_of(ctx, await provider_of(ctx))


async def chosen_credential(ctx: Context) -> Credential:
    disc = await discovered(ctx)
    chosen = disc.chosen
    if chosen is None:
        if disc.explicit_failed:
            raise Skip(
                "the credential given on the command line cannot be used (creds.sources)",
                "命令行给出的凭据无法使用（见 creds.sources）",
            )
        provider = await provider_of(ctx)
        raise Skip(f"no {provider.title} credentials found", f"未找到{provider.title_zh}凭据")
    return chosen


def key_evidence(cred: Credential) -> tuple[Evidence, ...]:
    provider = providers.get(cred.provider)
    items = [
        Evidence(provider.key_id_label, secrets.mask_id(cred.secret_id), secret=True),
        Evidence(provider.secret_label, secrets.mask(cred.secret_key), secret=True),
    ]
    if cred.token:
        items.append(Evidence("token", secrets.mask(cred.token), secret=True))
    return tuple(items)


# -- checks -----------------------------------------------------------------------------------


def _note_finding(note: SourceNote, provider: Provider) -> Finding:
    severity = Severity.ERROR if note.explicit else None
    params = {
        "source": note.origin,
        "detail": note.detail,
        "detail_zh": _detail_zh(note.detail),
        "path": str(note.path) if note.path is not None else note.origin,
        "variables": note.origin,
    }
    spec = {
        "incomplete": CREDS_INCOMPLETE,
        "unreadable": CREDS_FILE_UNREADABLE,
        "permissions": CREDS_FILE_PERMISSIONS,
        "writable": CREDS_FILE_WRITABLE,
        "owner": CREDS_FILE_OWNER,
        "token-conflict": CREDS_TOKEN_CONFLICT,
        "not-static": CREDS_NOT_STATIC,
    }[note.kind]
    commands: tuple[str, ...] = ()
    if note.kind in ("permissions", "writable") and note.path is not None:
        commands = (f"chmod 600 '{note.path}'",)
    elif note.kind == "owner" and note.path is not None:
        commands = (f"sudo chown \"$(id -un)\" '{note.path}'", f"chmod 600 '{note.path}'")
    return Finding(
        provider.wording(spec), params, commands=commands, severity=severity, subject=note.origin
    )


@check(
    "creds.sources",
    family=FAMILY,
    scope=Scope.RUN,
    specs=SOURCE_SPECS,
    commands=COMMANDS,
    summary={
        "en": "Which credential sources of the DNS provider exist, which one is used, and whether "
        "they agree",
        "zh": "DNS 服务商的密钥有哪些来源、使用哪一个、彼此是否一致",
    },
)
async def credential_sources(ctx: Context, target: Target | None) -> list[Finding]:
    inputs = inputs_of(ctx)
    provider = await provider_of(ctx)
    disc = await discovered(ctx)
    findings = [_note_finding(note, provider) for note in disc.notes]
    chosen = disc.chosen
    if chosen is None:
        if findings:
            return findings
        if inputs.provider is not None:
            return [
                Finding(
                    provider.wording(CREDS_NOT_FOUND),
                    {"looked": ", ".join(disc.looked)},
                    evidence=tuple(Evidence("looked in", place) for place in disc.looked),
                )
            ]
        looked = ", ".join(disc.looked)
        raise Skip(
            f"no {provider.title} credentials found (looked in: {looked})",
            f"未找到{provider.title_zh}凭据（查找位置：{looked}）",
        )
    evidence = [
        Evidence(
            f"{'used' if cred is chosen else 'also found'}: {cred.origin}",
            f"{provider.key_id_label} {secrets.mask_id(cred.secret_id)}, "
            f"{provider.secret_label} {secrets.mask(cred.secret_key)}"
            + (", with token" if cred.token else "")
            + f"; read by {cred.readers}",
            secret=True,
        )
        for cred in disc.found
    ]
    findings.insert(
        0,
        Finding(
            provider.wording(CREDS_SOURCE_USED),
            {
                "secret_id": secrets.mask_id(chosen.secret_id),
                "source": chosen.origin,
                "readers": chosen.readers,
            },
            evidence=tuple(evidence),
            subject=chosen.origin,
        ),
    )
    # Disagreement parts are named SecretId/SecretKey/token: say them in the provider's labels.
    labels = {"SecretId": provider.key_id_label, "SecretKey": provider.secret_label}
    for dis in disc.disagreements:
        parts = ", ".join(labels.get(part, part) for part in dis.parts)
        findings.append(
            Finding(
                provider.wording(CREDS_SOURCES_DISAGREE),
                {
                    "first": dis.first.origin,
                    "second": dis.second.origin,
                    "parts": parts
                    + (" — only invisible characters differ" if dis.only_invisible else ""),
                    "readers": dis.second.readers,
                },
                evidence=(
                    Evidence(dis.first.origin, _pair_mask(dis.first), secret=True),
                    Evidence(dis.second.origin, _pair_mask(dis.second), secret=True),
                ),
                subject=dis.second.origin,
            )
        )
    return findings


def _pair_mask(cred: Credential) -> str:
    provider = providers.get(cred.provider)
    return (
        f"{provider.key_id_label} {secrets.mask_id(cred.secret_id)}, "
        f"{provider.secret_label} {secrets.mask(cred.secret_key)}"
    )


def lint_findings(cred: Credential, *, chosen: bool = True) -> list[Finding]:
    """Findings for every character problem and format hint of one credential."""
    provider = providers.get(cred.provider)
    findings: list[Finding] = []
    for f in lint_credential(cred):
        for code, issues in f.by_code().items():
            spec = provider.wording(_SPECS_BY_CODE[code])
            first = issues[0]
            extra = len(issues) - 1
            params: dict[str, str | int] = {
                "field": f.part,
                "field_zh": FIELDS_ZH.get(f.part, f.part),
                "origin": f.origin,
                "position": first.position,
                "length": f.length,
                "where": first.where,
                "where_zh": WHERE_ZH[first.where],
                "kind": KINDS[first.kind]["en"],
                "kind_zh": KINDS[first.kind]["zh"],
                "char": first.name,
                "more": f" (and {extra} more)" if extra else "",
                "more_zh": f"（另有 {extra} 处）" if extra else "",
            }
            evidence = [Evidence(f.part, f.masked, secret=True)]
            evidence += [Evidence(f"position {i.position}", i.describe()) for i in issues]
            findings.append(
                Finding(
                    spec,
                    params,
                    evidence=tuple(evidence),
                    severity=None if chosen else Severity.WARNING,
                    subject=cred.origin,
                )
            )
    for problem in format_problems(cred):
        spec = provider.wording(_SPECS_BY_CODE[problem.code])
        params = {"origin": cred.origin, **problem.params}
        findings.append(
            Finding(
                spec,
                params,
                evidence=key_evidence(cred),
                severity=None if chosen else Severity.INFO,
                subject=cred.origin,
            )
        )
    return findings


@check(
    "creds.lint",
    family=FAMILY,
    scope=Scope.RUN,
    specs=LINT_SPECS,
    commands=COMMANDS,
    summary={
        "en": "Invisible, full-width or quoted characters and format slips in the keys (offline)",
        "zh": "离线检查密钥中的不可见字符、全角字符、引号和格式错误",
    },
)
async def credential_lint(ctx: Context, target: Target | None) -> list[Finding]:
    disc = await discovered(ctx)
    chosen = disc.chosen
    if chosen is None:
        provider = await provider_of(ctx)
        raise Skip(f"no usable {provider.title} credentials", f"没有可用的{provider.title_zh}凭据")
    findings: list[Finding] = []
    for cred in disc.found:
        findings.extend(lint_findings(cred, chosen=cred is chosen))
    return findings
