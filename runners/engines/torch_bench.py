#!/usr/bin/env python3
"""BenchBook's built-in `torch` engine: a llama-style decoder with a real model's shapes and random weights,
timed the way llama-bench times a model (prefill ppN, decode tgN after a prompt, TTFT), so BenchBook can run real
GPU benchmarks where vLLM and SGLang cannot be installed. Needs only torch and the standard library; never downloads.

Usage (one sweep, one configuration):
  python3 torch_bench.py --preset llama-3-8b --tests pp512,pp2048,tg32,tg128 --repeats 5 --warmup 1 \
      --attn sdpa --kv-cache static --cuda-graphs on --out sweep.json
Usage (several configurations in one process, the model built once per dtype; writes <out-dir>/<label>-r<round>.json):
  python3 torch_bench.py --matrix matrix.json --out-dir results/
  matrix.json: {"preset", "tests": [...], "warmup", "repeats", "rounds", "tg_prompt", "batch", "device",
                "configs": [{"label", "attn", "kv_cache", "compile", "cuda_graphs", "dtype"}]}
  Rounds run interleaved (config A, B, C, then A, B, C again …) so slow drift of the machine hits every config alike.

What is measured:
  ppN  prefill of N random tokens from an empty cache; tok/s = batch*N / time of that forward pass (lm_head on the
       last position only, then argmax); TTFT = that time.
  tgN  a prompt of --tg-prompt tokens (default 2048, as seed 003's tracker) is prefilled (its time is the TTFT),
       then N tokens are generated greedily one step at a time; tok/s = batch*N / time of the N decode steps.
  Every test: `warmup` untimed runs, then `repeats` timed runs; mean and sample std over the repeats.
  Peak memory: torch.cuda.max_memory_allocated during the test (null on CPU, which does not report it per test).
  Decode roofline: bytes that must be read per generated token = (weights read per step + KV cache read per step,
  at the mean context length of the test) / batch; roofline tok/s = bandwidth / that; % achieved = mean / roofline.
  Weights read per step are all parameters but the embedding table (a lookup reads one row per token).
  Bandwidth comes from data/reference/gpu-bandwidth.csv (the single source of truth, read at run time; matched on
  the GPU name) or --bandwidth-tb-s; null when unknown (CPU), and then the roofline fields are null too.

Options (recorded in `options`):
  attn_implementation  eager: matmul + softmax with the KV heads repeated for every query head (the reference
                       formulation, like transformers' "eager"); sdpa: F.scaled_dot_product_attention (torch >= 2.0),
                       decode groups the query heads over each KV head instead of copying KV; flash: sdpa pinned to
                       the FlashAttention kernel (CUDA, torch >= 2.3). An option the installed torch lacks is an
                       error, never a silent fallback.
  kv_cache             dynamic: the cache grows by concatenation every step (transformers' DynamicCache);
                       static: preallocated for the longest test, written in place.
  compile, cuda_graphs torch.compile of the decode step / the decode step captured once as a CUDA graph and
                       replayed. Both need kv_cache=static (shapes must not change between steps); prefill stays eager.
  dtype                bf16 | fp16 | fp32.

Output (JSON, format "benchbook.torch-sweep/v1"; the tracker and the runner parse exactly this):
  {format, label, started_at (ISO 8601 UTC), duration_s,
   model: {name, hidden_size, num_layers, num_heads, num_kv_heads, intermediate_size, vocab_size, params, dtype,
           weight_bytes},
   options: {attn_implementation, kv_cache, compile (bool), cuda_graphs (bool), dtype},
   environment: {gpu_name, gpu_count, gpu_memory_gib, driver_version, cuda_version, torch_version, python_version,
                 hostname, bandwidth_tb_s},            (gpu_* and driver/cuda are null on CPU)
   results: [{test: "pp512"|"tg128"…, kind: "prefill"|"decode", n_prompt, n_gen, batch, warmup, repeats,
              samples_tok_s: [...], mean_tok_s, std_tok_s, ttft_ms_mean, ttft_ms_std, peak_memory_gib,
              bytes_per_token, roofline_tok_s, roofline_pct}]}   (bytes_per_token/roofline_* null for prefill)
Exit codes: 0 done, 2 bad arguments or an option this torch cannot run, 1 anything else (message on stderr).
"""
import argparse
import contextlib
import csv
import datetime
import json
import math
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time

import torch
import torch.nn.functional as F

FORMAT = "benchbook.torch-sweep/v1"

