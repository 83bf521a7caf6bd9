package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"

	"github.com/hookflash/firmware/webui/localapi"
)

// parsePhoneCommand reads "add NUMBER [-name NAME] [-password PW]".
func parsePhoneCommand(words []string) (command, error) {
	if len(words) < 2 || words[0] != "add" {
		return nil, errors.New("use: phone add NUMBER [-name NAME] [-password PW]")
	}
	req := localapi.PhoneRequest{Number: words[1]}
	fs := flag.NewFlagSet("phone add", flag.ContinueOnError)
	fs.StringVar(&req.Name, "name", "", "the extension's name, when it is created")
	fs.StringVar(&req.Password, "password", "", "the SIP password (at least 10 characters); empty: generated")
	if err := fs.Parse(words[2:]); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("phone add: unexpected %q", fs.Arg(0))
	}
	return func(ctx context.Context, c *client, out io.Writer) error {
		body, _ := json.Marshal(req)
		resp, err := c.do(ctx, http.MethodPost, "/phones", bytes.NewReader(body))
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		var p localapi.Phone
		if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
			return err
		}
		fmt.Fprintf(out, "extension: %s\nusername:  %s\npassword:  %s\nrealm:     %s\n", p.Extension, p.Username, p.Password, p.Realm)
		fmt.Fprintln(out, "Set these in the phone, with the box's SIP address as registrar; the password is not shown again.")
		return nil
	}, nil
}
