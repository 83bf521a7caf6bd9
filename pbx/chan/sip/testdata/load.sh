#!/bin/sh
# load.sh measures the box under sipp load between two registered
# extensions, 101 calling 102, and prints what it measured; it asserts
# nothing. Two parts:
#
#  1. Call rate without media: for each rate in RATES, sipp places
#     rate * STEP calls (INVITE, digest challenge, INVITE, 200, ACK, BYE
#     after HOLD ms). Per step: the rate asked, the rate sipp achieved (its
#     CallRate column when the last call of the step was placed), calls,
#     failed %, mean setup time (INVITE to 200, challenge included), and
#     pbxd's CPU % and resident memory. It stops after the step where more
#     than 0.1 % of calls failed or the mean setup time passed 200 ms.
#  2. Calls held with RTP: CONCURRENT calls placed at CPS per second, each
#     held HOLDRTP s with G.711 A-law RTP both ways (sipp plays its
#     g711a.pcap, the called side echoes it). Printed: calls reached at
#     once, failed, pbxd's CPU % and memory while all are up, the RTP
#     loss pbxd recorded for them, and the packets sipp's echo dropped
#     itself (its one socket overflows under load: loss on the callees'
#     legs that is not pbxd's).
#
#   pbx/chan/sip/testdata/load.sh             # builds pbxd and pbxctl, starts pbxd on a fresh data directory
#   TARGET=channel load.sh                    # the SIP channel alone with a bridging switch (TestLoadBox)
#   BOX=127.0.0.1:5060 PID=$(pidof pbxd) PASSWORD=... load.sh   # a running box; 101 and 102 use PASSWORD
#
# Settings (environment): BOX (host:port; default 127.0.0.1:5070), TARGET
# (pbxd or channel), PASSWORD, RATES ("100 200 ..."), STEP (s per rate,
# 10), HOLD (ms, 0), CONCURRENT (500; 0 skips part 2), CPS (50), HOLDRTP
# (s, 21, a multiple of the 7 s pcap), GO (the go command).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
work=$(mktemp -d)
CALLER=101
CALLEE=102
RATES=${RATES:-"100 200 300 400 600 800 1000 1200 1500 2000 2500 3000"}
STEP=${STEP:-10}
HOLD=${HOLD:-0}
CONCURRENT=${CONCURRENT:-500}
CPS=${CPS:-50}
HOLDRTP=${HOLDRTP:-21}
PCAP=${PCAP:-/usr/share/sip-tester/g711a.pcap}
GO=${GO:-go}
boxpid=""
uaspid=""
datadir=""

