"""The selectivity channel: the one type every layer uses for green, yellow and red.

It lives with the rules because the rule format is the lowest layer that speaks of channels (an
action asks for ``channel: red``); risk, clearance, monitoring and the doors all import the rules
going down. A declaration itself carries no channel: it is what screening decides about it.

The value is the string stored in the database and sent on the wire (``"green"``); members
compare by strength, so the strongest of several is their ``max``. Columnar code takes the
integer :attr:`Channel.level` through :data:`CHANNEL_LEVELS` and :data:`CHANNEL_OF_LEVEL`.
"""

from enum import StrEnum


class Channel(StrEnum):
    """Selectivity channel: green releases at once, yellow checks documents, red inspects.

    Ordered green < yellow < red (not alphabetically, as plain strings would be); a member also
    compares with the plain string of a channel, as read back from the database.
    """

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"

    @property
    def level(self) -> int:
        """0 for green, 1 for yellow, 2 for red: the order of strength."""
        return _LEVELS[self]

    @classmethod
    def of_level(cls, level: int) -> "Channel":
        """The channel of a :attr:`level`."""
        return _MEMBERS[level]

    def __lt__(self, other: object) -> bool:
        return self.level < _level_of(other)

    def __le__(self, other: object) -> bool:
        return self.level <= _level_of(other)

    def __gt__(self, other: object) -> bool:
        return self.level > _level_of(other)

    def __ge__(self, other: object) -> bool:
        return self.level >= _level_of(other)


_MEMBERS = tuple(Channel)
_LEVELS = {channel: level for level, channel in enumerate(_MEMBERS)}


def _level_of(other: object) -> int:
    try:
        return Channel(other).level
    except ValueError:
        raise TypeError(f"a channel compares with a channel, not with {other!r}") from None


CHANNEL_LEVELS: dict[str, int] = {channel.value: channel.level for channel in Channel}
"""Channel value to level, for Polars ``replace_strict`` on a string column."""

CHANNEL_OF_LEVEL: dict[int, str] = {level: value for value, level in CHANNEL_LEVELS.items()}
"""Level back to the channel value, after a columnar ``max``."""
