"""CSV for spreadsheets, safe against formula injection. Every CSV download writes through here.

A spreadsheet runs a cell that begins with = + - @ (or a tab or carriage return before one)
as a formula: `=HYPERLINK(...)` in a subject's name would reach everyone who opens the
public export. Such cells get a leading apostrophe, which spreadsheets show as text.
"""

import csv

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


class _Echo:
    def write(self, value):
        return value


def spreadsheet_cell(value) -> str:
    """The value as CSV cell text that a spreadsheet will not evaluate."""
    text = "" if value is None else str(value)
    return "'" + text if text.lstrip(" ")[:1] in _TRIGGERS and text.strip() else text


def csv_line(values) -> str:
    """One CSV line (with its line end) of the values, each made safe by spreadsheet_cell."""
    return csv.writer(_Echo()).writerow([spreadsheet_cell(value) for value in values])
