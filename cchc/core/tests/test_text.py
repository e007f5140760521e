import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from cchc.core.text import fold, fold_keep_length

REPOSITORY = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Đường", "duong"),
        ("ĐỨC", "duc"),
        ("Quý I/2024", "quy i/2024"),
        ("Sở Xây dựng", "so xay dung"),
        ("  Thời gian\tthực hiện \n", "thoi gian thuc hien"),
        ("ðường", "duong"),  # "ð" stands in for "đ" in text from PDFs with broken fonts
        (2024, "2024"),
    ],
)
def test_fold_drops_case_diacritics_and_extra_spaces(text, folded):
    assert fold(text) == folded


def test_fold_reads_decomposed_and_composed_text_alike():
    composed = "Nguyễn Đức Thắng"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert fold(decomposed) == fold(composed) == "nguyen duc thang"


@pytest.mark.parametrize("text", ["Quý I/2024", "ĐỨC", "Trước  ngày 15/01/2024", "Thường xuyên"])
def test_fold_keep_length_keeps_every_position(text):
    folded = fold_keep_length(text)
    assert len(folded) == len(text)
    assert " ".join(folded.split()) == fold(text)


def test_fold_keep_length_maps_a_match_back_to_the_original():
    text = "Hoàn thành trong Quý IV/2024"
    start = fold_keep_length(text).index("quy iv")
    assert text[start : start + len("quy iv")] == "Quý IV"


def test_fold_keep_length_keeps_a_loose_combining_mark_rather_than_shift_positions():
    decomposed = unicodedata.normalize("NFD", "Quý")
    assert fold_keep_length(decomposed) == "quy\u0301"


def test_text_and_the_timeframe_rules_import_without_django():
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    script = "import sys, cchc.core.text, cchc.plans.timeframe; print(any(m.startswith('django') for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPOSITORY, env=environment, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