cleanup() {
	[ -n "$uaspid" ] && kill "$uaspid" 2>/dev/null || true
	[ -n "$boxpid" ] && kill "$boxpid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

# waitfor FILE PATTERN: waits up to 10 s for a line matching PATTERN.
waitfor() {
	for _ in $(seq 100); do grep -q "$2" "$1" && return 0; sleep 0.1; done
	echo "not ready:"; cat "$1"; exit 1
}

# ha1 USER ALGORITHM: the digest HA1 of USER's password in pbxd's default realm.
ha1() { printf '%s:hookflash:%s' "$1" "$PASSWORD" | "$2" | cut -d' ' -f1; }

if [ -z "${BOX:-}" ]; then
	BOX=127.0.0.1:${BOXPORT:-5070}
	PASSWORD=${PASSWORD:-load-test-secret}
	case ${TARGET:-pbxd} in
	pbxd)
		echo "building pbxd and pbxctl ..."
		(cd "$root" && $GO build -o "$work/pbxd" ./cmd/pbxd && $GO build -o "$work/pbxctl" ./cmd/pbxctl)
		datadir=$work/data
		PBX_DATA=$datadir PBX_SIP=$BOX PBX_WEB=127.0.0.1:0 PBX_RTP_PORTS=${RTP_PORTS:-20000-31999} PBX_LOG_LEVEL=warn \
			"$work/pbxd" >"$work/box.log" 2>&1 &
		boxpid=$!
		# Ready once its local API listens (pbxctl would take the data
		# directory itself if asked before).
		for _ in $(seq 100); do [ -S "$datadir/pbxd.sock" ] && break; sleep 0.1; done
		[ -S "$datadir/pbxd.sock" ] || { echo "pbxd did not start:"; cat "$work/box.log"; exit 1; }
		# The fresh box's configuration with the two extensions and their
		# devices put in: every other table stays as the export has it.
		ext() { printf '{"id":%s,"number":"%s","name":"Load %s","email":"","mobile":"","dnd":false,"on_duty":true,"outbound":"internal","voicemail":false}' "$1" "$2" "$2"; }
		dev() { printf '{"id":%s,"extension_id":%s,"username":"%s","ha1_md5":"%s","ha1_sha256":"%s","description":"load.sh"}' "$1" "$1" "$2" "$(ha1 "$2" md5sum)" "$(ha1 "$2" sha256sum)"; }
		"$work/pbxctl" -data "$datadir" config export - |
			sed -e "s/\"extensions\": \[\]/\"extensions\": [$(ext 1 "$CALLER"), $(ext 2 "$CALLEE")]/" \
				-e "s/\"sip_devices\": \[\]/\"sip_devices\": [$(dev 1 "$CALLER"), $(dev 2 "$CALLEE")]/" >"$work/config.json"
		"$work/pbxctl" -data "$datadir" config import "$work/config.json" >/dev/null
		;;
	channel)
		PASSWORD="correct horse" # the SIP package's test devices
		echo "building the load box (TestLoadBox) ..."
		(cd "$here/.." && $GO test -c -o "$work/box" .)
		HOOKFLASH_LOAD_BOX=$BOX "$work/box" -test.run '^TestLoadBox$' -test.timeout 0 -test.v >"$work/box.log" 2>&1 &
		boxpid=$!
		waitfor "$work/box.log" '^ready'
		;;
	*) echo "TARGET is pbxd or channel"; exit 2 ;;
	esac
	PID=$boxpid
fi
: "${PID:?set PID to the box process id}"
: "${PASSWORD:?set PASSWORD to the password of 101 and 102}"
host=${BOX%:*}

# register USER PORT: registers USER from PORT, for an hour.
register() {
	sed -e 's/{{.Expect}}/200/' -e 's/{{.Expires}}/3600/' "$here/register.xml" >"$work/register.xml"
	sipp "$BOX" -sf "$work/register.xml" -m 1 -i "$host" -p "$2" -s "$1" -au "$1" -ap "$PASSWORD" \
		-nostdin -timeout 10s -timeout_error >"$work/register.out" 2>&1 || { echo "$1 did not register"; cat "$work/register.out"; exit 1; }
}

# answer SCENARIO [ARGS]: (re)starts the called phone on its registered
# port. -aa answers the box's OPTIONS qualify, which would otherwise mark
# the phone unreachable after 30 s.
answer() {
	[ -n "$uaspid" ] && { kill "$uaspid" 2>/dev/null || true; wait "$uaspid" 2>/dev/null || true; }
	sc=$1; shift
	sipp "$BOX" -sf "$sc" -i "$host" -p "$uasport" -aa -nostdin -max_socket 60000 -timeout 3600s "$@" >"$work/uas.out" 2>&1 &
	uaspid=$!
}

# col HEADER NAME: the 1-based column of NAME in sipp's statistics header.
col() { echo "$1" | tr ';' '\n' | grep -n -x "$2" | cut -d: -f1; }
# field HEADER LINE NAME: the value of column NAME in LINE.
field() { echo "$2" | cut -d';' -f"$(col "$1" "$3")"; }
# ms TIME: sipp's hh:mm:ss:usec as milliseconds.
ms() { echo "$1" | awk -F: '{printf "%.1f", ($1*3600 + $2*60 + $3) * 1000 + $4 / 1000}'; }
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
rss() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$PID/status"; }
now() { date +%s.%N; }
pct() { awk -v a="$1" -v b="$2" -v s="$3" -v e="$4" -v k="$ticks" 'BEGIN {printf "%.0f", 100 * (b - a) / k / (e - s)}'; }

