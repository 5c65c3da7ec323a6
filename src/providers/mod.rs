//! Provider clients, one folder each: a provider's wire types, sign-in, paging and the mapping
//! of its error bodies onto the neutral [`crate::api::ApiError`]. They reuse the request
//! discipline of `api` (limit in flight, `Retry-After` gate, read retries) and know nothing
//! of the terminal. The Cloudmore client still lives in `api/` until the provider seam moves
//! it here.

pub mod pulse;
