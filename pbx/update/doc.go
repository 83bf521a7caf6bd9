// Package update installs signed firmware updates into the inactive root
// file system slot with RAUC and reports which version runs and how the
// last update ended.
//
// The flow, end to end:
//
//  1. The admin uploads a bundle. Updater.Install stores it on the data
//     partition and asks RAUC about it: RAUC checks the signature against
//     the box's keyring and the bundle's compatible string against the
//     board's before anything is written (ErrRejected otherwise).
//  2. RAUC writes the inactive slot and puts it first in U-Boot's
//     BOOT_ORDER with a fresh boot count. Install records the pending update
//     (Dir/pending) and, when Options.Reboot is set, reboots.
//  3. On the new slot's first boot the image's boot-confirm script copies
//     the database aside (the new pbxd migrates it forward), waits for
//     pbxd's health check and then marks the slot good; it writes
//     Dir/last with result=installed.
//  4. If the health check does not pass, boot-confirm marks the slot bad
//     and reboots; if the new slot does not even start, U-Boot's boot count
//     runs out. Either way the old slot boots, boot-confirm restores the
//     database copy and writes Dir/last with result=rolled-back and why.
//
// The RAUC interface is what Updater needs from RAUC; CLI implements it with
// the rauc command line tool, which talks to the RAUC service over D-Bus.
package update