uasport=$((20000 + $$ % 10000))
uacport=$((uasport + 10))
register "$CALLEE" "$uasport"
register "$CALLER" "$uacport"
printf 'SEQUENTIAL\n%s;\n' "$CALLER" >"$work/callers.csv"
echo "box $BOX pid $PID: $(rss) MB resident at rest"

echo
echo "1. call rate without media (HOLD=$HOLD ms)"
answer "$here/load_uas.xml"
printf '%8s %9s %8s %8s %8s %10s %6s %8s\n' asked achieved calls failed fail% setup_ms cpu% rss_MB
for rate in $RATES; do
	calls=$((rate * STEP))
	c0=$(cpu); t0=$(now)
	rm -f "$work/stat.csv"
	sipp "$BOX" -sf "$here/load_uac.xml" -inf "$work/callers.csv" -s "$CALLEE" -au "$CALLER" -ap "$PASSWORD" \
		-i "$host" -p "$uacport" -r "$rate" -m "$calls" -l $((rate * 4 + 100)) -d "$HOLD" -nostdin -max_socket 60000 \
		-timeout $((STEP * 3 + 30))s -trace_stat -stf "$work/stat.csv" -fd 1 >"$work/uac.out" 2>&1 || true
	c1=$(cpu); t1=$(now)
	head=$(head -n 1 "$work/stat.csv")
	last=$(tail -n 1 "$work/stat.csv")
	# The rate achieved: CallRate(C) on the first line where every call had been placed.
	placed=$(awk -F';' -v c="$(col "$head" 'OutgoingCall(C)')" -v m="$calls" 'NR > 1 && $c >= m {print; exit}' "$work/stat.csv")
	[ -n "$placed" ] || placed=$last
	achieved=$(field "$head" "$placed" 'CallRate(C)')
	ok=$(field "$head" "$last" 'SuccessfulCall(C)')
	failed=$(field "$head" "$last" 'FailedCall(C)')
	setup=$(ms "$(field "$head" "$last" 'ResponseTime1(C)')")
	total=$((ok + failed))
	failpct=$(awk -v f="$failed" -v t="$total" 'BEGIN {printf "%.3f", t ? 100 * f / t : 100}')
	printf '%8s %9.1f %8s %8s %8s %10s %6s %8s\n' "$rate" "$achieved" "$total" "$failed" "$failpct" "$setup" "$(pct "$c0" "$c1" "$t0" "$t1")" "$(rss)"
	if awk -v f="$failpct" -v s="$setup" 'BEGIN {exit !(f > 0.1 || s > 200)}'; then
		echo "knee passed at $rate calls/s asked (more than 0.1 % failed or setup above 200 ms)"
		break
	fi
done

