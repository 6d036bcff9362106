//! Every mail Festplan sends, one function each: the words live here, the use cases only
//! choose the mail and fill it. Each takes plain values, so the mail module depends on no
//! domain module; the recipient's language is the next parameter each one gets.

use super::OutgoingMail;

/// A person the mail goes to.
#[derive(Debug, Clone, Copy)]
pub struct To<'a> {
    pub email: &'a str,
    pub name: Option<&'a str>,
}

impl<'a> To<'a> {
    pub fn new(email: &'a str, name: Option<&'a str>) -> Self {
        Self { email, name }
    }

    fn greeting(&self) -> String {
        self.name.map_or_else(|| "Hello,".to_string(), |name| format!("Hello {name},"))
    }

    fn mail(&self, subject: &str, text: String) -> OutgoingMail {
        OutgoingMail::plain(self.email, self.name, subject, text)
    }
}

/// The emailed sign-in link.
pub fn sign_in_link(to: To<'_>, link: &str) -> OutgoingMail {
    let text = format!(
        "{}\n\nfollow this link to sign in to Festplan:\n\n{link}\n\n\
         It works once, for the next 15 minutes. If you did not ask for it, ignore this mail.\n",
        to.greeting()
    );
    to.mail("Your Festplan sign-in link", text)
}

/// The confirmation link for a new email address, sent to that address.
pub fn confirm_email_change(to: To<'_>, link: &str) -> OutgoingMail {
    let text = format!(
        "{}\n\nto use this address for your Festplan account, follow this link within 15 minutes:\n\n{link}\n\n\
         If you did not ask for this, ignore this mail; nothing changes.\n",
        to.greeting()
    );
    to.mail("Confirm your new Festplan email address", text)
}

/// An event role given to someone; `has_account` decides whether they sign in or take it up.
pub fn role_granted(to: To<'_>, by: &str, role: &str, event: &str, has_account: bool, link: &str) -> OutgoingMail {
    let next_step = if has_account {
        format!("You will see it when you sign in: {link}")
    } else {
        format!("Sign in with this address to take it up (no password needed): {link}")
    };
    to.mail(
        &format!("You are now {role} for {event}"),
        format!("Hello,\n\n{by} made you {role} for \"{event}\" on Festplan.\n\n{next_step}\n"),
    )
}

/// Someone answered with an address that already has an RSVP: its owner gets their link.
pub fn already_answered(to: To<'_>, event: &str, link: &str) -> OutgoingMail {
    let text = format!(
        "{}\n\nsomeone (perhaps you) tried to answer for \"{event}\" with this address, which has already answered.\n\
         To see or change your answer, use your personal link:\n\n{link}\n",
        to.greeting()
    );
    to.mail(&format!("Your RSVP for {event}"), text)
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
}

pub fn rsvp_news(to: To<'_>, n: &RsvpNews<'_>) -> OutgoingMail {
    let link_line = if n.changeable { "See or change your answer any time" } else { "Your RSVP" };
    let mut text = format!("{}\n\n{}\n\n{}\n{}\n{}\n\n{link_line}: {}\n", to.greeting(), n.news, n.event, n.when, n.place, n.link);
    if let Some(code) = n.check_in_code {
        text.push_str(&format!(
            "\nYour check-in code: {code}\nShow it at the entrance: the attached picture is its QR code, and your personal link above shows it too.\n"
        ));
    }
    to.mail(n.subject, text)
}

/// The event is off, with the organizer's reason.
pub fn event_cancelled(to: To<'_>, by: &str, event: &str, when: &str, reason: &str) -> OutgoingMail {
    let text = format!("{}\n\n{by} has cancelled \"{event}\" ({when}).\n\n{reason}\n\nSorry for the change of plans.\n", to.greeting());
    to.mail(&format!("Cancelled: {event}"), text)
}

