//! What `tenantdeck sandbox` prints at start: the stand-in's address, database and demo
//! accounts with their sign-in data (demo values, safe to print).

use std::fmt::Write;
use std::path::Path;

use super::{Dialect, METAL_BASE_PATH, SandboxHandle};

impl SandboxHandle {
    /// The start-up text, ending with how to stop it.
    pub fn printout(&self, db: &Path) -> String {
        let mut out = String::new();
        let name = match self.dialect() {
            Dialect::Cloudmore => "Cloudmore",
            Dialect::Pulse => "VMware Pulse IoT Center",
            Dialect::Metal => "Equinix Metal",
        };
        let api_root = match self.dialect() {
            Dialect::Metal => METAL_BASE_PATH,
            _ => "",
        };
        // Writing to a String cannot fail.
        let _ = writeln!(out, "tenantdeck stand-in {name} API");
        let _ = writeln!(out, "  base URL:  {}{api_root}", self.base_url());
        let _ = writeln!(out, "  database:  {}", db.display());
        for account in self.pulse_accounts() {
            let scope = account
                .tenant_name
                .as_deref()
                .unwrap_or("operator, every tenant");
            let _ = writeln!(out, "  account:   {scope}");
            let _ = writeln!(out, "    username:      {}", account.username);
            let _ = writeln!(
                out,
                "    password:      {}   (demo credentials)",
                account.password
            );
        }
        for account in self.metal_accounts() {
            let _ = writeln!(
                out,
                "  user:      {} <{}>",
                account.full_name, account.email
            );
            let _ = writeln!(
                out,
                "    X-Auth-Token:  {}   (demo credentials)",
                account.token
            );
        }
        for reseller in self.resellers() {
            let _ = writeln!(
                out,
                "  reseller:  {} ({})",
                reseller.reseller_name, reseller.reseller_id
            );
            let _ = writeln!(out, "    username:      {}", reseller.username);
            let _ = writeln!(
                out,
                "    password:      {}   (demo credentials)",
                reseller.password
            );
            let _ = writeln!(out, "    client id:     {}", reseller.client_id);
            let _ = writeln!(out, "    client secret: {}", reseller.client_secret);
        }
        out.push_str("Press Ctrl-C to stop.\n");
        out
    }
}
