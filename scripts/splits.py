"""The corpus splits, fixed by hashes of text ids so they never move."""

from __future__ import annotations

import hashlib

TEST_SHARE_PER_100 = 20  # corpus/test.jsonl: held out, never tuned on
DEV_SHARE_PER_100 = 15  # of the training split: held back from fine-tuning for thresholds


def _bucket(key: str) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 100


def split_of(text_id: str) -> str:
    return "test" if _bucket(text_id) < TEST_SHARE_PER_100 else "train"


def is_dev(text_id: str) -> bool:
    return _bucket("dev:" + text_id) < DEV_SHARE_PER_100
