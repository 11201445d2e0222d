"""Typed models of site_config.yml and of a department file.

Everything after loading works on these models. Field descriptions are in
Danish because they become the JSON Schema a secretary's editor shows.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from typing import Annotated, Any, Optional
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .colors import HEX_COLOR, MIN_CONTRAST, WHITE, contrast_ratio

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

def _one_line(value: str) -> str:
    # A line break in a name would make Markdown structure (a code block, a list) of it.
    if "\n" in value or "\r" in value:
        raise PydanticCustomError("one_line", "one line")
    return value


def _visible(value: str) -> str:
    # Zero-width spaces, soft hyphens and other format characters (Unicode's Cf) show nothing: a name of only
    # those, and spaces, would be an empty heading, an empty link on the portal.
    if all(c.isspace() or unicodedata.category(c) == "Cf" for c in value):
        raise PydanticCustomError("blank", "blank")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(_visible),
                 AfterValidator(_one_line)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000),
                     AfterValidator(_visible)]
# A department's name and unit head every copy of its forms and cards ("HOSPITAL · NAME, UNIT"); longer,
# they would take lines a meeting's agenda page does not have.
NameText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
                     AfterValidator(_visible), AfterValidator(_one_line)]


# A phone as people write it: digits with spaces, "+" and "-", and an extension in brackets or after a comma
# ("7842 5000 (lokal 5011)", "7842 5000, lokal 5011", "5011"): at least four digits, shown as written.
_PHONE = re.compile(r"(?P<number>\+?[0-9][0-9 -]{0,24})(?:\s*\((?P<bracketed>[^()\n]{1,40})\)"
                    r"|\s*,\s*(?P<after>[^,()\n]{1,40}))?")


def _phone_number(value: str) -> str | None:
    """The number a phone is called on, without its extension; None when the text is no phone."""
    found = _PHONE.fullmatch(value.strip())
    if found is None or sum(c.isdigit() for c in found.group("number")) < 4:
        return None
    return found.group("number").strip()


def _check_phone(value: str) -> str:
    if _phone_number(value) is None:
        raise ValueError("phone")
    return value


def tel_uri(phone: str) -> str | None:
    """What a tel: link calls: a number written with "+" as written, eight digits (a Danish number) with +45
    before them; None for fewer digits, an internal extension only the hospital's own phones can call (and
    for more digits without "+", whose country the number does not say)."""
    number = _phone_number(phone)
    if number is None:
        return None
    digits = re.sub(r"[^0-9]", "", number)
    if number.startswith("+"):
        return "+" + digits
    return "+45" + digits if len(digits) == 8 else None


# An unquoted 07777777 or 78:42:50:00 reaches the model as text, as written (inputs/validation.py).
Phone = Annotated[str, AfterValidator(_check_phone)]
# A language's code (ISO 639-1), which names an edition's folders: guide_dir/da/, guide_dir/en/.
EditionCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]


def _check_email(value: str) -> str:
    # Checked, never rewritten: pydantic's EmailStr would lowercase the domain and turn punycode into Unicode,
    # and the address a department wrote is the one its pages and mail links show.
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise PydanticCustomError("email", "email") from None
    return value


Email = Annotated[str, AfterValidator(_check_email), WithJsonSchema({"type": "string", "format": "email"})]


def _yes_no(value: Any) -> Any:
    # Danish secretaries write ja/nej; YAML itself knows only true/false (and yes/no).
    words = {"ja": True, "nej": False}
    return words.get(value.strip().casefold(), value) if isinstance(value, str) else value


YesNo = Annotated[bool, BeforeValidator(_yes_no)]


def _check_url(value: str) -> str:
    # The address goes into every page (canonical link) and every QR code: a plain web address only.
    reason = _url_problem(value)
    if reason:
        raise PydanticCustomError("web_address", "web address: {reason}", {"reason": reason})
    return value


def _url_problem(value: str) -> str | None:
    """What keeps `value` from being a plain web address, in Danish; None when nothing does."""
    hidden = next((c for c in value if unicodedata.category(c)[0] in "CZ"), None)
    if hidden is not None:
        return f"den rummer et mellemrum eller et usynligt tegn (U+{ord(hidden):04X})"
    odd = next((c for c in value if c in "\"'<>`\\"), None)
    if odd is not None:
        return f"tegnet {odd} kan ikke stå i en adresse"
    if len(value) > 300:
        return f"den er for lang ({len(value)} tegn)"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        return "den begynder ikke med https:// eller http://"
    if not parts.hostname:
        return "der mangler et værtsnavn efter //"
    if "@" in parts.netloc:
        return "den rummer et brugernavn eller en adgangskode (før @), som ville stå på hver side"
    try:
        port = parts.port
    except ValueError:   # 99999, or not a number
        port = 0
    if port == 0:
        return "portnummeret efter kolon er ikke et tal fra 1 til 65535"
    if "?" in value:
        return "den har en forespørgsel (?...)"
    if "#" in value:
        return "den har et anker (#...)"
    return None


class Model(BaseModel):
    # strict: `name: yes` is a boolean in YAML and must not become the text "True".
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Person(Model):
    name: Text = Field(description="Personens fulde navn")
    title: Text | None = Field(None, description="Stillingsbetegnelse, fx Afdelingssygeplejerske")
    email: Email | None = Field(None, description="E-mailadresse")
    phone: Phone | None = Field(None, description="Telefonnummer, fx \"7842 5000\" eller \"7842 5000 (lokal 5011)\"")
    profession: Text | None = Field(None, description="Faggruppe, fx Sygeplejerske")

    @property
    def tel(self) -> str | None:
        """The number a tel: link calls (tel_uri), if the phone has one."""
        return tel_uri(self.phone) if self.phone else None

    @property
    def shown_profession(self) -> str | None:
        """The profession, or None when the title already says it (Afdelingssygeplejerske, Sygeplejerske)."""
        if self.profession and self.profession.lower() not in (self.title or "").lower():
            return self.profession
        return None


def _check_time(value: str) -> str:
    # "13:00", also as Danes write it ("13.00", "7:30"); kept as HH:MM, the form a time input takes.
    found = re.fullmatch(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])", value.strip())
    if not found:
        raise PydanticCustomError("time", "time")
    return f"{int(found.group(1)):02d}:{found.group(2)}"


Time = Annotated[str, AfterValidator(_check_time)]


class Meetings(Model):
    count: int = Field(ge=1, le=24, description="Antal mentormøder i alt, det første medregnet (1-24)")
    first_within_days: int = Field(30, ge=1, le=120, description="1. mentoraftale holdes inden for så mange dage")
    interval_weeks: int = Field(4, ge=1, le=26, description="Uger mellem møderne")
    duration_minutes: int = Field(60, ge=15, le=240, description="Mødernes varighed i minutter")
    time: Time = Field("13:00", description="Det klokkeslæt, planen foreslår til møderne, fx \"13:00\"")
    place: Text | None = Field(None, description="Hvor møderne holdes, fx Mødelokale 3")


class Role(Model):
    title: Text = Field(description="Rollens navn, fx Uddannelsesansvarlig overlæge")
    name: Text | None = Field(None, description="Hvem der har rollen")
    email: Email | None = Field(None, description="E-mailadresse")
    phone: Phone | None = Field(None, description="Telefonnummer")
    duties: list[Text] = Field(default_factory=list, description="Rollens opgaver, én pr. linje")

    @property
    def tel(self) -> str | None:
        """The number a tel: link calls (tel_uri), if the phone has one."""
        return tel_uri(self.phone) if self.phone else None


class Item(Model):
    title: Text = Field(description="Overskrift")
    text: LongText = Field(description="Tekst; Markdown (fremhævning, lister, links) er tilladt")


class PreArrivalItem(Item):
    first_day: YesNo = Field(False, description="true: punktet om den første arbejdsdag, som velkomstbrevet gengiver "
                                                "(højst ét punkt)")


# Files written before `first_day` existed marked the first day by its title; such an item is still read as
# marked (checks.py notes it), and only then is a title read for what it says.
EARLIER_FIRST_DAY_TITLE = "første dag"


def _first_day_by_title(items: Any) -> Any:
    if not isinstance(items, list) or any(isinstance(i, dict) and "first_day" in i for i in items):
        return items
    for index, item in enumerate(items):
        if isinstance(item, dict) and EARLIER_FIRST_DAY_TITLE in str(item.get("title", "")).casefold():
            return [*items[:index], {**item, "first_day": True}, *items[index + 1:]]
    return items


def _one_first_day(items: list[PreArrivalItem]) -> list[PreArrivalItem]:
    if sum(item.first_day for item in items) > 1:
        raise PydanticCustomError("first_day_twice", "twice")
    return items


def _one_or_many(value: Any) -> Any:
    # The guide allows one introduction-responsible person or several.
    return [value] if isinstance(value, dict) else value


def _person_or_list_schema(schema: dict) -> None:
    person = schema.pop("items")
    schema.pop("type", None)
    schema["anyOf"] = [person, {"type": "array", "items": person, "minItems": 1}]


class Department(Model):
    draft: YesNo = Field(False, description="true: et udkast, som kun vises med handbook serve og aldrig udgives")
    name: NameText = Field(description="Afdelingens navn, fx Akutafdelingen")
    unit: NameText | None = Field(None, description="Afsnit, fx Afsnit A2")
    welcome: LongText | None = Field(None, description="Lederens velkomst; Markdown er tilladt")
    leader: Person = Field(description="Lederen")
    intro_responsible: Annotated[list[Person], BeforeValidator(_one_or_many)] = Field(
        min_length=1,
        description="Introduktionsansvarlig/vejleder: én person eller en liste",
        json_schema_extra=_person_or_list_schema,
    )
    mentors: list[Person] = Field(default_factory=list, description="Afdelingens mentorer")
    mentor_is_intro_responsible: YesNo | None = Field(
        None, description="true: mentor og introduktionsansvarlig er samme person; false: to personer")
    meetings: Meetings = Field(description="Mentormøderne")
    roles: list[Role] = Field(default_factory=list, description="Flere nøglepersoner og lokale roller")
    pre_arrival: Annotated[list[PreArrivalItem], BeforeValidator(_first_day_by_title), AfterValidator(_one_first_day)] = \
        Field(default_factory=list, description="Ekstra punkter til siden 'Før du starter'")
    practical: list[Item] = Field(default_factory=list, description="Praktiske oplysninger")

    _slug: str = PrivateAttr("")
    # The department in each other edition's language (inputs/languages.py), set when it is loaded.
    _in_languages: dict[str, Department] = PrivateAttr(default_factory=dict)

    def in_language(self, code: str) -> Department:
        """The department as edition `code` shows it: its texts in that language, where it wrote them, and
        elsewhere the main edition's, marked as such (languages.Foreign)."""
        return self._in_languages.get(code, self)

    @property
    def other_languages(self) -> dict[str, Department]:
        """The department in each edition but the main one, by its code."""
        return dict(self._in_languages)

    def with_languages(self, others: dict[str, Department]) -> Department:
        """The department, with itself in each other edition's language (set once, when it is loaded)."""
        self._in_languages = dict(others)
        return self

    @model_validator(mode="after")
    def _take_slug(self, info: ValidationInfo) -> Department:
        # The slug comes from the file name, never from the file itself.
        self._slug = (info.context or {}).get("slug", "")
        return self

    @property
    def slug(self) -> str:
        return self._slug


