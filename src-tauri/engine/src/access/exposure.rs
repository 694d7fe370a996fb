//! "Is this bucket public?" in one sentence that names the reason, from Block Public Access,
//! the bucket policy and the bucket's ACL grants.

use super::block_public::BlockPublicAccess;

/// What makes the policy public, when it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicPolicy {
    /// The first statement (1-based) that allows everyone, when it is known.
    pub statement: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    /// `None` when the endpoint would not say enough to know.
    pub public: Option<bool>,
    pub sentence: String,
}

/// `block`: `None` when the endpoint has no Block Public Access. `policy`: `Some(None)` for a
/// policy that is not public (or none), `None` when it could not be read. `acl`: the public
/// groups the bucket ACL grants to (AllUsers, AuthenticatedUsers), `None` when unreadable.
pub fn describe(
    block: Option<BlockPublicAccess>,
    policy: Option<Option<PublicPolicy>>,
    acl: Option<Vec<String>>,
) -> Exposure {
    let b = block.unwrap_or_default();
    let bpa_off = block.is_none_or(|b| b == BlockPublicAccess::default());
    let off = if block.is_none() { "this endpoint has no Block Public Access" } else { "Block Public Access is off" };
    let policy_reason = |p: &PublicPolicy| match p.statement {
        Some(n) => format!("the bucket policy lets anyone in (statement {n})"),
        None => "the bucket policy lets anyone in".to_owned(),
    };
    let acl_reason = |groups: &[String]| format!("an ACL grants access to {}", groups.join(" and "));

    let public_policy = policy.clone().flatten().filter(|_| !b.restrict_public_buckets);
    let public_acl = acl.clone().filter(|g| !g.is_empty() && !b.ignore_public_acls);
    let mut reasons = Vec::new();
    if let Some(p) = &public_policy {
        reasons.push(policy_reason(p));
    }
    if let Some(groups) = &public_acl {
        reasons.push(acl_reason(groups));
    }
    if !reasons.is_empty() {
        let sentence = if bpa_off {
            format!("Public: {}, and {off}.", reasons.join(", and "))
        } else {
            format!("Public: {}; Block Public Access does not stop it.", reasons.join(", and "))
        };
        return Exposure { public: Some(true), sentence };
    }
    // Would be public, but Block Public Access stops it.
    let blocked_policy = policy.clone().flatten().filter(|_| b.restrict_public_buckets);
    let blocked_acl = acl.clone().filter(|g| !g.is_empty() && b.ignore_public_acls);
    if let Some(p) = blocked_policy {
        return Exposure {
            public: Some(false),
            sentence: format!("Not public: {}, but Block Public Access restricts public buckets.", policy_reason(&p)),
        };
    }
    if let Some(groups) = blocked_acl {
        return Exposure {
            public: Some(false),
            sentence: format!("Not public: {}, but Block Public Access ignores public ACLs.", acl_reason(&groups)),
        };
    }
    match (policy, acl) {
        (Some(_), Some(_)) if b == BlockPublicAccess::ALL => Exposure {
            public: Some(false),
            sentence: "Not public: Block Public Access is fully on, and no policy or ACL grants access to everyone."
                .into(),
        },
        (Some(_), Some(_)) => Exposure {
            public: Some(false),
            sentence: "Not public: no policy statement or ACL grants access to everyone.".into(),
        },
        _ if b.restrict_public_buckets && b.ignore_public_acls => Exposure {
            public: Some(false),
            sentence: "Not public: Block Public Access ignores public ACLs and restricts public policies.".into(),
        },
        _ => Exposure {
            public: None,
            sentence: "Unknown: this endpoint does not say enough about its policy and ACLs to tell.".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(statement: usize) -> Option<Option<PublicPolicy>> {
        Some(Some(PublicPolicy { statement: Some(statement) }))
    }
    const NO_POLICY: Option<Option<PublicPolicy>> = Some(None);

    #[test]
    fn the_sentence_names_the_reason() {
        let off = Some(BlockPublicAccess::default());
        let all = Some(BlockPublicAccess::ALL);
        let restrict = Some(BlockPublicAccess { restrict_public_buckets: true, ..Default::default() });
        let all_users = Some(vec!["AllUsers".to_owned()]);
        let cases = [
            (off, policy(2), Some(vec![]), Some(true), "Public: the bucket policy lets anyone in (statement 2), and Block Public Access is off."),
            (off, NO_POLICY, all_users.clone(), Some(true), "Public: an ACL grants access to AllUsers, and Block Public Access is off."),
            (restrict, policy(1), Some(vec![]), Some(false), "Not public: the bucket policy lets anyone in (statement 1), but Block Public Access restricts public buckets."),
            (restrict, policy(1), all_users.clone(), Some(true), "Public: an ACL grants access to AllUsers; Block Public Access does not stop it."),
            (all, NO_POLICY, Some(vec![]), Some(false), "Not public: Block Public Access is fully on, and no policy or ACL grants access to everyone."),
            (off, NO_POLICY, Some(vec![]), Some(false), "Not public: no policy statement or ACL grants access to everyone."),
            (None, policy(3), None, Some(true), "Public: the bucket policy lets anyone in (statement 3), and this endpoint has no Block Public Access."),
            (None, None, None, None, "Unknown: this endpoint does not say enough about its policy and ACLs to tell."),
            (all, None, None, Some(false), "Not public: Block Public Access ignores public ACLs and restricts public policies."),
        ];
        for (block, policy, acl, public, sentence) in cases {
            let exposure = describe(block, policy.clone(), acl.clone());
            assert_eq!(
                (exposure.public, exposure.sentence.as_str()),
                (public, sentence),
                "{block:?} {policy:?} {acl:?}"
            );
        }
    }
}
