"""Hostile and heavy spreadsheet uploads (issue 18), shared by the tests and
``benchmarks/upload_limits.py``: a zip whose member unpacks to far more than it declares, a
value sheet swollen to a million and a half cells, and the site served as in production
(gunicorn with three synchronous workers) to send them to at once."""

import io
import os
import re
import struct
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path

from tests import concurrency

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parent.parent
VALUE_SHEET_MEMBER = "xl/worksheets/sheet1.xml"


def _deflate(head: bytes, padding: int) -> bytes:
    """``head`` followed by ``padding`` spaces, deflated raw, without holding them in memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts = [compressor.compress(head)]
    block = b" " * (16 * MB)
    for _ in range(padding // len(block)):
        parts.append(compressor.compress(block))
    parts.append(compressor.flush())
    return b"".join(parts)


def lying_zip(content: bytes, member: str, padding: int = 1024 * MB) -> bytes:
    """``content`` with ``member`` followed by ``padding`` bytes once unpacked (1 GB from about
    1 MB), while the archive declares the member's true size and the CRC of its true content:
    Python's ``zipfile`` hands out the real member, cut at the declared size, so nothing looks
    wrong to it (``testzip`` passes) — but ``read()`` inflates all of it first."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = bytearray()
    central = bytearray()
    for info in source.infolist():
        data = source.read(info)
        crc, size = zlib.crc32(data), len(data)
        compressed = _deflate(data, padding if info.filename == member else 0)
        name = info.filename.encode()
        offset = len(out)
        out += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, 0, 8, 0, 33, crc,
                           len(compressed), size, len(name), 0) + name + compressed
        central += struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, 0, 8, 0, 33, crc,
                               len(compressed), size, len(name), 0, 0, 0, 0, 0, offset) + name
    count = len(source.infolist())
    return bytes(out + central + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count,
                                             len(central), len(out), 0))


def _column(number: int) -> str:
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


def large_sheet(content: bytes, *, rows: int = 75_000, columns: int = 20,
                member: str = VALUE_SHEET_MEMBER) -> bytes:
    """A downloaded value sheet with ``rows`` × ``columns`` more numeric cells after its own
    rows (1.5 million by default): a valid file of a few MB, within the 50 MB unpacked."""
    source = zipfile.ZipFile(io.BytesIO(content))
    xml = source.read(member)
    last = max(int(n) for n in re.findall(rb'<row r="(\d+)"', xml))
    names = [_column(c) for c in range(1, columns + 1)]
    extra = "".join(
        f'<row r="{row}">' + "".join(f'<c r="{n}{row}"><v>1</v></c>' for n in names) + "</row>"
        for row in range(last + 1, last + rows + 1)
    ).encode()
    xml = xml.replace(b"</sheetData>", extra + b"</sheetData>", 1)
    xml = re.sub(rb'<dimension ref="[^"]*"/>', b"", xml)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, xml if info.filename == member else source.read(info))
    return out.getvalue()


@contextmanager
def production_site(database_url: str, folder: Path, workers: int = 3):
    """The demo site served by gunicorn with ``workers`` synchronous workers (as the README's
    production set-up), on a prepared database; stopped afterwards."""
    env = os.environ | {
        "DATABASE_URL": database_url, "DEBUG": "1", "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(folder / "media"), "PYTHONUNBUFFERED": "1",
        "GUNICORN_WORKERS": str(workers), "GUNICORN_TIMEOUT": "120",
        "GUNICORN_ACCESS_LOG": str(folder / "access.log"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    concurrency.manage(env, "migrate", "--no-input")
    concurrency.manage(env, "load_demo")
    port = concurrency.free_port()
    env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
    site = concurrency.Site(base=f"http://127.0.0.1:{port}", env=env, folder=folder, plan={})
    log = open(folder / "server.log", "w")  # noqa: SIM115 - closed with the process
    site.processes.append((subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"], cwd=ROOT,
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True), log))
    try:
        concurrency._wait_until_served(site)
        yield site
    finally:
        concurrency.stop_site(site)


def concurrent_uploads(site, content: bytes, *, uploads: int = 3, path: str, page: str = "/"):
    """``uploads`` people (``realizator``) send ``content`` to ``path`` at once while a visitor
    keeps opening ``page``: the upload times and statuses, and the page's times while the
    uploads ran."""
    stats = concurrency.Stats()
    browsers = [concurrency.Browser(site, stats) for _ in range(uploads)]
    for browser in browsers:
        assert browser.login("realizator", "realizator-demo")
    upload_path = path
    results = [None] * uploads
    started = threading.Barrier(uploads + 1)

    def send(number):
        browser = browsers[number]
        started.wait()
        begin = time.perf_counter()
        response = browser.request("upload", "POST", upload_path, expect=(200, 302, 400),
                                   data={"csrfmiddlewaretoken": browser.csrf()},
                                   files={"file": ("wartosci.xlsx", content)})
        results[number] = (time.perf_counter() - begin, response)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(uploads)]
    for thread in threads:
        thread.start()
    visitor = concurrency.Browser(site, stats)
    started.wait()
    time.sleep(0.2)  # the uploads are on their way
    page_times = []
    while any(thread.is_alive() for thread in threads) or not page_times:
        begin = time.perf_counter()
        visitor.request("page", "GET", page)
        page_times.append(time.perf_counter() - begin)
        time.sleep(0.1)
    for thread in threads:
        thread.join()
    return results, page_times
