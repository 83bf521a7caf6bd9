package store

// The typed repositories. Tables marked config bump the config revision on
// every write.

func (s *Store) Admins() *Table[Admin] { return newTable[Admin](s, "admins", false) }
func (s *Store) AdminSessions() *Table[AdminSession] {
	return newTable[AdminSession](s, "admin_sessions", false)
}
func (s *Store) SetupCodes() *Table[SetupCode] { return newTable[SetupCode](s, "setup_codes", false) }
func (s *Store) Extensions() *Table[Extension] { return newTable[Extension](s, "extensions", true) }
func (s *Store) SIPDevices() *Table[SIPDevice] { return newTable[SIPDevice](s, "sip_devices", true) }
func (s *Store) FXSPorts() *Table[FXSPort]     { return newTable[FXSPort](s, "fxs_ports", true) }
func (s *Store) FXOLines() *Table[FXOLine]     { return newTable[FXOLine](s, "fxo_lines", true) }
func (s *Store) GSMModules() *Table[GSMModule] { return newTable[GSMModule](s, "gsm_modules", true) }
func (s *Store) SIPTrunks() *Table[SIPTrunk]   { return newTable[SIPTrunk](s, "sip_trunks", true) }

// Scenarios keeps each saved state of a scenario as its next version (see
// ScenarioVersions); the context of a write may say who saves it (WithEdit).
func (s *Store) Scenarios() *Table[Scenario] {
	t := newTable[Scenario](s, "scenarios", true)
	t.written = recordScenarioVersion
	return t
}

func (s *Store) Schedules() *Table[Schedule] { return newTable[Schedule](s, "schedules", true) }
func (s *Store) NumberLists() *Table[NumberList] {
	return newTable[NumberList](s, "number_lists", true)
}
func (s *Store) NumberListEntries() *Table[NumberListEntry] {
	return newTable[NumberListEntry](s, "number_list_entries", true)
}
func (s *Store) Mailboxes() *Table[Mailbox] { return newTable[Mailbox](s, "mailboxes", true) }
func (s *Store) Prompts() *Table[Prompt]    { return newTable[Prompt](s, "prompts", true) }
func (s *Store) InboundRoutes() *Table[InboundRoute] {
	return newTable[InboundRoute](s, "inbound_routes", true)
}
func (s *Store) RouteOptions() *Table[RouteOptions] {
	return newTable[RouteOptions](s, "route_options", true)
}
func (s *Store) Settings() *Table[Setting] { return newTable[Setting](s, "settings", true) }
func (s *Store) CallRecords() *Table[CallRecord] {
	return newTable[CallRecord](s, "call_records", false)
}
func (s *Store) GSMModuleOptions() *Table[GSMModuleOptions] {
	return newTable[GSMModuleOptions](s, "gsm_module_options", true)
}
