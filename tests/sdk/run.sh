#!/usr/bin/env bash
# The official Equinix Metal client and the schema check against a Metal stand-in.
#
# Makes (once) a virtual environment in target/metal-sdk-venv with tests/sdk/requirements.txt,
# starts target/debug/tenantdeck (which `cargo test` or `cargo build` makes) as a Metal
# stand-in on a free port over a new database, runs tests/sdk/metal_sdk_check.py against it
# with the main demo user's token (and the invitee's), and stops the stand-in again.
set -euo pipefail
cd "$(dirname "$0")/../.."

binary=target/debug/tenantdeck
venv=target/metal-sdk-venv
requirements=tests/sdk/requirements.txt
if [[ ! -x $binary ]]; then
    echo "$binary is missing: run cargo build (or cargo test) first" >&2
    exit 1
fi

# The environment is remade only when the requirements change.
stamp="$venv/requirements.sha256"
wanted=$(sha256sum "$requirements" | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$wanted" ]]; then
    echo "== making $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    echo "$wanted" > "$stamp"
fi

work=$(mktemp -d)
server=""
stop() {
    if [[ -n $server ]] && kill -0 "$server" 2>/dev/null; then
        kill -INT "$server"
        wait "$server" || true
    fi
    rm -rf "$work"
}
trap stop EXIT

# Port 0: the stand-in binds a free port and prints its base URL.
"$binary" sandbox --dialect metal --db "$work/metal.db" --listen 127.0.0.1:0 > "$work/out" 2>&1 &
server=$!
for _ in $(seq 1 300); do
    grep -q '^Press Ctrl-C' "$work/out" && break
    if ! kill -0 "$server" 2>/dev/null; then
        cat "$work/out" >&2
        echo "the Metal stand-in did not start" >&2
        exit 1
    fi
    sleep 0.1
done
if ! grep -q '^Press Ctrl-C' "$work/out"; then
    cat "$work/out" >&2
    echo "the Metal stand-in did not start within 30 s" >&2
    exit 1
fi

base_url=$(awk '/base URL:/ {print $3; exit}' "$work/out")
token=$(awk '/X-Auth-Token:/ {print $2; exit}' "$work/out")
# Sam Okafor, a demo user in nobody's organization but his own: the invitee.
invitee_token=$(awk '/user: .*sam\.okafor@/ {found = 1; next} found && /X-Auth-Token:/ {print $2; exit}' "$work/out")
echo "== Metal stand-in at $base_url (pid $server)"
METAL_BASE_URL=$base_url METAL_TOKEN=$token METAL_INVITEE_TOKEN=$invitee_token "$venv/bin/python" tests/sdk/metal_sdk_check.py