# Shapes from each model's published config.json (rope_theta included); weights are random.
PRESETS = {
    "llama-3-8b": dict(hidden_size=4096, num_layers=32, num_heads=32, num_kv_heads=8, intermediate_size=14336,
                       vocab_size=128256, rope_theta=500000.0, norm_eps=1e-5),
    "llama-3.2-1b": dict(hidden_size=2048, num_layers=16, num_heads=32, num_kv_heads=8, intermediate_size=8192,
                         vocab_size=128256, rope_theta=500000.0, norm_eps=1e-5),
    "mistral-7b": dict(hidden_size=4096, num_layers=32, num_heads=32, num_kv_heads=8, intermediate_size=14336,
                       vocab_size=32768, rope_theta=1000000.0, norm_eps=1e-5),
    # CI's CPU configuration: every code path, seconds on two cores.
    "tiny": dict(hidden_size=64, num_layers=2, num_heads=4, num_kv_heads=2, intermediate_size=128, vocab_size=256,
                 rope_theta=10000.0, norm_eps=1e-5),
}
DTYPES = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}
ATTN = ("eager", "sdpa", "flash")
KV = ("dynamic", "static")
TEST_RE = re.compile(r"^(pp|tg)([1-9][0-9]*)$")
# Standard deviation of the random weights: keeps activations finite through 32 layers in bf16.
INIT_STD = 0.02
# The bandwidth table lives in one place; this script reads it, it does not copy it.
BANDWIDTH_CSV = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "reference", "gpu-bandwidth.csv"))
GIB = 1024 ** 3


class OptionError(Exception):
    """A configuration this torch or device cannot run (exit code 2)."""


# ---------------------------------------------------------------------------------------------------- model

def rms_norm(x, w, eps):
    xf = x.float()
    return (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + eps)).to(x.dtype) * w


def rope(x, cos, sin):
    half = x.shape[-1] // 2
    x1, x2 = x[..., :half], x[..., half:]
    return torch.cat([x1 * cos - x2 * sin, x2 * cos + x1 * sin], dim=-1)


class DynamicCache:
    """Grows by torch.cat each step: every step copies the whole cache, as transformers' DynamicCache does."""

    def __init__(self, num_layers):
        self.k = [None] * num_layers
        self.v = [None] * num_layers

    def update(self, i, k, v, start, pos):
        if self.k[i] is not None:
            k, v = torch.cat([self.k[i], k], dim=2), torch.cat([self.v[i], v], dim=2)
        self.k[i], self.v[i] = k, v
        return k, v, None


class StaticCache:
    """Preallocated [batch, kv_heads, max_len, head_dim] per layer. With a Python `start` it writes a slice and
    attends over the filled part; with start=None (compiled / graphed steps) shapes stay fixed: it writes at the
    position tensor and masks the unfilled tail."""

    def __init__(self, num_layers, batch, kv_heads, max_len, head_dim, dtype, device):
        shape = (batch, kv_heads, max_len, head_dim)
        self.k = [torch.zeros(shape, dtype=dtype, device=device) for _ in range(num_layers)]
        self.v = [torch.zeros(shape, dtype=dtype, device=device) for _ in range(num_layers)]
        self.max_len = max_len
        self.slots = torch.arange(max_len, device=device)

    def update(self, i, k, v, start, pos):
        if start is None:
            self.k[i].index_copy_(2, pos, k)
            self.v[i].index_copy_(2, pos, v)
            return self.k[i], self.v[i], self.slots <= pos[-1]
        end = start + k.shape[2]
        if end > self.max_len:
            raise RuntimeError("static cache of %d positions cannot hold %d" % (self.max_len, end))
        self.k[i][:, :, start:end] = k
        self.v[i][:, :, start:end] = v
        return self.k[i][:, :, :end], self.v[i][:, :, :end], None


def sdpa_supports_gqa():
    try:
        import inspect
        return "enable_gqa" in inspect.signature(F.scaled_dot_product_attention).parameters
    except (TypeError, ValueError):
        return False


def flash_context():
    from torch.nn.attention import SDPBackend, sdpa_kernel
    return sdpa_kernel(SDPBackend.FLASH_ATTENTION)


