# Shared helpers for scripts/*. Source, do not run.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="/opt/swift/usr/bin:/usr/lib/postgresql/15/bin:$PATH"

# Installs the Debian packages regiond's build and tests need, only when missing.
ensure_debian_packages() {
    local wanted=(pkg-config libpq-dev libcurl4-openssl-dev zlib1g-dev postgresql pdns-server pdns-backend-sqlite3 sqlite3 dnsutils openssl python3 python3-pip "$@")
    local missing=()
    for p in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if ((${#missing[@]})); then
        echo "==> installing Debian packages: ${missing[*]}"
        local sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
        # Debian's pdns-server package may start a system instance on port 53; tests run their own.
        $sudo systemctl disable --now pdns >/dev/null 2>&1 || true
    fi
}

# moto_server plays Route 53 on loopback for the Route 53 provider tests.
ensure_moto_server() {
    command -v moto_server >/dev/null 2>&1 && return 0
    echo "==> installing moto[server] from PyPI"
    python3 -m pip install -q 'moto[server]' 2>/dev/null \
        || python3 -m pip install -q --break-system-packages 'moto[server]'
}
