import logging
import re
from collections.abc import Mapping


class DropRequestBody(logging.Filter):
    """Keep request objects (and so POST bodies with reporter data) out of log records."""

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            request = record.request
            record.request = f"{getattr(request, 'method', '?')} {getattr(request, 'path', '?')}"
        return True


_QUERY = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")


class DropQueryStrings(logging.Filter):
    """Keep query strings out of log lines: WeChat puts the reporter's OpenID in the query
    string of its callback, and the server's access log (daphne's runserver) would print it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, Mapping) and isinstance(record.args.get("path"), str):
            record.args = {**record.args, "path": record.args["path"].split("?", 1)[0]}
        message = record.getMessage()
        if "?" in message:
            record.msg, record.args = _QUERY.sub(r"\1?[query removed]", message), None
        return True
