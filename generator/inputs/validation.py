"""Turn pydantic's validation errors into Problems a department secretary can act on."""

from __future__ import annotations

import copy
import difflib
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .problems import Problem, block_text_hint
from .yaml_source import Location, dotted

# Where a location was written: file, line, and the location as the user wrote it there.
Locator = Callable[[Location], tuple[str, int, Location]]

_TYPE_WORDS = {
    "string_type": "tekst",
    "int_type": "et helt tal",
    "bool_type": "true eller false (ja eller nej)",
    "list_type": "en liste (linjer der starter med '- ')",
    "dict_type": "en række nøgler (fx name: ...)",
    "model_type": "en række nøgler (fx name: ...)",
    "model_attributes_type": "en række nøgler (fx name: ...)",
}

_YAML_WORDS = {bool: "true/false (ja/nej-værdi)", int: "et tal", float: "et decimaltal",
               str: "tekst", list: "en liste", dict: "en række nøgler", type(None): "tom"}


M = typing.TypeVar("M", bound=BaseModel)


# Where a plain value was written that YAML read as a number or yes/no: that text, or None.
Written = Callable[[Location], "str | None"]


def validate(model: type[M], data: Any, locate: Locator, context: dict[str, Any] | None = None,
             written: Written | None = None) -> tuple[M | None, list[Problem]]:
    """The model, or the problems found; where text is expected, a value is read as it was written."""
    copied = False
    while True:
        try:
            return model.model_validate(data, context=context), []
        except ValidationError as exc:
            errors = exc.errors()
        if written and not copied:
            # Reading as written changes the data in place, and the caller's data shares its defaults
            # with every other department's: only this path needs a copy (validating changes nothing).
            data, copied = copy.deepcopy(data), True
        if not (written and _as_written(data, errors, written)):
            return None, [_problem(model, error, locate) for error in _one_per_place(model, errors)]


def value_problem(kind: Any, value: Any) -> tuple[str, str] | None:
    """Why `value` is not a valid `kind` (a type of models.py, e.g. NameText), in the words a file's problem
    gets: (message, expected); None when it is valid."""
    try:
        TypeAdapter(kind).validate_python(value, strict=True)
    except ValidationError as exc:
        return _explain(BaseModel, exc.errors()[0], ())
    return None


def _as_written(data: Any, errors: list[Any], written: Written) -> bool:
    """Put the written text where a model wanted text and YAML gave something else; True if any was put."""
    changed = False
    for error in errors:
        if error["type"] != "string_type" or isinstance(error["input"], str):
            continue
        text = written(tuple(error["loc"]))
        if text is not None and _replace(data, tuple(error["loc"]), text):
            changed = True
    return changed


def _replace(data: Any, location: Location, text: str) -> bool:
    *path, last = location
    for part in path:
        if isinstance(data, dict) and part == 0 and 0 not in data:
            continue   # one person given as a mapping, validated as a one-item list
        data = data[part]
    if isinstance(data, dict) and isinstance(last, str):
        data[last] = text
        return True
    if isinstance(data, list) and isinstance(last, int):
        data[last] = text
        return True
    return False


def _one_per_place(model: type[BaseModel], errors: list[Any]) -> list[Any]:
    """A misspelt key is one mistake: 'leder' unknown (did you mean 'leader'?), not also 'leader' missing."""
    meant = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            location = tuple(error["loc"])
            _, close = _close_key(model, location)
            if close:
                meant.add((*location[:-1], close))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in meant)]


def _problem(model: type[BaseModel], error: Any, locate: Locator) -> Problem:
    location = tuple(error["loc"])
    file, line, written = locate(location)
    message, expected = _explain(model, error, location)
    return Problem(file, line, dotted(written), message, expected)


