//! Accounts and roles: types that validate themselves, and who may do what.
//! Pure Rust, shared by server and browser.

use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// An email address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, AppError> {
        let email = input.trim().to_lowercase();
        let invalid = || AppError::invalid("email", crate::i18n::td_string!(crate::locale::current(), auth.bad_email));
        if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let (local, domain) = email.split_once('@').ok_or_else(invalid)?;
        let domain_ok = !domain.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        if local.is_empty() || local.len() > 64 || !domain_ok || local.contains(['<', '>', '"', ',', ';', '@']) {
            return Err(invalid());
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`, as a first display name.
    pub fn local_part(&self) -> &str {
        self.0.split('@').next().unwrap_or_default()
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name shown in navigation and attendee lists.
pub fn display_name(input: &str) -> Result<String, AppError> {
    let name = input.trim();
    if name.is_empty() {
        return Err(AppError::invalid("display_name", crate::i18n::td_string!(crate::locale::current(), auth.no_name)));
    }
    if name.chars().count() > 80 {
        return Err(AppError::invalid("display_name", crate::i18n::td_string!(crate::locale::current(), auth.long_name)));
    }
    if name.chars().any(char::is_control) {
        return Err(AppError::invalid("display_name", crate::i18n::td_string!(crate::locale::current(), auth.control_name)));
    }
    Ok(name.to_string())
}

pub const MIN_PASSWORD_CHARS: usize = 10;
const MAX_PASSWORD_BYTES: usize = 1024;

/// A new password: long enough to resist guessing, short enough to hash cheaply.
pub fn check_new_password(password: &str) -> Result<(), AppError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AppError::invalid(
            "password",
            crate::i18n::td_string!(crate::locale::current(), auth.short_password, min = MIN_PASSWORD_CHARS).to_string(),
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(AppError::invalid("password", crate::i18n::td_string!(crate::locale::current(), auth.long_password)));
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    En,
    De,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::De => "de",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "en" => Some(Self::En),
            "de" => Some(Self::De),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::De => "Deutsch",
        }
    }
}

impl From<Language> for crate::locale::Locale {
    fn from(language: Language) -> Self {
        match language {
            Language::En => Self::en,
            Language::De => Self::de,
        }
    }
}

/// What a person may be for one event.
/// Stored as its `as_str` name; a stored value that is none of these fails to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum EventRole {
    Owner,
    CoOrganizer,
    CheckIn,
    Packing,
    ConductResponder,
}

impl EventRole {
    pub const ALL: [EventRole; 5] = [Self::Owner, Self::CoOrganizer, Self::CheckIn, Self::Packing, Self::ConductResponder];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::CoOrganizer => "co_organizer",
            Self::CheckIn => "check_in",
            Self::Packing => "packing",
            Self::ConductResponder => "conduct_responder",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// `label` in `l` (pages and the recipient's mail).
    pub fn label_in(self, l: crate::locale::Locale) -> &'static str {
        use crate::i18n::td_string;
        match self {
            Self::Owner => td_string!(l, auth.role_owner),
            Self::CoOrganizer => td_string!(l, auth.role_co_organizer),
            Self::CheckIn => td_string!(l, auth.role_check_in),
            Self::Packing => td_string!(l, auth.role_packing),
            Self::ConductResponder => td_string!(l, auth.role_conduct),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Owner => "Owner",
            Self::CoOrganizer => "Co-organizer",
            Self::CheckIn => "Check-in staff",
            Self::Packing => "Packing volunteer",
            Self::ConductResponder => "Code-of-conduct responder",
        }
    }
}

/// Things done to an event that need a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Edit, publish, invite, see attendees.
    Organize,
    /// See, grant and revoke the event's roles: owners only, whichever way they come (the
    /// Team section, the roles API), so co-organizers cannot widen the team themselves.
    ManageRoles,
    CheckIn,
    Pack,
    ReadConductReports,
}

/// Whether someone holding `roles` on an event may do `permission` there.
pub fn allows(roles: &[EventRole], permission: Permission) -> bool {
    use EventRole::*;
    roles.iter().any(|role| match permission {
        Permission::Organize => matches!(role, Owner | CoOrganizer),
        Permission::ManageRoles => matches!(role, Owner),
        Permission::CheckIn => matches!(role, Owner | CoOrganizer | CheckIn),
        Permission::Pack => matches!(role, Owner | CoOrganizer | Packing),
        // Reports are confidential: organizers do not read them unless they are also responders.
        Permission::ReadConductReports => matches!(role, ConductResponder),
    })
}

/// Someone holding (or invited to) a role on an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleHolder {
    pub email: String,
    pub display_name: Option<String>,
    pub role: EventRole,
    /// false: invited by email, no account yet.
    pub has_account: bool,
}

/// Whoever is signed in, as the UI needs to know them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub language: Language,
    pub is_admin: bool,
    pub has_password: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_nonsense_is_refused() {
        assert_eq!(Email::parse("  Ada@Example.ORG ").unwrap().as_str(), "ada@example.org");
        for bad in ["", "ada", "ada@", "@example.org", "ada@example", "a da@example.org", "ada@exa..mple.org", "a<b@example.org"] {
            assert!(Email::parse(bad).is_err(), "{bad:?} accepted");
        }
        let err = Email::parse("nope").unwrap_err();
        assert!(matches!(err, AppError::Invalid { ref field, .. } if field == "email"));
    }

    #[test]
    fn passwords_need_ten_characters() {
        assert!(check_new_password("short").is_err());
        assert!(check_new_password("correct horse").is_ok());
        assert!(check_new_password(&"x".repeat(2000)).is_err());
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(display_name("  Grace ").unwrap(), "Grace");
        assert!(display_name("   ").is_err());
        assert!(display_name(&"a".repeat(81)).is_err());
        assert!(display_name("a\u{0}b").is_err());
    }

    #[test]
    fn role_permissions() {
        use EventRole::*;
        assert!(allows(&[Owner], Permission::ManageRoles));
        assert!(!allows(&[CoOrganizer], Permission::ManageRoles), "only owners change the team");
        assert!(!allows(&[CheckIn], Permission::Organize));
        assert!(allows(&[CheckIn], Permission::CheckIn));
        assert!(!allows(&[Packing], Permission::CheckIn));
        assert!(!allows(&[Owner], Permission::ReadConductReports), "organizers are not responders by default");
        assert!(allows(&[Packing, ConductResponder], Permission::ReadConductReports));
        assert!(!allows(&[], Permission::Pack));
        for role in EventRole::ALL {
            assert_eq!(EventRole::parse(role.as_str()), Some(role));
        }
    }
}
