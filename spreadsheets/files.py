"""Every check an uploaded spreadsheet passes before anything reads its cells, and the few
helpers that read and write cells safely. Both the programme import and the value sheets use it.

A file is refused, with a Polish message, when it is empty or over ``settings.MAX_UPLOAD_SIZE``;
not an XLSX (a PDF, a CSV, an old .xls, an .ods, a Word file); a corrupt or truncated archive; a
zip bomb (its members' uncompressed total is checked with ``zipfile`` *before* openpyxl opens
it); macro-enabled (.xlsm, ``vbaProject.bin``). Formulas are never evaluated: cells are read
with ``data_only=True`` (the value the spreadsheet program stored), and a formula without a
stored value is an error.

Writing goes through ``lib.xlsxfile.write_cell``, which passes text through
``lib.cells.neutralise_cell`` so nothing we write starts like a formula; ``cell_text`` undoes
exactly that prefix on the way back in, so an exported file imports unchanged.
"""

import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook, load_workbook

from lib.cells import FORMULA_STARTS
from lib.xlsxfile import write_cell

# A spreadsheet of a few MB unpacks to some tens of MB of XML; far more is a zip bomb.
MAX_UNCOMPRESSED_SIZE = getattr(settings, "SPREADSHEET_MAX_UNCOMPRESSED_SIZE", 50 * 1024 * 1024)
MAX_MEMBERS = 2000
META_SHEET = "_meta"
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


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


def check_xlsx(content: bytes, filename: str = "") -> None:
    """Everything that can be checked without parsing cells; raises ``SpreadsheetError``."""
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
            raise SpreadsheetError(
                _("The file would unpack to more than %(limit)s MB, far more than a spreadsheet "
                  "of this kind needs; it was refused.") % {"limit": _megabytes(
                      MAX_UNCOMPRESSED_SIZE)}
            )
        names = {member.filename for member in members}
        if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
            raise SpreadsheetError(_("This is an OpenDocument spreadsheet (.ods). Save it as an "
                                     "Excel workbook (.xlsx) and send it again."))
        macro = any(n.lower().endswith("vbaproject.bin") for n in names) or name.endswith(
            (".xlsm", ".xltm"))
        if not macro and "[Content_Types].xml" in names:
            macro = b"macroenabled" in archive.read("[Content_Types].xml").lower()
        if macro:
            raise SpreadsheetError(_("Files with macros (.xlsm) are not accepted. Save the "
                                     "spreadsheet as an Excel workbook (.xlsx) and send it "
                                     "again."))
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise SpreadsheetError(_("The file is not an XLSX spreadsheet."))
        try:
            broken = archive.testzip()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            broken = "?"
        if broken is not None:
            raise SpreadsheetError(_("The file is damaged or incomplete (not a readable XLSX "
                                     "spreadsheet). Save it again and send it once more."))


def _has_formulas(content: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return any(
            _FORMULA_TAG.search(archive.read(name))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


def open_workbook(content: bytes, filename: str = ""):
    """The workbook with the values the spreadsheet program stored (never evaluating formulas),
    after ``check_xlsx``. A formula without a stored value is refused, cell by cell."""
    check_xlsx(content, filename)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(content), data_only=True)
            formulas = (
                load_workbook(io.BytesIO(content), data_only=False)
                if _has_formulas(content) else None
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


def cell_text(value) -> str:
    """A cell as text, stripped; undoes the apostrophe ``neutralise_cell`` put in front of text
    starting like a formula, so what we wrote reads back unchanged."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").strip()
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
