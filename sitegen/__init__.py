"""sitegen: a static site generator for educator micro-credential catalogs."""

__version__ = "0.1.0"
