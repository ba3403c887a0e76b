"""Family 2, encoding and files: bytes that are not UTF-8 text, empty and huge files, BOM, CRLF, long lines,
control characters (also in error messages: no terminal escapes, no injected lines)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hostile_kit import (
    AVERY,
    AVERY_DIR,
    COUNT_LINE,
    CRED,
    HIDDEN,
    ISSUER,
    JPEG,
    PNG,
    SITE,
    Built,
    Case,
    at,
    body,
    both,
    changed,
    each_file,
    edit,
    params,
    refused,
    replace_bytes,
    snapshot_folder,
    transform,
    write,
)

MB = 1024 * 1024
FRONT = "---\ntitle: Big\nissuer: pesb\ncompetencies: [feedback-loops]\nsummary: Big.\n---\n"


def utf16(raw: bytes, codec: str, bom: bytes = b"") -> bytes:
    return bom + raw.decode("utf-8").encode(codec)


def no_bom_anywhere(output: Path) -> None:
    for path in output.rglob("*"):
        if path.is_file():
            assert "\ufeff".encode() not in path.read_bytes(), path


# fmt: off
CASES: list[Case] = [
    # not UTF-8
    refused("invalid-utf8", replace_bytes(CRED, b"summary: Feedback", b"summary: Caf\xe9 Feedback"),
            at(CRED, "summary: Feedback"),
            "invalid UTF-8 (byte 0xe9); save the file as UTF-8"),
    refused("latin1-portfolio", replace_bytes(AVERY, b"name: Avery Example", b"name: Av\xe9ry Example"),
            f"{AVERY}:1", "invalid UTF-8 (byte 0xe9)"),
    refused("invalid-utf8-in-about-file", write(f"{AVERY_DIR}/about.md", b"Line one\nAvery \xff\xfe taught.\n"),
            at(AVERY, "about: about.md"),
            "'about: about.md' is named .md but its content is not plain UTF-8 text; save it as UTF-8"),
    refused("invalid-utf8-late-in-about-file", write(f"{AVERY_DIR}/about.md", b"Line one\n" * 100 + b"\xff\n"),
            f"{AVERY_DIR}/about.md:101", "invalid UTF-8 (byte 0xff); save the file as UTF-8"),
    refused("encoded-surrogate", replace_bytes(CRED, b"summary: Feedback", b"summary: \xed\xa0\x80 Feedback"),
            at(CRED, "summary: Feedback"), "invalid UTF-8 (byte 0xed)"),
    refused("utf16-le-with-bom", transform(CRED, lambda raw: utf16(raw, "utf-16-le", b"\xff\xfe")), f"{CRED}:1",
            "the file is UTF-16; save it as UTF-8"),
    refused("utf16-be-with-bom", transform(SITE, lambda raw: utf16(raw, "utf-16-be", b"\xfe\xff")), f"{SITE}:1",
            "the file is UTF-16; save it as UTF-8"),
    refused("utf16-without-bom", transform(CRED, lambda raw: utf16(raw, "utf-16-le")), f"{CRED}:1",
            "looks like UTF-16 without a byte-order mark", "save it as UTF-8"),
    # NUL and binary
    refused("nul-byte", replace_bytes(CRED, b"issuer: sample-org", b"issuer: sample\x00-org"),
            at(CRED, "issuer: sample-org"),
            "the file contains a NUL byte (is it a binary file?)"),
    refused("png-saved-as-md", write(CRED, PNG + bytes(64)), f"{CRED}:3", "NUL byte (is it a binary file?)"),
    refused("jpeg-saved-as-md", write(CRED, JPEG + bytes(64)), f"{CRED}:1", "NUL byte"),
    refused("random-binary-md", write("issuers/junk.md", bytes(range(256)) * 8), "issuers/junk.md:1", "NUL byte"),
    refused("binary-without-nul", write(CRED, bytes(range(128, 256)) * 8), f"{CRED}:1", "invalid UTF-8 (byte 0x80)"),
    # empty
    refused("empty-file", write(CRED, b""), f"{CRED}:1", "the file is empty; it needs a front matter block"),
    refused("whitespace-only-file", write(CRED, " \n\n\t\n"), f"{CRED}:1", "the file is empty"),
    refused("empty-site-yaml", write(SITE, b""), f"{SITE}:1", "the file must be a mapping of keys"),
    refused("empty-portfolio-yaml", write(HIDDEN, b""), f"{HIDDEN}:1", "the file must be a mapping of keys"),
    # huge
    refused("twenty-mb-file", write(CRED, FRONT + ("x" * 1023 + "\n") * 20 * 1024), f"{CRED}:1",
            "the file is 20 MB; content files are limited to 5 MB"),
    refused("twenty-mb-about-file", write(f"{AVERY_DIR}/about.md", b"A" * 20 * MB), at(AVERY, "about: about.md"),
            "'about: about.md' is 20.0 MB", "the limit is 1 MB"),
    changed("megabyte-single-line-summary", CRED, "summary: Feedback Loops in one or two sentences.",
            "summary: " + "word " * (MB // 5),
            "'summary' is 104857", "characters; at most 1000 are allowed"),
    changed("megabyte-enum-value-is-not-echoed-whole", ISSUER, "kind: state-agency", "kind: " + "x" * MB,
            "'kind' is 'xxxxxxxxxx", "…' (1,048,576 characters); it must be one of: state-agency"),
    Built("megabyte-single-line-body", body(CRED, "Long " + "line " * (MB // 5)),
          shown=(("credentials/feedback-loops/index.html", "line line line"),)),
    # BOM, CRLF, CR
    Built("bom", both(transform(CRED, lambda raw: b"\xef\xbb\xbf" + raw),
                      transform(SITE, lambda raw: b"\xef\xbb\xbf" + raw),
                      transform(AVERY, lambda raw: b"\xef\xbb\xbf" + raw)),
          shown=(("credentials/feedback-loops/index.html", "Feedback Loops"),), check=no_bom_anywhere),
    Built("crlf", each_file(lambda raw: raw.replace(b"\n", b"\r\n")),
          shown=(("credentials/feedback-loops/index.html", "Feedback Loops"),)),
    Built("old-mac-cr", each_file(lambda raw: raw.replace(b"\n", b"\r")),
          shown=(("portfolios/avery-example/index.html", "Avery Example"),)),
    refused("crlf-error-keeps-its-line", both(each_file(lambda raw: raw.replace(b"\n", b"\r\n")),
                                              edit(CRED, "issuer: sample-org", "issuer: sample-orgg")),
            at(CRED, "issuer: sample-org"), "unknown issuer 'sample-orgg' (did you mean 'sample-org'?)"),
    # control characters
    refused("raw-control-character", replace_bytes(CRED, b"summary: Feedback", b"summary: Feed\x07back"),
            at(CRED, "summary: Feedback"), "U+0007", "is not allowed in YAML; delete it"),
    Built("escaped-control-characters-in-a-title", edit(CRED, "title: Feedback Loops",
                                                        'title: "Feedback\\aLoops \\e[2J\\e]0;owned\\a"'),
          shown=(("credentials/feedback-loops/index.html", "FeedbackLoops"),)),
    changed("terminal-escape-is-not-echoed", ISSUER, "kind: state-agency", 'kind: "\\e[2J\\n::error::fake"',
            "'kind' is '\\x1b[2J\\n::error::fake'; it must be one of"),
    refused("terminal-escape-in-a-file-name", write("issuers/\x1b[31mred.md", "---\nname: Red\n---\n"),
            "issuers/\\x1b[31mred.md:1", "rename the file"),
]
# fmt: on


def test_family_size() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", params(CASES))
def test_encoding(case: Case, verify) -> None:
    started = time.perf_counter()
    result = verify(case)
    assert time.perf_counter() - started < 10
    for line in result.err.splitlines():
        assert "\x1b" not in line and not line.startswith("::"), f"an injected line: {line!r}"


def test_a_twenty_mb_file_is_refused_quickly(content: Path, previous_output: Path, build) -> None:
    (content / CRED).write_bytes(FRONT.encode() + b"y" * 20 * MB)
    started = time.perf_counter()
    result = build("output")
    elapsed = time.perf_counter() - started
    assert result.code == 1
    assert f"content/{CRED}:1: the file is 20 MB; content files are limited to 5 MB" in result.err
    assert COUNT_LINE.match(result.err.splitlines()[-1])
    assert elapsed < 2, f"refusing a 20 MB file took {elapsed:.2f} s"


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"], ids=["crlf", "cr"])
def test_line_endings_and_bom_build_the_same_site(newline: bytes, content: Path, previous_output: Path,
                                                  pristine_output: Path, build) -> None:
    each_file(lambda raw: b"\xef\xbb\xbf" + raw.replace(b"\n", newline))(content)
    result = build("output")
    assert result.code == 0, result.output
    assert snapshot_folder(previous_output) == snapshot_folder(pristine_output)
