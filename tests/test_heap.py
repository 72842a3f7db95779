import gc
from collections.abc import Iterator

import pytest

from copydesk.heap import collection_paused, long_lived


@pytest.fixture(autouse=True)
def _restore_collector() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()
    else:
        gc.disable()


def test_collection_is_paused_inside_and_resumed_after() -> None:
    gc.enable()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled() -> None:
    gc.disable()
    with collection_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_the_collector_resumes_after_an_error() -> None:
    gc.enable()
    with pytest.raises(ValueError), collection_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_objects_made_long_lived_are_frozen() -> None:
    gc.enable()
    gc.unfreeze()
    with long_lived():
        kept = [[number] for number in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(kept)  # none was frozen before


def test_objects_made_long_lived_are_never_visited_on_the_way_out() -> None:
    gc.enable()
    collections: list[int] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(record)
    try:
        with long_lived():
            kept = [[number] for number in range(100_000)]
        after = [[number] for number in range(100)]  # allocations that could start a pass
    finally:
        gc.callbacks.remove(record)
    assert collections == []
    assert len(kept) + len(after) == 100_100
