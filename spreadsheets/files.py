"""Every check an uploaded spreadsheet passes before anything reads its cells, and the few
helpers that read and write cells safely. Both the programme import and the value sheets use it.

A file is refused, with a Polish message, when it is empty or over ``settings.MAX_UPLOAD_SIZE``;
not an XLSX (a PDF, a CSV, an old .xls, an .ods, a Word file); a corrupt or truncated archive; a
zip bomb (every member is unpacked here in 64 kB pieces and what really comes out is counted,
never trusting the sizes the archive declares, *before* openpyxl opens it: over 50 MB in all,
or a member larger than it declares, is refused); more cells or rows than the import accepts
(counted in the worksheets' XML while unpacking, before any parser reads them); macro-enabled
(.xlsm, ``vbaProject.bin``). Formulas are never evaluated: cells are read with
``data_only=True`` (the value the spreadsheet program stored), and a formula without a stored
value is an error.

Writing goes through ``lib.xlsxfile.write_cell``, which passes text through
``lib.cells.neutralise_cell`` so nothing we write starts like a formula; ``cell_text`` undoes
exactly that prefix on the way back in, so an exported file imports unchanged.
"""

import io
import re
import struct
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook, load_workbook

from lib.cells import FORMULA_STARTS
from lib.numbers import format_polish
from lib.text import strip_bidi
from lib.xlsxfile import write_cell

# A spreadsheet of a few MB unpacks to some tens of MB of XML; far more is a zip bomb.
MAX_UNCOMPRESSED_SIZE = getattr(settings, "SPREADSHEET_MAX_UNCOMPRESSED_SIZE", 50 * 1024 * 1024)
MAX_MEMBERS = 2000
# Cells and rows of all worksheets together, counted before parsing. A value sheet holds one
# organisation's indicators of one programme (20 columns; the largest, MOPR in the Social
# Assistance Programme, reports 128; the limit allows 300 and the header): openpyxl reads and
# the preview checks it in a fraction of a second, so three at once leave the workers free
# within about a second (``benchmarks/upload_limits.py``). A programme
# file (coordinators only) holds the whole goal tree (24 columns and three per year of past
# values; 2,000 indicators with ten years of values are some 110,000 cells).
VALUE_SHEET_MAX_CELLS = getattr(settings, "VALUE_SHEET_MAX_CELLS", 6_500)
VALUE_SHEET_MAX_ROWS = getattr(settings, "VALUE_SHEET_MAX_ROWS", 330)
PROGRAMME_MAX_CELLS = getattr(settings, "PROGRAMME_SHEET_MAX_CELLS", 200_000)
PROGRAMME_MAX_ROWS = getattr(settings, "PROGRAMME_SHEET_MAX_ROWS", 10_000)
META_SHEET = "_meta"
_FORMULA_TAG = re.compile(rb"<(?:\w{1,16}:)?f[\s>/]")
_CELL_TAG = re.compile(rb"<(?:\w{1,16}:)?c[\s>/]")
_ROW_TAG = re.compile(rb"<(?:\w{1,16}:)?row[\s>/]")
_TAG_TAIL = 24  # longer than any of these tags can be
_PIECE = 64 * 1024


class SpreadsheetError(Exception):
    """The file cannot be used; ``messages`` say why, in Polish, each on its own."""

    def __init__(self, messages):
        if isinstance(messages, str):
            messages = [messages]
        self.messages = [str(message) for message in messages]
        super().__init__("; ".join(self.messages))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def check_size(size: int) -> None:
    """Refuse an empty file or one over the upload limit (before reading it)."""
    if size == 0:
        raise SpreadsheetError(_("The file is empty."))
    if size > settings.MAX_UPLOAD_SIZE:
        raise SpreadsheetError(
            _("The file is too large (%(size)s MB); the largest accepted is %(limit)s MB.")
            % {"size": _megabytes(size), "limit": _megabytes(settings.MAX_UPLOAD_SIZE)}
        )


def _looks_like_text(content: bytes) -> bool:
    sample = content[:4096]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        try:
            sample.decode("cp1250")
        except UnicodeDecodeError:
            return False
    return True


