#!/usr/bin/env python3
"""Runs a plan's `torch` tasks on a machine without Node.js (the GPU host) and writes what `benchbook run` would:
`<warehouse>/runs/<plan>/<task>.<version>.json` group files (format benchbook.runs/v1, runners/run/record.ts) and each
run's sweep at `<warehouse>/logs/<run-id>/result.json`. Copy the folder back and land it with `benchbook ingest`.

  python3 runners/engines/torch_plan.py examples/plans/torch-h100.json --warehouse out/ [--resume] [--dry-run]

Mirrors the Node runner where it must (run ids, order, repeats, the torch engine's options → argv rule in
runners/run/engines/torch.ts; test/run/torch-plan.test.ts checks both agree) and differs where it helps: every run of
the plan shares one process, so a model of one shape and dtype is built once (an 8B model takes seconds to fill).
Each record's benchmark argv is the standalone command that reproduces the run, and a warning says it ran in-process.
Plans are JSON (YAML too where PyYAML is installed). Exit code 1 when a run failed, 2 when the plan is unusable.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shlex
import socket
import subprocess
import sys
import time
import traceback

sys.dont_write_bytecode = True  # no __pycache__ inside the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_bench as tb  # noqa: E402

RUN_RECORD_FORMAT = "benchbook.run/v1"
RUN_GROUP_FORMAT = "benchbook.runs/v1"
VERSIONS = ("baseline", "human", "agent")
SCRIPT = "runners/engines/torch_bench.py"
# Same selection as runners/run/environment.ts: variables that change what an engine does, never secrets.
ENGINE_ENV = re.compile(r"^(VLLM_|SGLANG_|CUDA_|NCCL_|HF_|TORCH|PYTORCH_|OMP_|MKL_|LLAMA_|GGML_|TOKENIZERS_|TRANSFORMERS_)")
SECRET = re.compile(r"TOKEN|SECRET|PASSWORD|PASSWD|KEY|CREDENTIAL|AUTH", re.I)
# Catalogue vocabulary of workload metrics (runners/model/metrics.ts prefillMetric/decodeMetric).
METRIC_UNIT, METRIC_BETTER = "tok/s", "higher"
LOG_TAIL_CHARS = 4000


class PlanError(Exception):
    pass


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def load_plan(path):
    with open(path) as f:
        text = f.read()
    if path.endswith((".yaml", ".yml")):
        try:
            import yaml
        except ImportError:
            raise PlanError("%s: YAML plans need PyYAML here; write the plan as JSON" % path)
        plan = yaml.safe_load(text)
    else:
        plan = json.loads(text)
    if not isinstance(plan, dict) or not isinstance(plan.get("tasks"), list) or not plan.get("name"):
        raise PlanError("%s: expected an object with name and tasks (validate it with `benchbook run --dry-run`)" % path)
    return plan


def option_argv(options, model):
    """The torch engine's rule (runners/run/engines/torch.ts): `model` is the preset unless model_config is given;
    each option `snake_name: value` becomes `--snake-name value`; lists are comma-joined; booleans are on/off."""
    opts = {k: v for k, v in options.items() if k != "versions"}
    argv = [] if "model_config" in opts else ["--preset", model]
    for key in sorted(opts):
        value = opts[key]
        if isinstance(value, bool):
            value = "on" if value else "off"
        elif isinstance(value, list):
            value = ",".join(str(v) for v in value)
        elif isinstance(value, dict):
            value = json.dumps(value, separators=(",", ":"), sort_keys=True)
        argv += ["--" + key.replace("_", "-"), str(value)]
    return argv


def version_options(task, version):
    options = dict(task.get("options") or {})
    per_version = (options.pop("versions", None) or {}).get(version) or {}
    options.update(per_version)
    return options


def run_argv(task, version):
    """torch_bench.py's arguments for one version of a task, as runners/run/engines/torch.ts builds them."""
    return option_argv(version_options(task, version), task["model"]) + ["--variant", version] + task_args(task)


def units(plan):
    """(task, version, repeat, run_id) in the runner's order: back-to-back B×r,H×r,A×r, or interleaved."""
    defaults = plan.get("defaults") or {}
    out = []
    for task in plan["tasks"]:
        if task.get("engine") != "torch":
            continue
        task_id = task.get("id") or task["commit"][:8]
        versions = [v for v in VERSIONS if (task.get("versions") or {}).get(v)]
        repeats = int(task.get("repeats", defaults.get("repeats", 1)))
        order = task.get("order", defaults.get("order", "back-to-back"))
        pairs = ([(v, r) for r in range(1, repeats + 1) for v in versions] if order == "interleaved"
                 else [(v, r) for v in versions for r in range(1, repeats + 1)])
        for v, r in pairs:
            out.append((task, task_id, v, r, "%s.%s.%s.r%d" % (plan["name"], task_id, v, r)))
    return out


