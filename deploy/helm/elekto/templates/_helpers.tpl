{{- define "elekto.labels" -}}
app.kubernetes.io/name: elekto
app.kubernetes.io/part-of: elekto
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{- define "elekto.selector" -}}
app.kubernetes.io/name: elekto
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: web
{{- end }}

{{- define "elekto.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{- define "elekto.secretName" -}}
{{ .Values.existingSecret | default (printf "%s-secret" .Release.Name) }}
{{- end }}

{{- define "elekto.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end }}

{{- define "elekto.envFrom" -}}
- configMapRef:
    name: {{ .Release.Name }}-config
- secretRef:
    name: {{ include "elekto.secretName" . }}
{{- end }}

{{- define "elekto.volumeMounts" -}}
- name: data
  mountPath: /var/lib/elekto
- name: tmp
  mountPath: /tmp
{{- end }}
