"""Secret tokens for links in e-mails: only their SHA-256 hash is ever stored."""

import hashlib
import secrets


def hash_token(token: str) -> str:
    """The hex SHA-256 of a token (what the database keeps)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh URL-safe token and its hash."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)
