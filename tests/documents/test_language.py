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