def _explain(model: type[BaseModel], error: Any, location: Location) -> tuple[str, str]:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    field = location[-1] if location else ""
    if kind == "missing":
        return "skal udfyldes, men mangler", f"nøglen '{field}'"
    if kind == "extra_forbidden":
        return _unknown_key(model, location)
    if kind == "string_type" and isinstance(value, (dict, list)):
        read_as = "nøgler, fordi der står et kolon efter et ord" if isinstance(value, dict) else \
            "en liste, fordi en linje starter med '- '"
        return f"teksten er læst som {read_as}", block_text_hint(field, value)
    if kind in ("model_type", "model_attributes_type", "dict_type") and isinstance(value, str):
        missing = _missing_colon(model, location, value)
        if missing:
            return (f"YAML læser '{_shown(value)[1:-1]}' som én tekst; der mangler et kolon efter '{missing}'",
                    f"'{missing}: ' og værdien, på hver sin linje under '{field}:', rykket to mellemrum ind")
    if kind in _TYPE_WORDS:
        return f"YAML læser værdien som {_yaml_kind(value)}", _TYPE_WORDS[kind] + _quote_hint(kind, value)
    if kind in ("greater_than_equal", "greater_than"):
        return f"{_shown(value)} er for lille", f"mindst {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"{_shown(value)} er for stort", f"højst {ctx.get('le', ctx.get('lt'))}"
    if kind == "too_short":
        return "er tom", f"mindst {ctx.get('min_length', 1)}"
    if kind in ("string_too_short", "blank"):
        return "er tom", "en tekst"
    if kind == "string_too_long":
        return "er for lang", f"højst {ctx.get('max_length')} tegn"
    if kind == "literal_error":
        return f"{_shown(value)} er ikke en af de mulige værdier", ctx.get("expected", "")
    if kind == "web_address":
        return (f"{_shown(value)} er ikke en webadresse: {ctx.get('reason')}",
                "fx https://intra.example.dk/mentorordning/ (højst 300 tegn; uden brugernavn, ? og #)")
    if kind == "color":
        return f"{_shown(value)} er ikke en farve", 'en farve skrevet "#RRGGBB" (seks hexcifre), fx "#00594f"'
    if kind == "contrast":
        return (f"hvid tekst på {value} har kun kontrasten {ctx.get('ratio')}:1",
                "en mørkere farve, så hvid tekst på den får kontrast mindst 4,5:1 (WCAG 2.1 AA)")
    if kind == "first_day_twice":
        return "mere end ét punkt har first_day: true", "first_day: true ved ét punkt, det om den første arbejdsdag"
    if kind == "editions_twice":
        return "et sprog står to gange", "hvert sprog én gang, fx [da, en]"
    if kind == "time":
        return f"{_shown(value)} er ikke et klokkeslæt", 'et klokkeslæt som "13:00" eller "7:30"'
    if kind == "one_line":
        return "teksten må ikke fylde mere end én linje", "teksten på én linje, uden linjeskift"
    if kind == "email":
        return f"{_shown(value)} er ikke en gyldig e-mailadresse", "fx fornavn.efternavn@example.dk"
    if kind == "value_error" and field == "phone":
        return (f"{_shown(value)} er ikke et telefonnummer",
                "mindst fire cifre, gerne med mellemrum, og evt. et lokalnummer i parentes, fx \"7842 5000\", "
                "\"+45 7842 5000\", \"7842 5000 (lokal 5011)\" eller \"5011\"")
    return error["msg"], ""


def did_you_mean(word: str, known: typing.Iterable[str]) -> str | None:
    """The known word closest to a misspelt one, if any is close enough to be meant."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.5)
    return close[0] if close else None


def _unknown_key(model: type[BaseModel], location: Location) -> tuple[str, str]:
    known, close = _close_key(model, location)
    expected = "en af: " + ", ".join(known) if known else ""
    message = f"ukendt nøgle '{location[-1]}'" + (f"; mente du '{close}'?" if close else "")
    return message, expected


def _close_key(model: type[BaseModel], location: Location) -> tuple[list[str], str | None]:
    """The keys allowed beside an unknown key at `location`, and the one it was probably meant to be."""
    known = _fields_at(model, location[:-1])
    return known, did_you_mean(str(location[-1]), known)


def _fields_at(model: type[BaseModel], location: Location) -> list[str]:
    """The keys allowed at a location, found by walking the model's annotations."""
    current: Any = model
    for part in location:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if _is_model(current) else None
        if field is None:
            return []
        current = _inner_model(field.annotation)
    return list(current.model_fields) if _is_model(current) else []


def _inner_model(annotation: Any) -> Any:
    if _is_model(annotation):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _is_model(thing: Any) -> bool:
    return isinstance(thing, type) and issubclass(thing, BaseModel)


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _yaml_kind(value: Any) -> str:
    return _YAML_WORDS.get(type(value), "en anden slags værdi")


def _missing_colon(model: type[BaseModel], location: Location, value: str) -> str | None:
    """The key a text starts with, where the field wants keys (`name Mette` under `leader:`): the colon after
    it was forgotten. None when the text does not start with one of the field's keys."""
    first = value.split(maxsplit=1)[0] if value.split() else ""
    return first if first in _fields_at(model, location) else None


def _quote_hint(kind: str, value: Any) -> str:
    # YAML turns yes/no/on/off and bare numbers into other types: quoting fixes it.
    if kind == "string_type" and isinstance(value, (bool, int, float)):
        return "; sæt teksten i anførselstegn"
    return ""
