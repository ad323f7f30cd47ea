use super::*;

#[test]
fn columns_are_named_as_a_spreadsheet_shows_them() {
    assert_eq!(column_name(0, "Nom"), "A (Nom)");
    assert_eq!(column_name(2, "Type"), "C (Type)");
    assert_eq!(column_name(27, "X"), "AB (X)");
}

#[test]
fn headers_are_matched_loosely_and_unknown_ones_reported() {
    let sheet = read("Nom de la structure;TYPE;Commune;Site Internet;Couleur préférée\nA;association;Nîmes;;bleu\n".as_bytes())
        .expect("sheet");
    assert_eq!(sheet.columns.get(&0), Some(&Field::Name));
    assert_eq!(sheet.columns.get(&1), Some(&Field::Kind));
    assert_eq!(sheet.columns.get(&3), Some(&Field::Website));
    assert_eq!(sheet.unknown_columns, vec!["Couleur préférée".to_owned()]);
    assert_eq!(sheet.rows[0].0, 2);
}

#[test]
fn windows_1252_commas_and_a_bom_are_read() {
    let latin = b"Nom,Type\nCollectif \xe9t\xe9,association\n";
    let sheet = read(latin).expect("sheet");
    assert_eq!(sheet.rows[0].1[0], "Collectif été");
    let bom = read("\u{feff}Nom;Type\nA;association\n".as_bytes()).expect("sheet");
    assert_eq!(bom.columns.get(&0), Some(&Field::Name));
}

#[test]
fn a_sheet_without_a_name_column_is_refused() {
    assert!(matches!(
        read(b"Type;Commune\nassociation;N\xc3\xaemes\n"),
        Err(ImportError::Sheet(_))
    ));
}
