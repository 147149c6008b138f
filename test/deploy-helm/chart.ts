import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { configProblems, type ServiceName } from '@sales-graph/shared/config';
import { runHelm } from '../../scripts/helm';

/** The chart, rendered and linted by the real helm binary (scripts/helm.ts). */
export const CHART = 'deploy/helm/sales-graph';
export const SERVICES = ['gateway', 'customers', 'partners'] as const;
export type Service = (typeof SERVICES)[number];

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
export interface Probe {
  httpGet?: { path: string; port: string | number };
  periodSeconds?: number;
  failureThreshold?: number;
}
export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: unknown[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: unknown;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
}
export interface PodSpec {
  containers: Container[];
  restartPolicy?: string;
  terminationGracePeriodSeconds?: number;
  automountServiceAccountToken?: boolean;
  serviceAccountName?: string;
  securityContext?: { runAsNonRoot?: boolean };
  imagePullSecrets?: { name: string }[];
}
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // Each kind's spec; the tests read the parts they check through the interfaces below.
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}
export interface Deployment extends Manifest {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
}
export interface Job extends Manifest {
  spec: { backoffLimit?: number; template: { metadata: { labels: Record<string, string> }; spec: PodSpec } };
}
export interface ServiceObject extends Manifest {
  spec: {
    selector: Record<string, string>;
    ports: { name?: string; port: number; targetPort: string | number }[];
  };
}
export interface Hpa extends Manifest {
  spec: {
    scaleTargetRef: { apiVersion: string; kind: string; name: string };
    minReplicas: number;
    maxReplicas: number;
    metrics: {
      type: string;
      resource?: { name: string; target: { type: string; averageUtilization?: number } };
    }[];
  };
}
export interface Pdb extends Manifest {
  spec: {
    maxUnavailable?: number | string;
    minAvailable?: number | string;
    selector: { matchLabels: Record<string, string> };
  };
}
export interface Ingress extends Manifest {
  spec: {
    ingressClassName?: string;
    tls?: { hosts: string[]; secretName: string }[];
    rules: {
      host: string;
      http: {
        paths: {
          path: string;
          backend: { service: { name: string; port: { name?: string; number?: number } } };
        }[];
      };
    }[];
  };
}
export interface NetworkPolicy extends Manifest {
  spec: {
    podSelector: { matchLabels: Record<string, string> };
    policyTypes: string[];
    ingress: {
      from?: { podSelector?: { matchLabels: Record<string, string> } }[];
      ports?: { port: string | number }[];
    }[];
  };
}

export interface Rendered {
  manifests: Manifest[];
  text: string;
  of<T extends Manifest>(kind: string): T[];
  deployment(service: Service): Deployment;
  container(service: Service): Container;
  job(): Job;
}

/** `helm template` with a values object (written to a file, as `-f` takes it): exit status and output. */
export function helmTemplate(values: object = {}, extra: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'sales-graph-helm-'));
  try {
    const file = join(dir, 'values.yaml');
    writeFileSync(file, JSON.stringify(values));
    return runHelm(['template', 'demo', CHART, '--namespace', 'sales', '-f', file, ...extra]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `helm lint --strict` with a values object. */
export function helmLint(values: object = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sales-graph-helm-'));
  try {
    const file = join(dir, 'values.yaml');
    writeFileSync(file, JSON.stringify(values));
    return runHelm(['lint', '--strict', CHART, '-f', file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Renders the chart and parses every document with `yaml`; any YAML error fails. */
export function render(values: object = {}): Rendered {
  const result = helmTemplate(values);
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`helm template failed (${result.status}):\n${result.stderr}`);
  const manifests: Manifest[] = [];
  for (const doc of parseAllDocuments(result.stdout)) {
    if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors[0].message}`);
    const value = doc.toJS() as Manifest | null;
    if (value) manifests.push(value);
  }
  const of = <T extends Manifest>(kind: string) => manifests.filter((m) => m.kind === kind) as T[];
  const deployment = (service: Service) => {
    const found = of<Deployment>('Deployment').filter(
      (d) => d.metadata.labels?.['app.kubernetes.io/component'] === service,
    );
    if (found.length !== 1) throw new Error(`expected one Deployment of ${service}, found ${found.length}`);
    return found[0];
  };
  return {
    manifests,
    text: result.stdout,
    of,
    deployment,
    container: (service) => {
      const containers = deployment(service).spec.template.spec.containers;
      if (containers.length !== 1) throw new Error(`${service}: expected one container`);
      return containers[0];
    },
    job: () => {
      const jobs = of<Job>('Job');
      if (jobs.length !== 1) throw new Error(`expected one Job, found ${jobs.length}`);
      return jobs[0];
    },
  };
}

/**
 * A container's environment as the kubelet would give it: a secretKeyRef becomes the value of that
 * key in `secrets` (by Secret name, then key); a reference to a Secret or key that is not there
 * fails, as the pod would not start.
 */
export function resolveEnv(
  container: Container,
  secrets: Record<string, Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  if (container.envFrom) throw new Error(`${container.name}: envFrom hides which settings a pod gets`);
  for (const entry of container.env ?? []) {
    const ref = entry.valueFrom?.secretKeyRef;
    if (ref) {
      const value = secrets[ref.name]?.[ref.key];
      if (value === undefined) throw new Error(`${entry.name}: no key ${ref.key} in Secret ${ref.name}`);
      env[entry.name] = value;
    } else {
      if (entry.value === undefined) throw new Error(`${entry.name}: neither a value nor a secretKeyRef`);
      env[entry.name] = entry.value;
    }
  }
  return env;
}

/** Every Secret reference (Secret name and key) of a container's env, by variable name. */
export function secretRefs(container: Container): Record<string, { name: string; key: string }> {
  return Object.fromEntries(
    (container.env ?? [])
      .filter((entry) => entry.valueFrom?.secretKeyRef)
      .map((entry) => [entry.name, entry.valueFrom!.secretKeyRef!]),
  );
}

/**
 * The settings the code requires of a service in production, read from shared/src/config.ts
 * itself: each problem configProblems() reports for an empty production environment names one.
 */
export function requiredSettings(service: ServiceName): string[] {
  return configProblems(service, { NODE_ENV: 'production' }).map((problem) => problem.split(' ')[0]);
}

/** `dist/scripts/x.js` (what the image runs) → `scripts/x.ts` (its source). */
export function sourceOf(distEntry: string): string {
  const match = /^dist\/(scripts\/[\w-]+)\.js$/.exec(distEntry);
  if (!match) throw new Error(`not a built script: ${distEntry}`);
  return `${match[1]}.ts`;
}

export const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);
