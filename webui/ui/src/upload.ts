// upload sends a file or a form as a request's body with XMLHttpRequest,
// which, unlike fetch, reports how much of the body has gone out: the
// firmware, backup and prompt uploads show it.
import { networkError, parseApiError } from "./api";

// Progress is how much of an upload has gone: sent and total bytes.
export interface Progress {
  sent: number;
  total: number;
}

// upload POSTs body to path with the CSRF token and resolves with the
// decoded answer, or rejects with an ApiError. A form goes as
// multipart/form-data; its total is 0 until the browser knows it.
export function upload<T>(path: string, body: Blob | FormData, csrf: string, onProgress: (p: Progress) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    if (body instanceof Blob) xhr.setRequestHeader("Content-Type", body.type || "application/octet-stream");
    xhr.responseType = "text";
    const size = body instanceof Blob ? body.size : 0;
    xhr.upload.onprogress = (e) => onProgress({ sent: e.loaded, total: e.lengthComputable ? e.total : size });
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(networkError());
    xhr.onload = () => {
      let data: unknown = undefined;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else reject(parseApiError(xhr.status, data));
    };
    xhr.send(body);
  });
}

// percent is the share of an upload that has gone, 0 to 100.
export function percent(p: Progress): number {
  if (p.total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((100 * p.sent) / p.total)));
}
