//! Subscription forms: create one (a product chosen from the service's products, a quantity
//! within that product's minimum and maximum) and change a quantity. The bounds are checked as
//! the user types, with the rules the stand-in applies (quantity ≥ 1, then min/max).

use crate::api::Mutation;
use crate::domain::validation::required_message;
use crate::domain::{FieldErrors, Product, Subscription, SubscriptionCreate, SubscriptionUpdate};

use crate::app::form::{Field, Form};
use crate::app::form_dialog::{FormDialog, FormPurpose};

const PRODUCT: &str = "ProductId";
const QUANTITY: &str = "Quantity";

#[derive(Debug, Clone)]
pub struct SubscriptionForm {
    org: String,
    service: String,
    /// Create: the choices, in field order. Quantity: the subscription's product, if known.
    products: Vec<Product>,
    /// Set when changing the quantity of this subscription.
    subscription: Option<String>,
}

/// How a product reads in the choice: name, price and the allowed quantities.
fn product_label(p: &Product) -> String {
    format!(
        "{} · {:.2} {} {} · {}–{}",
        p.name, p.price, p.currency, p.billing_frequency, p.min_quantity, p.max_quantity
    )
}

impl SubscriptionForm {
    pub fn create(org: &str, service: &str, products: &[Product]) -> FormDialog {
        let labels = products.iter().map(product_label).collect();
        let first_min = products.first().map_or(1, |p| p.min_quantity.max(1));
        let fields = vec![
            Field::choice(PRODUCT, "Product", labels, 0).required(),
            Field::text(QUANTITY, "Quantity")
                .required()
                .with_value(&first_min.to_string()),
        ];
        FormDialog::new(
            Form::new("New subscription", fields),
            SubscriptionForm {
                org: org.into(),
                service: service.into(),
                products: products.to_vec(),
                subscription: None,
            },
        )
    }

    pub fn quantity(
        org: &str,
        service: &str,
        subscription: &Subscription,
        product: Option<&Product>,
    ) -> FormDialog {
        let mut field = Field::text(QUANTITY, "Quantity")
            .required()
            .with_value(&subscription.quantity.to_string());
        field.note = product.map(|p| format!("{}–{}", p.min_quantity, p.max_quantity));
        FormDialog::new(
            Form::new(
                format!("Quantity of {}", subscription.product_name),
                vec![field],
            ),
            SubscriptionForm {
                org: org.into(),
                service: service.into(),
                products: product.into_iter().cloned().collect(),
                subscription: Some(subscription.id.clone()),
            },
        )
    }

    /// The product the quantity is checked against.
    fn product(&self, form: &Form) -> Option<&Product> {
        match self.subscription {
            Some(_) => self.products.first(),
            None => self.products.get(form.choice(PRODUCT)),
        }
    }

    fn quantity_value(form: &Form) -> Option<i64> {
        form.text(QUANTITY).trim().parse().ok()
    }
}

impl FormPurpose for SubscriptionForm {
    fn validate(&self, form: &mut Form) -> (FieldErrors, Vec<String>) {
        let mut errors = FieldErrors::default();
        let text = form.text(QUANTITY).trim().to_string();
        match Self::quantity_value(form) {
            _ if text.is_empty() => errors.add(QUANTITY, required_message(QUANTITY)),
            None => errors.add(QUANTITY, "Quantity must be a whole number."),
            Some(q) if q < 1 => errors.add(QUANTITY, "Quantity must be at least 1."),
            Some(q) => {
                if let Some(p) = self.product(form)
                    && (q < p.min_quantity || (p.max_quantity > 0 && q > p.max_quantity))
                {
                    errors.add(
                        QUANTITY,
                        format!(
                            "Quantity must be between {} and {} for {}.",
                            p.min_quantity, p.max_quantity, p.name
                        ),
                    );
                }
            }
        }
        if self.subscription.is_none() && self.product(form).is_none() {
            errors.add(PRODUCT, "Choose a product.");
        }
        (errors, Vec::new())
    }

    fn mutation(&self, form: &Form) -> Mutation {
        let quantity = Self::quantity_value(form).unwrap_or_default();
        let (org, service) = (self.org.clone(), self.service.clone());
        match &self.subscription {
            Some(subscription) => Mutation::UpdateSubscription {
                org,
                service,
                subscription: subscription.clone(),
                input: SubscriptionUpdate { quantity },
            },
            None => Mutation::CreateSubscription {
                org,
                service,
                input: SubscriptionCreate {
                    product_id: self.product(form).map(|p| p.id.clone()).unwrap_or_default(),
                    quantity,
                },
            },
        }
    }

    /// The stand-in's min/max refusal is a business error about the quantity.
    fn business_field(&self, message: &str) -> Option<String> {
        message
            .to_lowercase()
            .contains("quantity")
            .then(|| QUANTITY.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn products() -> Vec<Product> {
        vec![
            Product {
                id: "p1".into(),
                name: "Monthly".into(),
                min_quantity: 1,
                max_quantity: 300,
                ..Default::default()
            },
            Product {
                id: "p2".into(),
                name: "Pack of 5".into(),
                min_quantity: 5,
                max_quantity: 10,
                ..Default::default()
            },
        ]
    }

    #[test]
    fn quantity_is_checked_against_the_chosen_product() {
        let mut dialog = SubscriptionForm::create("o", "s", &products());
        assert_eq!(
            dialog.form.text(QUANTITY),
            "1",
            "prefilled with the minimum"
        );
        dialog.form.focus = 0;
        dialog.form.cycle(1);
        dialog.revalidate();
        assert_eq!(dialog.submit(1), None);
        assert_eq!(
            dialog.form.error_summary(),
            vec![(
                "Quantity",
                "Quantity must be between 5 and 10 for Pack of 5."
            )]
        );
        dialog.form.fields[1].input = "7".to_string().into();
        assert_eq!(
            dialog.submit(2),
            Some(Mutation::CreateSubscription {
                org: "o".into(),
                service: "s".into(),
                input: SubscriptionCreate {
                    product_id: "p2".into(),
                    quantity: 7
                }
            })
        );
    }

    #[test]
    fn quantity_change_refuses_text_and_sends_an_update() {
        let subscription = Subscription {
            id: "sub".into(),
            product_id: "p1".into(),
            product_name: "Monthly".into(),
            quantity: 3,
            ..Default::default()
        };
        let mut dialog = SubscriptionForm::quantity("o", "s", &subscription, products().first());
        dialog.form.fields[0].input = "3x".to_string().into();
        assert_eq!(dialog.submit(1), None);
        dialog.form.fields[0].input = "301".to_string().into();
        assert_eq!(dialog.submit(2), None);
        dialog.form.fields[0].input = "12".to_string().into();
        assert!(matches!(
            dialog.submit(3),
            Some(Mutation::UpdateSubscription { input, subscription, .. })
                if input.quantity == 12 && subscription == "sub"
        ));
    }
}
