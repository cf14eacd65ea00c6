// lm-evaluation-harness 0.4 output shapes, authored for the tests with the harness's own keys:
// - results: lm_eval/evaluator.py `results_dict` ("results", "group_subtasks", "configs", "versions", "n-shot",
//   "higher_is_better", "n-samples" {original, effective}), simple_evaluate's "config" (model, model_args,
//   batch_size, …, limit), "git_hash", "date"; EvaluationTracker adds "task_hashes" and GeneralConfigTracker's
//   fields (model_source, model_name, …, total_evaluation_time_seconds). Metric keys "<metric>,<filter>" and
//   "<metric>_stderr,<filter>", plus "alias" and "samples" (lm_eval/evaluator_utils.py consolidate_results).
// - samples: the `example` dict of evaluate() (doc_id, doc, target, arguments, resps, filtered_resps, doc_hash,
//   prompt_hash, target_hash, + metric values), as EvaluationTracker.save_results_samples writes it: arguments as
//   {gen_args_i: {arg_j}}, resps/filtered_resps through sanitize_list (every leaf a string), target as str().
// Numbers are made up; the shapes are the harness's.

/** Top-level keys the harness writes into results_<date>.json (evaluator.py + evaluation_tracker.py). */
export const HARNESS_RESULT_KEYS = [
  "results", "group_subtasks", "configs", "versions", "n-shot", "higher_is_better", "n-samples",
  "config", "git_hash", "date", "task_hashes",
  "model_source", "model_name", "model_name_sanitized", "system_instruction", "system_instruction_sha",
  "fewshot_as_multiturn", "chat_template", "chat_template_sha", "start_time", "end_time", "total_evaluation_time_seconds"
];

export const RESULTS = {
  results: {
    gsm8k: {
      alias: "gsm8k",
      "exact_match,strict-match": 0.74,
      "exact_match_stderr,strict-match": 0.04408440022768078,
      "exact_match,flexible-extract": 0.79,
      "exact_match_stderr,flexible-extract": 0.040936018074033256,
      samples: 100
    },
    arc_challenge: {alias: "arc_challenge", "acc,none": 0.2, "acc_stderr,none": 0.04020151261036846, "acc_norm,none": 0.23, "acc_norm_stderr,none": 0.04229525846816506, samples: 100},
    hellaswag: {alias: "hellaswag", "acc,none": 0.56, "acc_stderr,none": 0.049888765156985884, "acc_norm,none": 0.71, "acc_norm_stderr,none": "N/A", samples: 100}
  },
  group_subtasks: {hellaswag: [], arc_challenge: [], gsm8k: []},
  configs: {
    arc_challenge: {
      task: "arc_challenge", tag: ["ai2_arc"], dataset_path: "allenai/ai2_arc", dataset_name: "ARC-Challenge", test_split: "test",
      doc_to_text: "Question: {{question}}\nAnswer:", doc_to_target: "{{choices.label.index(answerKey)}}", doc_to_choice: "{{choices.text}}",
      description: "", target_delimiter: " ", fewshot_delimiter: "\n\n", num_fewshot: 0, metric_list: [{metric: "acc", aggregation: "mean", higher_is_better: true}],
      output_type: "multiple_choice", repeats: 1, should_decontaminate: true, metadata: {version: 1.0}
    },
    gsm8k: {
      task: "gsm8k", tag: ["math_word_problems"], dataset_path: "gsm8k", dataset_name: "main", test_split: "test",
      doc_to_text: "Question: {{question}}\nAnswer:", doc_to_target: "{{answer}}", num_fewshot: 5, output_type: "generate_until",
      generation_kwargs: {until: ["Question:", "</s>", "<|im_end|>"], do_sample: false, temperature: 0.0},
      filter_list: [{name: "strict-match", filter: [{function: "regex", regex_pattern: "#### (\\-?[0-9\\.\\,]+)"}, {function: "take_first"}]}],
      metadata: {version: 3.0}
    },
    hellaswag: {task: "hellaswag", dataset_path: "hellaswag", validation_split: "validation", doc_to_choice: "choices", num_fewshot: 0, output_type: "multiple_choice", metadata: {version: 1.0}}
  },
  versions: {arc_challenge: 1.0, gsm8k: 3.0, hellaswag: 1.0},
  "n-shot": {arc_challenge: 0, gsm8k: 5, hellaswag: 0},
  higher_is_better: {arc_challenge: {acc: true, acc_norm: true}, gsm8k: {exact_match: true}, hellaswag: {acc: true, acc_norm: true}},
  "n-samples": {hellaswag: {original: 10042, effective: 100}, arc_challenge: {original: 1172, effective: 100}, gsm8k: {original: 1319, effective: 100}},
  config: {
    model: "vllm",
    model_args: "pretrained=Qwen/Qwen2.5-14B-Instruct-AWQ,quantization=awq,gpu_memory_utilization=0.8,max_model_len=24576,max_num_seqs=64,enable_prefix_caching=True",
    batch_size: "auto", batch_sizes: [], device: null, use_cache: null, limit: 100.0, bootstrap_iters: 100000, gen_kwargs: null,
    random_seed: 0, numpy_seed: 1234, torch_seed: 1234, fewshot_seed: 1234
  },
  git_hash: "8c4e0b2", date: 1726560000.0, task_hashes: {},
  model_source: "vllm", model_name: "Qwen/Qwen2.5-14B-Instruct-AWQ", model_name_sanitized: "Qwen__Qwen2.5-14B-Instruct-AWQ",
  system_instruction: null, system_instruction_sha: null, fewshot_as_multiturn: false, chat_template: null, chat_template_sha: null,
  start_time: 1234.5, end_time: 2110.25, total_evaluation_time_seconds: "875.75"
};

