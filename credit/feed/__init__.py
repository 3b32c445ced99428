"""The daily feed of published penalties and blacklist listings to the credit platform
(信用中国(海南)), in the national 双公示 data items for administrative penalty information.

`fields` maps a publication to the data items, `files` writes CSV and XLSX, `pushers` hands a
batch to the platform (pluggable, `settings.CREDIT_FEED_PUSHER`), `services` builds a day's
batch and pushes it with a receipt.
"""
