//! The hierarchy forms' checks and the changes they make, for Pulse's and Metal's shapes.

use super::*;
use crate::domain::hierarchy::NESTED_ORGANIZATIONS;

/// Pulse's shape: a status, no profile.
const PULSE: Capabilities = Capabilities {
    has: &[Capability::EditHierarchy, Capability::NodeStatus],
    max_depth: None,
    roots_stay: true,
    child_kinds: NESTED_ORGANIZATIONS,
};
/// Metal's shape: no status, organizations with a profile, projects in them.
const METAL: Capabilities = Capabilities {
    has: &[
        Capability::EditHierarchy,
        Capability::CreateRoots,
        Capability::OrganizationProfile,
    ],
    max_depth: Some(1),
    roots_stay: false,
    child_kinds: &[(NodeKind::Organization, NodeKind::Project)],
};

fn type_into(form: &mut FormDialog, key: &str, text: &str) {
    form.form.field_mut(key).expect(key).input = text.to_string().into();
    form.revalidate();
}

fn node() -> OrgNode {
    OrgNode {
        id: "o1".into(),
        name: "Depot".into(),
        status: "ACTIVE".into(),
        active: true,
        version: Some("3".into()),
        ..OrgNode::default()
    }
}

#[test]
fn a_name_is_required_and_what_was_typed_stays_after_a_failure() {
    let mut form = NodeForm::create(Some(&node()), NodeKind::Organization, &PULSE);
    assert_eq!(form.submit(1), None, "no name");
    assert_eq!(
        form.form.error_summary(),
        vec![("Name", "The Name field is required.")]
    );
    form.form.fields[0].input = "  Cold store  ".to_string().into();
    form.revalidate();
    let sent = form.submit(2).expect("valid");
    assert_eq!(
        sent,
        Mutation::Node(NodeChange::Create {
            parent: Some("o1".into()),
            kind: NodeKind::Organization,
            name: "Cold store".into(),
            active: true,
            profile: None,
        })
    );
    form.failed(&ApiError::Server {
        status: 500,
        message: "boom".into(),
    });
    assert_eq!(form.form.text(NAME), "  Cold store  ");
    assert!(form.form.message.as_deref().unwrap().contains("retry"));
}

#[test]
fn a_conflict_keeps_the_form_and_overwrite_sends_mine_from_their_version() {
    let mut form = NodeForm::edit(&node(), &PULSE);
    form.form.fields[0].input = "Depot North".to_string().into();
    form.submit(1).expect("valid");
    let read = form.failed(&ApiError::Conflict {
        message: "stale".into(),
    });
    assert_eq!(read, Some(Resource::Node { id: "o1".into() }));
    let theirs = OrgNode {
        name: "Depot South".into(),
        version: Some("4".into()),
        ..node()
    };
    form.purpose.loaded(
        &Resource::Node { id: "o1".into() },
        Ok(&ResourceData::Node(theirs)),
    );
    let conflict = form.purpose.conflict().expect("shown");
    assert_eq!(conflict.mine[0], (NAME_LABEL, "Depot North".to_string()));
    assert_eq!(
        form.purpose.resolve(Resolution::Overwrite, &mut form.form),
        Resolved::Submit
    );
    assert_eq!(
        form.submit(2),
        Some(Mutation::Node(NodeChange::Update {
            id: "o1".into(),
            kind: NodeKind::Organization,
            name: "Depot North".into(),
            active: true,
            version: Some("4".into()),
            profile: None,
        }))
    );
}

#[test]
fn taking_theirs_fills_the_form_with_the_server_values() {
    let mut form = NodeForm::edit(&node(), &PULSE);
    form.form.fields[0].input = "Mine".to_string().into();
    form.submit(1);
    form.failed(&ApiError::Conflict {
        message: "stale".into(),
    });
    let theirs = OrgNode {
        name: "Theirs".into(),
        active: false,
        version: Some("9".into()),
        ..node()
    };
    form.purpose.loaded(
        &Resource::Node { id: "o1".into() },
        Ok(&ResourceData::Node(theirs)),
    );
    assert_eq!(
        form.purpose.resolve(Resolution::TakeTheirs, &mut form.form),
        Resolved::Keep
    );
    assert_eq!(form.form.text(NAME), "Theirs");
    assert_eq!(form.form.choice(STATUS), 1);
    assert!(form.purpose.conflict().is_none());
}

