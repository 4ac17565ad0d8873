"""The provider's and the ACME clients' words that preflight's texts take as params: what the
provider calls its calls (``CreateRecord``, ``AddDomainRecord``), its name, and lego's names for
it (read from :mod:`dnsdoctor.clients` through :meth:`~dnsdoctor.providers.base.Provider.settings_for`).
"""

from __future__ import annotations

from dataclasses import dataclass

from dnsdoctor import providers
from dnsdoctor.clients.base import Settings as ClientSettings
from dnsdoctor.core.i18n import Phrase, Wording, register
from dnsdoctor.providers.base import Provider

WORDS = register(
    "preflight.words",
    {
        # why no probe was made (PREFLIGHT_PROBE_REFUSED's reason)
        "no_key": {
            "en": "--write-probe requires {vendor} credentials, and none can be used ({why}); "
            "--no-write-probe skips the probe",
            "zh": "--write-probe 需要{vendor}密钥，但没有可用的密钥（{why}）；"
            "使用 --no-write-probe 可跳过写入探测",
        },
        "clock": {
            "en": "{provider} rejects this host's request time ({code}; see clock.offset and "
            "creds.identity)",
            "zh": "{provider} 拒绝了本机的请求时间（{code}；参见 clock.offset 和 creds.identity）",
        },
        "no_auth": {
            "en": "the key did not authenticate (see creds.identity)",
            "zh": "密钥没有通过身份验证（参见 creds.identity）",
        },
        "no_servers": {
            "en": "the authoritative servers of {name} are not known ({problem}; see "
            "dns.delegation)",
            "zh": "无法确定 {name} 的权威服务器（{problem}；参见 dns.delegation）",
        },
        "zone_unusable": {
            "en": "{zone} is not usable with this key (see creds.zone)",
            "zh": "该密钥无法使用 {zone}（参见 creds.zone）",
        },
        "delete_denied": {
            "en": "the key may not call {delete} in {zone} ({code}), so a probe record could not "
            "be deleted again; none was created (see creds.permissions)",
            "zh": "该密钥无权在 {zone} 中调用 {delete}（{code}），探测记录将无法删除，"
            "因此没有创建（参见 creds.permissions）",
        },
        "delete_unknown": {
            "en": "whether the key may delete records in {zone} is unknown ({code}); a probe "
            "record that might not be deletable was not created",
            "zh": "无法确定该密钥能否删除 {zone} 中的记录（{code}）；为避免留下无法删除的记录，"
            "没有创建探测记录",
        },
        "journal_unwritable": {
            "en": "the probe journal cannot be written ({problem}): a crash could leave a record "
            "nobody knows about",
            "zh": "无法写入探测日志（{problem}）：一旦崩溃，留下的记录将无人知晓",
        },
        "journal_failed": {
            "en": "the journal could not be written ({error})",
            "zh": "无法写入探测日志（{error}）",
        },
        # what to do then (its fix)
        "fix_above": {
            "en": "Fix the problem named above, then run again.",
            "zh": "请先解决上面指出的问题，然后重新运行。",
        },
        "fix_creds": {
            "en": "Fix the credential problem named above, then run again.",
            "zh": "请先解决上面指出的密钥问题，然后重新运行。",
        },
        "give_key": {
            "en": "Give the key the ACME client uses (--secret-id with --secret-key-file, or "
            "--ask), or run with --no-write-probe.",
            "zh": "请提供 ACME 客户端使用的密钥（--secret-id 加 --secret-key-file，或 --ask），"
            "或者加上 --no-write-probe 运行。",
        },
        "give_key_variables": {
            "en": "Give the key the ACME client uses ({variables}, --secret-id with "
            "--secret-key-file, or --ask), or run with --no-write-probe.",
            "zh": "请提供 ACME 客户端使用的密钥（{variables}、--secret-id 加 --secret-key-file，"
            "或 --ask），或者加上 --no-write-probe 运行。",
        },
        "fix_clock": {
            "en": "Set this host's clock right (the cause named above), then run again.",
            "zh": "请先校准本机时钟（见上面指出的原因），然后重新运行。",
        },
        "fix_delegation": {
            "en": "Fix the delegation problem named above, then run again.",
            "zh": "请先解决上面指出的委派问题，然后重新运行。",
        },
        "allow_delete": {
            "en": "Allow {action} (the {policy} policy shown by creds.permissions), then run "
            "again.",
            "zh": "请授予 {action} 权限（见 creds.permissions 给出的 {policy} 策略），然后重新运行。",
        },
        "journal_dir": {
            "en": "Make $XDG_STATE_HOME/dnsdoctor (default ~/.local/state/dnsdoctor) writable.",
            "zh": "请确保 $XDG_STATE_HOME/dnsdoctor（默认 ~/.local/state/dnsdoctor）可写。",
        },
        "journal_writable": {
            "en": "Make the journal's directory writable, then run again.",
            "zh": "请确保日志目录可写，然后重新运行。",
        },
        # a failed create (PREFLIGHT_CREATE_FAILED's advice)
        "allow_create": {
            "en": "Allow {action} for this key: the commands below create the minimal {policy} "
            "policy and attach it to the key's sub-user; then run again.",
            "zh": "请为该密钥授予 {action} 权限：下面的命令会创建最小 {policy} "
            "策略并授予该密钥所属的子用户，然后重新运行。",
        },
        "maybe_created": {
            "en": "The record may have been created anyway: run `dnsdoctor cleanup {zone}` in a "
            "few minutes, and check the network path to the API.",
            "zh": "记录可能仍被创建了：请几分钟后运行 `dnsdoctor cleanup {zone}`，"
            "并检查到 API 的网络。",
        },
        "look_up_code": {
            "en": "Look the code up in the {provider} API error codes and quote the RequestId to "
            "{vendor} support.",
            "zh": "请在 {provider} API 错误码文档中查找该错误码，并向{vendor}客服提供 RequestId。",
        },
        # why a deletion is not confirmed or was not made (the why of UNCONFIRMED, CHANGED)
        "create_unanswered": {
            "en": "the create call did not answer and {list} does not list the record (yet)",
            "zh": "创建请求没有应答，{list} 也（暂时）没有列出该记录",
        },
        "marker_gone": {
            "en": "its value no longer carries dnsdoctor's marker",
            "zh": "它的值已不再带有 dnsdoctor 的标记",
        },
        "not_listed": {
            "en": "{list} does not list it under its name (renamed, deleted, or not indexed yet)",
            "zh": "{list} 没有在原名称下列出它（已改名、已删除，或尚未进入索引）",
        },
        "still_listed": {"en": "{list} still lists it", "zh": "{list} 仍列出该记录"},
        "unreadable": {
            "en": "{list} could not be read to confirm it",
            "zh": "无法读取 {list} 进行确认",
        },
        "unreadable_code": {
            "en": "{list} could not be read to confirm it ({code})",
            "zh": "无法读取 {list} 进行确认",
        },
        # how a deletion was confirmed (PREFLIGHT_PROBE_DELETED)
        "gone_everywhere": {
            "en": "{list} no longer lists it; gone from all {count} authoritative server(s) after "
            "{seconds} s",
            "zh": "{list} 已不再列出；{seconds} 秒后全部 {count} 台权威服务器都不再返回",
        },
        "unlisted": {"en": "{list} no longer lists it", "zh": "{list} 已不再列出"},
        # the recommended settings
        "not_measured": {"en": "{servers} (not measured)", "zh": "{servers}（未经测量）"},
        "empty": {"en": "empty", "zh": "留空"},
        "seconds": {"en": "{seconds} s", "zh": "{seconds} 秒"},
        "empty_zero": {"en": "empty (0)", "zh": "留空（0）"},
        "root_note": {
            "en": " instead of this root account key",
            "zh": "，不要再使用主账号密钥",
        },
        "no_measurement": {
            "en": "no measurement: the write probe did not run to the end",
            "zh": "没有测量结果：写入探测没有运行完成",
        },
    },
)
"""The words that fill preflight's texts, each a catalogue entry filled with data
(:class:`~dnsdoctor.core.i18n.Phrase`): chosen in the reader's language when a text is shown."""


