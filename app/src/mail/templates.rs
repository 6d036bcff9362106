//! Every mail Festplan sends, one function each: the words live in `app/locales` under `mail`,
//! the use cases only choose the mail and fill it. Each takes plain values, so the mail module
//! depends on no domain module; the recipient (`To`) carries the language the mail speaks.

use super::OutgoingMail;
use crate::i18n::td_string;
use crate::locale::Locale;

/// A person the mail goes to, and the language they read.
#[derive(Debug, Clone, Copy)]
pub struct To<'a> {
    pub email: &'a str,
    pub name: Option<&'a str>,
    pub locale: Locale,
}

impl<'a> To<'a> {
    pub fn new(email: &'a str, name: Option<&'a str>, locale: Locale) -> Self {
        Self { email, name, locale }
    }

    fn greeting(&self) -> String {
        let l = self.locale;
        self.name.map_or_else(|| td_string!(l, mail.hello).to_string(), |name| td_string!(l, mail.hello_name, name = name).to_string())
    }

    /// The greeting, then `body`.
    fn mail(&self, subject: &str, body: &str) -> OutgoingMail {
        OutgoingMail::plain(self.email, self.name, subject, format!("{}\n\n{body}\n", self.greeting()))
    }
}

/// The emailed sign-in link.
pub fn sign_in_link(to: To<'_>, link: &str) -> OutgoingMail {
    let l = to.locale;
    to.mail(td_string!(l, mail.sign_in_subject), &td_string!(l, mail.sign_in_body, link = link).to_string())
}

/// The confirmation link for a new email address, sent to that address.
pub fn confirm_email_change(to: To<'_>, link: &str) -> OutgoingMail {
    let l = to.locale;
    to.mail(td_string!(l, mail.confirm_email_subject), &td_string!(l, mail.confirm_email_body, link = link).to_string())
}

/// An event role given to someone; `has_account` decides whether they sign in or take it up.
pub fn role_granted(to: To<'_>, by: &str, role: &str, event: &str, has_account: bool, link: &str) -> OutgoingMail {
    let l = to.locale;
    let next_step = if has_account {
        td_string!(l, mail.role_has_account, link = link).to_string()
    } else {
        td_string!(l, mail.role_no_account, link = link).to_string()
    };
    let body = format!("{}\n\n{next_step}", td_string!(l, mail.role_body, by = by, role = role, event = event));
    to.mail(&td_string!(l, mail.role_subject, role = role, event = event).to_string(), &body)
}

/// Someone answered with an address that already has an RSVP: its owner gets their link.
pub fn already_answered(to: To<'_>, event: &str, link: &str) -> OutgoingMail {
    let l = to.locale;
    to.mail(
        &td_string!(l, mail.already_subject, event = event).to_string(),
        &td_string!(l, mail.already_body, event = event, link = link).to_string(),
    )
}

/// News about someone's RSVP (confirmed, waitlisted, moved up, approved…), with their link and,
/// when they have a place, their check-in code.
pub struct RsvpNews<'a> {
    pub subject: &'a str,
    pub news: &'a str,
    pub event: &'a str,
    pub when: &'a str,
    pub place: &'a str,
    pub link: &'a str,
    /// Only a declined RSVP cannot be changed from its link.
    pub changeable: bool,
    pub check_in_code: Option<&'a str>,
    /// Until when answers may change, in words, if the organizers set a deadline.
    pub deadline: Option<&'a str>,
}

pub fn rsvp_news(to: To<'_>, n: &RsvpNews<'_>) -> OutgoingMail {
    let l = to.locale;
    let link_line = if n.changeable { td_string!(l, mail.see_or_change) } else { td_string!(l, mail.your_rsvp) };
    let place = if n.place.is_empty() { String::new() } else { format!("\n{}", n.place) };
    let mut body = format!("{}\n\n{}\n{}{place}\n\n{link_line}: {}", n.news, n.event, n.when, n.link);
    if let Some(deadline) = n.deadline.filter(|_| n.changeable) {
        body.push_str(&format!("\n{}", td_string!(l, mail.answer_until, when = deadline)));
    }
    if let Some(code) = n.check_in_code {
        body.push_str(&format!("\n\n{}", td_string!(l, mail.check_in, code = code)));
    }
    to.mail(n.subject, &body)
}

/// The event is off, with the organizer's reason.
pub fn event_cancelled(to: To<'_>, by: &str, event: &str, when: &str, reason: &str) -> OutgoingMail {
    let l = to.locale;
    let body = td_string!(l, mail.cancelled_body, by = by, event = event, when = when, reason = reason).to_string();
    to.mail(&td_string!(l, mail.cancelled_subject, event = event).to_string(), &body)
}

/// A personal invitation to a (private) event.
pub fn invitation(to: To<'_>, by: &str, event: &str, when: &str, link: &str) -> OutgoingMail {
    let l = to.locale;
    let body = td_string!(l, mail.invitation_body, by = by, event = event, when = when, link = link, email = to.email).to_string();
    to.mail(&td_string!(l, mail.invitation_subject, event = event).to_string(), &body)
}

