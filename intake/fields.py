from django.db import models

from intake import crypto


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; the database never holds the plain value.

    It cannot be filtered on: store a keyed hash beside it where a lookup is needed.
    """

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return crypto.encrypt(value)
