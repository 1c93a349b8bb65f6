"""The LLM backend's settings, the backend registry, and the small pure helpers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from befriend.coach.backends import (
    BUILTIN_BACKENDS,
    BackendRegistry,
    DraftRequest,
    SuggestionBackend,
    UnknownBackendError,
    backend_names,
    get_backend,
)
from befriend.coach.backends.curated import CuratedBackend
from befriend.coach.backends.openai_http import (
    LLMConfigError,
    OpenAICompatibleBackend,
    chat_endpoint,
    clean_draft,
    is_loopback,
)
from befriend.coach.backends.prompts import NEED_ASKS, SYSTEM, messages_for
from befriend.coach.backends.registry import PluginLoadError
from befriend.coach.drafting import REJECT_LABELS, STOCK_CHEER, BackendReport, DraftCheck
from befriend.coach.phrases import NEEDS
from befriend.errors import SettingsError
from befriend.settings import DEFAULT_LLM_TIMEOUT, LLMSettings, load_settings


def test_off_by_default() -> None:
    settings = load_settings({"BEFRIEND_HOME": "/tmp/x"})
    assert settings.backend == "curated"
    assert settings.llm == LLMSettings(None, None, DEFAULT_LLM_TIMEOUT, None, False)


def test_a_configured_url_makes_llm_the_default_unless_the_backend_is_named() -> None:
    env = {
        "BEFRIEND_LLM_URL": "http://127.0.0.1:11434/v1",
        "BEFRIEND_LLM_MODEL": "llama3.2",
        "BEFRIEND_LLM_TIMEOUT": "12.5",
        "BEFRIEND_LLM_API_KEY": "sekret",
    }
    settings = load_settings(env)
    assert settings.backend == "llm"
    assert settings.llm == LLMSettings(
        "http://127.0.0.1:11434/v1", "llama3.2", 12.5, "sekret", False
    )
    assert "sekret" not in repr(settings)
    assert load_settings({**env, "BEFRIEND_BACKEND": "Curated"}).backend == "curated"
    assert load_settings({**env, "BEFRIEND_LLM_ALLOW_REMOTE": "1"}).llm.allow_remote is True


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"BEFRIEND_LLM_URL": "127.0.0.1:8080"},
            "BEFRIEND_LLM_URL is set to '127.0.0.1:8080', which isn't an http:// or https:// address.",
        ),
        (
            {"BEFRIEND_LLM_URL": "http://[::1"},
            "BEFRIEND_LLM_URL is set to 'http://[::1', which isn't",
        ),
        (
            {"BEFRIEND_LLM_URL": "http://localhost:eleven/v1"},
            "BEFRIEND_LLM_URL is set to 'http://localhost:eleven/v1', which isn't",
        ),
        (
            {"BEFRIEND_LLM_URL": "http://localhost:0/v1"},
            "BEFRIEND_LLM_URL is set to 'http://localhost:0/v1', which isn't",
        ),
        (
            {"BEFRIEND_LLM_URL": "http://local host/v1"},
            "BEFRIEND_LLM_URL is set to 'http://local host/v1', which isn't",
        ),
        (
            {"BEFRIEND_LLM_URL": "ftp://localhost/v1"},
            "BEFRIEND_LLM_URL is set to 'ftp://localhost/v1', which isn't",
        ),
        (
            {"BEFRIEND_LLM_TIMEOUT": "soon"},
            "BEFRIEND_LLM_TIMEOUT is set to 'soon'; it needs to be a number of seconds above 0 and up to 600, or unset (60 seconds).",
        ),
        ({"BEFRIEND_LLM_TIMEOUT": "0"}, "BEFRIEND_LLM_TIMEOUT is set to '0'"),
        ({"BEFRIEND_LLM_TIMEOUT": "nan"}, "BEFRIEND_LLM_TIMEOUT is set to 'nan'"),
        (
            {"BEFRIEND_LLM_ALLOW_REMOTE": "maybe"},
            "BEFRIEND_LLM_ALLOW_REMOTE is set to 'maybe'; set it to 1",
        ),
    ],
)
def test_bad_llm_settings_say_what_to_do(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError) as info:
        load_settings(env)
    assert info.value.message.startswith(message)


def test_the_registry_finds_the_builtins_through_the_plugin_hook() -> None:
    assert BUILTIN_BACKENDS == (
        "befriend.coach.backends.curated",
        "befriend.coach.backends.openai_http",
    )
    assert backend_names() == ("curated", "llm")
    settings = load_settings({"BEFRIEND_LLM_URL": "http://localhost:8080"})
    assert isinstance(get_backend("curated", settings), CuratedBackend)
    llm = get_backend("llm", settings)
    assert isinstance(llm, OpenAICompatibleBackend)
    assert llm.destination == "http://localhost:8080/v1/chat/completions"
    assert (llm.sends_text, llm.local, llm.vetted) == (True, True, False)
    curated = get_backend("curated", settings)
    assert (curated.sends_text, curated.local, curated.vetted, curated.destination) == (
        False,
        True,
        True,
        None,
    )


def test_a_plugin_registers_like_a_builtin_and_names_cannot_clash() -> None:
    class Echo(SuggestionBackend):
        name = "echo"
        description = "says the curated text back"

        def draft_batch(self, requests):  # type: ignore[no-untyped-def]
            return [r.curated.upper() for r in requests]

    class Plugin:
        @staticmethod
        def register(add):  # type: ignore[no-untyped-def]
            add("echo", lambda settings: Echo())

    registry = BackendRegistry()
    registry.load(Plugin)
    backend = registry.create("echo", load_settings({}))
    assert backend.draft_batch([DraftRequest("rewrite", "a", "b", "I can rest.")]) == [
        "I CAN REST."
    ]
    with pytest.raises(ValueError, match="already registered"):
        registry.load(Plugin)
    with pytest.raises(UnknownBackendError) as info:
        registry.create("gpt", load_settings({}))
    assert info.value.message == (
        "There's no suggestion backend called 'gpt'. Use one of: echo (with --backend or "
        "BEFRIEND_BACKEND)."
    )


def test_the_llm_backend_needs_a_url() -> None:
    with pytest.raises(LLMConfigError) as info:
        get_backend("llm", load_settings({}))
    assert info.value.message.startswith(
        "The llm backend needs your own model server: set BEFRIEND_LLM_URL to its address"
    )


def test_a_server_on_another_machine_needs_explicit_consent() -> None:
    env = {"BEFRIEND_LLM_URL": "http://10.0.0.5:11434/v1"}
    with pytest.raises(LLMConfigError) as info:
        get_backend("llm", load_settings(env))
    assert info.value.message == (
        "BEFRIEND_LLM_URL points at 10.0.0.5, which isn't this computer, and befriend would "
        "send your words there. If you trust that server, set BEFRIEND_LLM_ALLOW_REMOTE=1; "
        "otherwise use a server on this computer (127.0.0.1 or localhost)."
    )
    backend = get_backend("llm", load_settings({**env, "BEFRIEND_LLM_ALLOW_REMOTE": "1"}))
    assert backend.local is False
    assert backend.destination == "http://10.0.0.5:11434/v1/chat/completions"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("LOCALHOST", True),
        ("model.localhost", True),
        ("localhost.example.com", False),
        ("10.0.0.5", False),
        ("example.org", False),
        ("0.0.0.0", False),
    ],
)
def test_loopback_is_decided_without_resolving_names(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("url", "endpoint"),
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/v1/chat/completions"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/v1/chat/completions"),
        ("http://127.0.0.1:11434/v1", "http://127.0.0.1:11434/v1/chat/completions"),
        ("http://127.0.0.1:11434/v1/", "http://127.0.0.1:11434/v1/chat/completions"),
        ("https://h/api/v1/chat/completions", "https://h/api/v1/chat/completions"),
    ],
)
def test_the_chat_endpoint_is_found_from_any_usual_form(url: str, endpoint: str) -> None:
    assert chat_endpoint(url) == endpoint


@pytest.mark.parametrize(
    ("content", "cut_off", "cleaned"),
    [
        ("  I did my best today.  ", False, "I did my best today."),
        ('"I did my best today."', False, "I did my best today."),
        ("“I can rest now.”", False, "I can rest now."),
        ("Sure! Here's a kinder version:\nI can rest now.", False, "I can rest now."),
        ("Here is one thing you could say: I can rest now.", False, "I can rest now."),
        (
            "I can rest now.\n\nTomorrow I'll ask for help.",
            False,
            "I can rest now. Tomorrow I'll ask for help.",
        ),
        ("I can rest now. Tomorrow I will ask", True, "I can rest now."),
        ("I can rest now and tomorrow", True, ""),
        ("", False, ""),
    ],
)
def test_clean_draft(content: str, cut_off: bool, cleaned: str) -> None:
    assert clean_draft(content, cut_off=cut_off) == cleaned


def test_every_need_has_a_prompt_and_the_prompts_carry_the_users_words() -> None:
    assert set(NEED_ASKS) == set(NEEDS)
    request = DraftRequest(
        "suggestion",
        "I'm useless at this job.",
        "You're learning, go easy.",
        "I'm learning.",
        situation="my first week at work",
        need="self_judgment",
        energy="fierce",
    )
    system, user = messages_for(request)
    assert system == {"role": "system", "content": SYSTEM}
    assert user["role"] == "user"
    assert user["content"] == (
        "What happened: my first week at work\n"
        "What I said to myself: I'm useless at this job.\n\n"
        "I have been talking to myself harshly. Answer the harsh words with warmth.\n"
        "Let it be fierce: clear, protective and encouraging of action, and still kind.\n"
        "Write one thing I could say to myself."
    )
    rewrite = messages_for(
        DraftRequest("rewrite", "I'm useless.", "You're learning.", "I'm learning.")
    )
    assert rewrite[1]["content"] == (
        "What I said to myself: I'm useless.\n"
        "What I would say to a close friend in the same spot: You're learning.\n\n"
        "Turn my words to my friend into words I can say to myself, in the first person. "
        "Keep their warmth and any step they suggest."
    )


def test_a_request_is_checked() -> None:
    with pytest.raises(ValueError, match="kind must be one of"):
        DraftRequest("poem", "a", "b", "c")
    with pytest.raises(ValueError, match="needs a need"):
        DraftRequest("suggestion", "a", "b", "c")


def test_the_llm_page_documents_every_setting_field_and_reason() -> None:
    root = Path(__file__).resolve().parent.parent
    doc = (root / "docs" / "llm.md").read_text(encoding="utf-8")
    source = (root / "src" / "befriend" / "settings.py").read_text(encoding="utf-8")
    for name in set(re.findall(r"\bBEFRIEND_(?:LLM_[A-Z_]+|BACKEND)\b", source)):
        assert f"`{name}`" in doc, name
    report = BackendReport("llm", "llm", None, None, True, None, (), None, None).to_dict()
    for key in report:
        assert f"`backend.{key}`" in doc or f"`backend.{key}[]`" in doc, key
    for key in DraftCheck("rewrite", "x", True, (), ()).to_dict():
        assert f"`{key}`" in doc, key
    reasons = {
        *REJECT_LABELS,
        "safety_signal",
        "not_kind",
        "stock_cheer",
        "empty",
        "too_long",
        "repeat",
        "wrong_energy",
        "echoes_prompt",
    }
    for reason in reasons:
        assert f"`{reason}`" in doc, reason
    for kind in ("refused", "timeout", "http", "malformed", "unreachable"):
        assert f"`{kind}`" in doc, kind
    assert f'"{STOCK_CHEER[0]}"' in doc


def _install_plugin(root: Path, dist: str, module: str, source: str) -> None:
    """A package with a befriend.backends entry point, as pip would leave it."""
    (root / f"{module}.py").write_text(source)
    info = root / f"{dist}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[befriend.backends]\n{dist} = {module}\n")


PLUGIN = """
from befriend.coach.backends import SuggestionBackend

class Shout(SuggestionBackend):
    name = "shout"
    description = "the curated text, louder"
    vetted = True

    def draft_batch(self, requests):
        return [r.curated.upper() for r in requests]

def register(add):
    add("shout", lambda settings: Shout())
"""


def test_an_installed_plugin_is_found_through_its_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install_plugin(tmp_path, "befriend_shout", "befriend_shout_plugin", PLUGIN)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert backend_names() == ("curated", "llm", "shout")
    backend = get_backend("shout", load_settings({}))
    assert backend.draft_batch([DraftRequest("rewrite", "a", "b", "I can rest.")]) == [
        "I CAN REST."
    ]


def test_a_broken_plugin_never_blocks_the_builtins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install_plugin(
        tmp_path, "befriend_broken", "befriend_broken_plugin", "raise ImportError('gone')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert isinstance(get_backend("curated", load_settings({})), CuratedBackend)
    with pytest.raises(PluginLoadError) as info:
        get_backend("shout", load_settings({}))
    assert info.value.message == (
        "The suggestion backend plugin 'befriend_broken' (befriend_broken_plugin) couldn't be "
        "loaded (ImportError: gone). Update or uninstall the package that provides it; "
        "befriend's own phrases work without it (--backend curated)."
    )
