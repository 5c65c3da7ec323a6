//! A Pulse organization in provider-neutral terms, for the console's tree and detail pane:
//! id, name, parent, status, times, the concurrency token (`updateVersion` as text) and the
//! ordered (label, value) fields of the detail pane. A plain struct until the core has one.

use super::wire::Organization;
use crate::domain::dates::civil_from_days;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgView {
    pub id: String,
    pub name: String,
    /// `None` for a root tenant.
    pub parent: Option<String>,
    pub status: String,
    pub active: bool,
    /// Epoch milliseconds.
    pub created: Option<i64>,
    pub updated: Option<i64>,
    /// Sent back with a change so that a newer version on the server is a conflict.
    pub concurrency_token: String,
    /// Every field for the detail pane, in display order; times as UTC dates.
    pub fields: Vec<(String, String)>,
}

/// Epoch milliseconds as `YYYY-MM-DD HH:MM:SS UTC`.
pub fn format_ms(ms: i64) -> String {
    let (days, rest) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000) / 1000);
    let (year, month, day) = civil_from_days(days);
    let (hour, minute, second) = (rest / 3600, rest / 60 % 60, rest % 60);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02} UTC")
}

impl From<&Organization> for OrgView {
    fn from(org: &Organization) -> OrgView {
        let parent = (!org.parent_id.is_empty()).then(|| org.parent_id.clone());
        let time = |ms: Option<i64>| ms.map(format_ms).unwrap_or_default();
        let mut fields = vec![
            ("Name", org.name.clone()),
            ("Id", org.id.clone()),
            (
                "Parent",
                parent.clone().unwrap_or_else(|| "(root tenant)".into()),
            ),
            ("Status", org.status.clone()),
            ("Created", time(org.created_time.0)),
            ("Last updated", time(org.last_updated_time.0)),
            ("Update version", org.update_version.to_string()),
        ];
        // Only get-by-id carries these.
        for (label, value) in [
            ("Tenant (orgId)", &org.org_id),
            ("Created by", &org.created_by),
            ("Last updated by", &org.last_updated_by),
        ] {
            if !value.is_empty() {
                fields.push((label, value.clone()));
            }
        }
        OrgView {
            id: org.id.clone(),
            name: org.name.clone(),
            parent,
            active: org.status.eq_ignore_ascii_case("ACTIVE"),
            status: org.status.clone(),
            created: org.created_time.0,
            updated: org.last_updated_time.0,
            concurrency_token: org.update_version.to_string(),
            fields: fields
                .into_iter()
                .map(|(label, value)| (label.to_string(), value))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::pulse::EpochMs;

    #[test]
    fn a_root_tenant_in_neutral_terms_with_dates() {
        let org = Organization {
            id: "t1".into(),
            name: "Helios".into(),
            status: "ACTIVE".into(),
            created_time: EpochMs(Some(1_772_357_400_000)),
            update_version: 4,
            org_id: "t1".into(),
            ..Organization::default()
        };
        let view = OrgView::from(&org);
        assert_eq!(view.parent, None);
        assert!(view.active);
        assert_eq!(view.concurrency_token, "4");
        let field = |label: &str| {
            view.fields
                .iter()
                .find(|(l, _)| l == label)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(field("Created"), Some("2026-03-01 09:30:00 UTC"));
        assert_eq!(field("Parent"), Some("(root tenant)"));
        assert_eq!(field("Tenant (orgId)"), Some("t1"));
        assert_eq!(field("Created by"), None, "list rows do not carry it");
    }
}
