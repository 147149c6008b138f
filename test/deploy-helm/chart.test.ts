import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configProblems, DEV_JWT_SECRET, ports } from '@sales-graph/shared/config';
import { PROJECT_ROOT } from '@sales-graph/shared/paths';
import {
  CHART,
  helmLint,
  helmTemplate,
  matches,
  render,
  requiredSettings,
  resolveEnv,
  secretRefs,
  SERVICES,
  sourceOf,
  type Container,
  type Hpa,
  type Ingress,
  type Job,
  type NetworkPolicy,
  type Pdb,
  type Rendered,
  type Service,
  type ServiceObject,
} from './chart';

/**
 * The Helm chart (deploy/helm/sales-graph), linted and rendered by the real helm binary, every
 * document parsed, and the Kubernetes shapes checked against the code: the settings each service
 * requires in production come from shared/src/config.ts, so a new required setting fails here.
 */
const defaults = render();

/** Every secretKeyRef of a rendering, answered by a stand-in value (never a development default). */
function secretsFor(rendered: Rendered): Record<string, Record<string, string>> {
  const secrets: Record<string, Record<string, string>> = {};
  const containers = [
    ...SERVICES.map((service) => rendered.container(service)),
    ...rendered.of<Job>('Job').flatMap((job) => job.spec.template.spec.containers),
  ];
  for (const container of containers)
    for (const ref of Object.values(secretRefs(container)))
      (secrets[ref.name] ??= {})[ref.key] = `from-secret:${ref.name}/${ref.key}`;
  return secrets;
}

/** The port the service listens on with this environment, as the code computes it (ports()). */
function listeningPort(service: Service, env: Record<string, string>): number {
  const saved = process.env;
  process.env = { ...env };
  try {
    return ports()[service];
  } finally {
    process.env = saved;
  }
}

const httpPort = (container: Container) => {
  const port = container.ports?.find((p) => p.name === 'http');
  if (!port) throw new Error(`${container.name}: no port named http`);
  return port.containerPort;
};

