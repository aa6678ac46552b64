"""The diffusers side of `./bench unet-parts` (docs/performance.md, "Where the time goes").

Same measures, same clock: CPU time of the calling thread with 1 torch thread (time.thread_time), a training step
split into zero_grad, forward + loss, backward, AdamW step, EMA update, and the no-grad forward split by module kind
with forward hooks (inclusive and exclusive of the modules each calls). Needs the diffusers-cpu set-up
(its README, beside the repository in ../shared/tools/diffusers-cpu); run through `./bench compare --parts` or by hand:
    . ~/.cache/diffusers-cpu/env.sh; $PY unet_parts.py CONFIG.json BATCH SIZE STEPS
"""
import json
import statistics
import sys
import time

import torch

torch.set_num_threads(1)
from diffusers import UNet2DConditionModel  # noqa: E402
from diffusers.utils import logging  # noqa: E402

logging.set_verbosity_error()
cfg_path, batch, size, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
torch.manual_seed(0)
model = UNet2DConditionModel.from_config(UNet2DConditionModel.load_config(cfg_path))
sample = torch.randn(batch, model.config.in_channels, size, size)
timestep = torch.randint(0, 1000, (batch,), dtype=torch.int64)
text = torch.randn(batch, 77, model.config.cross_attention_dim)
target = torch.randn(batch, model.config.out_channels, size, size)
parameters = list(model.parameters())
optimizer = torch.optim.AdamW(parameters, lr=1e-5, weight_decay=1e-2)
ema = [p.detach().clone() for p in parameters]
ms = lambda: time.thread_time() * 1000


def median(values):
    return round(statistics.median(values), 2)


parts = {}
model.train()
for i in range(steps + 1):
    record = {}
    t = ms(); optimizer.zero_grad(); record["zero_grad"] = ms() - t
    t = ms(); loss = torch.nn.functional.mse_loss(model(sample, timestep, text).sample, target); record["forward + loss"] = ms() - t
    t = ms(); loss.backward(); record["backward"] = ms() - t
    t = ms(); optimizer.step(); record["AdamW step"] = ms() - t
    t = ms()
    with torch.no_grad():
        for e, p in zip(ema, parameters):
            e.mul_(0.999).add_(p.detach(), alpha=0.001)
    record["EMA update"] = ms() - t
    if i > 0:
        for k, v in record.items():
            parts.setdefault(k, []).append(v)

model.eval()


def forward(x, tt, c):
    with torch.no_grad():
        model(x, tt, c)


whole = {"no-grad forward": [], "no-grad forward, batch 1, 4 x 4": []}
for i in range(steps + 1):
    t = ms(); forward(sample, timestep, text)
    if i > 0:
        whole["no-grad forward"].append(ms() - t)

inclusive, exclusive, counts, frames = {}, {}, {}, []
handles = []
for module in model.modules():
    kind = type(module).__name__

    def pre(m, args, kind=kind):
        frames.append([ms(), 0.0])

    def post(m, args, out, kind=kind):
        start, children = frames.pop()
        elapsed = ms() - start
        inclusive[kind] = inclusive.get(kind, 0) + elapsed
        exclusive[kind] = exclusive.get(kind, 0) + elapsed - children
        counts[kind] = counts.get(kind, 0) + 1
        if frames:
            frames[-1][1] += elapsed

    handles.append(module.register_forward_pre_hook(pre))
    handles.append(module.register_forward_hook(post))
forward(sample, timestep, text)
inclusive.clear(); exclusive.clear(); counts.clear()
for _ in range(steps):
    forward(sample, timestep, text)
for h in handles:
    h.remove()

tiny = (torch.randn(1, model.config.in_channels, 4, 4), torch.randint(0, 1000, (1,)), torch.randn(1, 77, model.config.cross_attention_dim))
for i in range(steps + 1):
    t = ms(); forward(*tiny)
    if i > 0:
        whole["no-grad forward, batch 1, 4 x 4"].append(ms() - t)

a, b = torch.zeros(1), torch.ones(1)
with torch.no_grad():
    for _ in range(1000):
        a.add_(b)
    t = ms()
    for _ in range(20000):
        a.add_(b)
    native_call_us = (ms() - t) * 1000 / 20000

print(json.dumps({
    "side": "diffusers", "config": cfg_path, "batch": batch, "size": size, "steps": steps,
    "clock": "thread CPU time, 1 torch thread", "torch": torch.__version__,
    "parameters": sum(p.numel() for p in parameters), "parameter_tensors": len(parameters),
    "training_step_ms": {k: median(v) for k, v in parts.items()},
    "forward_ms": {k: median(v) for k, v in whole.items()},
    "no_grad_forward_by_module_kind_ms": [
        {"kind": k, "calls_per_forward": counts[k] // steps, "exclusive_ms": round(exclusive[k] / steps, 2),
         "inclusive_ms": round(inclusive[k] / steps, 2)}
        for k in sorted(exclusive, key=exclusive.get, reverse=True)],
    "native_call_us": round(native_call_us, 2),
}, indent=2))
