#!/usr/bin/env bash
# Static checks of the ops/ files, run by .ci/run after `./mvnw verify` (and by hand from any
# directory): the Prometheus configuration and alert rules load, the alert unit tests pass, every
# PromQL expression of the Grafana dashboard parses, the nginx configuration loads (`nginx -t`,
# plain and TLS), the compose file matches the image and the app, and every shell script of the
# repository passes the linter. Needs promtool (Debian package `prometheus`), jq and yq; nginx,
# openssl and shellcheck are used when present (CI installs them and fails without them). Whether the dashboard and the rules name only metrics the application
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

# --- nginx (ops/nginx): the load balancer of the compose cluster ---------------------------------
# nginx resolves upstream names when it loads a configuration, and the compose service names
# (app1..app3) resolve only on the compose network. The test copy maps them to 127.0.0.1 (one
# substitution per `server appN:8080;` line, counted, so a renamed upstream cannot slip through)
# and moves /tmp (pid, temporary files) and the TLS paths into a scratch prefix, so `nginx -t` runs
# without root and without touching the machine's own nginx.

# Copies ops/nginx into $1 with the test mapping; with $2 = tls, enables tls.conf with a fresh
# self-signed certificate. Prints the number of upstream servers mapped.
nginx_test_copy() {
  local dir=$1 mode=${2:-plain}
  mkdir -p "$dir/tls" "$dir/tmp"
  cp nginx/locations.conf "$dir/"
  sed -e "s#/etc/nginx/tls/#$dir/tls/#g" nginx/tls.conf >"$dir/tls.conf"
  sed -E -e 's/^([[:space:]]*server[[:space:]]+)app[0-9]+:8080;/\1127.0.0.1:8080;/' \
    -e "s#/tmp/#$dir/tmp/#g" nginx/nginx.conf >"$dir/nginx.conf"
  if [[ "$mode" == tls ]]; then
    sed -i -e 's/^  # include tls.conf;/  include tls.conf;/' "$dir/nginx.conf"
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
      -keyout "$dir/tls/tls.key" -out "$dir/tls/tls.crt" 2>/dev/null
  fi
  grep -cE '^[[:space:]]*server[[:space:]]+app[0-9]+:8080;' nginx/nginx.conf
}

nginx_test() {
  nginx -t -q -p "$1/" -c "$1/nginx.conf"
}

