"""Damaged uploads: truncated or byte-flipped files must end in DocumentError, never another exception."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from cchc.documents.errors import DocumentError
from cchc.documents.extraction import extract_plan
from cchc.documents.readers import read_document
from cchc.documents.tests.support import FILES, seed_bytes

CASES_PER_FILE = 12
CASES_PER_PDF = 5  # each damaged PDF costs pdfminer up to a second


def _variants(data: bytes, seed: int, cases: int = CASES_PER_FILE) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    variants = []
    for _ in range(cases):
        cut = rng.randrange(1, len(data))
        variants.append((f"truncated at {cut}", data[:cut]))
    for _ in range(cases):
        damaged = bytearray(data)
        for _ in range(rng.choice((1, 4, 32))):
            position = rng.randrange(len(damaged))
            damaged[position] = rng.randrange(256)
        variants.append(("bytes flipped", bytes(damaged)))
    return variants


def _import(data: bytes, name: str) -> None:
    try:
        extract_plan(read_document(data, name))
    except DocumentError as error:
        assert error.message and error.message[0].isupper()


@pytest.mark.parametrize("name", ["seed_001.docx", "seed_003.docx", "seed_003.pdf", "encrypted.pdf"])
def test_damaged_word_and_pdf_files_raise_only_document_errors(name):
    data = (FILES / name).read_bytes()
    cases = CASES_PER_PDF if name.endswith(".pdf") else CASES_PER_FILE
    for index, (label, variant) in enumerate(_variants(data, seed=len(name), cases=cases)):
        try:
            _import(variant, name)
        except Exception as error:  # pragma: no cover - the failure message is the point
            pytest.fail(f"{name} {label} (case {index}): {type(error).__name__}: {error}")


@pytest.mark.parametrize("seed", ["000", "001", "003", "004"])
def test_damaged_text_files_raise_only_document_errors(seed):
    data = seed_bytes(seed)
    for index, (label, variant) in enumerate(_variants(data, seed=int(seed) + 1)):
        try:
            _import(variant, f"{seed}.txt")
        except Exception as error:  # pragma: no cover
            pytest.fail(f"seed {seed} {label} (case {index}): {type(error).__name__}: {error}")


def test_shuffled_lines_of_a_table_seed_raise_only_document_errors():
    lines = seed_bytes("003").split(b"\n")
    rng = random.Random(3)
    for _ in range(5):
        rng.shuffle(lines)
        try:
            _import(b"\n".join(lines), "003.txt")
        except Exception as error:  # pragma: no cover
            pytest.fail(f"{type(error).__name__}: {error}")


def _rezip(data: bytes, member: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == member else source.read(info.filename))
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["seed_001.docx", "seed_003.docx"])
def test_word_files_with_damaged_xml_inside_a_sound_zip_raise_only_document_errors(name):
    data = (FILES / name).read_bytes()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    rng = random.Random(len(name))
    variants = [xml[: rng.randrange(len(xml))] for _ in range(6)]
    for _ in range(6):
        damaged = bytearray(xml)
        for _ in range(rng.choice((1, 8, 64))):
            damaged[rng.randrange(len(damaged))] = rng.choice(b'<>/"= x0\xff')
        variants.append(bytes(damaged))
    variants.append(xml.replace(b"w:gridSpan", b'w:gridSpan w:bad="1"').replace(b'w:val="6"', b'w:val="-3"'))
    variants.append(xml.replace(b'w:val="restart"', b'w:val="continue"'))
    for index, variant in enumerate(variants):
        try:
            _import(_rezip(data, "word/document.xml", variant), name)
        except Exception as error:  # pragma: no cover
            pytest.fail(f"{name} damaged XML (case {index}): {type(error).__name__}: {error}")
