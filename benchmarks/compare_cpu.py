#!/usr/bin/env python3
"""Ours against diffusers on this CPU, side by side: `./bench compare [options]` (issue 15 part 3; never in CI).

Runs `./bench unet` and the diffusers reference's `unet_step.py` alternately (the order flips every round, so neither
side always runs first), takes each side's median over the rounds and writes the ratios ours / diffusers to
benchmarks/results/cpu-<date>.json. With --parts it also runs `./bench unet-parts` and benchmarks/diffusers/unet_parts.py
(thread CPU time, one thread: readable on a loaded machine). The machine is shared, so read ratios, not milliseconds.

The diffusers side is set up by the tools folder's setup.sh (its README: diffusers 0.31 on Debian's PyTorch, no pip);
this script only uses it: --diffusers DIR (default ../shared/tools/diffusers-cpu beside the repository, if present)
and --env FILE (default ~/.cache/diffusers-cpu/env.sh, the file setup.sh writes).
"""
import argparse
import datetime
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fail(message):
    print(f"bench compare: {message}", file=sys.stderr)
    sys.exit(2)


def options():
    p = argparse.ArgumentParser(prog="./bench compare", description=__doc__.split("\n\n")[0])
    default_tools = os.path.normpath(os.path.join(ROOT, "..", "shared", "tools", "diffusers-cpu"))
    p.add_argument("--diffusers", default=default_tools if os.path.isdir(default_tools) else None,
                   help="folder holding unet_step.py (default: ../shared/tools/diffusers-cpu when present)")
    p.add_argument("--env", default=os.path.expanduser("~/.cache/diffusers-cpu/env.sh"), help="the env.sh that setup.sh wrote")
    p.add_argument("--config", default="builtin",
                   help="builtin (models/builtin-small/unet), mid (the tools folder's mid-unet-config.json) or a config.json path")
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--size", type=int, default=None, help="sample height/width (default: 16 for builtin, 32 for mid)")
    p.add_argument("--steps", type=int, default=None,
                   help="timed steps per run, after one warm-up (default: 20 for builtin, whose single steps jump by 2x on a"
                        " shared vCPU so that a median of 5 moved by 30 %%; 3 for mid; 5 otherwise)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--parts", action="store_true", help="also compare the step split by part (thread CPU time, 1 thread)")
    p.add_argument("--out", default=None, help="default benchmarks/results/cpu-<UTC date>.json")
    return p.parse_args()


def diffusers_environment(args):
    if args.diffusers is None:
        fail("no diffusers reference: ../shared/tools/diffusers-cpu is absent; give --diffusers DIR (the folder with unet_step.py)")
    step_script = os.path.join(args.diffusers, "unet_step.py")
    if not os.path.isfile(step_script):
        fail(f"--diffusers {args.diffusers}: no unet_step.py there")
    if not os.path.isfile(args.env):
        fail(f"--env {args.env}: not found; set the reference up first: {os.path.join(args.diffusers, 'setup.sh')} DIFFUSERS_GIT_DIR HFHUB_GIT_DIR (see its README)")
    dump = subprocess.run(["bash", "-c", f". {shlex.quote(args.env)} && env -0"], capture_output=True, check=True).stdout
    env = dict(line.split("=", 1) for line in dump.decode().split("\0") if "=" in line)
    python = env.get("PY", "python3")
    probe = subprocess.run([python, "-c", "import torch, diffusers; print(torch.__version__, diffusers.__version__)"],
                           env=env, capture_output=True, text=True)
    if probe.returncode != 0:
        fail(f"--env {args.env}: diffusers does not import ({probe.stderr.strip().splitlines()[-1] if probe.stderr.strip() else 'no message'}); rerun setup.sh")
    torch_version, diffusers_version = probe.stdout.split()
    return env, python, step_script, torch_version, diffusers_version


def run_json(command, env=None):
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        fail(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout[done.stdout.index("{"):])


def ours(tool, args, config, size, steps):
    bench = os.environ.get("MEMCONTROL_BENCH_DLL")
    prefix = ["dotnet", bench] if bench else [os.path.join(ROOT, "bench")]
    return run_json(prefix + [tool, "--config", config, "--batch", str(args.batch), "--size", str(size), "--steps", str(steps)])


