#!/usr/bin/env python3
"""Tests of scripts/check-safety-case.py on small made-up repositories (standard library only).

Run: python3 scripts/test_check_safety_case.py
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = importlib.util.spec_from_file_location("check_safety_case", os.path.join(HERE, "check-safety-case.py"))
checker = importlib.util.module_from_spec(SPEC)
sys.modules["check_safety_case"] = checker
SPEC.loader.exec_module(checker)

SWIFT_TESTING = """\
import Testing

@Suite struct RedFlagTests {
    static let sample = #""quoted", "with { a brace""#
    let json = \"\"\"
    { "not": "a scope" }
    \"\"\"

    @Test func picksTheMostUrgentAdvice() {
        // func notATest() { }
        #expect(true)
    }

    @Test(arguments: [
        1, 2,
    ])
    func readsEachCase(_ value: Int) {}

    func helperThatIsNotATest() {}

    struct Nested {
        @Test func insideANestedType() {}
    }
}

extension RedFlagTests {
    @Test func fromAnExtension() {}
}
"""

XCTEST = """\
import XCTest

final class ReadinessTests: XCTestCase {
    func testStandardProfiles() {}
    func helper() {}
}
"""

E2E = """\
import pytest

def helper():
    pass

def test_red_flag_shows_advice(page):
    pass
"""


class CheckerTests(unittest.TestCase):
    def make_repo(self, doc: str, dtac: str | None = None) -> str:
        root = tempfile.mkdtemp()
        self.addCleanup(lambda: __import__("shutil").rmtree(root))
        files = {
            "Tests/DomainTests/RedFlagTests.swift": SWIFT_TESTING,
            "Tests/DomainTests/Estate/ReadinessTests.swift": XCTEST,
            "tests/e2e/test_triage.py": E2E,
            "tests/e2e/conftest.py": "def test_not_collected_from_conftest(): pass\n",
            "scripts/run-tests.sh": "#!/bin/sh\n",
            "docs/clinical-safety/hazard-log.md": textwrap.dedent(doc),
        }
        if dtac is not None:
            files["docs/dtac.md"] = textwrap.dedent(dtac)
        for path, text in files.items():
            full = os.path.join(root, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as handle:
                handle.write(text)
        return root

    def run_main(self, root: str) -> tuple[int, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = checker.main(["--root", root])
        return status, out.getvalue() + err.getvalue()

    def test_everything_that_exists_passes(self):
        root = self.make_repo("""\
            | 1.1 | advice first | `RedFlagTests.picksTheMostUrgentAdvice`, `RedFlagTests.readsEachCase` |
            | 1.2 | extension and nested | `RedFlagTests.fromAnExtension`, `Nested.insideANestedType` |
            | 1.3 | XCTest | `ReadinessTests.testStandardProfiles`; the whole suite `RedFlagTests` |
            | 1.4 | browser | e2e `test_red_flag_shows_advice`; `e2e test_red_flag_shows_advice`; `tests/e2e/test_triage.py::test_red_flag_shows_advice` |
            | 1.5 | files | `scripts/run-tests.sh`, `docs/clinical-safety/`, `Tests/DomainTests/*.swift`, [log](hazard-log.md) |
            | 1.6 | not names | `/request/:odsCode`, `tel:999`, `application/json`, `UKTime.now`, `X-Forwarded-For` |
            """)
        status, output = self.run_main(root)
        self.assertEqual(status, 0, output)
        self.assertIn("everything named exists", output)

    def test_a_missing_swift_test_is_named_with_its_file_and_line(self):
        root = self.make_repo("""\
            # Log

            | 1.1 | advice | `RedFlagTests.picksTheMostUrgentAdvice`, `RedFlagTests.noSuchTest` |
            """)
        status, output = self.run_main(root)
        self.assertEqual(status, 1)
        self.assertIn("docs/clinical-safety/hazard-log.md:3: Swift test RedFlagTests.noSuchTest is not in Tests/", output)
        self.assertNotIn("picksTheMostUrgentAdvice is not", output)

    def test_a_missing_suite_a_helper_and_a_commented_out_function_are_not_tests(self):
        root = self.make_repo("""\
            `MissingTests.anything`
            `RedFlagTests.helperThatIsNotATest`
            `RedFlagTests.notATest`
            `ReadinessTests.helper`
            `GoneTests`
            """)
        status, output = self.run_main(root)
        self.assertEqual(status, 1)
        self.assertIn(":1: Swift suite MissingTests", output)
        self.assertIn(":2: Swift test RedFlagTests.helperThatIsNotATest is not in Tests/", output)
        self.assertIn(":3: Swift test RedFlagTests.notATest is not in Tests/", output)
        self.assertIn(":4: Swift test ReadinessTests.helper is not in Tests/", output)
        self.assertIn(":5: Swift suite GoneTests is not under Tests/", output)

    def test_a_missing_e2e_test_is_named(self):
        root = self.make_repo("""\
            e2e `test_no_such_browser_test`
            `tests/e2e/test_video.py::test_red_flag_shows_advice`
            `test_not_collected_from_conftest`
            """)
        status, output = self.run_main(root)
        self.assertEqual(status, 1)
        self.assertIn(":1: e2e test test_no_such_browser_test is not in tests/e2e/test_*.py", output)
        self.assertIn(":2: e2e test test_red_flag_shows_advice is not in tests/e2e/test_video.py", output)
        self.assertIn(":3: e2e test test_not_collected_from_conftest is not in tests/e2e/test_*.py", output)

    def test_missing_paths_and_links_are_named_in_dtac_too(self):
        root = self.make_repo("ok\n", dtac="""\
            See `docs/security.md` and `scripts/no-such-script.sh` and [plan](clinical-safety/nothing.md).
            """)
        status, output = self.run_main(root)
        self.assertEqual(status, 1)
        self.assertIn("docs/dtac.md:1: path docs/security.md does not exist", output)
        self.assertIn("docs/dtac.md:1: path scripts/no-such-script.sh does not exist", output)
        self.assertIn("docs/dtac.md:1: link target clinical-safety/nothing.md does not exist", output)

    def test_no_documents_is_a_failure(self):
        root = self.make_repo("x\n")
        os.remove(os.path.join(root, "docs/clinical-safety/hazard-log.md"))
        status, output = self.run_main(root)
        self.assertEqual(status, 1)
        self.assertIn("no documents found", output)

    def test_the_repositorys_own_documents_pass(self):
        status, output = self.run_main(os.path.join(HERE, ".."))
        self.assertEqual(status, 0, output)


if __name__ == "__main__":
    unittest.main()
