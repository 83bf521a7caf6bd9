// A dry run's request, and its path as highlighted elements and arrows.
import { describe, expect, it } from "vitest";

import { answerers, dryRunRequest, highlight, localPath, type Trace } from "../../src/dryRun";
import { toDocument, toGraph, type Document } from "../../src/scenarioGraph";

const doc: Document = (() => {
  const g = toGraph({
    schema: 1,
    elements: [
      { id: "in", type: "incoming", next: { next: "menu" } },
      { id: "menu", type: "menu", params: { keys: ["1"] }, next: { "1": "sales", no_input: "bye", invalid: "bye" } },
      { id: "sales", type: "group", params: { members: ["101", "102"] }, next: { next: "vm" } },
      { id: "vm", type: "voicemail", params: { mailbox: "101" } },
      { id: "bye", type: "hangup" },
      { id: "fwd", type: "forward", params: { to: "internal", extension: "103" } },
    ],
  });
  return toDocument(g.nodes, g.edges);
})();

const step = (element: string, outcome: string, scenario = 0) => ({ at: "2026-11-21T21:00:00Z", scenario, element, outcome });

describe("highlight", () => {
  const steps = [step("in", "next"), step("menu", "1"), step("sales", "next"), step("vm", "voicemail")];
  const tests = [
    { upTo: 0, nodes: ["in"], edges: [], current: "in" },
    { upTo: 1, nodes: ["in", "menu"], edges: ["in:next"], current: "menu" },
    { upTo: 3, nodes: ["in", "menu", "sales", "vm"], edges: ["in:next", "menu:1", "sales:next"], current: "vm" },
    { upTo: 9, nodes: ["in", "menu", "sales", "vm"], edges: ["in:next", "menu:1", "sales:next"], current: "vm" },
  ];
  it.each(tests)("up to step $upTo", ({ upTo, nodes, edges, current }) => {
    const h = highlight(steps, doc, upTo);
    expect([...h.nodes]).toEqual(nodes);
    expect([...h.edges]).toEqual(edges);
    expect(h.current).toBe(current);
  });

  it("marks no arrow the call did not take", () => {
    // A menu repeated: menu then menu again, no arrow between them.
    const h = highlight([step("in", "next"), step("menu", "no_input"), step("bye", "normal")], doc, 2);
    expect([...h.edges]).toEqual(["in:next", "menu:no_input"]);
  });

  it("marks nothing without steps", () => {
    expect(highlight([], doc, 0).nodes.size).toBe(0);
    expect(highlight([step("in", "next")], doc, -1).current).toBeNull();
  });
});

describe("localPath", () => {
  it("stops where the call leaves the document", () => {
    const trace: Trace = { path: [step("in", "next"), step("menu", "scenario 7"), step("other", "next", 7)], events: [] };
    expect(localPath(trace, doc).map((s) => s.element)).toEqual(["in", "menu"]);
    const away: Trace = { path: [step("in", "next"), step("elsewhere", "next")], events: null };
    expect(localPath(away, doc).map((s) => s.element)).toEqual(["in"]);
  });
});

describe("dryRunRequest", () => {
  it("describes the call, the keys per menu and who answers", () => {
    const req = dryRunRequest(
      { caller: " +74951234567 ", channel: "gsm/1", at: "2026-11-21T21:00", keys: { menu: "2, 1", other: "  " }, answers: "102", answerAfter: 7, holdFor: 0, transferTo: "" },
      doc,
    );
    expect(req.caller).toBe("+74951234567");
    expect(req.channel).toBe("gsm/1");
    expect(req.at).toBe(new Date("2026-11-21T21:00").toISOString());
    expect(req.keys).toEqual({ menu: ["2", "1"] });
    expect(req.phones).toEqual({ "sip/102": { answer_after_s: 7 }, "fxs/102": { answer_after_s: 7 } });
    expect(req.document).toBe(doc);
  });

  it("asks the answering extension to hold the caller", () => {
    const req = dryRunRequest({ caller: "1", channel: "gsm/1", at: "", keys: {}, answers: "102", answerAfter: 3, holdFor: 20, transferTo: "" }, doc);
    expect(req.phones).toEqual({ "sip/102": { answer_after_s: 3, hold_s: 20 }, "fxs/102": { answer_after_s: 3, hold_s: 20 } });
  });

  it("asks the answering extension to transfer the caller, blind", () => {
    const req = dryRunRequest({ caller: "1", channel: "gsm/1", at: "", keys: {}, answers: "102", answerAfter: 3, holdFor: 0, transferTo: " +7 495 123 " }, doc);
    expect(req.phones).toEqual({ "sip/102": { answer_after_s: 3, transfer_to: "+7495123" }, "fxs/102": { answer_after_s: 3, transfer_to: "+7495123" } });
    const both = dryRunRequest({ caller: "1", channel: "gsm/1", at: "", keys: {}, answers: "102", answerAfter: 0, holdFor: 10, transferTo: "103" }, doc);
    expect(both.phones["sip/102"]).toEqual({ answer_after_s: 0, hold_s: 10, transfer_to: "103" });
    const none = dryRunRequest({ caller: "1", channel: "gsm/1", at: "", keys: {}, answers: "102", answerAfter: 0, holdFor: 0, transferTo: "  " }, doc);
    expect(none.phones["sip/102"]).toEqual({ answer_after_s: 0 });
  });

  it("leaves out the time when none is given, and nobody answers", () => {
    const req = dryRunRequest({ caller: "", channel: "", at: "", keys: {}, answers: "", answerAfter: 0, holdFor: 30, transferTo: "103" }, doc);
    expect(req.at).toBeUndefined();
    expect(req.phones).toEqual({});
  });
});

describe("answerers", () => {
  it("lists the extensions the document rings", () => {
    expect(answerers(doc)).toEqual(["101", "102", "103"]);
  });
});
