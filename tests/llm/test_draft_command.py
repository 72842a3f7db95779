"""``copydesk draft`` end to end: the real openai client against a local scripted server."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from copydesk.cli import main
from copydesk.config import load_config
from copydesk.content.loader import load_project
from tests.llm.conftest import ARTICLE, SECRET_KEY, write_llm_config
from tests.llm.server import Reply, ScriptedServer, completion, error

FAQ_DIR = Path("content/drafts") / ARTICLE
SUMMARY_TEXT = ("LLM Engineers fine-tune foundation models for real products. RAG now appears "
                "in 65% of applied LLM job listings. Demand for prompt engineering skills grew "
                "135.8% in a single year.")
INVENTED_TEXT = "LLM Engineers are scarce. RAG now appears in 70% of applied LLM job listings."


def draft(project: Path, *args: str, key: str | None = SECRET_KEY) -> Result:
    env = {"OPENAI_API_KEY": key} if key is not None else {"OPENAI_API_KEY": ""}
    return CliRunner().invoke(
        main, ["draft", ARTICLE, "-C", str(project), *args], env=env)


def summary_path(project: Path) -> Path:
    return project / FAQ_DIR / "summary-llm-engineer.md"


def test_a_draft_is_written_from_the_data_with_citations(project: Path,
                                                         server: ScriptedServer) -> None:
    server.script(completion(SUMMARY_TEXT))
    result = draft(project, "--section", "summary", "--role", "llm-engineer")
    assert result.exit_code == 1, result.output  # the data's statistics have no source: CD201
    text = summary_path(project).read_text(encoding="utf-8")
    assert text.startswith("---\n") and "\ndraft: true\n" in text
    assert 'in {{ stat("rag-in-applied-llm-listings") }} of applied' in text
    assert 'grew {{ stat("prompt-engineering-demand-growth") }} in' in text
    prose = "\n".join(line for line in text.split("\n") if not line.startswith("<!--"))
    assert "65%" not in prose and "CD204" not in text
    assert "<!-- copydesk: CD201 unsourced-statistic" in text
    # The request: the configured model, the data in the user message, the key as bearer.
    (request,) = server.requests
    assert request.path == "/v1/chat/completions"
    assert request.body["model"] == "test-model"
    user = request.body["messages"][1]["content"]
    assert "LLM Engineer" in user and "65%: RAG architecture" in user
    assert request.headers["authorization"] == f"Bearer {SECRET_KEY}"
    assert "tokens: 120 prompt + 40 completion in 1 request(s), 0 from the cache" in result.output
    # The draft is a valid article marked draft: the project still loads, the build skips it.
    drafted = [a for a in load_project(load_config(project)).articles if a.draft]
    assert [a.slug for a in drafted] == [f"{ARTICLE}-draft-summary-llm-engineer"]


def test_a_second_identical_run_is_answered_from_the_cache(project: Path,
                                                           server: ScriptedServer) -> None:
    server.script(completion(SUMMARY_TEXT))
    first = draft(project, "--section", "summary", "--role", "llm-engineer")
    second = draft(project, "--section", "summary", "--role", "llm-engineer", "--force")
    assert server.count == 1
    assert "in 0 request(s), 1 from the cache" in second.output
    assert first.exit_code == second.exit_code == 1
    assert list((project / ".copydesk" / "cache").glob("*.json"))
    draft(project, "--section", "summary", "--role", "llm-engineer", "--force", "--no-cache")
    assert server.count == 2


def test_rate_limited_then_answered(project: Path, server: ScriptedServer) -> None:
    server.script(error(429, retry_after="0.01"), completion("A clean summary of the role."))
    result = draft(project, "--section", "summary", "--role", "llm-engineer")
    assert result.exit_code == 0, result.output
    assert server.count == 2
    assert summary_path(project).is_file()


def test_server_errors_until_retries_run_out(project: Path, server: ScriptedServer) -> None:
    server.script(error(500))
    result = draft(project, "--section", "summary", "--role", "llm-engineer")
    assert result.exit_code == 2
    assert server.count == 3  # max-retries = 2: one try and two retries
    assert "error: the model server answered HTTP 500 3 time(s); giving up" in result.output
    assert "hint: " in result.output and "Traceback" not in result.output
    assert not (project / "content" / "drafts").exists()


def test_a_response_slower_than_the_timeout(project: Path, server: ScriptedServer) -> None:
    write_llm_config_timeout(project)
    server.script(Reply(body="{}", delay=1.0))
    result = draft(project, "--section", "summary", "--role", "llm-engineer")
    assert result.exit_code == 2
    assert "did not answer within 0.2 s" in result.output
    assert server.count == 1  # a timeout is not retried
    assert not (project / "content" / "drafts").exists()


def write_llm_config_timeout(project: Path) -> None:
    config = project / "copydesk.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "timeout = 2.0", "timeout = 0.2"), encoding="utf-8")


@pytest.mark.parametrize("body", ["this is not json", '{"choices": []}',
                                  '{"choices": [{"message": {"content": null}}]}'])
def test_a_malformed_response(project: Path, server: ScriptedServer, body: str) -> None:
    server.script(Reply(body=body))
    result = draft(project, "--section", "summary", "--role", "llm-engineer")
    assert result.exit_code == 2
    assert "malformed response" in result.output and "Traceback" not in result.output
    assert not (project / "content" / "drafts").exists()


def test_an_invented_number_is_flagged_in_the_output_and_the_draft(
        project: Path, server: ScriptedServer) -> None:
    server.script(completion(INVENTED_TEXT))
    result = draft(project, "--section", "summary", "--role", "llm-engineer")
    assert result.exit_code == 1
    assert "CD204 [error] '70' is not in the data" in result.output
    lines = summary_path(project).read_text(encoding="utf-8").split("\n")
    comment = next(i for i, line in enumerate(lines) if "copydesk: CD204" in line)
    paragraph = next(i for i in range(comment, len(lines)) if not lines[i].startswith("<!--"))
    assert lines[paragraph].startswith("LLM Engineers are scarce.")
    # The reported line is the drafted paragraph's line in the written file.
    reported = next(line for line in result.output.splitlines() if "CD204" in line)
    assert f"summary-llm-engineer.md:{paragraph + 1}:" in reported


def test_no_key_and_no_base_url(tmp_path: Path, server: ScriptedServer) -> None:
    from copydesk.site.init import init_project

    root = tmp_path / "plain"
    init_project(root)
    write_llm_config(root, model="test-model")
    result = draft(root, "--section", "summary", "--role", "llm-engineer", key=None)
    assert result.exit_code == 2
    assert "no API key: the environment variable OPENAI_API_KEY is not set" in result.output
    assert "base-url" in result.output  # the hint says how to configure one
    assert not (root / "content" / "drafts").exists()
    assert server.count == 0


def test_a_local_server_needs_no_key(project: Path, server: ScriptedServer) -> None:
    server.script(completion("A clean summary of the role."))
    result = draft(project, "--section", "summary", "--role", "llm-engineer", key=None)
    assert result.exit_code == 0, result.output
    assert server.requests[0].headers["authorization"] == "Bearer not-needed"


def test_an_existing_draft_is_replaced_only_with_force(project: Path,
                                                       server: ScriptedServer) -> None:
    server.script(completion("A clean summary of the role."))
    target = summary_path(project)
    target.parent.mkdir(parents=True)
    edited = ("---\ntitle: Mine\ndescription: Edited\ndate: 2026-11-01\ndraft: true\n---\n"
              "My edits.\n")
    target.write_text(edited, encoding="utf-8")
    refused = draft(project, "--section", "summary", "--role", "llm-engineer")
    assert refused.exit_code == 2
    assert "already exists" in refused.output and "--force" in refused.output
    assert target.read_text(encoding="utf-8") == edited
    assert server.count == 0  # refused before anything was sent
    forced = draft(project, "--section", "summary", "--role", "llm-engineer", "--force")
    assert forced.exit_code == 0, forced.output
    assert "A clean summary of the role." in target.read_text(encoding="utf-8")


def test_dry_run_prints_the_messages_and_sends_nothing(project: Path,
                                                       server: ScriptedServer) -> None:
    result = draft(project, "--section", "faq", "--dry-run", key=None)
    assert result.exit_code == 0, result.output
    assert "--- system ---" in result.output and "--- user ---" in result.output
    assert "- What skills are most critical for in-demand ML roles in 2026?" in result.output
    assert "Do not use any number" in result.output
    assert server.count == 0
    assert not (project / "content" / "drafts").exists()


def test_several_sections_draft_concurrently(project: Path, server: ScriptedServer) -> None:
    server.script(completion("A clean paragraph for the article."))
    result = draft(project, "--section", "summary", "--section", "description",
                   "--section", "faq")
    assert result.exit_code == 0, result.output
    assert server.count == 3
    names = sorted(path.name for path in (project / FAQ_DIR).iterdir())
    assert names == ["description.md", "faq.md", "summary.md"]
    assert "3 request(s)" in result.output


def test_a_heading_of_the_article_is_a_section(project: Path, server: ScriptedServer) -> None:
    server.script(completion("A clean paragraph for the article."))
    heading = "How to Attract and Retain Top ML Talent in 2026"
    assert draft(project, "--section", heading.lower()).exit_code == 0
    user = server.requests[0].body["messages"][1]["content"]
    assert f'section headed "{heading}"' in user
    assert (project / FAQ_DIR / "how-to-attract-and-retain-top-ml-talent-in-2026.md").is_file()


def test_an_unknown_section_or_role_is_a_usage_error(project: Path,
                                                     server: ScriptedServer) -> None:
    unknown = draft(project, "--section", "pricing")
    assert unknown.exit_code == 2 and "no section 'pricing'" in unknown.output
    role = draft(project, "--section", "summary", "--role", "llm-enginer")
    assert role.exit_code == 2 and "did you mean 'llm-engineer'" in role.output
    assert server.count == 0


def test_cost_is_printed_when_prices_are_configured(project: Path,
                                                    server: ScriptedServer) -> None:
    config = project / "copydesk.toml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "input-price = 2.0\noutput-price = 10.0\n", encoding="utf-8")
    server.script(completion("A clean summary of the role.", 1000, 500))
    result = draft(project, "--section", "summary", "--role", "llm-engineer")
    assert "cost 0.007000" in result.output  # 1000 * 2/1M + 500 * 10/1M


def test_the_key_appears_in_no_output_log_error_cache_or_draft(
        project: Path, server: ScriptedServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server.script(completion(SUMMARY_TEXT))
    outputs = [draft(project, "--section", "summary", "--role", "llm-engineer").output]
    server.script(error(401, message=f"Incorrect API key provided: {SECRET_KEY}"))
    refused = draft(project, "--section", "faq", "--no-cache")
    assert refused.exit_code == 2 and "HTTP 401" in refused.output
    outputs.append(refused.output)
    server.script(error(500, message=f"key {SECRET_KEY} is rate limited"))
    outputs.append(draft(project, "--section", "description", "--no-cache").output)
    written = [path.read_text(encoding="utf-8") for path in project.rglob("*")
               if path.is_file() and path.suffix in (".json", ".md")]
    assert any("copydesk: " in text for text in written)  # the draft is among them
    for text in [*outputs, caplog.text, *written]:
        assert SECRET_KEY not in text


def test_no_draft_is_written_when_one_section_fails(project: Path,
                                                    server: ScriptedServer) -> None:
    # The first request is answered, every later one refused: whichever section runs
    # second fails, and the one that succeeded must not be written either.
    server.script(completion("A clean paragraph for the article."), error(400))
    result = draft(project, "--section", "summary", "--section", "description")
    assert result.exit_code == 2 and "HTTP 400" in result.output
    assert server.count == 2
    assert not (project / "content" / "drafts").exists()
