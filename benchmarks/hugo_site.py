"""The Hugo site equivalent to a synthetic sitegen catalog: configuration, minimal layouts, pages."""

from __future__ import annotations

from pathlib import Path

TAXONOMIES: tuple[tuple[str, str], ...] = (("topic", "topics"), ("issuer", "issuers"), ("state", "states"))
PAGER_SIZE = 100  # long lists are paginated, as an idiomatic Hugo site (and sitegen) splits them
RSS_LIMIT = 50  # Hugo's default puts every page in each of its ~600 feeds; sitegen writes one feed

BASEOF = """\
<!DOCTYPE html>
<html lang="{{ site.Language.Locale }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
{{ with .Params.summary }}<meta name="description" content="{{ . }}">{{ end }}
</head>
<body>
<header>
<a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav>
{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}
{{ range $plural, $_ := site.Taxonomies }}
{{ with site.GetPage $plural }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}
{{ end }}
</nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>{{ site.Title }}</p></footer>
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="summary">{{ .Params.summary }}</p>
{{ .Content }}
{{ range $taxonomy := slice "topics" "issuers" "states" }}
{{ with $.GetTerms $taxonomy }}
<section>
<h2>{{ $taxonomy | title }}</h2>
<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</section>
{{ end }}
{{ end }}
</article>
{{ end }}
"""

LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}
<ul>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>
{{ end }}
</ul>
{{ partial "pagination.html" . }}
{{ end }}
"""

TAXONOMY = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}
</ul>
{{ end }}
"""

HOME = """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
<p>{{ len site.RegularPages }} credentials.</p>
<ul>
{{ range $plural, $terms := site.Taxonomies }}
{{ with site.GetPage $plural }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len $terms }})</li>{{ end }}
{{ end }}
</ul>
{{ end }}
"""

# Headings carry the same ids as sitegen's ("h-" + slug), so the bodies' `#` links resolve on both sites.
RENDER_HEADING = """\
<h{{ .Level }} id="h-{{ .Anchor }}">{{ .Text }}</h{{ .Level }}>
"""

# Hugo's template system since 0.146 (layouts/<kind>.html); under the older layouts/_default/ names,
# Hugo 0.168 renders term pages with taxonomy.html instead of term.html.
LAYOUTS: dict[str, str] = {
    "baseof.html": BASEOF,
    "home.html": HOME,
    "single.html": SINGLE,
    "list.html": LIST,
    "taxonomy.html": TAXONOMY,
    "term.html": LIST,
    "_markup/render-heading.html": RENDER_HEADING,
}


def toml_string(value: str) -> str:
    """A TOML basic string."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def config(title: str, base_url: str) -> str:
    """hugo.toml: same base URL as site.yaml, the three taxonomies, pagination."""
    lines = [
        f"baseURL = {toml_string(base_url)}",
        f"title = {toml_string(title)}",
        'locale = "en-us"',
        "",
        "[taxonomies]",
        *(f"  {singular} = {toml_string(plural)}" for singular, plural in TAXONOMIES),
        "",
        "[pagination]",
        f"  pagerSize = {PAGER_SIZE}",
        "",
        "[services.rss]",
        f"  limit = {RSS_LIMIT}",
        "",
    ]
    return "\n".join(lines)


def write_skeleton(root: Path, title: str, base_url: str) -> None:
    """hugo.toml and the layouts under root (the Hugo site folder)."""
    (root / "content" / "credentials").mkdir(parents=True, exist_ok=True)
    write_text(root / "hugo.toml", config(title, base_url))
    for relative, text in LAYOUTS.items():
        write_text(root / "layouts" / relative, text)


def write_text(path: Path, text: str) -> None:
    """UTF-8 with LF line endings, whatever the platform."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
