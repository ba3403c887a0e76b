"""Finding themes: the project's themes/<name>/ first, then the bundled ones shipped in the package.

Where theme folders are on disk, not how pages are rendered: below every stage (it imports only errors), so
validation can check site.yaml's theme name here and the build can look up the chain it renders with."""

from __future__ import annotations

from pathlib import Path

from sitegen.errors import ContentError, ContentErrors


def bundled_themes() -> Path:
    import importlib

    package = importlib.import_module("sitegen.themes")
    return Path(next(iter(package.__path__)))


def theme_chain(project: Path, name: str) -> tuple[Path, ...]:
    """Theme folders to look in, most specific first; the default theme always comes last."""
    chain: list[Path] = []
    for root in (project / "themes", bundled_themes()):
        candidate = root / name
        if candidate.is_dir() and candidate.resolve().is_relative_to(root.resolve()):
            chain.append(candidate)
    if not chain:
        raise ContentErrors([ContentError("site.yaml", 1, f"theme '{name}' not found in themes/ or the bundled "
                                          "themes")])
    default = bundled_themes() / "default"
    if name != "default":
        project_default = project / "themes" / "default"
        if project_default.is_dir():
            chain.append(project_default)
    chain.append(default)
    unique: list[Path] = []
    for folder in chain:
        if folder not in unique:
            unique.append(folder)
    return tuple(unique)


def static_files(chain: tuple[Path, ...]) -> dict[str, Path]:
    """Static files by their path under static/, the first theme in the chain winning."""
    found: dict[str, Path] = {}
    for folder in reversed(chain):
        static = folder / "static"
        if not static.is_dir():
            continue
        real_static = static.resolve()
        for path in sorted(static.rglob("*")):
            if path.is_file() and path.resolve().is_relative_to(real_static):
                found[path.relative_to(static).as_posix()] = path
    return dict(sorted(found.items()))


def theme_problem(project: Path, name: str) -> str | None:
    """Why the theme `name` cannot be used (not found, or a link out of the themes folder), or None."""
    bundled = bundled_themes()
    available = sorted(p.name for p in bundled.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
    for root in (project / "themes", bundled):
        candidate = root / name
        if candidate.is_dir():
            if candidate.resolve().is_relative_to(root.resolve()):
                return None
            return (f"'theme': themes/{name} is a link to a folder outside the project's themes/; copy the theme "
                    "into themes/ instead")
    return (f"'theme': there is no theme '{name}': create the folder themes/{name}/ beside the content folder, "
            f"or use a bundled theme ({', '.join(available)})")
