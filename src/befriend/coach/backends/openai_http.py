"""The language-model backend: any server speaking OpenAI's chat-completions API
(Ollama, llama.cpp's server, vLLM), reached with the standard library.

Off unless ``BEFRIEND_LLM_URL`` is set. A server on another machine is refused
unless ``BEFRIEND_LLM_ALLOW_REMOTE=1``, because the user's words are sent to it.
Proxies from the environment are not used and redirects are not followed, so the
words go to the address the user gave and nowhere else.

Every failure of the server (refused, silent, an HTTP error, a reply that isn't the
expected JSON) becomes :class:`BackendUnavailable` with a short, kind note; the
caller then uses the phrase bank.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from befriend.coach.backends.base import BackendUnavailable, DraftRequest, SuggestionBackend
from befriend.coach.backends.prompts import PROMPT_VERSION, messages_for
from befriend.errors import BefriendError
from befriend.settings import DEFAULT_LLM_TIMEOUT

if TYPE_CHECKING:
    from befriend.coach.backends.registry import AddBackend
    from befriend.settings import LLMSettings, Settings

# A draft is one to three sentences: 120 tokens is about 90 words, room for three
# sentences with a margin, and short enough for a laptop CPU to write in seconds.
MAX_TOKENS: Final[int] = 120
# Some warmth in the wording, little enough that a small model stays on topic.
TEMPERATURE: Final[float] = 0.5
# A chat-completions reply holding 120 tokens is a few kilobytes; anything past a
# megabyte is not a reply to this request.
MAX_REPLY_BYTES: Final[int] = 1_000_000
FALLBACK: Final[str] = "so these come from befriend's own phrases."


class LLMConfigError(BefriendError):
    code = "llm_config"


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1). Names are
    not resolved: any other name counts as another machine."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def chat_endpoint(url: str) -> str:
    """The chat-completions address for a server address given as its root
    (``http://host:8080``), its ``/v1`` base, or the full endpoint."""
    url = url.rstrip("/")
    if url.endswith("/chat/completions"):
        return url
    if url.endswith("/v1"):
        return url + "/chat/completions"
    return url + "/v1/chat/completions"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class OpenAICompatibleBackend(SuggestionBackend):
    name = "llm"
    description = "your own model server, through its OpenAI-compatible API (off by default)"
    sends_text = True
    vetted = False
    prompt_version = PROMPT_VERSION

    def __init__(
        self,
        url: str,
        *,
        model: str | None = None,
        timeout: float = DEFAULT_LLM_TIMEOUT,
        api_key: str | None = None,
        max_tokens: int = MAX_TOKENS,
        temperature: float = TEMPERATURE,
        seed: int | None = None,
    ) -> None:
        self.endpoint = chat_endpoint(url)
        parts = urlsplit(self.endpoint)
        self.host = parts.hostname or ""
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self._loopback = is_loopback(self.host)
        self.model = model
        self.timeout = timeout
        self._api_key = api_key
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.seed = seed

    @property
    def destination(self) -> str:
        return self.endpoint

    @property
    def local(self) -> bool:
        return self._loopback

    @property
    def label(self) -> str:
        return f"{self.name} ({self.model or 'the server default model'})"

    def draft_batch(self, requests: Sequence[DraftRequest]) -> list[str]:
        return [self._draft(r) if r.kind in self.kinds else r.curated for r in requests]

    def _draft(self, request: DraftRequest) -> str:
        body: dict[str, Any] = {
            "model": self.model or "default",
            "messages": messages_for(request),
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "stream": False,
        }
        if self.seed is not None:
            body["seed"] = self.seed
        reply = self._post(body)
        try:
            choice = reply["choices"][0]
            content = choice["message"]["content"]
            finish = choice.get("finish_reason")
        except (KeyError, IndexError, TypeError):
            raise self._unavailable("malformed", "no choices[0].message.content") from None
        if not isinstance(content, str):
            raise self._unavailable("malformed", "message.content is not a string")
        return clean_draft(content, cut_off=finish == "length")

    def _post(self, body: dict[str, Any]) -> Any:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        request = urllib.request.Request(
            self.endpoint, data=json.dumps(body).encode("utf-8"), headers=headers, method="POST"
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())
        try:
            deadline = time.monotonic() + self.timeout
            with opener.open(request, timeout=self.timeout) as response:
                raw = _read_until(response, deadline)
        except urllib.error.HTTPError as exc:
            exc.close()
            raise self._unavailable(
                "http", f"HTTP {exc.code} {exc.reason}", status=exc.code
            ) from None
        except urllib.error.URLError as exc:
            raise self._from_os_error(exc.reason) from None
        except http.client.HTTPException as exc:
            raise self._unavailable("malformed", f"{type(exc).__name__}: {exc}") from None
        except OSError as exc:
            raise self._from_os_error(exc) from None
        if len(raw) > MAX_REPLY_BYTES:
            raise self._unavailable("malformed", f"reply longer than {MAX_REPLY_BYTES} bytes")
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise self._unavailable("malformed", f"reply is not JSON ({exc})") from None

    def _from_os_error(self, reason: object) -> BackendUnavailable:
        if isinstance(reason, TimeoutError):
            return self._unavailable("timeout", f"no reply within {self.timeout:g} s")
        if isinstance(reason, ConnectionRefusedError):
            return self._unavailable("refused", f"connection refused by {self.host}:{self.port}")
        if isinstance(reason, http.client.HTTPException):
            return self._unavailable("malformed", f"{type(reason).__name__}: {reason}")
        return self._unavailable("unreachable", str(reason))

    def _unavailable(self, kind: str, detail: str, *, status: int = 0) -> BackendUnavailable:
        where = f"at {self.host}:{self.port}"
        if kind == "timeout":
            note = f"Your model server didn't answer within {self.timeout:g} seconds, {FALLBACK}"
        elif kind == "refused":
            note = f"Your model server {where} isn't answering (is it running?), {FALLBACK}"
        elif kind == "http" and status in (401, 403):
            note = (
                f"Your model server turned the request down (HTTP {status}; check "
                f"BEFRIEND_LLM_API_KEY), {FALLBACK}"
            )
        elif kind == "http" and status == 404:
            note = (
                f"Your model server {where} didn't know that address or model (HTTP 404; "
                f"check BEFRIEND_LLM_URL and BEFRIEND_LLM_MODEL), {FALLBACK}"
            )
        elif kind == "http":
            note = f"Your model server answered with an error (HTTP {status}), {FALLBACK}"
        elif kind == "malformed":
            note = f"Your model server's reply wasn't in the form befriend expects, {FALLBACK}"
        else:
            note = f"befriend couldn't reach your model server {where}, {FALLBACK}"
        return BackendUnavailable(kind, detail, note)


def _read_until(response: Any, deadline: float) -> bytes:
    """The reply body, up to MAX_REPLY_BYTES + 1 bytes; a server still trickling
    it out at the deadline has taken too long (each read alone has the timeout)."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_REPLY_BYTES:
        chunk = response.read1(65536)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if time.monotonic() > deadline:
            raise TimeoutError("the reply was still arriving at the deadline")
    return b"".join(chunks)


_PREAMBLE = re.compile(
    r"^(?:sure|okay|ok|certainly|of course|here(?:'s| is| are))\b[^\n]*:\s*", re.I
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*(?=\s|$)")


def clean_draft(content: str, *, cut_off: bool = False) -> str:
    """The words of a model's reply: without an opening "Here's ...:" line,
    wrapping quotation marks and extra whitespace. A reply cut off by the token
    limit keeps its finished sentences only ("" if there are none)."""
    text = _PREAMBLE.sub("", content.strip())
    text = " ".join(text.split())
    if cut_off:
        ends = list(_SENTENCE_END.finditer(text))
        text = text[: ends[-1].end()] if ends else ""
    if len(text) >= 2 and text[0] in "\"“'‘" and text[-1] in "\"”'’":
        text = text[1:-1].strip()
    return text


def from_settings(llm: LLMSettings) -> OpenAICompatibleBackend:
    """The backend for the configured server; refuses a server on another machine
    unless the user allowed it, and says so plainly when none is configured."""
    if llm.url is None:
        raise LLMConfigError(
            "The llm backend needs your own model server: set BEFRIEND_LLM_URL to its "
            "address (for example http://127.0.0.1:11434/v1 for Ollama, or "
            "http://127.0.0.1:8080/v1 for llama.cpp's server), or use --backend curated "
            "for befriend's own phrases."
        )
    backend = OpenAICompatibleBackend(
        llm.url, model=llm.model, timeout=llm.timeout, api_key=llm.api_key
    )
    if not backend.local and not llm.allow_remote:
        raise LLMConfigError(
            f"BEFRIEND_LLM_URL points at {backend.host}, which isn't this computer, and "
            "befriend would send your words there. If you trust that server, set "
            "BEFRIEND_LLM_ALLOW_REMOTE=1; otherwise use a server on this computer "
            "(127.0.0.1 or localhost)."
        )
    return backend


def _create(settings: Settings) -> OpenAICompatibleBackend:
    return from_settings(settings.llm)


def register(add: AddBackend) -> None:
    add(OpenAICompatibleBackend.name, _create)
