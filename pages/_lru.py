"""A bounded least-recently-used store that the sessions (threads) of one server share."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class LRUCache(Generic[V]):
    """At most ``max_entries`` values by key, the least recently used dropped first.

    Reading or writing a key makes it the most recent; a write beyond the bound drops the
    oldest. One lock guards every operation, so sessions may read and write at once.
    """

    def __init__(self, max_entries: int) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be at least 1; got {max_entries}")
        self.max_entries = max_entries
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        """The value under ``key`` (now the most recent), None when there is none."""
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Hashable, value: V) -> None:
        """Store ``value`` under ``key`` as the most recent; drop the oldest beyond the bound."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def pop(self, key: Hashable) -> V | None:
        """Remove ``key``'s value and return it (None when there is none)."""
        with self._lock:
            return self._items.pop(key, None)

    def __contains__(self, key: Hashable) -> bool:
        """Whether ``key`` is stored (without making it more recent)."""
        with self._lock:
            return key in self._items

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def keys(self) -> list[Hashable]:
        """The stored keys, least recent first."""
        with self._lock:
            return list(self._items)
