package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hookflash/firmware/webui/localapi"
)

// command runs one pbxctl command against the local API.
type command func(ctx context.Context, c *client, out io.Writer) error

// parseCommand turns the words after the flags into a command.
func parseCommand(words []string) (command, error) {
	want := func(n int) error {
		if len(words) != n {
			return fmt.Errorf("%q takes %d argument(s)", strings.Join(words, " "), n-1)
		}
		return nil
	}
	if len(words) == 0 {
		return nil, errors.New("no command given")
	}
	switch words[0] {
	case "status":
		return statusCmd, want(1)
	case "config":
		if len(words) == 3 && words[1] == "export" {
			return downloadCmd("/config/export", words[2]), nil
		}
		if len(words) == 3 && words[1] == "import" {
			return uploadCmd("/config/import", words[2], "configuration imported"), nil
		}
		return nil, errors.New("use: config export FILE, or config import FILE")
	case "backup":
		if err := want(2); err != nil {
			return nil, err
		}
		return downloadCmd("/backup", words[1]), nil
	case "restore":
		if err := want(2); err != nil {
			return nil, err
		}
		return uploadCmd("/restore", words[1], "backup restored"), nil
	case "phone":
		return parsePhoneCommand(words[1:])
	case "scenario":
		return parseScenarioCommand(words[1:], time.Local)
	case "reset-admin":
		return setupCodeCmd("/reset-admin"), want(1)
	case "factory-reset":
		fs := flag.NewFlagSet("factory-reset", flag.ContinueOnError)
		yes := fs.Bool("yes", false, "confirm that everything on the box is to be erased")
		if err := fs.Parse(words[1:]); err != nil {
			return nil, err
		}
		if !*yes {
			return nil, errors.New("factory-reset erases the configuration, admins, call records, prompts, voicemail and recordings: add -yes to confirm")
		}
		return setupCodeCmd("/factory-reset"), nil
	}
	return nil, fmt.Errorf("unknown command %q", words[0])
}

func statusCmd(ctx context.Context, c *client, out io.Writer) error {
	var s localapi.Status
	if err := c.getJSON(ctx, "/status", &s); err != nil {
		return err
	}
	state := "stopped"
	if s.Running {
		state = fmt.Sprintf("running (pid %d, up %ds)", s.PID, s.UptimeSeconds)
	}
	fmt.Fprintf(out, "pbxd:            %s\n", state)
	fmt.Fprintf(out, "version:         %s\n", s.Version)
	fmt.Fprintf(out, "data directory:  %s\n", s.DataDir)
	fmt.Fprintf(out, "schema:          %d\n", s.Schema)
	fmt.Fprintf(out, "config revision: %d\n", s.Revision)
	fmt.Fprintf(out, "admins:          %d\n", s.Admins)
	if s.SetupPending {
		fmt.Fprintln(out, "setup code:      waiting to be used in the web UI")
	}
	for _, k := range []string{"extensions", "sip_trunks", "inbound_routes", "scenarios"} {
		fmt.Fprintf(out, "%-16s %d\n", k+":", s.Counts[k])
	}
	return nil
}

// downloadCmd writes what path returns into file (- for standard output),
// through a temporary name so a failed download leaves no partial file.
func downloadCmd(path, file string) command {
	return func(ctx context.Context, c *client, out io.Writer) error {
		if file == "-" {
			return c.download(ctx, path, out)
		}
		tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".*")
		if err != nil {
			return err
		}
		defer os.Remove(tmp.Name())
		if err := c.download(ctx, path, tmp); err != nil {
			tmp.Close()
			return err
		}
		if err := errors.Join(tmp.Sync(), tmp.Close()); err != nil {
			return err
		}
		if err := os.Rename(tmp.Name(), file); err != nil {
			return err
		}
		fmt.Fprintf(out, "wrote %s\n", file)
		return nil
	}
}

func uploadCmd(path, file, done string) command {
	return func(ctx context.Context, c *client, out io.Writer) error {
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := c.upload(ctx, path, f); err != nil {
			return err
		}
		fmt.Fprintln(out, done)
		return nil
	}
}

func setupCodeCmd(path string) command {
	return func(ctx context.Context, c *client, out io.Writer) error {
		var sc localapi.SetupCode
		if err := c.postJSON(ctx, path, &sc); err != nil {
			return err
		}
		fmt.Fprintf(out, "setup code: %s\nOpen the web UI and enter it to set the admin password.\n", sc.SetupCode)
		return nil
	}
}
