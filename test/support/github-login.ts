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
  const { callback } = await startGitHubLogin(client, github, login);
  return client.get(callbackPath(callback));
}

/**
 * The first two steps of `logInWithGitHub`: GitHub's authorize URL (with our `state`) and
 * where GitHub sends the browser back to (with a fresh code and that state).
 */
export async function startGitHubLogin(client: Client, github: FakeGitHub, login: string): Promise<{ authorizeUrl: string; callback: URL }> {
  const start = await client.postForm('/oauth/github/login', { next: '/app' });
  assert.equal(start.statusCode, 303, start.body);
  const authorizeUrl = String(start.headers.location);
  return { authorizeUrl, callback: await authorize(github, authorizeUrl, login) };
}

/** GitHub's authorize page signing `login` in at once: where it redirects the browser. */
export async function authorize(github: FakeGitHub, authorizeUrl: string, login: string): Promise<URL> {
  github.nextLogin = login;
  const authorized = await fetch(authorizeUrl, { redirect: 'manual' });
  assert.equal(authorized.status, 302, `GitHub's authorize answered ${authorized.status}`);
  return new URL(authorized.headers.get('location') ?? '');
}

/** The path and query of a callback URL, as our app is asked for it. */
export const callbackPath = (callback: URL): string => `${callback.pathname}${callback.search}`;
