//! Byte offsets to 1-based lines and columns (columns count Unicode characters).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// A 1-based line and column; the column counts Unicode scalar values from the line start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// The position of byte `offset` in `text`, found without an index by counting the newlines
/// before it: for a few positions this costs less than [`LineIndex::new`], which visits every
/// line (the count reads the text at vector speed). Clamped as [`LineIndex::position`] is, and
/// equal to it.
pub(crate) fn position_in(text: &str, offset: usize) -> Position {
    let before = &text.as_bytes()[..floor_char_boundary(text, offset)];
    let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    Position {
        line: memchr::memchr_iter(b'\n', before).count() + 1,
        column: chars_in(&before[start..]) + 1,
    }
}

/// `offset`, or the character boundary before it, at most the end of `text`.
pub(crate) fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Line starts of a text, for O(log n) offset lookups.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// The number of characters before each multiple of [`BLOCK`] bytes, built on the first
    /// column asked for far into a long line (minified JSON is one line: without this, every
    /// finding would count the characters from the start of the file).
    blocks: OnceLock<Vec<usize>>,
}

/// Columns further than this many bytes into their line are counted from [`LineIndex::blocks`].
const BLOCK: usize = 4096;

/// The characters in `bytes`, which start and end on character boundaries: the bytes that do
/// not continue a UTF-8 sequence.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

impl LineIndex {
    /// Indexes `text`. Lines end at `\n`; a `\r` before it belongs to the line.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            starts,
            blocks: OnceLock::new(),
        }
    }

    /// The characters of `text` before byte `offset` (a character boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let bytes = text.as_bytes();
        let blocks = self.blocks.get_or_init(|| {
            let mut before = 0;
            let mut out = vec![0];
            for chunk in bytes.chunks(BLOCK) {
                before += chars_in(chunk);
                out.push(before);
            }
            out
        });
        let block = offset / BLOCK;
        blocks[block] + chars_in(&bytes[block * BLOCK..offset])
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
        let offset = floor_char_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.starts[line];
        Position {
            line: line + 1,
            column: self.chars_between(text, start, offset) + 1,
        }
    }

    /// The characters of `text` between two character boundaries `start <= end`.
    fn chars_between(&self, text: &str, start: usize, end: usize) -> usize {
        if end - start <= BLOCK {
            text[start..end].chars().count()
        } else {
            self.chars_before(text, end) - self.chars_before(text, start)
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

    /// Far into a long line, columns come from the block table: they must equal a plain count.
    #[test]
    fn columns_on_a_long_line_equal_a_plain_count() {
        let unit = "ab☕é\"x\": [1, 2], 𝄞 ";
        let text = format!("{{\n{}\n}}", unit.repeat(2_000));
        let idx = LineIndex::new(&text);
        let mut checked = 0;
        for offset in (0..text.len())
            .step_by(97)
            .filter(|&o| text.is_char_boundary(o))
        {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[line_start..offset].chars().count() + 1;
            assert_eq!(idx.position(&text, offset).column, expected, "at {offset}");
            checked += 1;
        }
        assert!(checked > 300, "{checked}");
    }

    /// Counting and the index give the same position at every offset, inside characters and
    /// past the end included, on short and long lines.
    #[test]
    fn counted_positions_equal_indexed_ones() {
        let long = "ab☕é\"x\": [1, 2], 𝄞 ".repeat(400);
        for text in [
            String::new(),
            "\n".into(),
            "{\r\n  \"☕☕\": 1,\n\"x\": 2}\n".into(),
            format!("{{\n{long}\n\n{long}}}"),
        ] {
            let idx = LineIndex::new(&text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    position_in(&text, offset),
                    idx.position(&text, offset),
                    "at {offset}"
                );
            }
        }
    }

    #[test]
    fn offsets_inside_a_character_are_clamped() {
        let text = "☕";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 1), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 3), Position { line: 1, column: 2 });
        assert_eq!(position_in(text, 1), Position { line: 1, column: 1 });
    }
}
