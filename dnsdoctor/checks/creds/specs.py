"""The credential findings (CREDS_*): codes, severities and texts, in English and Chinese.

The specs name no provider: the provider's name, what it calls the key's parts, its access control,
its actions and its console come from params the checks fill from the
:class:`~dnsdoctor.providers.base.Provider` (:func:`key_words`). A provider says more in its own
words where its users need it (its error codes, key shapes, console paths) by re-wording fields
under the same code (``providers/<name>/texts.py``,
:meth:`~dnsdoctor.providers.base.Provider.wording`); Tencent Cloud keeps there the words its users
read before the specs became neutral.

The steps that raise them are in :mod:`.lint` (``creds.sources``, ``creds.lint``: offline) and
:mod:`.checks` (``creds.identity``, ``creds.zone``, ``creds.records``, ``creds.permissions``: the
API).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dnsdoctor.core.i18n import Joined, Phrase, Wording, register
from dnsdoctor.core.model import Severity, SpecMaker
from dnsdoctor.providers.base import Provider

FAMILY = "creds"
COMMANDS = ("check", "creds", "preflight")

# -- sources and lint (creds.sources, creds.lint) ----------------------------------------------------------------------------


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
        "Using {cloud} key {secret_id} from {source}",
        "使用来自 {source} 的{cloud}密钥 {secret_id}",
    ),
    (
        "dnsdoctor found {cloud} API credentials and uses the first source in its documented "
        "precedence; the evidence lists every source found and which tools read each.",
        "dnsdoctor 找到了{cloud} API 密钥，并按文档中的优先级使用第一个来源；"
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
    ("No {cloud} credentials found", "没有找到{cloud} API 密钥"),
    (
        "Credential checks were asked for (`dnsdoctor creds`, or --provider {provider}), but "
        "no source dnsdoctor reads holds a {id_label} and a {secret_label}, so none of them ran. This "
        "does not prove the ACME client has no key (Certimate keeps its own, a container has "
        "its own environment). Without that request, dnsdoctor reports no finding for it: the "
        "credential checks are skipped, and preflight's write probe says it could not run "
        "(PREFLIGHT_PROBE_REFUSED, a warning).",
        "要求了检查密钥（`dnsdoctor creds`，或 --provider {provider}），但 dnsdoctor 读取的来源中没有同时提供 "
        "{id_label} 和 {secret_label} 的，因此这些检查都没有运行。这并不能证明 ACME 客户端没有密钥（Certimate 自己保存密钥，"
        "容器有自己的环境变量）。没有这个要求时，dnsdoctor 不会为此报告问题：密钥检查被跳过，preflight 的写入探测会说明"
        "它无法运行（PREFLIGHT_PROBE_REFUSED，警告）。",
    ),
    (
        "Pass --secret-id with --secret-key-file FILE (or --ask), or set the environment "
        "variables your ACME client reads the {id_label} and the {secret_label} from; a key "
        "that does not exist yet is created in {console}.",
        "请使用 --secret-id 配合 --secret-key-file FILE（或 --ask），或者像 ACME 客户端那样在环境"
        "变量中设置 {id_label} 和 {secret_label}；还没有密钥的话，请在 {console}中创建。",
    ),
    explains=(),
    rank=2,
)
CREDS_INCOMPLETE = _spec(
    "CREDS_INCOMPLETE",
    Severity.WARNING,
    ("{source} {detail}", "{source} 不完整：{detail}"),
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
    ("{source} cannot be used: {detail}", "{source} 无法使用：{detail}"),
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
    ("{path} is {detail}", "{path} 的权限过宽：{detail}"),
    (
        "A file holding a {secret_label} that other users on this machine can read gives them "
        "the key.",
        "存放 {secret_label} 的文件如果能被本机其他用户读取，就等于把密钥交给了他们。",
    ),
    ("Make it private: chmod 600 {path}", "请把它设为仅本人可读：chmod 600 {path}"),
    explains=(),
    rank=60,
    cause=False,
)
CREDS_FILE_WRITABLE = _spec(
    "CREDS_FILE_WRITABLE",
    Severity.WARNING,
    ("{path} is {detail}", "{path} 可被他人写入：{detail}"),
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
    ("{path} is {detail}", "{path} 属于其他用户：{detail}"),
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
        "Two places hold different {cloud} keys. A common confusion: the shell has one key "
        "and the ACME client another, so a test in the shell passes while the client fails.",
        "两个地方存放的{cloud}密钥不一样。常见的混乱是：终端里是一把密钥，ACME "
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
        "Temporary keys need their token. Each tool reads its own variable ({variables}); with "
        "different values, some of them send a wrong token.",
        "临时密钥必须带上对应的 Token。不同工具读取不同的变量（{variables}）；取值不同时，"
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
        "{cloud}'s command-line tool can fetch keys at run time (an instance role, OAuth, SSO); "
        "ACME clients cannot use those.",
        "{cloud}的命令行工具可以在运行时获取密钥（实例角色、OAuth、SSO），但 ACME 客户端无法使用"
        "这类密钥。",
    ),
    (
        "Create a {policy} sub-user with an API key for the ACME client and give it to the client.",
        "请为 ACME 客户端创建一个带 API 密钥的 {policy} 子用户，并把密钥配置给客户端。",
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
        "{origin} 中的 {field} 在第 {position} 位（共 {length} 位，{where}）有{kind} {char}{more}",
    ),
    (
        "The signature is computed over every byte of the key, so an invisible character — a "
        "space, line break, tab, NBSP, full-width space, zero-width character or BOM, usually "
        "picked up while copying — makes every request fail with a signature error (or, in the "
        "{id_label}, with an unknown-key error). Some clients refuse such a value before "
        "sending; most ACME clients send it as they read it.",
        "签名是对密钥的每一个字节计算的，所以一个看不见的字符（空格、换行、制表符、不换行空格、全角空格、"
        "零宽字符或 BOM，通常是复制时带进来的）会让每个请求都以签名错误失败"
        "（{id_label} 中则是密钥不存在的错误）。有的客户端会在发送前拒绝这样的值，"
        "多数 ACME 客户端则照读到的原样发送。",
    ),
    (
        "Re-enter the {field} in {origin} by typing or pasting it into a plain-text editor, "
        "without the extra characters; for a file, write it without a final newline "
        "(printf '%s' …).",
        "请在 {origin} 中重新填写 {field}，在纯文本编辑器中输入或粘贴，不要带多余字符；"
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
        "{origin} 中的 {field} 第 {position} 位是全角字符 {char}{more}",
    ),
    (
        "A Chinese input method in full-width mode types letters and digits as different "
        "characters (Ａ instead of A). They look alike, but the signature differs.",
        "中文输入法处于全角模式时，输入的字母和数字是另一组字符（Ａ 而不是 A），看起来一样，"
        "签名却不同。",
    ),
    (
        "Switch the input method to half-width (Shift+Space) or English, and re-enter the {field}.",
        "请把输入法切换到半角（Shift+空格）或英文，然后重新输入 {field}。",
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
        "{origin} 中的 {field} 第 {position} 位是非 ASCII 字符 {char}{more}",
    ),
    (
        "{cloud} keys consist of ASCII characters only; any other character means the value "
        "was damaged or is not the key.",
        "{cloud}密钥只由 ASCII 字符组成；出现其他字符说明内容已损坏，或者根本不是密钥。",
    ),
    (
        "Copy the {field} again into {origin}, from {console} or from where it was saved when "
        "the key was created.",
        "请从 {console}或创建密钥时保存的地方重新复制 {field} 到 {origin}。",
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
        "{origin} 中的 {field} 第 {position} 位（共 {length} 位）是引号 {char}{more}",
    ),
    (
        "Quotes became part of the value: INI files (such as the SDKs' credentials file) and "
        "many environment files (docker --env-file among them) take them literally, so the key "
        "sent is not the key issued.",
        "引号成了值的一部分：INI 文件（例如 SDK 的凭据文件）和很多环境变量文件"
        "（包括 docker --env-file）会原样保留引号，于是发送的密钥并不是签发的那个。",
    ),
    (
        "Remove the quotes around the {field} in {origin}.",
        "请去掉 {origin} 中 {field} 两侧的引号。",
    ),
    explains=(),
    rank=4,
    severity_rules=_OTHER_SOURCE_WARNING,
)
CREDS_ID_FORMAT = _spec(
    "CREDS_ID_FORMAT",
    Severity.WARNING,
    (
        "{id_label} from {origin} does not have the shape of a {cloud} {id_label} ({length} chars)",
        "{origin} 中的 {id_label} 不符合{cloud} {id_label} 的格式（{length} 个字符）",
    ),
    (
        "The {cloud} {id_label}s observed so far share one prefix and length; this value does "
        "not. This is a convention, not a documented rule, so it is only a hint that the value "
        "is truncated, padded or not a {id_label}.",
        "目前所见的{cloud} {id_label} 都有相同的前缀和长度，这个值却不符合。这是惯例而非文档规定，"
        "因此只提示该值可能被截断、多了内容，或者根本不是 {id_label}。",
    ),
    (
        "Compare it with the {id_label} shown in {console}.",
        "请与 {console}中显示的 {id_label} 核对。",
    ),
    explains=("CREDS_SECRET_ID_NOT_FOUND", "CREDS_INVALID_SECRET_ID"),
    rank=7,
    severity_rules=_OTHER_SOURCE_INFO,
)
CREDS_KEY_FORMAT = _spec(
    "CREDS_KEY_FORMAT",
    Severity.WARNING,
    (
        "{secret_label} from {origin} is {length} characters, not the length of a {cloud} "
        "{secret_label}",
        "{origin} 中的 {secret_label} 有 {length} 个字符，不是{cloud} {secret_label} 通常的长度",
    ),
    (
        "The {cloud} {secret_label}s observed so far all have one length; another length "
        "suggests a truncated or padded copy. This is a convention, not a documented rule.",
        "目前所见的{cloud} {secret_label} 长度都相同；长度不同通常说明复制时被截断或多了内容。"
        "这是惯例而非文档规定。",
    ),
    (
        "Copy the {secret_label} again; if it is lost, create a new key in {console}.",
        "请重新复制 {secret_label}；如果已经找不到，请在 {console}新建密钥。",
    ),
    explains=("CREDS_SIGNATURE_FAILURE",),
    rank=7,
    severity_rules=_OTHER_SOURCE_INFO,
)
CREDS_SWAPPED = _spec(
    "CREDS_SWAPPED",
    Severity.WARNING,
    (
        "{id_label} and {secret_label} from {origin} look swapped",
        "{origin} 中的 {id_label} 和 {secret_label} 似乎填反了",
    ),
    (
        "The value given as {secret_label} has the shape of a {id_label} and the {id_label} "
        "does not; the API then answers that it does not know the key.",
        "作为 {secret_label} 的值具有 {id_label} 的形态，而 {id_label} 却没有；"
        "接口会因此返回密钥不存在的错误。",
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
        "The key from {origin} looks like a token of an older API, not an API key of {cloud}",
        "{origin} 中的密钥像是旧版接口的 Token，而不是{cloud} API 密钥",
    ),
    (
        "An older API of this DNS service used another kind of token. The API the ACME clients "
        "call needs a {policy} {id_label}/{secret_label}; the old token is answered as an "
        "unknown or invalid key.",
        "这家 DNS 服务的旧接口使用另一种 Token。ACME 客户端调用的接口需要 {policy} 的 "
        "{id_label}/{secret_label}；旧 Token 会被当作不存在或无效的密钥拒绝。",
    ),
    (
        "Create an API key in {console} and use it instead; an ACME client plug-in for the old "
        "API takes the old token, not the one for this API.",
        "请在 {console}创建 API 密钥并改用它；旧 Token 只能用于对应旧接口的 ACME 客户端插件，"
        "而不是这个接口的插件。",
    ),
    explains=("CREDS_SECRET_ID_NOT_FOUND", "CREDS_INVALID_SECRET_ID", "CREDS_SIGNATURE_FAILURE"),
    rank=4,
    severity_rules=_OTHER_SOURCE_INFO,
)

CREDS_OTHER_PROVIDER_KEY = _spec(
    "CREDS_OTHER_PROVIDER_KEY",
    Severity.WARNING,
    (
        "{id_label} from {origin} looks like another provider's key id ({looks_like}), not a "
        "{cloud} {id_label}",
        "{origin} 中的 {id_label} 看起来是另一家 DNS 服务商（{looks_like}）的密钥 ID，而不是{cloud} "
        "{id_label}",
    ),
    (
        "{cloud} {id_label}s have a shape of their own; this one has the shape of a {looks_like} "
        "key id. One cloud does not know another's keys, so every request fails as an unknown "
        "key. Typical after a domain moved between DNS providers, or on a host that serves zones "
        "at both, where the variables got mixed up.",
        "{cloud} {id_label} 有自己的格式；这个值却是 {looks_like} 密钥 ID 的形态。一家云厂商不认识另一家"
        "的密钥，因此每个请求都会以密钥不存在失败。常见于域名在 DNS 服务商之间"
        "迁移之后，或同一台主机为两家服务商的域名申请证书、环境变量混在了一起。",
    ),
    (
        "If the zone is at {looks_like}, check it with --provider {looks_like} and configure the "
        "ACME client for that provider; otherwise put the {id_label} and {secret_label} of the "
        "{cloud} account that holds the zone into {origin}.",
        "如果域名托管在 {looks_like}，请用 --provider {looks_like} 检查，并按该服务商配置 ACME "
        "客户端；否则请把托管该域名的{cloud}账号的 {id_label} 和 {secret_label} 填入 {origin}。",
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
SPECS_BY_CODE = {s.code: s for s in SOURCE_SPECS + LINT_SPECS}


# -- the API (creds.identity, creds.zone, creds.records, creds.permissions) ----------------------------------------------------------------------------

_AUTH_SYMPTOMS = ("CREDS_SIGNATURE_FAILURE", "CREDS_SECRET_ID_NOT_FOUND")

CREDS_AUTHENTICATED = _spec(
    "CREDS_AUTHENTICATED",
    Severity.INFO,
    (
        "{cloud} accepts key {secret_id}: {who}",
        "{cloud}接受密钥 {secret_id}：{who}",
    ),
    (
        "The identity call succeeded, so {id_label}, {secret_label}, token and this clock are all "
        "right; whether the key may change DNS records is checked separately.",
        "身份查询调用成功，说明 {id_label}、{secret_label}、Token 和本机时钟都没有问题；"
        "该密钥能否修改解析记录另行检查。",
    ),
    ("Nothing to do.", "无需处理。"),
    rank=90,
)
CREDS_ROOT_KEY = _spec(
    "CREDS_ROOT_KEY",
    Severity.WARNING,
    (
        "Key {secret_id} belongs to the root account {account}: whoever holds it controls the "
        "whole account",
        "密钥 {secret_id} 属于主账号 {account}：拿到它的人可以控制整个账号",
    ),
    (
        "An ACME client only needs a few {cloud} DNS actions. A root key stored on a server "
        "gives anyone who reads it every product and the bill of the account.",
        "ACME 客户端只需要几个{cloud} DNS 接口权限。把主账号密钥放在服务器上，"
        "任何读到它的人都能操作该账号的全部产品和费用。",
    ),
    (
        "Create a {policy} sub-user with programmatic access only, attach the minimal {policy} "
        "policy shown, give its key to the ACME client, then disable this root key.",
        "请创建一个仅允许编程访问的 {policy} 子用户，关联下面给出的最小 {policy} 策略，把它的密钥"
        "配置给 ACME 客户端，然后禁用这把主账号密钥。",
    ),
    rank=40,
    cause=False,
)
CREDS_WORKS_CLEANED = _spec(
    "CREDS_WORKS_CLEANED",
    Severity.ERROR,
    ("The key works once {fix}", "{fix}后，密钥即可通过验证"),
    (
        "As given, {cloud} rejects the key ({code}); with the stray characters removed it "
        "accepts it. So the key itself is right and its copy is damaged, which is what the ACME "
        "client sends too.",
        "按原样发送时{cloud}拒绝该密钥（{code}）；去掉多余字符后则接受。说明密钥本身没错，是复制出来的"
        "内容被污染了，而 ACME 客户端发送的正是这份内容。",
    ),
    (
        "Re-enter the value without the stray characters where the ACME client reads it "
        "({origin}); for a file, write it without a final newline (printf '%s' …).",
        "请在 ACME 客户端读取的位置（{origin}）重新填写，不要带多余字符；如果是文件，"
        "写入时不要带末尾换行（printf '%s' …）。",
    ),
    explains=(
        CREDS_INVISIBLE_CHAR.code,
        CREDS_FULLWIDTH_CHAR.code,
        CREDS_QUOTED.code,
        *_AUTH_SYMPTOMS,
        "CREDS_CREDENTIAL_UNSENDABLE",
    ),
    rank=2,
)
CREDS_SIGNATURE_FAILURE = _spec(
    "CREDS_SIGNATURE_FAILURE",
    Severity.ERROR,
    (
        "{cloud} rejects the signature: the {secret_label} does not belong to {id_label} "
        "{secret_id} ({code})",
        "{cloud}拒绝签名：{secret_label} 与 {id_label} {secret_id} 不匹配（{code}）",
    ),
    (
        "The {id_label} exists, but the signature made with this {secret_label} is wrong. Almost "
        "always the {secret_label} is wrong, from another key pair, or carries invisible "
        "characters; more rarely a home-made signer uses the local date instead of the UTC date.",
        "{id_label} 存在，但用这个 {secret_label} 算出的签名不对。几乎总是 {secret_label} 填错、"
        "来自另一对密钥，或带有不可见字符；少数情况下是自己实现的签名代码用了本地日期而不是 UTC "
        "日期。",
    ),
    (
        "Copy the {secret_label} of this {id_label} again from where it was saved; if it was "
        "lost, create a new key pair in {console} and update the ACME client.",
        "请从保存的地方重新复制该 {id_label} 对应的 {secret_label}；如果已经丢失，"
        "请在 {console}新建一对密钥并更新 ACME 客户端的配置。",
    ),
    rank=5,
)
CREDS_SIGNATURE_EXPIRE = _spec(
    "CREDS_SIGNATURE_EXPIRE",
    Severity.ERROR,
    (
        "{cloud} rejects the request time: this clock is {skew} the API's clock ({code})",
        "{cloud}拒绝请求时间：本机时钟与接口服务器相差 {skew}（{code}）",
    ),
    (
        "Every request carries a timestamp; {cloud} refuses one more than {limit} away from its "
        "own clock, ahead or behind. The key may be fine: no call can succeed until the clock is "
        "right.",
        "每个请求都带有时间戳；与{cloud}服务器时间相差超过 {limit}（无论快慢）的请求都会被拒绝。"
        "密钥本身可能没有问题，但在时钟校准之前，任何调用都不会成功。",
    ),
    (
        "Run `dnsdoctor clock --provider {provider_name}` to measure the offset and get the fix for this system.",
        "请运行 `dnsdoctor clock --provider {provider_name}` 测量时钟偏差，并按给出的方法校准本机时间。",
    ),
    rank=3,
)
CREDS_SECRET_ID_NOT_FOUND = _spec(
    "CREDS_SECRET_ID_NOT_FOUND",
    Severity.ERROR,
    (
        "{cloud} does not know {id_label} {secret_id} ({code})",
        "{cloud}找不到 {id_label} {secret_id}（{code}）",
    ),
    (
        "No key with this {id_label} exists: it was deleted or disabled in the console, "
        "mistyped, truncated, or has spaces or quotes around it.",
        "不存在这个 {id_label} 的密钥：它可能已在控制台被删除或禁用，或者填错、被截断，"
        "或两侧带有空格或引号。",
    ),
    (
        "Check in {console} that the key exists and is enabled, and copy the {id_label} "
        "again; create a new key if it is gone.",
        "请在 {console}中确认该密钥存在且已启用，并重新复制 {id_label}；如果已被删除，请新建密钥。",
    ),
    rank=5,
)
CREDS_INVALID_SECRET_ID = _spec(
    "CREDS_INVALID_SECRET_ID",
    Severity.ERROR,
    (
        "{id_label} {secret_id} is not a {cloud} API key ({code})",
        "{id_label} {secret_id} 不是{cloud} API 密钥（{code}）",
    ),
    (
        "The value is not of the {cloud} API key type: typically a legacy token or another "
        "product's credential.",
        "该值不是{cloud} API 密钥类型：通常是旧版 Token 或其他产品的凭据。",
    ),
    (
        "Create an API key in {console} and use its {id_label} and {secret_label}.",
        "请在 {console}中创建 API 密钥，并使用它的 {id_label} 和 {secret_label}。",
    ),
    rank=5,
)
CREDS_TOKEN_FAILURE = _spec(
    "CREDS_TOKEN_FAILURE",
    Severity.ERROR,
    (
        "{cloud} rejects the token of temporary key {secret_id}: {token_state} ({code})",
        "{cloud}拒绝临时密钥 {secret_id} 的 Token：{token_state}（{code}）",
    ),
    (
        "A temporary key (issued by the provider's STS for a role or a federated user) is only "
        "valid with the token issued with it, and only until it expires.",
        "临时密钥（由服务商的 STS 为角色或联合身份签发）必须和一起签发的 Token 配合使用，"
        "且只在有效期内可用。",
    ),
    (
        "Give the ACME client the matching token or, better for a long-running client, a "
        "{policy} sub-user's permanent key.",
        "请把对应的 Token 配置给 ACME 客户端，对长期运行的客户端更好的做法是使用 {policy} "
        "子用户的永久密钥。",
    ),
    rank=5,
)
CREDS_AUTH_FAILURE = _spec(
    "CREDS_AUTH_FAILURE",
    Severity.ERROR,
    ("{cloud} refuses key {secret_id}: {code}", "{cloud}拒绝密钥 {secret_id}：{code}"),
    (
        "{cloud} did not accept the request's authentication: {message}",
        "{cloud}没有通过请求的身份验证：{message}",
    ),
    (
        "Check the key's status, MFA and IP restrictions in {console}, and try again.",
        "请在 {console}检查该密钥的状态、MFA 和 IP 限制后重试。",
    ),
    rank=6,
)
CREDS_CREDENTIAL_UNSENDABLE = _spec(
    "CREDS_CREDENTIAL_UNSENDABLE",
    Severity.ERROR,
    (
        "The {part} cannot be sent at all: it {problem}",
        "{part} 根本无法发送：{problem}",
    ),
    (
        "The {id_label} and the token travel in HTTP headers, which allow neither line breaks "
        "nor characters beyond Latin-1, and every part must be valid text; HTTP clients refuse "
        "such a request before it leaves.",
        "{id_label} 和 Token 放在 HTTP 头中发送，而 HTTP 头不允许换行，也不允许 Latin-1 以外的字符，"
        "而且每一部分都必须是有效文本；HTTP 客户端会在发送前就拒绝这样的请求。",
    ),
    (
        "Re-enter the {part} without the stray characters (see creds.lint).",
        "请去掉多余字符后重新填写 {part}（参见 creds.lint）。",
    ),
    rank=5,
)
CREDS_STS_DENIED = _spec(
    "CREDS_STS_DENIED",
    Severity.INFO,
    (
        "Key {secret_id} may not call {whoami}; its identity is not confirmed",
        "密钥 {secret_id} 无权调用 {whoami}，无法确认其身份",
    ),
    (
        "The key authenticated ({policy} evaluated it), but its policy does not allow {whoami}, "
        "the call that says who a key belongs to, so root account and {policy} user cannot be "
        "told apart. ACME clients do not need this action.",
        "该密钥通过了身份验证（{policy} 已对其鉴权），但策略不允许调用 {whoami}（查询密钥归属的"
        "接口），因此无法区分主账号和子用户。ACME 客户端不需要这个接口。",
    ),
    ("Nothing to do for ACME.", "对 ACME 而言无需处理。"),
    rank=80,
)
CREDS_API_UNREACHABLE = _spec(
    "CREDS_API_UNREACHABLE",
    Severity.ERROR,
    (
        "{action} could not reach the {cloud} API at {endpoint}: {reason}",
        "{action} 无法连接{cloud} API（{endpoint}）：{reason}",
    ),
    (
        "No answer came back in time (or the connection failed), so nothing could be learnt about "
        "the key. The ACME client on this host would fail the same way.",
        "在限定时间内没有收到应答（或连接失败），因此无法判断密钥的情况。本机上的 ACME "
        "客户端也会同样失败。",
    ),
    (
        "Check that this host can open HTTPS connections to {endpoint} (firewall, DNS, an "
        "HTTPS_PROXY that is required or wrong).",
        "请检查本机能否建立到 {endpoint} 的 HTTPS 连接（防火墙、DNS，以及是否需要或错误设置了 "
        "HTTPS_PROXY）。",
    ),
    rank=8,
)
CREDS_API_SERVER_ERROR = _spec(
    "CREDS_API_SERVER_ERROR",
    Severity.ERROR,
    (
        "{endpoint} failed {action} after {attempts} attempt(s): {reason}",
        "{endpoint} 处理 {action} 失败（尝试 {attempts} 次）：{reason}",
    ),
    (
        "The API (or a proxy in front of it) answered with a server error, so the key could not "
        "be judged. {cloud} itself answers errors in its API's JSON; an HTML error page usually "
        "comes from a proxy or gateway.",
        "接口（或其前面的代理）返回了服务器错误，因此无法判断密钥情况。{cloud}自身的错误总是以 API "
        "的 JSON 格式返回；HTML 错误页通常来自代理或网关。",
    ),
    (
        "Try again later; if it persists, check the proxy between this host and {endpoint}.",
        "请稍后重试；如果一直出现，请检查本机与 {endpoint} 之间的代理。",
    ),
    rank=8,
)
CREDS_API_BAD_RESPONSE = _spec(
    "CREDS_API_BAD_RESPONSE",
    Severity.ERROR,
    (
        "{endpoint} answered {action} with something that is not the {cloud} API: {reason}",
        "{endpoint} 对 {action} 的应答不是{cloud} API 的格式：{reason}",
    ),
    (
        "The answer is not the API's JSON envelope: a captive portal, a proxy, or the wrong "
        "endpoint answered instead.",
        "应答不是 API 的 JSON 格式：可能是认证网关、代理，或者端点地址填错了。",
    ),
    (
        "Check {endpoint_option} and any proxy between this host and {endpoint}.",
        "请检查 {endpoint_option} 以及本机与 {endpoint} 之间的代理。",
    ),
    rank=8,
)
CREDS_RATE_LIMITED = _spec(
    "CREDS_RATE_LIMITED",
    Severity.WARNING,
    (
        "{action} was rate-limited ({code}) after {attempts} attempt(s)",
        "{action} 被限频（{code}），已尝试 {attempts} 次",
    ),
    (
        "{cloud} limits how often each account may call its API; something else is calling the "
        "API with this account at a high rate, so ACME clients may fail intermittently too.",
        "{cloud}按账号限制接口的调用频率；说明有其他程序正在用这个账号高频调用接口，ACME "
        "客户端也可能因此间歇失败。",
    ),
    (
        "Wait a minute and run again; find the program calling the API in a loop.",
        "请等一分钟后重试，并找出在循环调用接口的程序。",
    ),
    rank=30,
)
CREDS_API_ERROR = _spec(
    "CREDS_API_ERROR",
    Severity.ERROR,
    ("{action} failed: {code}", "{action} 调用失败：{code}"),
    (
        "{cloud} answered with an error dnsdoctor has no specific advice for: {message}",
        "{cloud}返回了一个 dnsdoctor 没有专门说明的错误：{message}",
    ),
    (
        "Look the code up in the {cloud} API's error codes and quote the request id (in the "
        "evidence) to {cloud} support.",
        "请在{cloud} API 的错误码文档中查找该错误码，并向{cloud}客服提供请求 ID（见证据）。",
    ),
    rank=20,
)
CREDS_ZONE_FOUND = _spec(
    "CREDS_ZONE_FOUND",
    Severity.INFO,
    (
        "{zone} is in this account (zone id {domain_id}, status {status})",
        "{zone} 在该账号中（域名 ID {domain_id}，状态 {status}）",
    ),
    (
        "{cloud} hosts the zone in the account this key belongs to.",
        "{cloud}在该密钥所属的账号中托管了这个域名。",
    ),
    ("Nothing to do.", "无需处理。"),
    rank=90,
)
CREDS_ZONE_NOT_IN_ACCOUNT = _spec(
    "CREDS_ZONE_NOT_IN_ACCOUNT",
    Severity.ERROR,
    (
        "{zone} is not in the {cloud} account of key {secret_id} ({code})",
        "{zone} 不在密钥 {secret_id} 所属的{cloud}账号中（{code}）",
    ),
    (
        "The key authenticates, but its account does not host this zone at {cloud}: the domain "
        "lives in another account (or was never added), so the ACME client cannot create the "
        "challenge record. The account holds: {domains}.",
        "密钥可以通过验证，但它所属的账号在{cloud}中没有托管这个域名：域名在另一个账号里"
        "（或从未添加），所以 ACME 客户端无法创建验证记录。该账号中的域名：{domains}。",
    ),
    (
        "Use a key of the account that holds {zone} at {cloud}, or add {zone} to this account "
        "in the {cloud} console.",
        "请使用托管 {zone} 的那个账号的密钥，或者在{cloud}控制台把 {zone} 添加到该账号。",
    ),
    rank=6,
)
CREDS_ZONE_INVALID = _spec(
    "CREDS_ZONE_INVALID",
    Severity.ERROR,
    (
        "{cloud} rejects {zone} as a domain name ({code})",
        "{cloud}不接受 {zone} 这个域名（{code}）",
    ),
    (
        "{cloud} wants the domain as it is registered, without a trailing dot; a sub-domain or a "
        "name with a final dot is rejected.",
        "{cloud}要求使用注册域名本身且末尾不带点；子域名或以点结尾的名称会被拒绝。",
    ),
    (
        "Give the domain as registered (example.com, not www.example.com. or example.com.).",
        "请按注册时的形式填写域名（example.com，而不是 www.example.com. 或 example.com.）。",
    ),
    rank=6,
)
CREDS_NOT_DELEGATED = _spec(
    "CREDS_NOT_DELEGATED",
    Severity.ERROR,
    (
        "{cloud} says the registrar does not delegate {zone} to it (status {dns_status})",
        "{cloud}显示注册商没有把 {zone} 的解析交给它（状态 {dns_status}）",
    ),
    (
        "The zone exists in {cloud}, but the registry's name servers for it ({actual_ns}) are not "
        "the ones {cloud} assigned ({dnspod_ns}). Records created in {cloud}, the challenge TXT "
        "included, are then never seen by the CA.",
        "域名已添加到{cloud}，但注册局登记的 NS（{actual_ns}）不是{cloud}分配的 NS（{dnspod_ns}）"
        "。这样在{cloud}中创建的记录（包括验证用的 TXT）永远不会被 CA 看到。",
    ),
    (
        "At the registrar, set the name servers of {zone} to {dnspod_ns}, or create the challenge "
        "record at the DNS provider the registrar does delegate to.",
        "请在注册商处把 {zone} 的 NS 改为 {dnspod_ns}，或者在注册商实际委派的 DNS "
        "服务商处创建验证记录。",
    ),
    explains=("DNS_TXT_NOT_FOUND", "DNS_TXT_MISSING", "DNS_TXT_OTHER_VALUE", "DNS_NS_MISMATCH"),
    rank=4,
)
CREDS_DELEGATION_ELSEWHERE = _spec(
    "CREDS_DELEGATION_ELSEWHERE",
    Severity.ERROR,
    (
        "The registry delegates {zone} to {delegated}, none of the name servers {cloud} "
        "assigned ({dnspod_ns})",
        "注册局把 {zone} 委派给 {delegated}，其中没有{cloud}分配的 NS（{dnspod_ns}）",
    ),
    (
        "dnsdoctor followed the delegation from the root itself: the parent zone's name servers "
        "for the domain are not {cloud}'s, although the zone is in this account at {cloud} (its "
        "own status may not have noticed yet). Records the ACME client creates through the "
        "{cloud} API are never seen by the CA.",
        "dnsdoctor 从根开始自行跟踪了委派：上级区为该域名登记的 NS 不是{cloud}的，尽管该域名在这个"
        "{cloud}账号中（{cloud}自身的状态可能尚未更新）。ACME 客户端通过{cloud} API 创建的记录，"
        "CA 永远看不到。",
    ),
    (
        "At the registrar, set the name servers of {zone} to {dnspod_ns}; or give the ACME client "
        "the API key of the DNS provider that {delegated} belong to.",
        "请在注册商处把 {zone} 的 NS 改为 {dnspod_ns}；或者给 ACME 客户端配置 {delegated} 所属 DNS 服务商的 API 密钥。",
    ),
    explains=("DNS_TXT_NOT_FOUND", "DNS_TXT_MISSING", "DNS_TXT_OTHER_VALUE", "DNS_NS_MISMATCH"),
    rank=4,
)
CREDS_ZONE_PAUSED = _spec(
    "CREDS_ZONE_PAUSED",
    Severity.ERROR,
    (
        "{cloud} has {zone} in status {status}: it does not serve the zone's records",
        "{cloud}中 {zone} 的状态为 {status}：不会对外提供解析",
    ),
    (
        "A paused, locked or spam-flagged zone is not answered by {cloud}'s servers, so no "
        "challenge record can be seen.",
        "处于暂停、锁定或被标记为垃圾状态的域名不会由{cloud}的服务器应答，验证记录也就无法被看到。",
    ),
    (
        "Enable the zone in the {cloud} console (or contact {cloud} support for a lock).",
        "请在{cloud}控制台启用该域名（如果被锁定，请联系{cloud}客服）。",
    ),
    rank=5,
)
CREDS_TXT_RECORDS = _spec(
    "CREDS_TXT_RECORDS",
    Severity.INFO,
    ("{cloud} has {count} TXT record(s) at {name}", "{cloud}中 {name} 有 {count} 条 TXT 记录"),
    (
        "What the DNS provider's control plane holds at the challenge name right now (the key "
        "may read records).",
        "DNS 服务商控制台中此刻在验证记录名下保存的内容（说明该密钥可以读取记录）。",
    ),
    ("Nothing to do.", "无需处理。"),
    rank=90,
)
CREDS_STALE_TXT = _spec(
    "CREDS_STALE_TXT",
    Severity.WARNING,
    (
        "{count} TXT record(s) at {name} in {cloud} are left over from earlier orders (oldest "
        "updated {oldest})",
        "{cloud}中 {name} 有 {count} 条以前订单遗留的 TXT 记录（最早更新于 {oldest}）",
    ),
    (
        "An ACME client deletes its challenge record after the order; records that stay behind "
        "mean an earlier cleanup failed (often a key that may not delete). They do not stop a new "
        "order, but they grow the answer and hide which value is current.",
        "ACME 客户端在订单结束后会删除验证记录；遗留的记录说明之前的清理失败了（常见原因是密钥没有"
        "删除权限）。它们不会阻止新订单，但会让应答变大，也让人分不清哪个值是当前的。",
    ),
    (
        "Delete the leftover TXT records at {name} in the {cloud} console, and fix what stopped "
        "the cleanup (see creds.permissions).",
        "请在{cloud}控制台删除 {name} 下遗留的 TXT 记录，并解决导致清理失败的原因（参见 "
        "creds.permissions）。",
    ),
    rank=45,
    cause=False,
)
CREDS_TXT_DISABLED = _spec(
    "CREDS_TXT_DISABLED",
    Severity.WARNING,
    (
        "{count} TXT record(s) at {name} are disabled in {cloud}",
        "{cloud}中 {name} 有 {count} 条 TXT 记录处于暂停状态",
    ),
    (
        "A disabled record is kept in the console but not served, so the CA never sees it.",
        "暂停的记录虽然保留在控制台中，但不会对外解析，CA 也就看不到它。",
    ),
    (
        "Enable the record or delete it.",
        "请启用或删除这些记录。",
    ),
    rank=40,
)
CREDS_DELETE_DENIED = _spec(
    "CREDS_DELETE_DENIED",
    Severity.WARNING,
    (
        "{delete} is missing: key {secret_id} may not delete records in {zone}, so the ACME "
        "client cannot clean up its challenge record",
        "{delete} 权限缺失：密钥 {secret_id} 不能删除 {zone} 中的记录，ACME 客户端无法清理验证记录",
    ),
    (
        "The write probe (a delete of a record id that cannot exist) was refused by {policy} "
        "({code}). The ACME client needs to delete the TXT record it created; this is the classic "
        "'cleanup failed' after an otherwise successful order: the certificate is issued (lego "
        "and Certimate log the failed cleanup as a warning), but every order leaves its record "
        "behind. Missing for lego: {missing}.",
        "写权限探测（删除一个不可能存在的记录 ID）被 {policy} 拒绝（{code}）。ACME 客户端需要删除"
        "自己创建的 TXT 记录；这正是订单成功后“清理失败”的典型原因：证书照常签发（lego 和 "
        "Certimate 只把清理失败记为警告），但每个订单都会留下它的记录。lego 缺少的权限：{missing}。",
    ),
    (
        "Attach a policy with the actions listed (minimal policy below) to the {policy} user of "
        "this key, e.g. with the commands shown or in the {policy} console.",
        "请为该密钥所属的 {policy} 用户关联包含所列接口的策略（下方给出了最小策略），可以用所示的"
        "命令，或在 {policy} 控制台中操作。",
    ),
    explains=("CREDS_STALE_TXT",),
    symptom_remedies={
        "CREDS_STALE_TXT": (
            "Delete them once in the DNS provider's console; after the key may delete, the ACME "
            "client cleans up by itself.",
            "在 DNS 服务商的控制台手动删除一次即可；密钥有删除权限后，ACME 客户端会自行清理。",
        ),
    },
    rank=10,
)
CREDS_ACTIONS_DENIED = _spec(
    "CREDS_ACTIONS_DENIED",
    Severity.ERROR,
    (
        "{missing} missing: key {secret_id} may not call {count} action(s) the ACME client needs "
        "on {zone}",
        "缺少 {missing} 权限：密钥 {secret_id} 不能在 {zone} 上调用 ACME 客户端需要的 {count} "
        "个接口",
    ),
    (
        "{policy} refused these calls. The ACME client lists the zones, creates its TXT record, "
        "lists the records and deletes its record again; a policy scoped to one domain may not "
        "allow listing the zones, which needs every resource.",
        "{policy} 拒绝了这些调用。ACME 客户端会列出域名、创建 TXT 记录、列出记录并再次删除它的"
        "记录；只限定单个域名的策略可能无法授权列出域名，这需要全部资源。",
    ),
    (
        "Attach the minimal policy below to the {policy} user of this key.",
        "请为该密钥所属的 {policy} 用户关联下方的最小策略。",
    ),
    rank=11,
)
CREDS_PERMISSIONS_OK = _spec(
    "CREDS_PERMISSIONS_OK",
    Severity.INFO,
    (
        "Key {secret_id} may use {allowed} on {zone}; not tested: {untested}",
        "密钥 {secret_id} 可以在 {zone} 上调用 {allowed}；未测试：{untested}",
    ),
    (
        "Every action probed was allowed. CreateRecord is not probed here because it would "
        "change the zone; `dnsdoctor preflight` creates and deletes a real probe record.",
        "探测的接口全部允许。这里不探测 CreateRecord，因为它会修改域名解析；`dnsdoctor preflight` "
        "会创建并删除一条真实的探测记录。",
    ),
    ("Nothing to do.", "无需处理。"),
    rank=90,
)
CREDS_WRITE_PROBE_INCONCLUSIVE = _spec(
    "CREDS_WRITE_PROBE_INCONCLUSIVE",
    Severity.WARNING,
    (
        "Whether key {secret_id} may delete records in {zone} is unknown: {code}",
        "无法确定密钥 {secret_id} 能否删除 {zone} 中的记录：{code}",
    ),
    (
        "The write probe answered something that neither proves nor disproves the permission: "
        "{message}",
        "写权限探测返回的结果既不能证明、也不能否定该权限：{message}",
    ),
    (
        "Fix the problem named first, then run again; `dnsdoctor preflight` tests writes for real.",
        "请先解决排在前面的问题再重新运行；`dnsdoctor preflight` 会真实测试写入。",
    ),
    rank=50,
)
CREDS_WRITE_PROBE_DELETED = _spec(
    "CREDS_WRITE_PROBE_DELETED",
    Severity.WARNING,
    (
        "Deleting record id {record_id} in {zone} ({delete}) succeeded: a record with that id "
        "existed",
        "用 {delete} 删除 {zone} 中 ID 为 {record_id} 的记录成功了：该 ID 的记录确实存在",
    ),
    (
        "The write probe uses a record id that real zones do not have; this zone had one, and it "
        "is now deleted. The key may delete records.",
        "写权限探测使用的记录 ID 在真实域名中不会存在；但这个域名里恰好有，并且现在已被删除。"
        "该密钥可以删除记录。",
    ),
    (
        "Check the zone's change log in the {cloud} console and restore the record if it mattered.",
        "请在{cloud}控制台查看该域名的操作日志，如有需要请恢复这条记录。",
    ),
    rank=50,
)

IDENTITY_SPECS = (
    CREDS_AUTHENTICATED,
    CREDS_ROOT_KEY,
    CREDS_WORKS_CLEANED,
    CREDS_SIGNATURE_FAILURE,
    CREDS_SIGNATURE_EXPIRE,
    CREDS_SECRET_ID_NOT_FOUND,
    CREDS_INVALID_SECRET_ID,
    CREDS_TOKEN_FAILURE,
    CREDS_AUTH_FAILURE,
    CREDS_CREDENTIAL_UNSENDABLE,
    CREDS_STS_DENIED,
    CREDS_API_UNREACHABLE,
    CREDS_API_SERVER_ERROR,
    CREDS_API_BAD_RESPONSE,
    CREDS_RATE_LIMITED,
    CREDS_API_ERROR,
)
ZONE_SPECS = (
    CREDS_ZONE_FOUND,
    CREDS_ZONE_NOT_IN_ACCOUNT,
    CREDS_ZONE_INVALID,
    CREDS_NOT_DELEGATED,
    CREDS_DELEGATION_ELSEWHERE,
    CREDS_ZONE_PAUSED,
)
RECORD_SPECS = (CREDS_TXT_RECORDS, CREDS_STALE_TXT, CREDS_TXT_DISABLED)
PERMISSION_SPECS = (
    CREDS_DELETE_DENIED,
    CREDS_ACTIONS_DENIED,
    CREDS_PERMISSIONS_OK,
    CREDS_WRITE_PROBE_INCONCLUSIVE,
    CREDS_WRITE_PROBE_DELETED,
)
# API errors can surface in any stage: the checks of later stages list the generic specs too.
GENERIC_SPECS = (
    CREDS_API_UNREACHABLE,
    CREDS_API_SERVER_ERROR,
    CREDS_API_BAD_RESPONSE,
    CREDS_RATE_LIMITED,
    CREDS_API_ERROR,
    CREDS_SIGNATURE_EXPIRE,
    CREDS_AUTH_FAILURE,
)


# -- words inside the texts (params that are words: chosen in the reader's language) -----------

WORDS = register(
    "creds.words",
    {
        "more": {"en": " (and {count} more)", "zh": "（另有 {count} 处）"},
        "fix-quotes": {
            "en": "the surrounding quotes are removed from the {part} ({origin})",
            "zh": "去掉 {part}（{origin}）两侧的引号",
        },
        "fix-one": {
            "en": "the {where} {char} is removed from the {part} ({origin})",
            "zh": "去掉 {part}（{origin}）{where}的 {char}",
        },
        "fix-many": {
            "en": "{count} invisible characters or quotes are removed from the {part} ({origin})",
            "zh": "去掉 {part}（{origin}）中的 {count} 个不可见字符或引号",
        },
        "fix-fullwidth": {
            "en": "{count} full-width characters in the {part} ({origin}) are typed as ASCII",
            "zh": "把 {part}（{origin}）中的 {count} 个全角字符改为半角",
        },
        "who": {
            "en": "{kind} {principal} of account {account}",
            "zh": "账号 {account} 的{kind} {principal}",
        },
        "who-root": {"en": "the root account {account} itself", "zh": "主账号 {account} 本身"},
        "CAMUser": {"en": "CAM user", "zh": " CAM 子用户"},
        "CAMRole": {"en": "CAM role", "zh": "角色"},
        "RAMUser": {"en": "RAM user", "zh": " RAM 用户"},
        "AssumedRoleUser": {"en": "RAM role", "zh": " RAM 角色"},
        "identity-kind": {"en": "{kind}", "zh": "身份"},
        "identity": {"en": "identity", "zh": "身份"},
        "token-sent": {"en": "a token was sent", "zh": "已发送 Token"},
        "token-not-sent": {"en": "no token was sent", "zh": "没有发送 Token"},
        "key": {"en": "key", "zh": "密钥"},
        "the-call": {"en": "the call", "zh": "该调用"},
        "console": {"en": "the {policy} console ({url})", "zh": "{policy} 控制台（{url}）"},
        "console-no-url": {"en": "the {policy} console", "zh": "{policy} 控制台"},
        "the-api": {"en": "the API", "zh": "接口"},
        "none": {"en": "none", "zh": "无"},
        "not-given": {"en": "not given", "zh": "未提供"},
        "(empty)": {"en": "(empty)", "zh": "（空）"},
        "(none)": {"en": "(none)", "zh": "（无）"},
        "the-zone-look-up": {"en": "the zone look-up", "zh": "查询区"},
        "skip-off": {
            "en": "credential checks are off (--provider {value})",
            "zh": "凭据检查已关闭（--provider {value}）",
        },
        "skip-no-checks": {
            "en": "provider {value} has no credential checks",
            "zh": "服务商 {value} 没有凭据检查",
        },
        "skip-not-found": {"en": "no {provider} credentials found", "zh": "未找到{provider}凭据"},
        "skip-not-found-looked": {
            "en": "no {provider} credentials found (looked in: {looked})",
            "zh": "未找到{provider}凭据（查找位置：{looked}）",
        },
        "skip-not-usable": {
            "en": "no usable {provider} credentials",
            "zh": "没有可用的{provider}凭据",
        },
        "skip-endpoint": {
            "en": "{provider} API endpoint unusable: {error}",
            "zh": "{provider} API 接入点不可用：{error}",
        },
        "skip-zone-absent": {
            "en": "{zone} is not in this account (see creds.zone)",
            "zh": "{zone} 不在此账号中（见 creds.zone）",
        },
        "skip-zone-failed": {
            "en": "{action} for {zone} failed (see creds.zone)",
            "zh": "{zone} 的 {action} 调用失败（见 creds.zone）",
        },
        "skip-zone-calls-denied": {
            "en": "neither {zone_call} nor {zones_call} is allowed for this key (see "
            "creds.permissions)",
            "zh": "此密钥既不能调用 {zone_call} 也不能调用 {zones_call}（见 creds.permissions）",
        },
        "skip-records-denied": {
            "en": "{action} is not allowed for this key (see creds.permissions)",
            "zh": "此密钥不能调用 {action}（见 creds.permissions）",
        },
        "skip-no-zone-read": {
            "en": "no zone of the names given could be read (see creds.zone)",
            "zh": "所给域名的区都无法读取（见 creds.zone）",
        },
        "skew-beyond": {"en": "more than {window} s away from", "zh": "超过 {window} 秒"},
        "skew-ahead": {"en": "{amount} ahead of", "zh": "{amount}（本机偏快）"},
        "skew-behind": {"en": "{amount} behind", "zh": "{amount}（本机偏慢）"},
        "min-s": {"en": "{min} min {s} s", "zh": "{min} 分 {s} 秒"},
        "s": {"en": "{s} s", "zh": "{s} 秒"},
        "only-invisible": {
            "en": "{parts} — only invisible characters differ",
            "zh": "{parts}——只有不可见字符不同",
        },
    },
)
"""The words the credential checks put into their texts' params and skip reasons, in each
language."""


def provider_words(provider: Provider) -> Phrase:
    """The provider's name as the reader says it (Tencent Cloud / 腾讯云)."""
    return Phrase({"en": provider.title, "zh": provider.title_zh})


