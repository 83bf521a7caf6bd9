// Command pbxctl is the installer's and admin's command line for a Hookflash
// box: status, config export and import, backup and restore, a new admin
// setup code, factory reset, and dry runs of scenarios.
//
// When pbxd runs, pbxctl talks to its local API on the data directory's
// socket. When pbxd is stopped, pbxctl takes the data directory's lock and
// serves the same API itself for the one command.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is stamped by the Makefile from git.
var version = "dev"

const usage = `usage: pbxctl [-data DIR] COMMAND

Commands:
  status                 show whether pbxd runs and what the box holds
  config export FILE     write the whole configuration as JSON (- for stdout)
  config import FILE     replace the configuration by FILE; all or nothing
  backup FILE            write database and data files into one archive
  restore FILE           restore a backup archive (an older one is migrated)
  phone add NUMBER [-name NAME] [-password PW]
                         add a SIP account for a phone on extension NUMBER
                         (made if missing); prints what the phone needs
  scenario test [NAME] -from NUMBER -line CHANNEL [-to NUMBER] [-at TIME]
         [-press KEYS]... [-answer TARGET[=S]]... [-hold TARGET=S]...
         [-transfer-to TARGET=NUMBER]... [-busy TARGET]... [-no-answer]
                         show the path a call would take, without placing it:
                         through scenario NAME, or through the inbound routes
  reset-admin            issue a new one-time setup code for the admin password
  factory-reset -yes     erase configuration, admins, call records and data files

The data directory comes from -data or PBX_DATA (default ./var).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pbxctl:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pbxctl", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	def := os.Getenv("PBX_DATA")
	if def == "" {
		def = "./var"
	}
	dataDir := fs.String("data", def, "data directory")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cmd, err := parseCommand(fs.Args())
	if err != nil {
		fmt.Fprint(stderr, usage)
		return err
	}
	c, err := connect(ctx, *dataDir)
	if err != nil {
		return err
	}
	defer c.close()
	return cmd(ctx, c, stdout)
}
