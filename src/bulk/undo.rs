//! Undo: the writes that revert the last edit this console made, read from the journal. A
//! role change goes back to the role before (kept with the item when the plan was made), an
//! assignment and an unassignment revert each other, an added service is removed; anything
//! else has no inverse and is said so. The undo is itself a plan, previewed and journaled.

use crate::api::Mutation;
use crate::domain::SubscriptionUserSet;

use super::journal::{ItemState, Outcome, RunRecord};
use super::plan::{BulkItem, BulkPlan, InvalidItem};

/// The write that reverts `item`, if there is one.
pub fn inverse(item: &BulkItem) -> Option<Mutation> {
    if let Some(undo) = &item.undo {
        return Some(undo.clone());
    }
    use Mutation as M;
    match &item.mutation {
        M::AssignUser {
            org,
            service,
            subscription,
            input,
        } => Some(M::UnassignUser {
            org: org.clone(),
            service: service.clone(),
            subscription: subscription.clone(),
            user: input.user_id.clone(),
        }),
        M::UnassignUser {
            org,
            service,
            subscription,
            user,
        } => Some(M::AssignUser {
            org: org.clone(),
            service: service.clone(),
            subscription: subscription.clone(),
            input: SubscriptionUserSet {
                user_id: user.clone(),
                external_user_id: String::new(),
            },
        }),
        M::AddService { org, input } => Some(M::RemoveService {
            org: org.clone(),
            service: input.service_id.clone(),
        }),
        _ => None,
    }
}

/// The plan that reverts the newest run of `profile` that changed something: its items that
/// succeeded, each with its inverse; items without one are listed as left out. An error says
/// why nothing can be undone.
pub fn undo_plan(runs: &[RunRecord], profile: &str) -> Result<BulkPlan, String> {
    let done = |state: &ItemState| matches!(state, ItemState::Finished(Outcome::Ok { .. }));
    let last = runs
        .iter()
        .rev()
        .filter(|r| r.profile == profile)
        .find(|r| r.states.iter().any(done))
        .ok_or_else(|| "nothing to undo: this profile has made no change yet".to_string())?;
    let mut plan = BulkPlan {
        action: format!("undo: {}", last.action),
        items: Vec::new(),
        invalid: Vec::new(),
    };
    for (item, state) in last.items.iter().zip(&last.states) {
        if !done(state) {
            continue;
        }
        match inverse(item) {
            Some(mutation) => plan.items.push(BulkItem {
                target: item.target.clone(),
                before: item.after.clone(),
                after: item.before.clone(),
                undo: Some(item.mutation.clone()),
                mutation,
            }),
            None => plan.invalid.push(InvalidItem {
                target: item.target.clone(),
                reason: format!("{} cannot be undone", item.mutation.describe()),
            }),
        }
    }
    if plan.items.is_empty() {
        return Err(format!(
            "the last change ({}) cannot be undone: there is no inverse for it",
            last.action
        ));
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(action: &str, items: Vec<BulkItem>, ok: bool) -> RunRecord {
        let state = if ok {
            ItemState::Finished(Outcome::Ok {
                created: None,
                verified: false,
            })
        } else {
            ItemState::Pending
        };
        RunRecord {
            run: action.into(),
            at: String::new(),
            profile: "p".into(),
            action: action.into(),
            states: vec![state; items.len()],
            items,
        }
    }

    fn assign(user: &str) -> BulkItem {
        BulkItem {
            target: user.into(),
            before: "not assigned".into(),
            after: "assigned".into(),
            mutation: Mutation::AssignUser {
                org: "o".into(),
                service: "s".into(),
                subscription: "sub".into(),
                input: SubscriptionUserSet {
                    user_id: user.into(),
                    external_user_id: String::new(),
                },
            },
            undo: None,
        }
    }

    #[test]
    fn the_last_change_is_reverted_and_what_has_no_inverse_says_so() {
        let delete = BulkItem {
            target: "x".into(),
            before: String::new(),
            after: String::new(),
            mutation: Mutation::DeleteUser {
                org: "o".into(),
                user: "x".into(),
            },
            undo: None,
        };
        let runs = vec![
            run("assign", vec![assign("a"), assign("b")], true),
            run("never ran", vec![assign("c")], false),
        ];
        let plan = undo_plan(&runs, "p").unwrap();
        assert_eq!(plan.items.len(), 2);
        assert!(matches!(
            &plan.items[0].mutation,
            Mutation::UnassignUser { user, .. } if user == "a"
        ));
        assert_eq!(plan.items[0].after, "not assigned");
        let runs = vec![run("delete", vec![delete], true)];
        let error = undo_plan(&runs, "p").unwrap_err();
        assert!(error.contains("cannot be undone"), "{error}");
        assert!(undo_plan(&runs, "other").is_err());
    }
}
