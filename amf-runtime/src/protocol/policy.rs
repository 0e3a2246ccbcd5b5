//! The Flash socket policy: `<policy-file-request/>` and a NUL byte, answered with a
//! cross-domain policy document and a NUL byte, then the connection is closed.

/// The 23 bytes Flash Player sends, followed by a NUL byte.
pub const POLICY_REQUEST: &[u8] = b"<policy-file-request/>\0";

/// Which Flash content may connect, and to which ports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocketPolicy {
    /// `allow-access-from` entries: (domain, ports), e.g. `("*", "*")` or
    /// `("example.com", "9000-9010")`.
    pub allow: Vec<(String, String)>,
}

impl Default for SocketPolicy {
    /// The permissive policy: any domain, any port.
    fn default() -> Self {
        SocketPolicy::allow("*", "*")
    }
}

impl SocketPolicy {
    /// A policy with one entry.
    pub fn allow(domain: impl Into<String>, ports: impl Into<String>) -> Self {
        SocketPolicy {
            allow: vec![(domain.into(), ports.into())],
        }
    }

    /// The document sent in answer to a policy request, NUL byte included.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut xml = String::from(r#"<?xml version="1.0"?><cross-domain-policy>"#);
        for (domain, ports) in &self.allow {
            xml.push_str(&format!(
                r#"<allow-access-from domain="{}" to-ports="{}"/>"#,
                escape(domain),
                escape(ports)
            ));
        }
        xml.push_str("</cross-domain-policy>\0");
        xml.into_bytes()
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_policy_is_the_permissive_document() {
        assert_eq!(
            SocketPolicy::default().to_bytes(),
            b"<?xml version=\"1.0\"?><cross-domain-policy><allow-access-from domain=\"*\" to-ports=\"*\"/></cross-domain-policy>\0"
        );
        assert_eq!(POLICY_REQUEST.len(), 23);
    }
}
