//! The parts of a preview that are decided on it: a choice left to the user (the role to give,
//! the service to add — none chosen for them, `c` shows each in turn), a bulk add's property
//! values (`p`), and the word or count typed before a large run.

use super::*;
use crate::app::choice_picker::Picked;
use crate::bulk::plan::BulkItem;

/// What must be typed before a plan of these items runs, if anything: the count for a large
/// run, `delete` for a delete of more than a few.
pub(super) fn confirm_word(items: &[BulkItem]) -> Option<String> {
    if items.len() > TYPE_THE_COUNT_ABOVE {
        return Some(items.len().to_string());
    }
    let deletes = items.iter().filter(|i| is_delete(&i.mutation)).count();
    (deletes > TYPE_A_WORD_ABOVE).then(|| DELETE_WORD.to_string())
}

impl BulkRun {
    /// The preview of a run with a choice left to the user (the role to give): one plan per
    /// option, none chosen until `c` picks one.
    pub fn choose(run: String, label: &str, options: Vec<(String, BulkPlan)>) -> BulkRun {
        let options = options
            .into_iter()
            .map(|(name, plan)| (name, SharedPlan::from(plan)))
            .collect();
        let nothing = BulkPlan {
            action: format!("choose a {}", label.to_lowercase()),
            items: Vec::new(),
            invalid: Vec::new(),
        };
        let mut screen = BulkRun::preview(run, nothing);
        screen.message = Some(format!(
            "no {} is chosen yet: c shows the plan for each in turn",
            label.to_lowercase()
        ));
        screen.choice = Some(Choice {
            label: label.to_string(),
            options,
            chosen: None,
            planner: None,
        });
        screen
    }

    /// [`BulkRun::choose_first`] with each option's plan built by `planner` when it is shown,
    /// and dropped when another is: the options of a choice over 100,000 targets are not all
    /// kept in memory at once.
    pub fn choose_first_on_demand(
        run: String,
        label: &str,
        names: Vec<String>,
        planner: impl Fn(usize) -> BulkPlan + Send + 'static,
    ) -> BulkRun {
        let mut screen = BulkRun::choose_on_demand(run, label, names, planner);
        screen.next_option();
        screen
    }

    /// [`BulkRun::choose`] with each option's plan built by `planner` when `c` shows it.
    pub fn choose_on_demand(
        run: String,
        label: &str,
        names: Vec<String>,
        planner: impl Fn(usize) -> BulkPlan + Send + 'static,
    ) -> BulkRun {
        let options = names
            .into_iter()
            .map(|name| (name, BulkPlan::default()))
            .collect();
        let mut screen = BulkRun::choose(run, label, options);
        if let Some(choice) = &mut screen.choice {
            choice.planner = Some(Planner(Box::new(planner)));
        }
        screen
    }

    /// [`BulkRun::choose`] with the first option shown, for a choice whose first option is the
    /// command's own name (`x` sets inactive; `c` offers active).
    pub fn choose_first(run: String, label: &str, options: Vec<(String, BulkPlan)>) -> BulkRun {
        let mut screen = BulkRun::choose(run, label, options);
        screen.next_option();
        screen
    }

    /// `c`: the next option's plan replaces the one shown; of a long choice (the services of
    /// an E-store), the list opens to pick one from by typing (only before the run starts).
    pub(super) fn choose_option(&mut self) {
        match &self.choice {
            Some(choice) if self.phase == Phase::Preview => {
                if ChoicePicker::wanted(choice.options.len()) {
                    let names: Vec<String> = choice.options.iter().map(|o| o.0.clone()).collect();
                    self.picker = Some(ChoicePicker::new(&choice.label, &names, choice.chosen));
                } else {
                    self.next_option();
                }
            }
            _ => {}
        }
    }

    /// A command of the open list: move in it, take an option (its plan is shown; nothing
    /// runs) or close it. Returns whether the plan shown changed.
    pub(super) fn pick(&mut self, id: CommandId) -> bool {
        let Some(picker) = &mut self.picker else {
            return false;
        };
        match picker.command(id) {
            Picked::Stay => false,
            Picked::Close => {
                self.picker = None;
                false
            }
            Picked::Take(chosen) => {
                self.picker = None;
                chosen.is_some_and(|chosen| self.show_option(chosen))
            }
        }
    }

