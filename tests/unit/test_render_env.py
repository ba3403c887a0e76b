"""The template environment's helpers: key-first lookups on view dicts, and `once` fragments."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from sitegen.render import make_environment


@pytest.fixture
def env(tmp_path: Path) -> jinja2.Environment:
    (tmp_path / "templates").mkdir()
    return make_environment((tmp_path,))


def test_view_keys_are_read_and_dict_methods_stay_methods(env: jinja2.Environment) -> None:
    template = env.from_string("{{ v.title }}|{{ v['items'] }}|{{ v.items()|list|length }}")
    assert template.render(v={"title": "Data <Inquiry>", "items": "two"}) == "Data &lt;Inquiry&gt;|two|2"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ v.missing }}").render(v={"title": "x"})


def test_once_renders_a_fragment_the_first_time_only(env: jinja2.Environment, tmp_path: Path) -> None:
    template = env.from_string('{% for r in rows %}{% call once("row", r.key) %}<{{ r.text }}>{% endcall %}'
                               '{% endfor %}')
    rows = [{"key": "a", "text": "first"}, {"key": "b", "text": "other"}, {"key": "a", "text": "changed"}]
    # The third row shares the first one's key: its fragment is repeated, not rendered again.
    assert template.render(rows=rows) == "<first><other><first>"
    assert make_environment((tmp_path,)).from_string(
        '{% call once("row", "a") %}{{ t }}{% endcall %}').render(t="fresh") == "fresh"  # a new build starts empty
