//! The language a page or a mail speaks, English or German. The words live in
//! `app/locales/{en,de}/<namespace>.json`; `td_string!(locale, key)` looks one up, and a key that is not in
//! the files fails the build. Pages learn their locale from the request (`current`), mails from
//! their recipient.

pub use crate::i18n::Locale;

/// The cookie the language switcher sets for visitors without an account.
pub const COOKIE: &str = "lang";

/// The locale of a stored or sent value ("en", "de"); English for anything else.
pub fn parse(s: &str) -> Locale {
    if s.trim() == "de" { Locale::de } else { Locale::en }
}

/// "en" or "de", as stored and as `<html lang>` says it.
pub fn code(locale: Locale) -> &'static str {
    match locale {
        Locale::de => "de",
        _ => "en",
    }
}

/// The language of this page. On the server, what the request chose (the server's middleware
/// puts it in the request: the account's setting; else the switcher's cookie; else, on a guest's
/// personal pages, the language they answered in; else `Accept-Language`; else English). In
/// the browser, what the server wrote into `<html lang>`.
pub fn current() -> Locale {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Locale>().copied())
            .or_else(|| REQUEST.try_with(|l| *l).ok())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        #[cfg(feature = "hydrate")]
        if let Some(lang) =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()).and_then(|e| e.get_attribute("lang"))
        {
            return parse(&lang);
        }
        Locale::en
    }
}

#[cfg(feature = "ssr")]
tokio::task_local! {
    /// The request's language where Leptos has no context: the JSON API and the downloads
    /// (CSV, reports) are plain axum handlers.
    static REQUEST: Locale;
}

/// Runs `f` with `locale` as what `current()` answers outside Leptos' rendering; the server's
/// middleware runs every request in it.
#[cfg(feature = "ssr")]
pub async fn scope<F: Future>(locale: Locale, f: F) -> F::Output {
    REQUEST.scope(locale, f).await
}

/// A count in the locale's form: 2600 → "2,600" in English, "2.600" in German.
pub fn number(locale: Locale, n: u64) -> String {
    let mark = if locale == Locale::de { '.' } else { ',' };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(mark);
        }
        out.push(c);
    }
    out
}

/// A figure with `places` decimals and the locale's decimal mark: "2.5" in English, "2,5" in German.
pub fn decimal(locale: Locale, x: f64, places: usize) -> String {
    let text = format!("{x:.places$}");
    if locale == Locale::de { text.replace('.', ",") } else { text }
}

/// `english`, or its `german` version when German is asked for and there is one (an event's
/// title and description).
pub fn text_in<'a>(locale: Locale, english: &'a str, german: Option<&'a str>) -> &'a str {
    match (locale, german) {
        (Locale::de, Some(german)) if !german.is_empty() => german,
        _ => english,
    }
}

/// The page's language, in order: the `account`'s setting, the switcher's `cookie`, the `link`'s
/// (the language a guest answered in, on their personal pages), the browser's `accept` list, English.
pub fn choose(account: Option<Locale>, cookie: Option<&str>, link: Option<Locale>, accept: Option<&str>) -> Locale {
    account
        .or_else(|| cookie.filter(|c| matches!(*c, "en" | "de")).map(parse))
        .or(link)
        .unwrap_or_else(|| accept.map_or(Locale::en, from_accept_language))
}

/// The first language of `Accept-Language` (by its `q` weights) that Festplan speaks.
pub fn from_accept_language(header: &str) -> Locale {
    let mut ranked: Vec<(f32, &str)> = header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let q = parts.find_map(|p| p.trim().strip_prefix("q=")).map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (q > 0.0).then_some((q, tag))
        })
        .collect();
    // Stable: equal weights keep the browser's order.
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranked
        .into_iter()
        .find_map(|(_, tag)| match tag.split('-').next()?.to_ascii_lowercase().as_str() {
            "de" => Some(Locale::de),
            "en" => Some(Locale::en),
            _ => None,
        })
        .unwrap_or(Locale::en)
}