def check_xlsx(content: bytes, filename: str = "", *, max_cells: int | None = None,
               max_rows: int | None = None) -> "ArchiveSummary":
    """Everything that can be checked without parsing cells; raises ``SpreadsheetError``.
    With ``max_cells`` (and ``max_rows``) a file with more cells (rows) in its worksheets is
    refused before any parser reads it."""
    check_size(len(content))
    name = filename.lower()
    if content.startswith(b"%PDF"):
        raise SpreadsheetError(_("This is a PDF file, not an XLSX spreadsheet. Send the .xlsx "
                                 "file downloaded from this application."))
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError(_("This is an old Excel file (.xls). Open it and save it as an "
                                 "Excel workbook (.xlsx), then send it again."))
    if not content.startswith(b"PK\x03\x04"):
        if _looks_like_text(content):
            raise SpreadsheetError(_("This is a text file (e.g. CSV), not an XLSX spreadsheet. "
                                     "Send the .xlsx file downloaded from this application."))
        raise SpreadsheetError(_("The file is not an XLSX spreadsheet."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise SpreadsheetError(_("The file is damaged or incomplete (not a readable XLSX "
                                 "spreadsheet). Save it again and send it once more.")) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNCOMPRESSED_SIZE:
            raise _too_large()
        names = {member.filename for member in members}
        # Every member is unpacked once, in small pieces, counting what really comes out: the
        # sizes the archive declares are never trusted (a member may declare 1 kB and expand
        # to 1 GB). What openpyxl reads later is then no more than was measured here.
        summary = _measure(content, members, max_cells=max_cells, max_rows=max_rows)
        if b"opendocument" in summary.mimetype:
            raise SpreadsheetError(_("This is an OpenDocument spreadsheet (.ods). Save it as an "
                                     "Excel workbook (.xlsx) and send it again."))
        macro = any(n.lower().endswith("vbaproject.bin") for n in names) or name.endswith(
            (".xlsm", ".xltm"))
        if not macro and "[Content_Types].xml" in names:
            macro = summary.macro_enabled
        if macro:
            raise SpreadsheetError(_("Files with macros (.xlsm) are not accepted. Save the "
                                     "spreadsheet as an Excel workbook (.xlsx) and send it "
                                     "again."))
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise SpreadsheetError(_("The file is not an XLSX spreadsheet."))
    return summary


def _too_large() -> SpreadsheetError:
    return SpreadsheetError(
        _("The file would unpack to more than %(limit)s MB, far more than a spreadsheet of this "
          "kind needs; it was refused.") % {"limit": _megabytes(MAX_UNCOMPRESSED_SIZE)}
    )


def _damaged() -> SpreadsheetError:
    return SpreadsheetError(_("The file is damaged or incomplete (not a readable XLSX "
                              "spreadsheet). Save it again and send it once more."))


@dataclass
class ArchiveSummary:
    """What unpacking every member found: the real sizes, and in the worksheets the cells,
    rows and formulas (counted in the XML, before any parser reads it)."""

    unpacked: int = 0
    cells: int = 0
    rows: int = 0
    formulas: bool = False
    macro_enabled: bool = False
    mimetype: bytes = b""


class _TagCounter:
    """Counts a tag in XML that arrives in pieces (a tag may be cut between two pieces)."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.tail = b""
        self.count = 0

    def feed(self, piece: bytes) -> None:
        data = self.tail + piece
        # A match ending inside the kept tail was complete, and counted, in the piece before.
        self.count += sum(1 for m in self.pattern.finditer(data) if m.end() > len(self.tail))
        self.tail = data[-_TAG_TAIL:]


def _member_pieces(content: bytes, member: zipfile.ZipInfo):
    """The member's unpacked bytes in pieces of at most ``_PIECE``, read from its own local
    header and inflated here, so that nothing ever produces more than one piece at a time
    (``ZipFile.read`` inflates a whole member in one call, up to 1 GB, before it cuts it to
    the declared size). Raises ``SpreadsheetError`` for an encrypted, damaged or unusual
    member."""
    start = member.header_offset
    header = content[start:start + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04" or member.flag_bits & 0x1:
        raise _damaged()
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    data_start = start + 30 + name_length + extra_length
    compressed = memoryview(content)[data_start:data_start + member.compress_size]
    if member.compress_type == zipfile.ZIP_STORED:
        for offset in range(0, len(compressed), _PIECE):
            yield bytes(compressed[offset:offset + _PIECE])
        return
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise _damaged()
    inflater = zlib.decompressobj(-15)
    try:
        for offset in range(0, len(compressed), _PIECE):
            piece = inflater.decompress(compressed[offset:offset + _PIECE], _PIECE)
            while piece:
                yield piece
                piece = inflater.decompress(inflater.unconsumed_tail, _PIECE)
        piece = inflater.decompress(b"", _PIECE)
        while piece:
            yield piece
            piece = inflater.decompress(inflater.unconsumed_tail, _PIECE)
    except zlib.error:
        raise _damaged() from None
    if not inflater.eof:
        raise _damaged()


def _too_many_cells(max_cells: int, max_rows: int | None) -> SpreadsheetError:
    return SpreadsheetError(
        _("The file has more cells or rows than are accepted here (at most %(max_cells)s cells "
          "in %(max_rows)s rows). Send only the rows this import needs.")
        % {"max_cells": format_polish(Decimal(max_cells)),
           "max_rows": format_polish(Decimal(max_rows)) if max_rows else "—"}
    )


def _measure(content: bytes, members, *, max_cells=None, max_rows=None) -> ArchiveSummary:
    """Unpack every member, checking as the bytes come out: the real sizes against the declared
    ones and the 50 MB limit, the cells and rows against the limits (stopping at the first piece
    over a limit, so a large file is refused after reading about as much as the limit)."""
    summary = ArchiveSummary()
    for member in members:
        if member.is_dir():
            continue
        is_sheet = member.filename.startswith("xl/worksheets/") and member.filename.endswith(
            ".xml")
        counters = [_TagCounter(pattern) for pattern in (_CELL_TAG, _ROW_TAG, _FORMULA_TAG)] \
            if is_sheet else []
        keep = member.filename in ("mimetype", "[Content_Types].xml")
        kept = bytearray()
        size = 0
        crc = 0
        for piece in _member_pieces(content, member):
            size += len(piece)
            if size > member.file_size:
                # More comes out than the archive declares: a file made to get past size checks.
                raise SpreadsheetError(_(
                    "The file is damaged or was made to look smaller than it is (a part of it "
                    "unpacks to more than the archive declares); it was refused."))
            summary.unpacked += len(piece)
            if summary.unpacked > MAX_UNCOMPRESSED_SIZE:
                raise _too_large()
            crc = zlib.crc32(piece, crc)
            for counter in counters:
                counter.feed(piece)
            if counters and max_cells is not None and (
                    summary.cells + counters[0].count > max_cells
                    or (max_rows is not None and summary.rows + counters[1].count > max_rows)):
                raise _too_many_cells(max_cells, max_rows)
            if keep and len(kept) < 64 * 1024:
                kept += piece
        if size != member.file_size or crc != member.CRC:
            raise _damaged()
        if counters:
            summary.cells += counters[0].count
            summary.rows += counters[1].count
            summary.formulas = summary.formulas or counters[2].count > 0
        if member.filename == "mimetype":
            summary.mimetype = bytes(kept)
        elif keep:
            summary.macro_enabled = b"macroenabled" in bytes(kept).lower()
    return summary


def open_workbook(content: bytes, filename: str = "", *, max_cells: int | None = None,
                  max_rows: int | None = None):
    """The workbook with the values the spreadsheet program stored (never evaluating formulas),
    after ``check_xlsx`` (with its cell and row limits). A formula without a stored value is
    refused, cell by cell."""
    summary = check_xlsx(content, filename, max_cells=max_cells, max_rows=max_rows)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(content), data_only=True)
            formulas = (
                load_workbook(io.BytesIO(content), data_only=False)
                if summary.formulas else None
            )
    except Exception:  # openpyxl raises many kinds (KeyError, XML errors, …) on broken files
        raise SpreadsheetError(_("The file is damaged or incomplete (not a readable XLSX "
                                 "spreadsheet). Save it again and send it once more.")) from None
    if formulas is not None:
        missing = []
        for sheet in formulas.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f" and workbook[sheet.title][cell.coordinate].value \
                            is None:
                        missing.append(f"{sheet.title}!{cell.coordinate}")
        if missing:
            raise SpreadsheetError(
                ngettext(
                    "Cell %(cells)s holds a formula without a stored value. Formulas are not "
                    "calculated here: type the value in, or open the file in a spreadsheet "
                    "program, save it and send it again.",
                    "Cells %(cells)s hold formulas without a stored value. Formulas are not "
                    "calculated here: type the values in, or open the file in a spreadsheet "
                    "program, save it and send it again.",
                    len(missing),
                ) % {"cells": ", ".join(missing[:10])}
            )
    return workbook


def refuse_merged_cells(sheet, first_row: int = 1) -> None:
    """Merged cells hide which row a value belongs to; refuse them in a data sheet."""
    merged = [str(r) for r in sheet.merged_cells.ranges if r.max_row >= first_row]
    if merged:
        raise SpreadsheetError(
            _("The sheet “%(sheet)s” has merged cells (%(ranges)s) where values belong. Unmerge "
              "them and give each row its own cells.")
            % {"sheet": sheet.title, "ranges": ", ".join(merged[:5])}
        )


def canonical_value(raw) -> str:
    """A value cell as compared between download and upload (numbers without formatting), so
    a sheet's checksum tells an untouched row from a changed one."""
    if isinstance(raw, bool) or raw is None:
        return cell_text(raw)
    if isinstance(raw, int | float | Decimal):
        number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        return format(number.normalize(), "f")
    return cell_text(raw)


def value_text(raw, where: str, problems: "Problems") -> str:
    """A value cell as the text the entry page's field would send (``parse_number`` reads it;
    a number comes back with the Polish decimal comma); a yes/no or a date the spreadsheet
    program made of a number is a problem at ``where``."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        problems.add(_("%(where)s: “%(raw)s” is not a value.") % {"where": where, "raw": raw})
        return ""
    if isinstance(raw, datetime | date):
        problems.add(_("%(where)s: the cell holds a date; the spreadsheet program may have "
                       "turned the number into one. Format the cell as a number and type the "
                       "value again.") % {"where": where})
        return ""
    if isinstance(raw, int | float | Decimal):
        return canonical_value(raw).replace(".", ",")
    return cell_text(raw)


def cell_text(value) -> str:
    """A cell as text, stripped; undoes the apostrophe ``neutralise_cell`` put in front of text
    starting like a formula, so what we wrote reads back unchanged."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = strip_bidi(str(value).replace("\r\n", "\n")).strip()
    if text.startswith("'") and text[1:2] and text[1:2] in FORMULA_STARTS:
        text = text[1:]
    return text


def write_meta(workbook: Workbook, values: dict[str, str]) -> None:
    """A very hidden sheet of name/value pairs identifying the template (kind, version, …)."""
    sheet = workbook.create_sheet(META_SHEET)
    for row, (key, value) in enumerate(values.items(), start=1):
        sheet.cell(row, 1, key)
        write_cell(sheet, row, 2, value)
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


def read_meta(workbook) -> dict[str, str]:
    if META_SHEET not in workbook.sheetnames:
        return {}
    sheet = workbook[META_SHEET]
    return {
        cell_text(key): cell_text(value)
        for key, value in sheet.iter_rows(min_col=1, max_col=2, values_only=True)
        if key
    }


@dataclass
class Problems:
    """Errors collected while reading a sheet, so the user sees all of them at once."""

    errors: list[str] = field(default_factory=list)
    limit: int = 50

    def add(self, message: str) -> None:
        if len(self.errors) < self.limit:
            self.errors.append(str(message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise SpreadsheetError(self.errors)
