//! The `components/…` rules: checks on single components (min/max pairs, data-source items,
//! images, option counts, patterns). The images' base64 data is scanned in one pass here for
//! `components/image-base64` and `components/image-size`.

pub(super) mod checkbox_max_selected;
pub(super) mod choice_group_label;
pub(super) mod data_source_image_and_color;
pub(super) mod image_base64;
pub(super) mod image_size;
pub(super) mod min_greater_than_max;
pub(super) mod option_count;
pub(super) mod pattern_delimiters;
pub(super) mod pattern_input_type;
pub(super) mod pattern_needs_helper_text;

use serde_json::Value;

use crate::expr;
use crate::pointer;
use crate::rules::engine::{Pass, Sink};
use crate::rules::lookup::Field;
use crate::rules::walker::{Component, Ctx};
use crate::version::FlowVersion;

/// The object items of a component's list property, with their index in the list (see
/// [`item_pointer`]; pointers are only built for what is reported).
pub(super) fn items<'a>(
    c: &Component<'a>,
    key: &str,
) -> Vec<(usize, &'a serde_json::Map<String, Value>)> {
    c.value
        .field(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, item)| item.as_object().map(|o| (i, o)))
        .collect()
}

/// Pointer of item `i` of a component's list property `key`.
pub(super) fn item_pointer(c: &Component<'_>, key: &str, i: usize) -> String {
    pointer::push_index(&pointer::push(&c.pointer, key), i)
}

/// How a byte counts in base64 text.
#[derive(Clone, Copy, PartialEq)]
enum B64 {
    Invalid,
    /// A letter or digit.
    Data,
    /// `+` or `/`: the standard alphabet's last two characters.
    Standard,
    /// `-` or `_`: the URL-safe alphabet's last two characters.
    UrlSafe,
    Space,
    Pad,
}

/// The class of every byte, built at compile time (the images of real flows run to megabytes).
const B64_CLASS: [B64; 256] = {
    let mut table = [B64::Invalid; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphanumeric() {
            B64::Data
        } else if c == b'+' || c == b'/' {
            B64::Standard
        } else if c == b'-' || c == b'_' {
            B64::UrlSafe
        } else if c.is_ascii_whitespace() {
            B64::Space
        } else if c == b'=' {
            B64::Pad
        } else {
            B64::Invalid
        };
        b += 1;
    }
    table
};

/// The number of data characters when `s` is base64 data (the standard or the URL-safe
/// alphabet, not both; at most two `=` of padding at the end; whitespace allowed between
/// lines; a length that some bytes encode to), `None` otherwise. One pass, no allocation; runs
/// of letters and digits (nearly all of an image) take a tight loop.
fn base64_data_len(s: &str) -> Option<usize> {
    let (mut data, mut padding) = (0usize, 0usize);
    let (mut standard, mut url_safe) = (false, false);
    let mut rest = s.as_bytes();
    loop {
        // Most of an image: whole blocks of the standard alphabet, checked as vector loops.
        while padding == 0 && rest.len() >= BLOCK {
            let (block, tail) = rest.split_at(BLOCK);
            let Some(specials) = standard_block(block) else {
                break;
            };
            data += BLOCK;
            standard |= specials;
            rest = tail;
        }
        let run = rest
            .iter()
            .position(|&b| B64_CLASS[usize::from(b)] != B64::Data)
            .unwrap_or(rest.len());
        if run > 0 && padding > 0 {
            return None;
        }
        data += run;
        let Some((&b, tail)) = rest[run..].split_first() else {
            break;
        };
        let class = B64_CLASS[usize::from(b)];
        if matches!(class, B64::Standard | B64::UrlSafe) {
            if padding > 0 {
                return None;
            }
            data += 1;
        }
        match class {
            B64::Standard => standard = true,
            B64::UrlSafe => url_safe = true,
            B64::Space => {}
            B64::Pad => padding += 1,
            B64::Data | B64::Invalid => return None,
        }
        rest = tail;
    }
    let ok = data > 0
        && data % 4 != 1
        && !(standard && url_safe)
        && padding <= 2
        && (padding == 0 || (data + padding).is_multiple_of(4));
    ok.then_some(data)
}

/// Bytes per block of [`standard_block`].
const BLOCK: usize = 64;

/// For a block of base64 text: `Some(whether it holds a + or /)` when every byte is a letter, a
/// digit, `+` or `/`, else `None`. Branch-free, so that the compiler makes it a vector loop.
fn standard_block(block: &[u8]) -> Option<bool> {
    let (mut all, mut specials) = (true, false);
    for &b in block {
        let alphanumeric = (b.wrapping_sub(b'0') < 10) | ((b | 0x20).wrapping_sub(b'a') < 26);
        let special = (b == b'+') | (b == b'/');
        all &= alphanumeric | special;
        specials |= special;
    }
    all.then_some(specials)
}

/// The size in kilobytes of the data that `data_len` base64 characters hold.
fn decoded_kb(data_len: usize) -> usize {
    data_len * 3 / 4 / 1024
}

