"""A per-process copy of read-model objects: bounded by bytes, least recently used out.

A warm request is then a dictionary lookup, no Redis or database round trip. The copy is
dropped whole whenever the generation changes (api.read_model.generation), which is at most a few
times per publish; a reader that started before the drop cannot put an older object back
afterwards (`epoch`).

The bound is on the bytes of the documents held (API_LOCAL_CACHE_BYTES, 64 MiB by
default): 1,000 guides x 7 locales (about 25 KB each with JSON-LD) do not fit, so the
least recently used go and are fetched from Redis again when asked for. An object larger
than a quarter of the bound (a very large bundle) is never held: it is served from Redis.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any


class LocalCopy:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.epoch = 0
        self._data: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self.evictions = 0

    def get(self, key: str) -> Any | None:
        with self._lock:
            item = self._data.get(key)
            if item is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return item[0]

    def put(self, key: str, value: Any, size: int, epoch: int) -> None:
        """Hold `value` unless the copy was dropped since the reader read `epoch`."""
        if size > self.max_bytes // 4:
            return
        with self._lock:
            if epoch != self.epoch:
                return
            old = self._data.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._data[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes and self._data:
                _key, (_value, dropped) = self._data.popitem(last=False)
                self._bytes -= dropped
                self.evictions += 1

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._bytes = 0
            self.epoch += 1

    def resize(self, max_bytes: int) -> None:
        with self._lock:
            self.max_bytes = max_bytes
        self.clear()

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {
                "entries": len(self._data),
                "bytes": self._bytes,
                "max_bytes": self.max_bytes,
                "hits": self.hits,
                "misses": self.misses,
                "evictions": self.evictions,
            }
