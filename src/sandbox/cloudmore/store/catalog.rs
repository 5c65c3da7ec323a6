//! The E-store catalog (categories, services, their custom-property definitions and products),
//! shared by all resellers: reads for the routes, inserts for the seed.

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::domain::{CustomPropertyDefinition, EstoreServiceDetail, Product, ServiceCategory};
use crate::sandbox::cloudmore::reply::{ApiFailure, ApiResult};

/// Columns of a service joined with its category, as [`read_detail_row`] reads them.
const SERVICE_SELECT: &str = "SELECT s.id, s.name, s.vendor_name, s.description,
    c.id AS category_id, c.name AS category_name, s.user_assigned, s.allow_multiple_users
    FROM services s JOIN service_categories c ON c.id = s.category_id";

fn read_detail_row(row: &Row) -> rusqlite::Result<EstoreServiceDetail> {
    Ok(EstoreServiceDetail {
        id: row.get("id")?,
        name: row.get("name")?,
        vendor_name: row.get("vendor_name")?,
        description: row.get("description")?,
        category: ServiceCategory {
            id: row.get("category_id")?,
            name: row.get("category_name")?,
        },
        user_assigned: row.get("user_assigned")?,
        allow_multiple_users: row.get("allow_multiple_users")?,
        custom_properties: Vec::new(),
    })
}

/// Every catalog service without its custom properties, in catalog order.
pub(crate) fn services(conn: &Connection) -> ApiResult<Vec<EstoreServiceDetail>> {
    let sql = format!("{SERVICE_SELECT} ORDER BY s.position");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], read_detail_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One catalog service with its custom-property definitions; 404 when unknown.
pub(crate) fn service(conn: &Connection, id: &str) -> ApiResult<EstoreServiceDetail> {
    let sql = format!("{SERVICE_SELECT} WHERE s.id = ?1");
    let mut detail = conn
        .prepare_cached(&sql)?
        .query_row([id], read_detail_row)
        .optional()?
        .ok_or(ApiFailure::NotFound)?;
    detail.custom_properties = property_definitions(conn, id)?;
    Ok(detail)
}

pub(crate) fn property_definitions(
    conn: &Connection,
    service: &str,
) -> ApiResult<Vec<CustomPropertyDefinition>> {
    let mut stmt = conn.prepare_cached(
        "SELECT property_id, name, kind, mandatory, default_value, allowed_values
         FROM custom_property_definitions WHERE service_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([service], |row| {
        let allowed: String = row.get(5)?;
        Ok(CustomPropertyDefinition {
            property_id: row.get(0)?,
            name: row.get(1)?,
            kind: row.get(2)?,
            mandatory: row.get(3)?,
            default_value: row.get(4)?,
            allowed_values: serde_json::from_str(&allowed).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const PRODUCT_COLUMNS: &str =
    "id, name, sku, billing_frequency, price, currency, min_quantity, max_quantity";

fn read_product(row: &Row) -> rusqlite::Result<Product> {
    Ok(Product {
        id: row.get(0)?,
        name: row.get(1)?,
        sku: row.get(2)?,
        billing_frequency: row.get(3)?,
        price: row.get(4)?,
        currency: row.get(5)?,
        min_quantity: row.get(6)?,
        max_quantity: row.get(7)?,
    })
}

pub(crate) fn products(conn: &Connection, service: &str) -> ApiResult<Vec<Product>> {
    let sql =
        format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE service_id = ?1 ORDER BY position");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([service], read_product)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A product of `service`, or `None` when the id belongs to no product of that service.
pub(crate) fn product(
    conn: &Connection,
    service: &str,
    product: &str,
) -> ApiResult<Option<Product>> {
    let sql = format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE service_id = ?1 AND id = ?2");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![service, product], read_product)
        .optional()?)
}

pub(crate) fn insert_category(
    conn: &Connection,
    category: &ServiceCategory,
) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT INTO service_categories (id, name) VALUES (?1, ?2)")?
        .execute(params![category.id, category.name])?;
    Ok(())
}

/// Inserts a service with its property definitions (the detail's `custom_properties`).
pub(crate) fn insert_service(
    conn: &Connection,
    position: usize,
    service: &EstoreServiceDetail,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO services (id, position, name, vendor_name, description, category_id,
         user_assigned, allow_multiple_users) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        service.id,
        position as i64,
        service.name,
        service.vendor_name,
        service.description,
        service.category.id,
        service.user_assigned,
        service.allow_multiple_users,
    ])?;
    for (index, def) in service.custom_properties.iter().enumerate() {
        let allowed = serde_json::to_string(&def.allowed_values).unwrap_or_else(|_| "[]".into());
        conn.prepare_cached(
            "INSERT INTO custom_property_definitions (service_id, property_id, position, name,
             kind, mandatory, default_value, allowed_values) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            service.id,
            def.property_id,
            index as i64,
            def.name,
            def.kind,
            def.mandatory,
            def.default_value,
            allowed,
        ])?;
    }
    Ok(())
}

pub(crate) fn insert_product(
    conn: &Connection,
    service: &str,
    position: usize,
    product: &Product,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO products (id, service_id, position, name, sku, billing_frequency, price,
         currency, min_quantity, max_quantity) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        product.id,
        service,
        position as i64,
        product.name,
        product.sku,
        product.billing_frequency,
        product.price,
        product.currency,
        product.min_quantity,
        product.max_quantity,
    ])?;
    Ok(())
}
