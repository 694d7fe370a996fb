//! Access control: Block Public Access, bucket policies (checked before they are sent, and
//! written from templates), and who may read what.

pub mod acl;
pub mod block_public;
pub mod exposure;
pub mod policy;
pub mod summary;
pub mod templates;
