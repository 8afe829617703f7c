import pytest

from smartcustoms.rules.channel import CHANNEL_LEVELS, CHANNEL_OF_LEVEL, Channel


def test_channels_are_ordered_by_strength_not_alphabetically():
    assert Channel.GREEN < Channel.YELLOW < Channel.RED
    assert max(Channel.YELLOW, Channel.RED, Channel.GREEN) is Channel.RED
    assert sorted([Channel.RED, Channel.GREEN, Channel.YELLOW]) == list(Channel)
    assert Channel.RED >= Channel.RED and not Channel.RED > Channel.RED


def test_the_stored_and_wire_strings_are_the_lower_case_names():
    assert [c.value for c in Channel] == ["green", "yellow", "red"]
    assert str(Channel.YELLOW) == "yellow" and Channel("red") is Channel.RED
    assert Channel.RED == "red" and {"green": 1}[Channel.GREEN] == 1


def test_a_channel_compares_with_the_string_of_a_channel_and_nothing_else():
    assert Channel.RED > "yellow" and "yellow" < Channel.RED  # noqa: SIM300 (the reflected side)
    with pytest.raises(TypeError):
        _ = Channel.RED < "purple"
    with pytest.raises(TypeError):
        _ = Channel.RED < 1


def test_columnar_levels_come_from_the_type():
    assert CHANNEL_LEVELS == {"green": 0, "yellow": 1, "red": 2}
    assert all(CHANNEL_OF_LEVEL[c.level] == c.value for c in Channel)
    assert all(Channel.of_level(c.level) is c for c in Channel)
