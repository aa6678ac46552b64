"""The measurements of `./bench gpu` (benchmarks/MemControl.Benchmarks/Gpu), made with diffusers on the same
pipeline folder, device, precision and sizes, and the ratios memcontrol / diffusers (docs/scale.md, "One GPU check").

    python3 diffusers_bench.py --model SD15 --ours memcontrol.json --out diffusers.json --ratios ratios.json
    python3 diffusers_bench.py --ratios-only --ours memcontrol.json --theirs diffusers.json --ratios ratios.json

Sizes, precision, device and the tensors each PEFT step trains are read from `--ours` (memcontrol.json), so both
sides do the same work. Each measurement runs in a child process of this script, so its peak memory is its own and
is read the same way as ours (NVML device memory in use, polled; peak RSS on the CPU); torch's
max_memory_allocated is written beside it. A training step is what MemControl's FineTuner does per step: VAE encoding
and text encoding of the batch (frozen, no grad), noise at t ~ U[0, 1000), the UNet, MSE to the noise in float32,
backward, gradient clipping at 1.0, AdamW. Full and attention-only training keep the UNet in float32 under autocast
(diffusers' train_text_to_image recipe); the PEFT steps cast the frozen UNet to the half dtype and keep the trained
tensors in float32 (diffusers' LoRA recipe). SV-DIFF is applied as its authors' code does: each shifted weight is
rebuilt as U·diag(ReLU(S + δ))·Vᵀ in every forward. Needs torch, diffusers and transformers importable, except
with --ratios-only.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import threading
import time

NAMES = ["full_step", "attention_step", "frozen_forward_cfg", "svdiff_masked_step", "difffit_masked_step", "generation"]
PROMPT = "a chest x-ray"


def ratios(ours, theirs):
    """memcontrol / diffusers per measurement for the step time and the peak memory; absent where either side lacks it."""
    def positive(value):
        return isinstance(value, (int, float)) and math.isfinite(value) and value > 0

    measurements = {}
    for name in NAMES:
        a = ours.get("measurements", {}).get(name, {})
        b = theirs.get("measurements", {}).get(name, {})
        entry = {}
        for key in ("median_ms", "peak_memory_gib"):
            if positive(a.get(key)) and positive(b.get(key)):
                entry[key] = {"memcontrol": a[key], "diffusers": b[key], "ratio": round(a[key] / b[key], 3)}
        measurements[name] = entry
    return {
        "ratio": "memcontrol / diffusers: below 1 means MemControl is faster or uses less memory",
        "device": ours.get("environment", {}).get("name"),
        "precision": ours.get("precision"),
        "sizes": ours.get("sizes"),
        "measurements": measurements,
    }


def write_json(path, value):
    """Written to a temporary name and renamed, so a crash never leaves half a file."""
    temporary = path + ".tmp"
    with open(temporary, "w") as file:
        json.dump(value, file, indent=2)
        file.write("\n")
    os.replace(temporary, path)


class PeakMemory:
    """NVML device memory in use, polled every millisecond, less the use before CUDA started (as PeakMemory.cs); CPU: peak RSS."""

    def __init__(self, device):
        self.cuda = device.startswith("cuda")
        self.peak = self.baseline = 0
        if not self.cuda:
            return
        import ctypes

        class MemoryInfo(ctypes.Structure):
            _fields_ = [("total", ctypes.c_ulonglong), ("free", ctypes.c_ulonglong), ("used", ctypes.c_ulonglong)]

        self.nvml = ctypes.CDLL("libnvidia-ml.so.1")
        self.info = MemoryInfo()
        self.handle = ctypes.c_void_p()
        index = int(device.split(":")[1]) if ":" in device else 0
        if self.nvml.nvmlInit_v2() != 0 or self.nvml.nvmlDeviceGetHandleByIndex_v2(index, ctypes.byref(self.handle)) != 0:
            raise RuntimeError("NVML could not open GPU %d" % index)
        self.baseline = self.peak = self.used()
        self.stopping = False
        self.thread = threading.Thread(target=self.poll, daemon=True)
        self.thread.start()

    def used(self):
        import ctypes
        self.nvml.nvmlDeviceGetMemoryInfo(self.handle, ctypes.byref(self.info))
        return self.info.used

    def poll(self):
        while not self.stopping:
            self.peak = max(self.peak, self.used())
            time.sleep(0.001)

    def stop(self):
        if not self.cuda:
            import resource
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB on Linux
        self.stopping = True
        self.thread.join()
        self.peak = max(self.peak, self.used())
        return (self.peak - self.baseline) / 2**30

    def source(self):
        if self.cuda:
            return "NVML device memory in use, polled every 1 ms, less the use before the process started CUDA"
        return "peak resident set size of the process (ru_maxrss)"


def timed(torch, device, warmup, count, run):
    """Median and min of `count` runs after `warmup` untimed ones, waiting for the device after each."""
    def once():
        start = time.perf_counter()
        run()
        if device.startswith("cuda"):
            torch.cuda.synchronize()
        return 1000 * (time.perf_counter() - start)

    for _ in range(warmup):
        once()
    samples = [once() for _ in range(count)]
    ordered = sorted(samples)
    n = len(ordered)
    median = ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2
    return {"median_ms": round(median, 3), "min_ms": round(ordered[0], 3), "samples_ms": [round(s, 3) for s in samples]}


def attach(torch, unet, tensors):
    """Makes exactly the tensors memcontrol.json lists trainable in diffusers' UNet (the keys are the checkpoint's) and returns them."""
    import torch.nn.functional as F
    from torch.nn.utils import parametrize

    class SpectralShift(torch.nn.Module):
        """W' = U·diag(ReLU(S + δ))·Vᵀ, recomputed in every forward (SV-DIFF Eq. 2, as the authors' code)."""

        def __init__(self, weight):
            super().__init__()
            u, s, vh = torch.linalg.svd(weight.detach().float().reshape(weight.shape[0], -1), full_matrices=False)
            self.register_buffer("u", u.to(weight.dtype))
            self.register_buffer("s", s)
            self.register_buffer("vh", vh.to(weight.dtype))
            self.delta = torch.nn.Parameter(torch.zeros_like(s))
            self.shape = weight.shape

        def forward(self, weight):
            values = F.relu(self.s + self.delta).to(weight.dtype)
            return ((self.u * values) @ self.vh).reshape(self.shape)

    class NormShift(torch.nn.Module):
        """A norm's gain: γ + δ per element, or ReLU(‖γ‖ + δ)·γ/‖γ‖ with one δ (the 1 × C matrix's only singular value)."""

        def __init__(self, gain, count):
            super().__init__()
            self.delta = torch.nn.Parameter(torch.zeros(count, device=gain.device))
            self.per_element = count == gain.numel()

        def forward(self, gain):
            if self.per_element:
                return gain + self.delta.to(gain.dtype)
            norm = gain.float().norm()
            return (F.relu(norm + self.delta) * gain.float() / norm).to(gain.dtype)

    modules = dict(unet.named_modules())
    parameters = dict(unet.named_parameters())
    unet.requires_grad_(False)
    trainable = []
    for key, count in tensors.items():
        path, name = key.rsplit(".", 1)
        if key in parameters:
            parameter = parameters[key]
            parameter.data = parameter.data.float()
            parameter.requires_grad_(True)
            trainable.append(parameter)
            continue
        if path not in modules:
            raise SystemExit("diffusers_bench.py: memcontrol.json trains '%s', but diffusers' UNet has no module '%s'" % (key, path))
        module = modules[path]
        if name == "svdiff_delta":
            shift = SpectralShift(module.weight) if module.weight.dim() >= 2 else NormShift(module.weight, count)
            parametrize.register_parametrization(module, "weight", shift)
            trainable.append(shift.delta)
        elif name == "difffit_gamma":
            gamma = torch.nn.Parameter(torch.ones(1, device=module.weight.device if hasattr(module, "weight") else next(module.parameters()).device))
            module.register_parameter("difffit_gamma", gamma)
            module.register_forward_hook(lambda mod, args, output: output * mod.difffit_gamma.to(output.dtype))
            trainable.append(gamma)
        else:
            raise SystemExit("diffusers_bench.py: memcontrol.json trains '%s', which is neither a UNet parameter nor an SV-DIFF δ or DiffFit γ" % key)
    return trainable


def measure(args, ours, name):
    """One measurement, in this (child) process: its figures as a dict."""
    sizes = ours["sizes"]
    device = ours["environment"]["device"]
    memory = PeakMemory(device)
    import torch
    import diffusers
    import transformers
    from diffusers import AutoencoderKL, DDIMScheduler, DDPMScheduler, StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextModel, CLIPTokenizer

    half = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}[ours["precision"]]
    autocast = torch.autocast("cuda" if device.startswith("cuda") else "cpu", dtype=half, enabled=half != torch.float32)
    batch, side, warmup, steps = sizes["batch"], sizes["resolution"], sizes["warmup"], sizes["steps"]
    torch.manual_seed(0)
    start = time.perf_counter()
    figures = {}
    if name in ("frozen_forward_cfg", "generation"):
        pipe = StableDiffusionPipeline.from_pretrained(args.model, torch_dtype=half, safety_checker=None, requires_safety_checker=False).to(device)
        pipe.set_progress_bar_config(disable=True)
        load = time.perf_counter() - start
        if name == "generation":
            pipe.scheduler = DDIMScheduler.from_config(pipe.scheduler.config)
            images = sizes["generation_images"]

            def run():
                with torch.no_grad():
                    output = pipe([PROMPT] * images, num_inference_steps=sizes["generation_steps"], guidance_scale=sizes["guidance"],
                                  height=side, width=side, output_type="pt").images
                    output.float().cpu()

            figures = timed(torch, device, 1, sizes["generation_runs"], run)
            figures.update(images=images, side=side, sampler="DDIMScheduler", sampler_steps=sizes["generation_steps"], guidance=sizes["guidance"])
        else:
            unet = pipe.unet
            doubled = 2 * batch
            latent = side // pipe.vae_scale_factor
            with torch.no_grad():
                ids = pipe.tokenizer([PROMPT] * doubled, padding="max_length", max_length=pipe.tokenizer.model_max_length,
                                     truncation=True, return_tensors="pt").input_ids.to(device)
                states = pipe.text_encoder(ids)[0]
            latents = torch.randn(doubled, unet.config.in_channels, latent, latent, device=device, dtype=half)
            timesteps = torch.randint(0, 1000, (doubled,), device=device)

            def run():
                with torch.no_grad():
                    unet(latents, timesteps, encoder_hidden_states=states)

            figures = timed(torch, device, warmup, steps, run)
            figures.update(batch=doubled, latent_side=latent)
    else:
        tensors = ours["measurements"].get(name, {}).get("trainable_tensors")
        if not tensors:
            raise SystemExit("diffusers_bench.py: memcontrol.json has no trainable_tensors for %s (did that measurement fail?)" % name)
        unet = UNet2DConditionModel.from_pretrained(args.model, subfolder="unet").to(device)
        vae = AutoencoderKL.from_pretrained(args.model, subfolder="vae").to(device, half)
        text_encoder = CLIPTextModel.from_pretrained(args.model, subfolder="text_encoder").to(device, half)
        tokenizer = CLIPTokenizer.from_pretrained(args.model, subfolder="tokenizer")
        scheduler = DDPMScheduler.from_pretrained(args.model, subfolder="scheduler")
        vae.requires_grad_(False)
        text_encoder.requires_grad_(False)
        load = time.perf_counter() - start
        if name not in ("full_step", "attention_step"):
            unet.to(half)
        set_up = time.perf_counter()
        trainable = attach(torch, unet, tensors)
        set_up = time.perf_counter() - set_up
        unet.train()
        optimizer = torch.optim.AdamW(trainable, lr=1e-5, weight_decay=1e-2)
        pixels = (torch.rand(batch, 3, side, side) * 2 - 1).to(device, half)
        ids = tokenizer([PROMPT] * batch, padding="max_length", max_length=tokenizer.model_max_length, truncation=True, return_tensors="pt").input_ids.to(device)
        losses = []

        def run():
            with torch.no_grad():
                latents = vae.encode(pixels).latent_dist.sample() * vae.config.scaling_factor
                states = text_encoder(ids)[0]
            noise = torch.randn_like(latents)
            timesteps = torch.randint(0, scheduler.config.num_train_timesteps, (batch,), device=device)
            noisy = scheduler.add_noise(latents, noise, timesteps)
            with autocast:
                prediction = unet(noisy, timesteps, encoder_hidden_states=states).sample
            loss = torch.nn.functional.mse_loss(prediction.float(), noise.float())
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            losses.append(loss.item())

        figures = timed(torch, device, warmup, steps, run)
        figures.update(trainable=sum(t.numel() for t in trainable), set_up_seconds=round(set_up, 3), losses_finite=all(math.isfinite(v) for v in losses))
    figures["load_seconds"] = round(load, 3)
    figures["peak_memory_gib"] = round(memory.stop(), 4)
    figures["memory_source"] = memory.source()
    if device.startswith("cuda"):
        figures["max_memory_allocated_gib"] = round(torch.cuda.max_memory_allocated() / 2**30, 4)
    figures["versions"] = {"torch": torch.__version__, "cuda": torch.version.cuda, "diffusers": diffusers.__version__, "transformers": transformers.__version__}
    if device.startswith("cuda"):
        figures["versions"]["gpu"] = torch.cuda.get_device_name(torch.device(device))
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ours", required=True, help="memcontrol.json written by ./bench gpu")
    parser.add_argument("--model", help="the pipeline folder ./bench gpu measured")
    parser.add_argument("--out", help="diffusers.json to write")
    parser.add_argument("--ratios", help="ratios.json to write")
    parser.add_argument("--theirs", help="with --ratios-only: a diffusers.json written before")
    parser.add_argument("--ratios-only", action="store_true")
    parser.add_argument("--measure", choices=NAMES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    with open(args.ours) as file:
        ours = json.load(file)

    if args.measure:
        json.dump(measure(args, ours, args.measure), sys.stdout)
        return 0
    if args.ratios_only:
        if not (args.theirs and args.ratios):
            parser.error("--ratios-only needs --theirs and --ratios")
        with open(args.theirs) as file:
            write_json(args.ratios, ratios(ours, json.load(file)))
        return 0
    if not (args.model and args.out and args.ratios):
        parser.error("--model, --out and --ratios are needed to measure")

    measurements, failed = {}, []
    for name in [n for n in NAMES if n in ours.get("measurements", {})]:
        print("diffusers_bench.py: %s" % name, file=sys.stderr, flush=True)
        child = subprocess.run([sys.executable, os.path.abspath(__file__), "--ours", args.ours, "--model", args.model, "--measure", name],
                               stdout=subprocess.PIPE, text=True)
        try:
            measurements[name] = json.loads(child.stdout) if child.returncode == 0 else {"error": "exit code %d" % child.returncode}
        except json.JSONDecodeError:
            measurements[name] = {"error": "no JSON from the child process"}
        if "error" in measurements[name]:
            failed.append(name)
    theirs = {"benchmark": "diffusers", "model": os.path.abspath(args.model), "precision": ours.get("precision"),
              "sizes": ours.get("sizes"), "device": ours.get("environment", {}).get("device"), "measurements": measurements}
    write_json(args.out, theirs)
    write_json(args.ratios, ratios(ours, theirs))
    if failed:
        print("diffusers_bench.py: failed: %s" % ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
