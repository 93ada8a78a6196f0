"""Quality warnings a reviewer sees beside each machine-translated segment.

Warnings, not errors: a human decides. They point at the failures that matter in
medical text (a dose that changed, a drug name that got translated, a link that
vanished) and at the obvious machine failures (nothing translated, half a sentence
missing, a text in the wrong script or language). The pipeline already guarantees
placeholders come back, so these checks mostly catch what a human editor changes by hand
and what providers do outside placeholders.

Script and language (`_language_warnings`), cheapest first, only on the text that can
say which language it is (numbers, doses, markup and glossary terms removed):

1. `wrong_script`: most letters are in a script the target language is not written in
   (Latin for Arabic or Chinese, Han for Spanish). Exact; needs 12 letters (ideographs
   count three), so "FAQ", "Minoxidil 5%" or a kept product name never trip it.
2. `pseudo_localized`: nearly every Latin letter carries an accent or hook ("Ĥéĺĺö"),
   which no language does (Spanish, French, German, Portuguese: 1-5 % of letters;
   Vietnamese ~40 %) and pseudo-localization always does. So the offline `pseudo`
   provider's output is flagged for every target, never approved in bulk.
3. `wrong_language`: a statistical model (locales/qa/language_id.py) is at least 90 % sure,
   among the enabled languages (the source included) written in the target's script,
   that a text of 30+ letters is in another one (English or French for a Spanish target).

None of them is asked when the text is identical to the source (`untranslated` says it).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from locales.machine_translation.protection import MARKUP_RE, NUMBER_RE, is_well_nested
from locales.qa import words as words_for
from locales.qa.language_id import identify, locale_scripts, script_profile
from locales.registry import LocaleInfo

if TYPE_CHECKING:
    from locales.glossary import GlossaryTerm

# Languages written without spaces between words: terms are matched as substrings and
# text is much shorter than its English source.
UNSPACED = frozenset({"zh", "ja", "ko", "th", "lo", "km", "my"})
LENGTH_RATIO = {"default": (0.5, 2.2), "unspaced": (0.12, 1.3)}
MIN_LENGTH_FOR_RATIO = 20  # short strings ("FAQ", "Yes.") vary too much to judge
MIN_SCRIPT_LETTERS = 12  # letters (an ideograph counts 3) before a script is judged
SCRIPT_SHARE = 0.5  # less of the text than this in the target's script: wrong script
PSEUDO_MIN_LETTERS = 3
PSEUDO_SHARE = 0.8  # Latin letters outside ASCII
MIN_LANGUAGE_LETTERS = 30  # shorter texts are not asked which language they are in
LANGUAGE_CONFIDENCE = 0.9


@dataclass(frozen=True, slots=True)
class QAWarning:
    # "numbers" | "markup" | "glossary" | "untranslated" | "length_ratio" | "wrong_script"
    # | "pseudo_localized" | "wrong_language"
    code: str
    message: str


def plain_text(text: str) -> str:
    """Visible text: tags dropped, entities decoded, whitespace collapsed."""
    without_tags = re.sub(r"<[^<>]+>", " ", text)
    return " ".join(html.unescape(without_tags).split())


def _number_key(token: str) -> str:
    """'1,5 mg' == '1.5 mg' == '1.5mg'; en dash == hyphen; 'µg' == 'μg'; 'mL' == 'ml'."""
    key = re.sub(r"\s+", "", token).replace("\u2013", "-").replace("\u2014", "-")
    key = key.replace(",", ".").replace("µ", "μ")
    return key.lower()


def numbers(text: str) -> Counter:
    return Counter(_number_key(m.group(0)) for m in NUMBER_RE.finditer(plain_text(text)))


def _tags(text: str) -> Counter:
    return Counter(
        " ".join(m.group(0).lower().split())
        for m in MARKUP_RE.finditer(text)
        if m.group(0).startswith("<")
    )


def _term_pattern(term: str, *, case_sensitive: bool, unspaced: bool) -> re.Pattern:
    flags = 0 if case_sensitive else re.IGNORECASE
    pattern = re.escape(term.strip()) if unspaced else rf"(?<!\w){re.escape(term.strip())}(?!\w)"
    return re.compile(pattern, flags)


def _contains(text: str, term: str, *, case_sensitive: bool, unspaced: bool) -> bool:
    pattern = _term_pattern(term, case_sensitive=case_sensitive, unspaced=unspaced)
    return pattern.search(text) is not None


def prose(text: str, glossary: Sequence[GlossaryTerm] = (), *, unspaced: bool = False) -> str:
    """The visible words that say which language a text is in.

    Numbers and doses ("1,5 mg"), markup and glossary terms (kept product names, imposed
    translations) are dropped: they look the same in every language.
    """
    words = NUMBER_RE.sub(" ", plain_text(text))
    for term in glossary:
        for value in (term.source_term, "" if term.do_not_translate else term.translation):
            if (value or "").strip():
                pattern = _term_pattern(
                    value, case_sensitive=term.case_sensitive, unspaced=unspaced
                )
                words = pattern.sub(" ", words)
    return " ".join(words.split())


def _describe(counter: Counter) -> str:
    items = sorted(counter.elements())
    return words_for.listed(items) if items else words_for.gettext("none")


def _differences(source: Counter, translated: Counter, *, extra) -> list[str]:
    """What the translation lacks and what it adds, as phrases for a reviewer (`extra`
    words the additions: qa_words.not_in_source or qa_words.added)."""
    parts = []
    if missing := source - translated:
        parts.append(words_for.missing(_describe(missing)))
    if added := translated - source:
        parts.append(extra(_describe(added)))
    return parts


def check_translation(
    source: str,
    translated: str,
    *,
    target: LocaleInfo,
    glossary: Sequence[GlossaryTerm] = (),
    languages: Sequence[LocaleInfo] | None = None,
) -> list[QAWarning]:
    """Warnings for one segment translation (empty list: nothing to flag).

    `languages`: the locales a text may be mistaken for (default: the enabled ones).
    """
    warnings: list[QAWarning] = []
    unspaced = target.language in UNSPACED
    source_text, translated_text = plain_text(source), plain_text(translated)

    source_numbers, translated_numbers = numbers(source), numbers(translated)
    if source_numbers != translated_numbers:
        parts = _differences(source_numbers, translated_numbers, extra=words_for.not_in_source)
        warnings.append(QAWarning("numbers", words_for.numbers_differ(parts)))

    source_tags, translated_tags = _tags(source), _tags(translated)
    if source_tags != translated_tags or (
        is_well_nested(source) and not is_well_nested(translated)
    ):
        detail = _differences(source_tags, translated_tags, extra=words_for.added)
        warnings.append(QAWarning("markup", words_for.markup_differs(detail)))

    for term in glossary:
        if not (term.source_term or "").strip():
            continue
        if not _contains(
            source_text, term.source_term, case_sensitive=term.case_sensitive, unspaced=False
        ):
            continue
        expected = term.source_term if term.do_not_translate else term.translation
        if not _contains(
            translated_text, expected, case_sensitive=term.case_sensitive, unspaced=unspaced
        ):
            message = words_for.glossary_missing(
                term.source_term, None if term.do_not_translate else expected
            )
            warnings.append(QAWarning("glossary", message))

    # A long source has two words of three letters or more; numbers, doses and glossary
    # terms are no words and abbreviations too short: "Finasteride 1 mg", "Dr. Müller" are
    # short strings, which every locale may keep as they are.
    words = re.findall(r"[^\W\d_]{3,}", prose(source, glossary))
    identical = source_text.casefold() == translated_text.casefold()
    if len(words) >= 2 and identical:
        warnings.append(QAWarning("untranslated", words_for.identical()))

    if len(source_text) >= MIN_LENGTH_FOR_RATIO and translated_text:
        low, high = LENGTH_RATIO["unspaced" if unspaced else "default"]
        ratio = len(translated_text) / len(source_text)
        if not low <= ratio <= high:
            warnings.append(QAWarning("length_ratio", words_for.length_ratio(ratio, low, high)))
    elif source_text and not translated_text:
        warnings.append(QAWarning("length_ratio", words_for.empty()))

    if not identical and translated_text:
        text = prose(translated, glossary, unspaced=unspaced)
        warnings.extend(_language_warnings(text, target=target, languages=languages))
    return warnings


def _language_warnings(
    text: str, *, target: LocaleInfo, languages: Sequence[LocaleInfo] | None
) -> list[QAWarning]:
    """At most one of wrong_script, pseudo_localized, wrong_language (the first that fits)."""
    profile = script_profile(text)
    decorated = profile.latin and len(profile.decorated) / profile.latin >= PSEUDO_SHARE
    sample = "".join(dict.fromkeys(profile.decorated))[:6]
    expected = locale_scripts(target.code)
    if expected and profile.total >= MIN_SCRIPT_LETTERS and profile.share(expected) < SCRIPT_SHARE:
        hint = sample if decorated and profile.dominant() == "Latin" else ""
        message = words_for.wrong_script(profile.dominant(), target.code, expected, hint)
        return [QAWarning("wrong_script", message)]
    if decorated and profile.latin >= PSEUDO_MIN_LETTERS:
        return [QAWarning("pseudo_localized", words_for.pseudo_localized(sample, target.code))]
    if sum(ch.isalpha() for ch in text) < MIN_LANGUAGE_LETTERS or expected is None:
        return []
    if languages is None:
        from locales.registry import get_registry

        languages = get_registry().all
    # Only languages written like the target: the script check already ruled out others.
    rivals = {i.language for i in languages if locale_scripts(i.code) == expected}
    if target.language not in rivals or len(rivals) < 2:
        return []
    ranking = identify(text, rivals)
    if not ranking or ranking[0][0] == target.language or ranking[0][1] < LANGUAGE_CONFIDENCE:
        return []
    found, probability = ranking[0]
    source = next((i for i in languages if i.is_source), None)
    is_source = source is not None and source.language == found
    message = words_for.wrong_language(found, probability, target.code, is_source)
    return [QAWarning("wrong_language", message)]