if command -v nginx >/dev/null; then
  step "nginx -t ops/nginx/nginx.conf (upstream names mapped to 127.0.0.1)"
  mapped=$(nginx_test_copy "$scratch/nginx-plain")
  if [[ "$mapped" -ne 3 ]]; then
    fail "nginx/nginx.conf: expected the 3 upstream servers app1..app3:8080, found $mapped"
  fi
  nginx_test "$scratch/nginx-plain" || fail "nginx/nginx.conf"

  if ! grep -q '^  # include tls.conf;' nginx/nginx.conf; then
    fail "nginx/nginx.conf: the commented '# include tls.conf;' line of the TLS variant is gone"
  fi
  if command -v openssl >/dev/null; then
    step "nginx -t with the TLS variant (tls.conf, a self-signed certificate)"
    nginx_test_copy "$scratch/nginx-tls" tls >/dev/null
    grep -q '^  include tls.conf;' "$scratch/nginx-tls/nginx.conf" || fail "TLS variant not enabled"
    nginx_test "$scratch/nginx-tls" || fail "nginx/nginx.conf with nginx/tls.conf"
  elif [[ "${CI:-}" == "true" ]]; then
    fail "openssl is not installed"
  else
    step "openssl not installed: nginx -t of the TLS variant skipped"
  fi

  step "nginx -t rejects a broken configuration"
  nginx_test_copy "$scratch/nginx-broken" >/dev/null
  echo 'proxy_read_timeout;' >>"$scratch/nginx-broken/locations.conf"
  if nginx_test "$scratch/nginx-broken" 2>/dev/null; then
    fail "nginx -t accepted a broken configuration: the nginx check would pass anything"
  fi

  step "nginx: WebSocket upgrade headers, and no query string or token in the access log"
  locations=nginx/locations.conf
  # The $ signs are nginx's variables, matched literally:
  # shellcheck disable=SC2016
  for directive in 'proxy_http_version 1.1;' 'proxy_set_header Upgrade $http_upgrade;' \
    'proxy_set_header Connection $connection_upgrade;' 'proxy_buffering off;' 'limit_conn ws_per_address'; do
    grep -qF "$directive" "$locations" || fail "$locations: '$directive' missing"
  done
  log_format=$(sed -n '/^  log_format/,/;$/p' nginx/nginx.conf)
  # shellcheck disable=SC2016 # nginx variables, not the shell's
  if [[ -z "$log_format" ]]; then
    fail "nginx/nginx.conf: no log_format (nginx's default logs \$request, with the query string)"
  elif grep -qE '\$(request|request_uri|args|query_string|arg_[a-z_]+|http_authorization|http_sec_websocket_protocol)\b' <<<"$log_format"; then
    fail "nginx/nginx.conf: the log_format can log a token (query string or auth header): $log_format"
  fi
  if grep -E '^[^#]*access_log' nginx/*.conf | grep -vE 'access_log (off|/dev/stdout stream);'; then
    fail "nginx: an access_log without the token-free 'stream' format"
  fi
elif [[ "${CI:-}" == "true" ]]; then
  fail "nginx is not installed"
else
  step "nginx not installed: nginx -t skipped"
fi

# --- compose (ops/compose): the three-instance cluster -------------------------------------------
# No Docker engine here: the file is checked as data (yq, Debian package yq). That it parses, that
# the app services run the image of ops/Dockerfile read-only as its non-root user with a tmpfs /tmp,
# are clustered over the compose Redis, get JWT_SECRET from the env file only and name only
# settings the server reads, that Prometheus and nginx know exactly these instances, that every
# file mounted exists, and that stop_grace_period covers the drain. The env and port drift check
# across compose and Kubernetes is separate (see the Kubernetes steps).

# Seconds of a Go/compose duration such as 30s, 1m, 1m30s, 500ms.
duration_seconds() {
  local rest=$1 total=0 number unit
  while [[ "$rest" =~ ^([0-9]+)(ms|h|m|s)(.*)$ ]]; do
    number=${BASH_REMATCH[1]} unit=${BASH_REMATCH[2]} rest=${BASH_REMATCH[3]}
    case "$unit" in
      h) total=$((total + number * 3600)) ;;
      m) total=$((total + number * 60)) ;;
      s) total=$((total + number)) ;;
      ms) total=$((total + number / 1000)) ;;
    esac
  done
  [[ -z "$rest" ]] && echo "$total"
}

# The environment variables the server reads: the README's configuration table and the ${...}
# placeholders of application.yml.
# The backquotes are Markdown's, not command substitutions:
# shellcheck disable=SC2016
app_env_names() {
  sed -n '/^## Configuration/,/^## /p' ../README.md | grep -oE '^\| `[^`]+` \| [^|]* \| `[A-Z0-9_]+`' |
    grep -oE '`[A-Z0-9_]+`$' | tr -d '`'
  grep -oE '\$\{[A-Z0-9_]+' ../app/src/main/resources/application.yml | cut -c3-
}

# Prints one line per problem of compose file $1 (run from ops/).
compose_problems() {
  local file=$1 dir services apps known uid grace drain bus app name
  dir=$(dirname "$file")
  if ! services=$(yq -r '.services | keys[]' "$file" 2>&1); then
    echo "$file does not parse: $services"
    return
  fi
  for name in redis nginx prometheus grafana; do
    grep -qx "$name" <<<"$services" || echo "service $name missing"
  done
  apps=$(yq -r '.services | to_entries[] | select(.value.build.dockerfile == "ops/Dockerfile") | .key' "$file")
  [[ "$(wc -w <<<"$apps")" -eq 3 ]] || echo "expected 3 services built from ops/Dockerfile, found: $apps"
  known=$(app_env_names | sort -u)
  uid=$(sed -nE 's/^ARG APP_UID=([0-9]+)$/\1/p' Dockerfile)
  drain=$(duration_seconds "$(yq -r '.stream["shutdown-grace"]' ../app/src/main/resources/application.yml)")
  bus=$(duration_seconds "$(yq -r '.stream.bus["shutdown-timeout"]' ../app/src/main/resources/application.yml)")
  for app in $apps; do
    yq -e ".services.$app.build.context" "$file" >/dev/null &&
      [[ "$(cd "$dir/$(yq -r ".services.$app.build.context" "$file")" && pwd)" == "$(cd .. && pwd)" ]] ||
      echo "$app: build context is not the repository root"
    [[ "$(yq -r ".services.$app.read_only" "$file")" == true ]] || echo "$app: read_only is not true"
    yq -r ".services.$app.tmpfs[]?" "$file" | grep -q '^/tmp\(:\|$\)' || echo "$app: no tmpfs on /tmp"
    # Docker mounts a tmpfs noexec unless told otherwise; Netty's epoll library loads from /tmp.
    yq -r ".services.$app.tmpfs[]?" "$file" | grep -Eq '^/tmp:(.*,)?exec(,|$)' ||
      echo "$app: the tmpfs on /tmp is not mounted exec (Netty's native library would not load)"
    [[ "$(yq -r ".services.$app.user" "$file")" == "$uid:$uid" ]] ||
      echo "$app: user is not the image's $uid:$uid"
    for name in $(yq -r ".services.$app.environment | keys[]" "$file"); do
      grep -qx "$name" <<<"$known" || echo "$app: environment $name is not a setting the server reads"
    done
    [[ "$(yq -r ".services.$app.environment.REDIS_URI" "$file")" == "redis://redis:6379" ]] ||
      echo "$app: REDIS_URI is not the compose Redis (redis://redis:6379)"
    # shellcheck disable=SC2016 # compose's interpolation syntax, matched literally
    yq -r ".services.$app.environment.JWT_SECRET" "$file" | grep -q '^\${JWT_SECRET:?' ||
      echo "$app: JWT_SECRET must come from the env file, required (\${JWT_SECRET:?...})"
    [[ "$(yq -r ".services.$app.depends_on.redis.condition" "$file")" == service_healthy ]] ||
      echo "$app: does not wait for a healthy Redis"
    grace=$(duration_seconds "$(yq -r ".services.$app.stop_grace_period" "$file")")
    local app_drain
    app_drain=$(duration_seconds "$(yq -r ".services.$app.environment.STREAM_SHUTDOWN_GRACE // \"${drain}s\"" "$file")")
    if [[ -z "$grace" ]] || ((grace <= app_drain + bus)); then
      echo "$app: stop_grace_period (${grace:-unset} s) must exceed the drain ($app_drain s) plus the bus shutdown ($bus s)"
    fi
    grep -qE "^[[:space:]]*- $app:8080$" prometheus/prometheus.yml || echo "$app: not a Prometheus target"
    grep -qE "^[[:space:]]*server $app:8080;" nginx/nginx.conf || echo "$app: not an nginx upstream server"
    [[ "$(yq -r ".services.nginx.depends_on.$app.condition" "$file")" == service_healthy ]] ||
      echo "nginx: does not wait for a healthy $app"
  done
  for target in $(grep -oE '^[[:space:]]*- [a-z0-9]+:8080$' prometheus/prometheus.yml | grep -oE '[a-z0-9]+:' | tr -d :); do
    grep -qx "$target" <<<"$apps" || echo "Prometheus target $target:8080 is not an app service"
  done
  yq -r '.services.redis.command | join(" ")' "$file" | grep -q -- '--appendonly yes' || echo "redis: AOF (--appendonly yes) is off"
  yq -r '.services.redis.volumes[]?' "$file" | grep -q ':/data$' || echo "redis: no volume on /data"
  for name in $(yq -r '.services[].volumes[]? | if type == "string" then split(":")[0] else .source end
      | select(startswith("."))' "$file"); do
    [[ -e "$dir/$name" ]] || echo "mounted file $name does not exist"
  done
  grep -oE '\$\{[A-Z0-9_]+' "$file" | cut -c3- | sort -u | while IFS= read -r name; do
    grep -q "^$name=" "$dir/env.example" || echo "\${$name} is not in env.example"
  done
  grep -qx 'ops/compose/.env' ../.gitignore || echo "ops/compose/.env is not in .gitignore"
}

step "compose: ops/compose/docker-compose.yml parses and matches the image, the app and ops/"
require yq "Debian package yq"
problems=$(compose_problems compose/docker-compose.yml)
[[ -z "$problems" ]] || fail "compose/docker-compose.yml: $problems"

step "compose: the check rejects a broken compose file"
mkdir -p "$scratch/compose"
cp compose/env.example "$scratch/compose/"
sed -e 's/REDIS_URI: redis/REDIS_URL: redis/' -e 's/read_only: true/read_only: false/' \
  compose/docker-compose.yml >"$scratch/compose/docker-compose.yml"
problems=$(compose_problems "$scratch/compose/docker-compose.yml")
for expected in "REDIS_URL is not a setting the server reads" "read_only is not true"; do
  grep -qF "$expected" <<<"$problems" || fail "the compose check missed: $expected"
done

# Every shell script of the repository: *.sh, and tracked files without the suffix whose first
# line names sh or bash (.ci/run, mvnw). From git's index when this is a checkout, else by search.
shell_scripts() {
  local root
  root=$(cd .. && pwd)
  if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$root" ls-files -z | while IFS= read -r -d '' file; do
      [[ -f "$root/$file" ]] || continue
      if [[ "$file" == *.sh ]] || head -n1 "$root/$file" | grep -qE '^#!.*(/|env )(ba)?sh\b'; then
        echo "$root/$file"
      fi
    done
  else
    find "$root" -path "$root/*/target" -prune -o -path "$root/.git" -prune -o -type f -print |
      while IFS= read -r file; do
        if [[ "$file" == *.sh ]] || head -n1 "$file" | grep -qE '^#!.*(/|env )(ba)?sh\b'; then
          echo "$file"
        fi
      done
  fi
}

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
  mapfile -t scripts < <(shell_scripts)
  step "shellcheck: ${#scripts[@]} shell scripts of the repository"
  if ((${#scripts[@]} < 5)); then
    fail "found only ${#scripts[@]} shell scripts: ${scripts[*]}"
  fi
  shellcheck "${scripts[@]}" || fail "shellcheck"
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