def _all_optional(model: type[BaseModel], name: str, nested: dict[str, type[BaseModel]]) -> type[BaseModel]:
    """A copy of `model` where every field may be left out: the shape of a default."""
    fields: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        optional = copy.copy(info)  # keeps the limits (ge, le, min_length) a default must meet too
        optional.default, optional.default_factory = None, None
        fields[field_name] = (Optional[nested.get(field_name, info.annotation)], optional)  # noqa: UP045 (a runtime type)
    return create_model(name, __base__=Model, **fields)


MeetingsDefaults = _all_optional(Meetings, "MeetingsDefaults", {})
DepartmentDefaults = _all_optional(Department, "DepartmentDefaults", {"meetings": MeetingsDefaults})


def _check_color(value: str) -> str:
    # The primary colour is the background of white text (Material's header, buttons, the portal's banner).
    if not HEX_COLOR.fullmatch(value):
        raise PydanticCustomError("color", "color")
    ratio = contrast_ratio(value, WHITE)
    if ratio < MIN_CONTRAST:
        raise PydanticCustomError("contrast", "contrast {ratio}", {"ratio": f"{ratio:.2f}".replace(".", ",")})
    return value.lower()


class Branding(Model):
    """The hospital's own look on every handbook, the portal, the cards and the PDFs."""

    logo: Text | None = Field(None, description="Logoet (SVG, PNG, JPG eller WebP), sti fra site_config.yml, fx theme/logo.svg")
    favicon: Text | None = Field(None, description="Ikonet i browserens faneblad (PNG, ICO eller SVG), sti fra site_config.yml")
    primary_color: Annotated[str, AfterValidator(_check_color)] | None = Field(
        None, description="Hospitalets farve som \"#RRGGBB\"; hvid tekst på den skal have kontrast mindst 4,5:1")