/** The shapes every rendering must have, whatever the values. */
function checkShapes(rendered: Rendered) {
  const secrets = secretsFor(rendered);
  const services = rendered.of<ServiceObject>('Service');
  for (const service of SERVICES) {
    const deployment = rendered.deployment(service);
    const pod = deployment.spec.template.spec;
    const container = rendered.container(service);
    const env = resolveEnv(container, secrets);
    const names = (container.env ?? []).map((entry) => entry.name);
    expect({ service, duplicates: names.filter((n, i) => names.indexOf(n) !== i) }).toEqual({
      service,
      duplicates: [],
    });

    // The image's entry point for this service, whose source exists.
    expect({ service, command: container.command }).toEqual({
      service,
      command: ['node', 'dist/scripts/serve.js', service],
    });
    expect(existsSync(join(PROJECT_ROOT, sourceOf(container.command![1])))).toBe(true);
    expect(container.args).toBeUndefined();

    // Production mode, and every setting the code requires there: configProblems finds none.
    expect(env.NODE_ENV).toBe('production');
    expect({ service, problems: configProblems(service, env) }).toEqual({ service, problems: [] });

    // Secrets only by reference, and only those this service needs.
    const required = requiredSettings(service);
    const refs = secretRefs(container);
    for (const entry of container.env ?? [])
      if (/SECRET|PASSWORD|TOKEN|DATABASE_URL|REDIS_URL/.test(entry.name))
        expect({ service, name: entry.name, literal: entry.value }).toEqual({
          service,
          name: entry.name,
          literal: undefined,
        });
    for (const name of Object.keys(refs))
      expect({ service, name, needed: required.includes(name) || name === 'REDIS_URL' }).toEqual({
        service,
        name,
        needed: true,
      });
    for (const name of required.filter((n) => !/_URL$/.test(n) || n.endsWith('_DATABASE_URL')))
      expect({ service, name, byReference: name in refs }).toEqual({ service, name, byReference: true });

    // Each service URL it needs is the Service of that subgraph, on that subgraph's port.
    for (const name of required.filter((n) => /^[A-Z]+_URL$/.test(n))) {
      const target = name.replace(/_URL$/, '').toLowerCase() as Service;
      const url = new URL(env[name]);
      const targetService = services.find((s) => s.metadata.name === url.hostname);
      expect({ service, name, host: url.hostname, found: !!targetService }).toEqual({
        service,
        name,
        host: url.hostname,
        found: true,
      });
      expect(url.pathname).toBe('/graphql');
      expect(targetService!.spec.ports.map((p) => p.port)).toEqual([Number(url.port)]);
      expect(
        matches(targetService!.spec.selector, rendered.deployment(target).spec.template.metadata.labels),
      ).toBe(true);
    }

    // Listens where the container port, the probes and its Service say.
    const port = httpPort(container);
    expect({ service, port: listeningPort(service, env) }).toEqual({ service, port });
    const own = services.filter((s) => matches(s.spec.selector, deployment.spec.template.metadata.labels));
    expect(own.map((s) => s.metadata.name)).toEqual([deployment.metadata.name]);
    expect(own[0].spec.ports).toEqual([expect.objectContaining({ targetPort: 'http' })]);
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/livez', port: 'http' });
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.startupProbe?.httpGet).toEqual({ path: '/livez', port: 'http' });

    // Requests for the scheduler and the HPA, a memory limit.
    expect(container.resources?.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources?.limits?.memory).toEqual(expect.any(String));

    // SIGTERM: serve on for SHUTDOWN_DELAY_MS, drain for SHUTDOWN_GRACE_MS, all before the SIGKILL.
    const shutdownMs = Number(env.SHUTDOWN_DELAY_MS) + Number(env.SHUTDOWN_GRACE_MS);
    expect(pod.terminationGracePeriodSeconds! * 1000).toBeGreaterThan(shutdownMs);
    expect(container.lifecycle).toBeUndefined(); // no preStop: SHUTDOWN_DELAY_MS is the delay

    // Hardened: no API token, non-root, read-only root file system.
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });

    // The selector picks this service's pods only.
    expect(matches(deployment.spec.selector.matchLabels, deployment.spec.template.metadata.labels)).toBe(
      true,
    );
    for (const other of SERVICES.filter((s) => s !== service))
      expect(
        matches(
          deployment.spec.selector.matchLabels,
          rendered.deployment(other).spec.template.metadata.labels,
        ),
      ).toBe(false);

    // A PodDisruptionBudget over exactly these pods.
    const pdbs = rendered
      .of<Pdb>('PodDisruptionBudget')
      .filter((pdb) => matches(pdb.spec.selector.matchLabels, deployment.spec.template.metadata.labels));
    expect({ service, pdbs: pdbs.length }).toEqual({ service, pdbs: 1 });
    expect(pdbs[0].apiVersion).toBe('policy/v1');
    expect(pdbs[0].spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);

    // With an HPA, the HPA owns the replica count (no `replicas` for every upgrade to reset).
    const hpas = rendered
      .of<Hpa>('HorizontalPodAutoscaler')
      .filter((h) => h.spec.scaleTargetRef.name === deployment.metadata.name);
    if (hpas.length > 0) {
      expect(hpas).toHaveLength(1);
      expect(hpas[0].apiVersion).toBe('autoscaling/v2');
      expect(hpas[0].spec.scaleTargetRef).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: deployment.metadata.name,
      });
      expect(hpas[0].spec.minReplicas).toBeLessThanOrEqual(hpas[0].spec.maxReplicas);
      expect(hpas[0].spec.metrics).toEqual([
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: expect.any(Number) } },
        },
      ]);
      expect(deployment.spec.replicas).toBeUndefined();
    } else {
      expect(deployment.spec.replicas).toEqual(expect.any(Number));
    }
  }

  // No Secret (nor anything holding one) comes from the chart.
  expect(rendered.manifests.filter((m) => ['Secret', 'ConfigMap'].includes(m.kind))).toEqual([]);
  for (const devDefault of [DEV_JWT_SECRET, 'dev-only-']) expect(rendered.text).not.toContain(devDefault);
}

