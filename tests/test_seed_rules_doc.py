"""docs/seed-rules.md: every rule listed as encoded, and every policy, names a test that exists."""

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "seed-rules.md"
CHECKED = ("## Encoded and tested", "## Left to the city: policies")
TEST_REF = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def _rows(heading: str) -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


@cache
def _test_names(path: str) -> frozenset[str]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return frozenset(
        node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    )


ROWS = [(heading, row) for heading in CHECKED for row in _rows(heading)]


def test_the_doc_lists_rules_and_policies():
    assert len(_rows(CHECKED[0])) >= 20
    assert len(_rows(CHECKED[1])) >= 10
    ids = [row[0] for _heading, row in ROWS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("heading, row", ROWS, ids=[row[0] for _heading, row in ROWS])
def test_each_listed_rule_names_an_existing_test(heading, row):
    rule, section, line, *_middle, test = row
    assert section and line, f"{rule}: give the section and line of the rules"
    references = TEST_REF.findall(test)
    assert references, f"{rule}: no test named"
    for path, name in references:
        assert (ROOT / path).exists(), f"{rule}: {path} does not exist"
        assert name in _test_names(path), f"{rule}: {path} has no {name}"


def test_the_check_catches_a_missing_test():
    assert "test_that_does_not_exist" not in _test_names("tests/test_seed_rules_doc.py")
    assert not TEST_REF.findall("no test yet")
