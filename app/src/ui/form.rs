use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};

/// The error of the last submission of a form, announced to screen readers. Always there
/// (empty and hidden when all is well), so an enhanced form can fill it in place. When the error
/// is about one field, that field also says it beside itself (`FieldErrors`, `FieldError`).
#[component]
pub fn FormError<T>(#[prop(into)] result: Signal<Option<Result<T, AppError>>>) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let message = move || {
        result.with(|r| match r {
            Some(Err(e)) => e.message(),
            _ => String::new(),
        })
    };
    view! { <p class="form-error" role="alert">{message}</p> }
}

/// The id of the message below the field whose id is `input_id`; the enhanced form's island
/// (`enhance.rs`) makes the same one in place.
pub fn error_id(input_id: &str) -> String {
    format!("{input_id}-error")
}

/// Which field the last submission's error is about, to tie it to that field: the field gets
/// `aria-invalid` and `aria-describedby` pointing at its message, shown right below it
/// (`<FieldError>`). A plain form learns the error from the address the server sends it back to
/// (Leptos fills the action's value from it), so this works without the wasm; inside `<Enhance>`
/// the island marks the same field with the same ids.
///
/// ```ignore
/// let errors = FieldErrors::new(action.value());
/// <input id="ev-tz" name="input[time_zone]" aria-invalid=errors.invalid("time_zone")
///        aria-describedby=errors.described_by("time_zone", "ev-tz", None)/>
/// <FieldError errors field="time_zone" id="ev-tz"/>
/// ```
#[derive(Clone, Copy)]
pub struct FieldErrors(Signal<Option<AppError>>);

impl FieldErrors {
    pub fn new<T>(result: impl Into<Signal<Option<Result<T, AppError>>>>) -> Self
    where
        T: Clone + Send + Sync + 'static,
    {
        let result = result.into();
        Self(Signal::derive(move || {
            result.with(|r| match r {
                Some(Err(e)) => Some(e.clone()),
                _ => None,
            })
        }))
    }

    /// The message when the error is about `field` (the name the server's check gives it).
    pub fn about(self, field: &str) -> Option<String> {
        self.0.with(|e| e.as_ref().filter(|e| e.field() == Some(field)).map(AppError::message))
    }

    /// `aria-invalid` for the field: "true" while its error stands.
    pub fn invalid(self, field: &'static str) -> impl Fn() -> Option<&'static str> + Clone + Send + Sync + 'static {
        move || self.about(field).map(|_| "true")
    }

    /// `aria-describedby` for the field with id `id`: its `hint` (an element id), then its error.
    pub fn described_by(
        self,
        field: &'static str,
        id: &'static str,
        hint: Option<&'static str>,
    ) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static {
        move || {
            let error = self.about(field).map(|_| error_id(id));
            match (hint, error) {
                (Some(hint), Some(error)) => Some(format!("{hint} {error}")),
                (hint, error) => error.or(hint.map(str::to_string)),
            }
        }
    }
}

/// The error about `field` right below the field whose id is `id` (after the field's `.hint`
/// lines, as the island places it), when there is one.
#[component]
pub fn FieldError(errors: FieldErrors, field: &'static str, id: &'static str) -> impl IntoView {
    move || errors.about(field).map(|message| view! { <p class="field-error" id=error_id(id)>{message}</p> })
}

/// A whole number typed into a form. Read as a number only when the server function uses it,
/// so an empty or mistyped field is reported beside that field ("enter a number") instead of
/// the whole request failing as unreadable. Accepts a JSON number too.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FormNumber(pub String);

impl FormNumber {
    /// The number, or an error about `field`.
    pub fn read(&self, field: &str) -> AppResult<i64> {
        self.0.trim().parse().map_err(|_| {
            let l = crate::locale::current();
            AppError::invalid(field, crate::i18n::td_string!(l, errors.number).to_string())
        })
    }
}

impl From<i64> for FormNumber {
    fn from(n: i64) -> Self {
        Self(n.to_string())
    }
}

impl<'de> Deserialize<'de> for FormNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = FormNumber;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number, or the text typed for one")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<FormNumber, E> {
                Ok(FormNumber(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<FormNumber, E> {
                Ok(FormNumber(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<FormNumber, E> {
                Ok(FormNumber(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<FormNumber, E> {
                Ok(FormNumber(v.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_number_is_read_when_used() {
        let empty: FormNumber = serde_json::from_str("\"\"").unwrap();
        assert_eq!(empty.read("party_size").unwrap_err().field(), Some("party_size"));
        let typed: FormNumber = serde_json::from_str("\" 3 \"").unwrap();
        assert_eq!(typed.read("party_size").unwrap(), 3);
        let number: FormNumber = serde_json::from_str("4").unwrap();
        assert_eq!(number.read("party_size").unwrap(), 4);
    }
}