def said(key: str, **params: object) -> Phrase:
    """The phrase ``key`` of :data:`WORDS` with its data."""
    return Phrase(WORDS[key], params)


@dataclass(frozen=True)
class ProviderName(Wording):
    """A provider's name in the reader's language: its ``title`` (腾讯云 DNSPod) or the cloud
    that issues its keys (``vendor``: 腾讯云; the title where it has none)."""

    provider: str
    """:attr:`~dnsdoctor.providers.base.Provider.name`."""
    which: str = "title"

    def render(self, lang: str) -> str:
        try:
            p = providers.get(self.provider)
        except KeyError:  # a provider no longer registered: its name still says who
            return self.provider
        if self.which == "vendor":
            return (p.vendor_zh or p.title_zh) if lang == "zh" else (p.vendor or p.title)
        return p.title_zh if lang == "zh" else p.title


def action_name(provider: Provider, neutral: str) -> str:
    """The provider's name of a neutral call (``create`` → ``CreateRecord``, ``AddDomainRecord``)."""
    return provider.actions.get(neutral, neutral).split(":", 1)[-1]


def provider_words(provider: Provider) -> dict[str, object]:
    """The provider's words that the probe's texts take as params (the same keys for every
    provider, so that a finding code means the same thing whoever the provider is); lego's
    names for it come from :mod:`dnsdoctor.clients.lego`."""
    lego_at = provider.settings_for("lego") or ClientSettings()
    return {
        "provider": ProviderName(provider.name),
        "create": action_name(provider, "create"),
        "list": action_name(provider, "records"),
        "delete": action_name(provider, "delete"),
        "line": provider.line or "default",
        "lego_timeout_var": lego_at.propagation_timeout,
        "lego_dns": lego_at.plugin,
        "lego_error": lego_at.api_error,
    }
