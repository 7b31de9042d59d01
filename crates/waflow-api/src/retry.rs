//! When and how long to wait before trying a call again.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use backon::ExponentialBuilder;

use crate::error::ApiError;

/// A callback told about each retry: the failure and the wait before the next attempt.
pub type RetryObserver = Arc<dyn Fn(&ApiError, Duration) + Send + Sync>;

/// How many times to retry and how long to wait.
#[derive(Clone)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retries).
    pub max_retries: usize,
    /// First backoff delay; it doubles on each retry (with jitter).
    pub min_delay: Duration,
    /// Longest backoff delay.
    pub max_delay: Duration,
    /// Longest `Retry-After` honoured; a server asking for more ends the retries.
    pub max_retry_after: Duration,
    /// Called before each retry with the failure and the wait (for progress messages).
    pub on_retry: Option<RetryObserver>,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: 4,
            min_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            on_retry: None,
        }
    }
}

impl std::fmt::Debug for RetryPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RetryPolicy")
            .field("max_retries", &self.max_retries)
            .field("min_delay", &self.min_delay)
            .field("max_delay", &self.max_delay)
            .field("max_retry_after", &self.max_retry_after)
            .finish_non_exhaustive()
    }
}

impl RetryPolicy {
    /// The backoff schedule.
    pub(crate) fn backoff(&self) -> ExponentialBuilder {
        ExponentialBuilder::default()
            .with_min_delay(self.min_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.max_retries)
            .with_jitter()
    }

    /// The wait before the next attempt: the server's `Retry-After` when it sent one (ending the
    /// retries when it is longer than [`RetryPolicy::max_retry_after`]), else the backoff delay.
    pub(crate) fn adjust(&self, error: &ApiError, backoff: Option<Duration>) -> Option<Duration> {
        let backoff = backoff?;
        match error.retry_after() {
            Some(wait) if wait > self.max_retry_after => None,
            Some(wait) if !wait.is_zero() => Some(wait),
            _ => Some(backoff),
        }
    }
}

/// The end of the time allowed for all the calls of a client, retries and waits included.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    at: Option<Instant>,
    total: Duration,
}

impl Deadline {
    /// `total` from now; `None`: no limit.
    pub(crate) fn after(total: Option<Duration>) -> Deadline {
        Deadline {
            at: total.and_then(|t| Instant::now().checked_add(t)),
            total: total.unwrap_or(Duration::MAX),
        }
    }

    /// The timeout of the next attempt: `per_attempt`, or what is left when that is less. The
    /// second value is the limit to name when it expires (the total when it is what cuts).
    pub(crate) fn attempt(&self, per_attempt: Duration) -> (Duration, Duration) {
        match self
            .at
            .map(|at| at.saturating_duration_since(Instant::now()))
        {
            Some(left) if left < per_attempt => (left, self.total),
            _ => (per_attempt, per_attempt),
        }
    }

    /// Whether waiting `wait` still leaves time for another attempt.
    pub(crate) fn allows_wait(&self, wait: Duration) -> bool {
        self.at.is_none_or(|at| {
            Instant::now()
                .checked_add(wait)
                .is_some_and(|then| then < at)
        })
    }
}

/// Which failures a call may be retried after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// Reads and uploads (the same bytes give the same result): any transient failure.
    Safe,
    /// Writes whose repetition could act twice: only when the server surely did not act (429,
    /// connection refused).
    Unsafe,
    /// Never retried (create; see [`crate::deploy::create_flow`]).
    Never,
}

impl Idempotency {
    /// Whether `error` may be retried.
    pub(crate) fn allows(self, error: &ApiError) -> bool {
        match self {
            Idempotency::Safe => error.is_transient(),
            Idempotency::Unsafe => error.surely_not_processed() && error.is_transient(),
            Idempotency::Never => false,
        }
    }
}

/// Reads a `Retry-After` value: seconds, or an HTTP date.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn the_deadline_cuts_attempts_and_waits() {
        let none = Deadline::after(None);
        let second = Duration::from_secs(1);
        assert_eq!(none.attempt(second), (second, second));
        assert!(none.allows_wait(Duration::from_secs(3600)));
        let total = Duration::from_secs(30);
        let deadline = Deadline::after(Some(total));
        assert_eq!(deadline.attempt(second), (second, second));
        let (cut, named) = deadline.attempt(Duration::from_secs(60));
        assert!(cut <= total && named == total, "{cut:?} {named:?}");
        assert!(deadline.allows_wait(second));
        assert!(!deadline.allows_wait(total));
        let spent = Deadline::after(Some(Duration::ZERO));
        assert_eq!(spent.attempt(second), (Duration::ZERO, Duration::ZERO));
        assert!(!spent.allows_wait(Duration::ZERO));
    }

    #[test]
    fn unsafe_calls_are_not_retried_after_a_permanent_failure() {
        let refused = |permanent| ApiError::Network {
            operation: "publish flow 1".into(),
            reason: "cannot connect".into(),
            connect: true,
            permanent,
        };
        assert!(Idempotency::Unsafe.allows(&refused(None)));
        assert!(!Idempotency::Unsafe.allows(&refused(Some(crate::Permanent::HostName))));
        assert!(!Idempotency::Safe.allows(&refused(Some(crate::Permanent::NotTls))));
    }

    #[test]
    fn retry_after_wins_over_backoff_up_to_the_cap() {
        let policy = RetryPolicy::default();
        let e = |secs| ApiError::Http {
            operation: "x".into(),
            status: 429,
            message: "slow down".into(),
            retry_after: Some(Duration::from_secs(secs)),
        };
        let backoff = Some(Duration::from_millis(250));
        assert_eq!(policy.adjust(&e(2), backoff), Some(Duration::from_secs(2)));
        assert_eq!(policy.adjust(&e(3600), backoff), None);
        assert_eq!(policy.adjust(&e(2), None), None);
    }
}
