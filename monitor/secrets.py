"""Secrets (SMTP and database passwords, webhook keys): read once, never shown.

``secret("FIGWATCH_SMTP_PASSWORD")`` reads the environment variable, or the file named by
``FIGWATCH_SMTP_PASSWORD_FILE`` (which must not be readable by group or others). Every value read
is registered, and ``redact()`` / the ``RedactSecrets`` logging filter replace it, plus anything
that looks like ``password=...`` or ``scheme://user:pass@host``, with ``***``.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import threading
from pathlib import Path

from monitor.errors import SecretError

MASK = "***"
MIN_SECRET_LEN = 4  # shorter values would mask ordinary words; they are still never logged by us

_known: set[str] = set()
_lock = threading.Lock()
_pattern: re.Pattern[str] | None = None

_URL_CREDS = re.compile(r"(?P<pre>[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]*:)(?P<pw>[^@\s/]+)(?=@)")
_KEY_VALUE = re.compile(
    r"(?P<pre>\b[\w-]*(?:password|passwd|pwd|secret|token|api[_-]?key|authorization)[\w-]*"
    r"[\"']?\s*[=:]\s*[\"']?)(?P<pw>[^\s\"'&,;}]+)",
    re.I,
)
_BEARER = re.compile(r"(?P<pre>\b(?:Bearer|Basic)\s+)(?P<pw>[A-Za-z0-9._~+/=-]{8,})")


def register(value: str | None) -> None:
    """Remember ``value`` so that ``redact`` and ``RedactSecrets`` hide it from now on."""
    global _pattern
    if not value or len(value) < MIN_SECRET_LEN:
        return
    with _lock:
        if value in _known:
            return
        _known.add(value)
        parts = sorted(_known, key=len, reverse=True)
        _pattern = re.compile("|".join(re.escape(p) for p in parts))


def _read_file(var: str, path_text: str) -> str:
    path = Path(path_text).expanduser()
    try:
        st = path.stat()
    except OSError as exc:
        raise SecretError(f"{var}: cannot read secret file {path}: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise SecretError(f"{var}: secret file {path} is not a regular file")
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        mode = stat.S_IMODE(st.st_mode)
        raise SecretError(
            f"{var}: secret file {path} is accessible by group/others (mode {mode:04o}); "
            f"expected 0600 or 0400 (chmod 600 {path})"
        )
    try:
        return path.read_text(encoding="utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise SecretError(f"{var}: cannot read secret file {path}: {exc}") from None


def secret(name: str, *, file_env_suffix: str = "_FILE") -> str | None:
    """The secret in env ``name`` or in the file named by env ``name + file_env_suffix``.

    Returns ``None`` when neither is set; raises ``SecretError`` (one line, no secret in it) for a
    file that is missing, unreadable or accessible by group/others, or when both are set.
    """
    direct = os.environ.get(name)
    file_var = name + file_env_suffix
    file_path = os.environ.get(file_var)
    if direct and file_path:
        raise SecretError(f"both {name} and {file_var} are set; expected only one")
    value = direct if direct else (_read_file(file_var, file_path) if file_path else None)
    if value is not None:
        register(value)
    return value or None


def redact(text: object) -> str:
    """``text`` with every registered secret and every credential-looking pattern masked."""
    out = str(text)
    pattern = _pattern
    if pattern is not None:
        out = pattern.sub(MASK, out)
    out = _URL_CREDS.sub(lambda m: m.group("pre") + MASK, out)
    out = _BEARER.sub(lambda m: m.group("pre") + MASK, out)
    return _KEY_VALUE.sub(lambda m: m.group("pre") + MASK, out)


class RedactSecrets(logging.Filter):
    """Logging filter that masks secrets in the message, its arguments and any traceback.

    Install on handlers (``install_log_redaction()`` does it for the root logger's handlers)
    so that records from every library, Scrapy and SQLAlchemy included, pass through it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string: keep the raw text
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            formatter = logging.Formatter()
            record.exc_text = redact(formatter.formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install_log_redaction(logger: logging.Logger | None = None) -> RedactSecrets:
    """Attach one ``RedactSecrets`` to every handler of ``logger`` (root by default); idempotent."""
    target = logger or logging.getLogger()
    flt = next(
        (f for h in target.handlers for f in h.filters if isinstance(f, RedactSecrets)),
        RedactSecrets(),
    )
    for handler in target.handlers:
        if flt not in handler.filters:
            handler.addFilter(flt)
    return flt
