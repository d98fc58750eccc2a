"""Run in a child process by the threading test: a heap corruption aborts this process, not pytest.

Analyses varied, mostly unknown words from 8 threads and compares every result with the one-thread
result; prints the number of differences and exits 0 when it survived.
"""

from __future__ import annotations

import random
import sys
import threading

from assistant.text.analyzer import VoikkoAnalyzer
from assistant.text.voikko import NativeVoikko

SYLLABLES = "ka lo pi su ve tä mö ran kel sto ni ja lä hy vä ta ssa lle sta kin ko en".split()
REAL = "lapsi neuvolassa perheneuvontaan väkivaltaa turvakotiin vanhempien kasvatuksessa koulussa".split()


def messages(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)

    def word() -> str:
        if rng.random() < 0.2:
            return rng.choice(REAL)
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 6)))

    return [" ".join(word() for _ in range(50)) for _ in range(count)]


def main(count: int) -> int:
    texts = messages(count)
    reference = VoikkoAnalyzer(NativeVoikko())
    expected = [reference.terms(t) for t in texts[: count // 8]]
    shared = VoikkoAnalyzer(NativeVoikko())  # fresh caches: every word goes to libvoikko
    got: dict[int, list[str]] = {}

    def work(offset: int) -> None:
        for i in range(offset, len(texts), 8):
            got[i] = shared.terms(texts[i])

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    differences = sum(1 for i, terms in enumerate(expected) if got.get(i) != terms)
    sys.stdout.write(f"analysed={len(got)} differences={differences}\n")
    return 0 if differences == 0 and len(got) == len(texts) else 1


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000))
