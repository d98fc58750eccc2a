"""Thread pools of the numeric libraries in a server process.

numpy's OpenBLAS and the OpenMP runtimes start one thread per core by default, and their idle threads spin
for a while after every call. A server answers many questions at once in its own threads and processes, so
those pools only burn the cores the other requests need: on 2026-11-30, with ``serve --workers 2`` on two
cores, the server's CPU per chat request was 31-47 ms with the default pools and 18-21 ms with one thread
each (8 clients: 56 → 98 requests/s).
"""

from __future__ import annotations

import os

import threadpoolctl

VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def limit_compute_threads(threads: int) -> None:
    """Cap the BLAS and OpenMP pools at ``threads`` (0 = leave them alone): in the environment, for libraries
    loaded later and for worker processes started from here, and at once for the libraries already loaded."""
    if threads <= 0:
        return
    for name in VARIABLES:
        os.environ[name] = str(threads)
    threadpoolctl.threadpool_limits(limits=threads)
