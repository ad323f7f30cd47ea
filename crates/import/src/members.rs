//! Importing the network directory from a spreadsheet, as French offices export it: `;` or
//! `,` between columns, UTF-8 (with or without BOM) or Windows-1252, headers written as
//! people write them (« Nom de la structure », « Site internet », « Code QPV »…).
//!
//! Every row is checked before anything is written, and every fault is told with its line
//! and column; nothing is written while one remains, unless the faulty rows are skipped
//! on purpose. A row is found again on a later import by its name and commune (or
//! département), so the same file imported twice changes nothing.

use std::collections::HashMap;

use passerelle_store::editorial::{self, editorial_themes, Members};
use passerelle_store::{list_territories, member_names, Actor, DbConnection, StoreError};
use passerelle_types::{slugify, MemberInput, MemberKind};

use crate::error::ImportError;
use crate::report::{Fate, Report, RowError};
use crate::territories::Territories;
use crate::values::{vocabulary, web_address};
use crate::writer::{in_one_transaction, Planned, Progress, Writer};

/// How to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Say what would happen, write nothing.
    pub dry_run: bool,
    /// Import the valid rows and list the others, instead of refusing the whole file.
    pub skip_invalid: bool,
}

/// What each column of the sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Kind,
    Commune,
    Departement,
    Website,
    Contact,
    Phone,
    Themes,
    Qpv,
    Description,
}

impl Field {
    /// Headers that name the field, folded (`slugify`).
    fn headers(self) -> &'static [&'static str] {
        match self {
            Field::Name => &[
                "nom",
                "nom-de-la-structure",
                "structure",
                "raison-sociale",
                "denomination",
                "name",
            ],
            Field::Kind => &["type", "type-de-structure", "categorie", "nature", "kind"],
            Field::Commune => &[
                "commune",
                "ville",
                "code-insee",
                "code-commune",
                "insee",
                "localite",
            ],
            Field::Departement => &[
                "departement",
                "dept",
                "code-departement",
                "departement-code",
            ],
            Field::Website => &[
                "site",
                "site-web",
                "site-internet",
                "url",
                "website",
                "adresse-du-site",
            ],
            Field::Contact => &[
                "contact-public",
                "contact",
                "courriel",
                "email",
                "e-mail",
                "mail",
                "adresse-electronique",
            ],
            Field::Phone => &["telephone", "tel", "telephone-public"],
            Field::Themes => &["themes", "theme", "thematiques", "thematique"],
            Field::Qpv => &["code-qpv", "qpv", "quartier-prioritaire", "code-quartier"],
            Field::Description => &["description", "presentation"],
        }
    }

    /// The `MemberInput` field a validation message names, back to its column.
    fn of_input_field(field: &str) -> Option<Field> {
        Some(match field {
            "name" => Field::Name,
            "kind" => Field::Kind,
            "website" => Field::Website,
            "contact_email" => Field::Contact,
            "contact_phone" => Field::Phone,
            "qpv_code" => Field::Qpv,
            "description" => Field::Description,
            "themes" => Field::Themes,
            "territories" => Field::Commune,
            _ => return None,
        })
    }

    const ALL: [Field; 10] = [
        Field::Name,
        Field::Kind,
        Field::Commune,
        Field::Departement,
        Field::Website,
        Field::Contact,
        Field::Phone,
        Field::Themes,
        Field::Qpv,
        Field::Description,
    ];
}

/// The sheet, read: its headers and rows, with where each row starts.
#[derive(Debug, Clone)]
pub struct Sheet {
    headers: Vec<String>,
    columns: HashMap<usize, Field>,
    rows: Vec<(usize, Vec<String>)>,
    /// Headers no field takes, reported and left out.
    pub unknown_columns: Vec<String>,
}

