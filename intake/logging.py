import logging


class DropRequestBody(logging.Filter):
    """Keep request objects (and so POST bodies with reporter data) out of log records."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            request = record.request
            record.request = f"{getattr(request, 'method', '?')} {getattr(request, 'path', '?')}"
        return True