    /// `c` on a short choice: the next option's plan replaces the one shown.
    pub(super) fn next_option(&mut self) {
        let Some(choice) = &self.choice else {
            return;
        };
        let n = choice.options.len();
        if n > 0 {
            self.show_option(choice.chosen.map_or(0, |i| i + 1) % n);
        }
    }

    /// Option `next`'s plan replaces the one shown (only before the run starts); returns
    /// whether it did.
    fn show_option(&mut self, next: usize) -> bool {
        if self.phase != Phase::Preview {
            return false;
        }
        let Some(choice) = &mut self.choice else {
            return false;
        };
        if next >= choice.options.len() || choice.chosen == Some(next) {
            return false;
        }
        if let Some(planner) = &choice.planner {
            let plan = (planner.0)(next);
            choice.chosen = Some(next);
            self.show_plan(plan.into());
            return true;
        }
        // The plans trade places instead of being copied (a plan may hold 100,000 items): the
        // one shown goes back to its option, the chosen one moves to the screen.
        let plan = std::mem::take(&mut choice.options[next].1);
        if let Some(shown) = choice.chosen.replace(next) {
            choice.options[shown].1 = SharedPlan {
                action: std::mem::take(&mut self.action),
                items: std::mem::take(&mut self.items),
                invalid: std::mem::take(&mut self.invalid),
            };
        }
        self.show_plan(plan);
        true
    }

    /// The plan shown in the preview from now on.
    pub(super) fn show_plan(&mut self, plan: SharedPlan) {
        self.action = plan.action;
        self.set_states(vec![ItemState::Pending; plan.items.len()]);
        self.attention = vec![None; plan.items.len()];
        self.items = plan.items;
        self.invalid = plan.invalid;
        self.word = confirm_word(&self.items);
        self.input.reset();
        self.message = None;
        self.rebuild();
    }

    /// The preview of adding one of `step`'s services to its organizations: the service is
    /// chosen with `c`, its properties given with `p`.
    pub fn add_service(run: String, step: ServiceStep) -> BulkRun {
        let options = step
            .services
            .iter()
            .map(|service| {
                let loading = BulkPlan {
                    action: format!("add service {}", service.name),
                    items: Vec::new(),
                    invalid: Vec::new(),
                };
                (service.name.clone(), loading)
            })
            .collect();
        let mut screen = BulkRun::choose(run, "Service", options);
        screen.service_step = Some(step);
        screen
    }

    pub(super) fn chosen(&self) -> Option<usize> {
        self.choice.as_ref().and_then(|c| c.chosen)
    }

    /// A bulk add's plan, rebuilt from the chosen service's details and the values given.
    pub(super) fn replan(&mut self, store: &Store) {
        let (Some(step), Some(chosen)) = (&self.service_step, self.chosen()) else {
            return;
        };
        if self.phase != Phase::Preview {
            return;
        }
        if let Some(plan) = step.plan(chosen, store) {
            let blocked = plan.items.is_empty() && !plan.invalid.is_empty();
            self.show_plan(plan.into());
            if blocked {
                self.message = Some(
                    "a mandatory property has no value: p gives the service's properties for all"
                        .into(),
                );
            }
        }
    }

    /// `p`: the property values of the chosen service, for every organization at once.
    pub(super) fn ask_properties(&self, ctx: &mut Ctx) {
        let Some(step) = &self.service_step else {
            ctx.info("this run has no properties to give");
            return;
        };
        let Some(chosen) = self.chosen() else {
            ctx.error("choose a service first: c shows each in turn");
            return;
        };
        match step.form(chosen, ctx.store) {
            Ok(form) => ctx.open_form(form),
            Err(why) => ctx.info(why),
        }
    }

    /// Whether the plan shown waits for something to load (a service's details).
    pub(super) fn planning(&self, store: &Store) -> bool {
        match (&self.service_step, self.chosen()) {
            (Some(step), Some(chosen)) => step.plan(chosen, store).is_none(),
            _ => false,
        }
    }

    /// The line that asks for the word, before the word itself.
    pub fn word_prompt(&self) -> String {
        match self.word.as_deref() {
            Some(DELETE_WORD) => format!(" Deletes {} items. Type ", self.items.len()),
            _ => format!(" Changes {} items. Type their count, ", self.items.len()),
        }
    }
}