def console_words(provider: Provider) -> Phrase:
    """Where the provider's keys are managed, with its link where it has one (the CAM console
    (https://console.cloud.tencent.com/cam/capi) / CAM 控制台（…）)."""
    url = provider.console_url
    where = {"policy": provider.policy_system, "url": url}
    return Phrase(WORDS["console" if url else "console-no-url"], where)


def key_words(provider: Provider) -> dict[str, object]:
    """The provider's name, what it calls the key's parts and its access control, and where its
    keys are managed (``{console}``), as the texts that name no provider say them."""
    return {
        "cloud": provider_words(provider),
        "id_label": provider.key_id_label,
        "secret_label": provider.secret_label,
        "policy": provider.policy_system,
        "console": console_words(provider),
    }


@dataclass(frozen=True)
class Fix(Wording):
    """What cleaning a key did (``the trailing ZERO WIDTH SPACE (U+200B) is removed from the
    SecretKey ($TENCENTCLOUD_SECRET_KEY)``): the steps, joined the way the language joins them."""

    steps: Joined

    def render(self, lang: str) -> str:
        text = self.steps.render(lang)
        if lang == "zh" and text and text[-1].isascii():
            text += " "  # "… (U+200B) 后"
        return text

    def map_strings(self, fn: Callable[[str], str]) -> Fix:
        return Fix(self.steps.map_strings(fn))


@dataclass(frozen=True)
class Skew(Wording):
    """How far this clock is from the API's (``6 min 12 s ahead of`` / ``6 分 12 秒（本机偏快）``);
    ``offset`` is local minus server in seconds, ``None`` when the answer carried no time (then
    only that it is beyond the provider's ``window``)."""

    offset: float | None
    window: float

    def render(self, lang: str) -> str:
        if self.offset is None:
            return Phrase(WORDS["skew-beyond"], {"window": f"{self.window:.0f}"}).render(lang)
        minutes, rest = divmod(round(abs(self.offset)), 60)
        amount = Phrase(WORDS["min-s" if minutes else "s"], {"min": minutes, "s": rest})
        side = "skew-ahead" if self.offset > 0 else "skew-behind"
        return Phrase(WORDS[side], {"amount": amount}).render(lang)
