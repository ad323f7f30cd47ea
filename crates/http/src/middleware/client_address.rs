//! Who is asking, for the request budgets: the address that opened the connection, or,
//! when that address is one of the configured reverse proxies, the address those proxies
//! say they received the request from.
//!
//! Only what a trusted proxy wrote is believed. `X-Forwarded-For` grows to the right as
//! the request passes through proxies, and each proxy appends the address it was reached
//! from: the client may write anything to the left of what the first proxy appended. So
//! the chain is read from the right, trusted proxies are skipped, and the first address
//! that is not one of them is the client. A value that cannot be read stops the walk and
//! the connecting peer is taken — never "no address", which would mean "no budget".
//! `Forwarded` (RFC 7239) is not read: proxies that write `X-Forwarded-For` pass a
//! client's own `Forwarded` header on untouched.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use actix_web::http::header::HeaderMap;
use ipnet::IpNet;

/// The reverse proxies whose `X-Forwarded-For` is believed (`PASSERELLE_TRUSTED_PROXIES`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    pub fn none() -> Self {
        TrustedProxies(Vec::new())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether connections from `address` come through one of the proxies.
    pub fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|net| net.contains(&address))
    }
}

impl FromStr for TrustedProxies {
    type Err = String;

    /// Addresses or networks separated by commas or spaces: `127.0.0.1, 10.0.0.0/8, ::1`.
    fn from_str(list: &str) -> Result<Self, String> {
        list.split([',', ' '])
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                item.parse::<IpNet>()
                    .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                    .map(|net| net.trunc())
                    .map_err(|_| {
                        format!(
                            "« {item} » n'est ni une adresse IP ni un réseau (notation CIDR, \
                             par exemple 10.0.0.0/8)."
                        )
                    })
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }
}

/// The key a client's budgets are counted under: its address, or for IPv6 its /64 — one
/// subscriber usually holds a whole /64 and could otherwise take a fresh budget per
/// address.
pub fn budget_key(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let client = peer.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |peer| {
        forwarded_client(peer, headers, trusted)
    });
    match canonical(client) {
        IpAddr::V6(v6) => {
            let [a, b, c, d, ..] = v6.segments();
            IpAddr::V6(Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
        }
        v4 => v4,
    }
}

fn forwarded_client(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    if !trusted.trusts(peer) {
        return peer;
    }
    // Several headers are one list, in the order they came.
    let chain: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .flat_map(|value| match value.to_str() {
            Ok(text) => text.split(',').collect::<Vec<_>>(),
            Err(_) => vec![""],
        })
        .collect();
    for hop in chain.iter().rev() {
        match parse_hop(hop) {
            Some(address) if trusted.trusts(address) => continue,
            Some(address) => return address,
            None => return peer,
        }
    }
    peer
}

/// One address of the chain: `192.0.2.1`, `2001:db8::1`, and the forms with a port some
/// proxies write (`192.0.2.1:4711`, `[2001:db8::1]:4711`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    if let Ok(address) = hop.parse::<IpAddr>() {
        return Some(address);
    }
    hop.parse::<std::net::SocketAddr>().ok().map(|a| a.ip())
}

/// IPv4 clients reached over IPv6 sockets appear as `::ffff:a.b.c.d`.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(forwarded_for: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for value in forwarded_for {
            map.append(
                HeaderName::from_static("x-forwarded-for"),
                HeaderValue::from_str(value).expect("header"),
            );
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("address")
    }

    fn proxies(list: &str) -> TrustedProxies {
        list.parse().expect("proxies")
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_the_headers_say() {
        let key = budget_key(
            Some(ip("203.0.113.7")),
            &headers(&["10.0.0.1"]),
            &TrustedProxies::none(),
        );
        assert_eq!(key, ip("203.0.113.7"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_address_is_the_client() {
        let trusted = proxies("127.0.0.1, 10.0.0.0/8");
        // The client wrote « 1.2.3.4 » itself; the first proxy appended what it saw.
        let chain = headers(&["1.2.3.4, 198.51.100.9, 10.1.2.3"]);
        assert_eq!(
            budget_key(Some(ip("127.0.0.1")), &chain, &trusted),
            ip("198.51.100.9")
        );
        // Two headers are one chain.
        let split = headers(&["1.2.3.4", "198.51.100.9", "10.1.2.3"]);
        assert_eq!(
            budget_key(Some(ip("127.0.0.1")), &split, &trusted),
            ip("198.51.100.9")
        );
    }

    #[test]
    fn an_unreadable_hop_counts_as_the_peer_never_as_no_address() {
        let trusted = proxies("127.0.0.1");
        for chain in ["nope", "1.2.3.4, nope", "unknown", ""] {
            assert_eq!(
                budget_key(Some(ip("127.0.0.1")), &headers(&[chain]), &trusted),
                ip("127.0.0.1"),
                "{chain}"
            );
        }
        assert_eq!(
            budget_key(None, &headers(&["1.2.3.4"]), &trusted),
            ip("0.0.0.0")
        );
    }

    #[test]
    fn ipv6_clients_share_a_budget_per_64_and_mapped_ipv4_is_ipv4() {
        let none = TrustedProxies::none();
        let a = budget_key(Some(ip("2001:db8:1:2:aaaa::1")), &headers(&[]), &none);
        let b = budget_key(Some(ip("2001:db8:1:2:ffff::9")), &headers(&[]), &none);
        let c = budget_key(Some(ip("2001:db8:1:3::1")), &headers(&[]), &none);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(
            budget_key(Some(ip("::ffff:192.0.2.1")), &headers(&[]), &none),
            ip("192.0.2.1")
        );
        let trusted = proxies("::1");
        assert_eq!(
            budget_key(Some(ip("::1")), &headers(&["[2001:db8::5]:4711"]), &trusted),
            ip("2001:db8::")
        );
    }

    #[test]
    fn proxy_lists_take_addresses_and_networks_and_name_what_they_refuse() {
        let list = proxies("127.0.0.1 10.1.2.3/8,::1");
        assert!(list.trusts(ip("10.200.0.1")));
        assert!(list.trusts(ip("::ffff:127.0.0.1")));
        assert!(!list.trusts(ip("11.0.0.1")));
        let refused = "10.0.0.0/8, proxy.local".parse::<TrustedProxies>();
        assert!(refused.is_err_and(|e| e.contains("proxy.local")));
    }
}
