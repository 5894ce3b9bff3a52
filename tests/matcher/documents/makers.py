"""Small real documents for the tests: PDFs from reportlab, Word files from python-docx, and the
hostile ones (encrypted, scanned, cut short, a zip bomb, thousands of pages) built byte by byte."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

CJK_FONT = "STSong-Light"


def pdf_bytes(columns: Sequence[Sequence[str]], *, photo: bool = False) -> bytes:
    """A one-page PDF with its text in one or more columns (Chinese in a CJK font)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate, Paragraph

    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    style = ParagraphStyle("body", fontName=CJK_FONT, fontSize=10, leading=14, wordWrap="CJK")
    out = io.BytesIO()
    width, height = A4
    gap, margin = 20, 40
    column = (width - 2 * margin - gap * (len(columns) - 1)) / len(columns)
    frames = [
        Frame(margin + i * (column + gap), margin, column, height - 2 * margin, id=f"c{i}")
        for i in range(len(columns))
    ]

    def draw_photo(canvas, _doc) -> None:  # type: ignore[no-untyped-def]
        if photo:
            canvas.drawInlineImage(_image(), width - 120, height - 150, 80, 100)

    document = BaseDocTemplate(out, pagesize=A4)
    document.addPageTemplates([PageTemplate(frames=frames, onPage=draw_photo)])
    story: list[object] = []
    for i, lines in enumerate(columns):
        if i:
            story.append(FrameBreak())
        story.extend(Paragraph(line, style) for line in lines)
    document.build(story)
    return out.getvalue()


def _image():  # type: ignore[no-untyped-def]
    from PIL import Image

    return Image.new("RGB", (80, 100), (200, 180, 160))


def image_only_pdf() -> bytes:
    """A 'scanned' page: a picture and no text layer."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawInlineImage(_image(), 50, 500, 400, 300)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def encrypted_pdf() -> bytes:
    """A PDF that opens only with a password."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, encrypt=StandardEncryption("secret-user", "secret-owner", strength=128))
    canvas.drawString(72, 720, "Curriculum vitae: Python, MATLAB, SolidWorks")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def many_pages_pdf(pages: int) -> bytes:
    """A small PDF whose page tree holds one page ``pages`` times (a few KB, thousands of pages)."""
    kids = " ".join(["3 0 R"] * pages)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    content = b"BT /F1 12 Tf 72 720 Td (Python and MATLAB experience required) Tj ET"
    objects[3] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")  # type: ignore[operator]
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def docx_bytes(
    paragraphs: Sequence[str] = (),
    *,
    table: Sequence[Sequence[str]] = (),
    header: str = "",
    photo: bool = False,
) -> bytes:
    """A Word file: paragraphs, then a table (one row per sequence), an optional page header."""
    import docx
    from docx.shared import Inches

    document = docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if photo:
        picture = io.BytesIO()
        _image().save(picture, format="PNG")
        picture.seek(0)
        document.add_picture(picture, width=Inches(1))
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(row) for row in table))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx(unpacked_mb: int = 200) -> bytes:
    """A .docx whose document part unpacks to ``unpacked_mb`` MB of one repeated byte."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            block = b"\0" * (1024 * 1024)
            for _ in range(unpacked_mb):
                part.write(block)
    return out.getvalue()


def encrypted_office_file() -> bytes:
    """The start of a password-protected Office file: an OLE container with EncryptedPackage."""
    head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    return head + "EncryptedPackage".encode("utf-16-le") + b"\0" * 2048


#: A Chinese résumé with a two-column layout's lines (left: personal and skills; right: the rest).
RESUME_ZH_LEFT = (
    "王晓明",
    "电话：138-0431-5678",
    "邮箱：wangxm@example.com",
    "出生年月：2003.05",
    "专业技能",
    "熟练使用Zemax进行光学设计，掌握SolidWorks三维建模；熟悉C++与Python编程；了解CAN总线。",
)
RESUME_ZH_RIGHT = (
    "教育背景",
    "长春理工大学 光电信息科学与工程 本科 2021.09-2025.06",
    "GPA：3.52/4.0 专业排名 8/120",
    "主修课程：应用光学、物理光学、激光原理与技术",
    "项目经历",
    "基于OpenCV的镜片缺陷检测系统（组长）2023.03-2023.12",
    "负责图像预处理与相机标定，使用Halcon完成模板匹配，检出率达到98%。",
    "获奖情况",
    "2023年 全国大学生光电设计竞赛 二等奖",
    "证书",
    "CET-6、计算机二级",
)


def table_pdf(rows: Sequence[tuple[str, Sequence[str]]]) -> bytes:
    """A form résumé (表格简历): a table whose first column holds the headings."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    style = ParagraphStyle("cell", fontName=CJK_FONT, fontSize=10, leading=14, wordWrap="CJK")
    data = [
        [Paragraph(head, style), [Paragraph(line, style) for line in lines]] for head, lines in rows
    ]
    table = Table(data, colWidths=[80, 380])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))  # fmt: skip
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([table])
    return out.getvalue()
