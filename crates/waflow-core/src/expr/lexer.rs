//! Tokens of Flow JSON expressions: operators, literals, parentheses and `${…}` references.

use std::ops::Range;

use super::{ExprError, Reference, Scope};

/// One token with its byte range in the decoded string.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// Where it is.
    pub span: Range<usize>,
}

/// The kinds of tokens.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `!`
    Not,
    /// A binary operator.
    Op(BinOp),
    /// A quoted string literal (decoded).
    Str(String),
    /// A number literal.
    Num(f64),
    /// `true` or `false`.
    Bool(bool),
    /// A `${…}` reference.
    Ref(Reference),
}

/// Binary operators, loosest binding first in [`BinOp::precedence`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `||`
    Or,
    /// `&&`
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
}

impl BinOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Or => "||",
            BinOp::And => "&&",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
        }
    }
}

/// Splits `src[range]` into tokens. Offsets are relative to `src`.
pub fn tokenize(src: &str, range: Range<usize>) -> Result<Vec<Token>, ExprError> {
    let bytes = src.as_bytes();
    let end = range.end;
    let mut i = range.start;
    let mut out = Vec::new();
    while i < end {
        let b = bytes[i];
        let one = |kind| Token {
            kind,
            span: i..i + 1,
        };
        let two = |kind| Token {
            kind,
            span: i..i + 2,
        };
        let next = if i + 1 < end { bytes[i + 1] } else { 0 };
        let tok = match b {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'(' => one(TokenKind::LParen),
            b')' => one(TokenKind::RParen),
            b'!' if next == b'=' => two(TokenKind::Op(BinOp::Ne)),
            b'!' => one(TokenKind::Not),
            b'=' if next == b'=' => two(TokenKind::Op(BinOp::Eq)),
            b'&' if next == b'&' => two(TokenKind::Op(BinOp::And)),
            b'|' if next == b'|' => two(TokenKind::Op(BinOp::Or)),
            b'<' if next == b'=' => two(TokenKind::Op(BinOp::Le)),
            b'<' => one(TokenKind::Op(BinOp::Lt)),
            b'>' if next == b'=' => two(TokenKind::Op(BinOp::Ge)),
            b'>' => one(TokenKind::Op(BinOp::Gt)),
            b'+' => one(TokenKind::Op(BinOp::Add)),
            b'-' => one(TokenKind::Op(BinOp::Sub)),
            b'*' => one(TokenKind::Op(BinOp::Mul)),
            b'/' => one(TokenKind::Op(BinOp::Div)),
            b'%' => one(TokenKind::Op(BinOp::Rem)),
            b'=' | b'&' | b'|' => {
                return Err(ExprError::new(
                    i..i + 1,
                    format!(
                        "invalid operator '{}': use '{}{}'",
                        b as char, b as char, b as char
                    ),
                ));
            }
            b'\'' | b'"' => lex_string(src, i, end)?,
            b'$' if next == b'{' => {
                let (reference, after) = lex_reference(src, i, end)?;
                Token {
                    kind: TokenKind::Ref(reference),
                    span: i..after,
                }
            }
            b'0'..=b'9' | b'.' => lex_number(src, i, end)?,
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let mut j = i;
                while j < end && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
                    j += 1;
                }
                match &src[i..j] {
                    "true" => Token {
                        kind: TokenKind::Bool(true),
                        span: i..j,
                    },
                    "false" => Token {
                        kind: TokenKind::Bool(false),
                        span: i..j,
                    },
                    word => {
                        return Err(ExprError::new(
                            i..j,
                            format!(
                                "invalid operand '{word}': quote text as 'text', or reference data as ${{data.{word}}}"
                            ),
                        ));
                    }
                }
            }
            _ => {
                let c_len = src[i..].chars().next().map_or(1, char::len_utf8);
                return Err(ExprError::new(
                    i..i + c_len,
                    format!("unexpected character '{}'", &src[i..i + c_len]),
                ));
            }
        };
        i = tok.span.end;
        out.push(tok);
    }
    Ok(out)
}

fn lex_string(src: &str, start: usize, end: usize) -> Result<Token, ExprError> {
    let quote = src.as_bytes()[start];
    let mut text = String::new();
    let mut chars = src[start + 1..end].char_indices();
    while let Some((off, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, escaped)) => text.push(escaped),
                None => break,
            },
            c if c as u32 == u32::from(quote) => {
                return Ok(Token {
                    kind: TokenKind::Str(text),
                    span: start..start + 1 + off + 1,
                });
            }
            c => text.push(c),
        }
    }
    Err(ExprError::new(
        start..end,
        "missing closing quote for string".to_owned(),
    ))
}

fn lex_number(src: &str, start: usize, end: usize) -> Result<Token, ExprError> {
    let bytes = src.as_bytes();
    let mut j = start;
    while j < end && (bytes[j].is_ascii_digit() || bytes[j] == b'.') {
        j += 1;
    }
    // A number glued to letters (`12ab`) is one bad literal, not two operands.
    while j < end && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
        j += 1;
    }
    let text = &src[start..j];
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() && !text.starts_with('.') && !text.ends_with('.') => Ok(Token {
            kind: TokenKind::Num(n),
            span: start..j,
        }),
        _ => Err(ExprError::new(
            start..j,
            format!("invalid literal '{text}'"),
        )),
    }
}

