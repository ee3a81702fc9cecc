"""Password hashing (argon2id) and the password rules: length and a common-password check."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _

MIN_LENGTH = 10
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
_COMMON_FILE = Path(__file__).with_name("common_passwords.txt")


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True if ``password`` matches; never raises for a broken or missing hash."""
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# A dummy hash to verify against when the account does not exist, so the response time does
# not reveal whether an e-mail address is registered.
DUMMY_HASH = _hasher.hash("no-such-account-dummy-password")


@functools.cache
def common_passwords() -> frozenset[str]:
    """The list of passwords that are too common to allow (lower-case)."""
    lines = _COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _is_trivial(password: str) -> bool:
    lowered = password.lower()
    if len(set(lowered)) <= 2:
        return True
    digits = "01234567890123456789"
    letters = "abcdefghijklmnopqrstuvwxyzqwertzuiopasdfghjklyxcvbnm"
    return lowered in digits or lowered in digits[::-1] or lowered in letters


def password_problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """Reasons (German, translatable) why a new password is not acceptable; empty if fine."""
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(_("Das Passwort muss mindestens %(n)d Zeichen lang sein.", n=MIN_LENGTH))
    lowered = password.lower()
    stripped = re.sub(r"[\d\W_]+$", "", lowered)
    if lowered in common_passwords() or stripped in common_passwords() or _is_trivial(password):
        problems.append(_("Dieses Passwort ist zu verbreitet. Bitte wählen Sie ein anderes."))
    local_part = email.split("@", 1)[0].lower()
    if (local_part and len(local_part) >= 4 and local_part in lowered) or (
        name and name.lower().replace(" ", "") == lowered.replace(" ", "")
    ):
        problems.append(_("Das Passwort darf nicht Ihren Namen oder Ihre E-Mail-Adresse enthalten."))
    return problems
