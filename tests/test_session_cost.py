"""The per-session memory figures of `bench/session_cost.py`, read as the bench reads them."""

from __future__ import annotations

import os

from bench.session_cost import memory_of, sessions_in


def test_a_process_memory_is_read_from_smaps_rollup() -> None:
    memory = memory_of(os.getpid())
    assert 0 < memory.private_kib <= memory.pss_kib <= memory.rss_kib
    assert memory.shared_kib == memory.rss_kib - memory.private_kib


def test_sessions_fit_beside_what_they_share_held_once() -> None:
    assert sessions_in(8, 61 * 1024, 17 * 1024) == 134  # (8 GiB - 17 MiB) / 61 MiB
    assert sessions_in(1, 2 * 1024 * 1024, 0) == 0
