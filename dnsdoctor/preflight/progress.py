"""What ``dnsdoctor preflight`` says on the terminal while it works (the status line's texts) and
what it says about its probe records after an interruption."""

from __future__ import annotations

from dnsdoctor.core.i18n import register, tr

PROGRESS = register(
    "preflight.progress",
    {
        "finding": {"en": "finding the authoritative servers", "zh": "正在查找权威服务器"},
        "checks": {"en": "running the checks", "zh": "正在运行检查"},
        "creating": {"en": "creating {name}", "zh": "正在创建 {name}"},
        "watching": {
            "en": "the probe is on {seen}/{total} authoritative servers",
            "zh": "探测记录已到达 {seen}/{total} 台权威服务器",
        },
        "resolvers": {
            "en": "asking {count} resolver(s) for the probe",
            "zh": "正在向 {count} 个解析器查询探测记录",
        },
        "deleting": {"en": "deleting {name}", "zh": "正在删除 {name}"},
        "dropping": {
            "en": "waiting for the servers to drop the probe",
            "zh": "正在等待服务器不再返回探测记录",
        },
        "still-deleting": {
            "en": "still deleting the probe record; this ends by itself within seconds",
            "zh": "仍在删除探测记录，几秒内会自行结束",
        },
        # after an interruption, one line per probe record
        "was-deleted": {
            "en": "the probe record {fqdn} (RecordId {rid}) was deleted",
            "zh": "探测记录 {fqdn}（RecordId {rid}）已删除",
        },
        "may-remain": {
            "en": "the probe record {fqdn} (RecordId {rid}) may still be in {zone}: run "
            "dnsdoctor cleanup {zone} --yes",
            "zh": "探测记录 {fqdn}（RecordId {rid}）可能仍在 {zone} 中："
            "请运行 dnsdoctor cleanup {zone} --yes",
        },
    },
)


def progress_text(key: str, lang: str, **params: object) -> str:
    """The status line's text ``key`` in ``lang``."""
    return tr("preflight.progress", key, lang, **params)
