// Files on tickets, as the page judges them before sending: the types the
// server takes (PDF, PNG, JPEG: it sniffs the content again and refuses a
// mismatch), the upload limit, a size a person reads ("48 bytes", "1.5 KB"),
// and the name the X-File-Name header can carry. Pure: no DOM, no fetch.
import { localeFor } from './format';

export const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

// What the file picker offers (the input's accept attribute).
export const ATTACHMENT_ACCEPT = '.pdf,.png,.jpg,.jpeg';

// server.max_upload_bytes as shipped (5 MiB). The API does not publish the
// configured value: a server set lower answers 413, which the page says too.
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

const BY_EXTENSION: Readonly<Record<string, AttachmentType>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};

export type AttachmentCheck = { ok: true; contentType: AttachmentType } | { ok: false; reason: 'type' | 'empty' | 'tooLarge' };

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

// The Content-Type to send for `file`, or why it is refused before sending.
// The browser's type wins when it is one the server takes; when the browser
// names none (or only "application/octet-stream") the extension decides. A
// file whose extension says one allowed type and whose browser type another
// (a .png the system calls a JPEG) is refused: the server would refuse it too.
export function checkAttachment(file: { name: string; type: string; size: number }, maxBytes = MAX_ATTACHMENT_BYTES): AttachmentCheck {
  const byName = BY_EXTENSION[extensionOf(file.name)];
  const type = file.type.toLowerCase();
  let contentType: AttachmentType | undefined;
  if ((ATTACHMENT_TYPES as readonly string[]).includes(type)) {
    contentType = type as AttachmentType;
    if (byName && byName !== contentType) return { ok: false, reason: 'type' };
  } else if (type === '' || type === 'application/octet-stream') {
    contentType = byName;
  }
  if (!contentType) return { ok: false, reason: 'type' };
  if (file.size <= 0) return { ok: false, reason: 'empty' };
  if (file.size > maxBytes) return { ok: false, reason: 'tooLarge' };
  return { ok: true, contentType };
}

// A size in bytes as a person reads it: whole bytes below 1 KB, then KB and
// MB (of 1024) with at most one decimal, in the language's number format;
// the unit goes where Swahili puts it ("MB 5", as the networks write bundles).
export function formatFileSize(bytes: number, language: string): string {
  const swahili = language === 'sw';
  const number = (value: number) => new Intl.NumberFormat(localeFor(language), { maximumFractionDigits: 1 }).format(value);
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) {
    const whole = Math.round(bytes);
    if (swahili) return `baiti ${number(whole)}`;
    return whole === 1 ? '1 byte' : `${number(whole)} bytes`;
  }
  // Rounded first, so 1023.96 KB reads "1 MB", not "1,024 KB".
  const kilobytes = Math.round((bytes / 1024) * 10) / 10;
  if (kilobytes < 1024) return swahili ? `KB ${number(kilobytes)}` : `${number(kilobytes)} KB`;
  const megabytes = Math.round((bytes / (1024 * 1024)) * 10) / 10;
  return swahili ? `MB ${number(megabytes)}` : `${number(megabytes)} MB`;
}

// A file name the X-File-Name header can carry (ASCII, no control characters).
export function headerFileName(name: string): string {
  const safe = name.replace(/[\x00-\x1f\x7f]/g, '').replace(/[^\x20-\x7e]/g, '_').trim();
  return safe.slice(0, 200) || 'upload';
}

// A download link the thread may show: the API's own paths only.
export function attachmentHref(url: string): string | null {
  return /^\/api\/v1\/[^/]/.test(url) ? url : null;
}
