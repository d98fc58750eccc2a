"""The server caps the numeric libraries' thread pools (their idle threads spin: assistant/threads.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def _pools_after(threads: int) -> dict:
    code = (
        "import json, os, numpy, threadpoolctl\n"
        "from assistant.threads import limit_compute_threads\n"
        f"limit_compute_threads({threads})\n"
        "print(json.dumps({'env': os.environ.get('OPENBLAS_NUM_THREADS'),"
        " 'pools': [p['num_threads'] for p in threadpoolctl.threadpool_info()]}))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_server_processes_run_the_numeric_libraries_on_one_thread() -> None:
    capped = _pools_after(1)
    assert capped["env"] == "1" and capped["pools"] and set(capped["pools"]) == {1}
    # 0 leaves the libraries' defaults alone.
    assert _pools_after(0)["env"] is None
