// The API's error bodies become ApiErrors with the box's message, the
// field, and a scenario's problems.
import { describe, expect, it } from "vitest";

import { parseApiError } from "../../src/api";

describe("parseApiError", () => {
  const tests = [
    {
      name: "message and field",
      status: 400,
      body: { error: "number: must be 2 to 6 digits", field: "number" },
      want: { message: "number: must be 2 to 6 digits", field: "number", key: "", problems: [] },
    },
    {
      name: "message without field",
      status: 401,
      body: { error: "wrong user name or password: check both and try again" },
      want: { message: "wrong user name or password: check both and try again", field: "", key: "", problems: [] },
    },
    {
      name: "scenario problems",
      status: 400,
      body: {
        error: "the scenario has 2 problems and was not saved: fix each and try again",
        field: "document",
        problems: [
          { element: "menu", outcome: "1", message: "outcome 1 has no arrow" },
          { element: "desk", field: "extension", message: "extension 105 does not exist", label: "" },
          { message: 7 },
          "junk",
        ],
      },
      want: {
        message: "the scenario has 2 problems and was not saved: fix each and try again",
        field: "document",
        key: "",
        problems: [
          { element: "menu", outcome: "1", message: "outcome 1 has no arrow" },
          { element: "desk", field: "extension", message: "extension 105 does not exist" },
        ],
      },
    },
    { name: "not JSON", status: 502, body: undefined, want: { message: "", field: "", key: "errors.status", problems: [] } },
    { name: "empty error", status: 500, body: { error: "" }, want: { message: "", field: "", key: "errors.status", problems: [] } },
    { name: "array", status: 500, body: [1, 2], want: { message: "", field: "", key: "errors.status", problems: [] } },
    {
      name: "field of the wrong type",
      status: 400,
      body: { error: "bad", field: 3 },
      want: { message: "bad", field: "", key: "", problems: [] },
    },
  ];
  it.each(tests)("$name", ({ status, body, want }) => {
    const e = parseApiError(status, body);
    expect(e.status).toBe(status);
    expect({ message: e.message, field: e.field, key: e.key, problems: e.problems }).toEqual(want);
  });
});
