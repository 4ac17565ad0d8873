"""The findings of ``dnsdoctor preflight``: its probe record and the settings it recommends.

The probe is not a check the runner schedules (it runs after the checks, with its own budget and
cleanup, in :mod:`dnsdoctor.preflight.engine`), but its findings are registered like a check family so
that ``list-checks``, ``explain`` and the docs know them. This module holds only their
specifications: it imports nothing of the flows that raise them, so checks never import a flow.
"""

from __future__ import annotations

from dnsdoctor.checks.base import Scope, Skip, check
from dnsdoctor.core.context import Context, Target
from dnsdoctor.core.model import Finding, Severity, SpecMaker

FAMILY = "preflight"

_spec = SpecMaker(FAMILY)


PROBE_VISIBLE = _spec(
    "PREFLIGHT_PROBE_VISIBLE",
    Severity.INFO,
    (
        "Probe record {fqdn} reached all {count} authoritative server(s) in {seconds} s "
        "(slowest: {slowest})",
        "探测记录 {fqdn} 在 {seconds} 秒内到达全部 {count} 台权威服务器（最慢：{slowest}）",
    ),
    (
        "dnsdoctor created a TXT record through the {provider} API the way the ACME client will "
        "({create}, line {line}, TTL {ttl}) and asked every authoritative server until each "
        "served it. This is the time the ACME client's propagation check has to cover.",
        "dnsdoctor 像 ACME 客户端一样通过 {provider} API 创建了一条 TXT 记录（{create}，线路 "
        "{line}，TTL {ttl}），并持续询问每台权威服务器直到它们都返回该记录。ACME "
        "客户端的传播检查需要覆盖的正是这段时间。",
    ),
    (
        "Nothing to do; the recommended client settings are based on this measurement.",
        "无需处理；下面推荐的客户端设置就是根据这次测量得出的。",
    ),
    rank=90,
)
PROBE_SLOW = _spec(
    "PREFLIGHT_PROBE_SLOW",
    Severity.WARNING,
    (
        "Records take {seconds} s to reach every authoritative server ({slowest} last); lego's "
        "default propagation timeout is 60 s",
        "记录需要 {seconds} 秒才能到达全部权威服务器（最后一台：{slowest}）；lego 默认的传播超时"
        "时间为 60 秒",
    ),
    (
        "lego (and Certimate, which uses it) asks every authoritative server until all serve the "
        "challenge value, for 60 s unless told otherwise. This propagation time leaves too little "
        "margin or is too long: the order fails with 'propagation: time limit exceeded' (lego v4) "
        "or 'dns01: time limit exceeded' (lego v5) and 'did not return the expected TXT record'.",
        "lego（以及基于它的 Certimate）会持续询问每台权威服务器，直到全部返回验证值为止，默认最多 "
        "60 秒。这样的传播时间余量太小甚至超出：订单会以 “propagation: time limit exceeded”"
        "（lego v4）或 “dns01: time limit exceeded”（lego v5）以及 “did not return the expected "
        "TXT record” 失败。",
    ),
    (
        "Raise the propagation timeout to {timeout} s (Certimate: DNS 传播检查超时时间; lego: "
        "{lego_timeout_var}={timeout}); see the recommended settings.",
        "请把传播超时时间提高到 {timeout} 秒（Certimate：DNS 传播检查超时时间；lego："
        "{lego_timeout_var}={timeout}），参见下面推荐的设置。",
    ),
    rank=30,
)
PROBE_NOT_VISIBLE = _spec(
    "PREFLIGHT_PROBE_NOT_VISIBLE",
    Severity.ERROR,
    (
        "After {seconds} s, {missing} still did not serve probe record {fqdn}",
        "{seconds} 秒后，{missing} 仍未返回探测记录 {fqdn}",
    ),
    (
        "The record exists at {provider} ({create} succeeded), but these authoritative servers "
        "did not serve it within --probe-timeout. lego requires every authoritative server to "
        "serve the challenge value, so an order fails the same way until they do.",
        "记录已在 {provider} 中创建成功（{create} 成功），但这些权威服务器在 --probe-timeout "
        "内没有返回它。lego 要求每台权威服务器都返回验证值，所以在它们返回之前订单也会同样失败。",
    ),
    (
        "Look at the server(s) named (see dns.servers and dns.serials); if it is only slow, run "
        "again with a longer --probe-timeout to learn how long it takes.",
        "请检查所列服务器（参见 dns.servers 和 dns.serials）；如果只是慢，请用更长的 "
        "--probe-timeout 重新运行，测出它需要多久。",
    ),
    rank=25,
)
RESOLVER_MISSES = _spec(
    "PREFLIGHT_RESOLVER_MISSES_PROBE",
    Severity.WARNING,
    (
        "Resolver {resolver} does not return the probe record {seconds} s after every "
        "authoritative server served it ({answer})",
        "所有权威服务器都已返回探测记录 {seconds} 秒后，解析器 {resolver} 仍未返回它（{answer}）",
    ),
    (
        "The probe name was never asked before, so no cache explains this: the resolver does not "
        "reach the real authoritative servers (a fake-IP proxy, a split-horizon or intercepting "
        "DNS). lego v5 (Certimate 0.4 and later) checks the system resolvers too, and a client "
        "given this resolver (Certimate's DNS 递归服务器, lego's --dns.resolvers) never sees the "
        "challenge record.",
        "探测记录的名称此前从未被查询过，因此不可能是缓存造成的：该解析器无法到达真正的权威服务器"
        "（fake-IP 代理、split-horizon 或被劫持的 DNS）。lego v5（Certimate 0.4 及以后）也会检查"
        "系统解析器；配置了该解析器的客户端（Certimate 的 DNS 递归服务器、lego 的 "
        "--dns.resolvers）永远看不到验证记录。",
    ),
    (
        "Do not give {resolver} to the ACME client; use a resolver that returned the probe (see "
        "the recommended settings).",
        "不要把 {resolver} 配置给 ACME 客户端；请使用能返回探测记录的解析器（参见推荐设置）。",
    ),
    rank=35,
    severity_rules=(
        (
            Severity.ERROR,
            (
                "the resolver is the system resolver, which lego v5 and Certimate 0.4 and later check",
                "该解析器是系统 DNS 解析器，lego v5 和 Certimate 0.4 及以后版本都会检查它",
            ),
        ),
    ),
)
CREATE_FAILED = _spec(
    "PREFLIGHT_CREATE_FAILED",
    Severity.ERROR,
    (
        "{create} of the probe record in {zone} failed: {code}",
        "在 {zone} 中创建探测记录（{create}）失败：{code}",
    ),
    (
        "Creating the challenge TXT record is the ACME client's first step, and it fails the same "
        "way (lego: '{lego_error}'): {message}",
        "创建验证 TXT 记录是 ACME 客户端的第一步，它也会同样失败（lego 报 “{lego_error}”）："
        "{message}",
    ),
    ("{advice}", "处理办法：{advice}"),
    rank=12,
)
PROBE_DELETED = _spec(
    "PREFLIGHT_PROBE_DELETED",
    Severity.INFO,
    (
        "Probe record {fqdn} deleted (RecordId {record_id}): {confirm}",
        "探测记录 {fqdn} 已删除（RecordId {record_id}）：{confirm}",
    ),
    (
        "dnsdoctor deletes only the record it created, by its RecordId, then checks that "
        "{provider} no longer lists it and that the authoritative servers stop serving it.",
        "dnsdoctor 只按 RecordId 删除自己创建的那条记录，随后确认 {provider} 不再列出它、"
        "权威服务器也不再返回它。",
    ),
    ("Nothing to do.", "无需处理。"),
    rank=95,
)
DELETE_FAILED = _spec(
    "PREFLIGHT_DELETE_FAILED",
    Severity.ERROR,
    (
        "Probe record {fqdn} (RecordId {record_id}) could not be deleted: {code}; it is still in "
        "{zone}",
        "探测记录 {fqdn}（RecordId {record_id}）删除失败：{code}；它仍留在 {zone} 中",
    ),
    (
        "dnsdoctor tried {attempts} time(s) within its time limit. The record does not disturb an "
        "order (it is not at _acme-challenge), but it must not stay: the local journal keeps it, "
        "so that `dnsdoctor cleanup` finds it.",
        "dnsdoctor 在时限内尝试了 {attempts} 次。这条记录不会影响订单（它不在 _acme-challenge "
        "下），但不应保留：本地日志记下了它，`dnsdoctor cleanup` 可以找到它。",
    ),
    (
        "Once the cause is fixed, run `dnsdoctor cleanup {zone} --yes`, or delete RecordId "
        "{record_id} in the {provider} console.",
        "排除原因后，请运行 `dnsdoctor cleanup {zone} --yes`，或在 {provider} 控制台删除 RecordId "
        "{record_id}。",
    ),
    rank=9,
)
DELETE_UNCONFIRMED = _spec(
    "PREFLIGHT_DELETE_UNCONFIRMED",
    Severity.WARNING,
    (
        "{delete} of probe record {fqdn} (RecordId {record_id}) was accepted, but {why}",
        "探测记录 {fqdn}（RecordId {record_id}）的删除请求已被接受，但{why}",
    ),
    (
        "{provider}'s record list has a short index delay, so the record is most likely gone; the "
        "journal keeps it until `dnsdoctor cleanup` confirms.",
        "{provider} 的记录列表有短暂的索引延迟，记录多半已经删除；在 `dnsdoctor cleanup` "
        "确认之前，本地日志会保留它。",
    ),
    (
        "Run `dnsdoctor cleanup {zone}` in a few minutes to confirm.",
        "请过几分钟运行 `dnsdoctor cleanup {zone}` 进行确认。",
    ),
    rank=40,
)
PROBE_CHANGED = _spec(
    "PREFLIGHT_PROBE_CHANGED",
    Severity.WARNING,
    (
        "Probe record {fqdn} (RecordId {record_id}) was not deleted: {why}",
        "探测记录 {fqdn}（RecordId {record_id}）没有删除：{why}",
    ),
    (
        "dnsdoctor deletes a record only while its name and its marker value are still those of "
        "its probe, as `dnsdoctor cleanup` does. Between {create} and {delete} this "
        "RecordId stopped matching (changed by a person or another tool, or the API gave back "
        "another record's id), so it is left alone; the local journal keeps it.",
        "dnsdoctor 只在记录的名称和标记值仍是其探测记录时才删除它，与 `dnsdoctor cleanup` "
        "相同。在 {create} 与 {delete} 之间，这个 RecordId 已不再匹配（被人或其他工具修改，"
        "或接口返回了另一条记录的编号），因此没有动它；本地日志记下了它。",
    ),
    (
        "Run `dnsdoctor cleanup {zone}` in a few minutes: it deletes the record only if it is "
        "listed under its name with dnsdoctor's marker. Otherwise look at RecordId {record_id} in "
        "the {provider} console and delete it yourself only if nothing uses it.",
        "请过几分钟运行 `dnsdoctor cleanup {zone}`：只有当该记录仍以原名称和 dnsdoctor 标记列出时"
        "它才会删除。否则请在 {provider} 控制台查看 RecordId {record_id}，确认没有用途后再自行删除。",
    ),
    rank=40,
)
DELETE_LAGGING = _spec(
    "PREFLIGHT_DELETE_LAGGING",
    Severity.WARNING,
    (
        "{still} still served the deleted probe record {seconds} s after {delete}",
        "{delete} {seconds} 秒后，{still} 仍在返回已删除的探测记录",
    ),
    (
        "Deletions reach the authoritative servers as slowly as additions: a challenge value of an "
        "earlier attempt stays visible that long. lego accepts extra values, so this only matters "
        "when a server lags by minutes.",
        "删除传播到权威服务器的速度和新增一样慢：上一次尝试留下的验证值也会存在这么久。lego "
        "允许多余的值，所以只有当服务器落后数分钟时才需要关注。",
    ),
    (
        "Nothing to do for the probe (its name is unique); if it lasts for minutes, look at the "
        "lagging server (dns.serials).",
        "探测记录无需处理（它的名称是唯一的）；如果持续数分钟，请检查落后的服务器（dns.serials）。",
    ),
    rank=45,
)
PROBE_REFUSED = _spec(
    "PREFLIGHT_PROBE_REFUSED",
    Severity.WARNING,
    ("No write probe: {reason}", "未进行写入探测：{reason}"),
    (
        "Without the probe nothing here has shown that a record can be created, or how long "
        "records take to reach every authoritative server, and the recommended settings need that "
        "measurement.",
        "没有写入探测，就无法证明能创建记录，也无法知道记录需要多久才能到达全部权威服务器，"
        "而推荐设置正需要这项测量。",
    ),
    ("{fix}", "处理办法：{fix}"),
    rank=60,
    severity_rules=(
        (
            Severity.ERROR,
            (
                "dnsdoctor cannot write its probe journal: it refuses to create a record it could "
                "lose track of",
                "dnsdoctor 无法写入探测日志：它不会创建一条可能无从追踪的记录",
            ),
        ),
    ),
)
PROBE_SKIPPED = _spec(
    "PREFLIGHT_PROBE_SKIPPED",
    Severity.INFO,
    (
        "No write probe (--no-write-probe): creating, propagating and deleting a record were not "
        "tested",
        "未进行写入探测（--no-write-probe）：没有测试记录的创建、传播和删除",
    ),
    (
        "The checks above are read-only. The probe is what shows that {create} works and how "
        "long a record takes to reach every authoritative server.",
        "上面的检查都是只读的。只有写入探测才能证明 {create} 可用，并测出记录到达全部权威"
        "服务器需要多久。",
    ),
    (
        "Run without --no-write-probe (credentials required) to measure it.",
        "去掉 --no-write-probe 重新运行（需要密钥）即可测量。",
    ),
    rank=95,
)
LEFTOVERS = _spec(
    "PREFLIGHT_LEFTOVER_PROBES",
    Severity.WARNING,
    (
        "{count} probe record(s) of an earlier dnsdoctor run may still be in {zones}: that run "
        "ended before its cleanup",
        "{zones} 中可能仍有 {count} 条之前 dnsdoctor 运行留下的探测记录：那次运行在清理之前就结束了",
    ),
    (
        "The local journal lists probe records that were created (or about to be) and never "
        "confirmed deleted, e.g. after a crash or kill -9: {records}.",
        "本地日志中有已创建（或正要创建）但从未确认删除的探测记录，例如进程崩溃或被 kill -9 之后："
        "{records}。",
    ),
    (
        "Run `dnsdoctor cleanup {zone}` to list them, and add --yes to delete them (only records "
        "dnsdoctor created are ever deleted).",
        "运行 `dnsdoctor cleanup {zone}` 列出它们，加上 --yes 即可删除（只会删除 dnsdoctor "
        "自己创建的记录）。",
    ),
    rank=45,
    cause=False,
)
SETTINGS_CERTIMATE = _spec(
    "PREFLIGHT_SETTINGS_CERTIMATE",
    Severity.INFO,
    (
        "Certimate: DNS 传播检查超时时间 (DNS propagation checks timeout) {timeout} s; "
        "DNS 递归服务器 (DNS recursive nameservers) {nameservers}; DNS 传播等待时间 "
        "(DNS propagation waiting time) {wait}; DNS 解析记录 TTL {ttl}",
        "Certimate：DNS 传播检查超时时间 {timeout} 秒；DNS 递归服务器 {nameservers}；"
        "DNS 传播等待时间 {wait}；DNS 解析记录 TTL {ttl}",
    ),
    (
        "Measured: {seconds} s until every authoritative server served the probe. Certimate "
        "passes the timeout to lego, which checks every authoritative server every 2 s. Setting "
        "DNS 递归服务器 or DNS 传播等待时间 turns that authoritative check off (Certimate 0.3 then "
        "does not verify the TXT value at all), so they stay empty unless this host's resolvers "
        "are unusable.",
        "测量结果：{seconds} 秒后全部权威服务器都返回了探测记录。Certimate 会把超时时间交给 lego，"
        "lego 每 2 秒检查一次每台权威服务器。填写 DNS 递归服务器 或 DNS 传播等待时间 会关闭这项"
        "权威检查（Certimate 0.3 此时根本不验证 TXT 值），所以除非本机解析器不可用，否则保持为空。",
    ),
    (
        "Set these fields in the workflow's apply node (申请节点).",
        "请在工作流的申请节点中按上述值填写。",
    ),
    rank=95,
)
SETTINGS_LEGO = _spec(
    "PREFLIGHT_SETTINGS_LEGO",
    Severity.INFO,
    (
        "lego: {timeout_var}={timeout} {interval_var}={interval} {ttl_var}={ttl}{flags}",
        "lego 设置：{timeout_var}={timeout} {interval_var}={interval} {ttl_var}={ttl}{flags}",
    ),
    (
        "Measured: {seconds} s until every authoritative server served the probe. lego's "
        "{lego_dns} provider reads these variables (defaults {default_timeout} s, "
        "{default_interval} s, {default_ttl}); keep the "
        "authoritative check on (no --dns.propagation-disable-ans).",
        "测量结果：{seconds} 秒后全部权威服务器都返回了探测记录。lego 的 {lego_dns} 插件读取"
        "这些环境变量（默认 {default_timeout} 秒、{default_interval} 秒、{default_ttl}）；"
        "请保留权威检查（不要使用 "
        "--dns.propagation-disable-ans）。",
    ),
    (
        "Export the variables where lego runs (the command is shown).",
        "请在运行 lego 的环境中设置这些变量（命令见下）。",
    ),
    rank=95,
)
SETTINGS_ACME_SH = _spec(
    "PREFLIGHT_SETTINGS_ACME_SH",
    Severity.INFO,
    (
        "acme.sh: --dnssleep {sleep} (records reach every authoritative server in {seconds} s)",
        "acme.sh：--dnssleep {sleep}（记录在 {seconds} 秒内到达全部权威服务器）",
    ),
    (
        "acme.sh checks a public DoH resolver (cloudflare-dns.com, dns.google, dns.alidns.com or "
        "doh.pub, the first it reaches) for up to 20 "
        "minutes, which is slow or blocked on some networks; --dnssleep skips that check and "
        "just waits, long enough here for every authoritative server.",
        "acme.sh 会向公共 DoH 解析器（cloudflare-dns.com、dns.google、dns.alidns.com 或 doh.pub 中"
        "第一个能连上的）检查最长 20 分钟，在某些"
        "网络上很慢或被阻断；--dnssleep 跳过这项检查，只等待指定的时间，这里的时长足以让全部"
        "权威服务器生效。",
    ),
    (
        "Add --dnssleep {sleep} to acme.sh --issue.",
        "请在 acme.sh --issue 中加上 --dnssleep {sleep}。",
    ),
    rank=95,
)
CAM_POLICY = _spec(
    "PREFLIGHT_CAM_POLICY",
    Severity.INFO,
    (
        "{policy} policy for the ACME client's key: {actions} (resource {resource})",
        "ACME 客户端密钥的 {policy} 策略：{actions}（resource {resource}）",
    ),
    (
        "lego (and Certimate, which uses it) calls {lego_actions}; acme.sh calls "
        "{acme_sh_actions}. {zones_action} names no domain, so it only matches a resource that "
        "covers every domain ({resource}): a policy scoped to one domain does not work for lego.",
        "lego（以及基于它的 Certimate）会调用 {lego_actions}；acme.sh 会调用 {acme_sh_actions}。"
        "{zones_action} 不指向具体域名，只能匹配覆盖全部域名的 resource（{resource}），"
        "所以只限定单个域名的策略对 lego 不可用。",
    ),
    (
        "Attach this policy to a {policy} sub-user with programmatic access only and give its key "
        "to the ACME client{root_note}.",
        "请把此策略关联到一个仅允许编程访问的 {policy} 子用户，并把它的密钥配置给 ACME 客户端"
        "{root_note}。",
    ),
    rank=95,
)

