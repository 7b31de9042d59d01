//! Byte offsets to 1-based lines and columns (columns count Unicode characters).

use serde::{Deserialize, Serialize};

/// A 1-based line and column; the column counts Unicode scalar values from the line start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Line starts of a text, for O(log n) offset lookups.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`. Lines end at `\n`; a `\r` before it belongs to the line.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where 0-based `line` starts, if the text has that line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// The position of byte `offset` in `text` (the text this index was built from). Offsets
    /// past the end or inside a character are clamped to the previous character boundary.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line];
        Position {
            line: line + 1,
            column: text[start..offset].chars().count() + 1,
        }
    }

    /// The byte offset of a position (1-based line, 1-based character column), clamped to the
    /// line and the text.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(start) = self.starts.get(position.line.saturating_sub(1)).copied() else {
            return text.len();
        };
        let line_end = self
            .starts
            .get(position.line)
            .copied()
            .unwrap_or(text.len());
        text[start..line_end]
            .char_indices()
            .nth(position.column.saturating_sub(1))
            .map_or(line_end, |(i, _)| start + i)
    }

    /// The byte offset of a 1-based line and a 1-based **byte** column (as `serde_json` reports
    /// them), clamped to the text.
    pub fn offset_of_byte_column(&self, text: &str, line: usize, byte_column: usize) -> usize {
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(text.len());
        (start + byte_column.saturating_sub(1)).min(text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "{\r\n  \"☕☕\": 1,\n\"x\": 2}";
        let idx = LineIndex::new(text);
        let one = text.find('1').unwrap_or(0);
        assert_eq!(idx.position(text, one), Position { line: 2, column: 9 });
        let x = text.find("\"x\"").unwrap_or(0);
        assert_eq!(idx.position(text, x), Position { line: 3, column: 1 });
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 10_000).line, 3);
    }

    #[test]
    fn offsets_inside_a_character_are_clamped() {
        let text = "☕";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 1), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 3), Position { line: 1, column: 2 });
    }
}