def task_args(task):
    args = task.get("args") or []
    return shlex.split(args) if isinstance(args, str) else list(args)


def capture_environment(prefix, env_vars):
    env = {"hostname": socket.gethostname(), "os": "%s %s" % (sys.platform, platform.release()),
           "prefix": json.dumps(prefix, separators=(",", ":")),
           "python_version": platform.python_version(), "torch_version": tb.torch.__version__,
           "engine_version": tb.torch.__version__}
    q = tb.nvidia_smi(["name", "memory.total", "driver_version"])
    if q:
        env.update(gpu_name=q[0], gpu_memory_mib=q[1], driver_version=q[2])
        try:
            names = subprocess.run(["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"], capture_output=True,
                                   text=True, timeout=30).stdout.split("\n")
            env["gpu_count"] = str(len([n for n in names if n.strip()]))
            banner = subprocess.run(["nvidia-smi"], capture_output=True, text=True, timeout=30).stdout
            m = re.search(r"CUDA Version:\s*([\d.]+)", banner)
            if m:
                env["cuda_version"] = m.group(1)
        except (OSError, subprocess.TimeoutExpired):
            pass
    if tb.torch.version.cuda:
        env["torch_cuda_version"] = tb.torch.version.cuda
    merged = dict(os.environ, **env_vars)
    for name in sorted(merged):
        if ENGINE_ENV.match(name) and not SECRET.search(name):
            env["env." + name] = merged[name]
    return env