test('helm lint --strict passes with the default values', () => {
  const lint = helmLint();
  expect({ status: lint.status, output: lint.stdout + lint.stderr }).toEqual({
    status: 0,
    output: expect.stringContaining('0 chart(s) failed'),
  });
});

test('the default rendering: a Deployment, Service, HPA, PodDisruptionBudget and NetworkPolicy per service, one migration Job', () => {
  const count = (kind: string) =>
    defaults
      .of(kind)
      .map((m) => m.metadata.labels?.['app.kubernetes.io/component'])
      .sort();
  const each = [...SERVICES].sort();
  expect(count('Deployment')).toEqual(each);
  expect(count('Service')).toEqual(each);
  expect(count('HorizontalPodAutoscaler')).toEqual(each);
  expect(count('PodDisruptionBudget')).toEqual(each);
  expect(count('NetworkPolicy')).toEqual(each);
  expect(count('Job')).toEqual(['migrate']);
  expect(defaults.manifests.map((m) => m.kind).sort()).toEqual(
    [
      ...Array(3)
        .fill(['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy'])
        .flat(),
      'Job',
    ].sort(),
  );
  expect(defaults.of('Ingress')).toEqual([]);
  checkShapes(defaults);
});

test('every service gets the settings config.ts requires of it in production, its secrets from the Secret', () => {
  // Spelled out once, so a reader sees what the derived checks above amount to.
  const refs = (service: Service) => secretRefs(defaults.container(service));
  expect(refs('gateway')).toEqual({
    JWT_SECRET: { name: 'sales-graph', key: 'JWT_SECRET' },
    CUSTOMERS_SUBGRAPH_SECRET: { name: 'sales-graph', key: 'CUSTOMERS_SUBGRAPH_SECRET' },
    PARTNERS_SUBGRAPH_SECRET: { name: 'sales-graph', key: 'PARTNERS_SUBGRAPH_SECRET' },
  });
  expect(Object.keys(refs('customers')).sort()).toEqual(
    [
      'CURSOR_SECRET',
      'CUSTOMERS_DATABASE_URL',
      'CUSTOMERS_SUBGRAPH_SECRET',
      'PARTNERS_SUBGRAPH_SECRET',
    ].sort(),
  );
  expect(Object.keys(refs('partners')).sort()).toEqual(
    [
      'CURSOR_SECRET',
      'CUSTOMERS_SUBGRAPH_SECRET',
      'PARTNERS_DATABASE_URL',
      'PARTNERS_SUBGRAPH_SECRET',
    ].sort(),
  );
  // A subgraph without one of them would refuse to start: each is needed, none is decoration.
  for (const service of SERVICES) {
    const env = resolveEnv(defaults.container(service), secretsFor(defaults));
    for (const name of requiredSettings(service)) {
      const without = { ...env };
      delete without[name];
      expect({ service, name, refused: configProblems(service, without).length > 0 }).toEqual({
        service,
        name,
        refused: true,
      });
    }
  }
});

