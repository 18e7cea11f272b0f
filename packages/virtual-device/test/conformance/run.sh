#!/usr/bin/env bash
# Runs esptool's own hardware test suite (test/test_esptool.py) against `virtual-esp serve`.
# Not part of CI (it needs Python and an esptool checkout). See the README's conformance section.
#
#   test/conformance/run.sh [--esptool DIR] [--chips "esp32 esp32c3"] [--bauds "115200 460800"]
#                      [--protocol rfc2217|raw] [--usb uart-bridge|usb-jtag-serial|usb-otg]
#                      [--timeout SECONDS] [-- PYTEST ARGS…]
#
# DIR is an esptool checkout at the tag under test (v5.0.0). Debian's python3-pytest,
# -pyelftools, -ecdsa, -bitstring, -serial, -intelhex, -rich, -rich-click, -click,
# -pytest-timeout and -pytest-rerunfailures cover its imports; shims/ supplies the rest.
# Results: test/conformance/results/<chip>-<baud>.xml (JUnit) and a summary line per run.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
pkg="$(cd "$here/../.." && pwd)"
esptool_dir=/tmp/esptool-v5
chips="esp8266 esp32 esp32s2 esp32s3 esp32c2 esp32c3 esp32c5 esp32c6 esp32c61 esp32h2 esp32p4"
bauds="115200 460800"
protocol=rfc2217
usb=uart-bridge
per_test_timeout=120
python=/usr/bin/python3
while [ $# -gt 0 ]; do
  case "$1" in
    --esptool) esptool_dir="$2"; shift 2 ;;
    --chips) chips="$2"; shift 2 ;;
    --bauds) bauds="$2"; shift 2 ;;
    --protocol) protocol="$2"; shift 2 ;;
    --usb) usb="$2"; shift 2 ;;
    --timeout) per_test_timeout="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

[ -f "$esptool_dir/test/test_esptool.py" ] || { echo "no esptool checkout at $esptool_dir" >&2; exit 2; }
[ -f "$pkg/dist/cli.js" ] || { echo "build the package first: pnpm --filter @esp-flash/virtual-device build" >&2; exit 2; }
mkdir -p "$here/results"

# USB-OTG: esptool's suite asks for the boot strap grounded and ESPTOOL_TEST_USB_OTG set.
otg=""
if [ "$usb" = usb-otg ]; then otg=--boot-held; export ESPTOOL_TEST_USB_OTG=1; fi

# TestOldScripts runs the deprecated wrapper scripts by name, as `pip install esptool` puts them on PATH.
mkdir -p "$here/results/bin"
for script in esptool espefuse espsecure esp_rfc2217_server; do
  printf '#!/bin/sh\nPYTHONPATH="%s:%s" exec %s "%s/%s.py" "$@"\n' "$here/shims" "$esptool_dir" "$python" "$esptool_dir" "$script" \
    > "$here/results/bin/$script.py"
  chmod +x "$here/results/bin/$script.py"
done
export PATH="$here/results/bin:$PATH"

family() { # esptool's chip name → ours
  case "$1" in
    esp8266) echo ESP8266 ;; esp32) echo ESP32 ;;
    *) echo "ESP32-$(echo "${1#esp32}" | tr a-z A-Z)" ;;
  esac
}

free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

for chip in $chips; do
  for baud in $bauds; do
    port=$(free_port)
    flag=""; scheme=socket
    if [ "$protocol" = rfc2217 ]; then flag=--rfc2217; scheme=rfc2217; fi
    node "$pkg/bin/virtual-esp.js" serve --chip "$(family "$chip")" --port "$port" --usb "$usb" $flag $otg \
      > "$here/results/$chip-$baud.server.log" 2>&1 &
    server=$!
    trap 'kill $server 2>/dev/null || true' EXIT
    for _ in $(seq 50); do grep -q "serving on" "$here/results/$chip-$baud.server.log" && break; sleep 0.1; done
    start=$(date +%s)
    (
      cd "$esptool_dir/test"
      PYTHONPATH="$here/shims:$esptool_dir" "$python" -m pytest test_esptool.py \
        --chip "$chip" --port "$scheme://127.0.0.1:$port" --baud "$baud" \
        --timeout "$per_test_timeout" -p no:cacheprovider -q -rfE \
        --junitxml "$here/results/$chip-$baud.xml" "$@"
    ) > "$here/results/$chip-$baud.log" 2>&1 || true
    kill $server 2>/dev/null || true
    wait $server 2>/dev/null || true
    summary=$(tail -n 1 "$here/results/$chip-$baud.log")
    echo "$chip $baud ($(( $(date +%s) - start )) s): $summary"
  done
done
