"""Family 5, evidence and paths: files outside the portfolio, active or disguised file types, oversized files,
LFS pointers, undeclared student privacy, script URLs; and the same for credential images."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile_kit import (
    AVERY,
    AVERY_DIR,
    CRED,
    LFS_POINTER,
    PDF,
    PNG,
    Built,
    Case,
    Mutation,
    at,
    both,
    changed,
    edit,
    internal_links_resolve,
    params,
    refused,
    symlink,
    write,
    yaml_string,
)

LESSON = "file: evidence/lesson-plan.pdf"
ARTICLE = 'url: "https://example.org/article"'
CONTACT = "contact: {email: avery@example.org}"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.domain)</script></body></html>"
INSIDE = "must be a path inside the portfolio folder, like evidence/photo.jpg"


def lesson(name: str, data: bytes | None = None) -> Mutation:
    """Point the lesson plan at evidence/`name` (written when `data` is given)."""
    point = edit(AVERY, LESSON, f"file: {yaml_string('evidence/' + name)}")
    return point if data is None else both(write(f"{AVERY_DIR}/evidence/{name}", data), point)


def outside_folder(content: Path) -> None:
    """A real PDF outside the content, and evidence2/ in the portfolio linking to its folder."""
    outside = content.parent / "outside"
    outside.mkdir()
    (outside / "plan.pdf").write_bytes(PDF)
    os.symlink("../../../outside", content / AVERY_DIR / "evidence2")


def photo(name: str, data: bytes) -> Mutation:
    return both(write(f"{AVERY_DIR}/{name}", data), edit(AVERY, "headline:", f"photo: {name}\nheadline:"))


def image(name: str, data: bytes | None = None) -> Mutation:
    add = edit(CRED, 'version: "1.0"\n', f'version: "1.0"\nimage: {name}\n')
    return add if data is None else both(write(f"credentials/{name}", data), add)


FILE_LINE = at(AVERY, LESSON)
IMAGE_LINE = at(CRED, 'version: "1.0"', 1)

# fmt: off
CASES: list[Case] = [
    # paths
    changed("dot-dot", AVERY, LESSON, "file: ../hidden-person/portfolio.yaml", INSIDE, "(no '..'"),
    changed("dot-dot-in-the-middle", AVERY, LESSON, "file: evidence/../../../site.yaml", "no '..'"),
    changed("absolute-path", AVERY, LESSON, "file: /etc/passwd", "no absolute path"),
    changed("windows-absolute-path", AVERY, LESSON, 'file: "C:\\\\Users\\\\avery\\\\plan.pdf"', INSIDE),
    changed("backslashes", AVERY, LESSON, "file: evidence\\lesson-plan.pdf", INSIDE),
    changed("home-folder", AVERY, LESSON, "file: ~/plan.pdf", "does not exist in avery-example/"),
    refused("symlink-out-of-the-folder", both(symlink(f"{AVERY_DIR}/evidence/link.pdf", "../../../site.yaml"),
                                              lesson("link.pdf")),
            FILE_LINE, "'file: evidence/link.pdf' links outside the portfolio folder; copy the file into it"),
    refused("symlink-to-an-absolute-path", both(symlink(f"{AVERY_DIR}/evidence/passwd.txt", "/etc/passwd"),
                                                lesson("passwd.txt")),
            FILE_LINE, "links outside the portfolio folder"),
    refused("symlinked-folder-out", both(outside_folder, edit(AVERY, LESSON, "file: evidence2/plan.pdf")),
            FILE_LINE, "'file: evidence2/plan.pdf' links outside the portfolio folder"),
    refused("symlink-loop", both(symlink(f"{AVERY_DIR}/evidence/loop.pdf", "loop.pdf"), lesson("loop.pdf")),
            FILE_LINE, "'file: evidence/loop.pdf' does not exist"),
    changed("missing-file", AVERY, LESSON, "file: evidence/lesson.pdf",
            "'file: evidence/lesson.pdf' does not exist in avery-example/"),
    changed("a-folder-not-a-file", AVERY, LESSON, "file: evidence", "'file: evidence' is not a file"),
    # types
    refused("svg-evidence", lesson("diagram.svg", SVG), FILE_LINE,
            ".svg files are not accepted; use one of .pdf .png .jpg"),
    refused("html-evidence", lesson("page.html", HTML), FILE_LINE, ".html files are not accepted"),
    refused("javascript-evidence", lesson("app.js", b"alert(1)\n"), FILE_LINE, ".js files are not accepted"),
    refused("no-extension", lesson("README", b"plain\n"), FILE_LINE, "files without an extension are not accepted"),
    refused("html-renamed-png", lesson("photo.png", HTML), FILE_LINE,
            "'file: evidence/photo.png' is named .png but its content is not a PNG image"),
    refused("html-renamed-upper-case-png", lesson("photo.PNG", HTML), FILE_LINE, "its content is not a PNG image"),
    refused("svg-renamed-jpg", lesson("photo.jpg", SVG), FILE_LINE, "its content is not a JPEG image"),
    refused("html-renamed-pdf", lesson("plan.pdf", HTML), FILE_LINE, "its content is not a PDF"),
    refused("html-renamed-txt", lesson("notes.txt", b"\n  <script>alert(1)</script>"), FILE_LINE,
            "is named .txt but its content is not plain UTF-8 text"),
    refused("markup-first-in-about-file", write(f"{AVERY_DIR}/about.md", "<svg onload=alert(1)>hi</svg>\n"),
            at(AVERY, "about: about.md"), "'about: about.md' is named .md but its content is not plain UTF-8 text: "
            "it starts with HTML or SVG markup (<svg>); remove the markup"),
    refused("double-extension", lesson("photo.png.html", HTML), FILE_LINE, ".html files are not accepted"),
    refused("oversized", lesson("big.png", PNG + bytes(1024 * 1024)), FILE_LINE,
            "is 1.0 MB", "the limit is 1 MB (max_evidence_mb in site.yaml)", "link to it with url:"),
    refused("git-lfs-pointer", lesson("video.mp4", LFS_POINTER), FILE_LINE,
            "is a Git LFS pointer, not the file itself; run 'git lfs pull' or commit the real file"),
    Built("odd-characters-in-an-evidence-file-name", lesson('plan "#1"? <b>&amp; naïve.pdf', PDF),
          shown=(("portfolios/avery-example/index.html", "Lesson plan"),), check=internal_links_resolve),
    # privacy
    refused("student-work-without-privacy", edit(AVERY, "        student_privacy: redacted\n", ""),
            at(AVERY, "title: Student work sample"),
            "evidence 'Student work sample' is student-work: add 'student_privacy: consent', 'redacted' or "
            "'no-students'"),
    changed("video-without-privacy", AVERY, "kind: lesson-plan", "kind: video", "is video: add 'student_privacy:",
            shift=-1),
    changed("photo-without-privacy", AVERY, "kind: lesson-plan", "kind: photo", "is photo: add 'student_privacy:",
            shift=-1),
    changed("bad-privacy-value", AVERY, "student_privacy: redacted", "student_privacy: yes",
            "'student_privacy' is 'yes'; it must be one of: consent, redacted, no-students"),
    # URLs
    changed("javascript-evidence-url", AVERY, ARTICLE, 'url: "javascript:alert(1)"',
            "'url': 'javascript:alert(1)' is not an absolute http:// or https:// URL"),
    changed("data-evidence-url", AVERY, ARTICLE, 'url: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="',
            "is not an absolute http:// or https:// URL"),
    changed("vbscript-evidence-url", AVERY, ARTICLE, 'url: "vbscript:msgbox(1)"', "is not an absolute http://"),
    changed("protocol-relative-url", AVERY, ARTICLE, 'url: "//evil.example/x"', "is not an absolute http://"),
    changed("javascript-contact-url", AVERY, CONTACT, 'contact: {email: avery@example.org, url: "JavaScript:alert(1)"}',
            "'url': 'JavaScript:alert(1)' is not an absolute http:// or https:// URL"),
    changed("contact-url-with-a-password", AVERY, CONTACT, "contact: {url: 'https://user:secret@example.org/'}",
            "must not carry a user name or password"),
    changed("contact-email-with-markup", AVERY, CONTACT, 'contact: {email: "avery@example.org<script>"}',
            "'email' is not an e-mail address"),
    changed("file-and-url-together", AVERY, ARTICLE, ARTICLE + ", file: evidence/lesson-plan.pdf",
            "evidence 'Article' needs exactly one of 'file:' or 'url:'"),
    # other files of a portfolio
    changed("about-outside-the-folder", AVERY, "about: about.md", "about: ../hidden-person/notes.md", "no '..'"),
    changed("about-not-markdown", AVERY, "about: about.md", "about: about.html",
            "'about' must name a Markdown (.md) file beside portfolio.yaml"),
    refused("svg-photo", photo("photo.svg", SVG), at(AVERY, "headline:"),
            ".svg files are not accepted; use one of .png .jpg .jpeg .gif .webp"),
    refused("html-photo-renamed-jpg", photo("photo.jpg", HTML), at(AVERY, "headline:"),
            "'photo: photo.jpg' is named .jpg but its content is not a JPEG image"),
    changed("assertion-outside-the-folder", AVERY, "assertion: badges/feedback-loops.json",
            "assertion: ../../site.yaml", "no '..'"),
    # content files that are links out of the content folder (a PR could link to files of the build machine)
    refused("credential-file-linked-out", both(write("../secret.md", "---\ntitle: Secret\n---\n"),
                                               symlink("credentials/leak.md", "../../secret.md")),
            "credentials/leak.md:1", "a link to a file outside the content folder", "commit the file itself"),
    refused("portfolio-folder-linked-out", both(write("../outside-portfolio/portfolio.yaml", "name: Out\n"),
                                                symlink("portfolios/leak", "../../outside-portfolio")),
            "portfolios/leak/portfolio.yaml:1", "a link to a file outside the content folder"),
    refused("site-yaml-linked-out", both(lambda c: (c / "site.yaml").rename(c.parent / "site.yaml"),
                                         symlink("site.yaml", "../site.yaml")),
            "site.yaml:1", "a link to a file outside the content folder"),
    # credential images
    refused("image-svg-with-handler", image("badge.svg", SVG), IMAGE_LINE,
            "'image: badge.svg' contains script or event handlers; use a plain SVG or a PNG"),
    refused("image-html-renamed-png", image("badge.png", HTML), IMAGE_LINE,
            "'image: badge.png' is named .png but its content is not a PNG image"),
    refused("image-symlink-out", both(symlink("credentials/badge.png", "../../outside.png"),
                                      write("../outside.png", PNG), image("badge.png")),
            IMAGE_LINE, "'image: badge.png' is not a file in credentials/"),
    refused("image-outside", image("../site.yaml"), IMAGE_LINE,
            "'image' must be a file path beside the credential (no '..', no absolute path, no URL)"),
]
# fmt: on


def test_family_size() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", params(CASES))
def test_evidence(case: Case, verify) -> None:
    verify(case)
