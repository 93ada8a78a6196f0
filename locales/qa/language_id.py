"""Which script and which language a text is written in: offline and deterministic.

The QA checks (locales/qa/checks.py) ask two questions, cheapest first:

* **Scripts** — exact: each letter's script comes from its Unicode character name
  (`LATIN SMALL LETTER H WITH CIRCUMFLEX` is Latin, `ARABIC LETTER BEH` Arabic,
  `CJK UNIFIED IDEOGRAPH-…` Han), and a locale's script from its code or CLDR's likely
  subtags (babel: `ar` → `ar_Arab_EG`, `zh-Hans` → Hans). No model, no I/O.
* **Languages** — statistical: which of the candidate languages a text reads as, with
  py3langid (langid.py's naive Bayes over byte n-grams; the model ships inside the package,
  nothing is downloaded, the same text always gets the same answer). The model is loaded
  once per process, the first time a text needs it (0.8-1.3 s and ~85 MB resident, numpy
  included, on the 2-core machine), and each candidate set gets a restricted copy sharing
  its arrays; then ~0.1 ms per text. `bench/language_id.py` prints these figures.

py3langid was chosen over lingua-language-detector after measuring both on the demo guide
and hand-written es/fr/de/pt/ar/zh sentences, some full of English drug names
(tests/providers/language_samples.py; `bench/language_id.py` compares them when lingua is
installed): no wrong answer on 103 texts against lingua's 4 (lingua: a short German
heading, Spanish and Portuguese sentences with English terms read as English or
Portuguese), 5 answers below 0.9 against 26, so 0.9 can be the threshold without missing
a wrong-language text of 30+ letters; 2-3x faster per text, a third of the memory
(lingua with its models loaded: 210-250 MB), half the install (4.5 MB + numpy's 45 MB
against a 96 MB wheel). lingua's low-accuracy mode is light (18 MB) but was 100 % sure
that a Spanish sentence with a few English terms was English.
"""

from __future__ import annotations

import copy
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# Unicode name prefixes of the scripts a locale may be written in; letters of any other
# (modifier letters, symbols like µ, ª) are left out of the counts.
_NAME_SCRIPTS = {
    "LATIN": "Latin",
    "ARABIC": "Arabic",
    "CJK": "Han",
    "HIRAGANA": "Hiragana",
    "KATAKANA": "Katakana",
    "HANGUL": "Hangul",
    "CYRILLIC": "Cyrillic",
    "GREEK": "Greek",
    "HEBREW": "Hebrew",
    "DEVANAGARI": "Devanagari",
    "BENGALI": "Bengali",
    "GURMUKHI": "Gurmukhi",
    "GUJARATI": "Gujarati",
    "TAMIL": "Tamil",
    "TELUGU": "Telugu",
    "KANNADA": "Kannada",
    "MALAYALAM": "Malayalam",
    "SINHALA": "Sinhala",
    "THAI": "Thai",
    "LAO": "Lao",
    "KHMER": "Khmer",
    "MYANMAR": "Myanmar",
    "TIBETAN": "Tibetan",
    "GEORGIAN": "Georgian",
    "ARMENIAN": "Armenian",
    "ETHIOPIC": "Ethiopic",
}
# ISO 15924 code (CLDR) -> the scripts above that locale's text is written in.
_ISO_SCRIPTS = {
    "Latn": {"Latin"},
    "Arab": {"Arabic"},
    "Hans": {"Han"},
    "Hant": {"Han"},
    "Hani": {"Han"},
    "Jpan": {"Han", "Hiragana", "Katakana"},
    "Kore": {"Hangul", "Han"},
    "Cyrl": {"Cyrillic"},
    "Grek": {"Greek"},
    "Hebr": {"Hebrew"},
    "Deva": {"Devanagari"},
    "Beng": {"Bengali"},
    "Guru": {"Gurmukhi"},
    "Gujr": {"Gujarati"},
    "Taml": {"Tamil"},
    "Telu": {"Telugu"},
    "Knda": {"Kannada"},
    "Mlym": {"Malayalam"},
    "Sinh": {"Sinhala"},
    "Thai": {"Thai"},
    "Laoo": {"Lao"},
    "Khmr": {"Khmer"},
    "Mymr": {"Myanmar"},
    "Tibt": {"Tibetan"},
    "Geor": {"Georgian"},
    "Armn": {"Armenian"},
    "Ethi": {"Ethiopic"},
}
# One ideograph or syllable block carries about as much text as three alphabetic letters
# (Chinese runs at ~30 % of its English source's length), so mixed text is judged fairly.
_WEIGHT = {"Han": 3, "Hiragana": 3, "Katakana": 3, "Hangul": 3}
SCRIPT_LABELS = {"Han": "Han (Chinese characters)"}