/// Reads a `${…}` reference starting at `start` (the `$`). Returns it and the offset after `}`.
pub fn lex_reference(src: &str, start: usize, end: usize) -> Result<(Reference, usize), ExprError> {
    let inner_start = start + 2;
    let Some(close) =
        memchr::memchr(b'}', &src.as_bytes()[inner_start..end]).map(|k| inner_start + k)
    else {
        return Err(ExprError::new(
            start..end,
            "the dynamic reference is not closed: '}' is missing".to_owned(),
        ));
    };
    let reference = match well_formed_spans(src, start, inner_start, close) {
        Some(spans) => spans.into_reference(src),
        None => parse_reference_body(src, start, inner_start, close)?,
    };
    Ok((reference, close + 1))
}

/// A well-formed reference read in place: the bytes of each part of a [`Reference`], nothing
/// copied (for the rules that read many references and keep only names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Spans {
    /// The bytes of the screen id of a global reference.
    pub screen: Option<Range<usize>>,
    /// `data` or `form`.
    pub scope: Scope,
    /// The bytes of each name after the scope (at least one).
    pub path: Vec<Range<usize>>,
    /// The whole `${…}`.
    pub span: Range<usize>,
}

impl Spans {
    /// The [`Reference`] of these bytes of `src`.
    fn into_reference(self, src: &str) -> Reference {
        let text = |range: &Range<usize>| src[range.clone()].to_owned();
        Reference {
            screen: self.screen.map(|id| (text(&id), id)),
            scope: self.scope,
            path: self.path.iter().map(text).collect(),
            path_spans: self.path,
            span: self.span,
        }
    }
}

/// The well-formed reference starting at `start` (the `$` of `${`), read in place, and the
/// offset after its `}`: what [`lex_reference`] reads when it is well-formed. `None` when it is
/// not (or not closed); [`lex_reference`] then says why.
pub(crate) fn lex_well_formed(src: &str, start: usize, end: usize) -> Option<(Spans, usize)> {
    let inner_start = start + 2;
    let close = inner_start + memchr::memchr(b'}', &src.as_bytes()[inner_start..end])?;
    Some((
        well_formed_spans(src, start, inner_start, close)?,
        close + 1,
    ))
}

/// The reference between `${` (at `start`) and `}` (at `close`) when it is well-formed, read
/// byte by byte: what [`parse_reference_body`] gives, but without its character-by-character
/// diagnosis. `None`: it is not, and [`parse_reference_body`] says why.
fn well_formed_spans(src: &str, start: usize, inner_start: usize, close: usize) -> Option<Spans> {
    let inner = &src.as_bytes()[inner_start..close];
    // Names are ASCII letters, digits, '_' and '-', so a '.' byte always separates two names.
    if !inner
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    {
        return None;
    }
    let mut spans: Vec<Range<usize>> = Vec::with_capacity(4);
    let mut seg_start = inner_start;
    for (k, _) in inner.iter().enumerate().filter(|(_, b)| **b == b'.') {
        spans.push(seg_start..inner_start + k);
        seg_start = inner_start + k + 1;
    }
    spans.push(seg_start..close);
    if spans.iter().any(Range::is_empty) {
        return None;
    }
    let text = |range: &Range<usize>| &src[range.clone()];
    let scope = |range: &Range<usize>| match text(range) {
        "data" => Some(Scope::Data),
        "form" => Some(Scope::Form),
        _ => None,
    };
    let (screen, scope, names) = if text(&spans[0]) == "screen" {
        if spans.len() < 4 {
            return None;
        }
        (Some(spans[1].clone()), scope(&spans[2])?, 3)
    } else {
        if spans.len() < 2 {
            return None;
        }
        (None, scope(&spans[0])?, 1)
    };
    spans.drain(..names);
    Some(Spans {
        screen,
        scope,
        path: spans,
        span: start..close + 1,
    })
}

