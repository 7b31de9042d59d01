//! An open document's text and the conversion between byte offsets and LSP positions in the
//! negotiated encoding.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};
use waflow_core::line_index::LineIndex;

use crate::LspError;

/// How the columns of LSP positions are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 bytes (when the client offers `utf-8`).
    Utf8,
    /// UTF-16 code units (the protocol's default).
    Utf16,
}

/// A document's text with its line starts.
#[derive(Debug, Clone)]
pub struct Text {
    text: String,
    lines: LineIndex,
}

impl Text {
    /// Indexes `text`.
    pub fn new(text: String) -> Text {
        let lines = LineIndex::new(&text);
        Text { text, lines }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The end of 0-based `line` (before its `\n` or `\r\n`), when the text has that line.
    fn line_bounds(&self, line: usize) -> Option<(usize, usize)> {
        let start = self.lines.line_start(line)?;
        let next = self.lines.line_start(line + 1).unwrap_or(self.text.len());
        let body = &self.text[start..next];
        let body = body.strip_suffix('\n').unwrap_or(body);
        let body = body.strip_suffix('\r').unwrap_or(body);
        Some((start, start + body.len()))
    }

    /// The LSP position of byte `offset` (clamped to the text and to a character boundary).
    pub fn position(&self, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.lines.line_of(offset);
        let start = self.lines.line_start(line).unwrap_or(0);
        let before = &self.text[start..offset];
        let character = match encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
        };
        Position::new(to_u32(line), to_u32(character))
    }

    /// The LSP range of the bytes `start..end`.
    pub fn range(&self, start: usize, end: usize, encoding: Encoding) -> Range {
        Range::new(
            self.position(start, encoding),
            self.position(end.max(start), encoding),
        )
    }

    /// The byte offset of an LSP position. A column past the end of its line means the end of
    /// the line (as the protocol says); a column inside a character means that character's
    /// start; a line past the last one is an error.
    pub fn offset(&self, position: Position, encoding: Encoding) -> Result<usize, LspError> {
        let line = position.line as usize;
        let (start, end) = match self.line_bounds(line) {
            Some(bounds) => bounds,
            // The position just after a final newline is the end of the text.
            None if line == self.lines.line_of(self.text.len()) + 1 && position.character == 0 => {
                return Ok(self.text.len());
            }
            None => {
                return Err(LspError::InvalidPosition {
                    line: position.line,
                    character: position.character,
                });
            }
        };
        let wanted = position.character as usize;
        let mut counted = 0;
        for (i, c) in self.text[start..end].char_indices() {
            let width = match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if counted + width > wanted {
                return Ok(start + i);
            }
            counted += width;
        }
        Ok(end)
    }

    /// Applies one change sent by the client (a whole new text, or a range replaced).
    pub fn apply(
        &mut self,
        change: TextDocumentContentChangeEvent,
        encoding: Encoding,
    ) -> Result<(), LspError> {
        match change.range {
            None => *self = Text::new(change.text),
            Some(range) => {
                let start = self.offset(range.start, encoding)?;
                let end = self.offset(range.end, encoding)?;
                if end < start {
                    return Err(LspError::InvalidPosition {
                        line: range.end.line,
                        character: range.end.character,
                    });
                }
                let mut text = std::mem::take(&mut self.text);
                text.replace_range(start..end, &change.text);
                *self = Text::new(text);
            }
        }
        Ok(())
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_follow_the_encoding() {
        let text = Text::new("{\r\n  \"😀é\": 1\n}".to_owned());
        let one = text.as_str().find('1').unwrap_or(0);
        assert_eq!(text.position(one, Encoding::Utf16), Position::new(1, 9));
        assert_eq!(text.position(one, Encoding::Utf8), Position::new(1, 12));
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let back = text.offset(text.position(one, encoding), encoding);
            assert_eq!(back.ok(), Some(one));
        }
    }

    #[test]
    fn positions_past_the_line_or_inside_a_character_are_clamped() {
        let text = Text::new("ab😀\r\ncd".to_owned());
        assert_eq!(
            text.offset(Position::new(0, 99), Encoding::Utf16).ok(),
            Some(6)
        );
        // Between the two UTF-16 units of the emoji: the emoji's start.
        assert_eq!(
            text.offset(Position::new(0, 3), Encoding::Utf16).ok(),
            Some(2)
        );
        assert!(text.offset(Position::new(5, 0), Encoding::Utf16).is_err());
    }

    #[test]
    fn incremental_changes_replace_their_range() {
        let mut text = Text::new("{\"a\": 1}\n".to_owned());
        let change = TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(0, 6), Position::new(0, 7))),
            range_length: None,
            text: "[2,\n3]".to_owned(),
        };
        assert!(text.apply(change, Encoding::Utf16).is_ok());
        assert_eq!(text.as_str(), "{\"a\": [2,\n3]}\n");
        assert_eq!(
            text.position(text.as_str().len(), Encoding::Utf16),
            Position::new(2, 0)
        );
    }
}
