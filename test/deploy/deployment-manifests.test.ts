// SPEC §15 "Kubernetes": the kustomize base (deploy/kubernetes) and the Helm chart
// (deploy/helm/elekto) are rendered by the real tools — kubectl's kustomize and helm, from the
// npm registry (scripts/k8s-tools.sh) — and every object they produce is validated against
// the Kubernetes API's JSON schemas (compiled by ajv in the kubernetes-models package).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

const ROOT = new URL('../..', import.meta.url).pathname;
const exec = promisify(execFile);

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
  [field: string]: unknown;
}

const KINDS = ['ConfigMap', 'Deployment', 'Ingress', 'PodDisruptionBudget', 'Secret', 'Service'];

function parseObjects(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((document) => document.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
}

/** Validates `object` with the schema of its apiVersion and kind; throws with ajv's messages. */
async function validate(object: K8sObject): Promise<void> {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : [undefined, object.apiVersion];
  const module = `kubernetes-models/${group ? `${group}/` : ''}${version}/${object.kind}`;
  const models = (await import(module)) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = models[object.kind];
  assert.ok(Model, `no schema for ${object.apiVersion} ${object.kind}`);
  new Model(object).validate();
}

function deploymentOf(objects: K8sObject[]) {
  const deployment = objects.find((o) => o.kind === 'Deployment');
  assert.ok(deployment);
  type Container = { name: string; image: string; args: string[]; securityContext: Record<string, unknown>; startupProbe?: unknown; readinessProbe?: unknown; livenessProbe?: unknown; env?: { name: string; value: string }[] };
  const pod = (deployment.spec as { template: { spec: { securityContext: Record<string, unknown>; initContainers: Container[]; containers: Container[] } } }).template.spec;
  return { pod, containers: [...pod.initContainers, ...pod.containers] };
}

/** What both forms must have: the objects, probes, the migration, the security context. */
async function checkObjects(objects: K8sObject[], image: string): Promise<void> {
  assert.deepEqual([...new Set(objects.map((o) => o.kind))].sort(), KINDS);
  for (const object of objects) await validate(object);
  const { pod, containers } = deploymentOf(objects);
  assert.equal(pod.securityContext.runAsNonRoot, true);
  assert.deepEqual(containers.map((c) => c.args), [['migrate'], ['serve']]);
  for (const container of containers) {
    assert.equal(container.image, image, container.name);
    assert.deepEqual(container.securityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  }
  const serve = containers[1]!;
  for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) assert.ok(serve[probe], probe);
  // Liveness never asks the database: restarting a pod does not bring a database back.
  assert.deepEqual((serve.livenessProbe as { httpGet: { path: string } }).httpGet.path, '/livez');
  assert.deepEqual(serve.env, [{ name: 'ELEKTO_MIGRATE', value: 'false' }]);
}

describe('deployment manifests', { timeout: 120_000 }, () => {
  let tools = '';
  before(async () => {
    tools = (await exec('bash', [join(ROOT, 'scripts/k8s-tools.sh')])).stdout.trim();
  });
  const kustomize = async (dir: string) => parseObjects((await exec(join(tools, 'kubectl'), ['kustomize', dir])).stdout);
  const helm = async (...args: string[]) =>
    parseObjects((await exec(join(tools, 'helm'), ['template', 'elekto', join(ROOT, 'deploy/helm/elekto'), '--namespace', 'elekto', ...args])).stdout);

  it('the kustomize base renders valid objects with probes, a migration and a locked-down pod', async () => {
    const objects = await kustomize(join(ROOT, 'deploy/kubernetes'));
    await checkObjects(objects, 'elekto:0.1.0');
    assert.ok(objects.every((o) => o.metadata.namespace === 'elekto'));
  });

  it('the Helm chart passes helm lint and renders the same objects', async () => {
    await exec(join(tools, 'helm'), ['lint', '--strict', join(ROOT, 'deploy/helm/elekto')]);
    const [chart, base] = [await helm(), await kustomize(join(ROOT, 'deploy/kubernetes'))];
    await checkObjects(chart, 'elekto:0.1.0');
    assert.deepEqual(chart.map((o) => `${o.kind}/${o.metadata.name}`).sort(), base.map((o) => `${o.kind}/${o.metadata.name}`).sort());
    const data = (objects: K8sObject[], kind: string) => objects.find((o) => o.kind === kind)?.[kind === 'Secret' ? 'stringData' : 'data'];
    assert.deepEqual(data(chart, 'ConfigMap'), data(base, 'ConfigMap'));
    assert.deepEqual(data(chart, 'Secret'), data(base, 'Secret'));
  });

  it('one setting names the image', async () => {
    await checkObjects(await helm('--set', 'image.repository=registry.example.org/elekto', '--set', 'image.tag=1.2.3'), 'registry.example.org/elekto:1.2.3');
    const withExisting = await helm('--set', 'existingSecret=my-elekto-secret');
    assert.ok(!withExisting.some((o) => o.kind === 'Secret'));
  });

  it('the validator is live: a wrong field type is refused', async () => {
    const objects = await kustomize(join(ROOT, 'deploy/kubernetes'));
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    await assert.rejects(validate({ ...deployment, spec: { ...deployment.spec, replicas: 'two' } }), /replicas must be integer/);
  });

  it('no placeholder image names are left in the deployment files and docs', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
    for (const file of [...files(join(ROOT, 'deploy')), ...files(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')), join(ROOT, 'README.md')]) {
      assert.doesNotMatch(readFileSync(file, 'utf8'), /ghcr\.io\/example/, file);
    }
  });
});
