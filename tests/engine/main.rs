//! Integration tests of the S3 engine against real servers on loopback (moto, SeaweedFS) and
//! a real Secret Service (run them through .ci/test.sh, which starts gnome-keyring inside
//! dbus-run-session with a throwaway XDG_DATA_HOME).

mod acceleration;
mod access;
mod batch;
mod bucket_create;
mod bucket_delete;
mod buckets;
mod catalog;
mod copy;
mod credentials;
mod identity;
mod keychain;
mod multipart;
mod objects;
mod profiles;
mod sharing;
mod support;
mod sync;
mod tagging;
mod timeouts;
mod transfers;
