//! The disk cache: what is kept survives a reopen, a write forgets what the memory cache
//! forgets, and a file it cannot use is set aside, never a crash.

use super::*;
use crate::api::cache::Cache;
use crate::domain::OrganizationSummary;
use crate::domain::hierarchy::{NodeKind, OrgNode, detail_fields};
use crate::domain::people::{Invitation, Member, Person};
use crate::domain::profile::NodeProfile;

fn org(id: &str, name: &str) -> OrganizationSummary {
    OrganizationSummary {
        id: id.into(),
        name: name.into(),
        customer_number: format!("C-{id}").into(),
        ..Default::default()
    }
}

fn organizations() -> SharedData {
    Arc::new(ResourceData::Organizations(vec![
        org("a", "Aalto Office Supplies"),
        org("b", "Béla & Søn ApS"),
    ]))
}

fn users(org: &str) -> Resource {
    Resource::Users { org: org.into() }
}

fn path_in(dir: &tempfile::TempDir) -> PathBuf {
    let id = CacheIdentity {
        profile: "prod",
        provider: "cloudmore",
        api_url: "https://api.example.com",
        account: "reseller-1",
    };
    file_for(dir.path(), &id)
}

fn read(disk: &DiskCache, resource: &Resource) -> Option<Cached> {
    disk.loader(resource).and_then(|load| load())
}

#[test]
fn what_is_kept_is_read_back_after_a_reopen_with_when_it_was_fetched() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    let before = SystemTime::now() - Duration::from_secs(1);
    {
        let mut disk = DiskCache::open(&path).unwrap();
        assert!(disk.take_note().is_none(), "a new file needs no note");
        disk.put(&Resource::Organizations, organizations());
        disk.put(&users("a"), Arc::new(ResourceData::Users(Vec::new())));
    }
    let disk = DiskCache::open(&path).unwrap();
    assert!(disk.contains(&Resource::Organizations));
    let cached = read(&disk, &Resource::Organizations).expect("kept");
    assert_eq!(cached.data, organizations());
    assert!(cached.fetched >= before && cached.fetched <= SystemTime::now());
    assert!(read(&disk, &users("a")).is_some());
    assert!(read(&disk, &users("b")).is_none(), "never kept");
}

fn node(id: &str, parent: Option<&str>) -> OrgNode {
    OrgNode {
        id: id.into(),
        name: format!("Node {id}"),
        kind: if parent.is_some() {
            NodeKind::Project
        } else {
            NodeKind::Organization
        },
        parent: parent.map(str::to_string),
        status: "ACTIVE".into(),
        active: true,
        created: Some(1_772_357_400_000),
        updated: None,
        version: Some("3".into()),
        extra: detail_fields([("Kind", "project".into()), ("Link", "/projects/p".into())]),
        profile: Some(Box::new(NodeProfile {
            description: "Racks in Lisbon".into(),
            ..NodeProfile::default()
        })),
    }
}

fn member(id: &str) -> Member {
    Member {
        id: id.into(),
        person: Person {
            id: format!("u-{id}"),
            name: "Ana Costa".into(),
            email: "ana@example.com".into(),
            login: String::new(),
        },
        container: "o1".into(),
        roles: vec!["admin".into(), "billing".into()],
        status: String::new(),
        created: Some(0),
        updated: Some(1),
        extra: detail_fields([("Timezone", "Europe/Lisbon".into())]),
    }
}

#[test]
fn the_hierarchy_its_nodes_and_people_come_back_as_they_went_in_with_their_labels() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    let invitation = Invitation {
        id: "i1".into(),
        invitee: "new@example.com".into(),
        roles: vec!["collaborator".into()],
        containers: vec!["o1".into(), "p1".into()],
        inviter: Some(member("m0").person),
        created: Some(5),
        expires: None,
        extra: detail_fields([("Link", "/invitations/i1".into())]),
    };
    let (node_id, kind) = (String::from("o1"), NodeKind::Organization);
    let kept: Vec<(Resource, ResourceData)> = vec![
        (
            Resource::Hierarchy,
            ResourceData::Hierarchy(vec![node("o1", None), node("p1", Some("o1"))]),
        ),
        (
            Resource::Node { id: "p1".into() },
            ResourceData::Node(node("p1", Some("o1"))),
        ),
        (
            Resource::Members {
                node: node_id.clone(),
                kind,
            },
            ResourceData::Members(vec![member("m1"), member("m2")]),
        ),
        (
            Resource::Invitations {
                node: node_id,
                kind,
            },
            ResourceData::Invitations(vec![invitation]),
        ),
    ];
    {
        let mut disk = DiskCache::open(&path).unwrap();
        for (resource, data) in &kept {
            disk.put(resource, Arc::new(data.clone()));
        }
    }
    let disk = DiskCache::open(&path).unwrap();
    for (resource, data) in &kept {
        assert!(disk.contains(resource), "{resource:?} kept");
        let cached = read(&disk, resource).expect("read back");
        assert_eq!(*cached.data, *data, "{resource:?}");
    }
}

