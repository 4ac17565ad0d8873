"""Reading the log to explain: a file (regular files only) or standard input, capped to its head
and tail, in whatever encoding a Chinese or English system saved it."""

from __future__ import annotations

import collections
import sys
from typing import BinaryIO

from dnsdoctor.logparse.engine import MAX_SCAN_CHARS


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")  # a log saved on a Chinese Windows
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace")


def _read_capped(stream: BinaryIO) -> bytes:
    """All of a stream up to 4 × MAX_SCAN_CHARS bytes; of a longer one, its head and its tail."""
    limit = MAX_SCAN_CHARS * 4
    head_len, tail_len = limit // 4, limit - limit // 4
    try:
        size = stream.seek(0, 2) if stream.seekable() else -1
    except OSError:
        size = -1
    if size >= 0:
        stream.seek(0)
        if size <= limit:
            return stream.read(limit)
        head = stream.read(head_len)
        stream.seek(size - tail_len)
        return head + b"\n" + stream.read(tail_len)
    head = stream.read(head_len)
    chunks: collections.deque[bytes] = collections.deque()
    kept = 0
    while chunk := stream.read(1 << 16):
        chunks.append(chunk)
        kept += len(chunk)
        while chunks and kept - len(chunks[0]) >= tail_len:
            kept -= len(chunks.popleft())
    tail = b"".join(chunks)
    if len(head) + len(tail) <= limit:
        return head + tail
    return head + b"\n" + tail[-tail_len:]


def read_log(source: str) -> str:
    """The text of FILE, or of standard input for ``-``; very large inputs are capped."""
    if source == "-":
        return _decode(_read_capped(sys.stdin.buffer))
    from dnsdoctor.files import open_regular

    fh, _ = open_regular(source)  # a FIFO or a device would block past any deadline
    with fh:
        return _decode(_read_capped(fh))
