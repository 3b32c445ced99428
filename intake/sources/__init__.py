"""Adapters through which reports arrive besides the web: WeChat, SMS, e-mail, the hotline
and Open311. Each speaks its protocol and ends in `intake.services.report_submit`."""