test('the migration Job is a pre-install/pre-upgrade hook running the migrate command on both databases', () => {
  const job = defaults.job();
  expect(job.apiVersion).toBe('batch/v1');
  const hooks = job.metadata.annotations?.['helm.sh/hook']?.split(',');
  expect(hooks?.sort()).toEqual(['pre-install', 'pre-upgrade']);
  expect(job.metadata.annotations?.['helm.sh/hook-delete-policy']).toContain('before-hook-creation');
  const pod = job.spec.template.spec;
  expect(pod.restartPolicy).toBe('Never');
  // A hook runs before the release's own objects exist: it may use none of them.
  expect(pod.serviceAccountName).toBeUndefined();
  expect(pod.automountServiceAccountToken).toBe(false);
  const [container] = pod.containers;
  expect(container.command).toEqual(['node', 'dist/scripts/migrate.js']);
  expect(existsSync(join(PROJECT_ROOT, sourceOf(container.command![1])))).toBe(true);
  // The same image as the services, so the migrations are those of the code about to run.
  for (const service of SERVICES) expect(defaults.container(service).image).toBe(container.image);
  // Each subgraph's database, from the very Secret key that subgraph's Deployment reads.
  const refs = secretRefs(container);
  expect(Object.keys(refs).sort()).toEqual(['CUSTOMERS_DATABASE_URL', 'PARTNERS_DATABASE_URL']);
  expect(refs.CUSTOMERS_DATABASE_URL).toEqual(
    secretRefs(defaults.container('customers')).CUSTOMERS_DATABASE_URL,
  );
  expect(refs.PARTNERS_DATABASE_URL).toEqual(
    secretRefs(defaults.container('partners')).PARTNERS_DATABASE_URL,
  );
  expect(resolveEnv(container, secretsFor(defaults)).NODE_ENV).toBe('production');
  expect(container.resources?.requests).toBeDefined();
});

test('only the gateway takes traffic from anywhere: a subgraph only from the services config.ts says call it', () => {
  for (const service of SERVICES) {
    const labels = defaults.deployment(service).spec.template.metadata.labels;
    const policies = defaults
      .of<NetworkPolicy>('NetworkPolicy')
      .filter((p) => matches(p.spec.podSelector.matchLabels, labels));
    expect({ service, policies: policies.length }).toEqual({ service, policies: 1 });
    const [policy] = policies;
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    const callers = SERVICES.filter((caller) =>
      requiredSettings(caller).includes(`${service.toUpperCase()}_URL`),
    );
    const allowed = policy.spec.ingress.flatMap((rule) => rule.from ?? [{}]);
    if (service === 'gateway') {
      expect(allowed).toEqual([{}]); // no `from`: anyone, on the http port
    } else {
      const allowedServices = SERVICES.filter((caller) =>
        allowed.some(
          (peer) =>
            peer.podSelector &&
            matches(peer.podSelector.matchLabels, defaults.deployment(caller).spec.template.metadata.labels),
        ),
      );
      expect({ service, allowedServices }).toEqual({ service, allowedServices: callers });
      expect(callers.length).toBeGreaterThan(0);
    }
    for (const rule of policy.spec.ingress) expect(rule.ports).toEqual([{ port: 'http' }]);
  }
});

const production = {
  fullnameOverride: 'sg',
  image: { repository: 'registry.example.com/sales-graph', tag: '1.2.3' },
  imagePullSecrets: ['regcred'],
  secrets: { existingSecret: 'sales-graph-prod', keys: { JWT_SECRET: 'jwt-signing-key' } },
  database: { existingSecret: 'pg-app', customersUrlKey: 'uri', partnersUrlKey: 'uri' },
  redis: { existingSecret: 'redis-auth', urlKey: 'url' },
  env: { GRAPHQL_INTROSPECTION: 'off' },
  shutdown: { delayMs: 15000, graceMs: 30000 },
  ingress: {
    enabled: true,
    className: 'nginx',
    host: 'api.example.com',
    tlsSecretName: 'api-example-com-tls',
  },
  gateway: { autoscaling: { enabled: false }, replicas: 5, env: { TRUST_PROXY: '2' } },
  customers: {
    autoscaling: { minReplicas: 3, maxReplicas: 8 },
    podDisruptionBudget: { maxUnavailable: null, minAvailable: 2 },
  },
  networkPolicy: { enabled: false },
};

