//! Dynamic values in Flow JSON strings: `${…}` references, backtick expressions (6.0+) and the
//! legacy `If.condition` grammar (4.0+), with a type checker.
//!
//! Every position is a byte range in the *decoded* string, ready for
//! [`Anchor::InString`](crate::finding::Anchor::InString).

mod lexer;
mod parser;
pub(crate) mod scan;

use std::fmt;
use std::ops::Range;

pub use lexer::BinOp;
pub use parser::{Expr, Lit};

/// Where the first `${` of `s` starts. A byte search for `$` (SIMD through `memchr`), so that
/// long strings without references (base64 images) cost next to nothing.
pub fn find_open(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    memchr::memchr_iter(b'$', bytes).find(|&i| bytes.get(i + 1) == Some(&b'{'))
}

/// Whether `s` holds a `${` ([`find_open`]).
pub fn has_open(s: &str) -> bool {
    find_open(s).is_some()
}

/// A problem in an expression: where (bytes of the decoded string) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    /// The offending bytes.
    pub span: Range<usize>,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl ExprError {
    /// An error at `span`.
    pub fn new(span: Range<usize>, message: String) -> ExprError {
        ExprError { span, message }
    }
}

/// Which value space a reference reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// `data`: the screen's data model.
    Data,
    /// `form`: the value of an input component, by `name`.
    Form,
}

impl Scope {
    /// `data` or `form`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Data => "data",
            Scope::Form => "form",
        }
    }
}

/// A `${data.a.b}`, `${form.x}` or `${screen.S.data.x}` reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The screen id of a global reference and its bytes.
    pub screen: Option<(String, Range<usize>)>,
    /// `data` or `form`.
    pub scope: Scope,
    /// The names after the scope (at least one).
    pub path: Vec<String>,
    /// The bytes of each name in `path`.
    pub path_spans: Vec<Range<usize>>,
    /// The whole `${…}`.
    pub span: Range<usize>,
}

impl Reference {
    /// The reference as written in `src`.
    pub fn text<'s>(&self, src: &'s str) -> &'s str {
        src.get(self.span.clone()).unwrap_or_default()
    }
}

/// The type of a value, as Flow JSON data models name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// `string`
    String,
    /// `number` (and `integer`)
    Number,
    /// `boolean`
    Boolean,
    /// `array`
    Array,
    /// `object`
    Object,
    /// Not known (an undeclared reference, already reported elsewhere).
    Unknown,
}

impl Ty {
    /// The type of a data-model `type` string.
    pub fn from_schema_type(name: &str) -> Ty {
        match name {
            "string" => Ty::String,
            "number" | "integer" => Ty::Number,
            "boolean" => Ty::Boolean,
            "array" => Ty::Array,
            "object" => Ty::Object,
            _ => Ty::Unknown,
        }
    }

    /// The name with its article, for messages: "a string", "an array".
    pub fn article(self) -> &'static str {
        match self {
            Ty::String => "a string",
            Ty::Number => "a number",
            Ty::Boolean => "a boolean",
            Ty::Array => "an array",
            Ty::Object => "an object",
            Ty::Unknown => "an unknown value",
        }
    }

    /// The name used in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Ty::String => "string",
            Ty::Number => "number",
            Ty::Boolean => "boolean",
            Ty::Array => "array",
            Ty::Object => "object",
            Ty::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of value a property string holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Dynamic {
    /// Plain text, no reference.
    Static,
    /// The whole string is one reference.
    Binding(Reference),
    /// The whole string looks like one reference but is malformed.
    BadBinding(ExprError),
    /// A backtick expression (only recognised where nested expressions exist, 6.0+).
    Nested(Result<Expr, ExprError>),
    /// Literal text with `${…}` inside: the byte ranges of the `${…}` parts.
    Interpolated(Vec<Range<usize>>),
}

