"""Genuine sentences per enabled language, for the language QA checks and their benchmark.

Written by hand for this project (hair-loss treatment, the demo guide's subject), from a
two-word heading to a long answer, so the checks are measured on what reviewers see.
The English samples are the demo guide's own text (content/fixtures/).
"""

# ruff: noqa: RUF001  (genuine Chinese punctuation, en dashes in doses)
from __future__ import annotations

from pathlib import Path

SAMPLES: dict[str, list[str]] = {
    "es": [
        "Preguntas frecuentes",
        "¿Qué son los exosomas?",
        "¿Es segura la terapia con exosomas para la caída del cabello?",
        "Los exosomas son pequeñas vesículas extracelulares que desempeñan un papel "
        "fundamental en la comunicación entre las células.",
        "El procedimiento suele requerir varias sesiones separadas por algunas semanas, y la "
        "mayoría de los pacientes retoma sus actividades habituales el mismo día.",
        "Consulte siempre a su médico antes de empezar cualquier tratamiento contra la caída "
        "del cabello, sobre todo si toma otros medicamentos.",
        "Algunos pacientes notan un cabello más denso al cabo de pocas semanas; otros "
        "necesitan varios meses para ver cambios apreciables.",
        "Tome 5 mg al día durante 2 semanas.",
    ],
    "fr": [
        "Questions fréquentes",
        "Que sont les exosomes ?",
        "La thérapie par exosomes est-elle sans danger pour traiter la chute des cheveux ?",
        "Les exosomes sont de petites vésicules extracellulaires qui jouent un rôle essentiel "
        "dans la communication entre les cellules.",
        "Le traitement comprend généralement plusieurs séances espacées de quelques semaines, "
        "et la plupart des patients reprennent leurs activités habituelles le jour même.",
        "Demandez toujours l'avis de votre médecin avant de commencer un traitement contre la "
        "chute des cheveux, surtout si vous prenez d'autres médicaments.",
        "Certains patients constatent des cheveux plus épais au bout de quelques semaines, "
        "alors que d'autres doivent attendre plusieurs mois.",
        "Prenez 5 mg par jour pendant 2 semaines.",
    ],
    "de": [
        "Häufig gestellte Fragen",
        "Was sind Exosomen?",
        "Ist die Exosomen-Therapie bei Haarausfall sicher?",
        "Exosomen sind winzige extrazelluläre Vesikel, die eine wichtige Rolle bei der "
        "Kommunikation zwischen Zellen spielen.",
        "Die Behandlung umfasst in der Regel mehrere Sitzungen im Abstand von einigen Wochen, "
        "und die meisten Patienten können ihren Alltag noch am selben Tag wieder aufnehmen.",
        "Sprechen Sie immer mit Ihrer Ärztin oder Ihrem Arzt, bevor Sie eine Behandlung gegen "
        "Haarausfall beginnen, besonders wenn Sie andere Medikamente einnehmen.",
        "Manche Patienten bemerken schon nach wenigen Wochen dichteres Haar, andere müssen "
        "mehrere Monate warten.",
        "Nehmen Sie 2 Wochen lang täglich 5 mg ein.",
    ],
    "pt": [
        "Perguntas frequentes",
        "O que são exossomos?",
        "A terapia com exossomos é segura para tratar a queda de cabelo?",
        "Os exossomos são pequenas vesículas extracelulares que desempenham um papel "
        "importante na comunicação entre as células.",
        "O tratamento costuma exigir várias sessões com intervalo de algumas semanas, e a "
        "maioria dos pacientes volta às atividades normais no mesmo dia.",
        "Converse sempre com seu médico antes de começar qualquer tratamento para queda de "
        "cabelo, principalmente se você usa outros remédios.",
        "Alguns pacientes percebem cabelos mais grossos depois de poucas semanas; outros "
        "precisam esperar vários meses.",
        "Tome 5 mg por dia durante 2 semanas.",
    ],
    "ar": [
        "الأسئلة الشائعة",
        "ما هي الإكسوسومات؟",
        "هل العلاج بالإكسوسومات آمن لعلاج تساقط الشعر؟",
        "الإكسوسومات حويصلات صغيرة خارج الخلايا تؤدي دورًا مهمًا في التواصل بين الخلايا.",
        "يتطلب العلاج عادةً عدة جلسات تفصل بينها بضعة أسابيع، ويستطيع معظم المرضى العودة إلى "
        "أنشطتهم المعتادة في اليوم نفسه.",
        "استشر طبيبك دائمًا قبل بدء أي علاج لتساقط الشعر، خاصةً إذا كنت تتناول أدوية أخرى.",
        "يلاحظ بعض المرضى شعرًا أكثف بعد أسابيع قليلة، بينما يحتاج آخرون إلى عدة أشهر.",
        "تناول 5 mg يوميًا لمدة 14 يومًا.",
    ],
    "zh": [
        "常见问题",
        "什么是外泌体？",
        "外泌体疗法治疗脱发安全吗？",
        "外泌体是细胞外的微小囊泡，在细胞之间的信号传递和交流中起着关键作用。",
        "治疗通常需要数次疗程，每次间隔几周，大多数患者当天即可恢复日常活动。",
        "在开始任何脱发治疗之前，请务必咨询医生，尤其是正在服用其他药物时。",
        "有些患者几周后就发现头发变得更浓密，而另一些患者则需要几个月才能看到明显变化。",
        "每天服用 5 mg，连续 2 周。",
    ],
}

