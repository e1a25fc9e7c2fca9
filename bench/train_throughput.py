#!/usr/bin/python3
"""Compare reslab's training-step throughput with the PyTorch reference trainer.

Runs build/bench/train_throughput_bench (C++) and pytorch_ref.py (Python, Debian's
/usr/bin/python3 with python3-torch) as separate processes, alternating between the two and
switching which goes first on every repetition, so both sides see the same machine state.
Both get OMP_NUM_THREADS=1 and OPENBLAS_NUM_THREADS=2 in their environment (and the matching
--threads/--blas-threads flags). Before and after the training runs it measures the torch.mm
peak with matmul_peak.py at the same BLAS thread count.

  /usr/bin/python3 bench/train_throughput.py --reference-dir ../shared/bench \
      --bench build-bench/bench/train_throughput_bench --reps 2 --out bench-results.jsonl

Every run appends one JSON line to --out (with the command, the max RSS of the child from
wait4 and the load average). At the end a Markdown table is printed with, per config and
variant, the median over repetitions of each side's tokens/s.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time

# name: (d, layers, heads, vocab, block, batch, timed steps)
CONFIGS = {
    "tiny": (64, 2, 2, 512, 64, 16, 50),
    "small": (128, 4, 4, 2048, 128, 16, 20),
    "medium": (256, 6, 8, 4096, 128, 8, 10),
}
VARIANTS = ("standard", "review", "highway")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", default="build/bench/train_throughput_bench",
                        help="path of the C++ benchmark binary")
    parser.add_argument("--reference-dir", required=True,
                        help="folder with pytorch_ref.py and matmul_peak.py")
    parser.add_argument("--python", default="/usr/bin/python3",
                        help="interpreter with torch for the reference")
    parser.add_argument("--reps", type=int, default=2, help="repetitions of every run")
    parser.add_argument("--configs", nargs="+", default=list(CONFIGS), choices=list(CONFIGS))
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS))
    parser.add_argument("--threads", type=int, default=1, help="OpenMP (ATen) threads")
    parser.add_argument("--blas-threads", type=int, default=2, help="OpenBLAS threads")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds after which one run is killed")
    parser.add_argument("--out", default="train_throughput.jsonl", help="JSON-lines output file")
    return parser.parse_args()


def run_measured(command, env, timeout):
    """Run `command` and return its last stdout line as JSON, plus its max RSS (KiB, wait4)."""
    start = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    killer = threading.Timer(timeout, process.kill)
    killer.start()
    try:
        stdout = process.stdout.read()
        # Reaping the child with wait4 (not Popen.wait) returns its own resource usage.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        killer.cancel()
        process.stdout.close()
    if process.returncode != 0:
        raise RuntimeError(f"exit code {process.returncode} (killed after {timeout} s if "
                           f"negative): {' '.join(command)}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["child_max_rss_kib"] = usage.ru_maxrss
    result["wall_s"] = time.monotonic() - start
    return result


def thread_env(threads, blas_threads):
    env = dict(os.environ)
    env["OMP_NUM_THREADS"] = str(threads)
    env["OPENBLAS_NUM_THREADS"] = str(blas_threads)
    return env


def matmul_peak(args, env):
    command = [args.python, os.path.join(args.reference_dir, "matmul_peak.py"), "--lib", "torch",
               "--n", "1024", "--threads", str(args.blas_threads)]
    result = run_measured(command, env, args.timeout)
    result["cmd"] = " ".join(command)
    result["kind"] = "matmul"
    return result


def train_commands(args, config, variant):
    d, layers, heads, vocab, block, batch, steps = CONFIGS[config]
    shape = ["--variant", variant, "--d", str(d), "--layers", str(layers), "--heads", str(heads), "--vocab", str(vocab),
             "--block", str(block), "--batch", str(batch), "--steps", str(steps),
             "--threads", str(args.threads), "--blas-threads", str(args.blas_threads)]
    return {
        "reslab": [os.path.abspath(args.bench)] + shape,
        "pytorch": [args.python, os.path.join(args.reference_dir, "pytorch_ref.py"), "--quiet"]
        + shape,
    }


def peak_gflops(records):
    values = []
    for record in records:
        if record.get("kind") != "matmul":
            continue
        for key in ("gflops_median", "gflops", "gflops_per_s"):
            if key in record:
                values.append(record[key])
                break
    return statistics.median(values) if values else float("nan")


def print_table(records):
    peak = peak_gflops(records)
    print(f"\nmatmul peak (torch.mm 1024, median of runs): {peak:.1f} GFLOP/s\n")
    print("| config | variant | reslab tok/s | PyTorch tok/s | ratio | reslab GFLOP/s | % of peak "
          "| PyTorch GFLOP/s | max RSS reslab / PyTorch (MiB) | other load |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---|---:|")
    cells = {}
    for record in records:
        if record.get("kind") != "train":
            continue
        cells.setdefault((record["config"], record["variant"], record["impl"]), []).append(record)
    for config in CONFIGS:
        for variant in VARIANTS:
            ours = cells.get((config, variant, "reslab"))
            theirs = cells.get((config, variant, "pytorch"))
            if not ours or not theirs:
                continue
            ours_tps = statistics.median(r["tokens_per_s"] for r in ours)
            theirs_tps = statistics.median(r["tokens_per_s"] for r in theirs)
            ours_gflops = statistics.median(r["gflops_per_s"] for r in ours)
            theirs_gflops = statistics.median(r["gflops_per_s"] for r in theirs)
            ours_rss = max(r["child_max_rss_kib"] for r in ours) / 1024
            theirs_rss = max(r["child_max_rss_kib"] for r in theirs) / 1024
            other = max(r["other_load_frac"] for r in ours + theirs)
            print(f"| {config} | {variant} | {ours_tps:,.0f} | {theirs_tps:,.0f} | "
                  f"{ours_tps / theirs_tps:.2f} | {ours_gflops:.1f} | {100 * ours_gflops / peak:.0f}% | "
                  f"{theirs_gflops:.1f} | {ours_rss:.0f} / {theirs_rss:.0f} | {other:.2f} |")


def main():
    args = parse_args()
    env = thread_env(args.threads, args.blas_threads)
    records = []

    def record(result):
        result["loadavg"] = os.getloadavg()[0]
        records.append(result)
        with open(args.out, "a") as out:
            out.write(json.dumps(result) + "\n")

    started = time.monotonic()
    record(matmul_peak(args, env))
    for rep in range(args.reps):
        for config in args.configs:
            for variant in args.variants:
                commands = train_commands(args, config, variant)
                order = ("reslab", "pytorch") if rep % 2 == 0 else ("pytorch", "reslab")
                for impl in order:
                    command = commands[impl]
                    result = run_measured(command, env, args.timeout)
                    result.update({"kind": "train", "impl": impl, "config": config, "rep": rep,
                                   "variant": variant, "cmd": " ".join(command)})
                    record(result)
                    print(f"[{time.monotonic() - started:6.1f}s] rep {rep} {config:6s} "
                          f"{variant:8s} {impl:7s} {result['tokens_per_s']:9.0f} tok/s "
                          f"rss {result['child_max_rss_kib'] / 1024:.0f} MiB "
                          f"other {result['other_load_frac']:.2f}", file=sys.stderr, flush=True)
    record(matmul_peak(args, env))
    print_table(records)


if __name__ == "__main__":
    main()
