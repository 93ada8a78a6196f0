"""The admin's message catalogues: extract, update, compile and check, in pure Python.

Django's `makemessages`/`compilemessages` need GNU gettext on the machine; CI and a new
developer's `make test` should not. Babel reads our Python and (through Django's own
`templatize`, the step `makemessages` uses) our templates, and writes `.po`/`.mo`.

    python -m cms.i18n_catalogues update    # add new messages to every .po, compile .mo
    python -m cms.i18n_catalogues update clinical   # the same, for the apps named only
    python -m cms.i18n_catalogues check     # what `tests/i18n/test_catalogues.py` asserts

Each app of ours keeps its own catalogue (`<app>/locale/<lang>/LC_MESSAGES/django.po`),
which Django finds without LOCALE_PATHS.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

BASE_DIR = Path(__file__).resolve().parent.parent
# The apps whose admin screens this catalogue covers (the reader's and the public site's
# words live with their own apps).
APPS = ("locales", "api", "accounts", "clinical")
# Django's locale directory names of the enabled target locales.
LANGUAGES = ("es", "fr", "de", "pt_BR", "ar", "zh_Hans")
# Plural rules as gettext and Django's own catalogues write them. Arabic has six forms
# (zero, one, two, few 3 to 10, many 11 to 99, other 100, 101, 102...); Chinese has one.
PLURAL_FORMS = {
    "es": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "pt_BR": "nplurals=2; plural=(n > 1);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
    ": n%100>=11 && n%100<=99 ? 4 : 5);",
    "zh_Hans": "nplurals=1; plural=0;",
}
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
# Management commands are read too: their marked messages (refusals, results) need
# translations like any other (none is marked outside clinical/ today).
SKIP_DIRS = {"migrations", "static", "locale", "__pycache__"}

Key = tuple[str, str | None]  # (msgid, context)


@dataclass(frozen=True)
class Found:
    msgid: str | tuple[str, str]
    context: str | None
    where: str
    comments: tuple[str, ...]

    @property
    def key(self) -> Key:
        singular = self.msgid[0] if isinstance(self.msgid, tuple) else self.msgid
        return singular, self.context


def _templatized(path: Path) -> io.BytesIO:
    from django.utils.translation.template import templatize

    code = templatize(path.read_text("utf-8"), origin=str(path))
    # xgettext reads this leniently; babel tokenizes it as Python, so no line may indent.
    return io.BytesIO("\n".join(line.lstrip() for line in code.splitlines()).encode("utf-8"))


def _sources(app: Path) -> Iterator[Path]:
    for path in sorted(app.rglob("*")):
        if any(part in SKIP_DIRS for part in path.relative_to(app).parts):
            continue
        if path.suffix in {".py", ".html", ".txt"} and path.is_file():
            yield path


def extract_app(app: str) -> list[Found]:
    """Every marked message in the app's Python and templates, in file order."""
    root = BASE_DIR / app
    found: list[Found] = []
    for path in _sources(root):
        if path.suffix == ".py":
            data = io.BytesIO(path.read_bytes())
        else:
            if b"{%" not in path.read_bytes():
                continue
            data = _templatized(path)
        for lineno, msgid, comments, context in extract(
            "python", data, keywords=KEYWORDS, comment_tags=("Translators:",)
        ):
            where = f"{path.relative_to(BASE_DIR)}:{lineno}"
            found.append(Found(msgid, context, where, tuple(comments)))
    return found


def po_path(app: str, language: str) -> Path:
    return BASE_DIR / app / "locale" / language / "LC_MESSAGES" / "django.po"


def read_catalogue(path: Path, language: str) -> Catalog:
    if path.exists():
        with path.open("rb") as fh:
            return read_po(fh, locale=language, abort_invalid=True)
    return Catalog(locale=language, project="guide-cms", fuzzy=False)


def _plural_ok(msgstr, nplurals: int) -> bool:
    return isinstance(msgstr, tuple | list) and len(msgstr) == nplurals and all(msgstr)


def problems(app: str, language: str) -> list[str]:
    """Why the app's catalogue for `language` does not translate every marked message."""
    path = po_path(app, language)
    if not path.exists():
        return [f"{path.relative_to(BASE_DIR)} is missing"]
    catalogue = read_catalogue(path, language)
    nplurals = int(PLURAL_FORMS[language].split(";")[0].split("=")[1])
    out = []
    if catalogue.num_plurals != nplurals:
        out.append(
            f"{path.name} ({language}): {catalogue.num_plurals} plural forms, not {nplurals}"
        )
    for found in extract_app(app):
        message = catalogue.get(found.key[0], context=found.context)
        label = f"{language}: {found.key[0]!r} ({found.where})"
        if message is None:
            out.append(f"{label} is not in the catalogue")
        elif message.fuzzy:
            out.append(f"{label} is fuzzy")
        elif isinstance(found.msgid, tuple):
            if not _plural_ok(message.string, nplurals):
                out.append(f"{label} lacks some of its {nplurals} plural forms")
        elif not message.string or isinstance(message.string, tuple | list):
            out.append(f"{label} has no translation")
    out.extend(_stale_mo(app, language, catalogue))
    return out