const Q = "Janet’s ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers' market?";
const A = "Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 duck eggs a day.\nShe makes 9 * 2 = $<<9*2=18>>18 every day at the farmer’s market.\n#### 18";
const hashes = {doc_hash: "5b9d3e", prompt_hash: "0c7a11", target_hash: "ff0b2e"};
const gen = (prompt: string) => ({gen_args_0: {arg_0: prompt, arg_1: {until: ["Question:", "</s>", "<|im_end|>"], do_sample: "False", temperature: "0.0"}}});

/** samples_gsm8k_<date>.jsonl: one line per document and filter (0.4.4+ writes `filter` and `metrics`). */
export const GSM8K_SAMPLES = [
  {doc_id: 0, doc: {question: Q, answer: A}, target: A, arguments: gen(`Question: ${Q}\nAnswer:`),
    resps: [["She has 16 - 3 - 4 = 9 eggs left, so she makes 9 * $2 = $18. The answer is 18."]], filtered_resps: ["[invalid]"],
    filter: "strict-match", metrics: ["exact_match"], ...hashes, exact_match: 0.0},
  {doc_id: 0, doc: {question: Q, answer: A}, target: A, arguments: gen(`Question: ${Q}\nAnswer:`),
    resps: [["She has 16 - 3 - 4 = 9 eggs left, so she makes 9 * $2 = $18. The answer is 18."]], filtered_resps: ["18"],
    filter: "flexible-extract", metrics: ["exact_match"], ...hashes, exact_match: 1.0},
  {doc_id: 1, doc: {question: "A robe takes 2 bolts of blue fiber and half that much white fiber. How many bolts in total does it take?", answer: "It takes 2/2=<<2/2=1>>1 bolt of white fiber\nSo the total amount of fabric is 2+1=<<2+1=3>>3 bolts of fabric\n#### 3"},
    target: "It takes 2/2=<<2/2=1>>1 bolt of white fiber\nSo the total amount of fabric is 2+1=<<2+1=3>>3 bolts of fabric\n#### 3",
    arguments: gen("Question: A robe takes 2 bolts…\nAnswer:"), resps: [["2 + 1 = 3 bolts.\n#### 3"]], filtered_resps: ["3"],
    filter: "strict-match", metrics: ["exact_match"], ...hashes, exact_match: 1.0}
];

const ARC_CHOICES = ["Planetary density will decrease.", "Planetary years will become longer.", "Planetary days will become shorter.", "Planetary gravity will become stronger."];
/** samples_arc_challenge_<date>.jsonl: loglikelihood per option, stringified by sanitize_list. */
export const ARC_SAMPLES = [
  {
    doc_id: 0,
    doc: {id: "Mercury_7175875", question: "An astronomer observes that a planet rotates faster after a meteorite impact. Which is the most likely effect of this increase in rotation?", choices: {text: ARC_CHOICES, label: ["A", "B", "C", "D"]}, answerKey: "C"},
    target: "2",
    arguments: Object.fromEntries(ARC_CHOICES.map((c, i) => [`gen_args_${i}`, {arg_0: "Question: An astronomer observes…\nAnswer:", arg_1: ` ${c}`}])),
    resps: [[["-14.5", "False"]], [["-12.25", "False"]], [["-9.75", "False"]], [["-11.0", "False"]]],
    filtered_resps: [["-14.5", "False"], ["-12.25", "False"], ["-9.75", "False"], ["-11.0", "False"]],
    filter: "none", metrics: ["acc", "acc_norm"], ...hashes, acc: 1.0, acc_norm: 1.0
  },
  {
    doc_id: 1,
    doc: {id: "Mercury_SC_409171", question: "A group of engineers wanted to know how different building designs would respond during an earthquake. They made several models of buildings and tested each for its ability to withstand earthquake conditions. Which will most likely result from testing different building designs?", choices: {text: ["buildings will be built faster", "buildings will be made safer", "building designs will look nicer", "building materials will be cheaper"], label: ["A", "B", "C", "D"]}, answerKey: "B"},
    target: "1",
    arguments: {gen_args_0: {arg_0: "Question: A group of engineers…\nAnswer:", arg_1: " buildings will be built faster"}},
    resps: [[["-8.5", "False"]], [["-9.0", "False"]], [["-12.0", "False"]], [["-10.5", "False"]]],
    filtered_resps: [["-8.5", "False"], ["-9.0", "False"], ["-12.0", "False"], ["-10.5", "False"]],
    filter: "none", metrics: ["acc", "acc_norm"], ...hashes, acc: 0.0, acc_norm: 0.0
  }
];

export const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
