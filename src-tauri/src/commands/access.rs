//! Block Public Access, the bucket policy (checked, templated, saved, deleted), Object
//! Ownership, and the sentence that says whether the bucket is public. Every change answers
//! with the view read back, never the state wished for.

use s3desk_engine::access::{acl, block_public, policy, summary, templates};
use s3desk_engine::Session;
use tauri::State;

use super::{open_bucket, CommandResult};
use crate::ipc::{
    AccessView, BlockFlags, ConnectionKey, ErrorPayload, ExposureView, GrantView, PolicyFinding, PolicyTemplate,
};
use crate::state::AppState;

/// The Permissions view as S3 reports it now.
async fn read_back(session: &Session, bucket: &str, region: &str) -> CommandResult<AccessView> {
    Ok(summary::read(session, bucket, region).await.map_err(ErrorPayload::from)?.into())
}

#[tauri::command]
pub async fn bucket_access(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
) -> CommandResult<AccessView> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    read_back(&session, &bucket, &region).await
}

/// Whether the bucket is public, and why, for the badge in the bucket list.
#[tauri::command]
pub async fn bucket_exposure(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
) -> CommandResult<ExposureView> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let exposure = summary::exposure(&session, &bucket, &region).await.map_err(ErrorPayload::from)?;
    Ok(ExposureView { public: exposure.public, sentence: exposure.sentence })
}

#[tauri::command]
pub async fn bucket_set_block_public(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    flags: BlockFlags,
) -> CommandResult<AccessView> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    block_public::put(&session, &bucket, &region, flags.into()).await.map_err(ErrorPayload::from)?;
    read_back(&session, &bucket, &region).await
}

/// What is wrong with a policy as it is typed; nothing is sent anywhere.
#[tauri::command]
pub fn bucket_policy_check(bucket: String, text: String) -> Vec<PolicyFinding> {
    policy::check(&text, &bucket).into_iter().map(Into::into).collect()
}

#[tauri::command]
pub fn bucket_policy_template(bucket: String, template: PolicyTemplate) -> CommandResult<String> {
    Ok(match template {
        PolicyTemplate::PublicReadBucket => templates::public_read_bucket(&bucket),
        PolicyTemplate::PublicReadObject { key } => templates::public_read_object(&bucket, &key),
        PolicyTemplate::CrossAccount { account_id } => templates::cross_account(&bucket, &account_id)?,
        PolicyTemplate::DenyInsecureTransport => templates::deny_insecure_transport(&bucket),
    })
}

/// Saves the policy; `expected` is the policy the person started from, so a policy another
/// client changed meanwhile is never overwritten unseen.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn bucket_policy_save(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    text: String,
    expected: Option<String>,
) -> CommandResult<AccessView> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    policy::replace(&session, &bucket, &region, expected.as_deref(), &text).await.map_err(ErrorPayload::from)?;
    read_back(&session, &bucket, &region).await
}

#[tauri::command]
pub async fn bucket_policy_delete(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
) -> CommandResult<AccessView> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    policy::delete(&session, &bucket, &region).await.map_err(ErrorPayload::from)?;
    read_back(&session, &bucket, &region).await
}

#[tauri::command]
pub async fn bucket_set_ownership(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    ownership: String,
) -> CommandResult<AccessView> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    summary::set_ownership(&session, &bucket, &region, &ownership).await.map_err(ErrorPayload::from)?;
    read_back(&session, &bucket, &region).await
}

/// The ACL grants of the bucket, or of one object, as a readable list.
#[tauri::command]
pub async fn access_grants(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    object: Option<String>,
) -> CommandResult<Vec<GrantView>> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    let grants = acl::grants(&session, &bucket, &region, object.as_deref()).await.map_err(ErrorPayload::from)?;
    Ok(grants.into_iter().map(Into::into).collect())
}

/// Makes one object readable by everyone with an ACL; where Object Ownership disables ACLs
/// the error says so and points to the policy route.
#[tauri::command]
pub async fn access_make_object_public(
    state: State<'_, AppState>,
    key: ConnectionKey,
    bucket: String,
    region: Option<String>,
    object: String,
) -> CommandResult<Vec<GrantView>> {
    let (session, region) = open_bucket(&state, key, &bucket, region).await?;
    acl::make_object_public(&session, &bucket, &region, &object).await.map_err(ErrorPayload::from)?;
    let grants = acl::grants(&session, &bucket, &region, Some(&object)).await.map_err(ErrorPayload::from)?;
    Ok(grants.into_iter().map(Into::into).collect())
}
