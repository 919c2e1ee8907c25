"""Language detection: English and other languages, capitals, determinism, long texts."""

from __future__ import annotations

import time

import pytest

from newsevents.documents import detect_language

SAMPLES = {
    "en": "The prime minister said on Monday that the government would hold talks with "
    "union leaders next week.",
    "fr": "Le président a déclaré lundi que le gouvernement ouvrirait des négociations "
    "avec les syndicats la semaine prochaine.",
    "de": "Der Ministerpräsident sagte am Montag, die Regierung werde in der kommenden "
    "Woche Gespräche mit den Gewerkschaften führen.",
    "es": "El primer ministro dijo el lunes que el gobierno mantendrá conversaciones con "
    "los sindicatos la próxima semana.",
    "ru": "Премьер-министр заявил в понедельник, что правительство проведёт переговоры "
    "с профсоюзами на следующей неделе.",
    "ar": "قال رئيس الوزراء يوم الاثنين إن الحكومة ستجري محادثات مع قادة النقابات الأسبوع المقبل.",
    "zh": "总理星期一表示，政府将于下周与工会领导人举行会谈，讨论工资和工作条件问题。",
}


@pytest.mark.parametrize(("code", "text"), SAMPLES.items())
def test_languages_are_told_apart(code, text):
    assert detect_language(text) == code


def test_all_capitals_wire_copy_is_english():
    text = (
        "SAN SALVADOR, 3 JAN 90 -- THE ARMED FORCES REPORTED THAT ABOUT 50 PEASANTS HAVE BEEN "
        "KIDNAPPED BY GUERRILLAS IN SAN MIGUEL DEPARTMENT, ACCORDING TO A MILITARY SPOKESMAN."
    )
    assert detect_language(text) == "en"


def test_too_little_text_is_undetermined():
    for text in ("", "12 34 56", "Shr 17", "https://example.com/a/b @handle #tag"):
        assert detect_language(text) == "und"


def test_results_are_deterministic():
    mixed = "Ceasefire talks Waffenstillstand Gespräche negotiations Verhandlungen continued."
    assert len({detect_language(mixed) for _ in range(20)}) == 1


def test_long_texts_are_sampled_quickly():
    text = SAMPLES["de"] + " " + (SAMPLES["en"] + " ") * 20_000  # about 2 MB
    detect_language("warm up the profiles")
    started = time.perf_counter()
    assert detect_language(text) == "en"
    assert time.perf_counter() - started < 0.5


def _langdetect_probabilities(factory, text):
    from langdetect.lang_detect_exception import LangDetectException

    detector = factory.create()
    detector.append(text)
    try:
        detector.get_probabilities()
    except LangDetectException:
        return None
    return detector.langprob


def test_same_probabilities_as_langdetect_itself():
    """langid.py reproduces langdetect's numbers exactly, not just its answer."""
    import json

    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    from newsevents.documents import langid
    from tests.conftest import shared_path

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    ours = langid.Detector(langid.build_profiles(), 0)
    assert ours.table.languages == tuple(factory.langlist)
    texts = [*SAMPLES.values(), "ABC DEF", "x", "  a  b ", "Việt Nam là một quốc gia",
             "日本語のテキストです。カタカナ", "see https://example.com or mail a@b.org now"]
    for name in ("reuters_politics_2017_isot_subset.jsonl", "bbc_news_2004_2005.jsonl",
                 "muc34_latin_america_conflict_1988_1990.jsonl"):
        with shared_path("corpus", name).open(encoding="utf-8") as handle:
            for _, line in zip(range(40), handle, strict=False):
                text = json.loads(line)["text"][:3000]
                texts += [text, text.lower()]
    for text in texts:
        assert ours.probabilities(text) == _langdetect_probabilities(factory, text), text[:60]