class PlanRunner:
    def __init__(self, plan, warehouse, agent):
        self.plan, self.warehouse, self.agent = plan, warehouse, agent
        self.models = {}

    def group_path(self, task_id, version):
        return os.path.join(self.warehouse, "runs", self.plan["name"], "%s.%s.json" % (task_id, version))

    def read_group(self, task_id, version):
        try:
            with open(self.group_path(task_id, version)) as f:
                group = json.load(f)
        except FileNotFoundError:
            return None
        if group.get("format") != RUN_GROUP_FORMAT:
            raise PlanError("%s: not a %s file; move it away to re-run these runs"
                            % (self.group_path(task_id, version), RUN_GROUP_FORMAT))
        return group

    def model(self, name, cfg, dtype, device, seed):
        key = (json.dumps(cfg, sort_keys=True), dtype, str(device), seed)
        if key not in self.models:
            self.models.clear()  # one model at a time: an 8B model in bf16 is 16 GB
            if device.type == "cuda":
                tb.torch.cuda.empty_cache()
            self.models[key] = tb.Decoder(cfg, tb.DTYPES[dtype], device, seed)
        return self.models[key]

    def run_unit(self, task, task_id, version, repeat, run_id):
        launch = task["versions"][version]
        prefix = list(launch.get("prefix") or ["python3"])
        rel_dir = "logs/%s" % run_id
        run_dir = os.path.join(self.warehouse, rel_dir)
        os.makedirs(run_dir, exist_ok=True)
        result_rel = rel_dir + "/result.json"
        argv = run_argv(task, version)
        shown_argv = prefix + [SCRIPT] + argv + ["--out", result_rel]
        lines = []
        started, t0 = now_iso(), time.perf_counter()
        status, error, metrics, executed, ok, exit_code = "success", None, [], {}, True, 0
        result_file = None
        try:
            if launch.get("patch"):
                raise tb.OptionError("version %s has a patch: patched trees need `benchbook run` (Node)" % version)
            a = tb.build_parser().parse_args(argv)
            device = tb.pick_device(a.device)
            opts = tb.options_from(dict(attn=a.attn, kv_cache=a.kv_cache, compile=a.compile, cuda_graphs=a.cuda_graphs,
                                        dtype=a.dtype))
            tb.check_options(opts, device)
            if tb.parse_bool(a.verify):
                same, detail = tb.verify(opts, device)
                lines.append("verify: %s (%s)" % ("same tokens" if same else "MISMATCH", detail))
                if not same:
                    raise RuntimeError("greedy tokens differ from the eager reference: %s" % detail)
            tests = tb.parse_tests(a.tests.split(","))
            name, cfg = tb.resolve_model(a.preset, json.loads(a.model_config) if a.model_config else None)
            if a.threads:
                tb.torch.set_num_threads(a.threads)
            env = tb.environment(device, a.bandwidth_tb_s)
            model = self.model(name, cfg, opts["dtype"], device, a.seed)
            doc = tb.sweep(model, name, opts, tests, a.warmup, a.repeats, a.tg_prompt, a.batch, device, env,
                           tb.run_label(a, opts), a.seed, logger=lines.append)
            tb.write_json_atomic(os.path.join(self.warehouse, result_rel), doc)
            result_file = result_rel
            metrics = [dict(metric="%s_tok_s" % r["test"], value=r["mean_tok_s"], unit=METRIC_UNIT, better=METRIC_BETTER)
                       for r in doc["results"]]
            executed = {"model": doc["model"]["name"], "benchmark_mode": "sweep"}
        except SystemExit as e:  # argparse rejected an option
            status, error, ok, exit_code = "client_failed", "bad torch options %s (argparse exit %s)" % (argv, e.code), False, 2
        except tb.OptionError as e:
            status, error, ok, exit_code = "client_failed", "torch_bench: %s" % e, False, 2
        except Exception as e:  # a run's failure is its record, never the batch's end
            status, error, ok, exit_code = "client_failed", "%s: %s" % (type(e).__name__, e), False, 1
            lines.append(traceback.format_exc())
        if error:
            lines.append(error)
        stderr_rel = rel_dir + "/benchmark.stderr.log"
        with open(os.path.join(self.warehouse, stderr_rel), "w") as f:
            f.write("\n".join(lines) + "\n")
        duration = time.perf_counter() - t0
        tail = "\n".join(lines)[-LOG_TAIL_CHARS:] or None
        return {
            "format": RUN_RECORD_FORMAT, "run_id": run_id, "plan": self.plan["name"], "batch": self.plan["name"],
            "task_id": task_id, "commit": task["commit"], "parent": task.get("parent"), "subject": task.get("subject"),
            "agent": self.agent, "model": task["model"], "engine": "torch", "benchmark_mode": "sweep",
            "version": version, "repeat": repeat, "has_patch": bool(launch.get("patch")), "status": status,
            "error": error, "log_tail": tail, "server_log_tail": None, "started_at": started, "finished_at": now_iso(),
            "duration_s": round(duration, 3),
            "steps": [{"name": "benchmark", "argv": shown_argv, "exit_code": exit_code, "signal": None,
                       "timed_out": False, "duration_s": round(duration, 3), "ok": ok, "stdout": None,
                       "stderr": stderr_rel, "error": error}],
            "metrics": metrics, "executed": executed,
            "warnings": ["ran in-process by runners/engines/torch_plan.py (one model build shared by the plan's runs); "
                         "argv is the standalone command that repeats it"],
            "environment": capture_environment(prefix, launch.get("env") or {}), "result_file": result_file,
        }

    def run(self, resume, dry_run, only_task=None):
        todo = [u for u in units(self.plan) if only_task is None or u[1] == only_task]
        if not todo:
            raise PlanError("plan %s has no torch tasks" % self.plan["name"])
        skipped = [t.get("id") or t["commit"][:8] for t in self.plan["tasks"] if t.get("engine") != "torch"]
        if skipped:
            tb.log("not torch tasks, left to `benchbook run`: %s" % ", ".join(skipped))
        groups, failed = {}, 0
        for i, (task, task_id, version, repeat, run_id) in enumerate(todo, 1):
            key = (task_id, version)
            if key not in groups:
                groups[key] = (self.read_group(task_id, version) if resume else None) or {
                    "format": RUN_GROUP_FORMAT, "plan": self.plan["name"], "task_id": task_id, "version": version,
                    "runs": []}
            if any(r["run_id"] == run_id for r in groups[key]["runs"]):
                tb.log("[%d/%d] %s recorded, skipped" % (i, len(todo), run_id))
                continue
            if dry_run:
                argv = run_argv(task, version)
                print(json.dumps({"run_id": run_id, "argv": argv}))
                continue
            tb.log("[%d/%d] %s" % (i, len(todo), run_id))
            record = self.run_unit(task, task_id, version, repeat, run_id)
            failed += record["status"] != "success"
            group = groups[key]
            group["runs"] = sorted([r for r in group["runs"] if r["run_id"] != run_id] + [record],
                                   key=lambda r: r["repeat"])
            tb.write_json_atomic(self.group_path(task_id, version), group)
            tb.log("[%d/%d] %s: %s in %.1f s" % (i, len(todo), run_id, record["status"], record["duration_s"]))
        return 1 if failed else 0


def main(argv=None):
    p = argparse.ArgumentParser(description="Run a plan's torch tasks without Node; land the folder with benchbook ingest")
    p.add_argument("plan")
    p.add_argument("--warehouse", required=True, help="folder for runs/ and logs/ (copied back and ingested)")
    p.add_argument("--resume", action="store_true", help="skip runs already in the group files")
    p.add_argument("--dry-run", action="store_true", help="print each run's id and torch_bench argv; run nothing")
    p.add_argument("--agent", help="agent name recorded with the runs")
    p.add_argument("--task", help="run only the task with this id")
    a = p.parse_args(argv)
    try:
        plan = load_plan(a.plan)
        return PlanRunner(plan, a.warehouse, a.agent).run(a.resume, a.dry_run, a.task)
    except (PlanError, OSError, ValueError) as e:
        print("torch_plan: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
