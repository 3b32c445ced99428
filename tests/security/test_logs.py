"""No reporter identifier in the server's log lines (finding 4)."""

import io
import logging

from daphne.management.commands.runserver import Command

from intake.logging import DropQueryStrings

OPENID = "oWx3Q5xJ2k9LmNpQrStUvWxYz0A1"


def configured_console():
    return next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, DropQueryStrings) for f in handler.filters)
    )


def test_access_log_of_the_wechat_callback_leaves_out_the_openid():
    handler = configured_console()
    stream, handler.stream = handler.stream, io.StringIO()
    try:
        Command().log_action(
            "http",
            "complete",
            {
                "method": "POST",
                "path": f"/inbound/wechat/?signature=ab12&timestamp=1&nonce=2&openid={OPENID}",
                "status": 200,
                "time_taken": 0.01,
                "client": "127.0.0.1:5555",
            },
        )
        logging.getLogger("django.channels.server").warning("GET /inbound/wechat/?openid=%s 404", OPENID)
        written = handler.stream.getvalue()
    finally:
        handler.stream = stream
    assert "/inbound/wechat/" in written
    assert OPENID not in written
    assert "openid" not in written


def test_a_plain_message_with_a_question_mark_is_left_alone():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "Is the worker up? %s", ("yes",), None)
    DropQueryStrings().filter(record)
    assert record.getMessage() == "Is the worker up? yes"
