import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from '../../src/web/markdown.js';

test('ordinary Markdown renders: headings, lists, links, code, tables', () => {
  const html = renderMarkdown('# Me\n\n- one\n- two\n\n[site](https://example.org) `--namespace`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n');
  assert.match(html, /<h1>Me<\/h1>/);
  assert.match(html, /<li>one<\/li>/);
  assert.match(html, /<a href="https:\/\/example.org" rel="nofollow noopener noreferrer">site<\/a>/);
  assert.match(html, /<code>--namespace<\/code>/);
  assert.match(html, /<td>1<\/td>/);
});

test('a script tag in a bio never reaches the page', () => {
  const html = renderMarkdown('Hello <script>alert(1)</script> world');
  assert.doesNotMatch(html, /<script/i);
});

test('event handler attributes and javascript: links are stripped', () => {
  const html = renderMarkdown('<img src="https://x.example/a.png" onerror="alert(1)"> [x](javascript:alert(1)) <a href="javascript:alert(2)">y</a>');
  assert.doesNotMatch(html, /onerror/i);
  assert.doesNotMatch(html, /href="javascript:/i);
  assert.match(html, /<img src="https:\/\/x.example\/a.png" \/>/);
});

test('inline styles, iframes and forms are removed', () => {
  const html = renderMarkdown('<p style="position:fixed">a</p><iframe src="https://evil.example"></iframe><form action="/logout"><button>b</button></form>');
  assert.doesNotMatch(html, /style=|<iframe|<form|<button/i);
});

test('the line breaks and images real bios use are kept', () => {
  const html = renderMarkdown('line<br>next\n\n![me](https://example.org/me.jpg)');
  assert.match(html, /<br \/>/);
  assert.match(html, /<img src="https:\/\/example.org\/me.jpg" alt="me" \/>/);
});
