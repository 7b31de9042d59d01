//! The expression parser: precedence climbing over the tokens of one expression.
//!
//! Loosest first: `||`, `&&`, `==` `!=`, `<` `<=` `>` `>=`, concatenation by juxtaposition
//! (nested expressions only), `+` `-`, `*` `/` `%`, then the prefix `!` and a negative sign
//! before a number.

use std::ops::Range;

use super::lexer::{BinOp, Token, TokenKind};
use super::{ExprError, Reference};

/// A literal operand.
#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    /// A quoted string.
    Str(String),
    /// A number.
    Num(f64),
    /// `true` / `false`.
    Bool(bool),
}

/// A parsed expression. Every node knows its byte range in the decoded string.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A literal.
    Lit(Lit, Range<usize>),
    /// A `${…}` reference.
    Ref(Reference),
    /// `!operand`.
    Not(Box<Expr>, Range<usize>),
    /// `lhs op rhs`; the range is the operator's.
    Binary(BinOp, Box<Expr>, Box<Expr>, Range<usize>),
    /// Operands written next to each other, joined into one string.
    Concat(Vec<Expr>),
    /// `( inner )`; the range covers both parentheses.
    Group(Box<Expr>, Range<usize>),
}

impl Expr {
    /// The bytes this node covers.
    pub fn span(&self) -> Range<usize> {
        match self {
            Expr::Lit(_, r) | Expr::Group(_, r) => r.clone(),
            Expr::Ref(r) => r.span.clone(),
            Expr::Not(inner, r) => r.start..inner.span().end,
            Expr::Binary(_, l, r, _) => l.span().start..r.span().end,
            Expr::Concat(parts) => match (parts.first(), parts.last()) {
                (Some(a), Some(b)) => a.span().start..b.span().end,
                _ => 0..0,
            },
        }
    }

    /// Whether the node is a literal, looking through parentheses and a leading `!`.
    pub fn is_literal(&self) -> bool {
        match self {
            Expr::Lit(..) => true,
            Expr::Group(inner, _) | Expr::Not(inner, _) => inner.is_literal(),
            Expr::Binary(_, l, r, _) => l.is_literal() && r.is_literal(),
            Expr::Concat(parts) => parts.iter().all(Expr::is_literal),
            Expr::Ref(_) => false,
        }
    }

    /// Calls `f` on every reference in the expression, left to right.
    pub fn for_each_ref<'e>(&'e self, f: &mut impl FnMut(&'e Reference)) {
        match self {
            Expr::Lit(..) => {}
            Expr::Ref(r) => f(r),
            Expr::Not(inner, _) | Expr::Group(inner, _) => inner.for_each_ref(f),
            Expr::Binary(_, l, r, _) => {
                l.for_each_ref(f);
                r.for_each_ref(f);
            }
            Expr::Concat(parts) => parts.iter().for_each(|p| p.for_each_ref(f)),
        }
    }
}

/// Parses `tokens` (the whole expression, covering `whole`).
/// `juxtaposition` allows string concatenation by writing operands next to each other.
pub fn parse(
    tokens: &[Token],
    whole: Range<usize>,
    juxtaposition: bool,
) -> Result<Expr, ExprError> {
    if tokens.is_empty() {
        return Err(ExprError::new(
            whole,
            "the expression has no operand".to_owned(),
        ));
    }
    let mut p = Parser {
        tokens,
        pos: 0,
        juxtaposition,
        whole_end: whole.end,
        depth: 0,
    };
    let expr = p.or()?;
    match p.peek() {
        None => Ok(expr),
        Some(t) if t.kind == TokenKind::RParen => Err(ExprError::new(
            t.span.clone(),
            "missing opening parenthesis for this closing parenthesis".to_owned(),
        )),
        Some(t) => Err(p.missing_operator(&expr, t)),
    }
}

/// Deeper nesting than this is reported instead of recursed into.
const MAX_DEPTH: usize = 64;

struct Parser<'t> {
    tokens: &'t [Token],
    pos: usize,
    juxtaposition: bool,
    whole_end: usize,
    depth: usize,
}

