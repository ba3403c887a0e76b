"""The bundled themes (the `default` theme ships inside the package)."""
