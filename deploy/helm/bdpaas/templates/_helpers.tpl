{{/* The release's name for its objects, at most 50 characters so that suffixes still fit. */}}
{{- define "bdpaas.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "bdpaas.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "bdpaas.selector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: control-plane
{{- end -}}

{{- define "bdpaas.databaseSecret" -}}
{{- if .Values.postgresql.enabled -}}
{{ include "bdpaas.fullname" . }}-database
{{- else -}}
{{ required "postgresql.externalSecret is required when postgresql.enabled is false" .Values.postgresql.externalSecret }}
{{- end -}}
{{- end -}}

{{/* The control plane's image, which also runs each project's file service. */}}
{{- define "bdpaas.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}