def check_options(opts, device):
    """Refuses what this torch/device cannot run, with the reason, before anything is built."""
    if opts["attn_implementation"] not in ATTN:
        raise OptionError("attn_implementation must be one of %s, got %r" % (", ".join(ATTN), opts["attn_implementation"]))
    if opts["kv_cache"] not in KV:
        raise OptionError("kv_cache must be one of %s, got %r" % (", ".join(KV), opts["kv_cache"]))
    if opts["dtype"] not in DTYPES:
        raise OptionError("dtype must be one of %s, got %r" % (", ".join(DTYPES), opts["dtype"]))
    if opts["attn_implementation"] in ("sdpa", "flash") and not hasattr(F, "scaled_dot_product_attention"):
        raise OptionError("attn_implementation %s needs torch >= 2.0 (F.scaled_dot_product_attention); this is torch %s"
                          % (opts["attn_implementation"], torch.__version__))
    if opts["attn_implementation"] == "flash":
        if device.type != "cuda":
            raise OptionError("attn_implementation flash needs a CUDA device")
        try:
            flash_context()
        except ImportError:
            raise OptionError("attn_implementation flash needs torch.nn.attention.sdpa_kernel (torch >= 2.3)")
        if opts["cuda_graphs"] or opts["compile"]:
            raise OptionError("attn_implementation flash takes no attention mask, which fixed-shape (compiled or "
                              "graphed) decode steps need; use sdpa")
    if (opts["compile"] or opts["cuda_graphs"]) and opts["kv_cache"] != "static":
        raise OptionError("compile and cuda_graphs need kv_cache=static: shapes must not change between decode steps")
    if opts["compile"] and not hasattr(torch, "compile"):
        raise OptionError("compile needs torch >= 2.0 (torch.compile); this is torch %s" % torch.__version__)
    if opts["cuda_graphs"] and device.type != "cuda":
        raise OptionError("cuda_graphs needs a CUDA device")


class Decoder:
    """Llama-architecture decoder (RMSNorm, RoPE, grouped-query attention, SwiGLU MLP, untied lm_head)."""

    def __init__(self, cfg, dtype, device, seed):
        self.cfg, self.dtype, self.device = cfg, dtype, device
        h, nh, kvh = cfg["hidden_size"], cfg["num_heads"], cfg["num_kv_heads"]
        self.head_dim = h // nh
        self.groups = nh // kvh
        torch.manual_seed(seed)

        def w(*shape):
            return torch.empty(shape, dtype=dtype, device=device).normal_(0.0, INIT_STD)

        def ones(n):
            return torch.ones(n, dtype=dtype, device=device)

        d, inter = self.head_dim, cfg["intermediate_size"]
        self.embed = w(cfg["vocab_size"], h)
        self.layers = [dict(attn_norm=ones(h), wq=w(nh * d, h), wk=w(kvh * d, h), wv=w(kvh * d, h), wo=w(h, nh * d),
                            mlp_norm=ones(h), w1=w(inter, h), w3=w(inter, h), w2=w(h, inter))
                       for _ in range(cfg["num_layers"])]
        self.norm = ones(h)
        self.lm_head = w(cfg["vocab_size"], h)
        self.rope_cos = None
        self.rope_sin = None
        self.attn = "eager"
        self.gqa = hasattr(F, "scaled_dot_product_attention") and sdpa_supports_gqa()

    def params(self):
        n = self.embed.numel() + self.norm.numel() + self.lm_head.numel()
        return n + sum(t.numel() for layer in self.layers for t in layer.values())

    def ensure_rope(self, max_len):
        if self.rope_cos is not None and self.rope_cos.shape[0] >= max_len:
            return
        d = self.head_dim
        inv = 1.0 / (self.cfg["rope_theta"] ** (torch.arange(0, d, 2, device=self.device, dtype=torch.float32) / d))
        ang = torch.outer(torch.arange(max_len, device=self.device, dtype=torch.float32), inv)
        self.rope_cos, self.rope_sin = ang.cos().to(self.dtype), ang.sin().to(self.dtype)

    def attend(self, q, k, v, mask):
        """q [B,H,T,D]; k, v [B,KVH,L,D]; mask None or bool [L] (True = attend) for a one-token step."""
        b, nh, t, d = q.shape
        kvh = k.shape[1]
        if self.attn == "eager":
            k = k.repeat_interleave(self.groups, dim=1)
            v = v.repeat_interleave(self.groups, dim=1)
            s = torch.matmul(q, k.transpose(-1, -2)).float() / math.sqrt(d)
            if t > 1:
                causal = torch.ones(t, k.shape[2], dtype=torch.bool, device=q.device).tril(k.shape[2] - t)
                s = s.masked_fill(~causal, float("-inf"))
            if mask is not None:
                s = s.masked_fill(~mask, float("-inf"))
            return torch.matmul(s.softmax(-1).to(q.dtype), v)
        ctx = flash_context() if self.attn == "flash" else contextlib.nullcontext()
        with ctx:
            if t == 1:
                # One query position: fold the query heads of each KV head into the "length" axis, so every head
                # group reads its KV head once and nothing is copied.
                qg = q.reshape(b, kvh, self.groups, d)
                out = F.scaled_dot_product_attention(qg, k, v, attn_mask=None if mask is None else mask.view(1, 1, 1, -1))
                return out.reshape(b, nh, 1, d)
            if k.shape[2] != t:
                raise RuntimeError("prefill must start from an empty cache")
            if self.gqa:
                return F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
            k = k.repeat_interleave(self.groups, dim=1)
            v = v.repeat_interleave(self.groups, dim=1)
            return F.scaled_dot_product_attention(q, k, v, is_causal=True)

    def forward(self, tokens, pos, start, cache, last_only=True):
        """tokens [B,T]; pos [T] positions on the device; start: first position as int, or None for a fixed-shape
        step (static cache only). Returns logits [B,1 or T,V]."""
        cfg = self.cfg
        b, t = tokens.shape
        nh, kvh, d = cfg["num_heads"], cfg["num_kv_heads"], self.head_dim
        x = F.embedding(tokens, self.embed)
        cos, sin = self.rope_cos[pos], self.rope_sin[pos]
        for i, L in enumerate(self.layers):
            hdn = rms_norm(x, L["attn_norm"], cfg["norm_eps"])
            q = F.linear(hdn, L["wq"]).view(b, t, nh, d).transpose(1, 2)
            k = F.linear(hdn, L["wk"]).view(b, t, kvh, d).transpose(1, 2)
            v = F.linear(hdn, L["wv"]).view(b, t, kvh, d).transpose(1, 2)
            q, k = rope(q, cos, sin), rope(k, cos, sin)
            k, v, mask = cache.update(i, k, v, start, pos)
            o = self.attend(q, k, v, mask)
            x = x + F.linear(o.transpose(1, 2).reshape(b, t, nh * d), L["wo"])
            hdn = rms_norm(x, L["mlp_norm"], cfg["norm_eps"])
            x = x + F.linear(F.silu(F.linear(hdn, L["w1"])) * F.linear(hdn, L["w3"]), L["w2"])
        if last_only:
            x = x[:, -1:]
        return F.linear(rms_norm(x, self.norm, cfg["norm_eps"]), self.lm_head)

    def decode_bytes_per_step(self, batch, context):
        """Bytes a decode step must read: every weight but the embedding table, plus the KV cache of `context`
        positions for each sequence."""
        elt = torch.tensor([], dtype=self.dtype).element_size()
        weights = (self.params() - self.embed.numel()) * elt
        kv = 2 * self.cfg["num_layers"] * self.cfg["num_kv_heads"] * self.head_dim * elt * context * batch
        return weights + kv


