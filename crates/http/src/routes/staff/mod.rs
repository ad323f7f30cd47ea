//! The team's own routes besides the content: signing in, API tokens, accounts and their
//! invitations, the audit log, and, for administrators, the backup and the import of the network directory.

pub mod accounts;
pub mod archive;
pub mod imports;
pub mod invitations;
pub mod session;
pub mod tokens;
