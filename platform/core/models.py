"""Public-schema models shared by the whole platform."""

from __future__ import annotations

from django.db import models


class EncryptedSecret(models.Model):
    """One secret of the local secret store (core.local_secrets), Fernet-encrypted.

    `name` says whose secret it is (`tenants/<id>/stripe`); `ciphertext` is a Fernet token whose
    plaintext also names the secret, so a row copied onto another name does not decrypt.
    """

    name = models.CharField(max_length=255, unique=True)
    ciphertext = models.TextField()
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