#[test]
fn gathered_reads_are_not_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut disk = DiskCache::open(&path_in(&dir)).unwrap();
    let assignments = Resource::UserAssignments {
        org: "a".into(),
        user: "u".into(),
    };
    disk.put(
        &assignments,
        Arc::new(ResourceData::UserAssignments(Vec::new())),
    );
    assert!(!disk.contains(&assignments));
}

#[test]
fn a_write_forgets_on_disk_exactly_what_it_forgets_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    let keys = vec![
        Resource::Organizations,
        Resource::Organization { org: "a".into() },
        Resource::Organization { org: "b".into() },
        users("a"),
        users("b"),
        Resource::OrgServices { org: "a".into() },
        Resource::Administrators,
    ];
    let mut memory = Cache::new(Duration::from_secs(30));
    let mut disk = DiskCache::open(&path).unwrap();
    let data = Arc::new(ResourceData::Users(Vec::new()));
    for key in &keys {
        memory.store(key.clone(), data.clone());
        disk.put(key, data.clone());
    }
    let writes = [
        Mutation::UpdateOrganization {
            org: "a".into(),
            input: Default::default(),
        },
        Mutation::DeleteUser {
            org: "b".into(),
            user: "u".into(),
        },
    ];
    for write in &writes {
        memory.invalidate(write);
        disk.forget(write);
    }
    drop(disk);
    let disk = DiskCache::open(&path).unwrap();
    for key in &keys {
        assert_eq!(
            disk.contains(key),
            memory.contains(key),
            "{key:?} after the writes"
        );
        assert_eq!(read(&disk, key).is_some(), memory.contains(key), "{key:?}");
    }
    assert!(
        !disk.contains(&Resource::Organizations),
        "the list was touched"
    );
    assert!(
        disk.contains(&users("a")),
        "another organization's users stay"
    );
}

/// The files in `dir`'s profile folder whose name holds `word`.
fn files_with(path: &Path, word: &str) -> Vec<PathBuf> {
    let folder = path.parent().unwrap();
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains(word))
        .collect();
    found.sort();
    found
}

#[test]
fn a_corrupt_file_is_set_aside_with_a_note_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        &path,
        b"\x00\x01 this is not a database, just garbage \xff\xfe",
    )
    .unwrap();
    let mut disk = DiskCache::open(&path).expect("opens anyway");
    let note = disk.take_note().expect("says what happened");
    assert!(note.contains("could not be read"), "{note}");
    assert!(note.contains("set aside as"), "{note}");
    let aside = files_with(&path, ".corrupt-");
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(
        std::fs::read(&aside[0])
            .unwrap()
            .starts_with(b"\x00\x01 this")
    );
    disk.put(&Resource::Organizations, organizations());
    drop(disk);
    let disk = DiskCache::open(&path).unwrap();
    assert!(read(&disk, &Resource::Organizations).is_some(), "rebuilt");
}

#[test]
fn a_file_of_another_format_version_is_set_aside_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    {
        let old = Connection::open(&path).unwrap();
        old.execute_batch(
            "CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
             INSERT INTO meta VALUES ('format_version', 0);
             CREATE TABLE entries (key TEXT, blob BLOB);",
        )
        .unwrap();
    }
    let mut disk = DiskCache::open(&path).expect("opens anyway");
    let note = disk.take_note().expect("says what happened");
    assert!(note.contains("format version 0"), "{note}");
    assert_eq!(files_with(&path, ".corrupt-").len(), 1);
    disk.put(&Resource::Administrators, organizations());
    disk.flush();
    assert!(read(&disk, &Resource::Administrators).is_some());
}

#[test]
fn a_file_of_version_1_with_its_list_as_json_is_set_aside_not_misread() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    drop(DiskCache::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        let json = serde_json::to_vec(&*organizations()).unwrap();
        conn.execute_batch("UPDATE meta SET value = 1 WHERE name = 'format_version'")
            .unwrap();
        conn.execute(
            "INSERT INTO entries VALUES (?1, 0, ?2)",
            params![key_text(&Resource::Organizations), json],
        )
        .unwrap();
    }
    let mut disk = DiskCache::open(&path).expect("opens anyway");
    let note = disk.take_note().expect("says what happened");
    assert!(note.contains("format version 1"), "{note}");
    assert!(!disk.contains(&Resource::Organizations), "a new file");
    assert_eq!(files_with(&path, ".corrupt-").len(), 1);
}