if [ "$CONCURRENT" -gt 0 ]; then
	echo
	echo "2. $CONCURRENT calls held ${HOLDRTP} s with G.711 RTP both ways, placed at $CPS calls/s"
	[ -r "$PCAP" ] || { echo "no $PCAP (Debian's sip-tester ships it): set PCAP"; exit 1; }
	# The scenarios of part 1 with A-law, to match the pcap; the caller
	# plays the pcap again every 7 s (its length) for HOLDRTP s.
	sed -e 's/RTP\/AVP 0 101/RTP\/AVP 8 101/' -e 's/rtpmap:0 PCMU/rtpmap:8 PCMA/' "$here/load_uas.xml" >"$work/media_uas.xml"
	plays=""
	for _ in $(seq $((HOLDRTP / 7))); do
		plays="$plays<nop><action><exec play_pcap_audio=\"$PCAP\"/></action></nop><pause milliseconds=\"7000\"/>"
	done
	sed -e 's/RTP\/AVP 0 101/RTP\/AVP 8 101/' -e 's/rtpmap:0 PCMU/rtpmap:8 PCMA/' \
		-e "s|<pause/>|$plays|" "$here/load_uac.xml" >"$work/media_uac.xml"
	answer "$work/media_uas.xml" -mi "$host" -mp $((uasport + 100)) -rtp_echo
	rm -f "$work/stat.csv"
	c0=$(cpu); t0=$(now)
	sipp "$BOX" -sf "$work/media_uac.xml" -inf "$work/callers.csv" -s "$CALLEE" -au "$CALLER" -ap "$PASSWORD" \
		-i "$host" -p "$uacport" -mi "$host" -mp $((uacport + 100)) -r "$CPS" -m "$CONCURRENT" -l "$CONCURRENT" \
		-nostdin -max_socket 60000 -timeout $((HOLDRTP + CONCURRENT / CPS + 60))s -trace_stat -stf "$work/stat.csv" -fd 1 \
		>"$work/uac.out" 2>&1 &
	uac=$!
	# Sample the box for 5 s once every call is up.
	up=0
	sampled=""
	while kill -0 "$uac" 2>/dev/null; do
		sleep 1
		[ -s "$work/stat.csv" ] || continue
		head=$(head -n 1 "$work/stat.csv")
		cur=$(field "$head" "$(tail -n 1 "$work/stat.csv")" 'CurrentCall')
		[ "$cur" -gt "$up" ] && up=$cur
		if [ -z "$sampled" ] && [ "$cur" -ge "$CONCURRENT" ]; then
			s0=$(cpu); u0=$(now); sleep 5; s1=$(cpu); u1=$(now)
			sampled="$(pct "$s0" "$s1" "$u0" "$u1") $(rss)"
		fi
	done
	wait "$uac" || true
	# sipp echoes every call's RTP on one socket from one thread, with the
	# kernel's default receive buffer: under load that buffer overflows and
	# the kernel drops packets before sipp sees them. Its drop counter
	# (the last column of /proc/net/udp) tells that loss from pbxd's.
	echodrops=$(awk -v p="$(printf ':%04X' $((uasport + 100)))" 'substr($2, length($2) - 4) == p {d += $NF} END {print d + 0}' /proc/net/udp)
	last=$(tail -n 1 "$work/stat.csv")
	head=$(head -n 1 "$work/stat.csv")
	ok=$(field "$head" "$last" 'SuccessfulCall(C)')
	failed=$(field "$head" "$last" 'FailedCall(C)')
	setup=$(ms "$(field "$head" "$last" 'ResponseTime1(C)')")
	echo "calls at once: $up of $CONCURRENT; succeeded $ok, failed $failed; mean setup ${setup} ms"
	if [ -n "$sampled" ]; then
		set -- $sampled
		echo "pbxd with all $CONCURRENT up: cpu $1 %, ${2} MB resident"
	else
		echo "pbxd never held all $CONCURRENT at once"
	fi
	echo "sipp's echo socket dropped $echodrops packets (its receive buffer overflowed): loss on the callees' legs that pbxd did not cause"
	if [ -n "$datadir" ] && command -v sqlite3 >/dev/null; then
		# The RTP statistics pbxd keeps in each call record: the caller's
		# legs get sipp's pcap directly, the callee's legs get sipp's echo
		# of what pbxd relayed to it.
		since=$(awk -v t="$t0" 'BEGIN {printf "%.0f", t * 1000}')
		sqlite3 "$datadir/pbx.db" "SELECT l.key, count(*), sum(json_extract(l.value, '$.media.packets_received')),
			sum(json_extract(l.value, '$.media.packets_lost'))
			FROM call_records, json_each(json_extract(details, '$.legs')) l
			WHERE started_at >= $since GROUP BY l.key ORDER BY l.key" |
			awk -F'|' '{printf "RTP pbxd received on the %s legs: %d legs, %d packets, %d lost (%.3f %%)\n",
				$1 == 0 ? "callers'"'"'" : "callees'"'"'", $2, $3, $4, $3 + $4 ? 100 * $4 / ($3 + $4) : 0}'
	fi
fi

if [ -n "$boxpid" ]; then
	kill "$boxpid"
	wait "$boxpid" 2>/dev/null || true
	grep '^shed' "$work/box.log" || true
	boxpid=""
fi
