package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/hookflash/firmware/pbx/datadir"
	"github.com/hookflash/firmware/pbx/store"
	"github.com/hookflash/firmware/webui/localapi"
)

// client speaks to the local API on the data directory's socket.
type client struct {
	http  *http.Client
	close func()
}

// connect reaches a running pbxd, or, when none runs, locks the data
// directory and serves the local API from this process for one command.
func connect(ctx context.Context, dataDir string) (*client, error) {
	dir := datadir.Dir(dataDir)
	c := &client{http: &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", dir.Socket())
		},
	}}, close: func() {}}
	probe, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if c.ping(probe) == nil {
		return c, nil
	}

	lock, err := datadir.Open(dir)
	if errors.Is(err, datadir.ErrLocked) {
		return nil, fmt.Errorf("pbxd holds %s but its local API does not answer on %s: wait for it to finish starting, or stop it", dataDir, dir.Socket())
	}
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, dir.DB())
	if err != nil {
		lock.Release()
		return nil, err
	}
	os.Remove(dir.Socket()) // stale: nobody holds the lock
	ln, err := net.Listen("unix", dir.Socket())
	if err != nil {
		st.Close()
		lock.Release()
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	dry, closeDry, err := offlineDryRun(ctx, st, log)
	if err != nil {
		ln.Close()
		st.Close()
		lock.Release()
		return nil, err
	}
	srv := &http.Server{Handler: localapi.New(localapi.Options{Store: st, Dir: dir, Version: version, Logger: log, DryRun: dry})}
	go srv.Serve(ln)
	c.close = func() {
		srv.Close()
		closeDry()
		os.Remove(dir.Socket())
		st.Close()
		lock.Release()
	}
	return c, nil
}

func (c *client) ping(ctx context.Context) error {
	resp, err := c.do(ctx, http.MethodGet, "/status", nil)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

// do sends a request and turns a non-2xx answer into the API's error text.
func (c *client) do(ctx context.Context, method, path string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, "http://pbxd"+path, body)
	if err != nil {
		return nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		defer resp.Body.Close()
		var e localapi.Error
		if json.NewDecoder(resp.Body).Decode(&e) != nil || e.Error == "" {
			e.Error = resp.Status
		}
		return nil, errors.New(e.Error)
	}
	return resp, nil
}

func (c *client) getJSON(ctx context.Context, path string, v any) error {
	resp, err := c.do(ctx, http.MethodGet, path, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

func (c *client) postJSON(ctx context.Context, path string, v any) error {
	resp, err := c.do(ctx, http.MethodPost, path, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

func (c *client) download(ctx context.Context, path string, w io.Writer) error {
	resp, err := c.do(ctx, http.MethodGet, path, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(w, resp.Body)
	return err
}

func (c *client) upload(ctx context.Context, path string, r io.Reader) error {
	resp, err := c.do(ctx, http.MethodPost, path, r)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}
