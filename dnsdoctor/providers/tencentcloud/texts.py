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
    "CREDS_ROOT_KEY": {
        "meaning": (
            "An ACME client only needs a few DNSPod actions. A root key stored on a server gives anyone who reads it every product and the bill of the account.",
            "ACME 客户端只需要几个 DNSPod 接口权限。把主账号密钥放在服务器上，任何读到它的人都能操作该账号的全部产品和费用。",
        ),
        "remedy": (
            "Create a CAM sub-user with programmatic access only, attach the minimal DNSPod policy shown, give its key to the ACME client, then disable this root key.",
            "请创建一个仅允许编程访问的 CAM 子用户，关联下面给出的最小 DNSPod 策略，把它的密钥配置给 ACME 客户端，然后禁用这把主账号密钥。",
        ),
    },
    "CREDS_STS_DENIED": {
        "title": (
            "Key {secret_id} may not call sts:GetCallerIdentity; its identity is not confirmed",
            "密钥 {secret_id} 无权调用 sts:GetCallerIdentity，无法确认其身份",
        ),
        "meaning": (
            "The key authenticated (CAM evaluated it), but its policy does not allow GetCallerIdentity, so root account and CAM user cannot be told apart. ACME clients do not need this action.",
            "该密钥通过了身份验证（CAM 已对其鉴权），但策略不允许 GetCallerIdentity，因此无法区分主账号和子用户。ACME 客户端不需要这个接口。",
        ),
    },
    "CREDS_NOT_STATIC": {
        "meaning": (
            "tccli can fetch keys at run time (CVM role, OAuth, SSO); ACME clients cannot use those.",
            "tccli 可以在运行时获取密钥（CVM 角色、OAuth、SSO），但 ACME 客户端无法使用这类密钥。",
        ),
        "remedy": (
            "Create a CAM sub-user with an API key for the ACME client and give it to the client.",
            "请为 ACME 客户端创建一个带 API 密钥的 CAM 子用户，并把密钥配置给客户端。",
        ),
    },
    "CREDS_TOKEN_CONFLICT": {
        "meaning": (
            "Temporary keys need their token. Each tool reads a different variable: tccli TENCENTCLOUD_TOKEN, Terraform TENCENTCLOUD_SECURITY_TOKEN, lego TENCENTCLOUD_SESSION_TOKEN; with different values, some of them send a wrong token.",
            "临时密钥必须带上对应的 Token。不同工具读取不同的变量：tccli 读 TENCENTCLOUD_TOKEN，Terraform 读 TENCENTCLOUD_SECURITY_TOKEN，lego 读 TENCENTCLOUD_SESSION_TOKEN；取值不同时，总有工具会发送错误的 Token。",
        ),
    },
    "CREDS_TOKEN_FAILURE": {
        "title": (
            "Tencent Cloud rejects the token of temporary key {secret_id}: {token_state} (AuthFailure.TokenFailure)",
            "腾讯云拒绝临时密钥 {secret_id} 的 Token：{token_state}（AuthFailure.TokenFailure）",
        ),
        "meaning": (
            "A temporary key (from STS AssumeRole or GetFederationToken) is only valid with the token issued with it, and only until it expires.",
            "临时密钥（由 STS AssumeRole 或 GetFederationToken 签发）必须和一起签发的 Token 配合使用，且只在有效期内可用。",
        ),
        "remedy": (
            "Give the ACME client the matching token (lego: TENCENTCLOUD_SESSION_TOKEN) or, better for a long-running client, a CAM sub-user's permanent key.",
            "请把对应的 Token 配置给 ACME 客户端（lego 读取 TENCENTCLOUD_SESSION_TOKEN），对长期运行的客户端更好的做法是使用 CAM 子用户的永久密钥。",
        ),
    },
    "CREDS_CREDENTIAL_UNSENDABLE": {
        "meaning": (
            "The SecretId and the token travel in HTTP headers, which allow neither line breaks nor characters beyond Latin-1, and every part must be valid text; HTTP clients refuse such a request before it leaves.",
            "SecretId 和 Token 放在 HTTP 头中发送，而 HTTP 头不允许换行，也不允许 Latin-1 以外的字符，而且每一部分都必须是有效文本；HTTP 客户端会在发送前就拒绝这样的请求。",
        ),
    },
    "CREDS_SOURCE_USED": {
        "title": (
            "Using Tencent Cloud key {secret_id} from {source}",
            "使用来自 {source} 的腾讯云密钥 {secret_id}",
        ),
        "meaning": (
            "dnsdoctor found Tencent Cloud API credentials and uses the first source in its documented precedence; the evidence lists every source found and which tools read each.",
            "dnsdoctor 找到了腾讯云 API 密钥，并按文档中的优先级使用第一个来源；证据中列出了找到的所有来源，以及哪些工具会读取它们。",
        ),
    },
    "CREDS_NOT_FOUND": {
        "title": ("No Tencent Cloud credentials found", "没有找到腾讯云 API 密钥"),
        "meaning": (
            "Credential checks were asked for (`dnsdoctor creds`, or --provider tencentcloud), but no source dnsdoctor reads holds a SecretId and a SecretKey, so none of them ran. This does not prove the ACME client has no key (Certimate keeps its own, a container has its own environment). Without that request, dnsdoctor reports no finding for it: the credential checks are skipped, and preflight's write probe says it could not run (PREFLIGHT_PROBE_REFUSED, a warning).",
            "要求了检查密钥（`dnsdoctor creds`，或 --provider tencentcloud），但 dnsdoctor 读取的来源中没有同时提供 SecretId 和 SecretKey 的，因此这些检查都没有运行。这并不能证明 ACME 客户端没有密钥（Certimate 自己保存密钥，容器有自己的环境变量）。没有这个要求时，dnsdoctor 不会为此报告问题：密钥检查被跳过，preflight 的写入探测会说明它无法运行（PREFLIGHT_PROBE_REFUSED，警告）。",
        ),
        "remedy": (
            "Pass --secret-id with --secret-key-file FILE (or --ask), or set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY the way your ACME client reads them.",
            "请使用 --secret-id 配合 --secret-key-file FILE（或 --ask），或者像 ACME 客户端那样设置 TENCENTCLOUD_SECRET_ID 和 TENCENTCLOUD_SECRET_KEY 环境变量。",
        ),
    },
    "CREDS_FILE_PERMISSIONS": {
        "meaning": (
            "A file holding a SecretKey that other users on this machine can read gives them the key.",
            "存放 SecretKey 的文件如果能被本机其他用户读取，就等于把密钥交给了他们。",
        ),
    },
    "CREDS_SOURCES_DISAGREE": {
        "meaning": (
            "Two places hold different Tencent Cloud keys. A common confusion: the shell has one key and the ACME client another, so a test in the shell passes while the client fails.",
            "两个地方存放的腾讯云密钥不一样。常见的混乱是：终端里是一把密钥，ACME 客户端用的却是另一把，于是在终端里测试正常，客户端却失败。",
        ),
    },
    "CREDS_API_UNREACHABLE": {
        "title": (
            "{action} could not reach the Tencent Cloud API at {endpoint}: {reason}",
            "{action} 无法连接腾讯云 API（{endpoint}）：{reason}",
        ),
    },
    "CREDS_API_SERVER_ERROR": {
        "meaning": (
            "The API (or a proxy in front of it) answered with a server error, so the key could not be judged. Tencent Cloud itself answers errors with HTTP 200 and a JSON body; an HTML error page usually comes from a proxy or gateway.",
            "接口（或其前面的代理）返回了服务器错误，因此无法判断密钥情况。腾讯云自身的错误总是以 HTTP 200 和 JSON 返回；HTML 错误页通常来自代理或网关。",
        ),
    },
    "CREDS_API_BAD_RESPONSE": {
        "title": (
            "{endpoint} answered {action} with something that is not the Tencent Cloud API: {reason}",
            "{endpoint} 对 {action} 的应答不是腾讯云 API 的格式：{reason}",
        ),
    },
    "CREDS_RATE_LIMITED": {
        "meaning": (
            "Tencent Cloud limits calls per second per account; something else is calling the API with this account at a high rate, so ACME clients may fail intermittently too.",
            "腾讯云按账号限制每秒调用次数；说明有其他程序正在用这个账号高频调用接口，ACME 客户端也可能因此间歇失败。",
        ),
    },
    "CREDS_API_ERROR": {
        "meaning": (
            "Tencent Cloud answered with an error dnsdoctor has no specific advice for: {message}",
            "腾讯云返回了一个 dnsdoctor 没有专门说明的错误：{message}",
        ),
        "remedy": (
            "Look the code up in the DNSPod API error codes and quote the RequestId to Tencent Cloud support.",
            "请在 DNSPod API 错误码文档中查找该错误码，并向腾讯云客服提供 RequestId。",
        ),
    },
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
    "CREDS_SIGNATURE_FAILURE": {
        "title": (
            "Tencent Cloud rejects the signature: the SecretKey does not belong to SecretId {secret_id} (AuthFailure.SignatureFailure)",
            "腾讯云拒绝签名：SecretKey 与 SecretId {secret_id} 不匹配（AuthFailure.SignatureFailure）",
        ),
        "meaning": (
            "The SecretId exists, but the signature made with this SecretKey is wrong. Almost always the SecretKey is wrong, from another key pair, or carries invisible characters; more rarely a home-made signer uses the local date instead of the UTC date (failing between 00:00 and 08:00 China time).",
            "SecretId 存在，但用这个 SecretKey 算出的签名不对。几乎总是 SecretKey 填错、来自另一对密钥，或带有不可见字符；少数情况下是自己实现的签名代码用了本地日期而不是 UTC 日期（北京时间 0 点到 8 点之间失败）。",
        ),
        "remedy": (
            "Copy the SecretKey of this SecretId again from the CAM console (API 密钥管理); if it was lost, create a new key pair and update the ACME client.",
            "请在访问管理控制台（API 密钥管理）重新复制该 SecretId 对应的 SecretKey；如果已经丢失，请新建一对密钥并更新 ACME 客户端的配置。",
        ),
    },
    "CREDS_SECRET_ID_NOT_FOUND": {
        "title": (
            "Tencent Cloud does not know SecretId {secret_id} (AuthFailure.SecretIdNotFound)",
            "腾讯云找不到 SecretId {secret_id}（AuthFailure.SecretIdNotFound）",
        ),
        "meaning": (
            "No key with this SecretId exists: it was deleted or disabled in the console, mistyped, truncated, or has spaces or quotes around it.",
            "不存在这个 SecretId 的密钥：它可能已在控制台被删除或禁用，或者填错、被截断，或两侧带有空格或引号。",
        ),
        "remedy": (
            "Check the key under 访问管理 → API 密钥管理 (enabled, not deleted) and copy the SecretId again; create a new key if it is gone.",
            "请在访问管理 → API 密钥管理中确认该密钥存在且已启用，并重新复制 SecretId；如果已被删除，请新建密钥。",
        ),
    },
    "CREDS_INVALID_SECRET_ID": {
        "title": (
            "SecretId {secret_id} is not a Tencent Cloud API key (AuthFailure.InvalidSecretId)",
            "SecretId {secret_id} 不是腾讯云 API 密钥（AuthFailure.InvalidSecretId）",
        ),
        "meaning": (
            "The value is not of the Tencent Cloud API key type: typically a legacy DNSPod token (ID,Token) or another product's credential.",
            "该值不是腾讯云 API 密钥类型：通常是旧版 DNSPod Token（ID,Token）或其他产品的凭据。",
        ),
        "remedy": (
            "Create an API key under 访问管理 → API 密钥管理 and use its SecretId and SecretKey.",
            "请在访问管理 → API 密钥管理中创建 API 密钥，并使用它的 SecretId 和 SecretKey。",
        ),
    },
    "CREDS_AUTH_FAILURE": {
        "title": (
            "Tencent Cloud refuses key {secret_id}: {code}",
            "腾讯云拒绝密钥 {secret_id}：{code}",
        ),
        "meaning": (
            "Tencent Cloud did not accept the request's authentication: {message}",
            "腾讯云没有通过请求的身份验证：{message}",
        ),
        "remedy": (
            "Check the key in the CAM console (MFA, IP restrictions, key status) and try again.",
            "请在访问管理控制台检查该密钥（MFA、IP 限制、密钥状态）后重试。",
        ),
    },
    "CREDS_DELETE_DENIED": {
        "title": (
            "dnspod:DeleteRecord is missing: key {secret_id} may not delete records in {zone}, so the ACME client cannot clean up its challenge record",
            "dnspod:DeleteRecord 权限缺失：密钥 {secret_id} 不能删除 {zone} 中的记录，ACME 客户端无法清理验证记录",
        ),
        "meaning": (
            "The write probe (DeleteRecord of a record id that cannot exist) was refused by CAM ({code}). The ACME client needs to delete the TXT record it created; this is the classic 'cleanup failed' after an otherwise successful order: the certificate is issued (lego and Certimate log the failed cleanup as a warning), but every order leaves its record behind. Missing for lego: {missing}.",
            "写权限探测（删除一个不可能存在的记录 ID）被 CAM 拒绝（{code}）。ACME 客户端需要删除自己创建的 TXT 记录；这正是订单成功后“清理失败”的典型原因：证书照常签发（lego 和 Certimate 只把清理失败记为警告），但每个订单都会留下它的记录。lego 缺少的权限：{missing}。",
        ),
        "remedy": (
            "Attach a policy with the actions listed (minimal policy below) to the CAM user of this key, e.g. with the tccli commands shown or in 访问管理 → 策略.",
            "请为该密钥所属的 CAM 用户关联包含所列接口的策略（下方给出了最小策略），可以用所示的 tccli 命令，或在访问管理 → 策略中操作。",
        ),
    },
    "CREDS_ACTIONS_DENIED": {
        "title": (
            "{missing} missing: key {secret_id} may not call {count} action(s) the ACME client needs on {zone}",
            "缺少 {missing} 权限：密钥 {secret_id} 不能在 {zone} 上调用 ACME 客户端需要的 {count} 个接口",
        ),
        "meaning": (
            'CAM refused these calls. lego calls DescribeDomainList, CreateRecord, DescribeRecordList and DeleteRecord; acme.sh calls DescribeRecordList, CreateRecord, DescribeRecordFilterList and DeleteRecord. A policy scoped to one domain cannot allow DescribeDomainList, which needs resource "*".',
            'CAM 拒绝了这些调用。lego 会调用 DescribeDomainList、CreateRecord、DescribeRecordList 和 DeleteRecord；acme.sh 会调用 DescribeRecordList、CreateRecord、DescribeRecordFilterList 和 DeleteRecord。只限定单个域名的策略无法授权 DescribeDomainList，它需要 resource 为 "*"。',
        ),
        "remedy": (
            "Attach the minimal policy below to the CAM user of this key.",
            "请为该密钥所属的 CAM 用户关联下方的最小策略。",
        ),
    },
    "CREDS_ZONE_NOT_IN_ACCOUNT": {
        "title": (
            "{zone} is not in the Tencent Cloud account of key {secret_id} ({code})",
            "{zone} 不在密钥 {secret_id} 所属的腾讯云账号中（{code}）",
        ),
        "meaning": (
            "The key authenticates, but its account does not host this zone in DNSPod: the domain lives in another account (or was never added), so the ACME client cannot create the challenge record (lego: 'zone … not found in dnspod for domain …'). The account holds: {domains}.",
            "密钥可以通过验证，但它所属的账号在 DNSPod 中没有托管这个域名：域名在另一个账号里（或从未添加），所以 ACME 客户端无法创建验证记录（lego 报 “zone … not found in dnspod for domain …”）。该账号中的域名：{domains}。",
        ),
        "remedy": (
            "Use a key of the account that holds {zone} in DNSPod, or add {zone} to this account (DNSPod console → 添加域名).",
            "请使用托管 {zone} 的那个账号的密钥，或者把 {zone} 添加到该账号（DNSPod 控制台 → 添加域名）。",
        ),
    },
    "CREDS_AUTHENTICATED": {
        "title": (
            "Tencent Cloud accepts key {secret_id}: {who}",
            "腾讯云接受密钥 {secret_id}：{who}",
        ),
        "meaning": (
            "STS GetCallerIdentity succeeded, so SecretId, SecretKey, token and this clock are all right; whether the key may change DNS records is checked separately.",
            "STS GetCallerIdentity 调用成功，说明 SecretId、SecretKey、Token 和本机时钟都没有问题；该密钥能否修改解析记录另行检查。",
        ),
    },
    "CREDS_ZONE_FOUND": {
        "title": (
            "{zone} is in this account (DomainId {domain_id}, status {status})",
            "{zone} 在该账号中（DomainId {domain_id}，状态 {status}）",
        ),
        "meaning": (
            "DNSPod hosts the zone in the account this key belongs to.",
            "DNSPod 在该密钥所属的账号中托管了这个域名。",
        ),
    },
    "CREDS_WORKS_CLEANED": {
        "meaning": (
            "As given, Tencent Cloud rejects the key ({code}); with the stray characters removed it accepts it. So the key itself is right and its copy is damaged, which is what the ACME client sends too.",
            "按原样发送时腾讯云拒绝该密钥（{code}）；去掉多余字符后则接受。说明密钥本身没错，是复制出来的内容被污染了，而 ACME 客户端发送的正是这份内容。",
        ),
    },
    "CREDS_ZONE_INVALID": {
        "title": (
            "DNSPod rejects {zone} as a domain name (InvalidParameter.DomainInvalid)",
            "DNSPod 不接受 {zone} 这个域名（InvalidParameter.DomainInvalid）",
        ),
        "meaning": (
            "DNSPod wants the registered domain without a trailing dot; a sub-domain or a name with a final dot is rejected.",
            "DNSPod 要求使用注册域名本身且末尾不带点；子域名或以点结尾的名称会被拒绝。",
        ),
    },
    "CREDS_NOT_DELEGATED": {
        "title": (
            "DNSPod says the registrar does not delegate {zone} to it (DnsStatus {dns_status})",
            "DNSPod 显示注册商没有把 {zone} 的解析交给它（DnsStatus {dns_status}）",
        ),
        "meaning": (
            "The zone exists in DNSPod, but the registry's name servers for it ({actual_ns}) are not the ones DNSPod assigned ({dnspod_ns}). Records created in DNSPod, the challenge TXT included, are then never seen by the CA.",
            "域名已添加到 DNSPod，但注册局登记的 NS（{actual_ns}）不是 DNSPod 分配的 NS（{dnspod_ns}）。这样在 DNSPod 中创建的记录（包括验证用的 TXT）永远不会被 CA 看到。",
        ),
    },
    "CREDS_DELEGATION_ELSEWHERE": {
        "title": (
            "The registry delegates {zone} to {delegated}, none of the name servers DNSPod assigned ({dnspod_ns})",
            "注册局把 {zone} 委派给 {delegated}，其中没有 DNSPod 分配的 NS（{dnspod_ns}）",
        ),
        "meaning": (
            "dnsdoctor followed the delegation from the root itself: the parent zone's name servers for the domain are not DNSPod's, although the zone is in this DNSPod account (DNSPod's own status may not have noticed yet). Records the ACME client creates through the DNSPod API are never seen by the CA.",
            "dnsdoctor 从根开始自行跟踪了委派：上级区为该域名登记的 NS 不是 DNSPod 的，尽管该域名在这个 DNSPod 账号中（DNSPod 自身的状态可能尚未更新）。ACME 客户端通过 DNSPod API 创建的记录，CA 永远看不到。",
        ),
    },
    "CREDS_ZONE_PAUSED": {
        "title": (
            "DNSPod has {zone} in status {status}: it does not serve the zone's records",
            "DNSPod 中 {zone} 的状态为 {status}：不会对外提供解析",
        ),
        "meaning": (
            "A paused, locked or spam-flagged zone is not answered by DNSPod's servers, so no challenge record can be seen.",
            "处于暂停、锁定或被标记为垃圾状态的域名不会由 DNSPod 的服务器应答，验证记录也就无法被看到。",
        ),
        "remedy": (
            "Enable the zone in the DNSPod console (or contact Tencent Cloud support for a lock).",
            "请在 DNSPod 控制台启用该域名（如果被锁定，请联系腾讯云客服）。",
        ),
    },
    "CREDS_TXT_RECORDS": {
        "title": (
            "DNSPod has {count} TXT record(s) at {name}",
            "DNSPod 中 {name} 有 {count} 条 TXT 记录",
        ),
    },
    "CREDS_STALE_TXT": {
        "title": (
            "{count} TXT record(s) at {name} in DNSPod are left over from earlier orders (oldest updated {oldest})",
            "DNSPod 中 {name} 有 {count} 条以前订单遗留的 TXT 记录（最早更新于 {oldest}）",
        ),
        "remedy": (
            "Delete the leftover TXT records at {name} in the DNSPod console, and fix what stopped the cleanup (see creds.permissions).",
            "请在 DNSPod 控制台删除 {name} 下遗留的 TXT 记录，并解决导致清理失败的原因（参见 creds.permissions）。",
        ),
    },
    "CREDS_TXT_DISABLED": {
        "title": (
            "{count} TXT record(s) at {name} are disabled in DNSPod",
            "DNSPod 中 {name} 有 {count} 条 TXT 记录处于暂停状态",
        ),
    },
    "CREDS_WRITE_PROBE_DELETED": {
        "title": (
            "DeleteRecord of RecordId {record_id} in {zone} succeeded: a record with that id existed",
            "删除 {zone} 中 RecordId 为 {record_id} 的记录成功了：该 ID 的记录确实存在",
        ),
        "remedy": (
            "Check the zone in the DNSPod console (操作日志) and restore the record if it mattered.",
            "请在 DNSPod 控制台（操作日志）中检查，如有需要请恢复这条记录。",
        ),
    },
    "CREDS_INVISIBLE_CHAR": {
        "meaning": (
            "The signature is computed over every byte of the key, so an invisible character — a space, line break, tab, NBSP, full-width space, zero-width character or BOM, usually picked up while copying — makes every request fail with AuthFailure.SignatureFailure (or AuthFailure.SecretIdNotFound for the SecretId). The Python SDK refuses surrounding whitespace locally; lego and acme.sh send it.",
            "签名是对密钥的每一个字节计算的，所以一个看不见的字符（空格、换行、制表符、不换行空格、全角空格、零宽字符或 BOM，通常是复制时带进来的）会让每个请求都以 AuthFailure.SignatureFailure 失败（SecretId 中则是 AuthFailure.SecretIdNotFound）。Python SDK 会在本地拒绝首尾空白，而 lego 和 acme.sh 会照原样发送。",
        ),
    },
    "CREDS_NON_ASCII_CHAR": {
        "meaning": (
            "Tencent Cloud keys consist of ASCII letters and digits only; any other character means the value was damaged or is not the key.",
            "腾讯云密钥只由 ASCII 字母和数字组成；出现其他字符说明内容已损坏，或者根本不是密钥。",
        ),
        "remedy": (
            "Copy the {field} again from the CAM console (API 密钥管理) into {origin}.",
            "请从访问管理控制台（API 密钥管理）重新复制 {field} 到 {origin}。",
        ),
    },
    "CREDS_QUOTED": {
        "meaning": (
            "Quotes became part of the value: INI files (the SDKs' ~/.tencentcloud/credentials) and many environment files take them literally, so the key sent is not the key issued.",
            "引号成了值的一部分：INI 文件（SDK 使用的 ~/.tencentcloud/credentials）和很多环境变量文件会原样保留引号，于是发送的密钥并不是签发的那个。",
        ),
    },
    "CREDS_ID_FORMAT": {
        "title": (
            "SecretId from {origin} does not look like AKID + 32 letters or digits ({length} chars)",
            "{origin} 中的 SecretId 不像“AKID + 32 位字母或数字”的格式（{length} 个字符）",
        ),
        "meaning": (
            "Tencent Cloud SecretIds observed so far are 36 characters starting with AKID. This is a convention, not a documented rule, so it is only a hint that the value is truncated, padded or not a SecretId.",
            "目前所见的腾讯云 SecretId 都是以 AKID 开头的 36 个字符。这是惯例而非文档规定，因此只提示该值可能被截断、多了内容，或者根本不是 SecretId。",
        ),
        "remedy": (
            "Compare it with the SecretId shown in the CAM console (API 密钥管理).",
            "请与访问管理控制台（API 密钥管理）中显示的 SecretId 核对。",
        ),
    },
    "CREDS_KEY_FORMAT": {
        "title": (
            "SecretKey from {origin} is {length} characters; Tencent Cloud SecretKeys are 32",
            "{origin} 中的 SecretKey 有 {length} 个字符；腾讯云 SecretKey 通常是 32 个",
        ),
        "meaning": (
            "SecretKeys observed so far are 32 letters and digits. Another length suggests a truncated or padded copy. This is a convention, not a documented rule.",
            "目前所见的 SecretKey 都是 32 位字母和数字。长度不同通常说明复制时被截断或多了内容。这是惯例而非文档规定。",
        ),
        "remedy": (
            "Copy the SecretKey again; if it is lost, create a new key in the CAM console.",
            "请重新复制 SecretKey；如果已经找不到，请在访问管理控制台新建密钥。",
        ),
    },
    "CREDS_SWAPPED": {
        "title": (
            "SecretId and SecretKey from {origin} look swapped",
            "{origin} 中的 SecretId 和 SecretKey 似乎填反了",
        ),
        "meaning": (
            "The value given as SecretKey has the shape of a SecretId (AKID + 32) and the SecretId does not; the API then answers AuthFailure.SecretIdNotFound or InvalidSecretId.",
            "作为 SecretKey 的值具有 SecretId 的形态（AKID + 32 位），而 SecretId 却没有；接口会因此返回 AuthFailure.SecretIdNotFound 或 InvalidSecretId。",
        ),
    },
    "CREDS_LEGACY_DNSPOD_TOKEN": {
        "title": (
            "The key from {origin} looks like a legacy DNSPod token (ID,Token), not a Tencent Cloud API key",
            "{origin} 中的密钥像是旧版 DNSPod Token（ID,Token），而不是腾讯云 API 密钥",
        ),
        "meaning": (
            "DNSPod's old API (dnsapi.cn) used a numeric ID and a 32-hex Token. Tencent Cloud API 3.0, which lego, Certimate and acme.sh's dns_tencent use, needs a CAM SecretId/SecretKey; the old token is answered with AuthFailure.InvalidSecretId or SecretIdNotFound.",
            "DNSPod 旧接口（dnsapi.cn）使用数字 ID 和 32 位十六进制 Token。lego、Certimate 和 acme.sh 的 dns_tencent 使用的是腾讯云 API 3.0，需要 CAM 的 SecretId/SecretKey；旧 Token 会得到 AuthFailure.InvalidSecretId 或 SecretIdNotFound。",
        ),
        "remedy": (
            "Create an API key in the CAM console (访问管理 → API 密钥管理) and use it instead; with acme.sh, the old token belongs to dns_dp (DP_Id/DP_Key), not dns_tencent.",
            "请在访问管理控制台（API 密钥管理）创建 API 密钥并改用它；如果使用 acme.sh，旧 Token 对应的是 dns_dp（DP_Id/DP_Key），而不是 dns_tencent。",
        ),
    },
    "CREDS_OTHER_PROVIDER_KEY": {
        "title": (
            "SecretId from {origin} looks like another provider's key id ({looks_like}), not a Tencent Cloud SecretId",
            "{origin} 中的 SecretId 看起来是另一家 DNS 服务商（{looks_like}）的密钥 ID，而不是腾讯云 SecretId",
        ),
        "meaning": (
            "Tencent Cloud SecretIds start with AKID; this one has the shape of a {looks_like} key id. One cloud does not know another's keys, so every request fails with AuthFailure.SecretIdNotFound. Typical after a domain moved between DNS providers, or on a host that serves zones at both, where the variables got mixed up.",
            "腾讯云 SecretId 以 AKID 开头；这个值却是 {looks_like} 密钥 ID 的形态。一家云厂商不认识另一家的密钥，因此每个请求都会以 AuthFailure.SecretIdNotFound 失败。常见于域名在 DNS 服务商之间迁移之后，或同一台主机为两家服务商的域名申请证书、环境变量混在了一起。",
        ),
        "remedy": (
            "If the zone is at {looks_like}, check it with --provider {looks_like} and configure the ACME client for that provider; otherwise put the SecretId and SecretKey of the Tencent Cloud account that holds the zone into {origin}.",
            "如果域名托管在 {looks_like}，请用 --provider {looks_like} 检查，并按该服务商配置 ACME 客户端；否则请把托管该域名的腾讯云账号的 SecretId 和 SecretKey 填入 {origin}。",
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

SYMPTOM_REMEDIES: dict[str, dict[str, tuple[str, str]]] = {
    "CREDS_DELETE_DENIED": {
        "CREDS_STALE_TXT": (
            "Delete them once in the DNSPod console; after the key may delete, the ACME client "
            "cleans up by itself.",
            "在 DNSPod 控制台手动删除一次即可；密钥有删除权限后，ACME 客户端会自行清理。",
        ),
    },
}
"""The remedies of the symptoms a credential finding explains, in Tencent Cloud's words."""

DNS_WORDING: dict[str, dict[str, tuple[str, str]]] = {
    "DNS_NS_CYCLE": {
        "remedy": (
            "Break the loop: delegate {zone} to name servers whose addresses can be found (for DNSPod: the NS the console shows), or register one of these name servers with its IP address (glue) at the registrar of its own domain.",
            "打破环路：把 {zone} 委派给地址可以被找到的域名服务器（使用 DNSPod 时，填写控制台显示的 NS），或者在这些域名服务器所属域名的注册商处，为其中一个登记 IP 地址（glue）。",
        ),
    },
    "DNS_NOT_DELEGATED": {
        "remedy": (
            "Check the domain's status and its name servers at the registrar (for DNSPod: set the NS that the DNSPod console shows).",
            "在注册商处检查域名状态和 NS 设置（使用 DNSPod 时，填写 DNSPod 控制台显示的 NS）。",
        ),
    },
    "DNS_CNAME_DELEGATED": {
        "meaning": (
            "The challenge record does not belong in {origin}: ACME clients and the CA follow the CNAME, so the TXT must be written at {target}, in zone {zone}, through whoever runs that zone (acme-dns or a similar service), not through your DNS provider. lego and Certimate with the DNSPod (tencentcloud) provider follow the CNAME as well, then look for zone {zone} in your DNSPod account and fail ('zone {zone}. not found in dnspod'). Ticking Certimate's 「阻止 CNAME 跟随」 alone does not help: the CA still follows the CNAME.",
            "验证记录不属于 {origin}：ACME 客户端和 CA 都会跟随 CNAME，所以 TXT 必须写到 {zone} 区的 {target}，由该区的运营方（acme-dns 或类似服务）写入，而不是通过你的 DNS 服务商。使用 DNSPod（tencentcloud）提供商的 lego 和 Certimate 同样会跟随 CNAME，然后在你的 DNSPod 账号中查找区 {zone}，找不到就失败（“zone {zone}. not found in dnspod”）。只勾选 Certimate 的「阻止 CNAME 跟随」没有用：CA 仍然会跟随 CNAME。",
        ),
        "remedy": (
            "Either set the ACME client up for the service behind {zone} (acme-dns: the 'acme-dns' provider of lego/Certimate, or acme.sh --dns dns_acmedns, with the account registered for {target}), or delete the CNAME at {challenge} so that the client creates the TXT in {origin} itself with your DNSPod key.",
            "要么让 ACME 客户端改用 {zone} 背后的服务（acme-dns：lego/Certimate 的 acme-dns 提供商，或 acme.sh --dns dns_acmedns，并使用为 {target} 注册的账号），要么删除 {challenge} 上的 CNAME，让客户端用你的 DNSPod 密钥直接在 {origin} 中创建 TXT。",
        ),
    },
    "DNS_SERIAL_LAG": {
        "remedy": (
            "Wait for the server to catch up (DNSPod usually takes seconds); if it stays behind, report it to the DNS provider. Increase the ACME client's propagation timeout meanwhile.",
            "等待该服务器同步（DNSPod 通常几秒内完成）；若一直落后，请联系 DNS 服务商。同时调大 ACME 客户端的传播超时时间。",
        ),
    },
    "RESOLVER_STALE_VALUE": {
        "remedy": (
            "Wait {left} s or flush the resolver's cache; lower the TXT TTL ({ttl_settings}; DNSPod's minimum is 600 s on the free plan).",
            "等待 {left} 秒或清空解析器缓存；降低 TXT 的 TTL（{ttl_settings}；DNSPod 免费版最低 600 秒）。",
        ),
    },
}
"""The findings about a zone DNSPod serves (DNS_*, RESOLVER_*), in DNSPod's words: how its
console shows the NS to set, how fast its servers sync, its minimum TTL. The generic texts say
these neutrally; the CAA remedies name its console's fields through
:attr:`~dnsdoctor.providers.base.Provider.record_form`."""
