// What the prompts page checks of a chosen file before it uploads it, and
// the upload's progress.
import { describe, expect, it } from "vitest";

import { checkPromptFile, maxPromptBytes, promptName } from "../../src/prompts/upload";
import { percent } from "../../src/upload";

describe("checkPromptFile", () => {
  it("passes MP3 and WAV files within the box's limit", () => {
    expect(checkPromptFile({ name: "Welcome.MP3", size: 1000 })).toBe("");
    expect(checkPromptFile({ name: "hold.wav", size: maxPromptBytes })).toBe("");
  });

  it("names what is wrong with other files", () => {
    const tests: [string, number, string][] = [
      ["notes.txt", 10, "prompts.notAudio"],
      ["song.mp3.exe", 10, "prompts.notAudio"],
      ["wav", 10, "prompts.notAudio"],
      ["empty.wav", 0, "prompts.emptyFile"],
      ["long.mp3", maxPromptBytes + 1, "prompts.tooLarge"],
    ];
    for (const [name, size, want] of tests) expect(checkPromptFile({ name, size }), name).toBe(want);
  });
});

describe("promptName", () => {
  it("drops the extension as the box does", () => {
    expect(promptName("Welcome.mp3")).toBe("Welcome");
    expect(promptName("after.hours.wav")).toBe("after.hours");
    expect(promptName("plain")).toBe("plain");
  });
});

describe("percent", () => {
  it("is the share sent, rounded down and bounded", () => {
    expect(percent({ sent: 0, total: 200 })).toBe(0);
    expect(percent({ sent: 199, total: 200 })).toBe(99);
    expect(percent({ sent: 250, total: 200 })).toBe(100);
    expect(percent({ sent: 10, total: 0 })).toBe(0);
  });
});
