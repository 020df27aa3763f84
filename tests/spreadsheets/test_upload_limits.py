"""Uploads that cannot take the server down (issue 18, rows 1 and 2): the sizes of an archive's
members are measured while unpacking them, never taken from what the archive declares, and the
cells and rows of the worksheets are counted before any parser reads them."""

import io
import struct
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from spreadsheets import services
from spreadsheets.files import SpreadsheetError, check_xlsx
from spreadsheets.models import PendingUpload

from .builders import SIMPLE_HEADERS, programme_file, simple_rows
from .conftest import YEAR

MB = 1024 * 1024


def _deflate(head: bytes, padding: int) -> bytes:
    """``head`` followed by ``padding`` spaces, deflated raw, without holding them in memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts = [compressor.compress(head)]
    block = b" " * (16 * MB)
    for _ in range(padding // len(block)):
        parts.append(compressor.compress(block))
    parts.append(compressor.flush())
    return b"".join(parts)


def lying_zip(content: bytes, member: str, padding: int) -> bytes:
    """``content`` with ``member`` followed by ``padding`` bytes once unpacked, while the archive
    declares the member's true size and the CRC of its true content: what Python's ``zipfile``
    hands out is the real member, cut at the declared size, so nothing looks wrong to it."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = bytearray()
    central = bytearray()
    for info in source.infolist():
        data = source.read(info)
        crc, size = zlib.crc32(data), len(data)
        compressed = _deflate(data, padding) if info.filename == member else _deflate(data, 0)
        name = info.filename.encode()
        offset = len(out)
        out += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, 0, 8, 0, 33, crc,
                           len(compressed), size, len(name), 0) + name + compressed
        central += struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, 0, 8, 0, 33, crc,
                               len(compressed), size, len(name), 0, 0, 0, 0, 0, offset) + name
    count = len(source.infolist())
    return bytes(out + central + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count,
                                             len(central), len(out), 0))


_BOMBS = {}


def bomb(kind: str, content: bytes, member: str) -> bytes:
    # About 1 MB that unpacks to 1 GB: made once per test session (it takes a second or two).
    if kind not in _BOMBS:
        _BOMBS[kind] = lying_zip(content, member, 1024 * MB)
    return _BOMBS[kind]


def peak_memory(function):
    tracemalloc.start()
    try:
        function()
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def test_the_lying_zip_is_a_real_xlsx_of_about_one_megabyte():
    content = bomb("programme", programme_file(rows=simple_rows(), extra_headers=SIMPLE_HEADERS),
                   "xl/worksheets/sheet5.xml")
    assert len(content) < 1.5 * MB
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sum(info.file_size for info in archive.infolist()) < MB
        assert archive.testzip() is None  # zipfile itself sees nothing wrong


@pytest.mark.django_db
def test_a_programme_file_that_unpacks_to_more_than_it_declares_is_refused_in_little_memory():
    content = bomb("programme", programme_file(rows=simple_rows(), extra_headers=SIMPLE_HEADERS),
                   "xl/worksheets/sheet5.xml")
    raised = []

    def preview():
        try:
            services.programme_preview(content=content, filename="program.xlsx")
        except SpreadsheetError as error:
            raised.append(error)

    peak = peak_memory(preview)
    assert raised, "the lying file was accepted"
    assert "rozpakowuje się do większego rozmiaru" in raised[0].messages[0]
    assert peak < 200 * MB, f"{peak / MB:.0f} MB"


def test_a_value_sheet_that_unpacks_to_more_than_it_declares_is_refused_at_the_upload(
        client, setup, data_entry, sheet_for):
    content = bomb("values", sheet_for(data_entry, setup, data_entry.organisation),
                   "xl/worksheets/sheet1.xml")
    client.force_login(data_entry)
    url = reverse("spreadsheets:value_upload", args=[setup.programme.slug, YEAR])
    responses = []
    peak = peak_memory(lambda: responses.append(
        client.post(url, {"file": SimpleUploadedFile("wartosci.xlsx", content)})))
    assert responses[0].status_code == 400
    assert "rozpakowuje się do większego rozmiaru" in responses[0].content.decode()
    assert not PendingUpload.objects.exists()
    assert peak < 200 * MB, f"{peak / MB:.0f} MB"


def test_an_archive_of_many_small_members_is_measured_as_a_whole():
    # Each member tells the truth, but together they unpack to more than 50 MB.
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for number in range(6):
            archive.writestr(f"xl/media/image{number}.bin", b"\0" * (10 * MB))
    with pytest.raises(SpreadsheetError, match="po rozpakowaniu"):
        check_xlsx(raw.getvalue())
