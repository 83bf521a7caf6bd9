#!/bin/sh
# load.sh steps sipp's call rate up through the box between two registered
# extensions until more than 0.1 % of calls fail or the mean setup time
# (INVITE to 200, including the digest challenge) exceeds 200 ms, and
# prints the box's CPU and resident memory at each step.
#
#   pbx/chan/sip/testdata/load.sh                  # builds and runs its own box (TestLoadBox)
#   BOX=127.0.0.1:5060 PID=$(pidof pbxd) PASSWORD=... load.sh   # measures a running pbxd
#
# Settings (environment): BOX, PID, CALLER (101), CALLEE (102), PASSWORD,
# RATES ("100 200 400 ..."), STEP (seconds per rate, 10), HOLD (ms a call
# lasts after the answer, 0: calls per second without media).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
CALLER=${CALLER:-101}
CALLEE=${CALLEE:-102}
PASSWORD=${PASSWORD:-correct horse}
RATES=${RATES:-"100 200 300 400 600 800 1000 1200 1500 2000 2500 3000"}
STEP=${STEP:-10}
HOLD=${HOLD:-0}
boxpid=""
uaspid=""

cleanup() {
	[ -n "$uaspid" ] && kill "$uaspid" 2>/dev/null || true
	[ -n "$boxpid" ] && kill "$boxpid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

if [ -z "${BOX:-}" ]; then
	BOX=127.0.0.1:${BOXPORT:-5070}
	echo "building the load box (TestLoadBox) ..."
	(cd "$here/.." && go test -c -o "$work/box" .)
	HOOKFLASH_LOAD_BOX=$BOX "$work/box" -test.run '^TestLoadBox$' -test.timeout 0 -test.v >"$work/box.log" 2>&1 &
	boxpid=$!
	PID=$boxpid
	for _ in $(seq 100); do grep -q '^ready' "$work/box.log" && break; sleep 0.1; done
	grep -q '^ready' "$work/box.log" || { cat "$work/box.log"; exit 1; }
fi
: "${PID:?set PID to pbxd's process id}"
host=${BOX%:*}

# The called phone registers, then answers every call on the same port.
uasport=$((20000 + $$ % 10000))
sed -e 's/{{.Expect}}/200/' -e 's/{{.Expires}}/3600/' "$here/register.xml" >"$work/register.xml"
sipp "$BOX" -sf "$work/register.xml" -m 1 -i "$host" -p "$uasport" -s "$CALLEE" -au "$CALLEE" -ap "$PASSWORD" \
	-nostdin -timeout 10s -timeout_error >"$work/register.out" 2>&1 || { echo "callee registration failed"; cat "$work/register.out"; exit 1; }
sipp "$BOX" -sf "$here/load_uas.xml" -i "$host" -p "$uasport" -nostdin -max_socket 60000 \
	-timeout 3600s >"$work/uas.out" 2>&1 &
uaspid=$!
printf 'SEQUENTIAL\n%s;\n' "$CALLER" >"$work/callers.csv"

ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$PID/status"; }

printf '%8s %8s %8s %8s %10s %8s %8s\n' rate calls failed fail% setup_ms cpu% rss_MB
for rate in $RATES; do
	calls=$((rate * STEP))
	c0=$(cpu); t0=$(date +%s.%N)
	rm -f "$work/stat.csv"
	sipp "$BOX" -sf "$here/load_uac.xml" -inf "$work/callers.csv" -s "$CALLEE" -au "$CALLER" -ap "$PASSWORD" \
		-i "$host" -r "$rate" -m "$calls" -l $((rate * 4 + 100)) -d "$HOLD" -nostdin -max_socket 60000 \
		-timeout $((STEP * 3 + 30))s -trace_stat -stf "$work/stat.csv" -fd 1 >"$work/uac.out" 2>&1 || true
	c1=$(cpu); t1=$(date +%s.%N)
	line=$(tail -n 1 "$work/stat.csv")
	head=$(head -n 1 "$work/stat.csv")
	col() { echo "$head" | tr ';' '\n' | grep -n -x "$1" | cut -d: -f1; }
	ok=$(echo "$line" | cut -d';' -f"$(col 'SuccessfulCall(C)')")
	failed=$(echo "$line" | cut -d';' -f"$(col 'FailedCall(C)')")
	rt=$(echo "$line" | cut -d';' -f"$(col 'ResponseTime1(C)')")
	setup=$(echo "$rt" | awk -F: '{printf "%.1f", ($1*3600 + $2*60 + $3) * 1000 + $4 / 1000}')
	total=$((ok + failed))
	failpct=$(awk -v f="$failed" -v t="$total" 'BEGIN {printf "%.3f", t ? 100 * f / t : 100}')
	cpupct=$(awk -v a="$c0" -v b="$c1" -v s="$t0" -v e="$t1" -v k="$ticks" 'BEGIN {printf "%.0f", 100 * (b - a) / k / (e - s)}')
	printf '%8s %8s %8s %8s %10s %8s %8s\n' "$rate" "$total" "$failed" "$failpct" "$setup" "$cpupct" "$(($(rss) / 1024))"
	if awk -v f="$failpct" -v s="$setup" 'BEGIN {exit !(f > 0.1 || s > 200)}'; then
		echo "knee passed at $rate calls/s (more than 0.1 % failed or setup above 200 ms)"
		break
	fi
done
[ -n "${KEEPBOX:-}" ] && sleep 1000; [ -n "$boxpid" ] && { kill "$boxpid"; wait "$boxpid" 2>/dev/null || true; grep '^shed' "$work/box.log" || true; boxpid=""; }
