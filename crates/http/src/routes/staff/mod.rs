//! The team's own routes besides the content: signing in, API tokens, accounts and their
//! invitations, the audit log, and, for administrators, the backup, the import of the
//! network directory, the site's own pages and the year's activity figures.

pub mod accounts;
pub mod archive;
pub mod imports;
pub mod invitations;
pub mod session;
pub mod site;
pub mod tokens;