/// An organizer's message to those going, waiting or maybe.
pub fn organizer_message(to: To<'_>, by: &str, event: &str, subject: &str, text: &str, link: &str) -> OutgoingMail {
    let l = to.locale;
    to.mail(&format!("{event}: {subject}"), &format!("{text}\n\n{}\n{link}", td_string!(l, mail.message_signature, by = by, event = event)))
}

/// A volunteer signed up for a shift of the packing line, with their station's screen when they have one.
pub fn volunteer_signed_up(to: To<'_>, event: &str, shift: &str, job: &str, station_link: Option<&str>) -> OutgoingMail {
    let l = to.locale;
    let mut body = td_string!(l, mail.volunteer_body, event = event, shift = shift, job = job).to_string();
    if let Some(link) = station_link {
        body.push_str(&format!("\n\n{}", td_string!(l, mail.volunteer_station, link = link)));
    }
    to.mail(&td_string!(l, mail.volunteer_subject, event = event).to_string(), &body)
}

/// Every mail about an event ends with where its code of conduct is and how to report an
/// incident; `event_link` is the event's page.
pub fn with_conduct_links(mut mail: OutgoingMail, locale: Locale, event_link: &str) -> OutgoingMail {
    let event_link = event_link.trim_end_matches('/');
    let (code, report) = (format!("{event_link}/conduct"), format!("{event_link}/conduct/report"));
    mail.text.push_str(&format!("\n-- \n{}\n", td_string!(locale, mail.conduct_footer, code = code, report = report)));
    mail
}

/// A new code-of-conduct report, to each of the event's responders: that it exists, never what it says.
pub fn conduct_report_new(to: To<'_>, event: &str, urgent: bool, link: &str) -> OutgoingMail {
    let l = to.locale;
    let mut body = td_string!(l, mail.conduct_new_body, event = event).to_string();
    if urgent {
        body.push_str(&format!(" {}", td_string!(l, mail.conduct_new_urgent)));
    }
    body.push_str(&format!("\n\n{}", td_string!(l, mail.conduct_new_read, link = link)));
    let subject = if urgent {
        td_string!(l, mail.conduct_new_urgent_subject, event = event).to_string()
    } else {
        td_string!(l, mail.conduct_new_subject, event = event).to_string()
    };
    to.mail(&subject, &body)
}

/// The reporter wrote again on a report, to each responder not recused from it.
pub fn conduct_reporter_wrote(to: To<'_>, event: &str, link: &str) -> OutgoingMail {
    let l = to.locale;
    to.mail(
        &td_string!(l, mail.conduct_wrote_subject, event = event).to_string(),
        &td_string!(l, mail.conduct_wrote_body, event = event, link = link).to_string(),
    )
}

/// The reporter's follow-up code, when they gave an address to be written to.
pub fn conduct_follow_up_code(to: To<'_>, event: &str, code: &str, link: &str) -> OutgoingMail {
    let l = to.locale;
    let body = td_string!(l, mail.conduct_code_body, event = event, code = code, link = link).to_string();
    to.mail(&td_string!(l, mail.conduct_code_subject, event = event).to_string(), &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_greeting_names_the_person_when_the_name_is_known() {
        let named = sign_in_link(To::new("ada@example.org", Some("Ada"), Locale::en), "https://fest.example.org/auth/link?token=x");
        assert!(named.text.starts_with("Hello Ada,\n"), "{}", named.text);
        let unnamed = sign_in_link(To::new("ada@example.org", None, Locale::en), "https://fest.example.org/auth/link?token=x");
        assert!(unnamed.text.starts_with("Hello,\n"), "{}", unnamed.text);
    }

    #[test]
    fn only_a_place_brings_a_check_in_code() {
        let news = |code| RsvpNews {
            subject: "You're going to BBQ",
            news: "You're going.",
            event: "BBQ",
            when: "Sat",
            place: "Hof",
            link: "https://fest.example.org/rsvp/1-ab",
            changeable: true,
            check_in_code: code,
            deadline: None,
        };
        let to = To::new("ada@example.org", Some("Ada"), Locale::en);
        assert!(rsvp_news(to, &news(Some("1-abcdef"))).text.contains("Your check-in code: 1-abcdef"));
        assert!(!rsvp_news(to, &news(None)).text.contains("check-in code"));
    }

    #[test]
    fn a_german_reader_gets_german_words_and_an_english_one_english() {
        let de = sign_in_link(To::new("ada@example.org", Some("Ada"), Locale::de), "https://fest.example.org/auth/link?token=x");
        assert_eq!(de.subject, "Ihr Anmeldelink für Festplan");
        assert!(de.text.starts_with("Hallo Ada,\n"), "{}", de.text);
        let en = sign_in_link(To::new("ada@example.org", Some("Ada"), Locale::en), "https://fest.example.org/auth/link?token=x");
        assert_eq!(en.subject, "Your Festplan sign-in link");
    }
}
