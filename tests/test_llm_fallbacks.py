"""The LLM backend against real sockets on loopback: a closed port, a server that
never answers, replies that aren't what a chat-completions server sends, and a
server whose drafts are scripted, so each check on the drafts is pinned exactly.
Every failure falls back to the phrase bank with a short note, never a traceback."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from befriend.cli.main import app
from befriend.coach import run_friend_exercise
from befriend.coach.backends.openai_http import OpenAICompatibleBackend
from befriend.coach.drafting import ALL_DROPPED, REJECT_LABELS, check_drafts
from befriend.coach.exercise import FriendExercise
from llm_servers import (
    ScriptedServer,
    closed_port,
    completion,
    raw_server,
    silent_server,
    trickle_server,
)

runner = CliRunner()

SELF = "I'm such an idiot. Everyone else manages fine."
FRIEND = "Sam, you're not an idiot. Go easy on yourself tonight."
SITUATION = "I froze during my presentation at work."
FALLBACK = "so these come from befriend's own phrases."

KIND_REWRITE = "I'm not an idiot. I'll go easy on myself tonight."
HARSH = "You're pathetic. Get it together or you'll lose everything."
STOCK = "Everything happens for a reason, so stay positive!"
KIND = "It makes sense that this hurts; plenty of people feel out of their depth at first."


def exercise(analyzer: Any, backend: Any = None) -> FriendExercise:
    return run_friend_exercise(
        analyzer, SELF, FRIEND, name="Alex", situation=SITUATION, backend=backend
    )


@pytest.fixture(scope="module")
def curated(analyzer: Any) -> FriendExercise:
    return exercise(analyzer)


def assert_fell_back(result: FriendExercise, curated: FriendExercise, kind: str, note: str) -> None:
    report = result.backend
    assert report is not None
    assert report.error is not None
    assert report.error.kind == kind
    assert report.note == note
    assert report.checks == ()
    assert report.rewrite is not None
    assert report.rewrite.to_dict() == {"text": curated.rewrite.first_person, "backend": "curated"}  # type: ignore[union-attr]
    assert [s.to_dict() for s in result.suggestions] == [s.to_dict() for s in curated.suggestions]
    assert {s.backend for s in result.suggestions} == {"curated"}


def test_the_curated_backend_is_the_default_and_sends_nothing(curated: FriendExercise) -> None:
    assert curated.backend is not None
    assert curated.backend.to_dict() == {
        "name": "curated",
        "label": "curated",
        "prompts": None,
        "sent_to": None,
        "local": True,
        "rewrite": {
            "text": "I'm not an idiot. I can go easy on myself tonight.",
            "backend": "curated",
        },
        "drafts": [],
        "error": None,
        "note": None,
    }
    assert len(curated.suggestions) == 3
    assert all(s.to_dict()["backend"] == "curated" for s in curated.suggestions)


def test_a_closed_port_falls_back_kindly(analyzer: Any, curated: FriendExercise) -> None:
    port = closed_port()
    result = exercise(analyzer, OpenAICompatibleBackend(f"http://127.0.0.1:{port}/v1", timeout=5))
    assert_fell_back(
        result,
        curated,
        "refused",
        f"Your model server at 127.0.0.1:{port} isn't answering (is it running?), {FALLBACK}",
    )
    assert result.backend.error.detail == f"connection refused by 127.0.0.1:{port}"  # type: ignore[union-attr]


def test_a_server_that_never_answers_times_out(analyzer: Any, curated: FriendExercise) -> None:
    with silent_server() as port:
        backend = OpenAICompatibleBackend(f"http://127.0.0.1:{port}", timeout=0.5)
        result = exercise(analyzer, backend)
    assert_fell_back(
        result,
        curated,
        "timeout",
        f"Your model server didn't answer within 0.5 seconds, {FALLBACK}",
    )


def test_a_reply_still_trickling_in_at_the_deadline_times_out(
    analyzer: Any, curated: FriendExercise
) -> None:
    body = json.dumps(completion(KIND)).encode()
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n"
    )
    with trickle_server(head, body, pause=0.05) as port:
        backend = OpenAICompatibleBackend(f"http://127.0.0.1:{port}", timeout=0.5)
        result = exercise(analyzer, backend)
    assert_fell_back(
        result,
        curated,
        "timeout",
        f"Your model server didn't answer within 0.5 seconds, {FALLBACK}",
    )


@pytest.mark.parametrize(
    ("reply", "detail"),
    [
        (b"hello, this is not HTTP\r\n\r\n", "BadStatusLine"),
        (b"", "RemoteDisconnected"),
        (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9\r\n"
            b"Connection: close\r\n\r\n{not json",
            "reply is not JSON",
        ),
        (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
            b"Connection: close\r\n\r\n\xff\xfe",
            "reply is not JSON",
        ),
        (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n"
            b"Connection: close\r\n\r\n" + b" " * 2_000_000,
            "reply longer than 1000000 bytes",
        ),
    ],
)
def test_garbage_falls_back(
    analyzer: Any, curated: FriendExercise, reply: bytes, detail: str
) -> None:
    with raw_server(reply) as port:
        result = exercise(analyzer, OpenAICompatibleBackend(f"http://127.0.0.1:{port}", timeout=5))
    assert_fell_back(
        result,
        curated,
        "malformed",
        f"Your model server's reply wasn't in the form befriend expects, {FALLBACK}",
    )
    assert detail in result.backend.error.detail  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("status", "body", "kind", "note"),
    [
        (
            500,
            {"error": "boom"},
            "http",
            f"Your model server answered with an error (HTTP 500), {FALLBACK}",
        ),
        (
            401,
            {"error": "key"},
            "http",
            f"Your model server turned the request down (HTTP 401; check BEFRIEND_LLM_API_KEY), {FALLBACK}",
        ),
        (
            404,
            {"error": "model"},
            "http",
            "Your model server at 127.0.0.1:{port} didn't know that address or model (HTTP 404; check BEFRIEND_LLM_URL and BEFRIEND_LLM_MODEL), "
            + FALLBACK,
        ),
        (
            200,
            {"choices": []},
            "malformed",
            f"Your model server's reply wasn't in the form befriend expects, {FALLBACK}",
        ),
        (
            200,
            {"choices": [{"message": {"content": None}}]},
            "malformed",
            f"Your model server's reply wasn't in the form befriend expects, {FALLBACK}",
        ),
        (
            200,
            [1, 2, 3],
            "malformed",
            f"Your model server's reply wasn't in the form befriend expects, {FALLBACK}",
        ),
    ],
)
def test_error_replies_fall_back(
    analyzer: Any, curated: FriendExercise, status: int, body: Any, kind: str, note: str
) -> None:
    with ScriptedServer([(status, body)]) as server:
        result = exercise(analyzer, OpenAICompatibleBackend(server.url, timeout=5))
        assert len(server.requests) == 1  # it gives up at the first failure
    assert_fell_back(result, curated, kind, note.format(port=server.port))


def scripted_drafts(body: dict[str, Any]) -> dict[str, Any]:
    """The rewrite request gets a kind rewrite; the suggestion requests, in turn, a
    harsh draft, stock cheer and a kind draft."""
    ask = body["messages"][1]["content"]
    if "Turn my words to my friend" in ask:
        return completion(KIND_REWRITE)
    scripted_drafts.count += 1  # type: ignore[attr-defined]
    return completion([HARSH, STOCK, KIND][(scripted_drafts.count - 1) % 3])  # type: ignore[attr-defined]


def test_harsh_and_stock_drafts_are_dropped_and_the_curated_phrase_stands_in(
    analyzer: Any, curated: FriendExercise
) -> None:
    scripted_drafts.count = 0  # type: ignore[attr-defined]
    with ScriptedServer(scripted_drafts) as server:
        backend = OpenAICompatibleBackend(server.url, model="tiny", api_key="k3y", timeout=5)
        result = exercise(analyzer, backend)
    report = result.backend
    assert report is not None
    assert report.error is None
    assert [(c.slot, c.kept) for c in report.checks] == [
        ("rewrite", True),
        ("suggestion:0", False),
        ("suggestion:1", False),
        ("suggestion:2", True),
    ]
    harsh, stock = report.checks[1], report.checks[2]
    # A dropped draft names every harsh label the analyzer found in it, then the checks.
    assert harsh.reasons == (*sorted(set(harsh.labels) & REJECT_LABELS), "not_kind")
    assert "self_judgment" in harsh.reasons  # "You're pathetic": the insult rule
    assert stock.reasons == (*sorted(set(stock.labels) & REJECT_LABELS), "not_kind", "stock_cheer")
    assert report.checks[0].reasons == report.checks[3].reasons == ()
    assert report.note == (
        "Two of your model's drafts didn't pass befriend's checks, so befriend's own "
        "phrases stand in their place."
    )
    assert report.rewrite.to_dict() == {"text": KIND_REWRITE, "backend": "llm"}  # type: ignore[union-attr]
    shown = [s.to_dict() for s in result.suggestions]
    wanted = [s.to_dict() for s in curated.suggestions]
    assert shown[:2] == wanted[:2]
    assert shown[2]["text"] == KIND
    assert shown[2]["backend"] == "llm"
    assert shown[2]["id"].startswith("llm-")
    assert shown[2]["source"] == "drafted by llm (tiny), checked by befriend's analyzer"
    assert {k: shown[2][k] for k in ("need", "energy", "aspect", "situations")} == {
        k: wanted[2][k] for k in ("need", "energy", "aspect", "situations")
    }
    # What was sent: the user's words, to the chat endpoint, with the key.
    assert len(server.requests) == 4
    for path, headers, body in server.requests:
        assert path == "/v1/chat/completions"
        assert headers["Authorization"] == "Bearer k3y"
        assert body["model"] == "tiny"
        assert body["max_tokens"] == 120
        assert body["stream"] is False
        assert f"What I said to myself: {SELF}" in body["messages"][1]["content"]
        assert f"What happened: {SITUATION}" in body["messages"][1]["content"]


def test_when_every_draft_fails_the_note_says_so(analyzer: Any, curated: FriendExercise) -> None:
    with ScriptedServer(lambda body: completion(HARSH)) as server:
        result = exercise(analyzer, OpenAICompatibleBackend(server.url, timeout=5))
    assert result.backend is not None
    assert result.backend.note == ALL_DROPPED
    assert [c.kept for c in result.backend.checks] == [False] * 4
    assert [s.to_dict() for s in result.suggestions] == [s.to_dict() for s in curated.suggestions]
    assert result.backend.rewrite.backend == "curated"  # type: ignore[union-attr]


def test_a_crisis_sends_nothing_to_the_model(analyzer: Any) -> None:
    with ScriptedServer(lambda body: completion(KIND)) as server:
        result = run_friend_exercise(
            analyzer,
            "I want to die.",
            FRIEND,
            backend=OpenAICompatibleBackend(server.url, timeout=5),
        )
    assert result.crisis
    assert result.backend is None
    assert server.requests == []


def test_check_drafts_names_every_reason(analyzer: Any) -> None:
    checks = check_drafts(
        analyzer,
        [
            KIND,
            HARSH,
            "I want to die.",
            "The weather is nice.",
            "",
            "Je suis très fatigué aujourd'hui.",
            "I can rest. " * 60,
        ],
    )
    # The harsh draft is dropped for exactly the critic's labels the analyzer reads in it
    # (the rules alone guarantee self_judgment and fear_motivation).
    harsh_labels = set(analyzer.analyze(HARSH).labels)
    assert {"self_judgment", "fear_motivation"} <= harsh_labels
    assert [(c.kept, c.reasons) for c in checks] == [
        (True, ()),
        (False, (*sorted(harsh_labels & REJECT_LABELS), "not_kind")),
        (False, ("crisis", "safety_signal", "not_kind")),
        (False, ("not_kind",)),
        (False, ("empty",)),
        (False, ("unsupported_language",)),
        (False, ("too_long",)),
    ]
    # A draft the safety screen caught is never repeated, not even in the JSON.
    assert checks[2].to_dict()["text"] is None
    assert checks[1].to_dict()["text"] == HARSH


def invoke(*args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, list(args), prog_name="befriend", env=env)


def test_cli_falls_back_with_the_note_and_records_it_in_json(curated: FriendExercise) -> None:
    port = closed_port()
    url = f"http://127.0.0.1:{port}/v1"
    env = {"BEFRIEND_LLM_URL": url}
    args = (
        "friend",
        "--self",
        SELF,
        "--friend",
        FRIEND,
        "--name",
        "Alex",
        "--situation",
        SITUATION,
    )
    result = invoke(*args, "--json", env=env)
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    note = f"Your model server at 127.0.0.1:{port} isn't answering (is it running?), {FALLBACK}"
    assert obj["backend"] == {
        "name": "llm",
        "label": "llm (the server default model)",
        "prompts": "prompts v1",
        "sent_to": f"{url}/chat/completions",
        "local": True,
        "rewrite": {
            "text": "I'm not an idiot. I can go easy on myself tonight.",
            "backend": "curated",
        },
        "drafts": [],
        "error": {"kind": "refused", "detail": f"connection refused by 127.0.0.1:{port}"},
        "note": note,
    }
    assert obj["suggestions"] == [s.to_dict() for s in curated.suggestions]
    shown = invoke(*args, env={**env, "COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert note in shown.stdout
    assert "Traceback" not in shown.output
    # --backend curated overrides the setting: no note, nothing sent.
    plain = invoke(*args, "--json", "--backend", "curated", env=env)
    assert json.loads(plain.stdout)["backend"]["name"] == "curated"


def test_cli_shows_drafts_checked_and_explains_drops_with_debug(analyzer: Any) -> None:
    scripted_drafts.count = 0  # type: ignore[attr-defined]
    with ScriptedServer(scripted_drafts) as server:
        env = {"BEFRIEND_LLM_URL": server.url, "COLUMNS": "200"}
        args = ("friend", "--self", SELF, "--friend", FRIEND, "--situation", SITUATION)
        shown = invoke("--debug", *args, "--backend", "llm", env=env)
    assert shown.exit_code == 0, shown.output
    out = shown.stdout
    assert "In a friend's voice, drafted by your model" in out
    assert f"{KIND}  (" in out and "; drafted by your model)" in out
    # A dropped draft appears only in the --debug lines.
    harsh, stock = check_drafts(analyzer, [HARSH, STOCK])
    assert "self_judgment" in harsh.reasons and "stock_cheer" in stock.reasons
    assert [line for line in out.splitlines() if HARSH in line] == [
        f"[debug] suggestion:0 dropped: {', '.join(harsh.reasons)}: {HARSH}"
    ]
    assert f"[debug] suggestion:1 dropped: {', '.join(stock.reasons)}" in out
    assert "[debug] rewrite kept" in out
    assert "Two of your model's drafts didn't pass befriend's checks" in out
    assert "Your words were sent to" not in out  # a loopback server: no warning


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (
            ("--backend", "gpt"),
            {},
            "befriend: There's no suggestion backend called 'gpt'. Use one of: curated, llm "
            "(with --backend or BEFRIEND_BACKEND).",
        ),
        (
            ("--backend", "llm"),
            {},
            "befriend: The llm backend needs your own model server: set BEFRIEND_LLM_URL",
        ),
        (
            (),
            {"BEFRIEND_LLM_URL": "http://example.org/v1"},
            "befriend: BEFRIEND_LLM_URL points at example.org, which isn't this computer",
        ),
        (
            (),
            {"BEFRIEND_LLM_TIMEOUT": "-3"},
            "befriend: BEFRIEND_LLM_TIMEOUT is set to '-3'",
        ),
    ],
)
def test_cli_configuration_errors_are_one_line(
    args: tuple[str, ...], env: dict[str, str], message: str
) -> None:
    result = invoke("friend", "--self", SELF, "--friend", FRIEND, *args, env=env)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1


def test_a_draft_repeating_an_earlier_one_is_dropped(
    analyzer: Any, curated: FriendExercise
) -> None:
    with ScriptedServer(lambda body: completion(KIND)) as server:
        result = exercise(analyzer, OpenAICompatibleBackend(server.url, timeout=5))
    assert result.backend is not None
    assert [(c.kept, c.reasons) for c in result.backend.checks] == [
        (True, ()),
        (False, ("repeat",)),
        (False, ("repeat",)),
        (False, ("repeat",)),
    ]
    assert result.backend.rewrite.to_dict() == {"text": KIND, "backend": "llm"}  # type: ignore[union-attr]
    assert [s.to_dict() for s in result.suggestions] == [s.to_dict() for s in curated.suggestions]
    assert result.backend.note == (
        "Three of your model's drafts didn't pass befriend's checks, so befriend's own "
        "phrases stand in their place."
    )


def test_a_draft_must_carry_the_energy_of_the_phrase_it_would_replace(analyzer: Any) -> None:
    step = "I can take one small step tomorrow: ask Sam for help with the slides."
    checks = check_drafts(analyzer, [KIND, step, KIND, step], ["fierce", "tender", "tender", None])
    assert [(c.kept, c.reasons) for c in checks] == [
        (False, ("wrong_energy",)),
        (False, ("wrong_energy",)),
        (True, ()),
        (True, ()),
    ]
    assert "fierce" in checks[1].labels


def test_a_draft_echoing_the_instructions_is_dropped(analyzer: Any) -> None:
    echo = "I'm so glad I'm finding my way. Let it be tender: comforting, accepting, gentle."
    (check,) = check_drafts(analyzer, [echo])
    assert check.kept is False
    assert (check.labels, check.reasons) == (("tender",), ("echoes_prompt",))


def test_with_consent_a_server_elsewhere_is_used_and_named_under_the_result() -> None:
    # 0.0.0.0 is not a loopback address, so befriend treats it as another machine;
    # Linux delivers connections to it locally, which lets a test play that part.
    with ScriptedServer(lambda body: completion(KIND)) as server:
        url = f"http://0.0.0.0:{server.port}/v1"
        args = ("friend", "--self", SELF, "--friend", FRIEND, "--backend", "llm")
        refused = invoke(*args, env={"BEFRIEND_LLM_URL": url})
        assert refused.exit_code == 1
        assert refused.stderr.startswith("befriend: BEFRIEND_LLM_URL points at 0.0.0.0")
        assert server.requests == []
        env = {"BEFRIEND_LLM_URL": url, "BEFRIEND_LLM_ALLOW_REMOTE": "1", "COLUMNS": "200"}
        shown = invoke(*args, env=env)
        as_json = invoke(*args, "--json", env=env)
    assert shown.exit_code == 0, shown.output
    assert (
        f"Your words were sent to {url}/chat/completions without encryption to draft these."
        in shown.stdout
    )
    report = json.loads(as_json.stdout)["backend"]
    assert (report["sent_to"], report["local"], report["error"]) == (
        f"{url}/chat/completions",
        False,
        None,
    )


def test_a_draft_longer_than_its_slot_allows_is_dropped(analyzer: Any) -> None:
    four = "I'm tired. That makes sense. I can rest tonight. Tomorrow I'll start again."
    checks = check_drafts(analyzer, [four, four, four], None, [3, 4, None])
    assert [(c.kept, c.reasons) for c in checks] == [(False, ("too_long",)), (True, ()), (True, ())]