/// Reads a sheet's bytes: encoding, separator, headers.
pub fn read(bytes: &[u8]) -> Result<Sheet, ImportError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        // Not UTF-8: what Excel writes in France when asked for « CSV (séparateur : point-virgule) ».
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    };
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.matches(char::from(*d)).count())
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| sheet_error(1, &e))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let mut columns = HashMap::new();
    let mut unknown_columns = Vec::new();
    for (index, header) in headers.iter().enumerate() {
        let folded = slugify(header);
        match Field::ALL
            .iter()
            .find(|f| f.headers().contains(&folded.as_str()))
        {
            Some(field) if !columns.values().any(|taken| taken == field) => {
                columns.insert(index, *field);
            }
            _ if header.is_empty() => {}
            _ => unknown_columns.push(header.clone()),
        }
    }
    if !columns.values().any(|f| *f == Field::Name) {
        return Err(ImportError::Sheet(vec![RowError {
            line: 1,
            column: String::new(),
            message: format!(
                "aucune colonne ne donne le nom des structures (en-têtes lus : {}) ; attendu par exemple « Nom ».",
                headers.join(", ")
            ),
        }]));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            sheet_error(line, &e)
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        rows.push((line, cells));
    }
    Ok(Sheet {
        headers,
        columns,
        rows,
        unknown_columns,
    })
}

fn sheet_error(line: usize, error: &csv::Error) -> ImportError {
    ImportError::Sheet(vec![RowError {
        line,
        column: String::new(),
        message: format!("fichier illisible : {error}"),
    }])
}

/// `C (Type)`: the column's letter and header.
fn column_name(index: usize, header: &str) -> String {
    let mut letters = String::new();
    let mut n = index + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.insert(0, char::from(b'A' + rest as u8));
        n = (n - 1) / 26;
    }
    format!("{letters} ({header})")
}

/// What the database knows that rows refer to.
struct Known {
    territories: Territories,
    /// Folded slug and label → theme slug.
    themes: HashMap<String, String>,
    /// Folded name → ids of the members of that name.
    members: HashMap<String, Vec<String>>,
}

/// Imports the sheet's rows as published network members, in the name of `actor`.
pub fn import(
    conn: &mut DbConnection,
    sheet: &Sheet,
    file_name: &str,
    options: &Options,
    actor: Actor,
) -> Result<Report, ImportError> {
    in_one_transaction(conn, options.dry_run, |conn| {
        let known = Known {
            territories: Territories::new(&list_territories(conn)?),
            themes: editorial_themes(conn)?
                .into_iter()
                .filter(|t| t.deleted_at.is_none())
                .flat_map(|t| {
                    [
                        (slugify(&t.slug), t.slug.clone()),
                        (slugify(&t.label), t.slug),
                    ]
                })
                .collect(),
            members: member_names(conn)?
                .into_iter()
                .fold(HashMap::new(), |mut all, (id, name)| {
                    all.entry(slugify(&name)).or_insert_with(Vec::new).push(id);
                    all
                }),
        };
        let mut report = Report::new(format!("du fichier {file_name}"), options.dry_run);
        for column in &sheet.unknown_columns {
            report
                .warnings
                .push(format!("Colonne « {column} » inconnue : laissée de côté."));
        }
        let mut planned = Vec::new();
        let mut errors = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (line, cells) in &sheet.rows {
            match row(sheet, *line, cells, &known, &mut report.warnings) {
                Ok(valid) => match seen.get(&valid.item.origin) {
                    Some(first) => errors.push(RowError {
                        line: *line,
                        column: String::new(),
                        message: format!("même structure, même commune qu'à la ligne {first}."),
                    }),
                    None => {
                        seen.insert(valid.item.origin.clone(), *line);
                        planned.push(valid);
                    }
                },
                Err(mut faults) => errors.append(&mut faults),
            }
        }
        if !errors.is_empty() {
            if !options.skip_invalid {
                return Err(ImportError::Sheet(errors));
            }
            let lines: std::collections::BTreeSet<usize> = errors.iter().map(|e| e.line).collect();
            *report
                .skipped
                .entry("ligne invalide".to_owned())
                .or_default() += lines.len();
            report.rejected = errors;
        }
        let mut writer = Writer {
            conn,
            actor,
            progress: Progress::of(planned.len()),
        };
        for valid in &planned {
            let (id, fate) = write(&mut writer, valid, &known)?;
            if matches!(fate, Fate::Created | Fate::Updated) {
                report.written.push(id);
            }
            report.members.count(&fate);
            report
                .rows
                .push((valid.line, valid.item.input.name.clone(), fate));
            writer.progress.step();
        }
        Ok(report)
    })
}

