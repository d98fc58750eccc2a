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


def test_build_and_search_on_a_chroma_server(tmp_path: Path, chroma_url: str, analyzer, e5) -> None:  # type: ignore[no-untyped-def]
    corpus = small_corpus(tmp_path / "corpus")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", chroma_url=chroma_url)
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
