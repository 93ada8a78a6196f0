"""`LocaleRegistry.negotiate` for Accept-Language, written out as VCL subroutines.

The edge must pick a request's locale *before* its cache lookup, so that every
Accept-Language header that the API would serve in `es` shares one cached copy (a
handful of variants per URL, not one per header value). Varnish cannot call Python, so
the rule is unrolled here from the registry and CLDR's likely subtags, the same data the
API uses: Django's header parser (whole header valid or nothing, 500-character cap, q
ordering with ties in header order), then per tag the enabled locale it names, else the
first enabled locale with the same language and script. The edge then forwards only the
chosen code, so whatever it picks is also what the origin serves under that key.
tests/production/test_edge.py compares the two on a corpus of headers.
"""

from __future__ import annotations

import re
from collections import defaultdict

from babel.core import get_global, parse_locale

from locales.registry import LocaleRegistry, UnknownLocale, canonical_code, language_and_script

# Entries of one header the edge reads (a browser sends 2-6); later ones are ignored.
MAX_ENTRIES = 12
# django.utils.translation.trans_real: LANGUAGE_CODE_MAX_LENGTH and accept_language_re.
HEADER_MAX = 500
HEADER_RE = (
    r"^(?:(?:[a-z]{1,8}(?:-[a-z0-9]{1,8})*|\*)"
    r"(?:\s*;\s*q=(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?))?(?:\s*,\s*|$))*$"
)