/// A personal invitation to a (private) event.
pub fn invitation(to: To<'_>, by: &str, event: &str, when: &str, link: &str) -> OutgoingMail {
    let text = format!(
        "Hello,\n\n{by} invites you to \"{event}\" ({when}).\n\nSee the event and answer here:\n{link}\n\n\
         The link is personal: it lets {} answer.\n",
        to.email
    );
    to.mail(&format!("Invitation: {event}"), text)
}

/// An organizer's message to those going, waiting or maybe.
pub fn organizer_message(to: To<'_>, by: &str, event: &str, subject: &str, text: &str, link: &str) -> OutgoingMail {
    to.mail(&format!("{event}: {subject}"), format!("{}\n\n{text}\n\n{by} for \"{event}\"\n{link}\n", to.greeting()))
}

/// A volunteer signed up for a shift of the packing line, with their station's screen when they have one.
pub fn volunteer_signed_up(to: To<'_>, event: &str, shift: &str, job: &str, station_link: Option<&str>) -> OutgoingMail {
    let station =
        station_link.map_or(String::new(), |link| format!("\n\nYour station's screen (open it on your phone at the table):\n{link}\n"));
    let text = format!("{}\n\nThank you for helping pack the swag bags of \"{event}\": {shift}, {job}.{station}\n", to.greeting());
    to.mail(&format!("Your packing shift: {event}"), text)
}

/// Every mail about an event ends with where its code of conduct is and how to report an
/// incident; `event_link` is the event's page.
pub fn with_conduct_links(mut mail: OutgoingMail, event_link: &str) -> OutgoingMail {
    let event_link = event_link.trim_end_matches('/');
    mail.text.push_str(&format!(
        "\n-- \nCode of conduct: {event_link}/conduct\nReport an incident (anonymously if you wish): {event_link}/conduct/report\n"
    ));
    mail
}

/// A new code-of-conduct report, to each of the event's responders: that it exists, never what it says.
pub fn conduct_report_new(to: To<'_>, event: &str, urgent: bool, link: &str) -> OutgoingMail {
    let urgency = if urgent { " The reporter said that someone is in danger right now." } else { "" };
    let text = format!(
        "{}\n\na new code-of-conduct report has come in for \"{event}\".{urgency}\n\nRead it here (signed in as a responder):\n{link}\n\n\
         For the reporter's sake, this mail says nothing of what the report is about.\n",
        to.greeting()
    );
    to.mail(&format!("{}New code-of-conduct report: {event}", if urgent { "Urgent: " } else { "" }), text)
}

/// The reporter wrote again on a report, to each responder not recused from it.
pub fn conduct_reporter_wrote(to: To<'_>, event: &str, link: &str) -> OutgoingMail {
    let text = format!("{}\n\nthe reporter has added to a code-of-conduct report for \"{event}\":\n{link}\n", to.greeting());
    to.mail(&format!("A reporter wrote: {event}"), text)
}

/// The reporter's follow-up code, when they gave an address to be written to.
pub fn conduct_follow_up_code(to: To<'_>, event: &str, code: &str, link: &str) -> OutgoingMail {
    let text = format!(
        "{}\n\nthank you for your report to the code-of-conduct responders of \"{event}\".\n\n\
         Your follow-up code: {code}\n\nWith it you read their replies and add to your report here:\n{link}\n\n\
         Keep this mail to yourself: whoever has the code can read your report.\n",
        to.greeting()
    );
    to.mail(&format!("Your report to {event}"), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_greeting_names_the_person_when_the_name_is_known() {
        let named = sign_in_link(To::new("ada@example.org", Some("Ada")), "https://fest.example.org/auth/link?token=x");
        assert!(named.text.starts_with("Hello Ada,\n"), "{}", named.text);
        let unnamed = sign_in_link(To::new("ada@example.org", None), "https://fest.example.org/auth/link?token=x");
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
        };
        let to = To::new("ada@example.org", Some("Ada"));
        assert!(rsvp_news(to, &news(Some("1-abcdef"))).text.contains("Your check-in code: 1-abcdef"));
        assert!(!rsvp_news(to, &news(None)).text.contains("check-in code"));
    }
}
