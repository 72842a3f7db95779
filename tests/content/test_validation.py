"""Each bad data file fails once, at load, with file:line, the field path and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.content.helpers import ROLES_YAML, load_error

ROLE = "- slug: mlops-specialist\n  title: MLOps Specialist\n  summary: Runs models.\n"
SALARY = "  salary:\n    min: 1\n    max: 2\n    currency: USD\n    period: year\n    year: 2026\n"
STAT = "- id: rag-share\n  value: 65\n  unit: '%'\n  claim: RAG is common.\n"

# (file name, text, "path:line: message", a fragment of the hint)
CASES = [
    ("roles.yaml", "- slug: a\n  summary: s\n",
     "roles.yaml:1: roles[0].title: required field is missing", "add 'title: ...'"),
    ("roles.yaml", ROLE + "- slug: b\n  title: 2026\n  summary: s\n",
     "roles.yaml:5: roles[1].title: expected text, got 2026 (a number)", "quotes"),
    ("roles.yaml", ROLE + "  sumary: typo\n",
     "roles.yaml:4: roles[0].sumary: unknown field 'sumary'", "did you mean 'summary'"),
    ("roles.yaml", ROLE + SALARY.replace("USD", "dollars"),
     "roles.yaml:7: roles[0].salary.currency: expected a 3-letter currency code, "
     "got 'dollars'", "ISO 4217"),
    ("roles.yaml", ROLE + SALARY.replace("max: 2", "max: 0"),
     "roles.yaml:6: roles[0].salary.max: the maximum 0 is below the minimum 1", "swap"),
    ("roles.yaml", ROLE + SALARY.replace("year: 2026", "year: 2026.5"),
     "roles.yaml:9: roles[0].salary.year: expected a whole number, got 2026.5 (a number)",
     "decimal"),
    ("roles.yaml", ROLE + SALARY.replace("period: year", "period: annual"),
     "roles.yaml:8: roles[0].salary.period: expected one of year, month, week, day, hour, "
     "got 'annual'", ""),
    ("roles.yaml", ROLE + "  salary:\n    max: 2\n",
     "roles.yaml:4: roles[0].salary.min: required field is missing", "add 'min: ...'"),
    ("roles.yaml", ROLE + "  skills: Python\n",
     "roles.yaml:4: roles[0].skills: expected a list, got 'Python'", "'- '"),
    ("roles.yaml", ROLE + ROLE,
     "roles.yaml:4: roles[1].slug: duplicate slug 'mlops-specialist'", "roles.yaml:1"),
    ("roles.yaml", "- slug: ../x\n  title: t\n  summary: s\n",
     "roles.yaml:1: roles[0].slug: expected a slug, got '../x'", "lower-case"),
    ("roles.yaml", "- slug: /etc\n  title: t\n  summary: s\n",
     "roles.yaml:1: roles[0].slug: expected a slug, got '/etc'", "lower-case"),
    ("roles.yaml", "slug: a\n",
     "roles.yaml:1: roles: expected a list of records", "'- slug: ...'"),
    ("roles.yaml", "- just text\n",
     "roles.yaml:1: roles[0]: expected a record of 'name: value' fields, got 'just text'",
     "name: value"),
    ("roles.yaml", "- slug: a\n  title: [t\n",
     "roles.yaml:3: invalid YAML: expected ',' or ']', but got '<stream end>'", "quot"),
    ("roles.yaml", "- slug: a\n  title: t: u\n",
     "roles.yaml:2: invalid YAML: mapping values are not allowed here", "quot"),
    ("roles.yaml", "- slug: a\n  slug: b\n",
     "roles.yaml:2: invalid YAML: the key 'slug' appears twice in this mapping", ""),
    ("statistics.yaml", STAT + "  as-of: 2026-13-01\n",
     "statistics.yaml:5: '2026-13-01' is not a valid date: month must be in 1..12",
     "YYYY-MM-DD"),
    ("statistics.yaml", STAT + "  as_of: March 2026\n",
     "statistics.yaml:5: statistics[0].as_of: expected a date, got 'March 2026'", "YYYY-MM-DD"),
    ("statistics.yaml", STAT + "  as_of: 2026-01-01\n  as-of: 2026-01-02\n",
     "statistics.yaml:6: statistics[0].as-of: 'as-of' is given twice", "one of the two"),
    ("statistics.yaml", STAT.replace("value: 65", "value: sixty"),
     "statistics.yaml:2: statistics[0].value: expected a number, got 'sixty'", "digits"),
    ("statistics.yaml", STAT.replace("'%'", "days"),
     "statistics.yaml:3: statistics[0].unit: expected a unit, got 'days'", "plain count"),
    ("statistics.yaml", STAT.replace("  unit: '%'\n", ""),
     "statistics.yaml:1: statistics[0].unit: required field is missing", "add 'unit: ...'"),
    ("statistics.yaml", STAT.replace("  claim: RAG is common.\n", "  claim: ''\n"),
     "statistics.yaml:4: statistics[0].claim: must not be empty", "claim"),
    ("statistics.yaml", STAT + "  roles:\n    - mlops-specialist\n    - llm-enginer\n",
     "statistics.yaml:7: statistics[0].roles[1]: unknown role 'llm-enginer'",
     "did you mean 'llm-engineer'?"),
    ("statistics.yaml", STAT + "  source:\n    name: Survey\n    kind: blog\n",
     "statistics.yaml:7: statistics[0].source.kind: expected one of external, first-party, "
     "got 'blog'", ""),
    ("statistics.yaml", STAT + "  source:\n    name: Survey\n    url: example.org/x\n",
     "statistics.yaml:7: statistics[0].source.url: expected an absolute http(s) URL, "
     "got 'example.org/x'", "https://"),
    ("statistics.yaml", STAT + "  source:\n    kind: external\n",
     "statistics.yaml:5: statistics[0].source.name: required field is missing",
     "add 'name: ...'"),
    ("statistics.yaml", STAT + STAT,
     "statistics.yaml:5: statistics[1].id: duplicate id 'rag-share'", "statistics.yaml:1"),
    ("faq.yaml", "- id: Why Hire\n  question: q?\n  answer: a\n",
     "faq.yaml:1: faq[0].id: expected a slug, got 'Why Hire'", "lower-case"),
    ("authors.yaml", "- id: mat\n  name: Mat\n  url: 12\n",
     "authors.yaml:3: authors[0].url: expected text, got 12 (a number)", "quotes"),
    ("roles.json", '[\n  {"slug": "a",\n   "title": "t",}\n]',
     "roles.json:3:17: invalid JSON: Expecting property name enclosed in double quotes",
     "comma"),
    ("roles.json", '[\n  {"slug": "a", "title": "t",\n   "summary": "s", "skils": []}\n]',
     "roles.json:3: roles[0].skils: unknown field 'skils'", "did you mean 'skills'?"),
    ("roles.toml", '[[roles]]\nslug = "a"\ntitle = t\n',
     "roles.toml:3:9: invalid TOML: Invalid value", "quotes"),
    ("roles.toml", '[[roles]]\nslug = "a"\ntitle = "t"\nsummary = "s"\n'
     '[roles.salary]\nmin = 1\nmax = 2\ncurrency = "usd"\nperiod = "year"\nyear = 2026\n',
     "roles.toml:8: roles[0].salary.currency: expected a 3-letter currency code, got 'usd'",
     "capitals"),
    ("roles.toml", '[site]\ntitle = "x"\n',
     "roles.toml:1: 'site' does not belong in a roles file", "[[roles]]"),
    ("roles.csv", "slug,title,summary\na,t,s\nb,t,s,extra\n",
     "roles.csv:3: invalid CSV: the row has 4 cells but the header names 3 columns", "quote"),
    ("roles.csv", "slug,title,summary,salary,salary.min\na,t,s,,\n",
     "roles.csv:1: invalid CSV: the columns 'salary' and 'salary.min' overlap", "one column"),
    ("roles.csv", 'slug,title,summary\na,t,s\nb,"t\n2",s\nc,t,s,\n',
     "roles.csv:5: invalid CSV: the row has 4 cells but the header names 3 columns", ""),
    ("roles.csv", "slug,title,summary\na,t,s\n../b,t,s\n",
     "roles.csv:3: roles[1].slug: expected a slug, got '../b'", "lower-case"),
    ("statistics.csv", "id,value,unit,claim,roles\nx,1,%,c,mlops-specialist;nobody\n",
     "statistics.csv:2: statistics[0].roles[1]: unknown role 'nobody'", ""),
]


@pytest.mark.parametrize(("name", "text", "expected", "hint"), CASES,
                         ids=[f"{case[0]}-{index}" for index, case in enumerate(CASES)])
def test_bad_data_fails_with_location_field_and_hint(
        tmp_path: Path, name: str, text: str, expected: str, hint: str) -> None:
    files: dict[str, str | bytes] = {f"content/data/{name}": text}
    if not name.startswith("roles"):
        files["content/data/roles.yaml"] = ROLES_YAML
    error = load_error(tmp_path, files)
    assert str(error) == f"content/data/{expected}"
    assert error.hint
    assert hint in error.hint


def test_a_data_file_that_is_not_utf8_names_the_byte(tmp_path: Path) -> None:
    error = load_error(tmp_path, {"content/data/roles.yaml": b"- slug: a\n  title: caf\xe9\n"})
    assert str(error) == ("content/data/roles.yaml:2: "
                          "the file is not valid UTF-8 (byte offset 22)")
    assert "UTF-8" in error.hint
