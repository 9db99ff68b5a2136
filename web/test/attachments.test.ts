import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attachmentHref, checkAttachment, formatFileSize, headerFileName, MAX_ATTACHMENT_BYTES } from '../src/app/attachments';

const file = (name: string, type: string, size = 48) => ({ name, type, size });

test('a PDF, PNG or JPEG is sent with its type; anything else is refused before sending', () => {
  assert.deepEqual(checkAttachment(file('scan.pdf', 'application/pdf')), { ok: true, contentType: 'application/pdf' });
  assert.deepEqual(checkAttachment(file('Photo.PNG', 'image/png')), { ok: true, contentType: 'image/png' });
  assert.deepEqual(checkAttachment(file('receipt.jpeg', 'image/jpeg')), { ok: true, contentType: 'image/jpeg' });
  assert.deepEqual(checkAttachment(file('receipt.jpg', 'IMAGE/JPEG')), { ok: true, contentType: 'image/jpeg' });
  assert.deepEqual(checkAttachment(file('notes.txt', 'text/plain')), { ok: false, reason: 'type' });
  assert.deepEqual(checkAttachment(file('page.html', 'text/html')), { ok: false, reason: 'type' });
  assert.deepEqual(checkAttachment(file('drawing.svg', 'image/svg+xml')), { ok: false, reason: 'type' });
  assert.deepEqual(checkAttachment(file('contract.docx', '')), { ok: false, reason: 'type' });
  assert.deepEqual(checkAttachment(file('no-extension', '')), { ok: false, reason: 'type' });
});

test('without a browser type the extension decides; a contradiction is refused', () => {
  assert.deepEqual(checkAttachment(file('scan.PDF', '')), { ok: true, contentType: 'application/pdf' });
  assert.deepEqual(checkAttachment(file('scan.jpg', 'application/octet-stream')), { ok: true, contentType: 'image/jpeg' });
  assert.deepEqual(checkAttachment(file('scan.png', 'image/jpeg')), { ok: false, reason: 'type' });
  // A type the server takes and a name without an extension: the type decides.
  assert.deepEqual(checkAttachment(file('scan', 'application/pdf')), { ok: true, contentType: 'application/pdf' });
});

test('an empty file and one over the limit are refused; the limit itself is taken', () => {
  assert.equal(MAX_ATTACHMENT_BYTES, 5 * 1024 * 1024);
  assert.deepEqual(checkAttachment(file('scan.pdf', 'application/pdf', 0)), { ok: false, reason: 'empty' });
  assert.deepEqual(checkAttachment(file('scan.pdf', 'application/pdf', MAX_ATTACHMENT_BYTES)), { ok: true, contentType: 'application/pdf' });
  assert.deepEqual(checkAttachment(file('scan.pdf', 'application/pdf', MAX_ATTACHMENT_BYTES + 1)), { ok: false, reason: 'tooLarge' });
  assert.deepEqual(checkAttachment(file('scan.pdf', 'application/pdf', 2000), 1024), { ok: false, reason: 'tooLarge' });
  // The type is judged first: a large .txt is refused for its type.
  assert.deepEqual(checkAttachment(file('big.txt', 'text/plain', MAX_ATTACHMENT_BYTES + 1)), { ok: false, reason: 'type' });
});

test('sizes read as bytes, KB and MB, in each language', () => {
  assert.equal(formatFileSize(0, 'en'), '0 bytes');
  assert.equal(formatFileSize(1, 'en'), '1 byte');
  assert.equal(formatFileSize(48, 'en'), '48 bytes');
  assert.equal(formatFileSize(1023, 'en'), '1,023 bytes');
  assert.equal(formatFileSize(1024, 'en'), '1 KB');
  assert.equal(formatFileSize(1536, 'en'), '1.5 KB');
  assert.equal(formatFileSize(250_000, 'en'), '244.1 KB');
  // Rounded before the unit is chosen: just under 1 MB is "1 MB", not "1,024 KB".
  assert.equal(formatFileSize(1024 * 1024 - 1, 'en'), '1 MB');
  assert.equal(formatFileSize(5 * 1024 * 1024, 'en'), '5 MB');
  assert.equal(formatFileSize(2 * 1024 * 1024 + 48, 'en'), '2 MB');
  assert.equal(formatFileSize(2.25 * 1024 * 1024, 'en'), '2.3 MB');
  assert.equal(formatFileSize(48, 'sw'), 'baiti 48');
  assert.equal(formatFileSize(1536, 'sw'), 'KB 1.5');
  assert.equal(formatFileSize(5 * 1024 * 1024, 'sw'), 'MB 5');
  assert.equal(formatFileSize(-1, 'en'), '');
  assert.equal(formatFileSize(Number.NaN, 'en'), '');
});

test('the X-File-Name header carries ASCII; downloads are the API\'s own paths', () => {
  assert.equal(headerFileName('ankara ya Wanjikũ.pdf'), 'ankara ya Wanjik_.pdf');
  assert.equal(headerFileName('a\r\nb.pdf'), 'ab.pdf');
  assert.equal(headerFileName('   '), 'upload');
  assert.equal(headerFileName(`${'x'.repeat(300)}.pdf`).length, 200);
  assert.equal(attachmentHref('/api/v1/ticket-attachments/TA-1'), '/api/v1/ticket-attachments/TA-1');
  assert.equal(attachmentHref('https://evil.example/x'), null);
  assert.equal(attachmentHref('//evil.example/api/v1/x'), null);
  assert.equal(attachmentHref('javascript:alert(1)'), null);
});
