//! Questions an event asks with each RSVP, their answers, and the summary an organizer shops with.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::td_string;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Text,
    Single,
    Multiple,
    YesNo,
}

impl QuestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Single => "single",
            Self::Multiple => "multiple",
            Self::YesNo => "yes_no",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Text, Self::Single, Self::Multiple, Self::YesNo].into_iter().find(|k| k.as_str() == s)
    }

    /// The kind's name in the page's language.
    pub fn label(self) -> &'static str {
        let l = crate::locale::current();
        match self {
            Self::Text => td_string!(l, questions.kind_text),
            Self::Single => td_string!(l, questions.kind_single),
            Self::Multiple => td_string!(l, questions.kind_multiple),
            Self::YesNo => td_string!(l, questions.kind_yes_no),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: i64,
    pub kind: QuestionKind,
    pub label: String,
    pub options: Vec<String>,
    pub required: bool,
}

/// Whether a question's label asks again what every RSVP form's own dietary note asks: two
/// fields with the same name confused guests, and a choice ticked for a party counted every
/// person in it ("2 vegan" in a party of 5 read as 5 vegans).
pub fn asks_dietary(label: &str) -> bool {
    let label = label.trim().to_lowercase();
    label == "diet" || ["dietary", "diet ", "diet:", "diets", "ernährung", "diät"].iter().any(|p| label.starts_with(p))
}

/// Choices one question may offer.
pub const MAX_CHOICES: usize = 30;
/// Questions one answer may carry values for (more than any event asks).
pub const MAX_ANSWERED: usize = 50;

/// Checks a new question: a label, and two or more distinct choices where choices are asked for.
pub fn check_question(kind: QuestionKind, label: &str, options: &str) -> Result<(String, Vec<String>), AppError> {
    let l = crate::locale::current();
    let label = label.trim();
    if label.is_empty() || label.chars().count() > 200 {
        return Err(AppError::invalid("label", td_string!(l, questions.error_label).to_string()));
    }
    if asks_dietary(label) {
        return Err(AppError::invalid("label", td_string!(l, questions.error_dietary).to_string()));
    }
    let mut choices: Vec<String> = Vec::new();
    for choice in options.lines().map(str::trim).filter(|o| !o.is_empty()) {
        // A choice given twice is offered once, where it first appeared.
        if !choices.iter().any(|c| c == choice) {
            choices.push(choice.to_string());
        }
    }
    match kind {
        QuestionKind::Single | QuestionKind::Multiple if choices.len() < 2 => {
            Err(AppError::invalid("options", td_string!(l, questions.error_two_choices).to_string()))
        }
        QuestionKind::Single | QuestionKind::Multiple if choices.len() > MAX_CHOICES => {
            Err(AppError::invalid("options", td_string!(l, questions.error_max_choices, max = MAX_CHOICES).to_string()))
        }
        QuestionKind::Single | QuestionKind::Multiple if choices.iter().any(|c| c.chars().count() > 100) => {
            Err(AppError::invalid("options", td_string!(l, questions.error_choice_length).to_string()))
        }
        QuestionKind::Single | QuestionKind::Multiple => Ok((label.to_string(), choices)),
        _ => Ok((label.to_string(), vec![])),
    }
}

/// Validates the answers given on a form (`question id` → values) against the questions;
/// returns what to store, one entry per answered question.
pub fn check_answers(questions: &[Question], given: &BTreeMap<String, Vec<String>>) -> Result<Vec<(i64, String)>, AppError> {
    let l = crate::locale::current();
    if given.len() > MAX_ANSWERED || given.values().any(|values| values.len() > MAX_CHOICES) {
        return Err(AppError::invalid(
            "answers",
            td_string!(l, questions.error_too_many_answers, questions = MAX_ANSWERED, choices = MAX_CHOICES).to_string(),
        ));
    }
    let mut stored = Vec::new();
    for q in questions {
        let field = format!("q{}", q.id);
        let values: Vec<&str> =
            given.get(&q.id.to_string()).map(|v| v.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect()).unwrap_or_default();
        if values.is_empty() {
            if q.required {
                return Err(AppError::invalid(field, td_string!(l, questions.error_required, label = &q.label).to_string()));
            }
            continue;
        }
        let invalid = || AppError::invalid(format!("q{}", q.id), td_string!(l, questions.error_offered, label = &q.label).to_string());
        let value = match q.kind {
            QuestionKind::Text => {
                let text = values.join(" ");
                if text.chars().count() > 500 {
                    return Err(AppError::invalid(field, td_string!(l, questions.error_text_length).to_string()));
                }
                text
            }
            QuestionKind::YesNo => match values.as_slice() {
                [v @ ("yes" | "no")] => v.to_string(),
                _ => return Err(invalid()),
            },
            QuestionKind::Single => match values.as_slice() {
                [v] if q.options.iter().any(|o| o == v) => v.to_string(),
                _ => return Err(invalid()),
            },
            QuestionKind::Multiple => {
                if values.iter().any(|v| !q.options.iter().any(|o| o == v)) {
                    return Err(invalid());
                }
                // Stored in the question's order, each once.
                q.options.iter().filter(|o| values.contains(&o.as_str())).cloned().collect::<Vec<_>>().join("\n")
            }
        };
        stored.push((q.id, value));
    }
    Ok(stored)
}