def _stale_mo(app: str, language: str, catalogue: Catalog) -> list[str]:
    """The compiled .mo must say what the .po says (Django reads only the .mo). Read with
    the standard library's gettext, as Django does."""
    import gettext

    mo = po_path(app, language).with_suffix(".mo")
    if not mo.exists():
        return [f"{mo.relative_to(BASE_DIR)} is missing: run python -m cms.i18n_catalogues update"]
    with mo.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        if not message.id or message.fuzzy or not all(strings):
            continue  # untranslated: problems() reports it; msgfmt leaves it out too
        singular = message.id[0] if isinstance(message.id, tuple) else message.id
        key = f"{message.context}\x04{singular}" if message.context else singular
        if isinstance(message.id, tuple):
            found = [compiled.get((key, i)) for i in range(len(strings))]
        else:
            found = [compiled.get(key)]
        if found != list(strings):
            return [f"{mo.relative_to(BASE_DIR)} is older than its .po: recompile it"]
    return []


def update(app: str, language: str) -> Catalog:
    """Add new messages (untranslated), drop obsolete ones, keep translations; compile."""
    path = po_path(app, language)
    old = read_catalogue(path, language)
    new = Catalog(
        locale=language, project="guide-cms", fuzzy=False, header_comment=old.header_comment
    )
    new.language_team = old.language_team or ""
    for found in extract_app(app):
        previous = old.get(found.key[0], context=found.context)
        existing = new.get(found.key[0], context=found.context)
        if existing is not None:
            existing.locations.append(
                (found.where.rsplit(":", 1)[0], int(found.where.rsplit(":", 1)[1]))
            )
            continue
        string = (
            previous.string
            if previous is not None
            else ("" if not isinstance(found.msgid, tuple) else ())
        )
        flags = (
            ["python-format"]
            if "%(" in (found.msgid[0] if isinstance(found.msgid, tuple) else found.msgid)
            else []
        )
        new.add(
            found.msgid,
            string,
            locations=[(found.where.rsplit(":", 1)[0], int(found.where.rsplit(":", 1)[1]))],
            auto_comments=found.comments,
            context=found.context,
            flags=flags,
        )
    write(new, app, language)
    return new


def write(catalogue: Catalog, app: str, language: str) -> None:
    """Write the .po (with our plural rule) and its compiled .mo."""
    path = po_path(app, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, omit_header=False, sort_output=False)
    text = buffer.getvalue().decode("utf-8")
    text = _with_plural_forms(text, PLURAL_FORMS[language])
    path.write_text(text, "utf-8")
    with path.open("rb") as fh:
        reread = read_po(fh, locale=language)
    with path.with_suffix(".mo").open("wb") as fh:
        write_mo(fh, reread, use_fuzzy=False)


def _with_plural_forms(text: str, rule: str) -> str:
    """The header's Plural-Forms as one line. Babel wraps a long value (Arabic's rule) over
    several quoted lines; the continuation lines go with the value they continue, never
    left behind as a stray header line. A stray line left by an older write goes too."""
    lines = text.splitlines()
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith('"Plural-Forms:'):
            out.append(f'"Plural-Forms: {rule}\\n"')
            i += 1
            while i < len(lines) and lines[i].startswith('"') and not _HEADER_FIELD.match(lines[i]):
                i += 1
            continue
        out.append(line)
        i += 1
    return "\n".join(out) + "\n"


_HEADER_FIELD = re.compile(r'^"[A-Za-z][\w-]*: ')


def main(argv: list[str]) -> int:
    """`check` or `update`, for every app or for the apps named after the command."""
    import django

    django.setup()
    command = argv[1] if len(argv) > 1 else "check"
    apps = tuple(argv[2:]) or APPS
    unknown = sorted(set(apps) - set(APPS))
    if unknown:
        print(f"not an app with a catalogue: {', '.join(unknown)} (APPS: {', '.join(APPS)})")
        return 2
    failures = []
    for app in apps:
        for language in LANGUAGES:
            if command == "update":
                update(app, language)
            failures.extend(problems(app, language))
    for line in failures:
        print(line)
    return 1 if failures and command == "check" else 0


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    sys.exit(main(sys.argv))
