//! The people writes ([`PeopleChange`]) as Metal calls: an invitation is
//! createOrganizationInvitation (its id is the answer, what undo revokes), a change of roles
//! updateMembership, a removal deleteMembership, a revoke declineInvitation — the spec's one
//! `DELETE /invitations/{id}` serves the invitee declining and a manager withdrawing.

use super::client::MetalClient;
use super::wire::InvitationInput;
use crate::api::{ApiError, PeopleChange};

impl MetalClient {
    pub(super) async fn change_people(
        &self,
        change: &PeopleChange,
    ) -> Result<Option<String>, ApiError> {
        match change {
            PeopleChange::Invite {
                organization,
                email,
                roles,
                projects,
                ..
            } => {
                let input = InvitationInput {
                    invitee: email.clone(),
                    message: None,
                    roles: roles.clone(),
                    projects_ids: projects.clone(),
                };
                let invitation = self.invite(organization, &input).await?;
                Ok(Some(invitation.id))
            }
            PeopleChange::SetRoles { member, roles, .. } => {
                self.update_membership_roles(member, roles).await?;
                Ok(None)
            }
            PeopleChange::Remove { member, .. } => {
                self.delete_membership(member).await.map(|()| None)
            }
            PeopleChange::Revoke { invitation, .. } => {
                self.decline_invitation(invitation).await.map(|()| None)
            }
        }
    }
}
