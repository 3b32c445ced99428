"""A batch's rows as CSV (UTF-8) and XLSX."""

import csv
import io

from openpyxl import Workbook

from credit.feed.fields import HEADERS


def _safe(value: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows([[_safe(cell) for cell in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "行政处罚"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([_safe(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