@lru_cache(maxsize=8192)
def letter_script(char: str) -> str | None:
    """The script of one letter ('ĥ' -> 'Latin', '中' -> 'Han'), None for other characters."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    if name.startswith(("FULLWIDTH LATIN", "HALFWIDTH LATIN")):
        return "Latin"
    return _NAME_SCRIPTS.get(name.split(" ", 1)[0])


@dataclass(frozen=True, slots=True)
class ScriptProfile:
    weights: Counter  # script -> letters, ideographs counted three times
    latin: int  # Latin letters
    decorated: str  # the Latin letters outside ASCII, in order ("ĥéĺĺö")

    @property
    def total(self) -> int:
        return sum(self.weights.values())

    def share(self, scripts: Iterable[str]) -> float:
        return sum(self.weights[s] for s in scripts) / self.total if self.total else 1.0

    def dominant(self) -> str:
        return self.weights.most_common(1)[0][0]


def script_profile(text: str) -> ScriptProfile:
    weights: Counter = Counter()
    latin = 0
    decorated: list[str] = []
    for char in text:
        script = letter_script(char)
        if script is None:
            continue
        weights[script] += _WEIGHT.get(script, 1)
        if script == "Latin":
            latin += 1
            if not char.isascii():
                decorated.append(char)
    return ScriptProfile(weights, latin, "".join(decorated))


@lru_cache(maxsize=64)
def locale_scripts(code: str) -> frozenset[str] | None:
    """Scripts a locale is written in ('ar' -> {'Arabic'}); None when not known here."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        loc = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None
    iso = loc.script
    if not iso:
        likely = get_global("likely_subtags")
        keys = [f"{loc.language}_{loc.territory}"] if loc.territory else []
        for key in [*keys, loc.language]:
            parts = likely.get(key, "").split("_")
            if len(parts) > 1:
                iso = parts[1]
                break
    scripts = _ISO_SCRIPTS.get(iso or "")
    return frozenset(scripts) if scripts else None


# --- language identification (py3langid) ------------------------------------------------

_lock = threading.Lock()
_model = None  # the full model, loaded on first use
_known: frozenset[str] = frozenset()  # its languages
_views: dict[tuple[str, ...], object] = {}  # candidate set -> restricted identifier


def _load_model():
    global _model, _known
    if _model is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        _known = frozenset(model.labels)
        _model = model
    return _model


def _identifier(languages: tuple[str, ...]):
    view = _views.get(languages)
    if view is None:
        with _lock:
            view = _views.get(languages)
            if view is None:
                view = copy.copy(_load_model())  # shares the arrays; set_languages rebinds
                view.set_languages(languages)
                _views[languages] = view
    return view


def model_languages() -> frozenset[str]:
    """ISO 639-1 codes the model knows (loads the model)."""
    if _model is None:
        with _lock:
            _load_model()
    return _known


def identify(text: str, candidates: Iterable[str]) -> list[tuple[str, float]]:
    """[(language, probability)] over `candidates` the model knows, most likely first.

    Probabilities are normalized over those candidates. Empty when fewer than two known.
    """
    known = model_languages()
    languages = tuple(sorted({c for c in candidates if c in known}))
    if len(languages) < 2:
        return []
    return [(lang, float(p)) for lang, p in _identifier(languages).rank(text)]
