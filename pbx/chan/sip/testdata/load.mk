# The load measurements of the SIP path, included by the top Makefile.
# Nothing here is asserted: `make load` prints what the box achieves on
# this machine (see pbx/chan/sip/testdata/load.sh for what it measures).
# Its settings pass through, e.g.
#   make load RATES="100 200 400" STEP=5 CONCURRENT=200
#   make load BOX=127.0.0.1:5060 PID=1234 PASSWORD=secret   # a running pbxd

LOAD_SETTINGS := BOX PID PASSWORD TARGET RATES STEP HOLD CONCURRENT CPS HOLDRTP PCAP RTP_PORTS

.PHONY: load

## load: sipp load through pbxd: calls per second without media, then calls held with RTP; prints rate, failures, setup time, CPU, memory
load:
	$(foreach v,$(LOAD_SETTINGS),$(if $($(v)),$(v)='$($(v))')) GO='$(or $(GO),go)' pbx/chan/sip/testdata/load.sh
