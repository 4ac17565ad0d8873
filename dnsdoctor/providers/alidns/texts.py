"""The credential (CREDS_*), clock (CLOCK_*) and zone (DNS_*, RESOLVER_*) findings in Alibaba
Cloud's words.

The generic specs (:mod:`dnsdoctor.checks.creds.specs`, :mod:`dnsdoctor.checks.clock.specs`) name
no provider: the checks fill the provider's name, key labels, access control, actions, console,
error code and window into them from the :class:`~dnsdoctor.providers.base.Provider`, so
Alibaba Cloud is named right without an entry here. The entries say what only Alibaba's users need
to read: its error codes, its key shapes (LTAI…, STS.…), that the console shows an AccessKey
Secret only once, where its consoles keep things (RAM 访问控制 → 用户 → AccessKey, 云解析 DNS
控制台), its 15-minute window. :meth:`~dnsdoctor.providers.base.Provider.wording` replaces the
fields named here (:data:`WORDING`, :data:`CLOCK_WORDING`, :data:`DNS_WORDING`) and the symptom
remedies (:data:`SYMPTOM_REMEDIES`), under the same code, severity and relations, when the provider
is ``alidns``.

Rules the entries keep (``tests/providers/test_alidns_texts.py`` and
``tests/providers/test_family_wording.py`` check them):

- a field uses only placeholders its original field uses (the checks fill the same params for every
  provider): for Alibaba ``{dnspod_ns}`` holds the zone's ``DnsServers``, ``{code}`` the Alibaba
  error code (:mod:`.errors`), ``{secret_id}`` the masked AccessKey ID, ``{missing}`` RAM actions
  (``alidns:DeleteDomainRecord``), ``{dns_status}`` ``DescribeDomainNs``' ``DetectFailedReasonCode``;
- no text names Tencent's products, terms or codes;
- a code that can never be raised for Alibaba is in :data:`NOT_RAISED` with the reason, not here.

Facts behind the words: :mod:`.errors` (codes, the 15-minute clock window), :mod:`.policy` (the RAM
actions each ACME client calls, the minimal policy, the aliyun CLI commands), :mod:`.sources` (lego's
``ALICLOUD_*``, acme.sh's ``Ali_Key``/``Ali_Secret``, ``~/.alibabacloud/credentials``, the aliyun
CLI's ``~/.aliyun/config.json``), :mod:`.lint` (the key shapes). The console shows an AccessKey
Secret only once, when the AccessKey is created: a lost Secret means a new AccessKey.
"""

from __future__ import annotations

NOT_RAISED: dict[str, str] = {
    "CREDS_INVALID_SECRET_ID": (
        "ErrorKind.INVALID_KEY: no Alibaba code maps to it (errors.CODES, errors.PREFIXES); an "
        "unknown or malformed AccessKey ID is InvalidAccessKeyId(.NotFound), CREDS_SECRET_ID_NOT_FOUND"
    ),
    "CREDS_LEGACY_DNSPOD_TOKEN": (
        "a DNSPod-only key shape: alidns.lint.format_problems never returns it"
    ),
    "CREDS_TOKEN_CONFLICT": (
        "alidns.sources never makes a token-conflict note (each tool's token is read with its key)"
    ),
    "CREDS_ZONE_PAUSED": (
        "alidns.api never marks a zone paused: DescribeDomainInfo carries no pause or lock status"
    ),
}
"""CREDS_* codes that are never raised for Alibaba Cloud (no Alibaba error, key shape or source
leads to them), with the reason: the generated documentation says so instead of showing their
texts for Alibaba."""

_CONSOLE_AK = "RAM 访问控制 → 用户 → AccessKey"
_DNS_CONSOLE = "云解析 DNS 控制台"