/// One pass over the images for components/image-base64 and components/image-size.
fn image_base64(ctx: &Ctx<'_>, sink: &mut Sink) {
    let item_kb = if ctx.version >= FlowVersion::V6_0 {
        100
    } else {
        300
    };
    let mut check = |at: &dyn Fn() -> String, value: Option<&Value>, limit_kb: usize| {
        let Some(s) = value.and_then(Value::as_str) else {
            return;
        };
        let at = at();
        if !expr::is_literal(s) {
            return;
        }
        if let Some(data_len) = base64_data_len(s) {
            let kb = decoded_kb(data_len);
            if kb > limit_kb {
                sink.report(
                    &image_size::RULE,
                    &at,
                    format!("the image is {kb} KB; Meta recommends at most {limit_kb} KB here"),
                )
                .help("compress or scale the image down");
            }
            return;
        }
        let (message, help) = if s.trim().is_empty() {
            (
                "the image is empty",
                "put the base64-encoded image data here",
            )
        } else if s.contains("://") {
            (
                "the image is a URL; Flow images are base64 data inside the Flow JSON",
                "download the image and put its base64 encoding here (JPEG or PNG, at most ~300 KB)",
            )
        } else if s.starts_with("data:") {
            (
                "the image is a data URI; Flow images are the bare base64 data",
                "remove the \"data:…;base64,\" prefix",
            )
        } else {
            (
                "the image is not valid base64 data",
                "put the base64-encoded image data here",
            )
        };
        sink.report(&image_base64::RULE, &at, message.to_owned())
            .help(help);
    };
    for c in &ctx.components {
        match c.kind {
            "Image" => check(
                &|| pointer::push(&c.pointer, "src"),
                c.value.field("src"),
                300,
            ),
            "ImageCarousel" => {
                for (i, item) in items(c, "images") {
                    check(
                        &|| pointer::push(&item_pointer(c, "images", i), "src"),
                        item.field("src"),
                        300,
                    );
                }
            }
            "NavigationList" => {
                for (i, item) in items(c, "list-items") {
                    let start = item.field("start").and_then(Value::as_object);
                    check(
                        &|| {
                            let start = pointer::push(&item_pointer(c, "list-items", i), "start");
                            pointer::push(&start, "image")
                        },
                        start.and_then(|s| s.field("image")),
                        100,
                    );
                }
            }
            _ => {
                for (i, item) in items(c, "data-source") {
                    check(
                        &|| pointer::push(&item_pointer(c, "data-source", i), "image"),
                        item.field("image"),
                        item_kb,
                    );
                }
            }
        }
    }
}

/// The pass of `components/image-base64` and `components/image-size`.
static IMAGE_BASE64_PASS: Pass = Pass(image_base64);

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// What [`base64_data_len`] answers, said the plain way.
    fn plain_base64_len(s: &str) -> Option<usize> {
        let bytes: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        let padding = bytes.iter().rev().take_while(|&&b| b == b'=').count();
        let body = &bytes[..bytes.len() - padding];
        let data = |b: &u8| b.is_ascii_alphanumeric() || b"+/-_".contains(b);
        let standard = body.iter().any(|b| b"+/".contains(b));
        let url_safe = body.iter().any(|b| b"-_".contains(b));
        let n = body.len();
        (body.iter().all(data)
            && n > 0
            && n % 4 != 1
            && !(standard && url_safe)
            && padding <= 2
            && (padding == 0 || (n + padding).is_multiple_of(4)))
        .then_some(n)
    }

    proptest! {
        #[test]
        fn long_base64_text_is_read_as_byte_by_byte(
            parts in proptest::collection::vec(
                prop_oneof!["[A-Za-z0-9]{0,150}", "[+/=\\-_ \n@\\[`{é]{0,2}"],
                0..8,
            )
        ) {
            let s = parts.concat();
            prop_assert_eq!(base64_data_len(&s), plain_base64_len(&s), "{:?}", s);
        }
    }

    #[test]
    fn base64_is_recognised() {
        assert_eq!(base64_data_len("iVBORw0KGgo="), Some(11));
        assert_eq!(base64_data_len("/9j/4AAQ\nSkZJRg=="), Some(14));
        assert_eq!(base64_data_len("ab-_\r\n cd"), Some(6));
        assert_eq!(base64_data_len("abcd"), Some(4));
        assert_eq!(base64_data_len(""), None);
        assert_eq!(base64_data_len(" \n"), None);
        assert_eq!(base64_data_len("===="), None);
        assert_eq!(base64_data_len("https://example.com/a.png"), None);
        assert_eq!(base64_data_len("data:image/png;base64,iVBOR"), None);
        assert_eq!(base64_data_len("abc==="), None);
        assert_eq!(base64_data_len("abcde="), None);
        assert_eq!(base64_data_len("ab=c"), None);
        assert_eq!(base64_data_len("ab=\n="), Some(2));
        assert_eq!(base64_data_len("é"), None);
        // One character too many: no byte string encodes to 4n + 1 characters.
        assert_eq!(base64_data_len("a"), None);
        assert_eq!(base64_data_len("abcde"), None);
        // Both alphabets at once.
        assert_eq!(base64_data_len("ab+_"), None);
        assert_eq!(base64_data_len("a/b+"), Some(4));
        assert_eq!(base64_data_len("a-b_"), Some(4));
        assert_eq!(base64_data_len("ab=+"), None);
    }

    /// Standard base64 of `bytes`, padded, with a line break every `width` characters.
    fn encode(bytes: &[u8], width: usize) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
                } else {
                    out.push('=');
                }
                if out.len() % (width + 1) == width {
                    out.push('\n');
                }
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn every_encoding_is_recognised_with_its_size(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 1..3000),
            width in 4usize..80,
        ) {
            let text = encode(&bytes, width);
            let data = base64_data_len(&text);
            proptest::prop_assert_eq!(data, Some((bytes.len() * 4).div_ceil(3)), "{}", text);
            proptest::prop_assert_eq!(decoded_kb(data.unwrap_or(0)), bytes.len() / 1024);
        }
    }

    #[test]
    fn decoded_size_is_three_quarters() {
        assert_eq!(decoded_kb(4096), 3);
        assert_eq!(decoded_kb(1364), 0);
        assert_eq!(decoded_kb(1366), 1);
    }
}