/// Parses the text between `${` and `}` (`inner_start..close`) as a reference path.
fn parse_reference_body(
    src: &str,
    start: usize,
    inner_start: usize,
    close: usize,
) -> Result<Reference, ExprError> {
    let whole = start..close + 1;
    let mut segments: Vec<(Range<usize>, &str)> = Vec::new();
    let mut seg_start = inner_start;
    for (k, c) in src[inner_start..close].char_indices() {
        if c == '.' {
            segments.push((seg_start..inner_start + k, &src[seg_start..inner_start + k]));
            seg_start = inner_start + k + 1;
        }
    }
    segments.push((seg_start..close, &src[seg_start..close]));
    for (range, seg) in &segments {
        if seg.is_empty() {
            // The character after an empty name is a '.' or the closing '}'.
            return Err(ExprError::new(
                range.start..range.start + 1,
                format!(
                    "empty name in the dynamic reference '{}'",
                    &src[whole.clone()]
                ),
            ));
        }
        if let Some((k, c)) = seg
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        {
            let at = range.start + k;
            return Err(ExprError::new(
                at..at + c.len_utf8(),
                format!(
                    "'{c}' is not allowed in the dynamic reference '{}': names use letters, digits, '_' and '-'",
                    &src[whole.clone()]
                ),
            ));
        }
    }
    let scope_of = |(range, seg): &(Range<usize>, &str)| match *seg {
        "data" => Ok(Scope::Data),
        "form" => Ok(Scope::Form),
        other => Err(ExprError::new(
            range.clone(),
            format!("'{other}' is not a reference scope: use data or form"),
        )),
    };
    let (screen, scope, rest) = if segments[0].1 == "screen" {
        if segments.len() < 4 {
            return Err(ExprError::new(
                whole,
                "a global reference has the form ${screen.SCREEN_ID.data.field} or ${screen.SCREEN_ID.form.field}".to_owned(),
            ));
        }
        let (id_range, id) = &segments[1];
        (
            Some((id.to_string(), id_range.clone())),
            scope_of(&segments[2])?,
            &segments[3..],
        )
    } else {
        if segments.len() < 2 {
            return Err(ExprError::new(
                whole,
                format!(
                    "'{}' names no field: write ${{data.field}} or ${{form.field}}",
                    &src[start..close + 1]
                ),
            ));
        }
        if segments[0].1 != "data" && segments[0].1 != "form" {
            return Err(ExprError::new(
                segments[0].0.clone(),
                format!(
                    "'{}' is not a reference scope: use data, form or screen",
                    segments[0].1
                ),
            ));
        }
        (None, scope_of(&segments[0])?, &segments[1..])
    };
    Ok(Reference {
        screen,
        scope,
        path: rest.iter().map(|(_, s)| s.to_string()).collect(),
        path_spans: rest.iter().map(|(r, _)| r.clone()).collect(),
        span: whole,
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The byte-wise reading of a reference accepts exactly what the diagnosing one does,
        /// with the same result.
        #[test]
        fn well_formed_references_are_read_alike(body in "(screen|data|form|[a-zé_\\-]{0,3})(\\.(data|form|[a-zA-Z0-9_é ,-]{0,3})){0,4}") {
            let src = format!("${{{body}}}");
            let close = src.len() - 1;
            let slow = parse_reference_body(&src, 0, 2, close).ok();
            let fast = well_formed_spans(&src, 0, 2, close).map(|spans| spans.into_reference(&src));
            prop_assert_eq!(fast, slow);
        }
    }

    fn kinds(s: &str) -> Vec<TokenKind> {
        match tokenize(s, 0..s.len()) {
            Ok(t) => t.into_iter().map(|t| t.kind).collect(),
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn lexes_operators_and_literals() {
        assert_eq!(
            kinds("<= < >= > == != && || + - * / % ( ) !"),
            vec![
                TokenKind::Op(BinOp::Le),
                TokenKind::Op(BinOp::Lt),
                TokenKind::Op(BinOp::Ge),
                TokenKind::Op(BinOp::Gt),
                TokenKind::Op(BinOp::Eq),
                TokenKind::Op(BinOp::Ne),
                TokenKind::Op(BinOp::And),
                TokenKind::Op(BinOp::Or),
                TokenKind::Op(BinOp::Add),
                TokenKind::Op(BinOp::Sub),
                TokenKind::Op(BinOp::Mul),
                TokenKind::Op(BinOp::Div),
                TokenKind::Op(BinOp::Rem),
                TokenKind::LParen,
                TokenKind::RParen,
                TokenKind::Not,
            ]
        );
        assert_eq!(
            kinds(r"'it\'s' 12.5 true false"),
            vec![
                TokenKind::Str("it's".into()),
                TokenKind::Num(12.5),
                TokenKind::Bool(true),
                TokenKind::Bool(false)
            ]
        );
    }

    #[test]
    fn bare_word_is_an_invalid_operand() {
        let s = "${data.a} == cat";
        let e = tokenize(s, 0..s.len())
            .err()
            .unwrap_or_else(|| panic!("no error"));
        assert_eq!(&s[e.span.clone()], "cat");
    }

    #[test]
    fn references_carry_their_parts() {
        let s = "${screen.FIRST.form.name}";
        let (r, end) = lex_reference(s, 0, s.len()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(end, s.len());
        assert_eq!(r.screen.as_ref().map(|(s, _)| s.as_str()), Some("FIRST"));
        assert_eq!(r.scope, Scope::Form);
        assert_eq!(r.path, ["name"]);
        assert_eq!(&s[r.path_spans[0].clone()], "name");
    }

    #[test]
    fn bad_references_point_inside() {
        for (s, bad) in [
            ("${data.}", "}"),
            ("${data.a b}", " "),
            ("${foo.a}", "foo"),
            ("${data}", "${data}"),
            ("${screen.A.data}", "${screen.A.data}"),
            ("${screen.A.x.y}", "x"),
            ("${data.a", "${data.a"),
        ] {
            let e = lex_reference(s, 0, s.len())
                .err()
                .unwrap_or_else(|| panic!("{s} parsed"));
            assert_eq!(&s[e.span.clone()], bad, "{s}: {}", e.message);
        }
    }
}