# ---------------------------------------------------------------------------------------------------- timing

def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


class Runner:
    """Runs the tests of one configuration on one built model."""

    def __init__(self, model, opts, batch, device):
        self.m, self.opts, self.batch, self.device = model, opts, batch, device
        self.fixed_shape = opts["compile"] or opts["cuda_graphs"]
        self.cache = None
        self.step_fn = None
        self.graph = None

    def new_cache(self, max_len):
        m, cfg = self.m, self.m.cfg
        if self.opts["kv_cache"] == "dynamic":
            return DynamicCache(cfg["num_layers"])
        if self.cache is not None and self.cache.max_len == max_len:
            return self.cache
        self.cache = None
        self.graph = None
        self.step_fn = None
        if self.device.type == "cuda":
            torch.cuda.empty_cache()
        self.cache = StaticCache(cfg["num_layers"], self.batch, cfg["num_kv_heads"], max_len, m.head_dim, m.dtype,
                                 self.device)
        return self.cache

    def tokens(self, n, gen):
        return torch.randint(0, self.m.cfg["vocab_size"], (self.batch, n), generator=gen).to(self.device)

    def prefill(self, prompt, cache):
        """Returns the first generated token [B,1] and the prefill time in seconds."""
        n = prompt.shape[1]
        pos = torch.arange(n, device=self.device)
        sync(self.device)
        t0 = time.perf_counter()
        with torch.no_grad():
            logits = self.m.forward(prompt, pos, 0, cache)
            nxt = logits[:, -1].argmax(-1, keepdim=True)
        sync(self.device)
        return nxt, time.perf_counter() - t0

    def build_fixed_step(self, prompt_len):
        """The decode step with fixed shapes: reads tok/pos buffers, writes the next token and position back, so a
        CUDA graph replays it with no host work."""
        m, cache = self.m, self.cache
        self.tok_buf = torch.zeros((self.batch, 1), dtype=torch.long, device=self.device)
        self.pos_buf = torch.zeros((1,), dtype=torch.long, device=self.device)

        def step(tok, pos):
            logits = m.forward(tok, pos, None, cache)
            return logits[:, -1].argmax(-1, keepdim=True)

        fn = torch.compile(step, fullgraph=True) if self.opts["compile"] else step

        def advance():
            nxt = fn(self.tok_buf, self.pos_buf)
            self.tok_buf.copy_(nxt)
            self.pos_buf.add_(1)

        # Warm-up (compilation, autotuning, allocator) on a side stream, as graph capture requires.
        with torch.no_grad():
            self.pos_buf.fill_(prompt_len)
            if self.device.type == "cuda":
                s = torch.cuda.Stream(self.device)
                s.wait_stream(torch.cuda.current_stream(self.device))
                with torch.cuda.stream(s):
                    for _ in range(3):
                        advance()
                torch.cuda.current_stream(self.device).wait_stream(s)
            else:
                for _ in range(3):
                    advance()
            if self.opts["cuda_graphs"]:
                self.graph = torch.cuda.CUDAGraph()
                with torch.cuda.graph(self.graph):
                    advance()
        self.step_fn = advance
        sync(self.device)

    def decode(self, first, prompt_len, n_gen, cache, collect=None):
        """Generates n_gen tokens after the prompt; returns the decode time in seconds."""
        with torch.no_grad():
            if self.fixed_shape:
                if self.step_fn is None:
                    self.build_fixed_step(prompt_len)
                self.tok_buf.copy_(first)
                self.pos_buf.fill_(prompt_len)
                sync(self.device)
                t0 = time.perf_counter()
                for _ in range(n_gen):
                    if self.graph is not None:
                        self.graph.replay()
                    else:
                        self.step_fn()
                    if collect is not None:
                        collect.append(self.tok_buf.clone())
                sync(self.device)
                return time.perf_counter() - t0
            positions = torch.arange(prompt_len, prompt_len + n_gen, device=self.device)
            tok = first
            sync(self.device)
            t0 = time.perf_counter()
            for s in range(n_gen):
                p = prompt_len + s
                logits = self.m.forward(tok, positions[s:s + 1], p, cache)
                tok = logits[:, -1].argmax(-1, keepdim=True)
                if collect is not None:
                    collect.append(tok)
            sync(self.device)
            return time.perf_counter() - t0

    def run_test(self, test, warmup, repeats, tg_prompt, max_len, bandwidth, gen):
        kind, n = test
        if self.device.type == "cuda":
            torch.cuda.reset_peak_memory_stats(self.device)
        n_prompt = n if kind == "pp" else tg_prompt
        n_gen = 0 if kind == "pp" else n
        samples, ttfts = [], []
        for r in range(warmup + repeats):
            cache = self.new_cache(max_len)
            prompt = self.tokens(n_prompt, gen)
            first, t_prefill = self.prefill(prompt, cache)
            if kind == "pp":
                tok_s = self.batch * n / t_prefill
            else:
                tok_s = self.batch * n / self.decode(first, n_prompt, n, cache)
            if r >= warmup:
                samples.append(tok_s)
                ttfts.append(t_prefill * 1000.0)
        peak = torch.cuda.max_memory_allocated(self.device) / GIB if self.device.type == "cuda" else None
        result = dict(test="%s%d" % (kind, n), kind="prefill" if kind == "pp" else "decode", n_prompt=n_prompt,
                      n_gen=n_gen, batch=self.batch, warmup=warmup, repeats=repeats,
                      samples_tok_s=[round(x, 4) for x in samples], mean_tok_s=round(statistics.mean(samples), 4),
                      std_tok_s=round(statistics.stdev(samples), 4) if len(samples) > 1 else 0.0,
                      ttft_ms_mean=round(statistics.mean(ttfts), 4),
                      ttft_ms_std=round(statistics.stdev(ttfts), 4) if len(ttfts) > 1 else 0.0,
                      peak_memory_gib=round(peak, 4) if peak is not None else None,
                      bytes_per_token=None, roofline_tok_s=None, roofline_pct=None)
        if kind == "tg":
            # Mean context over the steps: the prompt plus half the generated tokens.
            bpt = self.m.decode_bytes_per_step(self.batch, n_prompt + (n - 1) / 2.0) / self.batch
            result["bytes_per_token"] = int(round(bpt))
            if bandwidth:
                roof = bandwidth * 1e12 / bpt
                result["roofline_tok_s"] = round(roof, 4)
                result["roofline_pct"] = round(100.0 * result["mean_tok_s"] / roof, 3)
        return result


