use super::*;

/// Errors list the accepted parameters in this order: partners may show them.
#[test]
fn accepted_parameters_are_listed_in_their_published_order() {
    let listed = [
        (
            PublicationQuery::PARAMETERS,
            "q theme kind territory year from to updated_since sort page limit",
        ),
        (
            EventQuery::PARAMETERS,
            "q theme kind territory year from to when updated_since sort page limit",
        ),
        (
            MemberQuery::PARAMETERS,
            "q theme kind territory updated_since sort page limit",
        ),
        (
            SearchQuery::PARAMETERS,
            "q type kind theme territory year from to updated_since sort page limit",
        ),
        (WithdrawalQuery::PARAMETERS, "since type page limit"),
    ];
    for (parameters, order) in listed {
        assert_eq!(parameters.join(" "), order);
    }
}

fn err(result: Result<PublicationQuery, QueryError>) -> QueryError {
    match result {
        Ok(q) => panic!("expected an error, got {q:?}"),
        Err(e) => e,
    }
}

#[test]
fn empty_query_gives_defaults() {
    assert_eq!(PublicationQuery::parse(""), Ok(PublicationQuery::default()));
}

#[test]
fn lists_accept_commas_and_repetition_without_duplicates() {
    let q = PublicationQuery::parse("theme=a,b&theme=b&theme=c&kind=guide").unwrap_or_default();
    assert_eq!(q.theme, vec!["a", "b", "c"]);
    assert_eq!(q.kind, vec![PublicationKind::Guide]);
}

#[test]
fn query_string_round_trips() {
    let q = EventQuery {
        q: "formation « égalité »".into(),
        theme: vec!["egalite-femmes-hommes".into()],
        kind: vec![EventKind::Formation, EventKind::Seminaire],
        territory: vec!["departement-30".into()],
        year: vec![2019],
        from: NaiveDate::from_ymd_opt(2019, 9, 1),
        to: NaiveDate::from_ymd_opt(2019, 10, 31),
        when: Some(EventPeriod::Past),
        updated_since: DateTime::from_timestamp(1_795_000_000, 0),
        sort: Some(EventSort::Title),
        pagination: Pagination { page: 2, limit: 5 },
    };
    assert_eq!(EventQuery::parse(&q.to_query_string()), Ok(q));
}

#[test]
fn updated_since_takes_an_instant_or_a_day() {
    let at = |s: &str| PublicationQuery::parse(s).map(|q| q.updated_since);
    assert_eq!(
        at("updated_since=2026-11-27T10:30:00%2B01:00"),
        Ok(DateTime::from_timestamp(1_795_771_800, 0))
    );
    assert_eq!(
        at("updated_since=2026-11-27"),
        Ok(DateTime::from_timestamp(1_795_737_600, 0))
    );
    let Err(e) = MemberQuery::parse("updated_since=hier") else {
        panic!("« hier » accepté");
    };
    assert_eq!(e.parameter, "updated_since");
    assert!(e.message.contains("RFC 3339"), "{}", e.message);
}

#[test]
fn limit_bounds_are_enforced_and_named() {
    for bad in ["limit=0", "limit=1000", "limit=abc", "page=0", "page=-1"] {
        let e = err(PublicationQuery::parse(bad));
        assert_eq!(e.parameter, bad.split('=').next().unwrap_or_default());
    }
    let q = PublicationQuery::parse("limit=100&page=3").unwrap_or_default();
    assert_eq!(
        q.pagination,
        Pagination {
            page: 3,
            limit: 100
        }
    );
}

#[test]
fn unknown_parameter_is_named_in_french() {
    let e = err(PublicationQuery::parse("thme=sante"));
    assert_eq!(e.parameter, "thme");
    assert!(e.message.contains("inconnu"), "{}", e.message);
}

#[test]
fn bad_dates_and_inverted_ranges_are_rejected() {
    assert_eq!(
        err(PublicationQuery::parse("from=2019-13-01")).parameter,
        "from"
    );
    assert_eq!(err(PublicationQuery::parse("to=hier")).parameter, "to");
    assert_eq!(
        err(PublicationQuery::parse("from=2020-01-01&to=2019-01-01")).parameter,
        "to"
    );
}

#[test]
fn single_valued_parameters_cannot_repeat() {
    assert_eq!(
        err(PublicationQuery::parse("sort=title&sort=date_asc")).parameter,
        "sort"
    );
}

#[test]
fn unknown_vocabulary_values_are_rejected() {
    assert_eq!(
        err(PublicationQuery::parse("kind=brochure")).parameter,
        "kind"
    );
    assert_eq!(
        err(PublicationQuery::parse("sort=popular")).parameter,
        "sort"
    );
    assert_eq!(
        err(PublicationQuery::parse("theme=Égalité")).parameter,
        "theme"
    );
    assert_eq!(err(PublicationQuery::parse("year=19")).parameter, "year");
}

#[test]
fn text_query_is_trimmed_and_bounded() {
    let q = PublicationQuery::parse("q=%20%C3%A9galit%C3%A9%20").unwrap_or_default();
    assert_eq!(q.q, "égalité");
    assert_eq!(q.effective_sort(), PublicationSort::Relevance);
    let long = format!("q={}", "é".repeat(201));
    assert_eq!(err(PublicationQuery::parse(&long)).parameter, "q");
    let max = format!("q={}", "é".repeat(200));
    assert!(PublicationQuery::parse(&max).is_ok());
}

#[test]
fn search_accepts_kinds_of_every_type_and_round_trips() {
    let q = SearchQuery::parse("q=conseil&type=publication,event&kind=guide,seminaire,association")
        .unwrap_or_default();
    assert_eq!(q.types, vec![ItemType::Publication, ItemType::Event]);
    assert_eq!(q.kind, vec!["guide", "seminaire", "association"]);
    assert_eq!(SearchQuery::parse(&q.to_query_string()), Ok(q));
    assert!(SearchQuery::parse("kind=brochure").is_err());
    assert!(SearchQuery::parse("type=page").is_err());
}

#[test]
fn upcoming_events_default_to_soonest_first() {
    let q = EventQuery {
        when: Some(EventPeriod::Upcoming),
        ..EventQuery::default()
    };
    assert_eq!(q.effective_sort(), EventSort::DateAsc);
    assert_eq!(EventQuery::default().effective_sort(), EventSort::DateDesc);
}
