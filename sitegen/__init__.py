"""sitegen: a static site generator for educator micro-credential catalogs.

The version is the installed distribution's (pyproject.toml's `version`, read from its metadata), so
`sitegen --version`, the build cache and `sitegen init`'s pin all name the release that is running.
"""

from importlib.metadata import PackageNotFoundError, version

DISTRIBUTION = "microcred-sitegen"
"""The name sitegen is published under on PyPI (`pip install microcred-sitegen`); `sitegen` there is
another project. The import package and the command are `sitegen`."""

try:
    __version__ = version(DISTRIBUTION)
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0+unknown"