/// German weekday and month names for dates: jiff formats in English only, and ICU's date
/// formatting would add its locale data (hundreds of kilobytes) for two languages' 19 words.
#[cfg(feature = "ssr")]
const WEEKDAYS_DE: [&str; 7] = ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."];
#[cfg(feature = "ssr")]
const MONTHS_DE: [&str; 12] = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."];

/// A date and time in the locale's usual form: "Sat 4 Jul 2026, 18:00" or "Sa., 4. Juli 2026, 18:00".
#[cfg(feature = "ssr")]
pub fn date_time(locale: Locale, at: &jiff::Zoned) -> String {
    format!("{}, {}", date(locale, at), at.strftime("%H:%M"))
}

/// The day alone: "Sat 4 Jul 2026" or "Sa., 4. Juli 2026".
#[cfg(feature = "ssr")]
pub fn date(locale: Locale, at: &jiff::Zoned) -> String {
    match locale {
        Locale::de => {
            let weekday = WEEKDAYS_DE[at.weekday().to_monday_zero_offset() as usize];
            let month = MONTHS_DE[(at.month() - 1) as usize];
            format!("{weekday}, {}. {month} {}", at.day(), at.year())
        }
        _ => at.strftime("%a %-d %b %Y").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_first_spoken_language_by_weight() {
        assert_eq!(from_accept_language("de-DE,de;q=0.9,en;q=0.8"), Locale::de);
        assert_eq!(from_accept_language("fr-FR, fr;q=0.9, de;q=0.5, en;q=0.7"), Locale::en);
        assert_eq!(from_accept_language("fr, de;q=0.3"), Locale::de);
        assert_eq!(from_accept_language("en;q=0, de;q=0"), Locale::en);
        assert_eq!(from_accept_language(""), Locale::en);
    }

    #[test]
    fn the_account_outranks_the_switcher_which_outranks_the_link_and_the_browser() {
        assert_eq!(choose(Some(Locale::en), Some("de"), Some(Locale::de), Some("de")), Locale::en);
        assert_eq!(choose(None, Some("de"), Some(Locale::en), Some("en")), Locale::de);
        assert_eq!(choose(None, Some("fr"), Some(Locale::de), Some("en")), Locale::de);
        assert_eq!(choose(None, None, None, Some("de-AT,en;q=0.5")), Locale::de);
        assert_eq!(choose(None, None, None, None), Locale::en);
    }

    #[test]
    fn counts_get_the_locales_thousands_mark() {
        let cases = [(0, "0"), (999, "999"), (1_000, "1,000"), (2_600, "2,600"), (123_456, "123,456"), (1_234_567, "1,234,567")];
        for (n, words) in cases {
            assert_eq!(number(Locale::en, n), words);
        }
        assert_eq!(number(Locale::de, 1_250), "1.250");
        assert_eq!(number(Locale::de, 1_234_567), "1.234.567");
        assert_eq!(number(Locale::de, 999), "999");
    }

    #[test]
    fn decimals_get_the_locales_decimal_mark() {
        assert_eq!(decimal(Locale::en, 2.5, 1), "2.5");
        assert_eq!(decimal(Locale::de, 2.5, 1), "2,5");
        assert_eq!(decimal(Locale::de, 12.345, 1), "12,3");
        assert_eq!(decimal(Locale::de, 1.5, 2), "1,50");
        assert_eq!(decimal(Locale::en, 40.0, 0), "40");
    }

    #[cfg(feature = "ssr")]
    #[tokio::test]
    async fn a_scope_gives_its_language_where_leptos_has_none() {
        assert_eq!(current(), Locale::en);
        assert_eq!(scope(Locale::de, async { current() }).await, Locale::de);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn german_dates_name_the_day_and_month_in_german() {
        let at: jiff::Zoned = "2026-07-04T18:00[Europe/Berlin]".parse().unwrap();
        assert_eq!(date_time(Locale::de, &at), "Sa., 4. Juli 2026, 18:00");
        assert_eq!(date_time(Locale::en, &at), "Sat 4 Jul 2026, 18:00");
    }
}
