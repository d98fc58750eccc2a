"""A new index build is served without a restart: the watcher loads the build `index/current` names in the
background and swaps it in; requests keep being answered; a build that will not load leaves the old one
serving; the builds in use carry leases that `index build` can see."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.index_watch import current_build
from assistant.config import Settings
from assistant.factory import make_assistant
from assistant.index.lease import in_use

pytestmark = pytest.mark.integration


def point_current_at(index_dir: Path, build: Path) -> None:
    tmp = index_dir / ".current.test"
    os.symlink(Path("builds") / build.name, tmp)
    os.replace(tmp, index_dir / "current")  # as `index build` switches it


def copy_build(index_dir: Path, source: Path, build_id: str) -> Path:
    """Another real build: the same files under a new id (what a rebuild of the same corpus gives)."""
    target = index_dir / "builds" / build_id
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".serving"))
    manifest = json.loads((target / "manifest.json").read_text())
    (target / "manifest.json").write_text(json.dumps({**manifest, "build_id": build_id}))
    return target


def test_a_new_build_is_served_without_a_restart(built_index: Settings, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    shutil.copytree(built_index.index_dir, index_dir, symlinks=True)
    settings = built_index.model_copy(
        update={"index_dir": index_dir, "data_dir": tmp_path / "data", "index_watch_seconds": 0}
    )
    first = current_build(index_dir)
    assert first is not None
    with TestClient(create_app(settings, assistant_factory=make_assistant)) as client:
        watcher = client.app.state.index_watcher  # type: ignore[attr-defined]
        assert client.get("/readyz").json()["index"] == json.loads((first / "manifest.json").read_text())["build_id"]
        assert watcher.check() is None  # nothing new
        assert in_use(first)

        second = copy_build(index_dir, first, "20991231T000000000000-second")
        point_current_at(index_dir, second)
        before = client.app.state.assistant  # type: ignore[attr-defined]
        loading = watcher.check()
        assert loading is not None
        # While the new build loads, the old one answers.
        assert client.post("/api/chat", json={"message": "Mikä on Vakkanen?"}).json()["route"] == "answer"
        loading.result(timeout=300)
        assert client.app.state.assistant is not before  # type: ignore[attr-defined]
        assert client.get("/readyz").json() == {"status": "ready", "index": second.name, "database": "ok"}
        answer = client.post("/api/chat", json={"message": "Mikä on Vakkanen?"}).json()
        assert answer["route"] == "answer" and "Vakkanen" in answer["sources"][0]["text"]
        assert in_use(second) and in_use(first)  # the one before may still finish requests

        broken = index_dir / "builds" / "20991231T000000000001-broken"
        broken.mkdir()
        (broken / "manifest.json").write_text("{not json")
        point_current_at(index_dir, broken)
        watcher.check().result(timeout=300)
        assert client.get("/readyz").json()["index"] == second.name  # the old build keeps serving
        assert not in_use(broken)

        third = copy_build(index_dir, first, "20991231T000000000002-third")
        point_current_at(index_dir, third)
        watcher.check().result(timeout=300)
        assert client.get("/readyz").json()["index"] == third.name
        assert not in_use(first) and in_use(second) and in_use(third)
    assert not in_use(second) and not in_use(third)  # leases end with the server


class Clock:
    """Monotonic seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def served_from_chroma(build: Path) -> Path:
    """The build as one made before the vector matrix existed: its vectors are searched in its Chroma files."""
    for name in ("vectors.npy", "vectors-docs.json"):
        (build / name).unlink(missing_ok=True)
    return build


def test_readyz_fails_while_the_serving_build_cannot_answer_and_recovers(built_index: Settings, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    source = current_build(built_index.index_dir)
    assert source is not None
    first = served_from_chroma(copy_build(index_dir, source, "20991231T000000000000-first"))
    point_current_at(index_dir, first)
    settings = built_index.model_copy(
        update={"index_dir": index_dir, "data_dir": tmp_path / "data", "index_watch_seconds": 0}
    )
    with TestClient(create_app(settings, assistant_factory=make_assistant)) as client:
        watcher = client.app.state.index_watcher  # type: ignore[attr-defined]
        watcher.clock = clock = Clock()
        assert client.get("/readyz").json() == {"status": "ready", "index": first.name, "database": "ok"}

        # The serving build's directory is deleted under the running server.
        shutil.rmtree(first)
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["status"] == "unavailable"
        assert first.name in ready.json()["index"] and "gone" in ready.json()["index"]
        # `current` still names the deleted build: loading it again fails, and the server answers without an
        # index (crisis and handoff routes, answers said to be unavailable) instead of failing.
        watcher.check().result(timeout=300)
        assert client.get("/readyz").status_code == 503
        assert client.post("/api/chat", json={"message": "Mikä on Vakkanen?"}).json()["route"] == "handoff"
        crisis = client.post("/api/chat", json={"message": "Mieheni lyö minua, olen peloissani"}).json()
        assert crisis["route"] == "crisis"
        assert watcher.check() is None  # not tried again before retry_seconds
        # The directory back where it was: the build replaced serves again at the next look, without a load.
        copy_build(index_dir, source, first.name)
        assert watcher.check() is None
        assert client.get("/readyz").json() == {"status": "ready", "index": first.name, "database": "ok"}
        shutil.rmtree(first)

        # A loadable build in `current`: loaded at the next look, ready again.
        second = served_from_chroma(copy_build(index_dir, source, "20991231T000000000001-second"))
        point_current_at(index_dir, second)
        watcher.check().result(timeout=300)
        assert client.get("/readyz").json() == {"status": "ready", "index": second.name, "database": "ok"}
        assert client.post("/api/chat", json={"message": "Mikä on Vakkanen?"}).json()["route"] == "answer"

        # Its Chroma files become unreadable (overwritten in place).
        database = second / "chroma" / "chroma.sqlite3"
        database.write_bytes(b"\0" * database.stat().st_size)
        ready = client.get("/readyz")
        assert (
            ready.status_code == 503 and ready.json()["index"] == f"index build {second.name} cannot search its vectors"
        )
        clock.now += watcher.retry_seconds  # tried again (the same build, still unreadable): still not ready
        watcher.check().result(timeout=300)
        assert client.get("/readyz").status_code == 503
        third = served_from_chroma(copy_build(index_dir, source, "20991231T000000000002-third"))
        point_current_at(index_dir, third)
        watcher.check().result(timeout=300)
        assert client.get("/readyz").json() == {"status": "ready", "index": third.name, "database": "ok"}
