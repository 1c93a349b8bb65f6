import pytest

from befriend.balance import balance_of


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ({"tender", "fierce"}, "balanced"),
        ({"self_kindness", "common_humanity", "fierce"}, "balanced"),
        ({"tender", "complacency"}, "too_tender"),
        ({"self_kindness", "complacency"}, "too_tender"),
        ({"complacency"}, "too_tender"),
        ({"fierce", "fear_motivation"}, "too_harsh"),
        ({"fear_motivation"}, "too_harsh"),
        ({"self_judgment", "fierce"}, "too_harsh"),
        ({"self_judgment"}, "none"),
        ({"tender"}, "none"),
        ({"fierce"}, "none"),
        (set(), "none"),
        ({"tender", "fierce", "self_judgment"}, "none"),
        ({"tender", "fierce", "complacency"}, "balanced"),
    ],
)
def test_balance_follows_the_taxonomy(labels: set[str], expected: str) -> None:
    assert balance_of(labels) == expected