/// Classifies a property string. `nested` says whether backtick expressions exist (6.0+).
pub fn classify(s: &str, nested: bool) -> Dynamic {
    if nested && is_nested(s) {
        return Dynamic::Nested(parse_nested(s));
    }
    let Some(first) = find_open(s) else {
        return Dynamic::Static;
    };
    if first == 0 && s.ends_with('}') && s.find('}') == Some(s.len() - 1) {
        return match lexer::lex_reference(s, 0, s.len()) {
            Ok((r, _)) => Dynamic::Binding(r),
            Err(e) => Dynamic::BadBinding(e),
        };
    }
    let mut parts = Vec::new();
    let mut at = first;
    while at < s.len() {
        let end = s[at..].find('}').map_or(s.len(), |k| at + k + 1);
        parts.push(at..end);
        match find_open(&s[end..]) {
            Some(k) => at = end + k,
            None => break,
        }
    }
    Dynamic::Interpolated(parts)
}

/// Whether `s` is literal text in every version: no `${…}` and no leading backtick (a cautious
/// test for rules on literal values: a backtick-led string counts as an expression even where it
/// would be plain text).
pub(crate) fn is_literal(s: &str) -> bool {
    !has_open(s) && !s.starts_with('`')
}

/// Every well-formed `${…}` reference anywhere in `s` (in bindings, expressions or text).
pub fn references(s: &str) -> Vec<Reference> {
    each_reference(s, |s, at| lexer::lex_reference(s, at, s.len()).ok()).collect()
}

/// What `read` makes of each `${` of `s` that starts a reference, in order: `read(s, at)` gives
/// the reference at `at` and the offset after it, or `None` when that `${` starts none (the
/// search then goes on two bytes later).
pub(crate) fn each_reference<'s, T>(
    s: &'s str,
    read: impl Fn(&'s str, usize) -> Option<(T, usize)>,
) -> impl Iterator<Item = T> {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(k) = find_open(&s[from..]) {
            let at = from + k;
            match read(s, at) {
                Some((r, end)) => {
                    from = end;
                    return Some(r);
                }
                None => from = at + 2,
            }
        }
        None
    })
}

/// Whether Meta reads `s` as a backtick expression (6.0+): it starts with a backtick and has a
/// later one with something in between.
pub fn is_nested(s: &str) -> bool {
    s.starts_with('`') && s.rfind('`').is_some_and(|i| i > 1)
}

/// Parses a whole backtick expression (the string including its backticks).
pub fn parse_nested(s: &str) -> Result<Expr, ExprError> {
    if !s.starts_with('`') {
        let first = s.chars().next().map_or(0, char::len_utf8);
        return Err(ExprError::new(
            0..first,
            "an expression starts with a backtick".to_owned(),
        ));
    }
    let Some(last) = s.rfind('`').filter(|&i| i > 0) else {
        return Err(ExprError::new(
            0..1,
            "the expression has no closing backtick".to_owned(),
        ));
    };
    let after = &s[last + 1..];
    if !after.trim().is_empty() {
        let start = last + 1 + (after.len() - after.trim_start().len());
        let end = last + 1 + after.trim_end().len();
        return Err(ExprError::new(
            start..end,
            "text after the closing backtick: the whole value must be one expression".to_owned(),
        ));
    }
    let body = 1..last;
    if s[body.clone()].trim().is_empty() {
        return Err(ExprError::new(
            0..last + 1,
            "the expression between the backticks is empty".to_owned(),
        ));
    }
    let tokens = lexer::tokenize(s, body.clone())?;
    parser::parse(&tokens, body, true)
}

/// Parses an `If.condition` string in the legacy grammar (no backticks, no concatenation) and
/// checks its shape: not empty, at least one dynamic operand, no operator between two literals.
pub fn parse_condition(s: &str) -> Result<Expr, ExprError> {
    if s.trim().is_empty() {
        return Err(ExprError::new(
            0..s.len(),
            "the condition is empty: it needs at least one operand".to_owned(),
        ));
    }
    let tokens = lexer::tokenize(s, 0..s.len())?;
    let expr = parser::parse(&tokens, 0..s.len(), false)?;
    if expr.is_literal() {
        let message = match strip_groups(&expr) {
            Expr::Binary(..) => {
                "an operator cannot have literals on both sides: the condition needs a dynamic operand such as ${data.x} or ${form.x}"
            }
            _ => {
                "the only operand is a literal value: the condition needs a dynamic operand such as ${data.x} or ${form.x}"
            }
        };
        return Err(ExprError::new(expr.span(), message.to_owned()));
    }
    if let Some(span) = literal_pair(&expr) {
        return Err(ExprError::new(
            span,
            "an operator cannot have literals on both sides".to_owned(),
        ));
    }
    Ok(expr)
}

