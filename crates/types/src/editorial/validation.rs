//! The rules every editorial body follows, applied alike by the API and by the client's
//! forms, each broken rule a French message naming its field.

use super::*;

/// Collects field errors; each rule adds at most one message per field.
#[derive(Default)]
pub(crate) struct Checks(Vec<FieldError>);

impl Checks {
    pub(crate) fn fail(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    pub(crate) fn required(&mut self, field: &str, value: &str, what: &str, max: usize) {
        if value.trim().is_empty() {
            self.fail(field, format!("{what} est obligatoire."));
        } else {
            self.max_chars(field, value, max);
        }
    }

    fn max_chars(&mut self, field: &str, value: &str, max: usize) {
        let count = value.chars().count();
        if count > max {
            self.fail(
                field,
                format!("{max} caractères au plus (actuellement {count})."),
            );
        }
    }

    pub(crate) fn optional(&mut self, field: &str, value: &Option<String>, max: usize) {
        if let Some(value) = value {
            self.max_chars(field, value, max);
        }
    }

    fn slug(&mut self, value: &Option<String>) {
        if let Some(slug) = value {
            if !is_slug(slug) {
                self.fail(
                    "slug",
                    "Lettres minuscules sans accent, chiffres et tirets seulement \
                     (par exemple « guide-des-conseils-citoyens »).",
                );
            } else {
                self.max_chars("slug", slug, MAX_SLUG_CHARS);
            }
        }
    }

    fn year(&mut self, year: Option<i32>, date: Option<NaiveDate>, date_field: &str) {
        if let Some(year) = year {
            if !(1900..=2100).contains(&year) {
                self.fail("year", "L'année doit être comprise entre 1900 et 2100.");
            } else if let Some(date) = date {
                if date.year() != year {
                    self.fail(
                        "year",
                        format!("L'année ne correspond pas à la date ({date_field})."),
                    );
                }
            }
        }
    }

    fn distinct<T: PartialEq>(&mut self, field: &str, values: &[T], what: &str) {
        for (index, value) in values.iter().enumerate() {
            if values[..index].contains(value) {
                self.fail(format!("{field}[{index}]"), format!("{what} en double."));
            }
        }
    }

    /// The slug, title, summary and body every publication and event has.
    fn text(&mut self, slug: &Option<String>, title: &str, summary: &str, body: &str) {
        self.slug(slug);
        self.required("title", title, "Le titre", MAX_TITLE_CHARS);
        self.max_chars("summary", summary, MAX_SUMMARY_CHARS);
        self.max_chars("body", body, MAX_BODY_CHARS);
    }

    /// The themes and territories an item is filed under, each once.
    fn filing(&mut self, themes: &[String], territories: &[String]) {
        self.distinct("themes", themes, "Thème");
        self.distinct("territories", territories, "Territoire");
    }

    fn links(&mut self, links: &[Link]) {
        for (index, link) in links.iter().enumerate() {
            if !is_web_address(&link.url) {
                self.fail(
                    format!("links[{index}].url"),
                    "Adresse web complète attendue (commençant par https:// ou http://).",
                );
            }
            self.required(
                &format!("links[{index}].label"),
                &link.label,
                "L'intitulé du lien",
                MAX_TITLE_CHARS,
            );
        }
    }

    /// Blank keywords are dropped when stored (a form sends what is typed, commas and all).
    fn keywords(&mut self, keywords: &[String]) {
        let kept: Vec<(usize, &str)> = keywords
            .iter()
            .map(|k| k.trim())
            .enumerate()
            .filter(|(_, k)| !k.is_empty())
            .collect();
        if kept.len() > MAX_KEYWORDS {
            self.fail("keywords", format!("{MAX_KEYWORDS} mots-clés au plus."));
        }
        let mut seen: Vec<String> = Vec::new();
        for (n, keyword) in kept {
            let field = format!("keywords[{n}]");
            let folded = keyword.to_lowercase();
            if keyword.chars().count() > MAX_KEYWORD_CHARS {
                self.fail(
                    &field,
                    format!("Un mot-clé a {MAX_KEYWORD_CHARS} caractères au plus."),
                );
            } else if seen.contains(&folded) {
                self.fail(&field, format!("Le mot-clé « {keyword} » est en double."));
            }
            seen.push(folded);
        }
    }

    pub(crate) fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

impl PublicationInput {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.text(&self.slug, &self.title, &self.summary, &self.body);
        if self.kind.is_none() {
            checks.fail("kind", "Le type de publication est obligatoire.");
        }
        checks.year(self.year, self.publication_date, "publication_date");
        checks.filing(&self.themes, &self.territories);
        checks.distinct("events", &self.events, "Événement");
        checks.links(&self.links);
        checks.keywords(&self.keywords);
        checks.finish()
    }
}

impl EventInput {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.text(&self.slug, &self.title, &self.summary, &self.body);
        if self.kind.is_none() {
            checks.fail("kind", "Le type d'événement est obligatoire.");
        }
        if self.start_time.is_some() && self.start_date.is_none() {
            checks.fail("start_date", "Une heure de début demande un jour de début.");
        }
        if self.end_date.is_some() && self.start_date.is_none() {
            checks.fail("start_date", "Un jour de fin demande un jour de début.");
        }
        if let (Some(start), Some(end)) = (self.start_date, self.end_date) {
            if end < start {
                checks.fail("end_date", "Le jour de fin précède le jour de début.");
            }
        }
        let end_day = self.end_date.or(self.start_date);
        if let (Some(start_time), Some(end_time), Some(start), Some(end)) =
            (self.start_time, self.end_time, self.start_date, end_day)
        {
            if (end, end_time) < (start, start_time) {
                checks.fail("end_time", "La fin précède le début.");
            }
        }
        if self.end_time.is_some() && end_day.is_none() {
            checks.fail("end_time", "Une heure de fin demande un jour.");
        }
        checks.year(self.year, self.start_date, "start_date");
        checks.optional("period", &self.period, MAX_TITLE_CHARS);
        checks.optional("venue_name", &self.venue_name, MAX_TITLE_CHARS);
        checks.optional("venue_address", &self.venue_address, MAX_TITLE_CHARS);
        if let Some(url) = self.online_url.as_deref().filter(|u| !u.trim().is_empty()) {
            if !is_web_address(url.trim()) {
                checks.fail(
                    "online_url",
                    "L'adresse de la réunion en ligne doit commencer par https:// ou http://.",
                );
            }
        }
        checks.filing(&self.themes, &self.territories);
        checks.links(&self.links);
        checks.finish()
    }
}

