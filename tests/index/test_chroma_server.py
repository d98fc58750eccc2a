"""The index on a Chroma server (``PK_CHROMA_URL``): the HttpClient path, against `chroma run` on loopback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.factory import make_builder
from assistant.index import IndexStore
from tests.utils.corpus_files import small_corpus

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("chroma") or str(Path(__import__("sys").executable).parent / "chroma")
    if not Path(binary).exists():
        pytest.fail("the `chroma` server command of the chromadb package is missing")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = tmp_path_factory.mktemp("chroma-server")
    process = subprocess.Popen(
        [binary, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},  # nothing leaves the machine
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("chroma run did not start")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=20)


def test_build_and_search_on_a_chroma_server(tmp_path: Path, trained_router, chroma_url: str, analyzer, e5) -> None:  # type: ignore[no-untyped-def]
    corpus = small_corpus(tmp_path / "corpus")
    settings = Settings(corpus_dir=corpus, index_dir=trained_router(tmp_path / "index"), chroma_url=chroma_url)
    first = make_builder(settings, analyzer, e5).build()
    assert first.manifest.chroma["mode"] == "http"
    assert not (first.path / "chroma").exists()  # the vectors live on the server
    store = IndexStore.open(settings.index_dir, analyzer, e5, chroma_url)
    hits = store.dense_search("Kuinka usein käsikirja päivitetään?", 3)
    assert any("päivitetään vuosittain" in chunk.text for chunk, _ in hits)
    # Two more builds: the oldest collection is dropped from the server, the serving one stays.
    make_builder(settings, analyzer, e5).build(force=True)
    third = make_builder(settings, analyzer, e5).build(force=True)
    from assistant.index.vectors import chroma_client

    names = {c.name for c in chroma_client(None, chroma_url).list_collections()}
    assert first.manifest.chroma["collection"] not in names
    assert third.manifest.chroma["collection"] in names


def test_a_collection_is_dropped_only_when_no_running_server_holds_its_build(  # type: ignore[no-untyped-def]
    tmp_path: Path, trained_router, chroma_url: str, analyzer, e5
) -> None:
    """A server on the Chroma server's collections: each build a new collection; a later build's prune drops
    an old one only once the server has let go of that build (its lease); the collection serving answers
    all along, and /readyz fails when it is dropped from under the server anyway."""
    from fastapi.testclient import TestClient

    from assistant.api.app import create_app
    from assistant.factory import make_assistant
    from assistant.index.vectors import chroma_client

    settings = Settings(
        corpus_dir=small_corpus(tmp_path / "corpus"),
        index_dir=trained_router(tmp_path / "index"),
        data_dir=tmp_path / "data",
        chroma_url=chroma_url,
        index_watch_seconds=0,
    )
    server = chroma_client(None, chroma_url)

    collections: dict[Path, str] = {}

    def build() -> Path:
        result = make_builder(settings, analyzer, e5).build(force=True)
        collections[result.path] = result.manifest.chroma["collection"]
        return result.path

    def on_server(build: Path) -> bool:
        return collections[build] in {getattr(c, "name", c) for c in server.list_collections()}

    first = build()
    with TestClient(create_app(settings, assistant_factory=make_assistant)) as client:
        watcher = client.app.state.index_watcher  # type: ignore[attr-defined]
        assert client.get("/readyz").json()["index"] == first.name
        second, third = build(), build()  # the prune after the third would take the first: it is held
        assert on_server(first) and first.exists() and on_server(second) and on_server(third)
        store = client.app.state.assistant.retriever.store  # type: ignore[attr-defined]
        hits = store.dense_search("Kuinka usein käsikirja päivitetään?", 3)
        assert any("päivitetään vuosittain" in chunk.text for chunk, _ in hits)  # the held collection answers

        watcher.check().result(timeout=300)  # the server switches to the third; the first is the one before
        assert client.get("/readyz").json()["index"] == third.name
        fourth = build()
        assert not on_server(second) and not second.exists()  # nobody held it
        assert on_server(first) and first.exists()
        watcher.check().result(timeout=300)  # to the fourth: the first is let go
        fifth = build()
        assert not on_server(first) and not first.exists()
        assert on_server(third) and on_server(fourth) and on_server(fifth)

        watcher.check().result(timeout=300)
        assert client.get("/readyz").json()["index"] == fifth.name
        # Dropped by hand while it serves: not ready, and the reason names the build.
        server.delete_collection(collections[fifth])
        ready = client.get("/readyz")
        assert (
            ready.status_code == 503 and ready.json()["index"] == f"index build {fifth.name} cannot search its vectors"
        )
