//! The Equinix Metal client's people calls against the Metal stand-in over real HTTP:
//! invitations created, listed (an organization's, and the caller's own), read, accepted,
//! withdrawn and declined; a project's memberships searched, read, changed and removed; users
//! read by id (only those the caller shares an organization with).

use crate::client_metal::{client_as, org_named};
use crate::metal_support::{MAIN, SAM, SAMS_PROJECT_INVITATION, start};
use tenantdeck::api::ApiError;
use tenantdeck::providers::metal::{InvitationInput, InvitationItem, UserUpdateInput, View};
use tenantdeck::sandbox::Seed;

#[tokio::test]
async fn invitations_are_created_listed_read_withdrawn_and_declined() {
    let metal = start(Seed::Demo).await;
    let client = client_as(&metal, MAIN);
    let org = org_named(&client, SAMS_PROJECT_INVITATION).await;
    let input = InvitationInput {
        invitee: "lena.client@example.org".into(),
        message: Some("welcome".into()),
        roles: vec!["admin".into()],
        projects_ids: vec![org.projects[0].id().to_string()],
    };
    let invitation = client.invite(&org.id, &input).await.unwrap();
    assert_eq!(invitation.invitee, "lena.client@example.org");
    assert_eq!(invitation.roles, ["admin"]);
    assert_eq!(invitation.organization.as_ref().unwrap().id(), org.id);
    assert_eq!(invitation.projects[0].id(), org.projects[0].id());

    let listed = client.invitations(&org.id, &View::default()).await.unwrap();
    assert!(
        listed
            .iter()
            .all(|i| matches!(i, InvitationItem::Invitation(_))),
        "the items are invitations, though the spec types them as memberships"
    );
    assert!(listed.iter().any(|i| i.id() == invitation.id));
    let read = client
        .invitation(&invitation.id, &View::including(&["organization"]))
        .await
        .unwrap();
    let expanded = read.organization.as_ref().unwrap();
    assert_eq!(
        expanded.object().map(|o| o.name.as_str()),
        Some(org.name.as_str())
    );

    client.decline_invitation(&invitation.id).await.unwrap();
    assert_eq!(
        client.invitation(&invitation.id, &View::default()).await,
        Err(ApiError::NotFound),
        "withdrawn by a manager"
    );

    let sams = listed
        .iter()
        .filter_map(InvitationItem::invitation)
        .find(|i| i.invitee.starts_with("sam."))
        .expect("Sam's invitation");
    let sam = client_as(&metal, SAM);
    assert_eq!(
        sam.invitation(&sams.id, &View::default()).await.unwrap().id,
        sams.id
    );
    sam.decline_invitation(&sams.id).await.unwrap();
    assert_eq!(
        client.invitation(&sams.id, &View::default()).await,
        Err(ApiError::NotFound),
        "declined by the invitee"
    );
}

#[tokio::test]
async fn a_projects_memberships_are_searched_read_changed_and_removed() {
    let metal = start(Seed::Demo).await;
    let client = client_as(&metal, MAIN);
    let org = org_named(&client, SAMS_PROJECT_INVITATION).await;
    let project = org.projects[0].id().to_string();
    let all = client
        .memberships(&project, "", &View::default())
        .await
        .unwrap();
    let main_id = metal.account(MAIN).user_id;
    let mine = all
        .iter()
        .find(|m| m.user.as_ref().is_some_and(|u| u.id() == main_id))
        .expect("the main user is a member")
        .clone();
    assert_eq!(mine.project.as_ref().unwrap().id(), project);
    let found = client
        .memberships(&project, "morgan", &View::including(&["user"]))
        .await
        .unwrap();
    assert!(found.len() < all.len() || all.len() == 1);
    let user = found[0].user.as_ref().unwrap().object().expect("expanded");
    assert!(user.full_name.starts_with(MAIN));
    assert!(
        client
            .memberships(&project, "nobody-like-this", &View::default())
            .await
            .unwrap()
            .is_empty()
    );

    assert_eq!(
        client.membership(&mine.id, &View::default()).await.unwrap(),
        mine
    );
    let roles = vec!["collaborator".to_string(), "billing".to_string()];
    let changed = client
        .update_membership_roles(&mine.id, &roles)
        .await
        .unwrap();
    assert_eq!(changed.roles, roles);
    client.delete_membership(&mine.id).await.unwrap();
    assert_eq!(
        client.membership(&mine.id, &View::default()).await,
        Err(ApiError::NotFound)
    );
}

