"""The fillable forms: definitions in content/forms/*.yml, typed and validated.

One definition drives every output: `generator/layout.py` lays it out for a
department, `render/forms_html.py` turns the layout into the page's HTML
form, `pdf/` into an AcroForm PDF, and the definition's own `pdf_label`
names the PDF's link, so a new content/forms/NAME.yml gets its page form and
its PDF with no code change.

    library = edition.forms                        # loaded per edition (inputs/editions.py)
    form = library.form("samarbejdsaftale")        # FormDefinition: title, version, sections
    form.fields()                                  # FormField: id, label, type, hint, default

A definition's texts in another language are forms_dir/CODE/NAME.yml (`translate`): the same ids,
types and layout, so the answers are the same in every language. Bump `version` when a form changes.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, PrivateAttr, StringConstraints

from .models import Department, LongText, Model, Text, YesNo
from .problems import InputError, Problem, display_path
from .validation import did_you_mean, validate
from .yaml_source import Location, SourceFile, YamlDocument, dotted, read_folder, read_yaml

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Reference = Annotated[str, StringConstraints(pattern=r"^[a-z_]+(\.[a-z_]+)*$", max_length=80)]
FieldType = Literal["text", "textarea", "date", "number", "signature"]

# Ruled lines a blank field prints as, when its definition does not say.
DEFAULT_LINES = {"text": 1, "textarea": 4, "date": 1, "number": 1, "signature": 1}


class FormField(Model):
    """One answer: a label, a type and how it prints when blank."""

    id: Identifier = Field(description="Feltets id: a-z, cifre og _, unikt i skemaet; navngiver svaret")
    label: Text = Field(description="Feltets ledetekst, fx Antal møder")
    type: FieldType = Field("text", description="text, textarea, date, number eller signature")
    hint: LongText | None = Field(None, description="Hjælpetekst under ledeteksten")
    lines: int | None = Field(None, ge=1, le=40, description="Antal skrivelinjer, når feltet udskrives tomt")
    default: Reference | None = Field(
        None, description="Afdelingens værdi som forslag, som sti i afdelingsfilen, fx meetings.count")
    unit: Text | None = Field(None, description="Enhed efter et tal, fx minutter")
    min: int | None = Field(None, description="Mindste tal (kun type: number)")
    max: int | None = Field(None, description="Største tal (kun type: number)")

    @property
    def print_lines(self) -> int:
        """How many ruled lines the field prints as when it is blank."""
        return self.lines or DEFAULT_LINES[self.type]

    @property
    def multiline(self) -> bool:
        return self.type == "textarea"


class GoalSource(Model):
    """A section asked once per learning goal written in another form (the evaluation's look back)."""

    form: Identifier = Field(description="Skemaet, målene står i, fx samarbejdsaftale")
    fields: list[Identifier] = Field(min_length=1, description="Felterne i det skema, der rummer målene")
    blank: int = Field(3, ge=1, le=12, description="Antal mål på et tomt skema (papir, PDF, ingen aftale gemt)")
    most: int = Field(12, ge=1, le=30, description="Højst så mange mål vises")


class Section(Model):
    """A fieldset: a title (the legend), the guide's hint or examples, and its fields."""

    id: Identifier = Field(description="Afsnittets id")
    title: Text = Field(description="Afsnittets overskrift, fx Rammer")
    hint: LongText | None = Field(None, description="Vejledning til hele afsnittet")
    examples: list[Text] = Field(default_factory=list, description="Guidens eksempler, vist som punkter")
    goals: GoalSource | None = Field(None, description="Gentag felterne for hvert læringsmål i et andet skema")
    fields: list[FormField] = Field(min_length=1, description="Afsnittets felter")


class FormDefinition(Model):
    """One form as content/forms/NAME.yml defines it; NAME (the file name) is `name`."""

    version: int = Field(ge=1, description="Skemaets version; tælles op, når felterne ændres")
    title: Text = Field(description="Skemaets titel, fx Samarbejdsaftale om mentorordning")
    short_title: Text | None = Field(None, description="Kort titel, fx Dagsorden")
    intro: LongText | None = Field(None, description="Indledning øverst i skemaet")
    per_meeting: YesNo = Field(False, description="true: ét skema pr. mentormøde (1..meetings.count)")
    pdf_label: Text = Field("Hent som PDF", description="Teksten på linket til skemaets udfyldelige PDF (pdf/NAVN.pdf)")
    sections: list[Section] = Field(min_length=1, description="Skemaets afsnit")

    _name: str = PrivateAttr("")

    @property
    def name(self) -> str:
        return self._name

    @property
    def label(self) -> str:
        return self.short_title or self.title

    def fields(self) -> list[FormField]:
        """Every field of the definition, in order (a goal section's fields once)."""
        return [f for section in self.sections for f in section.fields]

    def meetings(self, department: Department) -> list[int | None]:
        """The copies of this form a department gets: [1..count] per meeting, else [None]."""
        return list(range(1, department.meetings.count + 1)) if self.per_meeting else [None]


@dataclass(frozen=True)
class FormLibrary:
    """Every form definition of the project, validated, by name (the file name without .yml)."""

    forms: Mapping[str, FormDefinition]
    folder: Path

    @classmethod
    def from_folder(cls, folder: Path, root: Path) -> tuple[FormLibrary, list[Problem]]:
        """Every definition in the folder, and the problems that keep any of them out.

        The folder must exist: load_project refuses a forms_dir that names no folder before this.
        """
        forms: dict[str, FormDefinition] = {}
        documents: dict[str, YamlDocument] = {}
        problems: list[Problem] = []
        for source in read_folder(folder, root, "title: Dagsorden"):
            form, found = _load_form(source)
            problems += found
            if form is not None and source.document is not None:
                forms[form.name] = form
                documents[form.name] = source.document
        problems += _cross_form_problems(forms, documents)
        return cls(forms, folder), problems

    def form(self, name: str) -> FormDefinition:
        """The definition called `name`; InputError (naming the forms folder) when there is none."""
        try:
            return self.forms[name]
        except KeyError:
            where = str(self.folder / f"{name}.yml")
            known = ", ".join(sorted(self.forms)) or "ingen skemaer fundet"
            raise InputError([Problem(where, 1, "(skema)", f"skemaet '{name}' findes ikke",
                                      f"en af: {known}")]) from None

    def in_language(self, code: str, root: Path) -> tuple[FormLibrary | None, list[Problem]]:
        """The same forms with their texts in language `code` (forms_dir/CODE/NAME.yml, `translate`): the
        definitions' ids, types and layout are the same in every language, and so are the answers."""
        translated: dict[str, FormDefinition] = {}
        problems: list[Problem] = []
        for name, form in self.forms.items():
            path = self.folder / code / f"{name}.yml"
            file = display_path(path, root)
            if not path.is_file():
                problems.append(Problem(file, 1, "", "filen findes ikke",
                                        f"skemaets tekster på sproget '{code}', med samme afsnit og felter som "
                                        f"{display_path(self.folder / name, root)}.yml"))
                continue
            document, found = read_yaml(path, file)
            if document is None or found:
                problems += found
                continue
            form_in_language, found = translate(form, document)
            problems += found
            if form_in_language is not None:
                translated[name] = form_in_language
        return (FormLibrary(translated, self.folder) if not problems else None), problems


# ---------------------------------------------------------------- loading


def _load_form(source: SourceFile) -> tuple[FormDefinition | None, list[Problem]]:
    document, problems, path, file = source.document, list(source.problems), source.path, source.file
    if document is None:
        return None, problems
    if not re.fullmatch(r"[a-z][a-z0-9_-]*", path.stem):
        problems.append(Problem(file, 1, "(filnavn)", f"'{path.stem}' kan ikke bruges som skemanavn",
                                "små bogstaver a-z, cifre, - og _, fx dagsorden.yml"))
    # Not read as written, unlike a department file: a definition's `yes` is refused with a hint to quote it.
    form, found = validate(FormDefinition, document.data, document.where)
    problems += found + _form_problems(document)
    # One message per field: what the model already refused is not reported again.
    unique: dict[str, Problem] = {}
    for problem in problems:
        unique.setdefault(problem.field, problem)
    problems = list(unique.values())
    if form is None or problems:
        return None, problems
    form._name = path.stem
    return form, []


def _form_problems(document: YamlDocument) -> list[Problem]:
    """What the model cannot see field by field: duplicate ids, defaults that name no department value,
    number options on other fields. Works on the raw data, so it reports beside the model's problems."""
    problems: list[Problem] = []

    def problem(location: Location, message: str, expected: str = "") -> None:
        problems.append(Problem(document.file, document.line_of(location), dotted(location), message, expected))

    sections = document.data.get("sections")
    sections = sections if isinstance(sections, list) else []
    seen_fields: dict[str, Location] = {}
    seen_sections: set[str] = set()
    for s, section in enumerate(sections):
        if not isinstance(section, dict):
            continue
        if isinstance(section.get("id"), str):
            if section["id"] in seen_sections:
                problem(("sections", s, "id"), f"afsnittet '{section['id']}' findes allerede", "et id pr. afsnit")
            seen_sections.add(section["id"])
        fields = section.get("fields")
        for f, item in enumerate(fields if isinstance(fields, list) else []):
            if not isinstance(item, dict):
                continue
            location: Location = ("sections", s, "fields", f)
            field_id = item.get("id")
            if isinstance(field_id, str):
                if field_id in seen_fields:
                    first = document.line_of(seen_fields[field_id])
                    problem(location + ("id",), f"feltet '{field_id}' findes allerede (linje {first})",
                            "et id, der kun bruges én gang i skemaet")
                seen_fields.setdefault(field_id, location + ("id",))
            if isinstance(item.get("default"), str):
                found = _reference_problem(item["default"])
                if found:
                    problem(location + ("default",), *found)
            if item.get("type", "text") != "number":
                for key in ("unit", "min", "max"):
                    if key in item:
                        problem(location + (key,), f"'{key}' bruges kun til tal", "type: number, eller fjern nøglen")
            elif isinstance(item.get("min"), int) and isinstance(item.get("max"), int) and item["min"] > item["max"]:
                problem(location + ("min",), f"min ({item['min']}) er større end max ({item['max']})", "min ≤ max")
    return problems


def _cross_form_problems(forms: dict[str, FormDefinition], documents: dict[str, YamlDocument]) -> list[Problem]:
    """A goal section must point at a form and fields that exist."""
    problems: list[Problem] = []
    for name, form in forms.items():
        document = documents[name]
        for s, section in enumerate(form.sections):
            if section.goals is None:
                continue
            location: Location = ("sections", s, "goals")
            source = forms.get(section.goals.form)
            if source is None:
                problems.append(Problem(document.file, document.line_of(location + ("form",)),
                                        dotted(location + ("form",)),
                                        f"skemaet '{section.goals.form}' findes ikke",
                                        "en af: " + ", ".join(sorted(forms))))
                continue
            known = {f.id for f in source.fields()}
            for i, field_id in enumerate(section.goals.fields):
                if field_id not in known:
                    problems.append(Problem(document.file, document.line_of(location + ("fields", i)),
                                            dotted(location + ("fields", i)),
                                            f"feltet '{field_id}' findes ikke i {section.goals.form}",
                                            "en af: " + ", ".join(sorted(known))))
    return problems


def _reference_problem(reference: str) -> tuple[str, str] | None:
    """Why a default reference does not name one value of a department, or None when it does."""
    current: Any = Department
    walked: list[str] = []
    for part in reference.split("."):
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return (f"'{'.'.join(walked)}' har ingen undernøgler", "en sti til én værdi, fx meetings.count")
        if part not in current.model_fields:
            close = did_you_mean(part, current.model_fields)
            hint = f"; mente du '{'.'.join(walked + [close])}'?" if close else ""
            return (f"afdelingsfilen har ingen '{'.'.join(walked + [part])}'{hint}",
                    "en sti i afdelingsfilen til et tal eller en tekst, fx meetings.count")
        walked.append(part)
        current = _plain_type(current.model_fields[part].annotation)
    if current not in (str, int):
        return (f"'{reference}' er ikke et tal eller en tekst", "en sti til én værdi, fx meetings.place")
    return None


def _plain_type(annotation: Any) -> Any:
    """str, int, a model class, or the annotation itself (a list) with Optional and Annotated unwrapped."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _plain_type(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _plain_type(args[0]) if len(args) == 1 else annotation
    return annotation



# ---------------------------------------------------------------- a form's texts in another language

# The texts of a definition a translation gives, where they stand: the form's own, a section's, a field's.
_FORM_TEXTS = ("title", "short_title", "intro", "pdf_label")
_SECTION_TEXTS = ("title", "hint", "examples")
_FIELD_TEXTS = ("label", "hint", "unit")


def translate(form: FormDefinition, document: YamlDocument) -> tuple[FormDefinition | None, list[Problem]]:
    """The definition with the texts of `document` (forms_dir/CODE/NAME.yml), which names each section and
    field by its id and gives every text the definition has, and nothing else:

        title: Mentoring agreement
        sections:
          rammer:
            title: Framework
            fields:
              antal_moeder: {label: Number of meetings, unit: meetings}
    """
    texts = document.data
    problems: list[Problem] = []

    def problem(location: Location, message: str, expected: str = "") -> None:
        problems.append(Problem(document.file, document.line_of(location), dotted(location), message, expected))

    data = form.model_dump(exclude_none=True)
    _put_texts(data, texts, (), _FORM_TEXTS, problem)
    given_sections = texts.get("sections")
    sections: dict[str, Any] = given_sections if isinstance(given_sections, dict) else {}
    if "sections" in texts and not isinstance(given_sections, dict):
        problem(("sections",), "afsnittene skal stå under deres id", "fx sections: {rammer: {title: ...}}")
    known_sections = {section["id"]: section for section in data["sections"]}
    for section_id in sections:
        if section_id not in known_sections:
            close = did_you_mean(str(section_id), known_sections)
            problem(("sections", section_id), f"skemaet har intet afsnit '{section_id}'"
                    + (f"; mente du '{close}'?" if close else ""), "en af: " + ", ".join(known_sections))
    for section_id, section in known_sections.items():
        given = sections.get(section_id)
        location: Location = ("sections", section_id)
        if not isinstance(given, dict):
            problem(location, f"afsnittet '{section_id}' mangler", "afsnittets tekster under dets id")
            continue
        _put_texts(section, given, location, _SECTION_TEXTS, problem)
        given_fields = given.get("fields")
        fields: dict[str, Any] = given_fields if isinstance(given_fields, dict) else {}
        known_fields = {field["id"]: field for field in section["fields"]}
        for field_id in fields:
            if field_id not in known_fields:
                problem(location + ("fields", field_id), f"afsnittet har intet felt '{field_id}'",
                        "en af: " + ", ".join(known_fields))
        for field_id, field in known_fields.items():
            given_field = fields.get(field_id)
            if not isinstance(given_field, dict):
                problem(location + ("fields", field_id), f"feltet '{field_id}' mangler", "feltets tekster under dets id")
                continue
            _put_texts(field, given_field, location + ("fields", field_id), _FIELD_TEXTS, problem)
    if problems:
        return None, problems
    translated, found = validate(FormDefinition, data, lambda loc: _where_in(document, data, loc))
    if translated is None:
        return None, found
    translated._name = form.name
    return translated, []


def _put_texts(target: dict[str, Any], given: dict[str, Any], location: Location, keys: tuple[str, ...],
               problem: Any) -> None:
    """The translation's texts into the definition's data, each one the definition has; a missing or an
    unknown one is a problem."""
    for key in keys:
        has = target.get(key) not in (None, [])   # no examples is no text to translate
        if has and key not in given:
            problem(location, f"teksten '{key}' mangler", f"{key}: og teksten på dette sprog")
        elif key in given and not has:
            problem(location + (key,), f"definitionen har ingen '{key}' her", "kun de tekster, definitionen har")
        elif key in given:
            if key == "examples" and (not isinstance(given[key], list) or len(given[key]) != len(target[key])):
                problem(location + (key,), "der skal være lige så mange eksempler som i definitionen",
                        f"{len(target[key])} eksempler, i samme rækkefølge")
                continue
            target[key] = given[key]
    allowed = set(keys) | {"sections", "fields"}
    for key in given:
        if key not in allowed:
            problem(location + (key,), f"ukendt nøgle '{key}'", "en af: " + ", ".join(k for k in keys))


def _where_in(document: YamlDocument, data: dict[str, Any], location: Location) -> tuple[str, int, Location]:
    """A location in the translated definition (sections, 2, fields, 0, label) as the translation writes it
    (sections, rammer, fields, antal_moeder, label)."""
    written: list[str | int] = []
    current: Any = data
    for part in location:
        if isinstance(part, int) and isinstance(current, list) and part < len(current):
            current = current[part]
            written.append(current["id"] if isinstance(current, dict) and "id" in current else part)
        else:
            current = current.get(part) if isinstance(current, dict) else None
            written.append(part)
    return document.where(tuple(written))
