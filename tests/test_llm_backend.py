"""The LLM backend against a real model server: llama-cpp-python's OpenAI-compatible
server, started here on loopback, serving SmolLM2-135M-Instruct
(`make build/models/smollm2.gguf` fetches it).

A 135M-parameter model often writes poor drafts; that's expected. These tests pin
the pipeline, not the model's wisdom: every draft that is shown passed the
analyzer's checks, and every dropped draft left the phrase bank's text in its slot.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from befriend.cli.main import app
from befriend.coach import run_friend_exercise
from befriend.coach.backends.openai_http import OpenAICompatibleBackend
from befriend.coach.drafting import REJECT_LABELS
from befriend.labels import KIND_LABELS
from llm_servers import MODEL_FILE, llama_server


def _missing() -> str | None:
    if not MODEL_FILE.exists():
        return f"the test model {MODEL_FILE} is absent (run `make build/models/smollm2.gguf`)"
    try:
        import llama_cpp.server  # noqa: F401
    except ImportError as exc:
        return f"llama-cpp-python's server isn't installed ({exc}); install the dev extra"
    return None


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    reason = _missing()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the LLM-backend test, but {reason}")
        pytest.skip(reason)
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with llama_server(MODEL_FILE, log) as url:
        yield url


def assert_shown_texts_pass(analyzer: Any, texts: list[str]) -> None:
    for text, analysis in zip(texts, analyzer.analyze_many(texts), strict=True):
        labels = set(analysis.labels)
        assert not analysis.crisis, text
        assert analysis.safety_signals == (), text
        assert not labels & REJECT_LABELS, (text, labels)
        assert labels & KIND_LABELS, (text, labels)


SELF = "I'm such an idiot. I forgot my sister's birthday again."
FRIEND = "You're not an idiot, Sam. You've had a hard month. Call her tonight and say sorry."


def test_drafts_from_a_real_model_are_checked_before_they_are_shown(
    analyzer: Any, server_url: str
) -> None:
    curated = run_friend_exercise(analyzer, SELF, FRIEND, suggestions=1)
    backend = OpenAICompatibleBackend(
        server_url, model="smollm2", timeout=120, max_tokens=60, seed=7
    )
    result = run_friend_exercise(analyzer, SELF, FRIEND, suggestions=1, backend=backend)
    report = result.backend
    assert report is not None
    assert report.error is None, report.error and report.error.to_dict()
    assert report.sent_to == f"{server_url}/chat/completions"
    assert report.local is True
    # Two requests: the rewrite and one suggestion, each with a verdict.
    assert [c.slot for c in report.checks] == ["rewrite", "suggestion:0"]
    rewrite_check, suggestion_check = report.checks
    assert report.rewrite is not None
    if rewrite_check.kept:
        assert report.rewrite.to_dict() == {"text": rewrite_check.text, "backend": "llm"}
    else:
        assert rewrite_check.reasons
        assert report.rewrite.to_dict() == {
            "text": curated.rewrite.first_person,  # type: ignore[union-attr]
            "backend": "curated",
        }
    (shown,) = result.suggestions
    (fallback,) = curated.suggestions
    if suggestion_check.kept:
        assert shown.backend == "llm"
        assert shown.phrase.text == suggestion_check.text
        assert shown.need == fallback.need
    else:
        assert suggestion_check.reasons
        assert shown.to_dict() == fallback.to_dict()
    drafted = [s.phrase.text for s in result.suggestions if s.backend == "llm"]
    if report.rewrite.backend == "llm":
        drafted.append(report.rewrite.text)
    assert_shown_texts_pass(analyzer, drafted)


def test_befriend_friend_with_the_llm_backend_end_to_end(analyzer: Any, server_url: str) -> None:
    # Words with no harsh label and both energies ask for no phrases: one request,
    # the rewrite.
    self_text = "This week was hard and I'm sad about it. Tomorrow I'll ask for help."
    friend_text = "It makes sense that you're sad. Be gentle with yourself and ask for help."
    result = CliRunner().invoke(
        app,
        ["friend", "--self", self_text, "--friend", friend_text, "--json"],
        prog_name="befriend",
        env={"BEFRIEND_LLM_URL": server_url, "BEFRIEND_LLM_TIMEOUT": "120"},
    )
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    backend = obj["backend"]
    assert (backend["name"], backend["prompts"]) == ("llm", "prompts v1")
    assert backend["error"] is None
    assert obj["suggestions"] == []
    assert [d["slot"] for d in backend["drafts"]] == ["rewrite"]
    (draft,) = backend["drafts"]
    if draft["kept"]:
        assert backend["rewrite"] == {"text": draft["text"], "backend": "llm"}
        assert_shown_texts_pass(analyzer, [draft["text"]])
    else:
        assert draft["reasons"]
        assert backend["rewrite"] == {"text": obj["rewrite"]["first_person"], "backend": "curated"}
        assert backend["note"] is not None