class SiteConfig(Model):
    hospital: Text = Field(description="Hospitalets navn")
    site_name: Text = Field("Mentorordning", description="Portalens titel")
    site_url: Annotated[str, AfterValidator(_check_url)] | None = Field(
        None, description="Adressen, håndbøgerne udgives på (til QR-koder og links på print)")
    public_url: Annotated[str, AfterValidator(_check_url)] | None = Field(
        None, description="En adresse uden for intranettet, hvor håndbøgerne også kan læses før første arbejdsdag "
                          "(til velkomstpakken og velkomstmailen)")
    editions: list[EditionCode] = Field(
        default_factory=lambda: ["da"], min_length=1,
        description="Håndbøgernes sprog, det første er hovedudgaven, fx [da, en]; language: da er det samme som [da]")
    departments_dir: Text = Field("content/departments", description="Mappe med afdelingsfilerne")
    output_dir: Text = Field("site", description="Mappe hvor sitet skrives")
    guide_dir: Text = Field("content/guide", description="Mappe med guidens sider (et sprog pr. undermappe)")
    forms_dir: Text = Field("content/forms", description="Mappe med skemadefinitionerne")
    theme_dir: Text = Field("theme", description="Mappe med tema-tilpasninger")
    branding: Branding = Field(default_factory=Branding, description="Hospitalets eget udseende: logo, farve og ikon")
    accessibility_statement_url: Annotated[str, AfterValidator(_check_url)] | None = Field(
        None, description="Adressen på hospitalets tilgængelighedserklæring (WAS-værktøjet); link i hver sides bund")
    defaults: DepartmentDefaults = Field(default_factory=DepartmentDefaults,  # type: ignore[valid-type]
                                         description="Standardværdier for alle afdelinger")

    @model_validator(mode="before")
    @classmethod
    def _language_as_editions(cls, data: Any) -> Any:
        # The one language of earlier versions: `language: da` is `editions: [da]` (the same cache keys).
        if isinstance(data, dict) and "language" in data and "editions" not in data:
            data = {**{key: value for key, value in data.items() if key != "language"}, "editions": [data["language"]]}
        return data

    @field_validator("editions")
    @classmethod
    def _each_once(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise PydanticCustomError("editions_twice", "twice")
        return value

    @field_validator("site_url", "public_url")
    @classmethod
    def _with_slash(cls, value: str | None) -> str | None:
        # Department URLs are made by appending SLUG/, so the base must end in '/'.
        return value if value is None or value.endswith("/") else value + "/"
