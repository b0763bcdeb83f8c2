#!/usr/bin/env bash
# Static checks of the ops/ files, run by .ci/run after `./mvnw verify` (and by hand from any
# directory): the Prometheus configuration and alert rules load, the alert unit tests pass, every
# PromQL expression of the Grafana dashboard parses, and the shell scripts here pass the
# linter. Needs promtool (Debian package `prometheus`) and jq; the linter, shellcheck, is used
# when present (CI installs it). Whether the dashboard and the rules name only metrics the application
# exports is checked by the Java build (app: ExportedMetricsIT), against a real scrape.
set -euo pipefail
cd "$(dirname "$0")"

failures=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

step() { echo "== ops: $*"; }
fail() {
  echo "ops check FAILED: $*" >&2
  failures=$((failures + 1))
}
require() {
  command -v "$1" >/dev/null || {
    echo "ops/verify.sh needs $1 ($2)" >&2
    exit 2
  }
}

require promtool "Debian package prometheus"
require jq "Debian package jq"

step "promtool check config prometheus/prometheus.yml (and the rule files it names)"
promtool check config prometheus/prometheus.yml || fail "prometheus/prometheus.yml"

step "promtool check rules prometheus/alerts.yml"
promtool check rules prometheus/alerts.yml || fail "prometheus/alerts.yml"

step "promtool test rules prometheus/alerts_test.yml"
promtool test rules prometheus/alerts_test.yml || fail "prometheus/alerts_test.yml"

# Grafana replaces these before a query reaches Prometheus; promtool must see what Prometheus sees.
# Range variables become a typical range; the instance variable a regular expression. The $ signs
# are jq's and PromQL's, not the shell's:
# shellcheck disable=SC2016
grafana_to_promql='
  gsub("\\$__rate_interval|\\$__interval|\\$__range"; "5m")
  | gsub("\\$\\{?instance(:[a-z]+)?\\}?"; ".*")
'

# Writes one recording rule per panel target of dashboard $1 to $2, named after the panel id and
# refId so that a failure points at it. YAML is a superset of JSON: promtool reads it as it is.
dashboard_rules() {
  jq "{groups: [{name: \"dashboard-expressions\", rules: [
        .. | objects | select(has(\"gridPos\")) | . as \$p | (.targets // [])[]
        | {record: \"dashboard:panel_\(\$p.id)_\(.refId)\", expr: (.expr | $grafana_to_promql)}
      ]}]}" "$1" >"$2"
}

# The parse check must be able to fail: a dashboard with a broken query has to be rejected.
step "the dashboard parse check rejects a broken query"
echo '{"panels": [{"id": 1, "title": "broken", "gridPos": {},
  "targets": [{"refId": "A", "expr": "rate(x[5m]"}]}]}' >"$scratch/broken.json"
dashboard_rules "$scratch/broken.json" "$scratch/broken.rules.yml"
if promtool check rules "$scratch/broken.rules.yml" >/dev/null 2>&1; then
  fail "promtool accepted a broken dashboard query: the dashboard parse check would pass anything"
fi

for dashboard in grafana/*.json; do
  step "dashboard $dashboard: JSON, unique panel ids, a query on every target"
  if ! jq empty "$dashboard"; then
    fail "$dashboard is not valid JSON"
    continue
  fi
  problems=$(jq -r '
    [.. | objects | select(has("gridPos"))] as $panels
    | ($panels | map(.id) | group_by(.) | map(select(length > 1) | "panel id \(.[0]) used \(length) times")[]),
      ($panels[] | select(.type != "row") | select((.targets // []) | length == 0)
        | "panel \(.id) \"\(.title)\" has no query"),
      ($panels[] | . as $p | (.targets // [])[] | select((.expr // "") == "")
        | "panel \($p.id) \"\($p.title)\" target \(.refId) has no expr")
  ' "$dashboard")
  if [[ -n "$problems" ]]; then
    fail "$dashboard: $problems"
  fi

  step "dashboard $dashboard: every PromQL expression parses (promtool check rules)"
  rules="$scratch/$(basename "$dashboard" .json)-expressions.rules.yml"
  dashboard_rules "$dashboard" "$rules"
  count=$(jq '.groups[0].rules | length' "$rules")
  if [[ "$count" -eq 0 ]]; then
    fail "$dashboard has no PromQL expressions"
  elif ! promtool check rules "$rules"; then
    fail "$dashboard: an expression does not parse (the rule name says panel id and refId)"
  fi
done

# --- YAML lint (ops-k8s) ------------------------------------------------------------------------
# Every tracked YAML file of the repository against the committed .yamllint (warnings fail too:
# -s). The Kubernetes manifests are also bound to the API's object models, strictly, and their
# cross-references and the environment drift are checked by the Java build (app:
# KubernetesManifestsTest, DeployDriftTest; with kubectl on the PATH, each overlay as kustomize
# renders it).
require yamllint "Debian package yamllint"
step "yamllint rejects a broken file (the lint must be able to fail)"
printf 'a: 1\na: 2\n' >"$scratch/duplicate-key.yml"
if yamllint -c ../.yamllint -s "$scratch/duplicate-key.yml" >/dev/null 2>&1; then
  fail "yamllint accepted a duplicate key: the YAML check would pass anything"
fi
step "yamllint -c .yamllint -s on every tracked *.yml and *.yaml"
mapfile -t yaml_files < <(git -C .. ls-files '*.yml' '*.yaml' | grep -v -e '/node_modules/' -e '/vendor/')
if ((${#yaml_files[@]} == 0)); then
  fail "no YAML files found (is this a git checkout?)"
elif ! (cd .. && yamllint -c .yamllint -s "${yaml_files[@]}"); then
  fail "yamllint"
fi

if command -v shellcheck >/dev/null; then
  step "shellcheck ops/*.sh"
  shellcheck ./*.sh || fail "shellcheck"
elif [[ "${CI:-}" == "true" ]]; then
  fail "shellcheck is not installed"
else
  step "shellcheck not installed: skipped"
fi

if ((failures > 0)); then
  echo "== ops: $failures check(s) failed" >&2
  exit 1
fi
echo "== ops: all checks passed"
