import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_AFTER_LOGIN, safeRedirectTarget } from '../../src/auth/safe-redirect.js';

// [asked for, where the browser is sent]
const kept: [string, string][] = [
  ['/app', '/app'],
  ['/app/elections/steering---2025', '/app/elections/steering---2025'],
  ['/app/elections/x?status=running', '/app/elections/x?status=running'],
  ['/app/elections/x/candidates/alice#bio', '/app/elections/x/candidates/alice#bio'],
  ['/elections?status=completed&page=2', '/elections?status=completed&page=2'],
  ['/', '/'],
  ['/app/elections/%C3%A9lection', '/app/elections/%C3%A9lection'],
  ['/app/search?q=a%20b', '/app/search?q=a%20b'],
  ['/app/x?next=https://evil.example', '/app/x?next=https://evil.example'],
  ['/app/../elections', '/elections'],
  ['/app/./elections', '/app/elections'],
  ['/app//elections', '/app//elections'],
];
for (const [asked, target] of kept) {
  test(`keeps ${asked}`, () => {
    assert.equal(safeRedirectTarget(asked), target);
  });
}

const refused: [string, unknown][] = [
  ['an absolute URL', 'https://evil.example/app'],
  ['an absolute URL to this very path', 'http://localhost:5000/app'],
  ['a scheme-relative URL', '//evil.example'],
  ['a scheme-relative URL with a path', '//evil.example/app'],
  ['three slashes', '///evil.example'],
  ['a backslash after the slash', '/\\evil.example'],
  ['two backslashes', '\\\\evil.example'],
  ['a backslash later in the path', '/app\\..\\..\\evil'],
  ['javascript:', 'javascript:alert(1)'],
  ['JavaScript: in capitals', 'JaVaScRiPt:alert(1)'],
  ['data:', 'data:text/html,<script>alert(1)</script>'],
  ['a relative path', 'app/elections'],
  ['a host without scheme', 'evil.example'],
  ['a path climbing into a scheme-relative URL', '/..//evil.example'],
  ['a dot segment into a scheme-relative URL', '/.//evil.example'],
  ['dot segments deeper into a scheme-relative URL', '/app/..//evil.example'],
  ['encoded dots into a scheme-relative URL', '/%2e%2e//evil.example'],
  ['encoded slashes', '/%2F%2Fevil.example'],
  ['lowercase encoded slashes', '/%2f/evil.example'],
  ['an encoded backslash', '/%5Cevil.example'],
  ['double-encoded slashes', '/%252F%252Fevil.example'],
  ['triple-encoded slashes', '/%25252F%25252Fevil.example'],
  ['deeply encoded text', '/%2525252541'],
  ['malformed encoding', '/app/%zz'],
  ['a truncated escape', '/app/%'],
  ['a tab browsers strip', '/\t/evil.example'],
  ['a newline browsers strip', '/\n/evil.example'],
  ['a carriage return and line feed', '/app\r\nSet-Cookie: x=y'],
  ['an encoded line feed', '/app%0d%0aSet-Cookie:%20x=y'],
  ['an encoded NUL', '/app%00'],
  ['a NUL', '/app\u0000'],
  ['a DEL', '/app\u007f'],
  ['a space', '/app elections'],
  ['a leading space', ' /app'],
  ['a non-ASCII character', '/app/élection'],
  ['a fullwidth solidus', '/／evil.example'],
  ['a right-to-left override', '/app\u202e'],
  ['a very long path', `/app/${'x'.repeat(2048)}`],
  ['an empty string', ''],
  ['no target', undefined],
  ['null', null],
  ['a number', 42],
  ['a repeated parameter', ['/app', '/elections']],
];
for (const [what, asked] of refused) {
  test(`refuses ${what}`, () => {
    assert.equal(safeRedirectTarget(asked), DEFAULT_AFTER_LOGIN);
  });
}

test('the default target is the dashboard', () => {
  assert.equal(DEFAULT_AFTER_LOGIN, '/app');
});
