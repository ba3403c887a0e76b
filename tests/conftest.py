"""Command-line options shared by the test suite (registered here so that every run knows them)."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screenshots",
        metavar="DIR",
        default=None,
        help="save full-page PNG screenshots of each page kind at 375 and 1280 px wide into DIR "
        "(taken by the browser layout tests)",
    )
