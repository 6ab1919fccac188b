import type { ErrorBody } from '../../shared/errors.js';
import { currentUser, NetworkError } from '../lib/http.js';

export interface UploadResult<T> {
  status: number;
  body: T | ErrorBody | null;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The content type the import takes for a file: browsers often give none for .csv on Windows. */
export function spreadsheetType(file: Blob & { name?: string }): string {
  if (file.type === XLSX_TYPE || /\.xlsx$/i.test(file.name ?? '')) return XLSX_TYPE;
  return 'text/csv';
}

/**
 * Sends a spreadsheet file as its bytes (CSV in any encoding the server reads, or XLSX),
 * never decoded here, with upload progress (fetch cannot report it). `onProgress` gets
 * 0..1 while the bytes go up, then null while the server works on them.
 */
export async function uploadCsv<T>(path: string, file: Blob, onProgress: (fraction: number | null) => void): Promise<UploadResult<T>> {
  const { csrfToken } = await currentUser();
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${path}`);
    xhr.setRequestHeader('content-type', spreadsheetType(file));
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => onProgress(e.lengthComputable ? e.loaded / e.total : null);
    xhr.upload.onload = () => onProgress(null);
    xhr.onload = () => {
      let body: T | ErrorBody | null = null;
      try {
        body = JSON.parse(xhr.responseText) as T | ErrorBody;
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new NetworkError('the network is down'));
    xhr.send(file);
  });
}
