import {describe, expect, it} from "vitest";
import {withContainerEnv} from "../../runners/run/container.ts";

describe("withContainerEnv(prefix, names)", () => {
  it("passes the runner's variables into a docker or podman run by name", () => {
    expect(withContainerEnv(["docker", "run", "--rm", "--gpus", "all", "vllm/vllm-openai:v0.6.3", "python3"], ["VLLM_USE_V1", "CUDA_VISIBLE_DEVICES"])).toEqual([
      "docker", "run", "-e", "VLLM_USE_V1", "-e", "CUDA_VISIBLE_DEVICES", "--rm", "--gpus", "all", "vllm/vllm-openai:v0.6.3", "python3"
    ]);
    expect(withContainerEnv(["/usr/bin/podman", "run", "img", "python3"], ["A"])).toEqual(["/usr/bin/podman", "run", "-e", "A", "img", "python3"]);
  });

  it("leaves any other prefix as it is", () => {
    expect(withContainerEnv(["/envs/base/bin/python"], ["VLLM_USE_V1"])).toEqual(["/envs/base/bin/python"]);
    expect(withContainerEnv(["docker", "exec", "box", "python3"], ["A"])).toEqual(["docker", "exec", "box", "python3"]);
    expect(withContainerEnv(["docker", "run", "img"], [])).toEqual(["docker", "run", "img"]);
  });
});
