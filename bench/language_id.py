"""Language identification for the QA checks: load time, memory, cost per segment, accuracy.

Runs on this project's texts: the demo guide (content/fixtures/, English) and the
hand-written es/fr/de/pt/ar/zh sentences of tests/providers/language_samples.py (some
full of English drug names and abbreviations), plus the demo guide pseudo-localized. Prints, for py3langid as locales/qa/language_id.py uses it
(and for lingua-language-detector too, if it is installed, to compare):

* load: import + model + restriction to the enabled languages, in this fresh process;
* memory: resident set size added by that load;
* per segment: identify() alone, and the whole check_translation() of a segment;
* accuracy: texts whose most likely language is wrong, and those below 0.9.

    .venv/bin/python bench/language_id.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from locales.machine_translation.providers.pseudo import pseudolocalize  # noqa: E402
from locales.qa import language_id  # noqa: E402
from locales.qa.checks import check_translation, prose  # noqa: E402
from locales.registry import get_registry  # noqa: E402
from tests.providers.language_samples import (  # noqa: E402
    SAMPLES,
    WITH_TERMS,
    english_paragraphs,
)

REPEAT = 20


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def texts() -> list[tuple[str, str]]:
    """(language, text): the samples, those full of English terms, the demo guide's lines."""
    return [
        *(
            (lang, t)
            for samples in (SAMPLES, WITH_TERMS)
            for lang, ts in samples.items()
            for t in ts
        ),
        *(("en", p) for p in english_paragraphs()),
    ]


def per_call_us(func, items) -> float:
    start = time.perf_counter()
    for _ in range(REPEAT):
        for item in items:
            func(item)
    return (time.perf_counter() - start) / (REPEAT * len(items)) * 1e6


def accuracy(detect, cases) -> tuple[int, int]:
    wrong = unsure = 0
    for lang, text in cases:
        found, probability = detect(text)[0]
        wrong += found != lang
        unsure += probability < 0.9
    return wrong, unsure


def main() -> None:
    registry = get_registry()
    candidates = sorted({info.language for info in registry.all})
    cases = texts()
    print(f"{len(cases)} texts (avg {sum(len(t) for _, t in cases) / len(cases):.0f} chars), ")
    print(f"candidate languages: {', '.join(candidates)}\n")

    before, start = rss_mb(), time.perf_counter()
    language_id.identify("Warm the model up once.", candidates)
    load = time.perf_counter() - start
    print(f"py3langid: load {load * 1000:.0f} ms, +{rss_mb() - before:.0f} MB resident")
    identify_us = per_call_us(lambda t: language_id.identify(t[1], candidates), cases)
    wrong, unsure = accuracy(lambda t: language_id.identify(t, candidates), cases)
    print(f"  identify: {identify_us:.0f} µs per text; wrong {wrong}, below 0.9 {unsure}")

    targets = {info.language: info for info in registry.targets}
    segments = [(targets.get(lang) or targets["es"], text) for lang, text in cases]
    pseudo = [(targets["es"], pseudolocalize(p)) for p in english_paragraphs()]
    source = english_paragraphs()[2]
    for name, items in (("own language", segments), ("pseudo (es)", pseudo)):
        cost = per_call_us(lambda s: check_translation(source, s[1], target=s[0]), items)
        print(f"  check_translation, {name}: {cost:.0f} µs per segment")
    letters = [sum(c.isalpha() for c in prose(t)) for _, t in cases]
    print(f"  texts past the 30-letter language threshold: {sum(n >= 30 for n in letters)}")

    try:
        from lingua import IsoCode639_1, LanguageDetectorBuilder
    except ImportError:
        print("\nlingua-language-detector: not installed (pip install it to compare)")
        return
    before, start = rss_mb(), time.perf_counter()
    detector = (
        LanguageDetectorBuilder.from_iso_codes_639_1(
            *[IsoCode639_1.from_str(c) for c in candidates]
        )
        .with_preloaded_language_models()
        .build()
    )
    load = time.perf_counter() - start

    def detect(text: str) -> list[tuple[str, float]]:
        return [
            (v.language.iso_code_639_1.name.lower(), v.value)
            for v in detector.compute_language_confidence_values(text)
        ]

    print(f"\nlingua (preloaded): load {load * 1000:.0f} ms, +{rss_mb() - before:.0f} MB resident")
    lingua_us = per_call_us(lambda t: detect(t[1]), cases)
    wrong, unsure = accuracy(detect, cases)
    print(f"  detect: {lingua_us:.0f} µs per text; wrong {wrong}, below 0.9 {unsure}")


if __name__ == "__main__":
    main()
