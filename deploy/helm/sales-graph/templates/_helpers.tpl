{{/*
The chart's knowledge of the code, in one place. A service gets exactly the settings
shared/src/config.ts (assertConfig) requires of it in production, and no other secret:
test/deploy-helm/ renders the chart and runs configProblems() on what each Deployment gets.
*/}}

{{/* The services, in start-up order. */}}
{{- define "sales-graph.services" -}}
gateway customers partners
{{- end -}}

{{/* The secrets each service reads (config.ts REQUIRED_SECRETS), space-separated. */}}
{{- define "sales-graph.secretNames" -}}
{{- $secrets := dict
  "gateway" "JWT_SECRET CUSTOMERS_SUBGRAPH_SECRET PARTNERS_SUBGRAPH_SECRET"
  "customers" "CUSTOMERS_SUBGRAPH_SECRET PARTNERS_SUBGRAPH_SECRET CURSOR_SECRET"
  "partners" "PARTNERS_SUBGRAPH_SECRET CUSTOMERS_SUBGRAPH_SECRET CURSOR_SECRET" -}}
{{- get $secrets .component -}}
{{- end -}}

{{/* The services each one calls (config.ts REQUIRED_URLS). */}}
{{- define "sales-graph.calls" -}}
{{- $calls := dict "gateway" "customers partners" "customers" "partners" "partners" "customers" -}}
{{- get $calls .component -}}
{{- end -}}

{{/* The variable a service reads its port from (config.ts ports()). */}}
{{- define "sales-graph.portVar" -}}
{{- if eq .component "gateway" -}}PORT{{- else -}}{{ upper .component }}_PORT{{- end -}}
{{- end -}}

{{- define "sales-graph.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sales-graph.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one component's objects: (dict "root" $ "component" "gateway"). */}}
{{- define "sales-graph.componentName" -}}
{{- printf "%s-%s" (include "sales-graph.fullname" .root) .component -}}
{{- end -}}

{{- define "sales-graph.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sales-graph.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "sales-graph.labels" -}}
{{ include "sales-graph.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: sales-graph
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "sales-graph.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "sales-graph.secretName" -}}
{{- required "secrets.existingSecret must name the Secret holding the services' keys (the chart creates none)" .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "sales-graph.databaseSecretName" -}}
{{- default (include "sales-graph.secretName" .) .Values.database.existingSecret -}}
{{- end -}}

{{/* One env entry read from a Secret: (dict "name" "JWT_SECRET" "secret" "s" "key" "k"). */}}
{{- define "sales-graph.secretEnvEntry" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret | quote }}
      key: {{ .key | quote }}
{{- end -}}

{{/* The connection string of one subgraph's database, from its Secret. */}}
{{- define "sales-graph.databaseEnv" -}}
{{- $root := .root -}}
{{- $key := ternary $root.Values.database.customersUrlKey $root.Values.database.partnersUrlKey (eq .component "customers") -}}
{{- include "sales-graph.secretEnvEntry" (dict "name" (printf "%s_DATABASE_URL" (upper .component)) "secret" (include "sales-graph.databaseSecretName" $root) "key" (required "database.customersUrlKey and database.partnersUrlKey must be set" $key)) -}}
{{- end -}}

{{- define "sales-graph.terminationGracePeriodSeconds" -}}
{{- add (div (add (int .Values.shutdown.delayMs) (int .Values.shutdown.graceMs)) 1000) 5 -}}
{{- end -}}

{{/*
Every env entry of one service: what the chart manages (production mode, port, the URLs of the
services it calls, shutdown timing, its secrets by reference), then the plain settings of
`env` and `<service>.env`, which may neither look like a secret nor override a managed one.
*/}}
{{- define "sales-graph.env" -}}
{{- $root := .root -}}
{{- $component := .component -}}
{{- $values := index $root.Values $component -}}
{{- $managed := list "NODE_ENV" "PORT" "CUSTOMERS_PORT" "PARTNERS_PORT" "CUSTOMERS_URL" "PARTNERS_URL" "SHUTDOWN_DELAY_MS" "SHUTDOWN_GRACE_MS" "DATABASE_URL" "CUSTOMERS_DATABASE_URL" "PARTNERS_DATABASE_URL" "REDIS_URL" -}}
- name: NODE_ENV
  value: production
- name: {{ include "sales-graph.portVar" . }}
  value: {{ $values.port | quote }}
{{- range $called := splitList " " (include "sales-graph.calls" .) }}
- name: {{ upper $called }}_URL
  value: {{ printf "http://%s:%v/graphql" (include "sales-graph.componentName" (dict "root" $root "component" $called)) (index $root.Values $called).port | quote }}
{{- end }}
- name: SHUTDOWN_DELAY_MS
  value: {{ $root.Values.shutdown.delayMs | quote }}
- name: SHUTDOWN_GRACE_MS
  value: {{ $root.Values.shutdown.graceMs | quote }}
{{- range $name := splitList " " (include "sales-graph.secretNames" .) }}
{{ include "sales-graph.secretEnvEntry" (dict "name" $name "secret" (include "sales-graph.secretName" $root) "key" (default $name (get $root.Values.secrets.keys $name))) }}
{{- end }}
{{- if ne $component "gateway" }}
{{ include "sales-graph.databaseEnv" . }}
{{- end }}
{{- if and (eq $component "gateway") $root.Values.redis.existingSecret }}
{{ include "sales-graph.secretEnvEntry" (dict "name" "REDIS_URL" "secret" $root.Values.redis.existingSecret "key" $root.Values.redis.urlKey) }}
{{- end }}
{{- $plain := merge (dict) ($values.env | default dict) ($root.Values.env | default dict) }}
{{- /* Behind the chart's ingress the client address is one hop away (rate limits per source). */}}
{{- if and (eq $component "gateway") $root.Values.ingress.enabled (not (hasKey $plain "TRUST_PROXY")) }}
- name: TRUST_PROXY
  value: "1"
{{- end }}
{{- range $name, $value := $plain }}
{{- if regexMatch "SECRET|PASSWORD|TOKEN|DATABASE_URL|REDIS_URL|PRIVATE|CREDENTIAL" (upper $name) }}
{{- fail (printf "%s looks like a secret: put it in a Secret, never in the chart's values" $name) }}
{{- end }}
{{- if has $name $managed }}
{{- fail (printf "%s is set by the chart; use its own value (port, shutdown, database, redis) instead" $name) }}
{{- end }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}
