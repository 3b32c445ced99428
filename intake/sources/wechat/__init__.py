"""The city's WeChat official account: callback protocol, report conversation, photos."""
