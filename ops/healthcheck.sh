#!/usr/bin/env bash
# The image's HEALTHCHECK: GET /health/liveness on this container's own port, healthy on 200.
# Plain bash (its /dev/tcp), because the JRE base image does not promise curl or wget.
# PORT is the server's port; ENDPOINTS_ALL_PORT, when set, is where the probes moved.
set -euo pipefail
port="${ENDPOINTS_ALL_PORT:-${PORT:-8080}}"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /health/liveness HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
read -r -t 5 _version status _reason <&3
[[ "$status" == "200" ]]
