// Uploading a prompt with its progress, checking a chosen file first, and
// fetching a spoken preview: the requests of the prompts page that are not
// JSON in and out.
import { networkError, parseApiError, type Client } from "../api";

// maxPromptBytes is the box's limit on an uploaded prompt
// (prompt.DefaultOpts.MaxSize).
export const maxPromptBytes = 2_000_000;

const audioExtensions = [".mp3", ".wav"];

// checkPromptFile returns the text key of what is wrong with a file the
// admin chose, before it is sent, or "" when it may go: the box has the
// last word on what is inside.
export function checkPromptFile(file: { name: string; size: number }): string {
  const name = file.name.toLowerCase();
  if (!audioExtensions.some((e) => name.endsWith(e))) return "prompts.notAudio";
  if (file.size === 0) return "prompts.emptyFile";
  if (file.size > maxPromptBytes) return "prompts.tooLarge";
  return "";
}

// promptName is the name a prompt gets from its file when the admin gives
// none, as the box names it: the file's name without its extension.
export function promptName(fileName: string): string {
  return fileName.replace(/\.[^.]*$/, "").trim();
}

// percent is the share of an upload sent, 0 to 100, or null while the
// total is not known.
export function percent(loaded: number, total: number, known = true): number | null {
  if (!known || total <= 0) return null;
  return Math.min(100, Math.max(0, Math.floor((loaded * 100) / total)));
}

// uploadForm posts form to path with XMLHttpRequest, whose upload events
// give the progress that fetch cannot, and resolves with the decoded
// answer or rejects with the box's ApiError. onProgress gets the percent
// sent (null while unknown).
export function uploadForm<T>(client: Client, path: string, form: FormData, onProgress: (p: number | null) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.setRequestHeader("X-CSRF-Token", client.csrf);
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => onProgress(percent(e.loaded, e.total, e.lengthComputable));
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(networkError());
    xhr.onload = () => {
      let body: unknown = undefined;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(parseApiError(xhr.status, body));
    };
    xhr.send(form);
  });
}

// fetchAudio posts body as JSON to path and returns the audio the box
// answers, or throws its ApiError.
export async function fetchAudio(client: Client, path: string, body: unknown): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": client.csrf },
      body: JSON.stringify(body),
    });
  } catch {
    throw networkError();
  }
  if (!res.ok) {
    let data: unknown = undefined;
    try {
      data = await res.json();
    } catch {
      data = undefined;
    }
    throw parseApiError(res.status, data);
  }
  return res.blob();
}
