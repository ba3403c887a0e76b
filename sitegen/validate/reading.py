"""Reading content files for validation: paths as messages show them, links leading out of the content
folder, and a file's front matter or YAML parsed into nodes, with every problem added to a list."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from sitegen.errors import ContentError, ContentErrors, display_path
from sitegen.load import MapNode, parse_yaml, printable, read_text, split_front_matter


def shown(path: Path) -> str:
    """A path as messages show it: relative to the current folder when inside it, else absolute."""
    absolute = os.path.abspath(path)
    folder, name = os.path.split(absolute)
    return printable(_shown_folder(folder, os.getcwd()) + display_path(name))


@functools.lru_cache(maxsize=1024)
def _shown_folder(folder: str, cwd: str) -> str:
    """How `shown` writes a folder before a file name in it: "" for the current folder, else with a final "/"
    (asked once per folder: resolving links costs a system call per part of the path)."""
    root = cwd.rstrip(os.sep)
    if folder.rstrip(os.sep) == root:
        return ""
    if folder.startswith(root + os.sep):
        return display_path(folder[len(root) + 1:]) + "/"
    try:  # the current folder reached through a symbolic link
        inside = Path(folder).resolve().relative_to(Path(cwd).resolve())
    except (ValueError, OSError):
        return display_path(folder).rstrip("/") + "/"
    return "" if str(inside) == "." else display_path(inside) + "/"


LINKED_OUT = ("the file is a link to a file outside the content folder (it would be read from the computer "
              "that builds the site); commit the file itself")


def linked_out(path: Path, content: Path) -> bool:
    """Whether `path` (or a folder on its way) is a symbolic link leading out of the content folder."""
    if not path.is_symlink() and _folders_inside(str(path.parent), str(content)):
        return False
    return not path.resolve().is_relative_to(content.resolve())


@functools.lru_cache(maxsize=256)
def _folders_inside(folder: str, content: str) -> bool:
    """Whether `folder` resolves inside `content` (asked once per folder, not once per file)."""
    return Path(folder).resolve().is_relative_to(Path(content).resolve())


def read_front_matter(path: Path, problems: list[ContentError]) -> tuple[MapNode, str, int] | None:
    """A Markdown entity file's front matter (as a mapping node), body and body line."""
    where = shown(path)
    try:
        text = read_text(path.read_bytes(), where)
        front = split_front_matter(text, where)
        node = parse_yaml(front.yaml, where, front.yaml_line)
    except ContentErrors as exc:
        problems.extend(exc.errors)
        return None
    except OSError as exc:
        problems.append(ContentError(where, 1, f"cannot read the file: {exc.strerror}"))
        return None
    if node is None:
        problems.append(ContentError(where, 1, "the front matter is empty"))
        return None
    if not isinstance(node, MapNode):
        problems.append(ContentError(where, node.line, "the front matter must be a mapping of keys "
                                     "(key: value lines), not a list or a single value"))
        return None
    return node, front.body, front.body_line


def read_yaml_file(path: Path, problems: list[ContentError]) -> MapNode | None:
    where = shown(path)
    try:
        node = parse_yaml(read_text(path.read_bytes(), where), where, 1)
    except ContentErrors as exc:
        problems.extend(exc.errors)
        return None
    except OSError as exc:
        problems.append(ContentError(where, 1, f"cannot read the file: {exc.strerror}"))
        return None
    if not isinstance(node, MapNode):
        problems.append(ContentError(where, 1 if node is None else node.line,
                                     "the file must be a mapping of keys (key: value lines)"))
        return None
    return node


def forget_folders() -> None:
    """Forget what folders resolved to (they may have become links since the last build, under serve)."""
    _folders_inside.cache_clear()
    _shown_folder.cache_clear()
