//! Sessions for the local servers, built through the engine as the app builds them.

use s3desk_engine::catalog::{Credentials, Target};
use s3desk_engine::connection::Endpoint;
use s3desk_engine::Session;

use s3desk_tests::Server;

pub async fn session(server: &Server) -> Session {
    session_with(&server.endpoint, &server.access_key, &server.secret_key).await
}

pub async fn session_with(endpoint: &str, access_key: &str, secret_key: &str) -> Session {
    Session::open(Target {
        name: "test".into(),
        region: "us-east-1".into(),
        endpoint: Some(Endpoint { url: endpoint.into(), path_style: true }),
        credentials: Credentials::Static { access_key_id: access_key.into(), secret_access_key: secret_key.into() },
    })
    .await
    .expect("a session with static keys opens without a network call")
}