impl MemberInput {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.slug(&self.slug);
        checks.required("name", &self.name, "Le nom", MAX_TITLE_CHARS);
        if self.kind.is_none() {
            checks.fail("kind", "Le type de structure est obligatoire.");
        }
        checks.max_chars("description", &self.description, MAX_BODY_CHARS);
        if let Some(website) = &self.website {
            if !is_web_address(website) {
                checks.fail(
                    "website",
                    "Adresse web complète attendue (commençant par https:// ou http://).",
                );
            }
        }
        if let Some(email) = &self.contact_email {
            if !is_email(email) {
                checks.fail("contact_email", "Adresse électronique invalide.");
            }
        }
        if let Some(phone) = &self.contact_phone {
            let digits = phone.chars().filter(char::is_ascii_digit).count();
            let allowed = |c: char| c.is_ascii_digit() || " .+-()".contains(c);
            if !(8..=15).contains(&digits) || !phone.chars().all(allowed) {
                checks.fail("contact_phone", "Numéro de téléphone invalide.");
            }
        }
        if let Some(code) = &self.qpv_code {
            let valid = code.len() == 8
                && code.starts_with('Q')
                && code
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
            if !valid {
                checks.fail(
                    "qpv_code",
                    "Code de quartier prioritaire attendu : 8 caractères commençant par Q (par exemple QN03004M).",
                );
            }
        }
        match (self.latitude, self.longitude) {
            (Some(latitude), Some(longitude)) => {
                if !(-90.0..=90.0).contains(&latitude) {
                    checks.fail(
                        "latitude",
                        "La latitude doit être comprise entre -90 et 90.",
                    );
                }
                if !(-180.0..=180.0).contains(&longitude) {
                    checks.fail(
                        "longitude",
                        "La longitude doit être comprise entre -180 et 180.",
                    );
                }
            }
            (Some(_), None) => checks.fail("longitude", "Donnez la longitude avec la latitude."),
            (None, Some(_)) => checks.fail("latitude", "Donnez la latitude avec la longitude."),
            (None, None) => {}
        }
        checks.filing(&self.themes, &self.territories);
        checks.finish()
    }
}

impl ThemeInput {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut checks = Checks::default();
        checks.slug(&self.slug);
        checks.required("label", &self.label, "Le libellé", MAX_TITLE_CHARS);
        checks.finish()
    }
}

/// Lower-case ASCII letters and digits in words joined by single hyphens.
pub fn is_slug(value: &str) -> bool {
    !value.is_empty()
        && value.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// An absolute http(s) address without spaces.
pub fn is_web_address(value: &str) -> bool {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    matches!(rest, Some(rest) if !rest.is_empty()
        && !rest.starts_with('/')
        && !value.chars().any(|c| c.is_whitespace() || c.is_control()))
}

/// A plausible e-mail address: one `@`, a dotted domain, no spaces.
pub fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && value.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The slug of a title: folded to ASCII, lower case, words joined by hyphens.
pub fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    for c in title.chars().flat_map(fold_char) {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug: String = slug.trim_end_matches('-').to_owned();
    if slug.len() > MAX_SLUG_CHARS - 4 {
        slug.truncate(MAX_SLUG_CHARS - 4);
        slug = slug.trim_end_matches('-').to_owned();
    }
    if slug.is_empty() {
        "sans-titre".to_owned()
    } else {
        slug
    }
}

/// French letters without their accents; ligatures spelled out.
fn fold_char(c: char) -> impl Iterator<Item = char> {
    let folded: &str = match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
        'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => "A",
        'ç' => "c",
        'Ç' => "C",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'É' | 'È' | 'Ê' | 'Ë' => "E",
        'î' | 'ï' | 'í' | 'ì' => "i",
        'Î' | 'Ï' | 'Í' | 'Ì' => "I",
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
        'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => "O",
        'ù' | 'û' | 'ü' | 'ú' => "u",
        'Ù' | 'Û' | 'Ü' | 'Ú' => "U",
        'ÿ' => "y",
        'Ÿ' => "Y",
        'ñ' => "n",
        'Ñ' => "N",
        'œ' => "oe",
        'Œ' => "OE",
        'æ' => "ae",
        'Æ' => "AE",
        _ => "",
    };
    let own = if folded.is_empty() { Some(c) } else { None };
    folded.chars().chain(own)
}