# ---------------------------------------------------------------------------------------------------- environment

def read_bandwidth_table(path=BANDWIDTH_CSV):
    """{gpu name: TB/s} from data/reference/gpu-bandwidth.csv; empty when the file is not there."""
    try:
        with open(path, newline="") as f:
            return {row["gpu"]: float(row["bandwidth_tb_s"]) for row in csv.DictReader(f)}
    except FileNotFoundError:
        return {}


def nvidia_smi(fields):
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=" + ",".join(fields), "--format=csv,noheader,nounits"],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0 or not out.stdout.strip():
        return None
    return [c.strip() for c in out.stdout.strip().splitlines()[0].split(",")]


def environment(device, bandwidth_override):
    env = dict(gpu_name=None, gpu_count=0, gpu_memory_gib=None, driver_version=None, cuda_version=None,
               torch_version=torch.__version__, python_version=platform.python_version(),
               hostname=socket.gethostname(), bandwidth_tb_s=None)
    if device.type == "cuda":
        props = torch.cuda.get_device_properties(device)
        env.update(gpu_name=props.name, gpu_count=torch.cuda.device_count(),
                   gpu_memory_gib=round(props.total_memory / GIB, 2), cuda_version=torch.version.cuda)
        smi = nvidia_smi(["driver_version"])
        if smi:
            env["driver_version"] = smi[0]
        env["bandwidth_tb_s"] = read_bandwidth_table().get(props.name)
    if bandwidth_override:
        env["bandwidth_tb_s"] = bandwidth_override
    return env


