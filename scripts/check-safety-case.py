#!/usr/bin/env python3
"""Checks that the safety case names only tests and files that exist.

Reads every .md file under docs/clinical-safety/ and docs/dtac.md. In each span of `backticks` it finds:

- a Swift test, written `Suite.testName` (Suite ends in Test, Tests or Suite, or is a suite that exists): the
  suite must be a struct, class or extension under Tests/ holding a function of that name marked @Test, or an
  XCTest method (`func testX`) of that class;
- a whole Swift suite, written `SuiteNameTests`: it must exist under Tests/;
- a browser test, written `e2e test_name`, `test_name` or `tests/e2e/test_file.py::test_name`: a pytest function
  of that name must exist in tests/e2e/test_*.py;
- a file path (no spaces, no colon, relative to the repository, and either under one of the repository's top-level
  entries or ending in a file extension): it must exist (a trailing slash means a folder; * and ** are globs).

Relative Markdown links, [text](path), must also lead to a file or folder that exists.

Exits 1 listing each missing name with the file and line that names it; exits 0 when everything exists.
Usage: scripts/check-safety-case.py [--root DIR]     (Python 3 standard library only)
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import sys
from dataclasses import dataclass, field

DOC_GLOBS = ["docs/clinical-safety/**/*.md", "docs/dtac.md"]

BACKTICK = re.compile(r"`([^`\n]+)`")
MD_LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)\)")
SWIFT_TEST = re.compile(r"^([A-Z][A-Za-z0-9_]*)\.([a-z_][A-Za-z0-9_]*)(?:\(\))?$")
SWIFT_SUITE = re.compile(r"^[A-Z][A-Za-z0-9_]*(?:Tests|Test|Suite)$")
E2E_TEST = re.compile(r"^(?:e2e\s+)?(?:(tests/e2e/test_[A-Za-z0-9_]+\.py)::)?(test_[A-Za-z0-9_]+)(?:\(\))?$")
FILE_EXTENSIONS = (
    ".md", ".swift", ".py", ".sh", ".json", ".txt", ".csv", ".yml", ".yaml", ".js", ".mjs", ".css", ".html",
    ".toml", ".ini", ".cfg", ".sql", ".png", ".svg",
)
TYPE_DECL = re.compile(
    r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|internal|private|fileprivate|final|open)\s+)*"
    r"(struct|class|extension|enum|actor)\s+([A-Za-z_][A-Za-z0-9_]*)"
)
FUNC_DECL = re.compile(r"\bfunc\s+([A-Za-z_][A-Za-z0-9_]*)\s*[(<]")
PY_TEST = re.compile(r"^\s*(?:async\s+)?def\s+(test_[A-Za-z0-9_]+)\s*\(", re.M)


@dataclass
class SwiftTests:
    """What Tests/ holds: every type name, and for each type the names of its test functions."""

    types: set[str] = field(default_factory=set)
    tests: dict[str, set[str]] = field(default_factory=dict)
    xctest_classes: set[str] = field(default_factory=set)


def strip_swift_noise(text: str) -> list[str]:
    """The file's lines with comments and string contents blanked, so braces inside them do not count."""
    out: list[str] = []
    in_block_comment = False
    multiline_end: str | None = None  # the delimiter that closes the multi-line string we are in
    for line in text.splitlines():
        result = []
        i = 0
        while i < len(line):
            if in_block_comment:
                end = line.find("*/", i)
                if end < 0:
                    i = len(line)
                else:
                    in_block_comment = False
                    i = end + 2
                continue
            if multiline_end is not None:
                end = line.find(multiline_end, i)
                if end < 0:
                    i = len(line)
                else:
                    result.append('""')
                    i = end + len(multiline_end)
                    multiline_end = None
                continue
            if line.startswith("//", i):
                break
            if line.startswith("/*", i):
                in_block_comment = True
                i += 2
                continue
            raw = re.match(r'(#*)("""|")', line[i:])
            if raw and (raw.group(1) or raw.group(2) == '"""'):
                hashes, quotes = raw.groups()
                if quotes == '"""' and line[i + len(raw.group(0)):].strip():
                    quotes = '"'  # a multi-line delimiter ends its line; this is `#"` followed by quotes
                closing = quotes + hashes
                start = i + len(hashes) + len(quotes)
                if quotes == '"""':
                    multiline_end = closing
                    i = start
                    continue
                end = line.find(closing, start)
                result.append('""')
                i = len(line) if end < 0 else end + len(closing)
                continue
            if line[i] == '"':
                j = i + 1
                while j < len(line) and line[j] != '"':
                    j += 2 if line[j] == "\\" else 1
                result.append('""')
                i = j + 1
                continue
            result.append(line[i])
            i += 1
        out.append("".join(result))
    return out