WORDING: dict[str, dict[str, tuple[str, str]]] = {
    # -- sources (creds.sources) -----------------------------------------------------------------
    "CREDS_SOURCE_USED": {
        "title": (
            "Using Alibaba Cloud AccessKey {secret_id} from {source}",
            "使用来自 {source} 的阿里云 AccessKey {secret_id}",
        ),
        "meaning": (
            "dnsdoctor found Alibaba Cloud AccessKeys and uses the first source in its documented "
            "precedence; the evidence lists every source found and which tools read each.",
            "dnsdoctor 找到了阿里云 AccessKey，并按文档中的优先级使用第一个来源；证据中列出了找到的所有"
            "来源，以及哪些工具会读取它们。",
        ),
    },
    "CREDS_NOT_FOUND": {
        "title": ("No Alibaba Cloud AccessKey found", "没有找到阿里云 AccessKey"),
        "meaning": (
            "Credential checks were asked for (`dnsdoctor creds`, or --provider alidns), but no "
            "source dnsdoctor reads holds both an AccessKey ID and an AccessKey Secret, so none of "
            "them ran. This does not prove the ACME client has no key (Certimate keeps its own, a "
            "container has its own environment). Without that request, dnsdoctor reports no "
            "finding for it: the credential checks are skipped, and preflight's write probe says "
            "it could not run (PREFLIGHT_PROBE_REFUSED, a warning).",
            "要求了检查密钥（`dnsdoctor creds`，或 --provider alidns），但 dnsdoctor 读取的来源中没有"
            "同时提供 AccessKey ID 和 AccessKey Secret 的，因此这些检查都没有运行。这并不能证明 ACME "
            "客户端没有密钥（Certimate 自己保存密钥，容器有自己的环境变量）。没有这个要求时，dnsdoctor "
            "不会为此报告问题：密钥检查被跳过，preflight 的写入探测会说明它无法运行"
            "（PREFLIGHT_PROBE_REFUSED，警告）。",
        ),
        "remedy": (
            "Pass the AccessKey ID with --secret-id and the AccessKey Secret with --secret-key-file "
            "FILE (or --ask), or an aliyun CLI profile with --profile NAME; or set the variables "
            "your ACME client reads: ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY (lego), Ali_Key "
            "and Ali_Secret (acme.sh dns_ali).",
            "请用 --secret-id 传入 AccessKey ID、用 --secret-key-file FILE（或 --ask）传入 AccessKey "
            "Secret，或用 --profile NAME 指定 aliyun CLI 的配置；也可以像 ACME 客户端那样设置环境变量："
            "ALICLOUD_ACCESS_KEY 和 ALICLOUD_SECRET_KEY（lego），Ali_Key 和 Ali_Secret"
            "（acme.sh 的 dns_ali）。",
        ),
    },
    "CREDS_FILE_PERMISSIONS": {
        "meaning": (
            "A file holding an AccessKey Secret that other users on this machine can read gives "
            "them the key.",
            "存放 AccessKey Secret 的文件如果能被本机其他用户读取，就等于把密钥交给了他们。",
        ),
    },
    "CREDS_SOURCES_DISAGREE": {
        "meaning": (
            "Two places hold different Alibaba Cloud AccessKeys. A common confusion: the shell has "
            "one key (ALICLOUD_* or ALIBABA_CLOUD_*) and the ACME client another (acme.sh's "
            "account.conf, Certimate's own), so a test in the shell passes while the client fails.",
            "两个地方存放的阿里云 AccessKey 不一样。常见的混乱是：终端里是一把密钥（ALICLOUD_* 或 "
            "ALIBABA_CLOUD_* 变量），ACME 客户端用的却是另一把（acme.sh 的 account.conf、Certimate "
            "自己保存的），于是在终端里测试正常，客户端却失败。",
        ),
    },
    "CREDS_NOT_STATIC": {
        "meaning": (
            "The aliyun CLI and the Alibaba Cloud SDKs can fetch keys at run time (an ECS instance "
            "RAM role, RamRoleArn, OIDC), and lego does so on an ECS instance when "
            "ALICLOUD_RAM_ROLE is set; such keys exist only where they are fetched, so there is no "
            "AccessKey here to test, and an ACME client elsewhere cannot use them.",
            "aliyun CLI 和阿里云 SDK 可以在运行时获取密钥（ECS 实例 RAM 角色、RamRoleArn、OIDC），"
            "设置了 ALICLOUD_RAM_ROLE 的 lego 在 ECS 实例上也是如此；这类密钥只存在于获取它的地方，"
            "所以这里没有可以测试的 AccessKey，其他地方的 ACME 客户端也无法使用。",
        ),
        "remedy": (
            "Create a RAM user with OpenAPI access and an AccessKey for the ACME client "
            f"({_CONSOLE_AK} → 创建 AccessKey), attach the minimal policy, and give the key to "
            "the client.",
            "请为 ACME 客户端创建一个开启 OpenAPI 调用访问的 RAM 用户并创建 AccessKey"
            f"（{_CONSOLE_AK} → 创建 AccessKey），授予最小权限策略，再把密钥配置给客户端。",
        ),
    },
    # -- characters and shapes (creds.lint) ------------------------------------------------------
    "CREDS_INVISIBLE_CHAR": {
        "meaning": (
            "The signature is computed over every byte of the key, so an invisible character — a "
            "space, line break, tab, NBSP, full-width space, zero-width character or BOM, usually "
            "picked up while copying — makes every request fail with SignatureDoesNotMatch (or "
            "InvalidAccessKeyId.NotFound for the AccessKey ID). Some clients refuse such a value "
            "before sending; most ACME clients send it as they read it.",
            "签名是对密钥的每一个字节计算的，所以一个看不见的字符（空格、换行、制表符、不换行空格、"
            "全角空格、零宽字符或 BOM，通常是复制时带进来的）会让每个请求都以 SignatureDoesNotMatch "
            "失败（AccessKey ID 中则是 InvalidAccessKeyId.NotFound）。有的客户端会在发送前拒绝这样的值，"
            "多数 ACME 客户端则照读到的原样发送。",
        ),
    },
    "CREDS_NON_ASCII_CHAR": {
        "meaning": (
            "Alibaba Cloud AccessKeys consist of ASCII letters and digits only (a temporary ID "
            "starts with STS.); any other character means the value was damaged or is not the key.",
            "阿里云 AccessKey 只由 ASCII 字母和数字组成（临时密钥的 ID 以 STS. 开头）；出现其他字符"
            "说明内容已损坏，或者根本不是密钥。",
        ),
        "remedy": (
            "Copy the {field} again into {origin} from where it was saved when the AccessKey was "
            f"created ({_CONSOLE_AK} shows the ID; the Secret is shown only once, at creation); "
            "if the Secret is lost, create a new AccessKey.",
            "请从创建 AccessKey 时保存的地方重新复制 {field} 到 {origin}"
            f"（{_CONSOLE_AK} 中可以看到 ID；Secret 只在创建时显示一次）；如果 Secret 已经丢失，"
            "请新建 AccessKey。",
        ),
    },
    "CREDS_QUOTED": {
        "meaning": (
            "Quotes became part of the value: INI files (the SDKs' ~/.alibabacloud/credentials) "
            "and many environment files (docker --env-file among them) take them literally, so the "
            "key sent is not the key issued.",
            "引号成了值的一部分：INI 文件（SDK 使用的 ~/.alibabacloud/credentials）和很多环境变量文件"
            "（包括 docker --env-file）会原样保留引号，于是发送的密钥并不是签发的那个。",
        ),
    },
    "CREDS_ID_FORMAT": {
        "title": (
            "AccessKey ID from {origin} does not look like LTAI + 12–20 letters or digits "
            "({length} chars)",
            "{origin} 中的 AccessKey ID 不像“LTAI + 12–20 位字母或数字”的格式（{length} 个字符）",
        ),
        "meaning": (
            "Alibaba Cloud AccessKey IDs observed so far start with LTAI followed by 12–20 letters "
            "or digits (16, 20 or 24 characters, depending on when they were issued); a temporary "
            "one from STS starts with STS. instead. This is a convention, not a documented rule, "
            "so it is only a hint that the value is truncated, padded or not an AccessKey ID.",
            "目前所见的阿里云 AccessKey ID 都以 LTAI 开头，后面是 12–20 位字母或数字（按签发时间不同，"
            "共 16、20 或 24 个字符）；STS 临时密钥的 ID 则以 STS. 开头。这是惯例而非文档规定，"
            "因此只提示该值可能被截断、多了内容，或者根本不是 AccessKey ID。",
        ),
        "remedy": (
            f"Compare it with the AccessKey ID shown in the RAM console ({_CONSOLE_AK}).",
            f"请与 RAM 控制台（{_CONSOLE_AK}）中显示的 AccessKey ID 核对。",
        ),
    },
    "CREDS_KEY_FORMAT": {
        "title": (
            "AccessKey Secret from {origin} is {length} characters; Alibaba Cloud AccessKey "
            "Secrets are 30",
            "{origin} 中的 AccessKey Secret 有 {length} 个字符；阿里云 AccessKey Secret 通常是 30 个",
        ),
        "meaning": (
            "AccessKey Secrets observed so far are 30 letters and digits (a temporary one from STS "
            "is longer). Another length suggests a truncated or padded copy. This is a convention, "
            "not a documented rule.",
            "目前所见的 AccessKey Secret 都是 30 位字母和数字（STS 临时密钥的更长）。长度不同通常说明"
            "复制时被截断或多了内容。这是惯例而非文档规定。",
        ),
        "remedy": (
            "Copy the AccessKey Secret again from where it was saved when the AccessKey was "
            "created; the console shows it only once, so if it is lost, create a new AccessKey "
            f"({_CONSOLE_AK} → 创建 AccessKey) and disable the old one.",
            "请从创建 AccessKey 时保存的地方重新复制 AccessKey Secret；控制台只在创建时显示一次，"
            f"如果已经丢失，请新建 AccessKey（{_CONSOLE_AK} → 创建 AccessKey），并禁用旧的。",
        ),
    },
    "CREDS_OTHER_PROVIDER_KEY": {
        "title": (
            "AccessKey ID from {origin} looks like another provider's key id ({looks_like}), not "
            "an Alibaba Cloud AccessKey ID",
            "{origin} 中的 AccessKey ID 看起来是另一家 DNS 服务商（{looks_like}）的密钥 ID，而不是"
            "阿里云 AccessKey ID",
        ),
        "meaning": (
            "Alibaba Cloud AccessKey IDs start with LTAI (STS. for a temporary one); this one has "
            "the shape of a {looks_like} key id. One cloud does not know another's keys, so every "
            "request fails with InvalidAccessKeyId.NotFound. Typical after a domain moved between "
            "DNS providers, or on a host that serves zones at both, where the variables got mixed "
            "up.",
            "阿里云 AccessKey ID 以 LTAI 开头（临时密钥以 STS. 开头）；这个值却是 {looks_like} 密钥 ID "
            "的形态。一家云厂商不认识另一家的密钥，因此每个请求都会以 InvalidAccessKeyId.NotFound 失败。"
            "常见于域名在 DNS 服务商之间迁移之后，或同一台主机为两家服务商的域名申请证书、环境变量混在了"
            "一起。",
        ),
        "remedy": (
            "If the zone is at {looks_like}, check it with --provider {looks_like} and configure "
            "the ACME client for that provider; otherwise put the AccessKey ID and AccessKey "
            "Secret of the Alibaba Cloud account that holds the zone into {origin}.",
            "如果域名托管在 {looks_like}，请用 --provider {looks_like} 检查，并按该服务商配置 ACME "
            "客户端；否则请把托管该域名的阿里云账号的 AccessKey ID 和 AccessKey Secret 填入 {origin}。",
        ),
    },
    "CREDS_TOKEN_MISSING": {
        "title": (
            "The AccessKey ID from {origin} is a temporary STS key (STS.…), but no security token "
            "came with it",
            "{origin} 中的 AccessKey ID 是 STS 临时密钥（STS.…），但没有随附 SecurityToken",
        ),
        "meaning": (
            "An STS AccessKey (from AssumeRole) is valid only together with the SecurityToken "
            "issued with it, and only until it expires (one hour by default); without the token "
            "Alibaba Cloud answers MissingSecurityToken or InvalidSecurityToken.*.",
            "STS 临时 AccessKey（由 AssumeRole 签发）必须和一起签发的 SecurityToken 配合使用，且只在"
            "有效期内可用（默认 1 小时）；没有 Token，阿里云会返回 MissingSecurityToken 或 "
            "InvalidSecurityToken.*。",
        ),
        "remedy": (
            "Set the token where the ACME client reads it (lego: ALICLOUD_SECURITY_TOKEN), or, "
            "better for a long-running client, give it a RAM user's permanent AccessKey (LTAI…); "
            "acme.sh's dns_ali cannot send a token at all.",
            "请把 SecurityToken 配置到 ACME 客户端读取的位置（lego 读取 ALICLOUD_SECURITY_TOKEN）；对"
            "长期运行的客户端，更好的做法是使用 RAM 用户的永久 AccessKey（LTAI…）；acme.sh 的 dns_ali "
            "根本无法发送 Token。",
        ),
    },
    "CREDS_SWAPPED": {
        # the title is the generic one: "{id_label} and {secret_label} from {origin} look swapped"
        "meaning": (
            "The value given as AccessKey Secret has the shape of an AccessKey ID (LTAI… or STS.…) "
            "and the AccessKey ID does not; the API then answers InvalidAccessKeyId.NotFound.",
            "作为 AccessKey Secret 的值具有 AccessKey ID 的形态（LTAI… 或 STS.…），而 AccessKey ID "
            "却没有；接口会因此返回 InvalidAccessKeyId.NotFound。",
        ),
    },
    # -- the key against the API (creds.identity) ------------------------------------------------
    "CREDS_AUTHENTICATED": {
        "title": (
            "Alibaba Cloud accepts AccessKey {secret_id}: {who}",
            "阿里云接受 AccessKey {secret_id}：{who}",
        ),
        "meaning": (
            "STS GetCallerIdentity succeeded, so the AccessKey ID, the AccessKey Secret, the "
            "security token and this clock are all right; whether the key may change DNS records "
            "is checked separately.",
            "STS GetCallerIdentity 调用成功，说明 AccessKey ID、AccessKey Secret、SecurityToken "
            "和本机时钟都没有问题；该密钥能否修改解析记录另行检查。",
        ),
    },
    "CREDS_WORKS_CLEANED": {
        "meaning": (
            "As given, Alibaba Cloud rejects the key ({code}); with the stray characters removed it "
            "accepts it. So the key itself is right and its copy is damaged, which is what the "
            "ACME client sends too.",
            "按原样发送时阿里云拒绝该密钥（{code}）；去掉多余字符后则接受。说明密钥本身没错，是复制出来"
            "的内容被污染了，而 ACME 客户端发送的正是这份内容。",
        ),
    },
    "CREDS_SIGNATURE_FAILURE": {
        "title": (
            "Alibaba Cloud rejects the signature: the AccessKey Secret does not belong to "
            "AccessKey ID {secret_id} (SignatureDoesNotMatch)",
            "阿里云拒绝签名：AccessKey Secret 与 AccessKey ID {secret_id} 不匹配"
            "（SignatureDoesNotMatch）",
        ),
        "meaning": (
            "The AccessKey ID exists, but the signature made with this AccessKey Secret is wrong. "
            "Almost always the Secret is wrong, from another AccessKey, or carries invisible "
            "characters; more rarely a home-made signer encodes the request differently from "
            "Alibaba Cloud (a space must be %20, * must be %2A, ~ stays as it is).",
            "AccessKey ID 存在，但用这个 AccessKey Secret 算出的签名不对。几乎总是 Secret 填错、来自"
            "另一个 AccessKey，或带有不可见字符；少数情况下是自己实现的签名代码编码方式与阿里云不同"
            "（空格必须编码为 %20，* 编码为 %2A，~ 保持不变）。",
        ),
        "remedy": (
            "Copy the AccessKey Secret of this AccessKey ID again from where it was saved when it "
            "was created (the console shows it only once); if it is lost, create a new AccessKey "
            f"({_CONSOLE_AK}) and update the ACME client.",
            "请从创建时保存的地方重新复制该 AccessKey ID 对应的 AccessKey Secret（控制台只在创建时显示"
            f"一次）；如果已经丢失，请新建 AccessKey（{_CONSOLE_AK}）并更新 ACME 客户端的配置。",
        ),
    },
    "CREDS_SIGNATURE_EXPIRE": {
        "title": (
            "Alibaba Cloud rejects the request time: this clock is {skew} the API's clock "
            "(InvalidTimeStamp.Expired)",
            "阿里云拒绝请求时间：本机时钟与接口服务器相差 {skew}（InvalidTimeStamp.Expired）",
        ),
        "meaning": (
            "Every request carries a timestamp; Alibaba Cloud refuses one more than 15 minutes "
            "away from its own clock, ahead or behind. The key may be fine: no call can succeed "
            "until the clock is right.",
            "每个请求都带有时间戳；与阿里云服务器时间相差超过 15 分钟（无论快慢）的请求都会被拒绝。"
            "密钥本身可能没有问题，但在时钟校准之前，任何调用都不会成功。",
        ),
    },
    "CREDS_SECRET_ID_NOT_FOUND": {
        "title": (
            "Alibaba Cloud does not know AccessKey ID {secret_id} (InvalidAccessKeyId.NotFound)",
            "阿里云找不到 AccessKey ID {secret_id}（InvalidAccessKeyId.NotFound）",
        ),
        "meaning": (
            "No AccessKey with this ID exists: it was deleted in the console, mistyped or "
            "truncated, has spaces or quotes around it, or is the AccessKey Secret or another "
            "cloud's key given as the ID. (A disabled AccessKey is answered with "
            "InvalidAccessKeyId.Inactive instead.)",
            "不存在这个 ID 的 AccessKey：它可能已在控制台被删除，或者填错、被截断、两侧带有空格或引号，"
            "也可能填成了 AccessKey Secret 或其他云厂商的密钥。（被禁用的 AccessKey 返回的是 "
            "InvalidAccessKeyId.Inactive。）",
        ),
        "remedy": (
            f"Check the AccessKey under {_CONSOLE_AK} (it exists and is enabled) and copy the "
            "AccessKey ID again; create a new AccessKey if it is gone.",
            f"请在 {_CONSOLE_AK} 中确认该 AccessKey 存在且已启用，并重新复制 AccessKey ID；"
            "如果已被删除，请新建 AccessKey。",
        ),
    },
    "CREDS_TOKEN_FAILURE": {
        "title": (
            "Alibaba Cloud rejects the security token of temporary key {secret_id}: {token_state} "
            "(InvalidSecurityToken.* or MissingSecurityToken)",
            "阿里云拒绝临时密钥 {secret_id} 的 SecurityToken：{token_state}"
            "（InvalidSecurityToken.* 或 MissingSecurityToken）",
        ),
        "meaning": (
            "A temporary key (an STS.… AccessKey ID from STS AssumeRole) is only valid with the "
            "SecurityToken issued with it, and only until it expires (one hour by default).",
            "临时密钥（由 STS AssumeRole 签发、ID 以 STS. 开头）必须和一起签发的 SecurityToken "
            "配合使用，且只在有效期内可用（默认 1 小时）。",
        ),
        "remedy": (
            "Give the ACME client the matching token (lego: ALICLOUD_SECURITY_TOKEN) or, better "
            "for a long-running client, a RAM user's permanent AccessKey; acme.sh's dns_ali "
            "cannot send a token at all.",
            "请把对应的 SecurityToken 配置给 ACME 客户端（lego 读取 ALICLOUD_SECURITY_TOKEN），对长期"
            "运行的客户端更好的做法是使用 RAM 用户的永久 AccessKey；acme.sh 的 dns_ali 根本无法发送 "
            "Token。",
        ),
    },
    "CREDS_AUTH_FAILURE": {
        "title": (
            "Alibaba Cloud refuses AccessKey {secret_id}: {code}",
            "阿里云拒绝 AccessKey {secret_id}：{code}",
        ),
        "meaning": (
            "Alibaba Cloud did not accept the request's authentication: {message}",
            "阿里云没有通过请求的身份验证：{message}",
        ),
        "remedy": (
            f"Check the AccessKey under {_CONSOLE_AK} (InvalidAccessKeyId.Inactive: it is "
            "disabled; enable it or use another) and any source-IP restriction on it, then try "
            "again; SignatureNonceUsed only needs a new attempt.",
            f"请在 {_CONSOLE_AK} 中检查该 AccessKey（InvalidAccessKeyId.Inactive 表示已被禁用：请启用"
            "或改用其他 AccessKey）以及针对它的来源 IP 限制后重试；SignatureNonceUsed 只需重试即可。",
        ),
    },
    "CREDS_CREDENTIAL_UNSENDABLE": {
        # The title ("The {part} cannot be sent at all") is the generic one: {part} is the
        # provider's label (AccessKey ID, AccessKey Secret, security token).
        "meaning": (
            "The AccessKey ID and the security token travel in HTTP headers (Authorization, "
            "x-acs-security-token), which allow neither line breaks nor characters beyond Latin-1, "
            "and every part must be valid text; HTTP clients refuse such a request before it "
            "leaves.",
            "AccessKey ID 和 SecurityToken 放在 HTTP 头中发送（Authorization、x-acs-security-token），"
            "而 HTTP 头不允许换行，也不允许 Latin-1 以外的字符，而且每一部分都必须是有效文本；HTTP "
            "客户端会在发送前就拒绝这样的请求。",
        ),
    },
    "CREDS_STS_DENIED": {
        "meaning": (
            "The key authenticated, but sts:GetCallerIdentity was refused (Alibaba Cloud allows it "
            "to every key unless a control policy of the resource directory denies it), so the "
            "root account and a RAM user cannot be told apart. ACME clients do not need this "
            "action.",
            "该密钥通过了身份验证，但 sts:GetCallerIdentity 被拒绝（阿里云默认允许所有密钥调用它，"
            "除非资源目录的管控策略禁止），因此无法区分主账号和 RAM 用户。ACME 客户端不需要这个接口。",
        ),
    },
    "CREDS_ROOT_KEY": {
        "meaning": (
            "An ACME client only needs a few Alibaba Cloud DNS actions. An AccessKey of the "
            "Alibaba Cloud account itself stored on a server gives anyone who reads it every "
            "product and the bill of the account.",
            "ACME 客户端只需要几个云解析 DNS 接口权限。把阿里云主账号的 AccessKey 放在服务器上，任何"
            "读到它的人都能操作该账号的全部产品和费用。",
        ),
        "remedy": (
            "Create a RAM user with OpenAPI access only, attach the minimal RAM policy shown (the "
            "aliyun CLI commands below do it), give its AccessKey to the ACME client, then disable "
            "this root AccessKey.",
            "请创建一个只开启 OpenAPI 调用访问的 RAM 用户，授予下面给出的最小 RAM 权限策略（可以用下面"
            "的 aliyun CLI 命令），把它的 AccessKey 配置给 ACME 客户端，然后禁用这个主账号 AccessKey。",
        ),
    },
    # -- the API itself --------------------------------------------------------------------------
    "CREDS_API_UNREACHABLE": {
        "title": (
            "{action} could not reach the Alibaba Cloud API at {endpoint}: {reason}",
            "{action} 无法连接阿里云 API（{endpoint}）：{reason}",
        ),
    },
    "CREDS_API_SERVER_ERROR": {
        "meaning": (
            "The API (or a proxy in front of it) answered with a server error, so the key could "
            "not be judged. Alibaba Cloud's own errors come as JSON (Code, Message, RequestId; "
            "InternalError or ServiceUnavailable when its side fails); an HTML error page usually "
            "comes from a proxy or gateway.",
            "接口（或其前面的代理）返回了服务器错误，因此无法判断密钥情况。阿里云自身的错误总是 JSON "
            "格式（Code、Message、RequestId；自身故障时为 InternalError 或 ServiceUnavailable）；"
            "HTML 错误页通常来自代理或网关。",
        ),
    },
    "CREDS_API_BAD_RESPONSE": {
        "title": (
            "{endpoint} answered {action} with something that is not the Alibaba Cloud API: "
            "{reason}",
            "{endpoint} 对 {action} 的应答不是阿里云 API 的格式：{reason}",
        ),
    },
    "CREDS_API_ERROR": {
        "meaning": (
            "Alibaba Cloud answered with an error dnsdoctor has no specific advice for: {message}",
            "阿里云返回了一个 dnsdoctor 没有专门说明的错误：{message}",
        ),
        "remedy": (
            "Look the code up in Alibaba Cloud's OpenAPI troubleshooting (api.aliyun.com/"
            "troubleshoot, the answer's Recommend link) and quote the RequestId to Alibaba Cloud "
            "support.",
            "请在阿里云 OpenAPI 诊断（api.aliyun.com/troubleshoot，即应答中的 Recommend 链接）中"
            "查找该错误码，并向阿里云技术支持提供 RequestId。",
        ),
    },
    "CREDS_RATE_LIMITED": {
        "meaning": (
            "Alibaba Cloud limits how often each API may be called per account (Throttling.User, "
            "Throttling.Api); something else is calling the API with this account at a high rate, "
            "so ACME clients may fail intermittently too.",
            "阿里云按账号限制每个接口的调用频率（Throttling.User、Throttling.Api）；说明有其他程序正在"
            "用这个账号高频调用接口，ACME 客户端也可能因此间歇失败。",
        ),
    },
    # -- the zone (creds.zone) -------------------------------------------------------------------
    "CREDS_ZONE_NOT_IN_ACCOUNT": {
        "title": (
            "{zone} is not in the Alibaba Cloud account of AccessKey {secret_id} ({code})",
            "{zone} 不在 AccessKey {secret_id} 所属的阿里云账号中（{code}）",
        ),
        "meaning": (
            "The key authenticates, but its account does not host this zone in Alibaba Cloud DNS: "
            "the domain lives in another account (or was never added), so the ACME client cannot "
            "create the challenge record (lego: 'zone … not found in AliDNS for domain …'). The "
            "account holds: {domains}.",
            "密钥可以通过验证，但它所属的账号在云解析 DNS 中没有这个域名：域名在另一个账号里（或从未添加），"
            "所以 ACME 客户端无法创建验证记录（lego 报 “zone … not found in AliDNS for domain …”）。"
            "该账号中的域名：{domains}。",
        ),
        "remedy": (
            "Use an AccessKey of the account that holds {zone} in Alibaba Cloud DNS, or add {zone} "
            f"to this account ({_DNS_CONSOLE} → 域名列表 → 添加域名).",
            "请使用在云解析 DNS 中托管 {zone} 的那个账号的 AccessKey，或者把 {zone} 添加到该账号"
            f"（{_DNS_CONSOLE} → 域名列表 → 添加域名）。",
        ),
    },
    "CREDS_ZONE_INVALID": {
        "title": (
            "Alibaba Cloud DNS rejects {zone} as a domain name (InvalidDomainName.Format)",
            "云解析 DNS 不接受 {zone} 这个域名（InvalidDomainName.Format）",
        ),
        "meaning": (
            "Alibaba Cloud DNS wants the domain as its 域名列表 shows it, without a trailing dot; a "
            "name with a final dot or characters a domain cannot have is rejected.",
            "云解析 DNS 要求按域名列表中的形式填写域名，末尾不带点；以点结尾或含有域名不允许字符的名称"
            "会被拒绝。",
        ),
        "remedy": (
            "Give the domain as the Alibaba Cloud DNS console (域名列表) shows it (example.com, not "
            "example.com.).",
            f"请按{_DNS_CONSOLE}（域名列表）中的形式填写域名（example.com，而不是 example.com.）。",
        ),
    },
    "CREDS_ZONE_FOUND": {
        # No "{status}": Alibaba's DescribeDomainInfo has no status, the param is empty.
        "title": (
            "{zone} is in this account (DomainId {domain_id})",
            "{zone} 在该账号中（DomainId {domain_id}）",
        ),
        "meaning": (
            "Alibaba Cloud DNS hosts the zone in the account this key belongs to.",
            "云解析 DNS 在该密钥所属的账号中托管了这个域名。",
        ),
    },
    "CREDS_NOT_DELEGATED": {
        # No "{dns_status}": Alibaba's DetectFailedReasonCode is mostly empty ("(empty)").
        "title": (
            "Alibaba Cloud DNS says the registrar does not delegate {zone} to it (AllAliDns false)",
            "云解析 DNS 显示注册商没有把 {zone} 的解析交给它（AllAliDns 为 false）",
        ),
        "meaning": (
            "The zone is in Alibaba Cloud DNS, but the registry's name servers for it "
            "({actual_ns}) are not the DNS servers Alibaba Cloud assigned ({dnspod_ns}). Records "
            "created in Alibaba Cloud DNS, the challenge TXT included, are then never seen by the "
            "CA.",
            "域名已添加到云解析 DNS，但注册局登记的 NS（{actual_ns}）不是阿里云分配的 DNS 服务器"
            "（{dnspod_ns}）。这样在云解析 DNS 中创建的记录（包括验证用的 TXT）永远不会被 CA 看到。",
        ),
        "remedy": (
            "At the registrar, set the name servers of {zone} to {dnspod_ns}, or create the "
            "challenge record at the DNS provider the registrar does delegate to.",
            "请在注册商处把 {zone} 的 DNS 服务器改为 {dnspod_ns}，或者在注册商实际委派的 DNS 服务商处"
            "创建验证记录。",
        ),
    },
    "CREDS_DELEGATION_ELSEWHERE": {
        "title": (
            "The registry delegates {zone} to {delegated}, none of the DNS servers Alibaba Cloud "
            "DNS assigned ({dnspod_ns})",
            "注册局把 {zone} 委派给 {delegated}，其中没有云解析 DNS 分配的 DNS 服务器（{dnspod_ns}）",
        ),
        "meaning": (
            "dnsdoctor followed the delegation from the root itself: the parent zone's name "
            "servers for the domain are not Alibaba Cloud DNS's, although the zone is in this "
            "account's Alibaba Cloud DNS (its own DNS server check may not have noticed yet). "
            "Records the ACME client creates through the Alibaba Cloud DNS API are never seen by "
            "the CA.",
            "dnsdoctor 从根开始自行跟踪了委派：上级区为该域名登记的 NS 不是云解析 DNS 的，尽管该域名在"
            "这个账号的云解析 DNS 中（云解析 DNS 自身的 DNS 服务器检测可能尚未更新）。ACME 客户端通过"
            "云解析 DNS API 创建的记录，CA 永远看不到。",
        ),
        "remedy": (
            "At the registrar, set the name servers of {zone} to {dnspod_ns} (the DNS servers the "
            "Alibaba Cloud DNS console shows for it); or give the ACME client the API key of the "
            "DNS provider that {delegated} belong to.",
            f"请在注册商处把 {{zone}} 的 DNS 服务器改为 {{dnspod_ns}}（即{_DNS_CONSOLE}为它显示的 DNS "
            "服务器）；或者给 ACME 客户端配置 {delegated} 所属 DNS 服务商的 API 密钥。",
        ),
    },
    # -- records (creds.records) -----------------------------------------------------------------
    "CREDS_TXT_RECORDS": {
        "title": (
            "Alibaba Cloud DNS has {count} TXT record(s) at {name}",
            "云解析 DNS 中 {name} 有 {count} 条 TXT 记录",
        ),
    },
    "CREDS_STALE_TXT": {
        "title": (
            "{count} TXT record(s) at {name} in Alibaba Cloud DNS are left over from earlier "
            "orders (oldest updated {oldest})",
            "云解析 DNS 中 {name} 有 {count} 条以前订单遗留的 TXT 记录（最早更新于 {oldest}）",
        ),
        "remedy": (
            "Delete the leftover TXT records at {name} in the Alibaba Cloud DNS console (域名列表 → "
            "解析设置), and fix what stopped the cleanup (see creds.permissions).",
            f"请在{_DNS_CONSOLE}（域名列表 → 解析设置）删除 {{name}} 下遗留的 TXT 记录，并解决导致清理"
            "失败的原因（参见 creds.permissions）。",
        ),
    },
    "CREDS_TXT_DISABLED": {
        "title": (
            "{count} TXT record(s) at {name} are paused (DISABLE) in Alibaba Cloud DNS",
            "云解析 DNS 中 {name} 有 {count} 条 TXT 记录处于暂停状态",
        ),
    },
    # -- permissions (creds.permissions) ---------------------------------------------------------
    "CREDS_ACTIONS_DENIED": {
        "meaning": (
            "RAM refused these calls. lego (and Certimate through it) calls DescribeDomains, "
            "AddDomainRecord, DescribeDomainRecords and DeleteDomainRecord; acme.sh's dns_ali calls "
            "DescribeDomainRecords, AddDomainRecord and DeleteDomainRecord. A policy scoped to one "
            "domain (acs:alidns:*:*:domain/example.com) cannot allow DescribeDomains, which needs "
            "the resource acs:alidns:*:*:*.",
            "RAM 拒绝了这些调用。lego（以及基于它的 Certimate）会调用 DescribeDomains、AddDomainRecord、"
            "DescribeDomainRecords 和 DeleteDomainRecord；acme.sh 的 dns_ali 会调用 "
            "DescribeDomainRecords、AddDomainRecord 和 DeleteDomainRecord。只限定单个域名"
            "（acs:alidns:*:*:domain/example.com）的策略无法授权 DescribeDomains，它需要资源为 "
            "acs:alidns:*:*:*。",
        ),
        "remedy": (
            "Attach the minimal policy below to the RAM user of this AccessKey (the aliyun CLI "
            "commands shown do it).",
            "请为该 AccessKey 所属的 RAM 用户授予下方的最小权限策略（可以用所示的 aliyun CLI 命令）。",
        ),
    },
    "CREDS_DELETE_DENIED": {
        "title": (
            "alidns:DeleteDomainRecord is missing: AccessKey {secret_id} may not delete records "
            "in {zone}, so the ACME client cannot clean up its challenge record",
            "alidns:DeleteDomainRecord 权限缺失：AccessKey {secret_id} 不能删除 {zone} 中的记录，"
            "ACME 客户端无法清理验证记录",
        ),
        "meaning": (
            "The write probe (DeleteDomainRecord of a record id that cannot exist) was refused by "
            "RAM ({code}). The ACME client needs to delete the TXT record it created; this is the "
            "classic 'cleanup failed' after an otherwise successful order: the certificate is "
            "issued (lego and Certimate log the failed cleanup as a warning), but every order "
            "leaves its record behind. Missing for lego: {missing}.",
            "写权限探测（删除一个不可能存在的记录 ID）被 RAM 拒绝（{code}）。ACME 客户端需要删除自己"
            "创建的 TXT 记录；这正是订单成功后“清理失败”的典型原因：证书照常签发（lego 和 Certimate "
            "只把清理失败记为警告），但每个订单都会留下它的记录。lego 缺少的权限：{missing}。",
        ),
        "remedy": (
            "Attach a policy with the actions listed (minimal policy below) to the RAM user of this "
            "AccessKey, e.g. with the aliyun CLI commands shown or in RAM 访问控制 → 权限策略 "
            "(create it) and 用户 → 添加权限 (attach it).",
            "请为该 AccessKey 所属的 RAM 用户授予包含所列接口的权限策略（下方给出了最小策略），可以用"
            "所示的 aliyun CLI 命令，或在 RAM 访问控制 → 权限策略中创建，再在 用户 → 添加权限 中授予。",
        ),
    },
    "CREDS_PERMISSIONS_OK": {
        "meaning": (
            "Every action probed was allowed. AddDomainRecord is not probed here because it would "
            "change the zone; `dnsdoctor preflight` creates and deletes a real probe record.",
            "探测的接口全部允许。这里不探测 AddDomainRecord，因为它会修改域名解析；"
            "`dnsdoctor preflight` 会创建并删除一条真实的探测记录。",
        ),
    },
    "CREDS_WRITE_PROBE_DELETED": {
        "title": (
            "DeleteDomainRecord of RecordId {record_id} in {zone} succeeded: a record with that id "
            "existed",
            "删除 {zone} 中 RecordId 为 {record_id} 的记录成功了：该 ID 的记录确实存在",
        ),
        "remedy": (
            "Check the zone in the Alibaba Cloud DNS console (操作日志) and restore the record if it "
            "mattered.",
            f"请在{_DNS_CONSOLE}（操作日志）中检查，如有需要请恢复这条记录。",
        ),
    },
}
"""CREDS_* code → the fields re-worded for Alibaba Cloud: (English, Chinese)."""