def median(values):
    return round(statistics.median(values), 2)


def main():
    args = options()
    env, python, step_script, torch_version, diffusers_version = diffusers_environment(args)
    if args.config == "builtin":
        config, size, steps = os.path.join(ROOT, "models", "builtin-small", "unet", "config.json"), args.size or 16, 20
    elif args.config == "mid":
        config, size, steps = os.path.join(args.diffusers, "mid-unet-config.json"), args.size or 32, 3
    else:
        config, size, steps = os.path.abspath(args.config), args.size or 16, 5
    args.steps = args.steps or steps
    if not os.path.isfile(config):
        fail(f"--config {args.config}: {config} does not exist")

    parts_script = os.path.join(ROOT, "benchmarks", "diffusers", "unet_parts.py")
    one_thread = dict(env, OMP_NUM_THREADS="1")
    measures = ("full_training_step_ms", "frozen_forward_ms")
    rounds = []
    for r in range(args.rounds):
        sides = ["ours", "diffusers"] if r % 2 == 0 else ["diffusers", "ours"]
        record = {"order": sides}
        for side in sides:
            print(f"round {r + 1}/{args.rounds}: {side}", file=sys.stderr)
            if side == "ours":
                record["ours"] = ours("unet", args, config, size, args.steps)
            else:
                record["diffusers"] = run_json([python, step_script, config, str(args.batch), str(size), str(args.steps)], env)
        if args.parts:
            for side in sides:
                record[f"{side}_parts"] = (ours("unet-parts", args, config, size, args.steps) if side == "ours"
                                           else run_json([python, parts_script, config, str(args.batch), str(size), str(args.steps)], one_thread))
        rounds.append(record)

    result = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor()),
        "cores": os.cpu_count(),
        "load_average_after": os.getloadavg(),
        "onednn_max_cpu_isa": os.environ.get("ONEDNN_MAX_CPU_ISA"),
        "config": os.path.relpath(config, ROOT) if config.startswith(ROOT) else config,
        "batch": args.batch, "size": size, "steps": args.steps, "rounds": args.rounds,
        "diffusers": {"version": diffusers_version, "torch": torch_version, "script": step_script},
        "wall_clock_2_threads": {},
        "raw": rounds,
    }
    for m in measures:
        o = median([x["ours"][m]["median"] for x in rounds])
        d = median([x["diffusers"][m]["median"] for x in rounds])
        result["wall_clock_2_threads"][m] = {"ours": o, "diffusers": d, "ratio": round(o / d, 3)}
    if args.parts:
        parts = {}
        for key in rounds[0]["ours_parts"]["training_step_ms"]:
            o = median([x["ours_parts"]["training_step_ms"][key] for x in rounds])
            d = median([x["diffusers_parts"]["training_step_ms"][key] for x in rounds])
            parts[key] = {"ours": o, "diffusers": d, "ratio": round(o / d, 3)}
        for key in rounds[0]["ours_parts"]["forward_ms"]:
            o = median([x["ours_parts"]["forward_ms"][key] for x in rounds])
            d = median([x["diffusers_parts"]["forward_ms"][key] for x in rounds])
            parts[key] = {"ours": o, "diffusers": d, "ratio": round(o / d, 3)}
        step_o = sum(parts[k]["ours"] for k in ("zero_grad", "forward + loss", "backward", "AdamW step"))
        step_d = sum(parts[k]["diffusers"] for k in ("zero_grad", "forward + loss", "backward", "AdamW step"))
        parts["training step (sum of the four parts)"] = {"ours": round(step_o, 2), "diffusers": round(step_d, 2), "ratio": round(step_o / step_d, 3)}
        result["thread_cpu_1_thread"] = parts

    out = args.out or os.path.join(ROOT, "benchmarks", "results", f"cpu-{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d}.json")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    temporary = out + ".tmp"
    with open(temporary, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    os.replace(temporary, out)
    summary = {k: v for k, v in result.items() if k in ("wall_clock_2_threads", "thread_cpu_1_thread")}
    print(json.dumps(summary, indent=2))
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
