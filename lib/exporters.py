"""The one exporter shape (pretix's): a class with ``identifier``, ``verbose_name`` and
``render() -> (filename, content_type, bytes)``, made with what it exports.

The yearly report (PDF, XLSX), the consultation report (PDF, HTML), open data (CSV, JSON) and
the audit log's CSV are exporters; the web download, the management commands and the background
tasks all call ``render()``. Tabular ones give a header row and rows (``TableExporter``) and the
base writes the CSV, the way Polish Excel reads it (``lib.csvfile``).
"""

from collections.abc import Iterable

from django.http import HttpResponse

from lib.csvfile import CSV_CONTENT_TYPE, csv_bytes


class Exporter:
    identifier = ""
    verbose_name = ""
    content_type = ""

    def render(self) -> tuple[str, str, bytes]:
        """(file name, content type, content)."""
        raise NotImplementedError


class TableExporter(Exporter):
    """A table written as CSV: subclasses give ``filename()``, ``header()`` and ``rows()``."""

    content_type = CSV_CONTENT_TYPE

    def filename(self) -> str:
        raise NotImplementedError

    def header(self) -> list:
        raise NotImplementedError

    def rows(self) -> Iterable[Iterable]:
        raise NotImplementedError

    def render(self) -> tuple[str, str, bytes]:
        return self.filename(), self.content_type, csv_bytes(self.header(), self.rows())


def download(rendered: tuple[str, str, bytes], *, inline: bool = False) -> HttpResponse:
    """A response with what an exporter's ``render()`` gave: the file, named, to save (or, with
    ``inline``, to show in the browser)."""
    filename, content_type, content = rendered
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