SYMPTOM_REMEDIES: dict[str, dict[str, tuple[str, str]]] = {
    "CREDS_DELETE_DENIED": {
        "CREDS_STALE_TXT": (
            "Delete them once in the Alibaba Cloud DNS console (域名列表 → 解析设置); after the "
            "key may delete, the ACME client cleans up by itself.",
            f"在{_DNS_CONSOLE}（域名列表 → 解析设置）手动删除一次即可；密钥有删除权限后，ACME "
            "客户端会自行清理。",
        ),
    },
}
"""Cause code → symptom code → what to do about the symptom under that cause, in Alibaba's words."""

_WINDOW = "15 minutes"
_WINDOW_ZH = "15 分钟"
_EXPIRED = "InvalidTimeStamp.Expired"
_MEASURED = (
    "Measured offset {offset_text} ± {uncertainty_text}, decided by {decided_by}.",
    "测得偏差 {offset_text} ± {uncertainty_text}，由{decided_by}判定。",
)

CLOCK_WORDING: dict[str, dict[str, tuple[str, str]]] = {
    "CLOCK_SKEW_SIGNATURE_EXPIRE": {
        "title": (
            f"Your clock is {{skew}}: Alibaba Cloud will reject requests with {_EXPIRED}",
            f"本机时钟{{skew}}：阿里云会以 {_EXPIRED} 拒绝请求",
        ),
        "meaning": (
            "Alibaba Cloud's API rejects any request whose timestamp (x-acs-date, or Timestamp "
            f"in the older RPC signature) differs from its own clock by more than {_WINDOW}, "
            f'ahead or behind ({_EXPIRED}, "Specified time stamp or date value is expired"). The '
            "ACME client then cannot create or delete the _acme-challenge TXT record, and the "
            f"order fails before the CA looks at DNS. {_MEASURED[0]}",
            "阿里云 API 会拒绝时间戳（x-acs-date，旧版 RPC 签名中的 Timestamp）与其服务器时间相差超过"
            f" {_WINDOW_ZH}（无论快慢）的请求（{_EXPIRED}）。ACME 客户端因此无法创建或删除 "
            f"_acme-challenge TXT 记录，订单在 CA 查询 DNS 之前就已失败。{_MEASURED[1]}",
        ),
    },
    "CLOCK_DRIFT": {
        "title": (
            "Your clock is {skew}: it drifts towards Alibaba Cloud's 15-minute limit",
            f"本机时钟{{skew}}：正在漂移，逐渐接近阿里云 {_WINDOW_ZH}的上限",
        ),
        "meaning": (
            f"Requests to Alibaba Cloud still pass while the clock is within {_WINDOW} of the "
            "truth, but a clock {offset_abs} off is not being synchronised and will keep "
            f"drifting; at {_WINDOW} every request fails with {_EXPIRED}. {_MEASURED[0]}",
            f"时钟与标准时间相差在 {_WINDOW_ZH}以内时，阿里云请求仍可通过；但相差 {{offset_abs}} "
            f"说明时钟没有在同步，还会继续漂移，达到 {_WINDOW_ZH}后所有请求都会因 {_EXPIRED} 失败。"
            f"{_MEASURED[1]}",
        ),
        "remedy": (
            f"Synchronise the clock before it reaches {_WINDOW}. {{fix}}",
            f"请在偏差达到 {_WINDOW_ZH}之前同步时钟。{{fix}}",
        ),
    },
    "CLOCK_TIMEZONE_MISTAKE": {
        "title": (
            "Your clock is {skew}, which looks like a time zone mistake ({zone}): Alibaba "
            f"Cloud will reject requests with {_EXPIRED}",
            f"本机时钟{{skew}}，看起来是时区设置错误（{{zone}}）：阿里云会以 {_EXPIRED} 拒绝请求",
        ),
        "meaning": (
            "An offset this close to {hours} h is not drift: the clock was set to the right local "
            "time in the wrong time zone, or the hardware clock keeps local time while the system "
            "reads it as UTC (typical after dual-booting Windows, or on a VPS set to Beijing "
            "time). Request signatures use UTC, so Alibaba Cloud sees every timestamp {hours} h "
            f"off, far beyond its 15-minute limit. {_MEASURED[0]}",
            "偏差如此接近 {hours} 小时，不是漂移：时钟按某个时区的本地时间设置，却被当成了另一个时区"
            "（常见于与 Windows 双系统时硬件时钟保存本地时间、系统却按 UTC 读取，或 VPS 被手动设为北京"
            "时间）。请求签名使用 UTC，因此阿里云看到的每个时间戳都相差 {hours} 小时，远超 "
            f"{_WINDOW_ZH}的上限。{_MEASURED[1]}",
        ),
    },
    "CLOCK_UNVERIFIED": {
        "meaning": (
            "Without a time source there is no telling whether Alibaba Cloud will reject requests "
            f"with {_EXPIRED} (more than {_WINDOW} off). Tried: {{tried}}.",
            f"没有可用的时间源，就无法判断阿里云是否会以 {_EXPIRED} 拒绝请求（时钟相差超过 "
            f"{_WINDOW_ZH}）。已尝试：{{tried}}。",
        ),
    },
    "CLOCK_NTP_BLOCKED": {
        "meaning": (
            "Every NTP query went unanswered while HTTPS works: a firewall most likely drops UDP "
            "port 123. The Date header is good to a second, enough for Alibaba Cloud's 15-minute "
            "limit, but the machine itself probably cannot synchronise its clock either.",
            "所有 NTP 查询都没有回应，而 HTTPS 可用：很可能是防火墙丢弃了 UDP 123 端口的流量。Date 头"
            f"精确到秒，足以判断阿里云 {_WINDOW_ZH}的上限，但本机很可能也无法同步时钟。",
        ),
    },
}
"""The clock findings (CLOCK_*) in Alibaba Cloud's words: its 15-minute window and its code."""