def scan_swift(root: str) -> SwiftTests:
    """Finds every type under Tests/ and, inside each, the @Test functions and XCTest `test…` methods."""
    found = SwiftTests()
    for path in sorted(glob.glob(os.path.join(root, "Tests", "**", "*.swift"), recursive=True)):
        with open(path, encoding="utf-8") as handle:
            lines = strip_swift_noise(handle.read())
        stack: list[tuple[str, int]] = []  # (type name, brace depth inside its body)
        depth = 0
        pending_type: str | None = None
        test_attribute_seen = False
        for line in lines:
            declared = TYPE_DECL.match(line)
            if declared:
                pending_type = declared.group(2)
                found.types.add(pending_type)
                if declared.group(1) == "class" and re.search(r":\s*[^{]*\bXCTestCase\b", line):
                    found.xctest_classes.add(pending_type)
            if re.search(r"@Test\b", line):
                test_attribute_seen = True
            func = FUNC_DECL.search(line)
            if func:
                name = func.group(1)
                owner = stack[-1][0] if stack else ""
                is_xctest = owner in found.xctest_classes and name.startswith("test")
                if test_attribute_seen or is_xctest:
                    found.tests.setdefault(owner, set()).add(name)
                test_attribute_seen = False
            for char in line:
                if char == "{":
                    depth += 1
                    if pending_type is not None:
                        stack.append((pending_type, depth))
                        pending_type = None
                elif char == "}":
                    if stack and stack[-1][1] == depth:
                        stack.pop()
                    depth -= 1
    return found


def scan_e2e(root: str) -> set[tuple[str, str]]:
    """Every pytest function in tests/e2e/test_*.py, as (file relative to root, function name)."""
    found: set[tuple[str, str]] = set()
    for path in sorted(glob.glob(os.path.join(root, "tests", "e2e", "test_*.py"))):
        with open(path, encoding="utf-8") as handle:
            for name in PY_TEST.findall(handle.read()):
                found.add((os.path.relpath(path, root).replace(os.sep, "/"), name))
    return found


def looks_like_path(text: str, top_level: set[str]) -> bool:
    """A repository path: a slash, no spaces or colons, not absolute, and a known first part or a file extension."""
    if "/" not in text or any(c.isspace() for c in text) or ":" in text or text.startswith(("/", "~", "http")):
        return False
    first = text.split("/", 1)[0]
    return first in top_level or text.rstrip("/").lower().endswith(FILE_EXTENSIONS)


def path_exists(root: str, text: str) -> bool:
    """Whether a named path (a glob when it has * in it) exists under root."""
    text = text.split("#", 1)[0]
    if "*" in text:
        return bool(glob.glob(os.path.join(root, text), recursive=True))
    full = os.path.join(root, text)
    return os.path.isdir(full) if text.endswith("/") else os.path.exists(full)


def doc_files(root: str) -> list[str]:
    """The documents checked: every .md under docs/clinical-safety/ and docs/dtac.md, when they exist."""
    files: set[str] = set()
    for pattern in DOC_GLOBS:
        files.update(glob.glob(os.path.join(root, pattern), recursive=True))
    return sorted(files)


def check(root: str) -> tuple[list[str], dict[str, int]]:
    """Every problem found in the documents under root, each as 'file:line: what is missing', and counts."""
    swift = scan_swift(root)
    e2e = scan_e2e(root)
    e2e_names = {name for _, name in e2e}
    top_level = {entry for entry in os.listdir(root)}
    problems: list[str] = []
    counts = {"documents": 0, "swift tests": 0, "swift suites": 0, "e2e tests": 0, "paths": 0, "links": 0}
    docs = doc_files(root)
    if not docs:
        problems.append(f"{root}: no documents found ({', '.join(DOC_GLOBS)})")
    for doc in docs:
        counts["documents"] += 1
        rel_doc = os.path.relpath(doc, root)
        with open(doc, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
        for number, line in enumerate(lines, start=1):
            where = f"{rel_doc}:{number}"
            for span in BACKTICK.findall(line):
                span = span.strip()
                test = SWIFT_TEST.match(span)
                if test and (SWIFT_SUITE.match(test.group(1)) or test.group(1) in swift.tests):
                    counts["swift tests"] += 1
                    suite, name = test.groups()
                    if suite not in swift.types:
                        problems.append(f"{where}: Swift suite {suite} (in `{span}`) is not under Tests/")
                    elif name not in swift.tests.get(suite, set()):
                        problems.append(f"{where}: Swift test {suite}.{name} is not in Tests/")
                    continue
                if SWIFT_SUITE.match(span):
                    counts["swift suites"] += 1
                    if span not in swift.types:
                        problems.append(f"{where}: Swift suite {span} is not under Tests/")
                    continue
                browser = E2E_TEST.match(span)
                if browser:
                    counts["e2e tests"] += 1
                    file, name = browser.groups()
                    if file and (file, name) not in e2e:
                        problems.append(f"{where}: e2e test {name} is not in {file}")
                    elif not file and name not in e2e_names:
                        problems.append(f"{where}: e2e test {name} is not in tests/e2e/test_*.py")
                    continue
                if looks_like_path(span, top_level):
                    counts["paths"] += 1
                    if not path_exists(root, span):
                        problems.append(f"{where}: path {span} does not exist")
            for target in MD_LINK.findall(line):
                if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                    continue
                counts["links"] += 1
                local = target.split("#", 1)[0]
                resolved = os.path.normpath(os.path.join(os.path.dirname(doc), local))
                if not os.path.exists(resolved):
                    problems.append(f"{where}: link target {target} does not exist")
    return problems, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    args = parser.parse_args(argv)
    root = os.path.abspath(args.root)
    problems, counts = check(root)
    summary = ", ".join(f"{value} {key}" for key, value in counts.items())
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"check-safety-case: {len(problems)} missing ({summary})", file=sys.stderr)
        return 1
    print(f"check-safety-case: everything named exists ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
