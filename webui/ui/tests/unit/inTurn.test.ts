// The lab's actions go to the box in the order they were asked, however
// long each takes, and one that fails does not stop those after it.
import { describe, expect, it } from "vitest";

import { inTurn } from "../../src/lab/inTurn";

const after = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("inTurn", () => {
  it("starts each task when the one before has settled", async () => {
    const turn = inTurn();
    const log: string[] = [];
    const task = (key: string, ms: number) => async () => {
      log.push(`start ${key}`);
      await after(ms);
      log.push(`end ${key}`);
      return key;
    };
    const answers = await Promise.all([turn(task("1", 30)), turn(task("0", 1)), turn(task("2", 10))]);
    expect(answers).toEqual(["1", "0", "2"]);
    expect(log).toEqual(["start 1", "end 1", "start 0", "end 0", "start 2", "end 2"]);
  });

  it("goes on after a task fails and hands its caller the failure", async () => {
    const turn = inTurn();
    const failed = turn(async () => {
      await after(5);
      throw new Error("box refused");
    });
    const next = turn(async () => "dialled");
    await expect(failed).rejects.toThrow("box refused");
    await expect(next).resolves.toBe("dialled");
  });
});