DNS_WORDING: dict[str, dict[str, tuple[str, str]]] = {
    "DNS_NS_CYCLE": {
        "remedy": (
            "Break the loop: delegate {zone} to name servers whose addresses can be found (for "
            f"Alibaba Cloud DNS: the DNS servers the {_DNS_CONSOLE} shows for the domain), or "
            "register one of these name servers with its IP address (glue) at the registrar of "
            "its own domain.",
            f"打破环路：把 {{zone}} 委派给地址可以被找到的域名服务器（使用阿里云云解析时，填写{_DNS_CONSOLE}为该域名显示的 DNS 服务器），"
            "或者在这些域名服务器所属域名的注册商处，为其中一个登记 IP 地址（glue）。",
        ),
    },
    "DNS_NOT_DELEGATED": {
        "remedy": (
            "Check the domain's status and its name servers at the registrar (for Alibaba Cloud "
            f"DNS: set the DNS servers the {_DNS_CONSOLE} shows for the domain).",
            f"在注册商处检查域名状态和 NS 设置（使用阿里云云解析时，填写{_DNS_CONSOLE}为该域名显示的 DNS 服务器）。",
        ),
    },
    "DNS_CNAME_DELEGATED": {
        "meaning": (
            "The challenge record does not belong in {origin}: ACME clients and the CA follow the "
            "CNAME, so the TXT must be written at {target}, in zone {zone}, through whoever runs "
            "that zone (acme-dns or a similar service), not through your DNS provider. lego and "
            "Certimate with the Alibaba Cloud DNS (alidns / aliyun) provider follow the CNAME as "
            "well, then look for zone {zone} in your Alibaba Cloud account and fail ('zone … not "
            "found in AliDNS'). Ticking Certimate's 「阻止 CNAME 跟随」 alone does not help: the CA "
            "still follows the CNAME.",
            "验证记录不属于 {origin}：ACME 客户端和 CA 都会跟随 CNAME，所以 TXT 必须写到 {zone} 区的 "
            "{target}，由该区的运营方（acme-dns 或类似服务）写入，而不是通过你的 DNS 服务商。"
            "使用阿里云云解析（alidns / aliyun）提供商的 lego 和 Certimate 同样会跟随 CNAME，然后在你的阿里云账号中查找区 {zone}，"
            "找不到就失败（“zone … not found in AliDNS”）。只勾选 Certimate 的「阻止 CNAME 跟随」没有用：CA 仍然会跟随 CNAME。",
        ),
        "remedy": (
            "Either set the ACME client up for the service behind {zone} (acme-dns: the 'acme-dns' "
            "provider of lego/Certimate, or acme.sh --dns dns_acmedns, with the account registered "
            "for {target}), or delete the CNAME at {challenge} so that the client creates the TXT "
            "in {origin} itself with your AccessKey.",
            "要么让 ACME 客户端改用 {zone} 背后的服务（acme-dns：lego/Certimate 的 acme-dns 提供商，"
            "或 acme.sh --dns dns_acmedns，并使用为 {target} 注册的账号），要么删除 {challenge} 上的 "
            "CNAME，让客户端用你的 AccessKey 直接在 {origin} 中创建 TXT。",
        ),
    },
    "RESOLVER_STALE_VALUE": {
        "remedy": (
            "Wait {left} s or flush the resolver's cache; lower the TXT TTL ({ttl_settings}; "
            "Alibaba Cloud DNS's minimum is 600 s on the free edition).",
            "等待 {left} 秒或清空解析器缓存；降低 TXT 的 TTL（{ttl_settings}；云解析 DNS 免费版最低 600 秒）。",
        ),
    },
}
"""The findings about a zone Alibaba Cloud DNS serves (DNS_*, RESOLVER_*), in its words: where
its console shows the DNS servers to set, what lego's plug-in says when the zone is not in the
account, its minimum TTL. The CAA remedies name its console's fields through
:attr:`~dnsdoctor.providers.base.Provider.record_form`."""
