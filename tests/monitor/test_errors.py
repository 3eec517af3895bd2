"""One error tree per side: every user-fixable error reaches the CLI as one line and exit 2."""

from __future__ import annotations

import importlib

import pytest
from scrapy.exceptions import IgnoreRequest

from crawler import exceptions as crawler_exceptions
from monitor import errors
from storage.db import DatabaseError

cli_app = importlib.import_module("figwatch.cli.app")  # the module (figwatch.cli.app is the app)
USER_ERRORS = [getattr(errors, name) for name in errors.__all__]


@pytest.mark.parametrize("error", [*USER_ERRORS, DatabaseError], ids=lambda e: e.__name__)
def test_the_cli_shows_a_user_error_as_one_line_and_exit_2(
    error: type[Exception], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom() -> None:
        raise error(f"{error.__name__} - the line to fix")

    monkeypatch.setattr(cli_app, "app", boom)
    with pytest.raises(SystemExit) as exit_:
        cli_app.main()
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [f"error: {error.__name__} - the line to fix"]


def test_every_user_error_is_under_the_root_and_named_in_the_docstring() -> None:
    for error in USER_ERRORS:
        assert issubclass(error, errors.FigwatchError)
        assert error.__name__ in (errors.__doc__ or "")


def test_an_unexpected_error_is_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom() -> None:
        raise KeyError("a bug, not a user error")

    monkeypatch.setattr(cli_app, "app", boom)
    with pytest.raises(KeyError):
        cli_app.main()


def test_the_crawler_skips_form_one_family() -> None:
    assert issubclass(crawler_exceptions.SSRFRefused, crawler_exceptions.SkipRequest)
    assert issubclass(crawler_exceptions.SkipRequest, IgnoreRequest)
    refused = crawler_exceptions.SSRFRefused("private", "10.0.0.1 is private")
    assert (refused.reason, str(refused)) == ("private", "10.0.0.1 is private")
    for name in crawler_exceptions.__all__:
        assert name in (crawler_exceptions.__doc__ or "")
