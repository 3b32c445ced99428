"""Tests name a report's inputs flat (as the error keys do); this builds the typed draft."""

from intake.services import ReportDraft, ReporterDraft, SubjectDraft

SUBJECT = {
    "subject_kind": "kind",
    "subject_name": "name",
    "subject_credit_code": "credit_code",
    "subject_contacts": "contacts",
}
REPORTER = {
    "anonymous": "anonymous",
    "reporter_name": "name",
    "reporter_phone": "phone",
    "reporter_id_number": "id_number",
    "reporter_email": "email",
    "reporter_wechat_openid": "wechat_openid",
    "reporter_ip": "ip",
    "language": "language",
}


def report_draft(**fields) -> ReportDraft:
    """A ReportDraft from flat names: `subject_name=…`, `reporter_phone=…`, `language=…`."""
    subject = {SUBJECT[name]: fields.pop(name) for name in list(fields) if name in SUBJECT}
    reporter = {REPORTER[name]: fields.pop(name) for name in list(fields) if name in REPORTER}
    return ReportDraft(**fields, subject=SubjectDraft(**subject), reporter=ReporterDraft(**reporter))
