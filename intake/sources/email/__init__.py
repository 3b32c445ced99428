"""Reports by e-mail: an IMAP fetcher, a parser and the service that files each message."""
