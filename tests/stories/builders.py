"""Small made-up feeds for the story grouper's unit tests: events of the same kind, told by
different outlets in their own words."""

from __future__ import annotations

from summarizer import Article


# Two earthquakes in one week: the same kind of event, told by the same three outlets, each
# outlet in its own house style for both. Across events the wording is nearly the same; only
# the places, names and figures differ. Within an event the wording differs; the names agree.
def _ledger(place: str, town: str, magnitude: str, toll: str, leader: str, day: str) -> str:
    return (
        f"A magnitude {magnitude} earthquake struck {place} on {day}, killing at least {toll} people, "
        f"officials said. Rescuers in {town} pulled survivors from collapsed buildings through the night. "
        f"{leader} said emergency teams had reached every district."
    )


def _wire(place: str, town: str, magnitude: str, toll: str, leader: str, day: str) -> str:
    return (
        f"{town.upper()} (Wire) - At least {toll} people died when a {magnitude}-magnitude quake shook {place} "
        f"early on {day}. The worst damage was in {town}, where old houses fell. {leader} asked for tents, "
        f"blankets and water for the families who lost their homes."
    )


def _herald(place: str, town: str, magnitude: str, toll: str, leader: str, day: str) -> str:
    return (
        f"Residents of {town} dug through rubble with their hands after the {magnitude} earthquake in {place} "
        f"on {day}. The death toll rose to {toll}, {leader} told reporters. Aftershocks rattled the region."
    )


_NORTH = ("the mountain province of Valdoria", "Kestrel", "6.4", "12", "Governor Amara Lindqvist", "Monday")
_SOUTH = ("the coastal state of Sorrenta", "Port Meridian", "7.1", "40", "President Tomas Okafor", "Thursday")
_OUTLETS = (("ledger", "Daily Ledger", _ledger), ("wire", "Morning Wire", _wire), ("herald", "Coast Herald", _herald))

QUAKE_NORTH = [Article(id=f"north-{key}", text=write(*_NORTH), source=name) for key, name, write in _OUTLETS]
QUAKE_SOUTH = [Article(id=f"south-{key}", text=write(*_SOUTH), source=name) for key, name, write in _OUTLETS]

# An unrelated story told by one outlet: a story of one article.
LONE_ARTICLE = Article(
    id="bank",
    title="Norland central bank raises rates by half a point",
    text="The central bank of Norland raised its main interest rate by half a point on Wednesday. "
    "Governor Elise Brandt said inflation had stayed too high for too long. "
    "Economists had expected a quarter-point move.",
    source="Finance Weekly",
)


def mixed_feed() -> list[Article]:
    """The two earthquakes and the lone article, interleaved as a feed would deliver them."""
    north, south = QUAKE_NORTH, QUAKE_SOUTH
    return [north[0], south[0], LONE_ARTICLE, north[1], south[1], north[2], south[2]]


def partition_of(stories) -> set[frozenset[str]]:
    return {frozenset(story.articles) for story in stories}
