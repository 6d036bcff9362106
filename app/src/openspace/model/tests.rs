//! The open space's page types: merged dots, cells a session holds, stored names.

use super::*;

#[test]
fn merged_dots_add_up_to_the_limit_and_the_rest_goes_back() {
    assert_eq!(merged_dots(1, 1, 3), (2, 0));
    assert_eq!(merged_dots(2, 2, 3), (3, 1));
    assert_eq!(merged_dots(3, 0, 3), (3, 0));
    assert_eq!(merged_dots(0, 0, 3), (0, 0));
}

#[test]
fn a_two_slot_session_holds_its_start_cell_and_the_one_after_in_the_same_room() {
    let slot = |id| SlotView { id, day: String::new(), time: String::new(), starts_at_iso: String::new(), ends_at_iso: String::new() };
    let kata = BoardSession { id: 9, title: "Kata".into(), facilitators: vec![], dots: 0, length: 2, slot_id: Some(1), room_id: Some(5) };
    let board = Board {
        slug: "bbq".into(),
        event_title: "BBQ".into(),
        rooms: vec![],
        slots: vec![slot(1), slot(2), slot(3)],
        blocked: vec![],
        sessions: vec![kata],
        now_slot: None,
        next_slot: None,
        locked: false,
    };
    let held = |slot, room| board.session_in(slot, room).map(|s| s.id);
    assert_eq!((held(1, 5), held(2, 5), held(3, 5)), (Some(9), Some(9), None));
    assert_eq!((held(2, 6), held(7, 5)), (None, None), "another room, a slot not in the grid");
}

#[test]
fn stored_names_read_back() {
    for p in Participation::ALL {
        assert_eq!(Participation::parse(p.as_str()), Some(p));
    }
    for f in Format::ALL {
        assert_eq!(Format::parse(f.as_str()), Some(f));
    }
    assert_eq!(Format::parse("keynote"), None);
}
