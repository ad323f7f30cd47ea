//! Credentials: password hashing (argon2id), random secrets for sessions, API tokens and
//! CSRF, their digests, and the sign-in throttling policy.
//!
//! Nothing here touches the database: the store keeps digests, never secrets.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("hachage du mot de passe impossible : {0}")]
    Hash(String),
}

/// Hashes a password with argon2id and a random salt (PHC string, parameters included, so
/// that they can be raised later without invalidating existing hashes).
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| AuthError::Hash(e.to_string()))
}

/// Whether a password matches a stored hash. A malformed hash matches nothing.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the account does not exist, so that an unknown address
/// takes as long to refuse as a wrong password (no account enumeration by timing).
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("mot de passe leurre").unwrap_or_default())
}

/// Kinds of secrets, told apart by their prefix (a leaked token is easy to recognise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    Session,
    ApiToken,
    Csrf,
    /// A one-time link to choose a password.
    Invitation,
    /// A person's link to their registration for an event.
    Registration,
}

impl SecretKind {
    fn prefix(self) -> &'static str {
        match self {
            SecretKind::Session => "pss_",
            SecretKind::ApiToken => "psl_",
            SecretKind::Csrf => "",
            SecretKind::Invitation => "psi_",
            SecretKind::Registration => "psr_",
        }
    }
}

/// 256 random bits from the operating system, URL-safe, with the kind's prefix.
pub fn generate_secret(kind: SecretKind) -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    format!("{}{}", kind.prefix(), URL_SAFE_NO_PAD.encode(bytes))
}

/// The digest stored in place of a secret. Secrets carry 256 random bits, so a fast hash
/// is enough: there is nothing to brute-force, unlike a password.
pub fn digest(secret: &str) -> String {
    let hash = Sha256::digest(secret.as_bytes());
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether an API token looks like one of ours (cheap check before any database lookup).
pub fn is_api_token(secret: &str) -> bool {
    secret.len() == 47 && secret.starts_with(SecretKind::ApiToken.prefix())
}

/// Compares two secrets in constant time.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// How repeated failed sign-ins for one address are answered.
#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    /// Failures counted over this window.
    pub window: Duration,
    /// From this many failures, each answer is delayed.
    pub slow_after: u32,
    /// From this many failures, sign-in is refused until the oldest one leaves the window.
    pub refuse_after: u32,
    /// Added to the answer's delay by each failure past `slow_after` (at most five times).
    pub delay_step: std::time::Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy {
            window: Duration::minutes(15),
            slow_after: 3,
            refuse_after: 10,
            delay_step: std::time::Duration::from_millis(500),
        }
    }
}

/// What to do with a sign-in attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Throttle {
    Allow,
    /// Check the password, but answer no sooner than this.
    Delay(std::time::Duration),
    /// Refuse without checking; retry after this many seconds.
    Refuse {
        retry_after_secs: u64,
    },
}

impl ThrottlePolicy {
    /// Decides from the failures within the window (their times, any order).
    pub fn decide(&self, failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Throttle {
        let recent: Vec<_> = failures
            .iter()
            .filter(|at| **at > now - self.window)
            .collect();
        let count = recent.len() as u32;
        if count >= self.refuse_after {
            // Refused until enough failures age out of the window to fall below the limit.
            let mut times: Vec<_> = recent.into_iter().copied().collect();
            times.sort();
            let pivot = times[(count - self.refuse_after) as usize];
            let free_at = pivot + self.window;
            let secs = (free_at - now).num_seconds().max(1) as u64;
            Throttle::Refuse {
                retry_after_secs: secs,
            }
        } else if count >= self.slow_after {
            let extra = (count - self.slow_after + 1).min(5);
            Throttle::Delay(self.delay_step * extra)
        } else {
            Throttle::Allow
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_hash() {
        let hash = hash_password("correct horse battery staple").unwrap_or_default();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("correct horse battery staple", &hash));
        assert!(!verify_password("correct horse battery stapler", &hash));
        assert!(!verify_password("x", "pas un hachage"));
    }

    #[test]
    fn secrets_are_random_prefixed_and_stored_as_digests() {
        let a = generate_secret(SecretKind::ApiToken);
        let b = generate_secret(SecretKind::ApiToken);
        assert_ne!(a, b);
        assert!(is_api_token(&a), "{a}");
        assert_eq!(digest(&a).len(), 64);
        assert_ne!(digest(&a), digest(&b));
        assert!(same_secret(&a, &a.clone()));
        assert!(!same_secret(&a, &b));
    }

    #[test]
    fn throttling_slows_then_refuses_then_forgives() {
        let policy = ThrottlePolicy::default();
        let now = Utc::now();
        let failures = |n: i64| -> Vec<_> { (0..n).map(|i| now - Duration::seconds(i)).collect() };
        assert_eq!(policy.decide(&failures(2), now), Throttle::Allow);
        assert!(matches!(
            policy.decide(&failures(3), now),
            Throttle::Delay(_)
        ));
        let Throttle::Refuse { retry_after_secs } = policy.decide(&failures(10), now) else {
            panic!("ten failures must refuse");
        };
        assert!(
            retry_after_secs > 800 && retry_after_secs <= 900,
            "{retry_after_secs}"
        );
        let old: Vec<_> = (0..10).map(|i| now - Duration::minutes(16 + i)).collect();
        assert_eq!(policy.decide(&old, now), Throttle::Allow);
    }
}