/// How many parties and people chose each answer, among those going.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AnswerSummary {
    pub question: String,
    /// (answer, parties, people)
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<Vec<Value>>))]
    pub counts: Vec<(String, u32, u32)>,
}

/// Tallies choice answers: `answers` holds (question id, stored value, party size) of going RSVPs.
pub fn summarize(questions: &[Question], answers: &[(i64, String, u32)]) -> Vec<AnswerSummary> {
    questions
        .iter()
        .filter(|q| q.kind != QuestionKind::Text)
        .map(|q| {
            let choices: Vec<String> = match q.kind {
                QuestionKind::YesNo => vec!["yes".into(), "no".into()],
                _ => q.options.clone(),
            };
            let counts = choices
                .into_iter()
                .map(|choice| {
                    let (parties, people) = answers
                        .iter()
                        .filter(|(id, value, _)| *id == q.id && value.lines().any(|v| v == choice))
                        .fold((0, 0), |(parties, people), (_, _, size)| (parties + 1, people + size));
                    (choice, parties, people)
                })
                .collect();
            AnswerSummary { question: q.label.clone(), counts }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dietary() -> Question {
        let options = ["Vegetarian", "Vegan", "Gluten-free", "Lactose-free", "No pork", "Nut allergy"].map(String::from).to_vec();
        Question { id: 7, kind: QuestionKind::Multiple, label: "Menu".into(), options, required: false }
    }

    fn given(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect())).collect()
    }

    #[test]
    fn choices_must_be_offered_ones_and_required_questions_answered() {
        let mut q = dietary();
        assert_eq!(
            check_answers(&[q.clone()], &given(&[("7", &["Vegan", "Nut allergy"])])).unwrap(),
            vec![(7, "Vegan\nNut allergy".into())]
        );
        assert_eq!(check_answers(&[q.clone()], &given(&[("7", &["Raw meat"])])).unwrap_err().field(), Some("q7"));
        assert!(check_answers(&[q.clone()], &given(&[])).unwrap().is_empty());
        q.required = true;
        assert_eq!(check_answers(&[q], &given(&[])).unwrap_err().field(), Some("q7"));
    }

    #[test]
    fn the_summary_counts_parties_and_people_going() {
        let q = dietary();
        let answers = vec![(7, "Vegetarian".to_string(), 3), (7, "Vegetarian\nNut allergy".to_string(), 2), (7, "Vegan".to_string(), 1)];
        let summary = summarize(&[q], &answers);
        let vegetarian = summary[0].counts.iter().find(|c| c.0 == "Vegetarian").unwrap();
        assert_eq!((vegetarian.1, vegetarian.2), (2, 5));
        let vegan = summary[0].counts.iter().find(|c| c.0 == "Vegan").unwrap();
        assert_eq!((vegan.1, vegan.2), (1, 1));
    }

    #[test]
    fn a_choice_question_needs_two_choices() {
        assert!(check_question(QuestionKind::Single, "T-shirt size", "M").is_err());
        let (label, options) = check_question(QuestionKind::Single, " T-shirt size ", "S\nM\n\nL\n").unwrap();
        assert_eq!((label.as_str(), options.len()), ("T-shirt size", 3));
        assert!(check_question(QuestionKind::Text, " ", "").is_err());
        let (_, options) = check_question(QuestionKind::Single, "Size", "S\nM\nS\nL\nM").unwrap();
        assert_eq!(options, ["S", "M", "L"], "each choice once, where it first appeared");
        assert!(check_question(QuestionKind::Single, "Size", "S\nM\nS").is_ok());
        assert!(check_question(QuestionKind::Single, "Size", "S\nL\nS").map(|(_, o)| o.len()) == Ok(2));
        assert!(check_question(QuestionKind::Single, "Size", "S\n S \nS").is_err(), "one choice said three times is one choice");
    }

    #[test]
    fn the_dietary_note_is_not_asked_twice() {
        for label in ["Dietary needs", "dietary restrictions", "Diet", "Ernährungswünsche", "Diät"] {
            assert_eq!(check_question(QuestionKind::Text, label, "").unwrap_err().field(), Some("label"), "{label}");
        }
        assert!(check_question(QuestionKind::Text, "Dieter's birthday gift?", "").is_ok());
    }

    #[test]
    fn long_lists_are_refused_by_field() {
        let many: String = (0..=MAX_CHOICES).map(|i| format!("choice {i}\n")).collect();
        assert_eq!(check_question(QuestionKind::Multiple, "Which?", &many).unwrap_err().field(), Some("options"));
        let answers: BTreeMap<String, Vec<String>> = (0..=MAX_ANSWERED).map(|i| (i.to_string(), vec!["x".to_string()])).collect();
        assert_eq!(check_answers(&[], &answers).unwrap_err().field(), Some("answers"));
        let wide: BTreeMap<String, Vec<String>> = [("7".to_string(), vec!["x".to_string(); MAX_CHOICES + 1])].into();
        assert_eq!(check_answers(&[], &wide).unwrap_err().field(), Some("answers"));
    }
}
