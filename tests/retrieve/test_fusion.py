from __future__ import annotations

import pytest

from assistant.retrieve import reciprocal_rank_fusion

pytestmark = pytest.mark.unit


def test_rrf_rewards_agreement_between_lists() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "d", "a"]], k=60)
    order = [item for item, _ in fused]
    assert order[:2] == ["b", "a"]  # in both lists beats first place in one
    assert dict(fused)["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert set(order) == {"a", "b", "c", "d"}


def test_rrf_single_list_keeps_its_order() -> None:
    assert [i for i, _ in reciprocal_rank_fusion([["x", "y", "z"]])] == ["x", "y", "z"]


def test_rrf_empty() -> None:
    assert reciprocal_rank_fusion([[], []]) == []
