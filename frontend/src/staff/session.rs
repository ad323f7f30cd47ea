//! Who is signed in, known to every page: read once at start, set by sign-in, cleared by
//! sign-out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use passerelle_types::SessionInfo;

use crate::layout::signed_in_hint;
use crate::staff::api;

#[derive(Clone, Copy)]
pub struct Session {
    /// Whether the server has been asked yet.
    pub checked: RwSignal<bool>,
    pub info: RwSignal<Option<SessionInfo>>,
}

impl Session {
    pub fn provide() -> Session {
        let session = Session {
            checked: RwSignal::new(false),
            info: RwSignal::new(None),
        };
        provide_context(session);
        if !signed_in_hint() {
            session.checked.set(true);
            return session;
        }
        spawn_local(async move {
            // An unreachable server reads as signed out; the public pages still work.
            session.info.set(api::session().await.ok().flatten());
            session.checked.set(true);
        });
        session
    }

    /// After a sign-in (with a password or through an invitation): the dashboard.
    pub fn opened(&self, info: SessionInfo, navigate: impl Fn(&str, NavigateOptions)) {
        self.info.set(Some(info));
        self.checked.set(true);
        navigate("/redaction", NavigateOptions::default());
    }

    pub fn csrf(&self) -> String {
        self.info
            .get_untracked()
            .map(|s| s.csrf_token)
            .unwrap_or_default()
    }

    pub fn signed_in(&self) -> bool {
        self.info.with(Option::is_some)
    }

    pub fn is_admin(&self) -> bool {
        self.info.with(|info| {
            info.as_ref()
                .is_some_and(|info| info.account.role == passerelle_types::Role::Admin)
        })
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
