"""Forked worker processes: how many, when forking pays, and mapping a function over parts of a list.

Workers are forked, so they inherit what the parent holds (the catalog, lookups) without pickling it; only
their arguments' parts and their results travel. Results come back in the order of the parts, so output
never depends on the number of workers.

A tool below every stage (it imports nothing from sitegen): validation reads entity files with it and the
build renders pages with it; the layers contract in pyproject.toml keeps it at the bottom.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

MIN_ITEMS_PER_WORKER = 64
"""Below this many items per worker, forking costs more than it saves."""

Item = TypeVar("Item")
Out = TypeVar("Out")


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def worth_forking(items: int, jobs: int) -> bool:
    return jobs > 1 and items >= jobs * MIN_ITEMS_PER_WORKER and fork_available()


def chunks(items: Sequence[Item], count: int) -> list[Sequence[Item]]:
    """`items` cut into at most `count` consecutive parts of nearly equal size."""
    size = max(1, -(-len(items) // count))
    return [items[i:i + size] for i in range(0, len(items), size)]


def map_forked(function: Callable[[Sequence[Item]], Out], items: Sequence[Item], jobs: int,
               initializer: Callable[..., Any] | None = None, initargs: tuple[Any, ...] = ()) -> list[Out]:
    """`function` of each part of `items` (about four parts per worker, for balance), in `jobs` forked
    processes; the results in the order of the parts."""
    parts = chunks(items, jobs * 4)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                             initializer=initializer, initargs=initargs) as pool:
        return list(pool.map(function, parts))
