import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  applicationBody,
  chosenPermissions,
  GRANTABLE_PERMISSIONS,
  isKnown,
  END_REASONS,
  passwordProblem,
  phoneToE164,
  safeNext,
  signupBody,
  statusPagePath,
  withNext,
  type ApplicationForm,
  type SignupForm,
} from '../src/public/logic';

const application: ApplicationForm = {
  kind: 'company',
  name: ' Mombasa Tech ',
  contact_name: 'Amina',
  email: 'amina@mombasa.example ',
  phone: '0712 345 678',
  kra_pin: 'p051234567x',
  registration_number: 'pvt-ab12cd3',
  residency: 'resident',
  website: '',
  town: 'Mombasa',
  certifications: ['yealink', 'sales'],
  accept_terms: true,
};

test('Kenyan phone numbers become E.164; others are left for the API', () => {
  assert.equal(phoneToE164('0712 345 678'), '+254712345678');
  assert.equal(phoneToE164('0110-123-456'), '+254110123456');
  assert.equal(phoneToE164('254712345678'), '+254712345678');
  assert.equal(phoneToE164(' +254 712 345 678 '), '+254712345678');
  assert.equal(phoneToE164('+44 20 7946 0000'), '+442079460000');
  assert.equal(phoneToE164('12'), '12');
});

test('the application body: trimmed, upper-cased PIN, optional fields only when given', () => {
  const body = applicationBody(application, 'en');
  assert.deepEqual(body, {
    kind: 'company',
    name: 'Mombasa Tech',
    contact_name: 'Amina',
    email: 'amina@mombasa.example',
    phone: '+254712345678',
    kra_pin: 'P051234567X',
    registration_number: 'PVT-AB12CD3',
    residency: 'resident',
    town: 'Mombasa',
    certifications: ['sales', 'yealink'],
    accept_terms: true,
    language: 'en',
  });
  const professional = applicationBody({ ...application, kind: 'professional', website: 'https://x.co.ke', town: ' ' }, 'sw');
  assert.equal('registration_number' in professional, false);
  assert.equal('town' in professional, false);
  assert.equal(professional.website, 'https://x.co.ke');
  assert.equal(professional.language, 'sw', 'the applicant gets email in the language the form was filled in');
});

test('the status page carries the id and the token, escaped', () => {
  assert.equal(statusPagePath('APP-1a', 'ab/c+d'), '/apply/status/APP-1a?token=ab%2Fc%2Bd');
});

const signup: SignupForm = {
  company: 'Kilimani Dental',
  contact_name: 'Achieng',
  email: 'a@k.example',
  phone: '0722000111',
  kra_pin: '',
  registration_number: '',
  password: 'a long enough secret',
  payment: 'none',
  mpesa_number: '',
  bank_code: '',
  account_number: '',
};

test('the signup body names a payment method only when one is chosen', () => {
  assert.deepEqual(signupBody(signup), {
    company: 'Kilimani Dental',
    contact_name: 'Achieng',
    email: 'a@k.example',
    phone: '+254722000111',
    password: 'a long enough secret',
  });
  assert.deepEqual(signupBody({ ...signup, payment: 'mpesa', mpesa_number: '0722 000 111' }).payment_method, {
    method: 'mpesa',
    mpesa_number: '+254722000111',
  });
  assert.deepEqual(signupBody({ ...signup, payment: 'bank', bank_code: ' KCB01 ', account_number: '1234-5678' }).payment_method, {
    method: 'bank',
    bank_code: 'KCB01',
    account_number: '1234-5678',
  });
  assert.equal(signupBody({ ...signup, kra_pin: 'a123456789b' }).kra_pin, 'A123456789B');
});

test('next= stays on this site', () => {
  assert.equal(safeNext('/service-manager?agent=X'), '/service-manager?agent=X');
  assert.equal(safeNext('//evil.example'), null);
  assert.equal(safeNext('/\\evil.example'), null);
  assert.equal(safeNext('https://evil.example'), null);
  // What the browser's URL parser makes of it, not the raw text.
  assert.equal(safeNext('/\t/evil.example'), null);
  assert.equal(safeNext('/\n/evil.example/agent'), null);
  assert.equal(safeNext('/ /evil.example'), '/%20/evil.example');
  assert.equal(safeNext('/agent/commissions?state=paid#top'), '/agent/commissions?state=paid#top');
  assert.equal(safeNext(''), null);
  assert.equal(safeNext('agent'), null);
  assert.equal(safeNext(null), null);
  assert.equal(withNext('/signin', '/service-manager?agent=NVS7DEMQ'), '/signin?next=%2Fservice-manager%3Fagent%3DNVS7DEMQ');
});

test('permissions ticked keep the API order', () => {
  assert.deepEqual(chosenPermissions(GRANTABLE_PERMISSIONS, new Set(['open_tickets', 'view_services'])), ['view_services', 'open_tickets']);
  assert.deepEqual(chosenPermissions(GRANTABLE_PERMISSIONS, new Set()), []);
  assert.equal(isKnown(END_REASONS, 'revoked'), true);
  assert.equal(isKnown(END_REASONS, 'something_new'), false);
  assert.equal(isKnown(END_REASONS, null), false);
});

test('password length counts code points, as the server does', () => {
  assert.equal(passwordProblem('short'), 'short');
  assert.equal(passwordProblem('😀'.repeat(11)), 'short');
  assert.equal(passwordProblem('😀'.repeat(12)), null);
  assert.equal(passwordProblem(' '.repeat(12)), 'blank');
  assert.equal(passwordProblem('x'.repeat(257)), 'long');
});
