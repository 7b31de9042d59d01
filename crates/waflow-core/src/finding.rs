//! The one model of a problem found in a flow, before and after it is located in the text.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::fix::Fix;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational; never fails a check.
    Info,
    /// Worth fixing; fails a check only with `--fail-on warning`.
    Warning,
    /// Meta would reject the flow (or refuse to publish it).
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Which part of the JSON node at a finding's pointer the finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The whole value at the pointer.
    Value,
    /// The member key at the pointer (an unknown or misplaced key). For an array element or the
    /// root, which have no key, the first character of the value.
    Key,
    /// A byte range inside the decoded text of the string at the pointer (for a position inside
    /// an expression). Located through the string's escapes onto the raw text.
    InString {
        /// Start byte in the decoded string.
        start: usize,
        /// End byte (exclusive) in the decoded string.
        end: usize,
    },
    /// An absolute byte range of the file (syntax and encoding errors, which have no node).
    Bytes {
        /// Start byte offset in the file.
        start: usize,
        /// End byte offset (exclusive) in the file.
        end: usize,
    },
}

/// Who reported a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// waflow's own validator.
    #[default]
    Local,
    /// Meta, through the `validation_errors` of an uploaded flow.
    Meta,
}

/// A problem in a flow, as a rule reports it: what, where (as a JSON pointer) and how serious.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable waflow rule id, e.g. `routing/backward-route` or `schema/unknown-property`.
    pub rule: Cow<'static, str>,
    /// Meta's error code, e.g. `INVALID_ROUTING_MODEL`.
    pub code: Cow<'static, str>,
    /// How serious it is.
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
    /// RFC 6901 pointer of the node the finding is about (`""` for the root).
    pub pointer: String,
    /// Which part of that node to underline.
    pub anchor: Anchor,
    /// Who reported it.
    pub origin: Origin,
    /// Other places the finding is about (the first of two duplicates, say), in the order the
    /// rule gives them.
    pub related: Vec<Related>,
    /// The automatic fix, when the rule knows one for this case.
    pub fix: Option<Box<Fix>>,
}

/// Another place a finding is about, e.g. the first occurrence of a duplicated screen id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// RFC 6901 pointer of the node.
    pub pointer: String,
    /// Which part of that node to point at.
    pub anchor: Anchor,
    /// What that place is, e.g. "the screen id is first used here".
    pub message: String,
}

impl Related {
    /// The value at `pointer`, described by `message`.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Related {
        Related {
            pointer: pointer.into(),
            anchor: Anchor::Value,
            message: message.into(),
        }
    }

    /// Sets which part of the node to point at.
    pub fn with_anchor(mut self, anchor: Anchor) -> Related {
        self.anchor = anchor;
        self
    }
}

impl Finding {
    /// A local error about the value at `pointer`.
    pub fn error(
        rule: impl Into<Cow<'static, str>>,
        code: impl Into<Cow<'static, str>>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule: rule.into(),
            code: code.into(),
            severity: Severity::Error,
            message: message.into(),
            help: None,
            pointer: pointer.into(),
            anchor: Anchor::Value,
            origin: Origin::Local,
            related: Vec::new(),
            fix: None,
        }
    }

    /// A local warning about the value at `pointer`.
    pub fn warning(
        rule: impl Into<Cow<'static, str>>,
        code: impl Into<Cow<'static, str>>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(rule, code, pointer, message)
        }
    }

    /// Sets the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    /// Sets what to underline.
    pub fn with_anchor(mut self, anchor: Anchor) -> Finding {
        self.anchor = anchor;
        self
    }

    /// Adds a related location.
    pub fn with_related(mut self, related: Related) -> Finding {
        self.related.push(related);
        self
    }

    /// Attaches an automatic fix.
    pub fn with_fix(mut self, fix: Fix) -> Finding {
        self.fix = Some(Box::new(fix));
        self
    }

    /// Sets the severity.
    pub fn with_severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }
}
