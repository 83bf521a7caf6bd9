// startPbxd runs a real pbxd for the browser tests: a fresh data
// directory, the web UI and SIP on free loopback ports, and its output read
// for the web UI's address and the first-run setup code.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Pbxd {
  url: string; // base URL of the web UI, http://127.0.0.1:port
  setupCode: string;
  data: string; // the data directory, for files a test puts in place
  output: () => string;
  stop: () => Promise<void>;
}

const listening = /msg=listening part="web UI" addr=(\S+)/;
const setupCode = /Hookflash setup code: (\S+)/;

// pbxdPath is the binary under test: $PBXD, else the one `make build`
// writes.
export function pbxdPath(): string {
  return process.env.PBXD ?? fileURLToPath(new URL("../../../../build/pbxd", import.meta.url));
}

// pbxctlPath is the pbxctl that configures a data directory before pbxd
// starts: $PBXCTL, else the one `make build` writes beside pbxd.
export function pbxctlPath(): string {
  return process.env.PBXCTL ?? join(pbxdPath(), "..", "pbxctl");
}

// Config is a change to the box's configuration (pbxctl config export's
// JSON): the tables it names replace those of a fresh box.
export type Config = Record<string, unknown[]>;

// configure imports change into the configuration of a fresh data
// directory with pbxctl, as an installer would before the first start.
function configure(data: string, change: Config) {
  const cfg = JSON.parse(execFileSync(pbxctlPath(), ["-data", data, "config", "export", "-"], { encoding: "utf8" }));
  const file = join(data, "config.json");
  writeFileSync(file, JSON.stringify({ ...cfg, ...change }));
  execFileSync(pbxctlPath(), ["-data", data, "config", "import", file], { encoding: "utf8" });
}

// startPbxd starts pbxd on a fresh data directory, with config imported
// first when given.
export async function startPbxd(timeoutMs = 30_000, config?: Config): Promise<Pbxd> {
  const data = mkdtempSync(join(tmpdir(), "hookflash-ui-"));
  if (config) configure(data, config);
  const child: ChildProcess = spawn(pbxdPath(), [], {
    env: { ...process.env, PBX_DATA: data, PBX_WEB: "127.0.0.1:0", PBX_SIP: "127.0.0.1:0", PBX_LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let url = "";
  let code = "";
  const exited = new Promise<void>((res) => child.on("exit", () => res()));
  const ready = new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`pbxd did not listen within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (b: Buffer) => {
      out += b.toString();
      code ||= setupCode.exec(out)?.[1] ?? "";
      url ||= listening.exec(out)?.[1] ? `http://${listening.exec(out)![1]}` : "";
      if (url && code) {
        clearTimeout(timer);
        res();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("error", (e) => {
      clearTimeout(timer);
      rej(new Error(`start ${pbxdPath()}: ${e.message}: run make build first`));
    });
    void exited.then(() => {
      clearTimeout(timer);
      rej(new Error(`pbxd exited before it listened:\n${out}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(data, { recursive: true, force: true });
  };
  try {
    await ready;
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, setupCode: code, data, output: () => out, stop };
}
