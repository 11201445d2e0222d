"""A department's own texts in each edition's language.

A text a department writes (its welcome, its unit, its items and roles, its people's titles, the meetings'
place) is written once, in the main edition's language, or once per language:

    welcome:
      da: Velkommen til afdelingen.
      en: Welcome to the department.

Each edition gets the department with its texts in its language (`Department.in_language`); a text not
written in that language is the main edition's, as a `Foreign` text that says its language, so that a page
marks it (`lang="da"`) instead of leaving it out or passing Danish off as English. Names, e-mails and phone
numbers are the same in every language and cannot be written per language.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from .problems import block_text_hint
from .yaml_source import Location

# A language's code as editions name it; any other key under a text is the text itself, read as keys.
_LANGUAGE_CODE = re.compile(r"[a-z]{2}")

# Where a department file may give a text per language; "*" is every item of a list (or the one person
# given as a mapping, as intro_responsible may be).
LOCALIZED: tuple[tuple[str, ...], ...] = (
    ("welcome",), ("unit",), ("meetings", "place"),
    ("pre_arrival", "*", "title"), ("pre_arrival", "*", "text"),
    ("practical", "*", "title"), ("practical", "*", "text"),
    ("roles", "*", "title"), ("roles", "*", "duties"),
    ("leader", "title"), ("leader", "profession"),
    ("intro_responsible", "*", "title"), ("intro_responsible", "*", "profession"),
    ("mentors", "*", "title"), ("mentors", "*", "profession"),
)


# What a department file may give as one item or as a list (models.Department).
ONE_OR_MANY = ("intro_responsible",)


class Foreign(str):
    """A department's text shown in an edition of another language: the main edition's, for want of its own."""

    language: str

    def __new__(cls, text: str, language: str) -> Foreign:
        made = super().__new__(cls, text)
        made.language = language
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return Foreign, (str(self), self.language)


@dataclass
class Texts:
    """A department's data in each language, from the data as written (defaults merged)."""

    data: dict[str, Any]                                   # language code -> the data with its texts
    given: dict[str, set[Location]] = field(default_factory=dict)      # where a text was written per language
    fallbacks: dict[str, list[Location]] = field(default_factory=dict)  # where a language has the main one's
    problems: list[tuple[Location, str, str]] = field(default_factory=list)   # (location, message, expected)


def split_languages(data: Any, codes: list[str], names: dict[str, str]) -> Texts:
    """The data for each edition (`codes`, the main first; `names`: each one's name, "dansk"), with locations
    as the model has them (the one person given as a mapping is a list of one). A text given per language
    must give the main one (the others fall back to it) and no language the site has no edition for."""
    main = codes[0]
    data = _as_lists(data)
    texts = Texts({code: copy.deepcopy(data) for code in codes}, {code: set() for code in codes},
                  {code: [] for code in codes})
    if not isinstance(data, dict):
        return texts
    for location, value in _localized_values(data):
        if not isinstance(value, dict):
            if value is not None:
                for code in codes[1:]:
                    texts.fallbacks[code].append(location)
            continue
        if any(not _LANGUAGE_CODE.fullmatch(str(key)) for key in value):
            key = next(key for key in value if not _LANGUAGE_CODE.fullmatch(str(key)))
            texts.problems.append((location, f"teksten er læst som nøgler, fordi der står et kolon efter '{key}'",
                                   block_text_hint(location[-1], value)))
            continue
        unknown = [key for key in value if key not in codes]
        for key in unknown:
            texts.problems.append((location + (key,), f"sitet har ingen udgave på sproget '{key}'",
                                   "en af: " + ", ".join(codes) + " (editions i site_config.yml)"))
        if main not in value:
            texts.problems.append((location, f"teksten på {names[main]} ({main}) mangler",
                                   f"{main}: og teksten, som de andre sprog viser, når de ikke har deres egen"))
        known = {code: text for code, text in value.items() if code in codes}
        if not known:
            continue
        # Each language's own text, else the main one's (or, the main one missing, another's: the file is
        # refused for that, but its other texts are still checked).
        fallback = known.get(main, next(iter(known.values())))
        for code in codes:
            own = code in value
            _put(texts.data[code], location, value[code] if own else fallback)
            (texts.given[code].add(location) if own else texts.fallbacks[code].append(location))
    return texts


def _as_lists(data: Any) -> Any:
    """The one person given as a mapping, as the model reads it (models._one_or_many): a list of one."""
    if not isinstance(data, dict):
        return data
    return {key: [value] if key in ONE_OR_MANY and isinstance(value, dict) else value for key, value in data.items()}


def _localized_values(data: dict[str, Any]) -> Iterator[tuple[Location, Any]]:
    """Every value at a LOCALIZED place of the data, with its location."""
    for path in LOCALIZED:
        yield from _walk(data, path, ())


def _walk(value: Any, path: tuple[str, ...], location: Location) -> Iterator[tuple[Location, Any]]:
    if not path:
        yield location, value
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for index, item in enumerate(value if isinstance(value, list) else []):
            yield from _walk(item, rest, location + (index,))
    elif isinstance(value, dict) and head in value:
        yield from _walk(value[head], rest, location + (head,))


def _put(data: Any, location: Location, value: Any) -> None:
    for part in location[:-1]:
        data = data[part]
    data[location[-1]] = copy.deepcopy(value)


def written_in(given: set[Location], code: str) -> Callable[[Location], Location]:
    """A location of the model's (roles, 0, title) where the file has it for language `code`
    (roles, 0, title, en): under the code where that text was written per language."""
    def located(location: Location) -> Location:
        for length in range(len(location), 0, -1):
            if location[:length] in given:
                return location[:length] + (code,) + location[length:]
        return location
    return located


def marked(model: Any, locations: list[Location], language: str) -> Any:
    """The validated model with the text at each location (the main edition's) marked as `language`'s."""
    for location in locations:
        model = _mark(model, location, language)
    return model


def _mark(value: Any, location: Location, language: str) -> Any:
    if not location:
        if isinstance(value, list):
            return [Foreign(item, language) for item in value]
        return Foreign(value, language) if isinstance(value, str) else value
    head, rest = location[0], location[1:]
    if isinstance(value, list) and isinstance(head, int):
        return [_mark(item, rest, language) if index == head else item for index, item in enumerate(value)]
    if isinstance(value, BaseModel) and isinstance(head, str):
        return value.model_copy(update={head: _mark(getattr(value, head), rest, language)})
    return value


def foreign_texts(value: Any, location: Location = ()) -> list[Location]:
    """Where a model has texts in another language than its edition's (Foreign)."""
    if isinstance(value, Foreign):
        return [location]
    if isinstance(value, BaseModel):
        return [found for name in type(value).model_fields for found in foreign_texts(getattr(value, name),
                                                                                     location + (name,))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in foreign_texts(item, location + (index,))]
    return []
