import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { Client } from '../web/web-harness.js';
import type { FakeGitHub } from './fake-github.js';

/**
 * Logs `client` in as `login` through the GitHub OAuth flow, as a browser does: the login
 * form's POST, the fake GitHub's authorize redirect, then our callback. Returns the callback's
 * answer (303 on success).
 */
export async function logInWithGitHub(client: Client, github: FakeGitHub, login: string): Promise<LightMyRequestResponse> {
  const callback = await gitHubCallback(client, github, login);
  return client.get(`${callback.pathname}${callback.search}`);
}

/** The first two steps of `logInWithGitHub`: where GitHub sends the browser back to. */
export async function gitHubCallback(client: Client, github: FakeGitHub, login: string): Promise<URL> {
  const start = await client.postForm('/oauth/github/login', { next: '/app' });
  assert.equal(start.statusCode, 303, start.body);
  github.nextLogin = login;
  const authorized = await fetch(String(start.headers.location), { redirect: 'manual' });
  assert.equal(authorized.status, 302, `GitHub's authorize answered ${authorized.status}`);
  return new URL(authorized.headers.get('location') ?? '');
}
