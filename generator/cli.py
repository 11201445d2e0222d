"""The `handbook` command: thin wrappers that map each verb to its module and errors to exit codes."""

from __future__ import annotations

import errno
import math
import re
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console

from .commands.selection import load_one, load_selection
from .inputs.problems import BuildFailed, CommandRefused, InputError
from .inputs.project import Project, load_settings

if TYPE_CHECKING:   # imported when a build runs, not by every command's start
    from .commands.build import BuildResult

console = Console(stderr=True, highlight=False, soft_wrap=True)


class _Stopped(BaseException):
    """The command was asked to stop (SIGTERM, as a service manager stops a nightly build)."""


def _stop(signum: int, frame: Any) -> None:
    # Raised where the command is, so every `with` and `finally` on the way out cleans up after it.
    raise _Stopped


def _fails_cleanly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Input problems are listed one per line; a user never sees a traceback for bad input."""
    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        signal.signal(signal.SIGTERM, _stop)
        try:
            return command(*args, **kwargs)
        except _Stopped:
            click.echo("Stoppet (SIGTERM); intet er efterladt halvt: en udgivelse sker helt eller slet ikke.",
                       err=True)
            sys.exit(128 + signal.SIGTERM)
        except InputError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            click.echo(f"{len(exc.problems)} problem(er) fundet; intet er ændret i det udgivne site.", err=True)
            sys.exit(1)
        except BuildFailed as exc:
            click.echo(f"Fejl: {exc}", err=True)
            click.echo("Intet er ændret i det udgivne site.", err=True)
            sys.exit(1)
        except CommandRefused as exc:
            click.echo(f"Fejl: {exc}", err=True)
            sys.exit(1)
        except OSError as exc:
            click.echo(machine_fault(exc), err=True)
            sys.exit(1)
    return wrapper


# What to do about a fault of the machine, by its errno.
_FAULTS = {
    errno.ENOSPC: "disken er fuld; frigør plads på den (mellemlageret .cache/ kan altid slettes), og byg igen",
    errno.EDQUOT: "brugerens diskkvote er brugt op; frigør plads, og byg igen",
    errno.EACCES: "ingen adgang; giv brugeren, der bygger, læse- og skriveadgang til stien, og byg igen",
    errno.EPERM: "ingen tilladelse; giv brugeren, der bygger, læse- og skriveadgang til stien, og byg igen",
    errno.EROFS: "filsystemet er skrivebeskyttet; monter det skrivbart, eller vælg en anden mappe, og byg igen",
    errno.ENOENT: "findes ikke (længere); tjek stien, og byg igen",
}


def machine_fault(exc: OSError) -> str:
    """A fault of the machine as one line: the path and what to do. The published site is untouched."""
    advice = _FAULTS.get(exc.errno or 0, f"{exc.strerror or exc}; ret problemet, og byg igen")
    return f"Fejl: {exc.filename or 'ukendt sti'}: {advice}. Det udgivne site er ikke ændret af fejlen."


# Paths are not checked by click (readable=False), whose messages are English: the loader tells a missing,
# unreadable or wrong kind of site_config.yml as a problem at the file, and eject its folder, in Danish.
config_option = click.option("--config", "config_path", type=click.Path(path_type=Path, readable=False),
                             default=Path("site_config.yml"), show_default=True,
                             help="Stien til site_config.yml")


class _Count(click.ParamType):
    """A whole number of at least 1 (--jobs)."""

    name = "antal"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            number = int(value)
        except ValueError:
            number = 0
        if number < 1:
            self.fail(f"'{value}' er ikke et helt tal på mindst 1 (forventet: fx 2)", param, ctx)
        return number


class _Seconds(click.ParamType):
    """A number of seconds, 0 or more (--wait): not 'nan', which no time is past, nor 'inf'."""

    name = "sekunder"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            seconds = float(value)
        except ValueError:
            seconds = math.nan
        if not (math.isfinite(seconds) and seconds >= 0):
            self.fail(f"'{value}' er ikke et antal sekunder (forventet: et tal på 0 eller mere, fx 300)", param, ctx)
        return seconds


class _Address(click.ParamType):
    """Where the preview listens (serve --host): HOST:PORT."""

    name = "vært:port"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from .commands.serve import ADDRESS_EXPECTED, address_problem

        problem = address_problem(str(value))
        if problem:
            self.fail(f"{problem} (forventet: {ADDRESS_EXPECTED})", param, ctx)
        return str(value)


class _UsageRefused(click.ClickException):
    """A usage error of click's (an unknown option, a missing argument, a bad value), told in Danish on one
    line, with where to read how the command is used."""

    exit_code = 2

    def __init__(self, error: click.UsageError):
        super().__init__(_in_danish(error))
        # Where click's parser knows no context (a missing option value), it names no command either.
        self.help = f"; se: {error.ctx.command_path} --help" if error.ctx else ""

    def show(self, file: Any = None) -> None:
        click.echo(f"Fejl: {self.message}{self.help}", err=True)


# `handbook` alone shows the help page, by a usage error of its own (click 8.2 and later).
_HELP_PAGE = getattr(click.exceptions, "NoArgsIsHelpError", ())


@contextmanager
def _usage_in_danish() -> Iterator[None]:
    try:
        yield
    except click.UsageError as exc:
        if isinstance(exc, _HELP_PAGE):
            raise
        raise _UsageRefused(exc) from None


# click's own messages that carry no attributes to say them by, and what they are in Danish.
_USAGE_MESSAGES = [
    (r"No such command '(.*)'\.", "ukendt kommando '{0}'"),
    (r"Missing command\.", "der mangler en kommando"),
    (r"Got unexpected extra arguments? \((.*)\)", "for mange argumenter: {0}"),
    (r"Option '(.*)' requires an argument\.", "tilvalget '{0}' skal have en værdi"),
    (r"Option '(.*)' does not take a value\.", "tilvalget '{0}' tager ingen værdi"),
]


def _in_danish(error: click.UsageError) -> str:
    """click's message in Danish. What click says otherwise stays English: a message not listed here, the
    help page's headings ("Usage:", "Options:", "[default: …]"), and "Aborted!" after Ctrl-C."""
    if isinstance(error, click.NoSuchOption):
        guesses = " eller ".join(error.possibilities or ())
        return f"ukendt tilvalg '{error.option_name}'" + (f" (mente du {guesses}?)" if guesses else "")
    if isinstance(error, click.MissingParameter):
        kind = "argumentet" if isinstance(error.param, click.Argument) else "tilvalget"
        return f"{kind} {_hint(error)} mangler"
    if isinstance(error, click.BadParameter):
        return f"ugyldig værdi for {_hint(error)}: {error.message}"
    for pattern, danish in _USAGE_MESSAGES:
        match = re.fullmatch(pattern, error.message)
        if match:
            known = _commands(error.ctx) if "kommando" in danish else ""
            return danish.format(*match.groups()) + known
    return error.format_message()


