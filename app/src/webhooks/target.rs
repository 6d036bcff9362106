//! Where a webhook may go. A subscriber names a URL; resolved, it must not lead into the
//! server's own network (loopback, private, link-local, shared or unique-local addresses),
//! or Festplan would post into places only it can reach. Checked when a subscription is made
//! and again at each delivery, which then connects to the very address that was checked.

use std::net::IpAddr;

/// Why a URL is refused, in words for the organizer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

/// Whether `ip` is an address on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b)))
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public(IpAddr::V4(v4)),
            None => {
                let first = v6.segments()[0];
                !(v6.is_loopback() || v6.is_unspecified() || v6.is_multicast() || (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80)
            }
        },
    }
}

/// The URL's host and the address to connect to, or why not.
#[cfg(feature = "ssr")]
pub async fn resolve(url: &str, allow_private: bool) -> Result<(url::Url, std::net::SocketAddr), Refused> {
    // In the page's language when an organizer subscribes; in English for the worker's log.
    use crate::i18n::td_string;
    use crate::locale::current;
    let refused = |words: &str| Refused(words.to_string());
    let parsed = url::Url::parse(url.trim()).map_err(|_| refused(td_string!(current(), webhooks.not_full)))?;
    if !matches!(parsed.scheme(), "https" | "http") {
        return Err(refused(td_string!(current(), webhooks.not_http)));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(refused(td_string!(current(), webhooks.credentials)));
    }
    let host = parsed.host_str().ok_or_else(|| refused(td_string!(current(), webhooks.no_host)))?.trim_matches(['[', ']']).to_string();
    let port = parsed.port_or_known_default().unwrap_or(443);
    let unknown = || Refused(td_string!(current(), webhooks.unknown_host, host = &host).to_string());
    let addrs: Vec<std::net::SocketAddr> = tokio::net::lookup_host((host.as_str(), port)).await.map_err(|_| unknown())?.collect();
    let first = *addrs.first().ok_or_else(unknown)?;
    if !allow_private && addrs.iter().any(|a| !is_public(a.ip())) {
        return Err(Refused(td_string!(current(), webhooks.private_host, host = &host).to_string()));
    }
    Ok((parsed, first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "1.1.1.1"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[tokio::test]
    async fn local_targets_are_refused_unless_allowed() {
        for url in ["http://127.0.0.1:9/hook", "http://localhost/hook", "http://[::1]/hook", "http://169.254.169.254/latest"] {
            assert!(resolve(url, false).await.is_err(), "{url}");
        }
        assert!(resolve("http://127.0.0.1:9/hook", true).await.is_ok());
        assert!(resolve("ftp://example.org/", true).await.is_err());
        assert!(resolve("http://user:pw@127.0.0.1/", true).await.is_err());
    }
}