impl<'t> Parser<'t> {
    fn peek(&self) -> Option<&'t Token> {
        self.tokens.get(self.pos)
    }

    fn peek_op(&self, ops: &[BinOp]) -> Option<(BinOp, Range<usize>)> {
        match self.peek() {
            Some(Token {
                kind: TokenKind::Op(op),
                span,
            }) if ops.contains(op) => Some((*op, span.clone())),
            _ => None,
        }
    }

    fn binary(
        &mut self,
        ops: &[BinOp],
        next: fn(&mut Self) -> Result<Expr, ExprError>,
    ) -> Result<Expr, ExprError> {
        let mut lhs = next(self)?;
        while let Some((op, span)) = self.peek_op(ops) {
            self.pos += 1;
            let rhs = next(self)?;
            lhs = Expr::Binary(op, Box::new(lhs), Box::new(rhs), span);
        }
        Ok(lhs)
    }

    fn or(&mut self) -> Result<Expr, ExprError> {
        self.binary(&[BinOp::Or], Self::and)
    }

    fn and(&mut self) -> Result<Expr, ExprError> {
        self.binary(&[BinOp::And], Self::equality)
    }

    fn equality(&mut self) -> Result<Expr, ExprError> {
        self.binary(&[BinOp::Eq, BinOp::Ne], Self::relational)
    }

    fn relational(&mut self) -> Result<Expr, ExprError> {
        self.binary(&[BinOp::Lt, BinOp::Le, BinOp::Gt, BinOp::Ge], Self::concat)
    }

    fn concat(&mut self) -> Result<Expr, ExprError> {
        let first = self.additive()?;
        if !self.juxtaposition {
            return Ok(first);
        }
        let mut parts = vec![first];
        while self.peek().is_some_and(starts_operand) {
            parts.push(self.additive()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::Concat(parts)
        })
    }

    fn additive(&mut self) -> Result<Expr, ExprError> {
        self.binary(&[BinOp::Add, BinOp::Sub], Self::multiplicative)
    }

    fn multiplicative(&mut self) -> Result<Expr, ExprError> {
        self.binary(&[BinOp::Mul, BinOp::Div, BinOp::Rem], Self::unary)
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        let Some(tok) = self.peek() else {
            return Err(self.missing_operand());
        };
        match &tok.kind {
            TokenKind::Not => {
                self.pos += 1;
                self.enter(tok)?;
                let inner = self.unary();
                self.depth -= 1;
                Ok(Expr::Not(Box::new(inner?), tok.span.clone()))
            }
            TokenKind::Op(BinOp::Sub) => match self.tokens.get(self.pos + 1) {
                Some(Token {
                    kind: TokenKind::Num(n),
                    span,
                }) => {
                    self.pos += 2;
                    Ok(Expr::Lit(Lit::Num(-n), tok.span.start..span.end))
                }
                _ => Err(ExprError::new(
                    tok.span.clone(),
                    "a number is expected after the negative sign".to_owned(),
                )),
            },
            _ => self.primary(),
        }
    }

    fn enter(&mut self, tok: &Token) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return Err(ExprError::new(
                tok.span.clone(),
                format!("the expression nests more than {MAX_DEPTH} levels deep"),
            ));
        }
        Ok(())
    }

    fn primary(&mut self) -> Result<Expr, ExprError> {
        let Some(tok) = self.peek() else {
            return Err(self.missing_operand());
        };
        let leaf = |e| Ok(e);
        match &tok.kind {
            TokenKind::Str(s) => {
                self.pos += 1;
                leaf(Expr::Lit(Lit::Str(s.clone()), tok.span.clone()))
            }
            TokenKind::Num(n) => {
                self.pos += 1;
                leaf(Expr::Lit(Lit::Num(*n), tok.span.clone()))
            }
            TokenKind::Bool(b) => {
                self.pos += 1;
                leaf(Expr::Lit(Lit::Bool(*b), tok.span.clone()))
            }
            TokenKind::Ref(r) => {
                self.pos += 1;
                leaf(Expr::Ref(r.clone()))
            }
            TokenKind::LParen => {
                if let Some(close) = self
                    .tokens
                    .get(self.pos + 1)
                    .filter(|t| t.kind == TokenKind::RParen)
                {
                    return Err(ExprError::new(
                        tok.span.start..close.span.end,
                        "empty parentheses: put an operand inside".to_owned(),
                    ));
                }
                self.pos += 1;
                self.enter(tok)?;
                let inner = self.or();
                self.depth -= 1;
                let inner = inner?;
                match self.peek() {
                    Some(t) if t.kind == TokenKind::RParen => {
                        self.pos += 1;
                        Ok(Expr::Group(Box::new(inner), tok.span.start..t.span.end))
                    }
                    Some(t) => Err(self.missing_operator(&inner, t)),
                    None => Err(ExprError::new(
                        tok.span.clone(),
                        "missing closing parenthesis for this opening parenthesis".to_owned(),
                    )),
                }
            }
            TokenKind::RParen => Err(ExprError::new(
                tok.span.clone(),
                match self.pos.checked_sub(1).and_then(|i| self.tokens.get(i)) {
                    Some(Token {
                        kind: TokenKind::Op(op),
                        ..
                    }) => format!("missing operand after the operator '{}'", op.as_str()),
                    _ => "an operand is expected before this closing parenthesis".to_owned(),
                },
            )),
            TokenKind::Op(op) => Err(ExprError::new(
                tok.span.clone(),
                match self.pos.checked_sub(1).and_then(|i| self.tokens.get(i)) {
                    Some(Token {
                        kind: TokenKind::Op(prev),
                        ..
                    }) => format!(
                        "wrong positioning of operator '{}': it cannot follow '{}'",
                        op.as_str(),
                        prev.as_str()
                    ),
                    _ => format!("the operator '{}' is missing its left operand", op.as_str()),
                },
            )),
            TokenKind::Not => self.unary(),
        }
    }

    /// The error for running out of tokens where an operand belongs.
    fn missing_operand(&self) -> ExprError {
        match self.pos.checked_sub(1).and_then(|i| self.tokens.get(i)) {
            Some(Token {
                kind: TokenKind::Op(op),
                span,
            }) => ExprError::new(
                span.clone(),
                format!("missing operand after the last operator '{}'", op.as_str()),
            ),
            Some(Token {
                kind: TokenKind::Not,
                span,
            }) => ExprError::new(span.clone(), "missing operand after '!'".to_owned()),
            _ => ExprError::new(
                self.whole_end..self.whole_end,
                "an operand is expected".to_owned(),
            ),
        }
    }

    fn missing_operator(&self, before: &Expr, next: &Token) -> ExprError {
        let at = before.span().start..next.span.end;
        if self.juxtaposition {
            return ExprError::new(next.span.clone(), "unexpected token".to_owned());
        }
        ExprError::new(
            at,
            "missing operator between two operands (text concatenation is only available in backtick expressions)".to_owned(),
        )
    }
}

fn starts_operand(t: &Token) -> bool {
    matches!(
        t.kind,
        TokenKind::LParen
            | TokenKind::Str(_)
            | TokenKind::Num(_)
            | TokenKind::Bool(_)
            | TokenKind::Ref(_)
    )
}
