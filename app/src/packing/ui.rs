//! The packing line's pages (written next).