# Translations full of what stays in English: drug and brand names, abbreviations, an
# institution's name. They must still read as their own language (no noise).
WITH_TERMS: dict[str, list[str]] = {
    "es": [
        "El PRP (platelet-rich plasma) y el microneedling se combinan a menudo con minoxidil.",
        "Minoxidil, finasterida, dutasterida, PRP, LLLT y exosomas: resumen de la evidencia.",
        "Lea el artículo de la American Academy of Dermatology sobre la caída del cabello.",
        "El minoxidil (Rogaine) y la finasterida (Propecia) están aprobados por la FDA para la "
        "alopecia androgenética.",
        "Según un estudio publicado en JAMA Dermatology, el PRP mejoró la densidad capilar en "
        "6 meses.",
        "Sí, pero solo bajo supervisión médica y con controles periódicos.",
        "No, no es doloroso: se aplica anestesia local antes de la inyección.",
    ],
    "pt": [
        "O PRP (platelet-rich plasma) e o microneedling costumam ser combinados com minoxidil.",
        "Minoxidil, finasterida, dutasterida, PRP, LLLT e exossomos: resumo das evidências.",
        "O minoxidil (Rogaine) e a finasterida (Propecia) são aprovados pela FDA para a "
        "alopecia androgenética.",
        "Segundo um estudo publicado no JAMA Dermatology, o PRP melhorou a densidade capilar em "
        "6 meses.",
        "Sim, mas somente sob supervisão médica e com acompanhamento periódico.",
        "Não, não é doloroso: aplica-se anestesia local antes da injeção.",
    ],
    "fr": [
        "Le PRP (platelet-rich plasma) et le microneedling sont souvent associés au minoxidil.",
        "Le minoxidil (Rogaine) et le finastéride (Propecia) sont approuvés par la FDA contre "
        "l'alopécie androgénétique.",
        "Non, ce n'est pas douloureux : une anesthésie locale est appliquée avant l'injection.",
    ],
    "de": [
        "PRP (platelet-rich plasma) und Microneedling werden häufig mit Minoxidil kombiniert.",
        "Minoxidil, Finasterid, Dutasterid, PRP, LLLT und Exosomen: die Studienlage.",
        "Minoxidil (Rogaine) und Finasterid (Propecia) sind von der FDA gegen androgenetische "
        "Alopezie zugelassen.",
        "Nein, es ist nicht schmerzhaft: Vor der Injektion wird örtlich betäubt.",
    ],
    "zh": [
        "外泌体疗法可以与 minoxidil（Rogaine）联合使用，请先咨询 American Academy of "
        "Dermatology 的建议。",
    ],
    "ar": ["يمكن استخدام minoxidil مع العلاج بالإكسوسومات بعد استشارة الطبيب."],
}

# Strings every locale legitimately keeps as they are, or nearly: headings, drug and
# product names, abbreviations, doses, markup.
SHORT_OR_NEUTRAL = [
    "FAQ",
    "Minoxidil",
    "PRP",
    "5 mg",
    "2–3 weeks",
    "Minoxidil 5%",
    "Rogaine®",
    "Finasteride 1 mg",
    '<a href="https://example.org/a">PubMed</a>',
    "Dr. Müller",
    "ISO 13485",
    "0.5–1 mL",
]

DEMO_GUIDE = (
    Path(__file__).resolve().parents[2] / "content" / "fixtures" / ("exosome-hair-loss-guide.txt")
)


def english_paragraphs() -> list[str]:
    """The demo guide's lines: its intro, questions and answers as the source has them."""
    return [line.strip() for line in DEMO_GUIDE.read_text().splitlines() if line.strip()]
