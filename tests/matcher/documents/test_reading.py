"""Reading uploads: kinds told from bytes, text in reading order, and every bad file refused
with its status and message, within the limits of size, time and memory."""

from __future__ import annotations

import pytest

from matcher.documents.limits import ReadLimits
from matcher.documents.reading import read_document, read_pasted
from matcher.documents.sniff import sniff
from matcher.errors import DocumentError
from tests.matcher.documents import makers


def refused(data: bytes, limits: ReadLimits | None = None) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        read_document(data, limits)
    return caught.value


def test_a_two_column_pdf_reads_column_by_column_with_wrapped_lines_joined() -> None:
    data = makers.pdf_bytes([makers.RESUME_ZH_LEFT, makers.RESUME_ZH_RIGHT], photo=True)
    raw = read_document(data)
    assert raw.kind == "pdf" and raw.pages == 1 and raw.photo
    lines = raw.text.split("\n")
    # The left column comes whole before the right one.
    assert lines.index("专业技能") < lines.index("教育背景")
    # A sentence the narrow column wrapped reads as one line again.
    assert any("熟练使用Zemax进行光学设计，掌握SolidWorks三维建模" in line for line in lines)
    assert any(
        line.startswith("负责图像预处理与相机标定") and line.endswith("98%。") for line in lines
    )


def test_a_word_file_reads_its_header_paragraphs_and_table_rows() -> None:
    data = makers.docx_bytes(
        ["Skills", "Python, MATLAB"],
        table=[["Name:", "Li Ming"], ["Phone:", "13804315678"]],
        header="Curriculum Vitae",
        photo=True,
    )
    raw = read_document(data)
    assert raw.kind == "docx" and raw.photo
    assert raw.text.split("\n") == [
        "Curriculum Vitae", "Skills", "Python, MATLAB", "Name:  Li Ming", "Phone:  13804315678"
    ]  # fmt: skip


def test_text_in_utf8_gb18030_and_utf16_is_read() -> None:
    words = "熟悉 CAN 总线与 AUTOSAR"
    for encoding in ("utf-8", "gb18030", "utf-16"):
        assert read_document(words.encode(encoding)).text == words
    assert sniff(words.encode("utf-8")) == "text"


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        (b"", 422, "the file is empty"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, 415,
         "unsupported file type (PNG image): upload a PDF, a Word .docx file or plain text"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, 415,
         "unsupported file type (Word 97-2003 .doc): "
         "upload a PDF, a Word .docx file or plain text"),
        (bytes(range(256)) * 8, 415,
         "unsupported file type (binary data): upload a PDF, a Word .docx file or plain text"),
    ],
)  # fmt: skip
def test_what_is_not_a_document_is_refused(data: bytes, status: int, message: str) -> None:
    error = refused(data)
    assert (error.status, str(error)) == (status, message)


def test_a_file_over_the_limit_is_413() -> None:
    error = refused(b"x" * (5 * 1024 * 1024 + 1))
    assert error.status == 413
    assert str(error) == "the file is too large: 5.0 MB, the limit is 5.0 MB"
    assert refused(b"x" * 2048, ReadLimits(max_bytes=1024)).status == 413
    with pytest.raises(DocumentError) as caught:
        read_pasted("字" * 600, ReadLimits(max_bytes=1024))
    assert caught.value.status == 413


def test_an_encrypted_pdf_or_office_file_is_422_encrypted() -> None:
    message = (
        "the file is encrypted (it has an opening password); "
        "remove the password and upload it again"
    )
    for data in (makers.encrypted_pdf(), makers.encrypted_office_file()):
        error = refused(data)
        assert (error.status, str(error)) == (422, message)


def test_a_scanned_pdf_says_it_has_no_text_layer() -> None:
    error = refused(makers.image_only_pdf())
    assert error.status == 422
    assert str(error).startswith("this PDF has no text layer (it looks scanned or made of images)")


def test_a_pdf_cut_short_or_damaged_is_422_with_the_reason() -> None:
    whole = makers.pdf_bytes([["Python and MATLAB, SolidWorks and more text here"]])
    error = refused(whole[: len(whole) // 2])
    assert (error.status, str(error)) == (
        422,
        "the file cannot be read: the PDF is damaged or incomplete "
        "(it is cut short: no end marker)",
    )  # fmt: skip
    error = refused(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    assert error.status == 422 and str(error).startswith(
        "the file cannot be read: the PDF is damaged"
    )


def test_a_broken_word_file_is_422() -> None:
    whole = makers.docx_bytes(["Python"])
    error = refused(whole[: len(whole) // 2])
    assert error.status == 422
    assert str(error) == (
        "the file cannot be read: the DOCX is damaged or incomplete (File is not a zip file)"
    )


def test_a_docx_zip_bomb_is_stopped_before_it_is_unpacked() -> None:
    bomb = makers.zip_bomb_docx(200)
    assert len(bomb) < 1024 * 1024
    error = refused(bomb)
    assert (error.status, str(error)) == (
        422, "the Word file unpacks to 200.0 MB, more than the limit of 40.0 MB; reading stopped"
    )  # fmt: skip


def test_a_pdf_with_thousands_of_pages_is_refused_by_its_count() -> None:
    data = makers.many_pages_pdf(5000)
    assert len(data) < 64 * 1024
    error = refused(data)
    assert (error.status, str(error)) == (422, "the PDF has 5000 pages, more than the limit of 50")
    assert "MATLAB" in read_document(makers.many_pages_pdf(3)).text


def test_the_reading_child_is_held_to_its_time_and_memory() -> None:
    data = makers.pdf_bytes([["Python, MATLAB and SolidWorks in a real document"]])
    error = refused(data, ReadLimits(seconds=0.05))
    assert (error.status, str(error)) == (
        422,
        "reading the file took longer than 0.05 s and was stopped",
    )
    error = refused(data, ReadLimits(memory_bytes=48 * 1024 * 1024))
    assert (error.status, str(error)) == (
        422, "reading the file needed more than 48.0 MB of memory and was stopped"
    )  # fmt: skip