fn strip_groups(e: &Expr) -> &Expr {
    match e {
        Expr::Group(inner, _) => strip_groups(inner),
        other => other,
    }
}

/// The first binary operation whose two operands are both literals.
fn literal_pair(e: &Expr) -> Option<Range<usize>> {
    match e {
        Expr::Binary(_, l, r, _) if l.is_literal() && r.is_literal() => Some(e.span()),
        Expr::Binary(_, l, r, _) => literal_pair(l).or_else(|| literal_pair(r)),
        Expr::Not(inner, _) | Expr::Group(inner, _) => literal_pair(inner),
        Expr::Concat(parts) => parts.iter().find_map(literal_pair),
        Expr::Lit(..) | Expr::Ref(_) => None,
    }
}

/// The type of `expr`, or the first operand whose type does not fit its operator.
/// `resolve` gives the type of each reference ([`Ty::Unknown`] when it cannot be resolved, which
/// fits everywhere so that one missing field is reported once).
pub fn type_of(expr: &Expr, resolve: &mut dyn FnMut(&Reference) -> Ty) -> Result<Ty, ExprError> {
    let fits = |t: Ty, want: Ty| t == want || t == Ty::Unknown;
    match expr {
        Expr::Lit(Lit::Str(_), _) => Ok(Ty::String),
        Expr::Lit(Lit::Num(_), _) => Ok(Ty::Number),
        Expr::Lit(Lit::Bool(_), _) => Ok(Ty::Boolean),
        Expr::Ref(r) => Ok(resolve(r)),
        Expr::Group(inner, _) => type_of(inner, resolve),
        Expr::Not(inner, _) => {
            let t = type_of(inner, resolve)?;
            if fits(t, Ty::Boolean) {
                Ok(Ty::Boolean)
            } else {
                Err(ExprError::new(
                    inner.span(),
                    format!("'!' needs a boolean operand, but this is {}", t.article()),
                ))
            }
        }
        Expr::Binary(op, l, r, _) => {
            let lt = type_of(l, resolve)?;
            let rt = type_of(r, resolve)?;
            let (want, result) = match op {
                BinOp::And | BinOp::Or => (Ty::Boolean, Ty::Boolean),
                BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => (Ty::Number, Ty::Boolean),
                BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => {
                    (Ty::Number, Ty::Number)
                }
                BinOp::Eq | BinOp::Ne => {
                    if lt != rt && lt != Ty::Unknown && rt != Ty::Unknown {
                        return Err(ExprError::new(
                            expr.span(),
                            format!(
                                "type mismatch in '{}': a {lt} is compared with a {rt}",
                                op.as_str()
                            ),
                        ));
                    }
                    return Ok(Ty::Boolean);
                }
            };
            for (side, t, e) in [("left", lt, l), ("right", rt, r)] {
                if !fits(t, want) {
                    return Err(ExprError::new(
                        e.span(),
                        format!(
                            "'{}' needs {} operands, but the {side} operand is {}",
                            op.as_str(),
                            if want == Ty::Boolean {
                                "boolean"
                            } else {
                                "number"
                            },
                            t.article(),
                        ),
                    ));
                }
            }
            Ok(result)
        }
        Expr::Concat(parts) => {
            for p in parts {
                let t = type_of(p, resolve)?;
                if matches!(t, Ty::Array | Ty::Object) {
                    return Err(ExprError::new(
                        p.span(),
                        format!("{} cannot be joined into text", t.article()),
                    ));
                }
            }
            Ok(Ty::String)
        }
    }
}

#[cfg(test)]
mod tests;