#[test]
fn an_entry_that_cannot_be_decoded_is_a_miss_and_a_key_it_cannot_read_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    drop(DiskCache::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        let key = key_text(&Resource::Organizations);
        conn.execute(
            "INSERT INTO entries VALUES (?1, 0, ?2), ('{\"Renamed\":1}', 0, x'00')",
            params![key, b"{not json".to_vec()],
        )
        .unwrap();
    }
    let disk = DiskCache::open(&path).unwrap();
    assert!(disk.contains(&Resource::Organizations));
    assert!(read(&disk, &Resource::Organizations).is_none());
    let conn = Connection::open(&path).unwrap();
    let left: i64 = conn
        .query_row("SELECT count(*) FROM entries", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 1, "the unknown key is gone");
}

#[test]
fn each_server_and_profile_has_its_own_file_and_clear_removes_one_profile_or_all() {
    let dir = tempfile::tempdir().unwrap();
    let base = CacheIdentity {
        profile: "prod",
        provider: "cloudmore",
        api_url: "https://api.example.com",
        account: "r1",
    };
    let other_account = CacheIdentity {
        account: "r2",
        ..base
    };
    let other_profile = CacheIdentity {
        profile: "prod eu/2",
        ..base
    };
    let files = [base, other_account, other_profile].map(|id| file_for(dir.path(), &id));
    assert_eq!(files[0], file_for(dir.path(), &base), "stable");
    assert_ne!(files[0], files[1]);
    assert_eq!(
        files[0].parent(),
        files[1].parent(),
        "one folder per profile"
    );
    assert_ne!(files[0].parent(), files[2].parent());
    assert!(!files[2].to_string_lossy().contains(' '), "{:?}", files[2]);
    for file in &files {
        drop(DiskCache::open(file).unwrap());
    }
    let removed = clear(dir.path(), Some("prod")).unwrap();
    assert!(removed.contains(&files[0]) && removed.contains(&files[1]));
    assert!(!files[0].exists() && files[2].exists());
    let removed = clear(dir.path(), None).unwrap();
    assert!(removed.contains(&files[2]), "{removed:?}");
    assert!(!files[2].exists());
    assert!(clear(dir.path(), None).unwrap().is_empty());
    assert!(clear(&dir.path().join("absent"), None).unwrap().is_empty());
}

#[test]
fn a_put_replaced_later_in_the_same_batch_leaves_the_last_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    let mut disk = DiskCache::open(&path).unwrap();
    let first = Arc::new(ResourceData::Organizations(vec![org("a", "First")]));
    disk.put(&Resource::Organizations, first);
    disk.put(&Resource::Organizations, organizations());
    disk.put(&users("a"), organizations());
    disk.forget(&Mutation::DeleteUser {
        org: "a".into(),
        user: "u".into(),
    });
    disk.flush();
    let cached = read(&disk, &Resource::Organizations).expect("kept");
    assert_eq!(cached.data, organizations(), "the last copy");
    assert!(read(&disk, &users("a")).is_none(), "put, then forgotten");
}

#[test]
fn a_list_read_ahead_is_the_first_read_of_it_unless_it_was_written_since() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(&dir);
    {
        let mut disk = DiskCache::open(&path).unwrap();
        disk.put(&Resource::Organizations, organizations());
    }
    let disk = DiskCache::open(&path).unwrap();
    disk.prefetch(&Resource::Organizations);
    let cached = read(&disk, &Resource::Organizations).expect("read ahead");
    assert_eq!(cached.data, organizations());
    assert!(disk.lock_prefetched().is_none(), "taken by the first read");
    assert_eq!(
        read(&disk, &Resource::Organizations).map(|c| c.data),
        Some(organizations())
    );

    let mut disk = disk;
    disk.prefetch(&Resource::Organizations);
    let fresh: SharedData = Arc::new(ResourceData::Organizations(vec![org("c", "Cobalt")]));
    disk.put(&Resource::Organizations, fresh.clone());
    disk.flush();
    let cached = read(&disk, &Resource::Organizations).expect("kept");
    assert_eq!(
        cached.data, fresh,
        "what was read ahead is older than the write"
    );

    disk.prefetch(&users("nobody"));
    assert!(
        read(&disk, &users("nobody")).is_none(),
        "what the file lacks is a miss"
    );
}