# ---------------------------------------------------------------------------------------------------- driver

def parse_tests(spec):
    tests = []
    for t in spec:
        m = TEST_RE.match(t.strip())
        if not m:
            raise OptionError("test %r: expected ppN or tgN (N a positive integer)" % t)
        tests.append((m.group(1), int(m.group(2))))
    if not tests:
        raise OptionError("no tests given")
    return tests


def parse_bool(v):
    if isinstance(v, bool):
        return v
    s = str(v).lower()
    if s in ("on", "true", "1", "yes"):
        return True
    if s in ("off", "false", "0", "no"):
        return False
    raise OptionError("expected on/off, got %r" % v)


def pick_device(name):
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise OptionError("device %s asked for but torch.cuda.is_available() is false" % name)
    return torch.device(name)


def model_record(name, cfg, model, dtype_name):
    elt = torch.tensor([], dtype=model.dtype).element_size()
    return dict(name=name, hidden_size=cfg["hidden_size"], num_layers=cfg["num_layers"], num_heads=cfg["num_heads"],
                num_kv_heads=cfg["num_kv_heads"], intermediate_size=cfg["intermediate_size"],
                vocab_size=cfg["vocab_size"], params=model.params(), dtype=dtype_name,
                weight_bytes=model.params() * elt)


def log(msg):
    print("[torch_bench] " + msg, file=sys.stderr, flush=True)


# Shapes for the correctness check: small enough for fp32 everywhere, with grouped-query attention.
VERIFY_SHAPES = dict(PRESETS["tiny"], hidden_size=128, num_heads=8, num_kv_heads=2, vocab_size=512)
VERIFY_PROMPT, VERIFY_STEPS = 24, 12


def verify(opts, device):
    """Greedy tokens of this configuration against the reference (eager attention, dynamic cache) on the same
    random fp32 model: the fast paths must compute the same function. Returns (ok, detail)."""
    # FlashAttention has no fp32 kernel: that configuration is checked in fp16 (10 mantissa bits), both sides.
    dtype = "fp16" if opts["attn_implementation"] == "flash" else "fp32"

    def generate(o):
        m = Decoder(VERIFY_SHAPES, DTYPES[dtype], device, seed=1234)
        m.attn = o["attn_implementation"]
        m.ensure_rope(VERIFY_PROMPT + VERIFY_STEPS)
        r = Runner(m, o, 1, device)
        prompt = torch.randint(0, VERIFY_SHAPES["vocab_size"], (1, VERIFY_PROMPT),
                               generator=torch.Generator().manual_seed(7)).to(device)
        cache = r.new_cache(VERIFY_PROMPT + VERIFY_STEPS)
        first, _ = r.prefill(prompt, cache)
        toks = [first]
        r.decode(first, VERIFY_PROMPT, VERIFY_STEPS - 1, cache, collect=toks)
        return [int(t.flatten()[0]) for t in toks]

    ref = generate(dict(opts, attn_implementation="eager", kv_cache="dynamic", compile=False, cuda_graphs=False,
                        dtype=dtype))
    got = generate(dict(opts, dtype=dtype))
    return ref == got, "reference %s, this configuration %s" % (ref, got)


