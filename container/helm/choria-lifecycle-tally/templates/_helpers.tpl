{{/* The release's full name: the release name, with the chart's name unless it already holds it. */}}
{{- define "tally.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* What selects the release's pods: per release, so that two releases in a namespace do not mix. */}}
{{- define "tally.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "tally.labels" -}}
{{ include "tally.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "tally.image" -}}
{{- printf "%s/%s:%s" .Values.image.registry .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/* The election campaign: tally.election, else the full name when there is more than one replica. */}}
{{- define "tally.election" -}}
{{- if .Values.tally.election -}}
{{- .Values.tally.election -}}
{{- else if gt (int .Values.replicas) 1 -}}
{{- include "tally.fullname" . -}}
{{- end -}}
{{- end -}}

{{- define "tally.certificateSecret" -}}
{{- .Values.certificate.secretName | default (printf "%s-tls" (include "tally.fullname" .)) -}}
{{- end -}}

{{/* The Choria configuration, with the keys of the reference chart's tally.conf. */}}
{{- define "tally.conf" -}}
logger_type = console
loglevel = {{ .Values.tally.loglevel }}
plugin.choria.middleware_hosts = {{ .Values.tally.brokerUrls }}
{{- if .Values.tally.tls }}
# cert.pem, key.pem and ca.pem in the ssldir: the Certificate's Secret, mounted there
ssldir = /tally/ssl
plugin.choria.ssldir = /tally/ssl
plugin.security.provider = certmanager
plugin.security.certmanager.namespace = {{ .Release.Namespace }}
plugin.security.certmanager.issuer = {{ .Values.tally.certManagerIssuer }}
{{- end }}
{{- end -}}