def _regions_by_script(language: str, default_script: str) -> dict[str, list[str]]:
    """Regions whose likely script for `language` differs from its default (zh-TW: Hant)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key, value in get_global("likely_subtags").items():
        lang, _, region = key.partition("_")
        if lang != language or not re.fullmatch(r"[A-Z]{2}|[0-9]{3}", region):
            continue
        script = parse_locale(value)[2] or ""
        if script != default_script:
            groups[script].append(region.lower())
    return {script: sorted(regions) for script, regions in sorted(groups.items())}


def _exact_names(registry: LocaleRegistry) -> dict[str, str]:
    """Lower-case tags `registry.find` maps onto an enabled code: the codes, and language
    aliases babel canonicalises to one (`iw` -> `he`)."""
    names = {info.code.lower(): info.code for info in registry.all}
    for alias in get_global("language_aliases"):
        try:
            canonical = canonical_code(alias)
        except UnknownLocale:
            continue
        info = registry.find(canonical)
        if info is not None and canonical.lower() == info.code.lower():
            names.setdefault(alias.lower().replace("_", "-"), info.code)
    return dict(sorted(names.items()))


def _language_block(language: str, registry: LocaleRegistry) -> list[str]:
    likely = language_and_script(language)
    default_script = likely[1] if likely else ""
    lines = [f'    if (req.http.X-Edge-Lang == "{language}") {{']
    lines.append('        if (req.http.X-Edge-Script == "") {')
    branches = _regions_by_script(language, default_script)
    keyword = "if"
    for script, regions in branches.items():
        lines.append(
            f'            {keyword} (req.http.X-Edge-Region ~ "^({"|".join(regions)})$") {{'
        )
        lines.append(f'                set req.http.X-Edge-Script = "{script.lower()}";')
        keyword = "} elsif"
    if branches:
        lines.append("            } else {")
        lines.append(f'                set req.http.X-Edge-Script = "{default_script.lower()}";')
        lines.append("            }")
    else:
        lines.append(f'            set req.http.X-Edge-Script = "{default_script.lower()}";')
    lines.append("        }")
    seen: set[str] = set()
    for info in registry.all:
        lang_script = language_and_script(info.code)
        if lang_script is None or lang_script[0] != language or lang_script[1] in seen:
            continue
        seen.add(lang_script[1])  # the first enabled locale of a script wins
        lines.append(f'        if (req.http.X-Edge-Script == "{lang_script[1].lower()}") {{')
        lines.append(f'            set req.http.X-Edge-Mapped = "{info.code}";')
        lines.append("        }")
    lines.append("        return;")
    lines.append("    }")
    return lines


def negotiation_vcl(registry: LocaleRegistry) -> str:
    """Subroutines `edge_locale` (Accept-Language -> req.http.X-Edge-Locale) and helpers."""
    out = [
        "# Accept-Language -> one enabled locale (LocaleRegistry.negotiate; api/edge/negotiation_vcl.py).",
        "sub edge_locale {",
        f'    set req.http.X-Edge-Locale = "{registry.source.code}";',
        '    set req.http.X-Edge-Best = "-1";',
        "    set req.http.X-Edge-Rest = std.tolower(req.http.Accept-Language);",
        f'    if (req.http.X-Edge-Rest ~ "^.{{{HEADER_MAX + 1}}}") {{',
        "        # Django parses up to the last comma in the first 500 characters.",
        f'        if (req.http.X-Edge-Rest ~ "^.{{0,{HEADER_MAX - 1}}},") {{',
        f'            set req.http.X-Edge-Rest = regsub(req.http.X-Edge-Rest, "^(.{{0,{HEADER_MAX - 1}}}),.*$", "\\1");',
        "        } else {",
        '            set req.http.X-Edge-Rest = "";',
        "        }",
        "    }",
        f'    if (req.http.X-Edge-Rest !~ "{HEADER_RE}") {{',
        '        set req.http.X-Edge-Rest = "";  # Django ignores a malformed header whole',
        "    }",
    ]
    out += ["    call edge_locale_entry;"] * MAX_ENTRIES
    out += [
        "    unset req.http.X-Edge-Best;",
        "    unset req.http.X-Edge-Rest;",
        "    unset req.http.X-Edge-Entry;",
        "    unset req.http.X-Edge-Q;",
        "    unset req.http.X-Edge-Tag;",
        "    unset req.http.X-Edge-Mapped;",
        "    unset req.http.X-Edge-Pre;",
        "    unset req.http.X-Edge-Lang;",
        "    unset req.http.X-Edge-Script;",
        "    unset req.http.X-Edge-Region;",
        "}",
        "",
        "# One entry of the header: the highest q wins, the first one on a tie.",
        "sub edge_locale_entry {",
        '    if (req.http.X-Edge-Rest !~ "[^\\s,]") {',
        "        return;",
        "    }",
        '    set req.http.X-Edge-Entry = regsub(req.http.X-Edge-Rest, "^\\s*([^,]*?)\\s*(,.*)?$", "\\1");',
        '    set req.http.X-Edge-Rest = regsub(req.http.X-Edge-Rest, "^[^,]*,?", "");',
        '    set req.http.X-Edge-Tag = regsub(req.http.X-Edge-Entry, "\\s*;.*$", "");',
        '    set req.http.X-Edge-Q = "1";',
        '    if (req.http.X-Edge-Entry ~ ";") {',
        '        set req.http.X-Edge-Q = regsub(req.http.X-Edge-Entry, "^.*q=([0-9.]*).*$", "\\1");',
        '        set req.http.X-Edge-Q = regsub(req.http.X-Edge-Q, "\\.$", "");',
        "    }",
        "    if (std.real(req.http.X-Edge-Q, 0.0) <= std.real(req.http.X-Edge-Best, -1.0)) {",
        "        return;",
        "    }",
        "    call edge_locale_tag;",
        "    if (req.http.X-Edge-Mapped) {",
        "        set req.http.X-Edge-Locale = req.http.X-Edge-Mapped;",
        "        set req.http.X-Edge-Best = req.http.X-Edge-Q;",
        "    }",
        "}",
        "",
        "# One lower-case tag -> req.http.X-Edge-Mapped (an enabled code), or unset.",
        "sub edge_locale_tag {",
        "    unset req.http.X-Edge-Mapped;",
    ]
    for name, code in _exact_names(registry).items():
        out.append(f'    if (req.http.X-Edge-Tag == "{name}") {{')
        out.append(f'        set req.http.X-Edge-Mapped = "{code}";')
        out.append("        return;")
        out.append("    }")
    out += [
        "    # Language, script and region before any singleton (-u-..., -x-...).",
        '    set req.http.X-Edge-Pre = regsub(req.http.X-Edge-Tag, "-[a-z0-9](-.*)?$", "");',
        '    set req.http.X-Edge-Lang = regsub(req.http.X-Edge-Pre, "-.*$", "");',
        '    set req.http.X-Edge-Script = "";',
        '    if (req.http.X-Edge-Pre ~ "-[a-z]{4}(-|$)") {',
        '        set req.http.X-Edge-Script = regsub(req.http.X-Edge-Pre, "^.*?-([a-z]{4})(-.*)?$", "\\1");',
        "    }",
        '    set req.http.X-Edge-Region = "";',
        '    if (req.http.X-Edge-Pre ~ "-([a-z]{2}|[0-9]{3})(-|$)") {',
        '        set req.http.X-Edge-Region = regsub(req.http.X-Edge-Pre, "^.*?-([a-z]{2}|[0-9]{3})(-.*)?$", "\\1");',
        "    }",
    ]
    languages: list[str] = []
    for info in registry.all:
        if info.language not in languages:
            languages.append(info.language)
    for language in languages:
        out += _language_block(language, registry)
    out.append("}")
    return "\n".join(out) + "\n"
