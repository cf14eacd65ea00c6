// The warehouse's table contract: column names and DuckDB types, defined once. Other tools (analysis, pages,
// anyone with a Parquet reader) rely on these names; README.md documents them. Formats may add tables of their own
// (sweeps, evals, …) by registering them here.

export type ColumnType = "VARCHAR" | "DOUBLE" | "INTEGER" | "BIGINT" | "BOOLEAN";
export type TableSchema = {
  columns: Record<string, ColumnType>;
  /** Columns that order rows deterministically; the rest of the columns follow them in the sort. */
  orderBy: string[];
  /**
   * True when no two rows share the orderBy values, so the commit sorts on those alone: every other column in the
   * sort key costs its bytes (a measurement's log excerpts are most of its row).
   */
  unique?: boolean;
  /**
   * Rows per Parquet row group, for tables of wide rows: DuckDB's writer holds a whole row group in memory (122,880
   * rows by default, about 300 MB of measurements), outside the memory limit its sorts keep to.
   */
  rowGroupRows?: number;
};

/** Bump when a column changes meaning; written into every Parquet file's key-value metadata. */
export const WAREHOUSE_SCHEMA_VERSION = 1;

export const TABLES: Record<string, TableSchema> = {
  /** One row per version measured in one file (or one runner run). */
  measurements: {
    columns: {
      measurement_id: "VARCHAR",
      run_set: "VARCHAR",
      agent: "VARCHAR",
      commit: "VARCHAR",
      commit_full: "VARCHAR",
      parent_commit: "VARCHAR",
      variant: "VARCHAR",
      source: "VARCHAR",
      batch: "VARCHAR",
      file: "VARCHAR",
      file_sha256: "VARCHAR",
      status: "VARCHAR",
      error: "VARCHAR",
      model: "VARCHAR",
      benchmark_mode: "VARCHAR",
      perf_command: "VARCHAR",
      dataset_name: "VARCHAR",
      input_len: "INTEGER",
      output_len: "INTEGER",
      num_prompts: "INTEGER",
      request_rate: "DOUBLE",
      max_concurrency: "INTEGER",
      executed_model: "VARCHAR",
      declared_dataset_name: "VARCHAR",
      declared_input_len: "INTEGER",
      declared_output_len: "INTEGER",
      declared_num_prompts: "INTEGER",
      declared_request_rate: "DOUBLE",
      engine_version: "VARCHAR",
      install_method: "VARCHAR",
      /** GPUs the run asked for, as the harness writes it (`H100:1`). */
      gpu_config: "VARCHAR",
      timestamp: "VARCHAR",
      duration_s: "DOUBLE",
      subject: "VARCHAR",
      has_agent_patch: "BOOLEAN",
      repeats: "INTEGER",
      raw_log_excerpt: "VARCHAR",
      server_log_excerpt: "VARCHAR",
      /** JSON object of the file's other descriptive fields (fix_applied, note, skip_reason, original_model, …). */
      extra: "VARCHAR"
    },
    orderBy: ["run_set", "commit", "source", "file", "variant", "measurement_id"],
    // measurementId hashes (run set, file, variant, n-th of that variant), and the writer takes each file once.
    unique: true,
    // Rows of 2 to 3 KB, most of it log excerpts: about 40 MB a row group.
    rowGroupRows: 16384
  },
  /** One row per measured value. `n`/`std` are set when the value is a mean over repeats. */
  metrics: {
    columns: {
      measurement_id: "VARCHAR",
      metric: "VARCHAR",
      value: "DOUBLE",
      unit: "VARCHAR",
      better: "VARCHAR",
      origin: "VARCHAR",
      n: "INTEGER",
      std: "DOUBLE"
    },
    orderBy: ["measurement_id", "metric", "origin"],
    // FileRows keeps one value per measurement and metric (a second is compared, noted and dropped), and a runner's
    // measurement has one mean per metric.
    unique: true
  },
  /** Values that were present but are not measurements (non-finite, ≤ 0): kept out of `metrics`, never dropped. */
  data_quality: {
    columns: {
      run_set: "VARCHAR",
      measurement_id: "VARCHAR",
      file: "VARCHAR",
      field: "VARCHAR",
      metric: "VARCHAR",
      value_text: "VARCHAR",
      reason: "VARCHAR"
    },
    orderBy: ["run_set", "file", "measurement_id", "field"]
  },
  /** Files that look like results but failed validation. */
  quarantine: {
    columns: {run_set: "VARCHAR", file: "VARCHAR", file_sha256: "VARCHAR", format: "VARCHAR", reason: "VARCHAR", detail: "VARCHAR"},
    orderBy: ["run_set", "file"]
  },
  /** Engine tracker (runners/sweeps/): one row per configuration run × workload (pp512, tg128, ttft@pp2048 …). */
  sweeps: {
    columns: {
      sweep_id: "VARCHAR",
      run_id: "VARCHAR",
      run_set: "VARCHAR",
      file: "VARCHAR",
      file_sha256: "VARCHAR",
      format: "VARCHAR",
      tracker: "VARCHAR",
      engine: "VARCHAR",
      config: "VARCHAR",
      role: "VARCHAR",
      is_reference: "BOOLEAN",
      test: "VARCHAR",
      kind: "VARCHAR",
      metric: "VARCHAR",
      n_prompt: "INTEGER",
      n_gen: "INTEGER",
      n_depth: "INTEGER",
      concurrency: "INTEGER",
      mean: "DOUBLE",
      std: "DOUBLE",
      n: "INTEGER",
      cv_pct: "DOUBLE",
      unit: "VARCHAR",
      better: "VARCHAR",
      samples: "VARCHAR",
      approx: "BOOLEAN",
      bytes_per_token: "DOUBLE",
      roofline_tok_s: "DOUBLE",
      roofline_pct: "DOUBLE",
      date: "VARCHAR",
      source_section: "VARCHAR",
      note: "VARCHAR"
    },
    orderBy: ["tracker", "run_id", "kind", "n_depth", "n_prompt", "n_gen", "test"]
  },
  /** Engine tracker: one configuration record per run (engine, model, backends requested vs used, environment). */
  sweep_configs: {
    columns: {
      run_id: "VARCHAR",
      run_set: "VARCHAR",
      file: "VARCHAR",
      file_sha256: "VARCHAR",
      format: "VARCHAR",
      tracker: "VARCHAR",
      engine: "VARCHAR",
      engine_version: "VARCHAR",
      engine_commit: "VARCHAR",
      config: "VARCHAR",
      role: "VARCHAR",
      is_reference: "BOOLEAN",
      status: "VARCHAR",
      status_note: "VARCHAR",
      date: "VARCHAR",
      tool: "VARCHAR",
      model: "VARCHAR",
      model_size_bytes: "BIGINT",
      model_params: "BIGINT",
      quantization: "VARCHAR",
      dtype: "VARCHAR",
      attention_requested: "VARCHAR",
      attention_used: "VARCHAR",
      moe_kernel_requested: "VARCHAR",
      moe_kernel_used: "VARCHAR",
      fp4_native: "BOOLEAN",
      enforce_eager: "BOOLEAN",
      cuda_graphs: "BOOLEAN",
      compile: "BOOLEAN",
      kv_cache: "VARCHAR",
      max_num_seqs: "INTEGER",
      max_num_batched_tokens: "INTEGER",
      max_model_len: "INTEGER",
      tensor_parallel_size: "INTEGER",
      prefix_caching: "BOOLEAN",
      batch_size: "INTEGER",
      gpu: "VARCHAR",
      gpu_count: "INTEGER",
      driver: "VARCHAR",
      cuda: "VARCHAR",
      hostname: "VARCHAR",
      mismatch: "BOOLEAN",
      flags: "VARCHAR",
      settings_json: "VARCHAR",
      source_section: "VARCHAR"
    },
    orderBy: ["tracker", "run_id"]
  },
  /** Evaluation accuracy (runners/eval/): one row per model × preset run, with its preset and system figures. */
  eval_runs: {
    columns: {
      run_id: "VARCHAR",
      run_set: "VARCHAR",
      file: "VARCHAR",
      file_sha256: "VARCHAR",
      format: "VARCHAR",
      source: "VARCHAR",
      model: "VARCHAR",
      model_id: "VARCHAR",
      run_label: "VARCHAR",
      preset: "VARCHAR",
      date: "VARCHAR",
      engine: "VARCHAR",
      gpu: "VARCHAR",
      quantization: "VARCHAR",
      kernel_selected: "VARCHAR",
      kernel_fast_available: "VARCHAR",
      kernel_evidence: "VARCHAR",
      gpu_memory_utilization: "DOUBLE",
      max_num_seqs: "INTEGER",
      batch_size: "INTEGER",
      prefix_caching: "BOOLEAN",
      max_model_len: "INTEGER",
      memory_used_gb: "DOUBLE",
      throughput_tok_s: "DOUBLE",
      input_throughput_tok_s: "DOUBLE",
      gpu_util_pct: "DOUBLE",
      note: "VARCHAR"
    },
    orderBy: ["model", "preset", "run_id"]
  },
  /** One row per run × dataset × metric: score (proportion), n, Wilson 95% interval, extraction rate, few-shot. */
  evals: {
    columns: {
      eval_id: "VARCHAR",
      run_id: "VARCHAR",
      run_set: "VARCHAR",
      file: "VARCHAR",
      dataset: "VARCHAR",
      task: "VARCHAR",
      metric: "VARCHAR",
      primary_metric: "BOOLEAN",
      score: "DOUBLE",
      n: "INTEGER",
      n_expected: "INTEGER",
      correct: "DOUBLE",
      ci_low: "DOUBLE",
      ci_high: "DOUBLE",
      stderr: "DOUBLE",
      extraction_rate: "DOUBLE",
      responses_present: "BOOLEAN",
      few_shot: "INTEGER",
      n_choices: "INTEGER",
      note: "VARCHAR"
    },
    orderBy: ["run_id", "dataset", "metric", "eval_id"]
  },
  /** One row per scored sample: response, extracted answer, reference, correct, and why it was scored so. */
  eval_samples: {
    columns: {
      eval_id: "VARCHAR",
      run_set: "VARCHAR",
      file: "VARCHAR",
      sample_id: "VARCHAR",
      dataset: "VARCHAR",
      prompt: "VARCHAR",
      response: "VARCHAR",
      extracted: "VARCHAR",
      reference: "VARCHAR",
      correct: "BOOLEAN",
      status: "VARCHAR",
      why: "VARCHAR",
      duration_ms: "DOUBLE"
    },
    orderBy: ["eval_id", "sample_id"],
    // Prompts and responses of several KB each.
    rowGroupRows: 4096
  },
  /** Runner (runners/run/): one row per run = (task, version, repeat) with its outcome and exactly what ran. */
  runner_runs: {
    columns: {
      run_set: "VARCHAR",
      measurement_id: "VARCHAR",
      file: "VARCHAR",
      run_id: "VARCHAR",
      batch: "VARCHAR",
      task_id: "VARCHAR",
      commit: "VARCHAR",
      variant: "VARCHAR",
      engine: "VARCHAR",
      repeat: "INTEGER",
      status: "VARCHAR",
      error: "VARCHAR",
      log_tail: "VARCHAR",
      server_log_tail: "VARCHAR",
      started_at: "VARCHAR",
      duration_s: "DOUBLE",
      command: "VARCHAR",
      server_command: "VARCHAR",
      steps: "VARCHAR",
      metrics: "VARCHAR",
      executed: "VARCHAR",
      warnings: "VARCHAR"
    },
    orderBy: ["run_set", "measurement_id", "repeat", "run_id"]
  },
  /** Runner: the environment of each run as key/value rows (gpu_name, driver_version, engine_version, env.VLLM_* …). */
  environment: {
    columns: {run_set: "VARCHAR", measurement_id: "VARCHAR", file: "VARCHAR", run_id: "VARCHAR", key: "VARCHAR", value: "VARCHAR"},
    orderBy: ["run_set", "measurement_id", "run_id", "key"]
  },
  /** Every file ingest looked at: what it was, its hash (so it is not read twice), what came of it. */
  files: {
    columns: {
      run_set: "VARCHAR",
      root: "VARCHAR",
      file: "VARCHAR",
      file_sha256: "VARCHAR",
      bytes: "BIGINT",
      format: "VARCHAR",
      outcome: "VARCHAR",
      rows: "INTEGER"
    },
    orderBy: ["run_set", "file"]
  }
};