def sweep(model, model_name, opts, tests, warmup, repeats, tg_prompt, batch, device, env, label, seed, logger=None):
    """One configuration's tests on a built model → the sweep document."""
    started = datetime.datetime.now(datetime.timezone.utc)
    t0 = time.perf_counter()
    model.attn = opts["attn_implementation"]
    longest = max([n if k == "pp" else tg_prompt + n for k, n in tests])
    model.ensure_rope(longest)
    runner = Runner(model, opts, batch, device)
    gen = torch.Generator().manual_seed(seed)
    results = []
    # Decode tests share one static cache sized for the longest of them (one graph / one compilation);
    # prefill tests run first so that cache is not held while they run.
    tg_len = max([tg_prompt + n for k, n in tests if k == "tg"] or [0])
    for test in sorted(tests, key=lambda kn: (kn[0] != "pp", kn[1])):
        max_len = test[1] if test[0] == "pp" else tg_len
        r = runner.run_test(test, warmup, repeats, tg_prompt, max_len, env["bandwidth_tb_s"], gen)
        line = "%s %s: %.2f ± %.2f tok/s%s" % (label, r["test"], r["mean_tok_s"], r["std_tok_s"],
                                              "" if r["roofline_pct"] is None else " (%.1f%% of roofline)" % r["roofline_pct"])
        log(line)
        if logger:
            logger(line)
        results.append(r)
    del runner
    if device.type == "cuda":
        torch.cuda.empty_cache()
    return dict(format=FORMAT, label=label, started_at=started.isoformat().replace("+00:00", "Z"),
                duration_s=round(time.perf_counter() - t0, 3), model=model_record(model_name, model.cfg, model, opts["dtype"]),
                options=opts, environment=env, results=results)


def write_json_atomic(path, doc):
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    tmp = path + ".tmp-%d" % os.getpid()
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.replace(tmp, path)


def describe(opts):
    """'eager, dynamic cache, bf16': the configuration in words, the default label."""
    parts = [opts["attn_implementation"], "%s cache" % opts["kv_cache"]]
    if opts["compile"]:
        parts.append("torch.compile")
    if opts["cuda_graphs"]:
        parts.append("CUDA graphs")
    return ", ".join(parts + [opts["dtype"]])


def run_label(a, opts):
    if a.label:
        return a.label
    return "%s (%s)" % (a.variant, describe(opts)) if a.variant else describe(opts)


def options_from(src):
    return dict(attn_implementation=src.get("attn", "sdpa"), kv_cache=src.get("kv_cache", "static"),
                compile=parse_bool(src.get("compile", False)), cuda_graphs=parse_bool(src.get("cuda_graphs", False)),
                dtype=src.get("dtype", "bf16"))


def resolve_model(preset, model_config):
    if model_config:
        cfg = dict(PRESETS["tiny"])
        cfg.update(model_config)
        return model_config.get("name", "custom"), cfg
    if preset not in PRESETS:
        raise OptionError("preset must be one of %s, got %r" % (", ".join(sorted(PRESETS)), preset))
    return preset, dict(PRESETS[preset])


def build_parser():
    p = argparse.ArgumentParser(description="BenchBook torch engine: prefill/decode sweep on a random-weight decoder")
    p.add_argument("--preset", default="llama-3-8b")
    p.add_argument("--model-config", help="JSON object of shapes (hidden_size, num_layers, …) instead of a preset")
    p.add_argument("--tests", default="pp512,pp1024,pp2048,pp4096,tg32,tg64,tg128,tg256")
    p.add_argument("--tg-prompt", type=int, default=2048, help="prompt length before decode tests")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--attn", default="sdpa", help="eager | sdpa | flash")
    p.add_argument("--kv-cache", default="static", help="dynamic | static")
    p.add_argument("--compile", default="off", help="on | off")
    p.add_argument("--cuda-graphs", default="off", help="on | off")
    p.add_argument("--dtype", default="bf16", help="bf16 | fp16 | fp32")
    p.add_argument("--device", default="auto", help="auto | cpu | cuda | cuda:N")
    p.add_argument("--bandwidth-tb-s", type=float, help="memory bandwidth for the roofline, overriding the table")
    p.add_argument("--label", help="names the configuration (default: --variant and the options, e.g. "
                                   "'baseline (eager, dynamic cache, bf16)')")
    p.add_argument("--variant", help="baseline | human | agent: the three-way version this run measures")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, help="CPU threads (torch.set_num_threads)")
    p.add_argument("--verify", default="off", help="on: first check greedy tokens against the eager reference")
    p.add_argument("--out", help="write the sweep JSON here (atomically) instead of stdout")
    p.add_argument("--matrix", help="JSON file: several configurations and rounds in one process")
    p.add_argument("--out-dir", help="with --matrix: folder for <label>-r<round>.json")
    return p


