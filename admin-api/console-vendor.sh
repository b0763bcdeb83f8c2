#!/usr/bin/env bash
# The operator console's third-party files, vendored from the npm registry at pinned versions:
# the graphql-ws client (its browser ES module build) and uPlot (ES module and stylesheet), each
# with its licence. Run it to fetch them again (after changing a version, then update
# console-vendor.sha256 with --update); --verify only checks the committed files against the
# checksums (no network). Needs npm (fetching) and sha256sum.
set -euo pipefail
cd "$(dirname "$0")"

GRAPHQL_WS_VERSION=6.4.2
UPLOT_VERSION=1.6.32
VENDOR=src/main/resources/console/vendor
SUMS=console-vendor.sha256

verify() {
  sha256sum --check --strict --quiet "$SUMS"
  echo "vendored console libraries match $SUMS"
}

if [[ "${1:-}" == "--verify" ]]; then
  verify
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "graphql-ws@$GRAPHQL_WS_VERSION" "uplot@$UPLOT_VERSION" >/dev/null)
mkdir -p "$work/graphql-ws" "$work/uplot"
tar -xzf "$work/graphql-ws-$GRAPHQL_WS_VERSION.tgz" -C "$work/graphql-ws"
tar -xzf "$work/uplot-$UPLOT_VERSION.tgz" -C "$work/uplot"

gqlws="$VENDOR/graphql-ws-$GRAPHQL_WS_VERSION"
uplot="$VENDOR/uplot-$UPLOT_VERSION"
rm -rf "$VENDOR"
mkdir -p "$gqlws" "$uplot"
# client.js imports its one shared chunk by file name: both are copied unchanged.
cp "$work/graphql-ws/package/dist/client.js" "$gqlws/"
chunk=$(grep -o "common-[A-Za-z0-9_-]*\.js" "$work/graphql-ws/package/dist/client.js" | head -1)
cp "$work/graphql-ws/package/dist/$chunk" "$gqlws/"
cp "$work/graphql-ws/package/LICENSE.md" "$gqlws/LICENSE.md"
cp "$work/uplot/package/dist/uPlot.esm.js" "$work/uplot/package/dist/uPlot.min.css" "$uplot/"
cp "$work/uplot/package/LICENSE" "$uplot/LICENSE"

if [[ "${1:-}" == "--update" ]]; then
  find "$VENDOR" -type f | LC_ALL=C sort | xargs sha256sum >"$SUMS"
  echo "wrote $SUMS"
fi
verify
