//! The `expressions/…` rules: backtick expressions (6.0+). They are reported by the pass over
//! every dynamic value in `rules/bindings`.

pub(super) mod operand_type;
pub(super) mod syntax;
