"""Where chunks are analysed: in this process, or on a Dask distributed cluster.

An engine takes chunks and yields finished parts, in any order. Both engines call
:func:`~befriend.research.corpus.work.analyze_chunk`, so they write the same bytes.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

from befriend.research.corpus.errors import CorpusError
from befriend.research.corpus.reader import Chunk
from befriend.research.corpus.work import Layout, PartResult, analyze_chunk

if TYPE_CHECKING:
    from befriend.analyzer import Analyzer


class Engine(Protocol):
    def version(self) -> str:
        """The analyzer version this engine's results carry."""

    def run(self, chunks: Iterator[Chunk], layout: Layout) -> Iterator[PartResult]:
        """Analyse ``chunks``, yielding each finished part (in any order)."""


class LocalEngine:
    """Analyses chunks one after another in this process."""

    def __init__(self, analyzer: Analyzer | None = None) -> None:
        self._analyzer = analyzer

    @property
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            from befriend.analyzer import Analyzer
            from befriend.settings import load_settings

            self._analyzer = Analyzer(threads=load_settings().threads)
        return self._analyzer

    def version(self) -> str:
        return self.analyzer.version

    def run(self, chunks: Iterator[Chunk], layout: Layout) -> Iterator[PartResult]:
        for chunk in chunks:
            yield analyze_chunk(chunk, layout, self.analyzer)


# -- Dask ---------------------------------------------------------------------------

_worker_analyzer: Analyzer | None = None
_worker_lock = threading.Lock()


def worker_analyzer() -> Analyzer:
    """The one analyzer of this worker process, created (and the model loaded) once.

    ONNX Runtime gets the worker's share of the machine's cores: all of them divided
    by the worker's task threads (at most 4), unless BEFRIEND_THREADS says otherwise.
    """
    global _worker_analyzer
    with _worker_lock:
        if _worker_analyzer is None:
            from befriend.analyzer import Analyzer
            from befriend.settings import load_settings

            threads = load_settings().threads
            if threads is None:
                threads = max(1, min(4, (os.cpu_count() or 1) // _worker_task_threads()))
            _worker_analyzer = Analyzer(threads=threads)
        return _worker_analyzer


def _worker_task_threads() -> int:
    try:
        from distributed import get_worker

        return max(1, int(get_worker().state.nthreads))
    except (ImportError, ValueError, AttributeError):
        return 1


def analyze_on_worker(chunk: Chunk, layout: Layout) -> PartResult:
    """The Dask task: one chunk, with this worker's cached analyzer."""
    return analyze_chunk(chunk, layout, worker_analyzer())


def _version_on_worker() -> str:
    return worker_analyzer().version


class DaskEngine:
    """Sends each chunk to a Dask distributed cluster as one task.

    ``scheduler`` is a scheduler address (``tcp://host:8786``) or ``"local"`` for a
    LocalCluster of ``workers`` processes with one thread each on this machine, on
    loopback only; each worker's model gets the machine's cores divided by ``workers``
    (BEFRIEND_THREADS, when set, wins).
    A few chunks per worker are in flight at once, so memory stays flat.
    """

    def __init__(
        self,
        scheduler: str = "local",
        workers: int = 2,
        *,
        in_flight: int = 2,
        connect_timeout: str = "20s",
    ) -> None:
        if workers < 1:
            raise CorpusError("--workers must be 1 or more.")
        self.scheduler = scheduler
        self.workers = workers
        self.in_flight = in_flight
        self.connect_timeout = connect_timeout
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> DaskEngine:
        self._connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _connect(self) -> Any:
        if self._client is not None:
            return self._client
        try:
            import distributed
        except ImportError:
            raise CorpusError(
                "The Dask engine needs the `distributed` package; install it with "
                "pip install 'dask[distributed]'."
            ) from None
        dist: Any = distributed  # untyped
        if self.scheduler == "local":
            env = {}
            if not os.environ.get("BEFRIEND_THREADS", "").strip():
                # The workers share this machine's cores: each gets its part for the model.
                env["BEFRIEND_THREADS"] = str(max(1, (os.cpu_count() or 1) // self.workers))
            self._cluster = dist.LocalCluster(
                env=env,
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",  # loopback only: nothing is reachable from outside
                dashboard_address=None,
                # no dashboard; its HTTP server on a free loopback port, not 8787
                scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
                silence_logs=logging.ERROR,
            )
            self._client = dist.Client(self._cluster)
        else:
            try:
                self._client = dist.Client(self.scheduler, timeout=self.connect_timeout)
            except (OSError, TimeoutError) as exc:
                raise CorpusError(
                    f"befriend couldn't reach a Dask scheduler at {self.scheduler} ({exc}). "
                    "Check the address and that the scheduler is running, or use "
                    "--scheduler local."
                ) from None
            try:
                self._client.wait_for_workers(1, timeout=self.connect_timeout)
            except TimeoutError:
                address = self.scheduler
                self.close()
                raise CorpusError(
                    f"The Dask scheduler at {address} has no workers. Start some with "
                    f"`dask worker {address}` on machines with befriend installed, and run "
                    "the command again."
                ) from None
        return self._client

    def close(self) -> None:
        # Workers that lose their scheduler mid-shutdown log harmless connection errors.
        logger = logging.getLogger("distributed")
        level = logger.level
        logger.setLevel(logging.CRITICAL)
        try:
            if self._client is not None:
                self._client.close()
                self._client = None
            if self._cluster is not None:
                self._cluster.close()
                self._cluster = None
        finally:
            logger.setLevel(level)

    def worker_count(self) -> int:
        client = self._connect()
        return len(client.scheduler_info().get("workers", {}))

    def version(self) -> str:
        """The analyzer version of one worker (each task checks its own again)."""
        client = self._connect()
        return str(client.submit(_version_on_worker, pure=False).result())

    def run(self, chunks: Iterator[Chunk], layout: Layout) -> Iterator[PartResult]:
        import distributed

        dist: Any = distributed  # untyped
        client = self._connect()
        window = max(2, self.in_flight * max(1, self.worker_count()))
        pending = dist.as_completed()
        source = iter(chunks)
        active = 0

        def submit_next() -> bool:
            nonlocal active
            chunk = next(source, None)
            if chunk is None:
                return False
            pending.add(client.submit(analyze_on_worker, chunk, layout, pure=False))
            active += 1
            return True

        try:
            while active < window and submit_next():
                pass
            for future in pending:
                result: PartResult = future.result()
                active -= 1
                future.release()
                yield result
                submit_next()
        finally:
            for future in list(pending.futures):
                future.cancel()