PROBE_SPECS = (
    PROBE_VISIBLE,
    PROBE_SLOW,
    PROBE_NOT_VISIBLE,
    RESOLVER_MISSES,
    CREATE_FAILED,
    PROBE_DELETED,
    DELETE_FAILED,
    DELETE_UNCONFIRMED,
    PROBE_CHANGED,
    DELETE_LAGGING,
    PROBE_REFUSED,
    PROBE_SKIPPED,
    LEFTOVERS,
)
SETTINGS_SPECS = (SETTINGS_CERTIMATE, SETTINGS_LEGO, SETTINGS_ACME_SH, CAM_POLICY)


# The probe is not a check the runner schedules (it runs after the checks, with its own budget and
# cleanup), but it is registered like one so that `list-checks`, `explain` and the docs know it.
@check(
    "preflight.probe",
    family=FAMILY,
    scope=Scope.RUN,
    specs=PROBE_SPECS,
    commands=(),
    summary={
        "en": "Creates a TXT probe record through the API, times it on every authoritative "
        "server and resolver, deletes it and confirms (dnsdoctor preflight)",
        "zh": "通过 API 创建一条 TXT 探测记录，测量它在每台权威服务器和解析器上生效的时间，"
        "然后删除并确认（dnsdoctor preflight）",
    },
)
async def _probe_doc(ctx: Context, target: Target | None) -> list[Finding]:
    raise Skip("runs only inside dnsdoctor preflight", "只在 dnsdoctor preflight 中运行")


@check(
    "preflight.settings",
    family=FAMILY,
    scope=Scope.RUN,
    specs=SETTINGS_SPECS,
    commands=(),
    summary={
        "en": "Certimate, lego and acme.sh settings and the access policy (CAM, RAM), from the probe's "
        "measurements (dnsdoctor preflight)",
        "zh": "根据探测测量结果给出 Certimate、lego、acme.sh 的设置和访问策略（CAM、RAM）（dnsdoctor preflight）",
    },
)
async def _settings_doc(ctx: Context, target: Target | None) -> list[Finding]:
    raise Skip("runs only inside dnsdoctor preflight", "只在 dnsdoctor preflight 中运行")
