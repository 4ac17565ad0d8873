"""What ``dnsdoctor preflight`` says on the terminal while it works (the status line's texts)."""

from __future__ import annotations

PROGRESS: dict[str, tuple[str, str]] = {
    "finding": ("finding the authoritative servers", "正在查找权威服务器"),
    "checks": ("running the checks", "正在运行检查"),
    "creating": ("creating {name}", "正在创建 {name}"),
    "watching": (
        "the probe is on {seen}/{total} authoritative servers",
        "探测记录已到达 {seen}/{total} 台权威服务器",
    ),
    "resolvers": (
        "asking {count} resolver(s) for the probe",
        "正在向 {count} 个解析器查询探测记录",
    ),
    "deleting": ("deleting {name}", "正在删除 {name}"),
    "dropping": (
        "waiting for the servers to drop the probe",
        "正在等待服务器不再返回探测记录",
    ),
    "still-deleting": (
        "still deleting the probe record; this ends by itself within seconds",
        "仍在删除探测记录，几秒内会自行结束",
    ),
}