def main(argv=None):
    a = build_parser().parse_args(argv)
    try:
        if a.threads:
            torch.set_num_threads(a.threads)
        if a.matrix:
            return run_matrix(a)
        if a.repeats < 1 or a.warmup < 0 or a.batch < 1 or a.tg_prompt < 1:
            raise OptionError("repeats and batch must be >= 1, warmup >= 0, tg-prompt >= 1")
        device = pick_device(a.device)
        opts = options_from(dict(attn=a.attn, kv_cache=a.kv_cache, compile=a.compile, cuda_graphs=a.cuda_graphs,
                                 dtype=a.dtype))
        check_options(opts, device)
        if parse_bool(a.verify):
            ok, detail = verify(opts, device)
            log("verify: %s (%s)" % ("same tokens" if ok else "MISMATCH", detail))
            if not ok:
                return 1
        tests = parse_tests(a.tests.split(","))
        name, cfg = resolve_model(a.preset, json.loads(a.model_config) if a.model_config else None)
        env = environment(device, a.bandwidth_tb_s)
        model = Decoder(cfg, DTYPES[opts["dtype"]], device, a.seed)
        doc = sweep(model, name, opts, tests, a.warmup, a.repeats, a.tg_prompt, a.batch, device, env,
                    run_label(a, opts), a.seed)
        if a.out:
            write_json_atomic(a.out, doc)
        else:
            json.dump(doc, sys.stdout, indent=1)
            sys.stdout.write("\n")
        return 0
    except OptionError as e:
        print("torch_bench: %s" % e, file=sys.stderr)
        return 2


def run_matrix(a):
    """Several configurations, interleaved over rounds; the model is rebuilt only when the dtype changes. A
    configuration that fails is logged and written as <label>-r<round>.error.txt; the others go on."""
    with open(a.matrix) as f:
        spec = json.load(f)
    if not a.out_dir:
        raise OptionError("--matrix needs --out-dir")
    device = pick_device(spec.get("device", a.device))
    tests = parse_tests(spec.get("tests", a.tests.split(",")))
    name, cfg = resolve_model(spec.get("preset", a.preset), spec.get("model_config"))
    configs = spec["configs"]
    for c in configs:
        check_options(options_from(c), device)
    failures = 0
    if spec.get("verify"):
        for c in configs:
            ok, detail = verify(options_from(c), device)
            log("verify %s: %s (%s)" % (c["label"], "same tokens" if ok else "MISMATCH", detail))
            failures += 0 if ok else 1
    env = environment(device, spec.get("bandwidth_tb_s", a.bandwidth_tb_s))
    rounds = int(spec.get("rounds", 1))
    models = {}
    for r in range(1, rounds + 1):
        for c in configs:
            opts = options_from(c)
            out = os.path.join(a.out_dir, "%s-r%d.json" % (c["label"], r))
            if os.path.exists(out):
                log("%s exists, skipped" % out)
                continue
            if opts["dtype"] not in models:
                models.clear()
                if device.type == "cuda":
                    torch.cuda.empty_cache()
                models[opts["dtype"]] = Decoder(cfg, DTYPES[opts["dtype"]], device, a.seed)
            try:
                doc = sweep(models[opts["dtype"]], name, opts, tests, int(spec.get("warmup", a.warmup)),
                            int(spec.get("repeats", a.repeats)), int(spec.get("tg_prompt", a.tg_prompt)),
                            int(spec.get("batch", a.batch)), device, env, c["label"], a.seed + r)
                write_json_atomic(out, doc)
            except Exception as e:  # one configuration's failure must not lose the others
                failures += 1
                log("%s round %d failed: %s: %s" % (c["label"], r, type(e).__name__, e))
                with open(out[:-5] + ".error.txt", "w") as f:
                    f.write("%s: %s\n" % (type(e).__name__, e))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
