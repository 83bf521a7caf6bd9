################################################################################
#
# hookflash-firmware
#
################################################################################

HOOKFLASH_FIRMWARE_VERSION = $(call qstrip,$(BR2_PACKAGE_HOOKFLASH_FIRMWARE_VERSION))
HOOKFLASH_FIRMWARE_SITE = https://github.com/hookflash/firmware.git
HOOKFLASH_FIRMWARE_SITE_METHOD = git
HOOKFLASH_FIRMWARE_LICENSE = Proprietary
HOOKFLASH_FIRMWARE_GOMOD = github.com/hookflash/firmware
HOOKFLASH_FIRMWARE_BUILD_TARGETS = cmd/pbxd cmd/pbxctl
HOOKFLASH_FIRMWARE_LDFLAGS = -s -w -X main.version=$(HOOKFLASH_FIRMWARE_VERSION)

# Buildroot turns cgo on when the toolchain can link it; the firmware is
# pure Go (modernc.org/sqlite) and must build the same everywhere.
HOOKFLASH_FIRMWARE_GO_ENV = CGO_ENABLED=0

# The download step vendors the Go modules (go mod vendor) into the
# tarball. A local checkout given with HOOKFLASH_FIRMWARE_OVERRIDE_SRCDIR
# is not downloaded, so vendor it in the build directory (this needs the
# Go module proxy); the checkout itself is left alone.
define HOOKFLASH_FIRMWARE_VENDOR_OVERRIDE
	if [ ! -d $(@D)/vendor ]; then \
		cd $(@D) && $(HOST_GO_COMMON_ENV) GOFLAGS=-mod=mod GOPROXY=https://proxy.golang.org,direct \
			$(GO_BIN) mod vendor; \
	fi
endef
HOOKFLASH_FIRMWARE_POST_RSYNC_HOOKS += HOOKFLASH_FIRMWARE_VENDOR_OVERRIDE

# The web UI's assets and the board profiles are embedded in pbxd.

$(eval $(golang-package))