test('non-default values: replicas, Secret names and keys, Redis, image, shutdown, ingress, extra settings', () => {
  const lint = helmLint(production);
  expect({ status: lint.status, output: lint.stdout + lint.stderr }).toEqual({
    status: 0,
    output: expect.any(String),
  });
  const rendered = render(production);
  checkShapes(rendered);

  // Fixed replicas and no HPA for the gateway; the subgraphs keep theirs, customers with new bounds.
  expect(rendered.deployment('gateway').spec.replicas).toBe(5);
  const hpas = rendered.of<Hpa>('HorizontalPodAutoscaler');
  expect(hpas.map((h) => h.spec.scaleTargetRef.name).sort()).toEqual(['sg-customers', 'sg-partners']);
  expect(hpas.find((h) => h.metadata.name === 'sg-customers')?.spec).toMatchObject({
    minReplicas: 3,
    maxReplicas: 8,
  });
  expect(
    rendered.of<Pdb>('PodDisruptionBudget').find((p) => p.metadata.name === 'sg-customers')?.spec,
  ).toEqual({
    minAvailable: 2,
    selector: expect.any(Object),
  });

  // Secrets by the names and keys given; the gateway shares its rate-limit buckets through Redis.
  expect(secretRefs(rendered.container('gateway'))).toEqual({
    JWT_SECRET: { name: 'sales-graph-prod', key: 'jwt-signing-key' },
    CUSTOMERS_SUBGRAPH_SECRET: { name: 'sales-graph-prod', key: 'CUSTOMERS_SUBGRAPH_SECRET' },
    PARTNERS_SUBGRAPH_SECRET: { name: 'sales-graph-prod', key: 'PARTNERS_SUBGRAPH_SECRET' },
    REDIS_URL: { name: 'redis-auth', key: 'url' },
  });
  expect(secretRefs(rendered.container('customers')).CUSTOMERS_DATABASE_URL).toEqual({
    name: 'pg-app',
    key: 'uri',
  });
  expect(secretRefs(rendered.job().spec.template.spec.containers[0])).toEqual({
    CUSTOMERS_DATABASE_URL: { name: 'pg-app', key: 'uri' },
    PARTNERS_DATABASE_URL: { name: 'pg-app', key: 'uri' },
  });
  expect(secretRefs(rendered.container('customers')).REDIS_URL).toBeUndefined();

  // Image, pull secret, plain settings (global and per service), names, shutdown budget.
  const secrets = secretsFor(rendered);
  for (const service of SERVICES) {
    const container = rendered.container(service);
    expect(container.image).toBe('registry.example.com/sales-graph:1.2.3');
    expect(rendered.deployment(service).spec.template.spec.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    const env = resolveEnv(container, secrets);
    expect(env.GRAPHQL_INTROSPECTION).toBe('off');
    expect(env.TRUST_PROXY).toBe(service === 'gateway' ? '2' : undefined); // the values' own, not the ingress default
    expect(env).toMatchObject({ SHUTDOWN_DELAY_MS: '15000', SHUTDOWN_GRACE_MS: '30000' });
    expect(rendered.deployment(service).spec.template.spec.terminationGracePeriodSeconds).toBe(50);
  }
  expect(resolveEnv(rendered.container('gateway'), secrets).CUSTOMERS_URL).toBe(
    'http://sg-customers:4001/graphql',
  );
  expect(rendered.job().spec.template.spec.containers[0].image).toBe(
    'registry.example.com/sales-graph:1.2.3',
  );

  // The ingress routes to the gateway's Service only, with TLS from its Secret.
  const [ingress, ...more] = rendered.of<Ingress>('Ingress');
  expect(more).toEqual([]);
  expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
  expect(ingress.spec.ingressClassName).toBe('nginx');
  expect(ingress.spec.tls).toEqual([{ hosts: ['api.example.com'], secretName: 'api-example-com-tls' }]);
  expect(ingress.spec.rules).toEqual([
    {
      host: 'api.example.com',
      http: {
        paths: [
          {
            path: '/',
            pathType: 'Prefix',
            backend: { service: { name: 'sg-gateway', port: { name: 'http' } } },
          },
        ],
      },
    },
  ]);
  expect(rendered.of('NetworkPolicy')).toEqual([]);
});

test("behind the chart's ingress the gateway believes one proxy hop (per-source rate limits see the client)", () => {
  const rendered = render({ ingress: { enabled: true } });
  checkShapes(rendered);
  expect(resolveEnv(rendered.container('gateway'), secretsFor(rendered)).TRUST_PROXY).toBe('1');
  expect(resolveEnv(rendered.container('customers'), secretsFor(rendered)).TRUST_PROXY).toBeUndefined();
  expect(resolveEnv(defaults.container('gateway'), secretsFor(defaults)).TRUST_PROXY).toBeUndefined();
});

test('a port of its own per service reaches every place that names it', () => {
  const rendered = render({ gateway: { port: 8080 }, customers: { port: 9001 }, partners: { port: 9002 } });
  checkShapes(rendered);
  const env = resolveEnv(rendered.container('gateway'), secretsFor(rendered));
  expect(env).toMatchObject({
    PORT: '8080',
    CUSTOMERS_URL: 'http://demo-sales-graph-customers:9001/graphql',
    PARTNERS_URL: 'http://demo-sales-graph-partners:9002/graphql',
  });
});

test('values that would leak a secret or break the release are refused at render time', () => {
  const refused = (values: object) => {
    const result = helmTemplate(values);
    return { status: result.status, error: result.stderr };
  };
  expect(refused({ env: { JWT_SECRET: 'in-the-values' } })).toEqual({
    status: 1,
    error: expect.stringContaining('JWT_SECRET looks like a secret: put it in a Secret'),
  });
  expect(refused({ partners: { env: { DATABASE_URL: 'postgres://u:p@db/sales' } } })).toEqual({
    status: 1,
    error: expect.stringContaining('DATABASE_URL looks like a secret'),
  });
  expect(refused({ gateway: { env: { PORT: '1234' } } })).toEqual({
    status: 1,
    error: expect.stringContaining('PORT is set by the chart'),
  });
  expect(refused({ secrets: { existingSecret: '' } })).toEqual({
    status: 1,
    error: expect.stringContaining('secrets.existingSecret must name the Secret'),
  });
  expect(refused({ customers: { resources: { requests: { cpu: null } } } })).toEqual({
    status: 1,
    error: expect.stringContaining('customers.autoscaling needs customers.resources.requests.cpu'),
  });
  // values.schema.json: a wrong type or a misspelt setting is an error, not a silent default.
  expect(refused({ gateway: { replicas: 'two' } })).toEqual({
    status: 1,
    error: expect.stringContaining("at '/gateway/replicas': got string, want integer"),
  });
  expect(refused({ ingres: { enabled: true } })).toEqual({
    status: 1,
    error: expect.stringContaining("additional properties 'ingres' not allowed"),
  });
  expect(refused({ gateway: { autoscaling: { minReplicas: 5, maxReplicas: 2 } } })).toEqual({
    status: 1,
    error: expect.stringContaining('gateway.autoscaling.minReplicas exceeds maxReplicas'),
  });
});

test('the chart is a real Helm chart and holds no secret: every value that looks like one names a Secret or a key', () => {
  const chart = parse(readFileSync(join(PROJECT_ROOT, CHART, 'Chart.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  expect(chart).toMatchObject({ apiVersion: 'v2', name: 'sales-graph', type: 'application' });
  const templates = readdirSync(join(PROJECT_ROOT, CHART, 'templates'));
  expect(templates).toEqual(expect.arrayContaining(['_helpers.tpl', 'deployment.yaml', 'migrate-job.yaml']));
  const values = parse(readFileSync(join(PROJECT_ROOT, CHART, 'values.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  const walk = (node: unknown, path: string[]): void => {
    if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
      return;
    }
    if (typeof node !== 'string') return;
    expect({ path: path.join('.'), credentials: /:\/\/[^/\s]*:[^@\s]*@/.test(node) }).toEqual({
      path: path.join('.'),
      credentials: false,
    });
    if (/secret|password|key|token/i.test(path.join('.')))
      // A Secret's name or a key in it: a DNS-label-ish name, never a value of its own.
      expect({ path: path.join('.'), name: /^[A-Za-z0-9._-]{0,253}$/.test(node) }).toEqual({
        path: path.join('.'),
        name: true,
      });
  };
  walk(values, []);
});
