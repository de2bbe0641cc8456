//! The labelled evaluation corpus (`eval/texts/`) as a test: every label found, no finding unlabelled, and every
//! class represented. `cargo run -p zs-proof --example eval` prints the same figures.

#[path = "../eval/harness.rs"]
mod harness;

use zs_proof::Class;

#[test]
fn every_label_found_and_nothing_else() {
    let report = harness::run().expect("the evaluation corpus is readable");
    assert!(report.clean_texts >= 3, "clean texts: {}", report.clean_texts);
    assert!(report.missed.is_empty(), "missed: {:?}", report.missed);
    assert!(report.false_alarms.is_empty(), "false alarms: {:?}", report.false_alarms);
    for class in Class::ALL {
        let s = report.per_class[&class];
        assert!(s.tp >= 1, "no labelled example of {}", class.label());
        assert_eq!((s.precision(), s.recall()), (1.0, 1.0), "{}", class.label());
    }
}
