//! Forms and component names: unique names per screen, inputs outside a Form, one Form per
//! screen, and the Form's `init-values` / `error-messages`.

pub(super) mod components_outside_form;
pub(super) mod duplicate_name;
pub(super) mod init_value_inside_form;
pub(super) mod init_values_types;
pub(super) mod input_outside_form_before_4_0;
pub(super) mod media_in_init_values;
pub(super) mod one_form;

use rustc_hash::FxHashMap;

use crate::rules::walker::{Component, Ctx};

/// The inputs of a Form by name.
fn form_inputs<'c, 'a>(
    ctx: &'c Ctx<'a>,
    form: &Component<'a>,
) -> FxHashMap<&'a str, &'c Component<'a>> {
    ctx.components_of(ctx.screen(form.screen))
        .iter()
        .filter(|c| c.form == Some(form.index))
        .filter_map(|c| c.name.map(|n| (n, c)))
        .collect()
}
