//! The public Flow JSON versions and what Meta allows for each.

use std::fmt;

/// A public Flow JSON version (`"version"` at the top of a flow).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FlowVersion {
    /// Flow JSON 2.1.
    V2_1,
    /// Flow JSON 3.0.
    V3_0,
    /// Flow JSON 3.1.
    V3_1,
    /// Flow JSON 4.0.
    V4_0,
    /// Flow JSON 5.0.
    V5_0,
    /// Flow JSON 5.1.
    V5_1,
    /// Flow JSON 6.0.
    V6_0,
    /// Flow JSON 6.1.
    V6_1,
    /// Flow JSON 6.2.
    V6_2,
    /// Flow JSON 6.3.
    V6_3,
    /// Flow JSON 7.0.
    V7_0,
    /// Flow JSON 7.1.
    V7_1,
    /// Flow JSON 7.2.
    V7_2,
    /// Flow JSON 7.3.
    V7_3,
}

impl FlowVersion {
    /// Every public version, oldest first.
    pub const ALL: [FlowVersion; 14] = [
        Self::V2_1,
        Self::V3_0,
        Self::V3_1,
        Self::V4_0,
        Self::V5_0,
        Self::V5_1,
        Self::V6_0,
        Self::V6_1,
        Self::V6_2,
        Self::V6_3,
        Self::V7_0,
        Self::V7_1,
        Self::V7_2,
        Self::V7_3,
    ];

    /// The newest public version, the one Meta recommends.
    pub const LATEST: FlowVersion = Self::V7_3;

    /// The oldest version Meta still publishes ([`FlowVersion::is_publishable`]).
    pub const OLDEST_PUBLISHABLE: FlowVersion = Self::V5_1;

    /// The version as written in Flow JSON, e.g. `"7.3"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::V2_1 => "2.1",
            Self::V3_0 => "3.0",
            Self::V3_1 => "3.1",
            Self::V4_0 => "4.0",
            Self::V5_0 => "5.0",
            Self::V5_1 => "5.1",
            Self::V6_0 => "6.0",
            Self::V6_1 => "6.1",
            Self::V6_2 => "6.2",
            Self::V6_3 => "6.3",
            Self::V7_0 => "7.0",
            Self::V7_1 => "7.1",
            Self::V7_2 => "7.2",
            Self::V7_3 => "7.3",
        }
    }

    /// Parses a version string exactly as Flow JSON writes it (`"6.3"`, not `"6.30"`).
    pub fn parse(text: &str) -> Option<FlowVersion> {
        Self::ALL.into_iter().find(|v| v.as_str() == text)
    }

    /// Whether Meta still lets a flow of this version be published.
    ///
    /// 2.1, 3.0, 3.1 and 4.0 were frozen on 8 April 2025 and 5.0 on 10 September 2025:
    /// such flows can still be sent, but not created, updated or published.
    pub fn is_publishable(self) -> bool {
        self >= Self::OLDEST_PUBLISHABLE
    }

    /// The `data_api_version` values this Flow JSON version accepts.
    pub fn data_api_versions(self) -> &'static [&'static str] {
        if self >= Self::V7_3 {
            &["3.0", "4.0"]
        } else {
            &["3.0"]
        }
    }
}

impl fmt::Display for FlowVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_round_trips_every_version() {
        for v in FlowVersion::ALL {
            assert_eq!(FlowVersion::parse(v.as_str()), Some(v));
        }
        assert_eq!(FlowVersion::parse("7.4"), None);
        assert_eq!(FlowVersion::parse("7.30"), None);
        assert_eq!(FlowVersion::parse(" 7.3"), None);
    }

    #[test]
    fn only_5_1_and_later_are_publishable() {
        let publishable: Vec<_> = FlowVersion::ALL
            .into_iter()
            .filter(|v| v.is_publishable())
            .map(FlowVersion::as_str)
            .collect();
        assert_eq!(
            publishable,
            [
                "5.1", "6.0", "6.1", "6.2", "6.3", "7.0", "7.1", "7.2", "7.3"
            ]
        );
    }
}
