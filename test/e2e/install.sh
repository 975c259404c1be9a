#!/usr/bin/env bash
# Installs what the Loss Lens e2e layer needs to drive a real VS Code workbench offline:
#   code-server 4.100.3 (= VS Code 1.100.3, the last code-server that runs on Node 20) from npm, and
#   playwright-core (driving Debian's /usr/bin/chromium; Playwright's own browser download fails offline).
#
# Usage: bash test/e2e/install.sh [PREFIX]
#   PREFIX defaults to $LOSS_LENS_E2E_PREFIX, else ~/.cache/loss-lens-e2e. Idempotent: a re-run that finds
#   everything working takes ~1 s. Prints `export` lines to $PREFIX/env.sh.
#
# Only the npm registry and Debian apt are used. Obstacles this script works around:
#   * code-server's postinstall refuses to run as root unless npm_config_unsafe_perm=true;
#   * node-pty's postinstall runs `npx node-gyp`, which must not prompt (npm_config_yes=true);
#   * @vscode/ripgrep's postinstall downloads rg from GitHub: we seed its download cache with Debian's rg.
set -euo pipefail

PREFIX="${1:-${LOSS_LENS_E2E_PREFIX:-$HOME/.cache/loss-lens-e2e}}"
mkdir -p "$PREFIX"
PREFIX="$(cd "$PREFIX" && pwd)"
# One installer at a time per prefix (parallel `npm test` runs share the cache folder).
exec 9>"$PREFIX/.install.lock"
flock 9

CODE_SERVER_VERSION=4.100.3
RIPGREP_NPM_VERSION=1.15.11      # @vscode/ripgrep pinned by code-server 4.100.3's lib/vscode shrinkwrap
RIPGREP_ASSET_VERSION=v13.0.0-10 # the asset that @vscode/ripgrep 1.15.11 asks for
PLAYWRIGHT_CORE_VERSION=1.65.1

T_START=$(date +%s)
step() { echo "e2e-install [$(( $(date +%s) - T_START ))s] $*"; }
die() { echo "e2e-install: ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------- checks
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
[ "$NODE_MAJOR" = 20 ] || die "code-server $CODE_SERVER_VERSION needs Node 20, found $(node -v)"

# ---------------------------------------------------------------- system packages
# .ci/run installs these on CI; here we only install what is missing (needs root) or say what to install.
APT_PKGS="chromium ripgrep fonts-liberation build-essential python3 pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev"
missing=""
for p in $APT_PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  [ "$(id -u)" = 0 ] || die "missing apt packages:$missing — run: sudo apt-get install -y$missing"
  step "apt-get install$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends $missing
fi

# ---------------------------------------------------------------- ripgrep download-cache seed
case "$(uname -m)" in
  x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
  aarch64|arm64) RG_TARGET=aarch64-unknown-linux-musl ;;
  *) die "unsupported arch $(uname -m)" ;;
esac
TMP_BASE="$(node -p 'require("os").tmpdir()')"
RG_CACHE_DIR="$TMP_BASE/vscode-ripgrep-cache-$RIPGREP_NPM_VERSION"
RG_ASSET="$RG_CACHE_DIR/ripgrep-$RIPGREP_ASSET_VERSION-$RG_TARGET.tar.gz"
if [ ! -s "$RG_ASSET" ]; then
  step "seeding @vscode/ripgrep cache with /usr/bin/rg -> $RG_ASSET"
  mkdir -p "$RG_CACHE_DIR"
  tar czf "$RG_ASSET" -C /usr/bin rg
fi

# ---------------------------------------------------------------- code-server
CS_DIR="$PREFIX/code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
RG_BIN="$CS_DIR/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
# --config with a private file and XDG_DATA_HOME: otherwise code-server writes into $HOME.
cs_version() {
  [ -x "$CS_BIN" ] && XDG_DATA_HOME="$CS_DIR/.xdg" XDG_CONFIG_HOME="$CS_DIR/.xdg" \
    "$CS_BIN" --config "$CS_DIR/config.yaml" --version 2>/dev/null | head -1
}
if [ -x "$RG_BIN" ] && cs_version | grep -q "^$CODE_SERVER_VERSION "; then
  step "code-server $CODE_SERVER_VERSION already installed in $CS_DIR"
else
  step "npm install code-server@$CODE_SERVER_VERSION into $CS_DIR (compiles native modules; ~2 min on 2 cores)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  echo '{"name":"loss-lens-e2e-code-server","private":true}' > "$CS_DIR/package.json"
  printf 'auth: none\ncert: false\n' > "$CS_DIR/config.yaml"
  ( cd "$CS_DIR" && npm_config_unsafe_perm=true npm_config_yes=true \
      npm install --no-audit --no-fund --foreground-scripts "code-server@$CODE_SERVER_VERSION" \
      > "$CS_DIR/npm-install.log" 2>&1 ) \
    || { tail -40 "$CS_DIR/npm-install.log"; die "code-server install failed (log: $CS_DIR/npm-install.log)"; }
  [ -x "$RG_BIN" ] || die "ripgrep binary missing at $RG_BIN (log: $CS_DIR/npm-install.log)"
  cs_version | grep -q "^$CODE_SERVER_VERSION " || die "code-server does not start (log: $CS_DIR/npm-install.log)"
fi
step "$(cs_version)"

# ---------------------------------------------------------------- driver: playwright-core
DRV_DIR="$PREFIX/driver"
if [ -f "$DRV_DIR/node_modules/playwright-core/package.json" ] && \
   [ "$(node -p "require('$DRV_DIR/node_modules/playwright-core/package.json').version")" = "$PLAYWRIGHT_CORE_VERSION" ]; then
  step "playwright-core $PLAYWRIGHT_CORE_VERSION already installed in $DRV_DIR"
else
  step "npm install playwright-core@$PLAYWRIGHT_CORE_VERSION into $DRV_DIR"
  mkdir -p "$DRV_DIR"
  echo '{"name":"loss-lens-e2e-driver","private":true}' > "$DRV_DIR/package.json"
  ( cd "$DRV_DIR" && npm install --no-audit --no-fund "playwright-core@$PLAYWRIGHT_CORE_VERSION" \
      > "$DRV_DIR/npm-install.log" 2>&1 ) \
    || { tail -40 "$DRV_DIR/npm-install.log"; die "playwright-core install failed"; }
fi

cat > "$PREFIX/env.sh" <<ENV
export LOSS_LENS_E2E_PREFIX="$PREFIX"
export CODE_SERVER_BIN="$CS_BIN"
export CHROMIUM_PATH=/usr/bin/chromium
ENV
step "ready: prefix=$PREFIX ($(du -sh "$PREFIX" | cut -f1))"