def _hint(error: click.BadParameter) -> str:
    return error.param.get_error_hint(error.ctx) if error.param and error.ctx else "en værdi"


def _commands(ctx: click.Context | None) -> str:
    if ctx is None or not isinstance(ctx.command, click.Group):
        return ""
    return f" (forventet en af: {', '.join(ctx.command.list_commands(ctx))})"


def _help_in_danish(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = "Vis denne hjælp, og afslut"
    return option


class _DanishCommand(click.Command):
    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _help_in_danish(super().get_help_option(ctx))


class _DanishGroup(click.Group):
    """The handbook command: click's usage errors, of the command and of its verbs, come out in Danish."""

    command_class = _DanishCommand

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _help_in_danish(super().get_help_option(ctx))

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with _usage_in_danish():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with _usage_in_danish():
            return super().invoke(ctx)


@click.group(cls=_DanishGroup, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Byg mentorordningens håndbøger: én pr. afdeling, plus en portal."""


@main.command()
@config_option
@click.option("--only", multiple=True, metavar="SLUG", help="Byg kun denne afdeling (kan gentages)")
@click.option("--jobs", type=_Count(), default=None, help="Antal processer (standard: alle kerner)")
@click.option("--no-pdf", is_flag=True, help="Spring PDF'erne over")
@click.option("--clean", is_flag=True, help="Byg alt forfra, uden mellemlager")
@click.option("--strict", is_flag=True, help="Alt eller intet: ingen udgivelse ved en fejl eller advarsel")
@click.option("--wait", type=_Seconds(), default=300, show_default=True, metavar="SEKUNDER",
              help="Vent højst så længe på en anden bygning af samme projekt")
@_fails_cleanly
def build(config_path: Path, only: tuple[str, ...], jobs: int | None, no_pdf: bool, clean: bool,
          strict: bool, wait: float) -> None:
    """Valider alt, og byg derefter håndbøgerne."""
    from .commands.build import run_build

    started = time.perf_counter()
    project = load_selection(config_path, only)
    with console.status("Bygger...") as status:
        def waiting(since: str) -> None:
            console.print(f"Venter på en anden bygning, startet kl. {since} (højst {wait:g} s)")

        result = run_build(project, only, jobs, pdf=not no_pdf, clean=clean,
                           progress=lambda slug: status.update(f"Bygget: {slug}"), wait=wait, waiting=waiting,
                           strict=strict)
    seconds = time.perf_counter() - started
    # Top-down, as it is read: the problems first, then what the build did about the cache and the output
    # folder, then one line of what was published and what was kept, and the exit status.
    _report(project)
    for _, why in result.failed:
        click.echo(why, err=True)
    for why in result.failed_editions:
        click.echo(f"advarsel: {why}. Afdelingens øvrige udgaver er udgivet; af denne står den sidst udgivne, "
                   "hvis der er en.", err=True)
    if result.missing_fonts:
        click.echo(f"advarsel: {result.missing_fonts}", err=True)
    _tell_repairs(project, result)
    failing = bool(project.broken or result.failed)
    if result.published and (result.built or not failing):   # a failed build's kept department is no news
        pdfs = "PDF'er sprunget over" if no_pdf else f"PDF'er lavet for {len(result.pdfs)} afdeling(er)"
        done = (f"{len(result.built)} håndbog(er) bygget ({result.pages} sider), {pdfs}; "
                f"udgivet i {project.output_dir} på {seconds:.1f} s")
    elif failing:
        done = f"Ellers er intet ændret i {project.output_dir} ({seconds:.1f} s)"
    else:
        done = f"Intet er ændret; {project.output_dir} er allerede opdateret ({seconds:.1f} s)"
    if not failing:
        console.print(done)
        return
    click.echo(f"{done}. {_not_published(project, result)} Ret fejlene ovenfor og byg igen.", err=True)
    sys.exit(1)


def _tell_repairs(project: Project, result: BuildResult) -> None:
    if result.repaired:
        console.print(f"{len(result.repaired)} beskadiget/beskadigede del(e) af mellemlageret blev bygget igen: "
                      f"{', '.join(result.repaired)}")
    if result.restored:
        console.print(f"{len(result.restored)} fil(er) i {project.output_dir} var ændret eller slettet i hånden og er "
                      f"sat tilbage, som de blev bygget: {_some(result.restored)}")
    if result.unrestored:
        click.echo(f"advarsel: {len(result.unrestored)} fil(er) i {project.output_dir} er ændret i hånden, men "
                   f"mellemlageret kan ikke sætte dem tilbage, før afdelingen bygges igen: {_some(result.unrestored)}",
                   err=True)


def _not_published(project: Project, result: BuildResult) -> str:
    """Which departments were left out and why, and which of them still have their last published version."""
    said = []
    if project.broken:
        said.append(f"Ikke udgivet, fordi filen har fejl: {', '.join(project.broken_slugs)}.")
    if result.failed:
        said.append(f"Ikke udgivet, fordi håndbogen ikke kunne laves: {', '.join(s for s, _ in result.failed)}.")
    left_out = [*project.broken_slugs, *(slug for slug, _ in result.failed)]
    never = [slug for slug in left_out if slug not in result.kept]
    if result.kept:
        said.append(f"Den sidst udgivne udgave står stadig for: {', '.join(result.kept)}.")
    if never:
        said.append(f"Ingen tidligere udgave af: {', '.join(never)}.")
    return " ".join(said)


def _some(names: tuple[str, ...], shown: int = 5) -> str:
    more = f" og {len(names) - shown} andre" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def _report(project: Project) -> None:
    """Errors of broken departments first, then warnings and notes, one line each."""
    for problem in [*project.broken, *sorted(project.warnings, key=lambda p: (p.level != "warning", p))]:
        click.echo(str(problem), err=True)


@main.command()
@config_option
@click.argument("slugs", nargs=-1, metavar="[SLUG]...")
@click.option("--no-pdf", is_flag=True, help="Spring PDF'erne over, som build --no-pdf gør")
@_fails_cleanly
def validate(config_path: Path, slugs: tuple[str, ...], no_pdf: bool) -> None:
    """Tjek site_config.yml, afdelingsfilerne (kun de nævnte, hvis der står SLUG), skemaerne og guidens sider,
    og om velkomstpakken kan være på sine sider, som bygningen gør; intet udgives."""
    from .commands.validate import validate as validate_project

    verdict = validate_project(config_path, slugs, pdf=not no_pdf)
    project = verdict.project
    _report(project)
    for _, why in verdict.failed:
        click.echo(why, err=True)
    for why in verdict.warnings:
        click.echo(f"advarsel: {why}. Bygningen udgiver afdelingens øvrige udgaver; af denne står den sidst "
                   "udgivne, hvis der er en.", err=True)
    if project.broken or verdict.failed:
        said = []
        if project.broken:
            said.append(f"{len(project.broken)} problem(er) i {len(project.broken_slugs)} afdelingsfil(er)")
        if verdict.failed:
            said.append(f"håndbogen kan ikke laves for: {', '.join(slug for slug, _ in verdict.failed)}")
        click.echo("; ".join(said) + ".", err=True)
        sys.exit(1)
    checked = len(project.departments) + len(project.drafts)
    console.print(f"Alt er i orden: {checked} afdeling(er).")


@main.command()
@config_option
@click.argument("slug")
@click.option("--host", type=_Address(), default="127.0.0.1:8000", show_default=True, help="Adresse for forhåndsvisningen")
@_fails_cleanly
def serve(config_path: Path, slug: str, host: str) -> None:
    """Forhåndsvis én afdeling; siden opdateres når filerne ændres."""
    from .commands.serve import serve as serve_department

    serve_department(load_one(config_path, slug, drafts=True), slug, host)


@main.command()
@config_option
@click.argument("slug")
@click.option("--name", required=True, help="Afdelingens navn, fx \"Akutafdelingen\"")
@_fails_cleanly
def new(config_path: Path, slug: str, name: str) -> None:
    """Skriv en ny afdelingsfil med forklarende kommentarer."""
    from .commands.new import write_starter

    root, config = load_settings(config_path)
    target = write_starter(root / config.departments_dir, slug, name)
    console.print(f"Skrev {target} som udkast. Ret den, og se den med: handbook serve {slug}. "
                  f"Slet linjen draft: true, når den skal udgives, og kør: handbook build --only {slug}")


@main.command()
def schema() -> None:
    """Udskriv JSON Schema for en afdelingsfil (til editorens autofuldførelse)."""
    from .commands.schema import schema_text

    click.echo(schema_text(), nl=False)


@main.command()
@config_option
@click.argument("slug")
@click.argument("folder", type=click.Path(path_type=Path, readable=False))
@click.option("--edition", metavar="SPROG", default=None,
              help="Udgaven, der skrives, fx en (standard: hovedudgaven, den første i site_config.yml)")
@_fails_cleanly
def eject(config_path: Path, slug: str, folder: Path, edition: str | None) -> None:
    """Skriv én afdeling som et selvstændigt projekt i FOLDER (i dag til MkDocs)."""
    from .commands.eject import eject as eject_department

    config_file, command = eject_department(load_one(config_path, slug), slug, folder, edition)
    console.print(f"Skrev {config_file}. Byg med: cd {folder} && {command}")

