import {describe, expect, it} from "vitest";
import {extractJson, scoreFunctionCall, validateJson, type FunctionDecl} from "../../runners/eval/function-call.ts";

const WEATHER: FunctionDecl = {
  name: "get_weather",
  parameters: {
    type: "object",
    properties: {city: {type: "string"}, unit: {type: "string", enum: ["celsius", "fahrenheit"]}, days: {type: "integer"}},
    required: ["city"],
    additionalProperties: false
  }
};

describe("scoreFunctionCall(response, functions)", () => {
  it("accepts a valid call in a ```json fence", () => {
    const r = scoreFunctionCall('Sure!\n```json\n{"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}\n```', [WEATHER]);
    expect(r).toEqual({extracted: "get_weather", correct: true, why: "valid call of get_weather (```json block)"});
  });

  it("accepts arguments given as a JSON string (OpenAI tool_calls style)", () => {
    const r = scoreFunctionCall('{"function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Oslo\\"}"}}', [WEATHER]);
    expect(r.correct).toBe(true);
  });

  it.each([
    ['{"name": "get_weather", "arguments": {"unit": "celsius"}}', "$.arguments.city: required, missing"],
    ['{"name": "get_weather", "arguments": {"city": "Paris", "unit": "kelvin"}}', '$.arguments.unit: expected one of ["celsius","fahrenheit"], found "kelvin"'],
    ['{"name": "get_weather", "arguments": {"city": "Paris", "days": 2.5}}', "$.arguments.days: expected integer, found number"],
    ['{"name": "get_weather", "arguments": {"city": "Paris", "country": "FR"}}', "$.arguments.country: not a declared parameter"],
    ['{"name": "get_time", "arguments": {}}', '$.name: "get_time" is not a declared function (get_weather)'],
    ["{'name': 'get_weather'}", "no parseable JSON in the response"]
  ])("rejects %s", (response, why) => {
    const r = scoreFunctionCall(response, [WEATHER]);
    expect(r.correct).toBe(false);
    expect(r.why).toBe(why);
  });
});

describe("validateJson(value, schema)", () => {
  it("reports schema keywords it does not check instead of passing them", () => {
    expect(validateJson("x", {type: "string", pattern: "^a"})).toEqual(['$: schema keyword "pattern" is not supported by BenchBook\'s checker']);
  });
  it("checks array items", () => {
    expect(validateJson([1, "a"], {type: "array", items: {type: "number"}})).toEqual(["$[1]: expected number, found string"]);
  });
});

describe("extractJson(response)", () => {
  it("finds the first {…} span in prose", () => {
    expect(extractJson('I will call {"name": "f"} now').value).toEqual({name: "f"});
  });
});
