"""Bounded input: a YAML alias bomb, deep nesting and oversized files are refused with a
located message, quickly and without reading or expanding them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from copydesk.config import load_config
from copydesk.content import limits, load_project, yaml_reader
from copydesk.content.limits import MEGABYTE, read_bytes_within
from copydesk.errors import ContentError
from tests.security.helpers import ARTICLE, assert_refused, cli, example

NINE = ",".join(["{}"] * 9)
BILLION_LAUGHS = 'lol0: &lol0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"lol{n}: &lol{n} [{NINE.format(*[f'*lol{n - 1}'] * 9)}]\n" for n in range(1, 10))
# Loads the project in a fresh interpreter: its time, and the growth of its peak memory.
MEASURE = """
import resource, sys, time
from pathlib import Path
from copydesk.config import load_config
from copydesk.content import load_project
from copydesk.errors import ContentError
config = load_config(Path(sys.argv[1]))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    load_project(config)
    message = ""
except ContentError as error:
    message = str(error)
seconds = time.perf_counter() - start
grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps({"message": message, "seconds": seconds, "grown_mb": grown_mb}))
""".replace("import resource", "import json, resource")


def measure(project: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", MEASURE, str(project)], capture_output=True,
                          text=True, check=True, timeout=60)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_the_bomb_really_is_one() -> None:
    assert BILLION_LAUGHS.count("*lol") == 81
    assert len(BILLION_LAUGHS) < 1000  # ~9**9 = 387 million strings once expanded


def test_a_billion_laughs_data_file_is_refused_fast_and_small(tmp_path: Path) -> None:
    project = example(tmp_path / "p")
    (project / "content/data/laughs.yaml").write_text(BILLION_LAUGHS)
    found = measure(project)
    assert found["message"] == ("content/data/laughs.yaml:6: the aliases here repeat more than "
                                "100,000 values")
    assert isinstance(found["seconds"], float) and found["seconds"] < 2
    assert isinstance(found["grown_mb"], float) and found["grown_mb"] < 100
    result = cli("build", "-C", str(project))
    assert_refused(result, "content/data/laughs.yaml:6", "repeat more than 100,000 values")
    assert "billion laughs" in result.stderr
    assert not (project / "site").exists()


def test_a_bomb_in_front_matter_is_refused_at_its_line(tmp_path: Path) -> None:
    project = example(tmp_path / "p")
    article = project / ARTICLE
    front = "".join(f"  {line}\n" for line in BILLION_LAUGHS.splitlines())
    article.write_text(article.read_text().replace("---\n", f"---\nlaughs:\n{front}", 1))
    assert_refused(cli("build", "-C", str(project)), f"{ARTICLE}:8",
                   "repeat more than 100,000 values")
    assert not (project / "site").exists()


def test_an_alias_inside_its_own_node_is_refused(tmp_path: Path) -> None:
    project = example(tmp_path / "p")
    (project / "content/data/loop.yaml").write_text("items: &items\n  - one\n  - *items\n")
    assert_refused(cli("build", "-C", str(project)), "content/data/loop.yaml:3",
                   r"the alias \*items is inside the node it names")


def test_aliases_within_the_bound_still_work(tmp_path: Path) -> None:
    project = example(tmp_path / "p")
    (project / "content/data/shared.yaml").write_text(
        "base: &base {currency: GBP, period: year}\nfirst: {<<: *base, min: 1}\n"
        "second: *base\n")
    shared = load_project(load_config(project)).data["shared"].items
    assert shared["first"] == {"currency": "GBP", "period": "year", "min": 1}
    assert shared["second"] == {"currency": "GBP", "period": "year"}


@pytest.mark.parametrize(("name", "text", "location"), [
    ("deep.json", "[" * 200_000, "content/data/deep.json:1:101"),
    ("deep.yaml", "x: " + "[" * 200_000, "content/data/deep.yaml:1"),
    ("deep.toml", "x = " + "[" * 200_000, "content/data/deep.toml:1"),
    ("deep.csv", ".".join(["a"] * 500) + "\n1\n", "content/data/deep.csv:1"),
])
def test_nesting_bombs_are_refused(tmp_path: Path, name: str, text: str, location: str) -> None:
    project = example(tmp_path / "p")
    (project / "content/data" / name).write_text(text)
    result = cli("build", "-C", str(project))
    assert_refused(result, location, "the data is nested more than 100 levels deep")
    assert not (project / "site").exists()


def sparse_file(path: Path, size: int) -> None:
    """A file of ``size`` bytes that costs no disk: the reader would still see them all."""
    with path.open("wb") as stream:
        stream.truncate(size)


@pytest.mark.parametrize("name", ["content/data/big.yaml", "content/data/big.csv",
                                  "content/articles/big.md"])
def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path: Path, name: str) -> None:
    project = example(tmp_path / "p")
    sparse_file(project / name, 50 * MEGABYTE)
    found = measure(project)
    assert found["message"] == f"{name}: the file is 50.0 MB, over the 10 MB limit"
    assert isinstance(found["seconds"], float) and found["seconds"] < 2
    assert isinstance(found["grown_mb"], float) and found["grown_mb"] < 25  # never read whole
    result = cli("build", "-C", str(project))
    assert_refused(result, name, "over the 10 MB limit")
    assert "max-file-mb" in result.stderr
    assert not (project / "site").exists()


def test_a_yaml_file_of_too_many_values_is_refused(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_reader, "MAX_YAML_NODES", 1_000)  # the real one takes ~20 s
    project = example(tmp_path / "p")
    rows = "".join(f"- id: row{n}\n  text: words\n" for n in range(300))  # 1,501 values
    (project / "content/data/rows.yaml").write_text(rows)
    with pytest.raises(ContentError) as caught:
        load_project(load_config(project))
    assert str(caught.value) == (  # record 200 (5 values each) starts on line 401
        "content/data/rows.yaml:401: the file holds more than 1,000 YAML values")
    assert "CSV or JSON" in caught.value.hint
    (project / "content/data/rows.yaml").write_text(rows[:rows.index("- id: row150")])
    assert len(load_project(load_config(project)).data["rows"].items) == 150


def test_the_limit_is_configurable(tmp_path: Path) -> None:
    project = example(tmp_path / "p", max_file_mb=1)
    rows = [f"row{n},{'x' * 100}\n" for n in range(12_000)]  # about 1.2 MB
    (project / "content/data/rows.csv").write_text("id,text\n" + "".join(rows))
    assert_refused(cli("build", "-C", str(project)), "content/data/rows.csv",
                   r"the file is 1\.2 MB, over the 1 MB limit")
    (project / "content/data/rows.csv").write_text("id,text\n" + "".join(rows[:9_000]))
    assert len(load_project(load_config(project)).data["rows"].items) == 9_000


@pytest.mark.parametrize("size, seen", [(0, 0), (5, 5), (MEGABYTE, MEGABYTE),
                                        (5_000, 10), (MEGABYTE, 0)])
@pytest.mark.parametrize("chunk", [None, 1_000, 3])
def test_a_file_is_read_whole_up_to_the_limit_even_if_it_grew_since_its_size_was_taken(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, seen: int,
        chunk: int | None) -> None:
    """``seen``: the size the file had when it was opened (smaller: it grew since);
    ``chunk``: the most a read of its descriptor gives (a short read is not its end)."""
    path = tmp_path / "a.md"
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    path.write_bytes(data)
    real = limits.os.fstat
    monkeypatch.setattr(limits.os, "fstat", lambda fd: os.stat_result(
        (*real(fd)[:6], seen, *real(fd)[7:])))
    if chunk is not None:
        read = limits.os.read
        monkeypatch.setattr(limits.os, "read", lambda fd, count: read(fd, min(count, chunk)))
    assert read_bytes_within(path, "a.md", 1) == data
    assert read_bytes_within(str(path), "a.md", 1) == data


@pytest.mark.parametrize("name, error", [("missing.md", "No such file or directory"),
                                         ("folder", "Is a directory")])
def test_a_file_that_cannot_be_read_is_refused_as_open_refuses_it(
        tmp_path: Path, name: str, error: str) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(OSError) as opened:
        (tmp_path / name).read_bytes()
    assert opened.value.strerror == error
    for path in (tmp_path / name, str(tmp_path / name)):
        with pytest.raises(ContentError, match=f"cannot read the file: {error}"):
            read_bytes_within(path, name, 1)


@pytest.mark.parametrize("seen", [MEGABYTE, 10])
def test_a_file_that_grew_past_the_limit_while_read_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seen: int) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"x" * (MEGABYTE + 7))
    real = limits.os.fstat
    monkeypatch.setattr(limits.os, "fstat", lambda fd: os.stat_result(
        (*real(fd)[:6], seen, *real(fd)[7:])))
    with pytest.raises(ContentError, match="over the 1 MB limit"):
        read_bytes_within(path, "a.md", 1)
