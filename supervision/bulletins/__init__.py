"""Bulletin files: a PDF (reportlab) and an Excel workbook (openpyxl) from one BulletinContent."""