#[test]
fn an_organization_with_a_profile_has_no_status_and_a_half_address_is_refused() {
    let mut form = NodeForm::create(None, NodeKind::Organization, &METAL);
    assert_eq!(form.form.title, "New organization");
    assert!(form.form.fields.iter().all(|f| f.key != STATUS));
    type_into(&mut form, NAME, "Acme");
    type_into(&mut form, "address.city", "Amsterdam");
    type_into(&mut form, "address.country", "nowhere");
    assert_eq!(form.submit(1), None, "a half address");
    let summary = form.form.error_summary();
    let labels: Vec<&str> = summary.iter().map(|(label, _)| *label).collect();
    assert_eq!(labels, ["Street", "Postal code", "Country"], "{summary:?}");
    assert!(summary[0].1.contains("clear every field"), "{summary:?}");
    assert!(summary[2].1.contains("ISO 3166"), "{summary:?}");

    type_into(&mut form, "address.line1", " 1 Dam Square ");
    type_into(&mut form, "address.postal_code", "1012");
    type_into(&mut form, "address.country", "nl");
    type_into(&mut form, WEBSITE, "https://acme.example");
    let country = form.form.fields.iter().find(|f| f.key == "address.country");
    assert_eq!(country.and_then(|f| f.note.as_deref()), Some("Netherlands"));
    let Some(Mutation::Node(NodeChange::Create {
        parent: None,
        kind: NodeKind::Organization,
        profile: Some(profile),
        ..
    })) = form.submit(2)
    else {
        panic!("a root organization with its profile");
    };
    let address = profile.address.clone().expect("an address");
    assert_eq!(
        (address.line1.as_str(), address.country.as_str()),
        ("1 Dam Square", "NL")
    );
    assert_eq!(profile.website, "https://acme.example");
    assert_eq!(profile.billing_address, None, "left empty: none");
}

#[test]
fn an_edit_shows_the_profile_it_has_and_a_project_has_a_name_only() {
    let org = OrgNode {
        profile: Some(Box::new(NodeProfile {
            description: "Hosting".into(),
            address: Some(PostalAddress {
                line1: "1 Road".into(),
                postal_code: "1".into(),
                country: "SE".into(),
                ..PostalAddress::default()
            }),
            ..NodeProfile::default()
        })),
        ..node()
    };
    let mut form = NodeForm::edit(&org, &METAL);
    assert_eq!(form.form.text(DESCRIPTION), "Hosting");
    assert_eq!(form.form.text("address.country"), "SE");
    type_into(&mut form, DESCRIPTION, "");
    let Some(Mutation::Node(NodeChange::Update { profile, .. })) = form.submit(1) else {
        panic!("an update");
    };
    let profile = profile.expect("the whole profile");
    assert_eq!(profile.description, "", "emptied: cleared");
    assert_eq!(profile.address, org.profile.as_ref().unwrap().address);

    let project = OrgNode {
        kind: NodeKind::Project,
        ..node()
    };
    let mut form = NodeForm::create(Some(&project), NodeKind::Project, &METAL);
    let keys: Vec<&str> = form.form.fields.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, [NAME]);
    type_into(&mut form, NAME, "CI");
    assert_eq!(
        form.submit(1),
        Some(Mutation::Node(NodeChange::Create {
            parent: Some("o1".into()),
            kind: NodeKind::Project,
            name: "CI".into(),
            active: true,
            profile: None,
        }))
    );
}

#[test]
fn a_server_refusal_of_an_address_part_lands_on_its_field_and_keeps_what_was_typed() {
    let mut form = NodeForm::create(None, NodeKind::Organization, &METAL);
    type_into(&mut form, NAME, "Acme");
    type_into(&mut form, "billing_address.line1", "PO Box 9");
    type_into(&mut form, "billing_address.postal_code", "1000");
    type_into(&mut form, "billing_address.country", "NL");
    form.submit(1).expect("valid here");
    let mut fields = FieldErrors::default();
    fields.add(
        "billing_address.postal_code",
        "Billing address zip code is not valid",
    );
    form.failed(&ApiError::Fields(fields));
    let field = form
        .form
        .fields
        .iter()
        .find(|f| f.key == "billing_address.postal_code")
        .unwrap();
    assert_eq!(field.label, "Billing postal code");
    assert_eq!(
        field.server_error.as_deref(),
        Some("Billing address zip code is not valid")
    );
    assert_eq!(form.form.text("billing_address.line1"), "PO Box 9");
    assert!(form.form.message.as_deref().unwrap().contains("fix them"));
}
