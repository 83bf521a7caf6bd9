// The office's people pages in a real Chromium against a real pbxd: pick
// the extensions that may use an outbound rule; set an extension's
// do-not-disturb and forwarding; create, edit and delete ring groups and
// queues, see a scenario ring a stored group in a dry run, and see one
// that a scenario uses kept, with the scenario named.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { api, openBox, screenshot } from "./page";
import { startPbxd, type Config, type Pbxd } from "./pbxd";

const password = "correct horse battery";

// office is 101 Alice, 102 Bob and 103 Carol, Alice on FXS port 1.
const office: Config = {
  extensions: [101, 102, 103].map((n, i) => ({
    id: i + 1, number: String(n), name: ["Alice", "Bob", "Carol"][i], email: "", mobile: "", dnd: false, on_duty: true, outbound: "national", voicemail: false,
  })),
  fxs_ports: [1, 2].map((n) => ({
    id: n, port: n, extension_id: n === 1 ? 1 : null, mode: "voice", caller_id: "off", country: "RU", hotline: "", echo_cancel: true,
  })),
};

describe.sequential("the office's people pages", () => {
  let pbxd: Pbxd;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  const nav = (name: string) => page.getByRole("navigation").getByRole("link", { name, exact: true });

  beforeAll(async () => {
    pbxd = await startPbxd(30_000, office);
    ({ browser, page } = await openBox(pbxd, password, problems));
  });

  afterAll(async () => {
    await browser?.close();
    await pbxd?.stop();
  });

  it("keeps an outbound rule for the extensions ticked, by keyboard", async () => {
    await nav("Outbound rules").click();
    await page.fill("#field-name", "Long distance");
    await page.fill("#field-prefix", "8");
    await page.click("#rule-form button[type=submit]");
    await page.locator("#rule-title").filter({ hasText: "Long distance" }).waitFor();
    await expect.poll(() => page.textContent("#rule-extensions-status")).toBe("Open to every extension whose level allows.");
    expect(await page.isDisabled("#save-rule-extensions")).toBe(true);

    // Tab to Carol's box, tick it with Space, then Alice's with a click.
    await page.focus("#rule-ext-102");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    await page.check("#rule-ext-101");
    expect(await page.textContent("#rule-extensions-status")).toBe("Unsaved changes.");
    await page.click("#save-rule-extensions");
    await expect.poll(() => page.textContent("#rule-extensions-status")).toBe("Kept for 101, 103.");

    const rules = (await api(page, "GET", "/api/outbound-rules")).body as { id: number; name: string }[];
    const id = rules.find((r) => r.name === "Long distance")!.id;
    expect((await api(page, "GET", `/api/outbound-rules/${id}/extensions`)).body).toEqual(["101", "103"]);
    await screenshot(page, "rule-extensions");

    // Reopened, the page shows what the box keeps; unticking all opens it.
    await page.reload();
    await page.locator(`#rules tr[data-rule="Long distance"] button`).click();
    await expect.poll(() => page.isChecked("#rule-ext-103")).toBe(true);
    expect(await page.isChecked("#rule-ext-102")).toBe(false);
    await page.uncheck("#rule-ext-101");
    await page.uncheck("#rule-ext-103");
    await page.click("#save-rule-extensions");
    await expect.poll(() => page.textContent("#rule-extensions-status")).toBe("Open to every extension whose level allows.");
    expect((await api(page, "GET", `/api/outbound-rules/${id}/extensions`)).body).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("sets do-not-disturb and forwarding on the extensions page", async () => {
    await nav("Extensions").click();
    await page.locator('button[data-forwarding="101"]').click();
    await page.getByRole("heading", { level: 2, name: "Do-not-disturb and forwarding of 101" }).waitFor();
    await expect.poll(() => page.textContent("#forwarding-status")).toBe("No calls are forwarded.");

    // Its own number is refused on the field, and nothing is stored.
    await page.fill("#field-fwd-busy", "101");
    await page.click("#forwarding-form button[type=submit]");
    await expect.poll(() => page.getAttribute("#field-fwd-busy", "aria-invalid")).toBe("true");
    expect((await api(page, "GET", "/api/extensions/1/forward")).body).toMatchObject({ busy: "" });

    // By keyboard: tick do-not-disturb, type the numbers, save with Enter.
    await page.focus("#field-dnd");
    await page.keyboard.press("Space");
    await page.fill("#field-fwd-busy", "102");
    // An outside number goes as 101 dials it: no rule takes +7...,
    // the rule for 8 (the test before) takes 8....
    await page.fill("#field-fwd-no_answer", "+7 916 123 45 67");
    await page.click("#forwarding-form button[type=submit]");
    await expect.poll(() => page.getAttribute("#field-fwd-no_answer", "aria-invalid")).toBe("true");
    // Refused, it changed nothing: not even do-not-disturb.
    expect(((await api(page, "GET", "/api/extensions/1")).body as { dnd: boolean }).dnd).toBe(false);
    await page.fill("#field-fwd-no_answer", "8 916 123 45 67");
    await page.fill("#field-fwd-no_answer_secs", "15");
    await page.fill("#field-fwd-unreachable", "103");
    await page.focus("#field-fwd-unreachable");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.textContent("#forwarding-status")).toBe(
      "Forwarding of 101 saved. When busy: 102. On no answer: 89161234567. When unreachable: 103.");
    expect((await api(page, "GET", "/api/extensions/1/forward")).body).toEqual({
      number: "", enabled: false, busy: "102", no_answer: "89161234567", no_answer_secs: 15, unreachable: "103",
    });
    expect(((await api(page, "GET", "/api/extensions/1")).body as { dnd: boolean }).dnd).toBe(true);
    await expect.poll(() => page.locator('#extensions tr[data-number="101"] [data-dnd]').count()).toBe(1);
    await screenshot(page, "forwarding");

    // Forwarding every call takes precedence in what the page says.
    await page.fill("#field-fwd-number", "102");
    await page.check("#field-fwd-enabled");
    await page.click("#forwarding-form button[type=submit]");
    await expect.poll(() => page.textContent("#forwarding-status")).toBe("Forwarding of 101 saved. Every call goes to 102.");
  });

  it("creates a ring group and a queue, edits the group, and keeps the one a scenario uses", async () => {
    await nav("Groups and queues").click();
    await page.getByRole("heading", { level: 1, name: "Ring groups and queues" }).waitFor();

    // A group without members is refused, saying why.
    await page.fill("#field-name", "Sales");
    await page.click("#group-form button[type=submit]");
    await expect.poll(() => page.locator("#group-card [role=alert]").textContent()).toContain("at least one member");

    // Members by keyboard: choose in the select, press the add button.
    for (const n of ["101", "102", "103"]) {
      await page.selectOption("#group-members-add", n);
      await page.focus("#group-members-add-button");
      await page.keyboard.press("Enter");
    }
    const members = () => page.locator("#group-members li").evaluateAll((els) => els.map((e) => e.getAttribute("data-member")));
    expect(await members()).toEqual(["101", "102", "103"]);
    await page.locator('#group-members [data-member="103"] [data-move="up"]').click();
    await page.locator('#group-members [data-member="101"] [data-move="remove"]').click();
    expect(await members()).toEqual(["103", "102"]);
    await page.selectOption("#field-strategy", "in_turn");
    await page.fill("#field-step", "10");
    await page.fill("#field-total", "60");
    await page.click("#group-form button[type=submit]");
    await expect.poll(() => page.textContent("#groups-saved")).toMatch(/^Ring group Sales created with ID \d+\.$/);
    expect(await page.textContent('#ring-groups tr[data-group="Sales"] [data-key="members"]')).toBe("103 Carol, 102 Bob");
    expect(await page.textContent('#ring-groups tr[data-group="Sales"] [data-key="strategy"]')).toBe("In turn");
    const groups = (await api(page, "GET", "/api/ring-groups")).body as { id: number; members: string[]; step: number }[];
    expect(groups).toMatchObject([{ name: "Sales", members: ["103", "102"], strategy: "in_turn", step: 10, total: 60 }]);
    const groupID = groups[0].id;

    // A queue with an exit key and the position announced, whose callers
    // wait in early media: a wait over 180 s is refused, saying why.
    await page.fill("#field-q-name", "Support");
    await page.selectOption("#queue-agents-add", "102");
    await page.click("#queue-agents-add-button");
    await page.selectOption("#field-q-strategy", "least_recent");
    await page.fill("#field-q-max_wait", "300");
    await page.check("#field-q-early_media");
    await page.check("#field-q-announce_position");
    await page.selectOption("#field-q-exit_key", "0");
    await page.click("#queue-form button[type=submit]");
    await expect.poll(() => page.locator("#queue-card [role=alert]").textContent()).toContain("at most 180 seconds while callers wait in early media");
    expect(await page.getAttribute("#field-q-max_wait", "aria-invalid")).toBe("true");
    await page.fill("#field-q-max_wait", "120");
    await page.click("#queue-form button[type=submit]");
    await expect.poll(() => page.textContent("#groups-saved")).toMatch(/^Queue Support created with ID \d+\.$/);
    const queues = (await api(page, "GET", "/api/queues")).body as { id: number }[];
    expect(queues).toMatchObject([{ name: "Support", agents: ["102"], strategy: "least_recent", max_wait: 120, announce_position: true, exit_key: "0", early_media: true }]);
    await screenshot(page, "groups");

    // Edit the group: everyone at once now, under another name.
    await page.locator('#ring-groups button[data-edit="Sales"]').click();
    await page.getByRole("heading", { level: 3, name: "Ring group Sales" }).waitFor();
    expect(await members()).toEqual(["103", "102"]);
    await page.fill("#field-name", "Sales desk");
    await page.selectOption("#group-members-add", "101");
    await page.click("#group-members-add-button");
    await page.selectOption("#field-strategy", "all");
    await page.click("#group-form button[type=submit]");
    await expect.poll(() => page.textContent("#groups-saved")).toBe("Ring group Sales desk saved.");
    expect((await api(page, "GET", `/api/ring-groups/${groupID}`)).body).toMatchObject({ name: "Sales desk", members: ["103", "102", "101"], strategy: "all", step: 0 });

    // A scenario rings the stored group: its dry run reaches Alice, the
    // one member with a phone (FXS port 1), unless she is on
    // do-not-disturb.
    const document = {
      schema: 1,
      elements: [
        { id: "in", type: "incoming", next: { next: "desk" } },
        { id: "desk", type: "group", params: { group_id: groupID }, next: { next: "line" } },
        { id: "line", type: "queue", params: { queue_id: queues[0].id }, next: { timeout: "bye", exit: "bye" } },
        { id: "bye", type: "hangup" },
      ],
    };
    // The box applies a change within moments; the dry run follows it.
    const dryRun = async () => {
      const run = await api(page, "POST", "/api/scenarios/dry-run", { document, caller: "+74951234567", channel: "gsm/1", called: "100", phones: { "fxs/101": { answer_after_s: 2 } } });
      expect(run.status, JSON.stringify(run.body)).toBe(200);
      return (run.body as { path: { element: string; outcome: string }[] }).path.map((st) => `${st.element}:${st.outcome}`);
    };
    // Alice is on do-not-disturb since the test before: the group skips
    // her and the call goes on to the queue; off it, she answers.
    expect(await dryRun()).toEqual(["in:next", "desk:next", "line:timeout", "bye:normal"]);
    expect((await api(page, "PUT", "/api/extensions/1", { dnd: false })).status).toBe(200);
    await expect.poll(dryRun).toEqual(["in:next", "desk:answered"]);
    const sc = await api(page, "POST", "/api/scenarios", { name: "Front desk", document });
    expect(sc.status, JSON.stringify(sc.body)).toBe(201);

    // Deleting the group is refused, naming the scenario; the queue too.
    await page.locator('#ring-groups button[data-edit="Sales desk"]').click();
    await page.getByRole("button", { name: "Delete…" }).first().click();
    await page.click("#delete-group");
    await expect.poll(() => page.locator("#group-card [role=alert]").textContent()).toContain('scenario "Front desk"');
    expect(await page.locator('#ring-groups tr[data-group="Sales desk"]').count()).toBe(1);
    await page.locator('#queues button[data-edit="Support"]').click();
    await page.locator("#queue-card").getByRole("button", { name: "Delete…" }).click();
    await page.click("#delete-queue");
    await expect.poll(() => page.locator("#queue-card [role=alert]").textContent()).toContain('scenario "Front desk"');

    // Once the scenario is gone, the queue goes.
    const del = await api(page, "DELETE", `/api/scenarios/${(sc.body as { id: number }).id}`);
    expect(del.status).toBe(204);
    await page.click("#delete-queue");
    await expect.poll(() => page.textContent("#groups-saved")).toBe("Support deleted.");
    expect(await page.locator("#queues tbody tr").count()).toBe(0);
    expect(problems.filter((p) => !p.includes("status of 409"))).toEqual([]);
  });

  it("lets a scenario's group element ring a stored group, chosen in the editor", async () => {
    const groups = (await api(page, "GET", "/api/ring-groups")).body as { id: number; name: string }[];
    const desk = groups.find((g) => g.name === "Sales desk")!;
    await nav("Scenarios").click();
    await page.fill("#field-name", "Sales line");
    await page.click("#scenario-form button[type=submit]");
    await page.getByRole("heading", { level: 1, name: "Sales line" }).waitFor();
    const path = new URL(page.url()).pathname.replace(/^\/scenarios\//, "/api/scenarios/");

    // A group element from the palette, by keyboard.
    await page.locator('#palette [data-kind="group"] button').focus();
    await page.keyboard.press("Enter");
    const node = page.locator('.react-flow__node[data-id="group1"]');
    await node.waitFor();
    await node.locator(".element-id").click();
    await page.locator("#panel-title").filter({ hasText: "group1" }).waitFor();
    expect(await page.locator("#param-members").count()).toBe(1);
    await page.selectOption("#param-group_id", String(desk.id));
    // The stored group brings its members and times: their fields go.
    await expect.poll(() => page.locator("#param-members").count()).toBe(0);
    expect(await page.locator("#param-total").count()).toBe(0);
    await page.selectOption("#arrow-next", "end");
    await page.locator('.react-flow__node[data-id="in"] .element-id').click();
    await page.selectOption("#arrow-next", "group1");
    await page.click("#save");
    await expect.poll(() => page.textContent("#editor-status")).toBe("Saved: new calls follow this scenario.");
    const sc = (await api(page, "GET", path)).body as { document: { elements: { id: string; params?: unknown }[] } };
    expect(sc.document.elements.find((e) => e.id === "group1")?.params).toEqual({ group_id: desk.id });
    await screenshot(page, "editor-stored-group");

    // The group is now in use: its deletion names this scenario.
    const del = await api(page, "DELETE", `/api/ring-groups/${desk.id}`);
    expect(del.status).toBe(409);
    expect(JSON.stringify(del.body)).toContain('scenario \\"Sales line\\" element \\"group1\\"');
  });
});