/// A valid row: what it becomes, and which fields its cells gave.
struct Row {
    line: usize,
    item: Planned<MemberInput>,
    given: Vec<Field>,
}

/// Writes a row. A structure already in Passerelle — imported before, or of the same name
/// in the same place — is updated from the sheet, the directory's source, rather than made
/// twice; only what the sheet's cells give changes (an empty cell or an absent column
/// keeps what the team wrote).
fn write(writer: &mut Writer<'_>, row: &Row, known: &Known) -> Result<(String, Fate), ImportError> {
    let target = match passerelle_store::find_origin(writer.conn, &row.item.origin)? {
        Some(origin) => Some(origin.entity_id),
        None => {
            let same = same_member(writer, &row.item.input, known)?;
            if let Some(id) = &same {
                writer.remember(&row.item.origin, "member", id, "")?;
            }
            same
        }
    };
    let mut item = row.item.clone();
    if let Some(id) = target {
        match editorial::content::<Members>(writer.conn, &id) {
            Ok((_, current)) => item.input = merged(current, &row.item.input, &row.given),
            Err(StoreError::NotFound(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let (id, fate) = writer.item::<Members>(&item)?;
    if matches!(fate, Fate::Created | Fate::Updated) {
        writer.status::<Members>(&id, item.publish, &item.label)?;
    }
    Ok((id, fate))
}

/// The team's content with what the sheet's cells give.
fn merged(mut current: MemberInput, row: &MemberInput, given: &[Field]) -> MemberInput {
    for field in given {
        match field {
            Field::Name => current.name.clone_from(&row.name),
            Field::Kind => current.kind = row.kind,
            Field::Commune | Field::Departement => current.territories.clone_from(&row.territories),
            Field::Website => current.website.clone_from(&row.website),
            Field::Contact | Field::Phone => {
                if row.contact_email.is_some() {
                    current.contact_email.clone_from(&row.contact_email);
                }
                if row.contact_phone.is_some() {
                    current.contact_phone.clone_from(&row.contact_phone);
                }
                current.contact_public = true;
            }
            Field::Themes => current.themes.clone_from(&row.themes),
            Field::Qpv => current.qpv_code.clone_from(&row.qpv_code),
            Field::Description => current.description.clone_from(&row.description),
        }
    }
    current
}

/// A member of the same name whose territory overlaps the row's (a commune within the
/// member's région counts), or that has none, or whose row gives none.
fn same_member(
    writer: &mut Writer<'_>,
    row: &MemberInput,
    known: &Known,
) -> Result<Option<String>, ImportError> {
    let Some(ids) = known.members.get(&slugify(&row.name)) else {
        return Ok(None);
    };
    for id in ids {
        let (_, content) = editorial::content::<Members>(writer.conn, id)?;
        let same_place = row.territories.is_empty()
            || content.territories.is_empty()
            || row.territories.iter().any(|t| {
                content
                    .territories
                    .iter()
                    .any(|c| known.territories.overlap(t, c))
            });
        if same_place {
            return Ok(Some(id.clone()));
        }
    }
    Ok(None)
}

/// One row as a member, or every fault it has.
fn row(
    sheet: &Sheet,
    line: usize,
    cells: &[String],
    known: &Known,
    warnings: &mut Vec<String>,
) -> Result<Row, Vec<RowError>> {
    let mut errors = Vec::new();
    let column_of = |field: Field| {
        sheet
            .columns
            .iter()
            .find(|(_, f)| **f == field)
            .map(|(i, _)| *i)
    };
    let cell = |field: Field| {
        column_of(field)
            .and_then(|i| cells.get(i))
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let fault = |field: Field, message: String| RowError {
        line,
        column: column_of(field)
            .map(|i| column_name(i, &sheet.headers[i]))
            .unwrap_or_default(),
        message,
    };
    let name = cell(Field::Name).unwrap_or("").to_owned();
    let kind = match cell(Field::Kind) {
        Some(text) => {
            let found = vocabulary(text, MemberKind::ALL);
            if found.is_none() {
                let values: Vec<&str> = MemberKind::ALL.iter().map(|k| k.label()).collect();
                errors.push(fault(
                    Field::Kind,
                    format!(
                        "type « {text} » inconnu (types possibles : {}).",
                        values.join(", ")
                    ),
                ));
            }
            found
        }
        None => {
            errors.push(fault(
                Field::Kind,
                "le type de structure est obligatoire.".to_owned(),
            ));
            None
        }
    };
    let departement = cell(Field::Departement).and_then(|text| {
        let code = known.territories.departement(text);
        if code.is_none() {
            errors.push(fault(
                Field::Departement,
                format!("département « {text} » inconnu."),
            ));
        }
        code
    });
    let mut territories = Vec::new();
    if let Some(text) = cell(Field::Commune) {
        match known.territories.commune(text, departement.as_deref()) {
            Some(id) => territories.push(id.to_owned()),
            None if departement.is_some() => warnings.push(format!(
                "Ligne {line} : commune « {text} » inconnue de Passerelle ; la structure est rattachée à son département."
            )),
            None => errors.push(fault(
                Field::Commune,
                format!("commune « {text} » inconnue de Passerelle (donnez son code INSEE, ou son département)."),
            )),
        }
    }
    if territories.is_empty() {
        territories.extend(departement.map(|code| format!("departement-{code}")));
    }
    let website = cell(Field::Website).and_then(|text| {
        let address = web_address(text);
        if address.is_none() {
            errors.push(fault(
                Field::Website,
                format!("« {text} » n'est pas une adresse web."),
            ));
        }
        address
    });
    let themes: Vec<String> = cell(Field::Themes)
        .map(|text| {
            text.split([',', ';', '|', '/'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .filter_map(|t| {
                    let slug = known.themes.get(&slugify(t)).cloned();
                    if slug.is_none() {
                        errors.push(fault(Field::Themes, format!("thème « {t} » inconnu.")));
                    }
                    slug
                })
                .fold(Vec::new(), |mut all, slug| {
                    if !all.contains(&slug) {
                        all.push(slug);
                    }
                    all
                })
        })
        .unwrap_or_default();
    // The column says « public »: the centre's own directory publishes these contacts.
    let contact = cell(Field::Contact);
    let (contact_email, mut contact_phone) = match contact {
        Some(text) if text.contains('@') => (Some(text.to_owned()), None),
        Some(text) if text.chars().filter(char::is_ascii_digit).count() >= 9 => {
            (None, Some(text.to_owned()))
        }
        Some(text) => {
            errors.push(fault(
                Field::Contact,
                format!("« {text} » n'est ni une adresse électronique ni un numéro de téléphone."),
            ));
            (None, None)
        }
        None => (None, None),
    };
    if let Some(phone) = cell(Field::Phone) {
        contact_phone = Some(phone.to_owned());
    }
    let input = MemberInput {
        slug: None,
        name: name.clone(),
        kind,
        description: cell(Field::Description).unwrap_or("").to_owned(),
        website,
        contact_public: contact_email.is_some() || contact_phone.is_some(),
        contact_email,
        contact_phone,
        qpv_code: cell(Field::Qpv).map(str::to_uppercase),
        themes,
        territories,
        ..MemberInput::default()
    };
    if let Err(faults) = input.validate() {
        for f in faults {
            // Kind is reported above, with the values a sheet may use.
            if f.field == "kind" {
                continue;
            }
            let field = Field::of_input_field(f.field.split(['[', '.']).next().unwrap_or(""));
            errors.push(match field {
                Some(field) => fault(field, lowercase_first(&f.message)),
                None => RowError {
                    line,
                    column: String::new(),
                    message: f.message,
                },
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let place = input
        .territories
        .first()
        .cloned()
        .unwrap_or_else(|| "sans-territoire".to_owned());
    let origin = format!("tableur:{}@{place}", slugify(&name));
    let given = Field::ALL
        .into_iter()
        .filter(|f| cell(*f).is_some())
        .collect();
    Ok(Row {
        line,
        item: Planned::new(origin, format!("ligne {line} « {name} »"), input, true, &()),
        given,
    })
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