#[tokio::test]
async fn an_invitee_lists_their_own_invitations_accepts_one_and_meets_the_members() {
    let metal = start(Seed::Demo).await;
    let main = client_as(&metal, MAIN);
    let sam = client_as(&metal, SAM);
    let sam_id = metal.account(SAM).user_id;
    let main_id = metal.account(MAIN).user_id;
    assert_eq!(
        main.user(&sam_id, &View::default()).await,
        Err(ApiError::NotFound),
        "no organization in common yet"
    );

    let own = sam
        .my_invitations(&View::including(&["organization"]))
        .await
        .unwrap();
    assert_eq!(own.len(), 2, "{own:?}");
    let own: Vec<_> = own
        .iter()
        .map(|i| {
            i.invitation()
                .expect("an invitation, not a membership")
                .clone()
        })
        .collect();
    assert!(own.iter().all(|i| i.invitee == "sam.okafor@example.com"));
    let into_projects = own
        .iter()
        .find(|i| !i.projects.is_empty())
        .expect("the invitation naming projects");
    let org = into_projects.organization.as_ref().unwrap();
    assert_eq!(
        org.object().map(|o| o.name.as_str()),
        Some(SAMS_PROJECT_INVITATION),
        "expanded by include"
    );
    let main_own = main.my_invitations(&View::default()).await.unwrap();
    assert!(
        main_own.iter().all(|i| own.iter().all(|o| o.id != i.id())),
        "the caller's own only: {main_own:?}"
    );

    // A manager may read and withdraw it, not accept it for the invitee.
    assert_eq!(
        main.accept_invitation(&into_projects.id, &View::default())
            .await,
        Err(ApiError::Forbidden)
    );
    let membership = sam
        .accept_invitation(&into_projects.id, &View::including(&["user"]))
        .await
        .unwrap();
    assert_eq!(membership.roles, into_projects.roles);
    let project = membership.project.as_ref().expect("a project membership");
    assert!(
        into_projects
            .projects
            .iter()
            .any(|p| p.id() == project.id())
    );
    let user = membership
        .user
        .as_ref()
        .unwrap()
        .object()
        .expect("expanded");
    assert_eq!(user.id, sam_id);
    assert_eq!(
        sam.invitation(&into_projects.id, &View::default()).await,
        Err(ApiError::NotFound),
        "an accepted invitation is gone"
    );
    assert_eq!(sam.my_invitations(&View::default()).await.unwrap().len(), 1);
    let org = org_named(&sam, SAMS_PROJECT_INVITATION).await;
    assert_eq!(org.id, into_projects.organization.as_ref().unwrap().id());

    // Now they share an organization, each reads the other.
    let read = main.user(&sam_id, &View::default()).await.unwrap();
    assert_eq!(read.email, "sam.okafor@example.com");
    assert_eq!(
        sam.user(&main_id, &View::default()).await.unwrap().id,
        main_id
    );
}

#[tokio::test]
async fn the_key_s_owner_updates_their_own_user_and_a_blank_name_is_a_field_error() {
    let metal = start(Seed::Demo).await;
    let client = client_as(&metal, MAIN);
    let before = client.current_user().await.unwrap();
    let change = UserUpdateInput {
        last_name: Some("Lee-Nair".into()),
        phone_number: Some("+47 555 0100".into()),
        customdata: Some(serde_json::json!({"desk": 4})),
        ..UserUpdateInput::default()
    };
    let updated = client.update_current_user(&change).await.unwrap();
    assert_eq!(updated.full_name, "Morgan Lee-Nair");
    assert_eq!(updated.phone_number, "+47 555 0100");
    assert_eq!(updated.customdata, serde_json::json!({"desk": 4}));
    assert_eq!(
        (updated.first_name.as_str(), updated.timezone.as_str()),
        (before.first_name.as_str(), before.timezone.as_str()),
        "what is not sent stays"
    );
    assert_eq!(client.current_user().await.unwrap(), updated);

    let blank = UserUpdateInput {
        first_name: Some(" ".into()),
        ..UserUpdateInput::default()
    };
    let Err(ApiError::Fields(fields)) = client.update_current_user(&blank).await else {
        panic!("a 422 naming the field");
    };
    assert_eq!(
        fields.first("first_name"),
        Some("First name can't be blank")
    );
}
