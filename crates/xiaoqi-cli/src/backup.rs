//! `xiaoqi backup [OUT] [--list]` and `xiaoqi restore IN`: a consistent copy of the database,
//! and a checked backup put in its place with the database before it kept aside
//! (`xiaoqi_core::backup`).

use std::path::{Path, PathBuf};

use xiaoqi_core::backup::{self, BackupFile, RestoreSummary};
use xiaoqi_core::{CoreError, Store};

use crate::{Failure, print_json};

/// `1.5 MB`, `820 KB`, `512 字节`.
fn size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b >= KB * KB * KB {
        format!("{:.1} GB", b / (KB * KB * KB))
    } else if b >= KB * KB {
        format!("{:.1} MB", b / (KB * KB))
    } else if b >= KB {
        format!("{:.0} KB", b / KB)
    } else {
        format!("{bytes} 字节")
    }
}

pub fn backup(
    store: &Store,
    db_path: &Path,
    out: Option<PathBuf>,
    list: bool,
    json: bool,
) -> Result<(), Failure> {
    if list {
        return list_backups(db_path, json);
    }
    let file = store.backup_to(&backup::backup_target(db_path, out.as_deref()))?;
    if json {
        print_json(&file);
    } else {
        println!("已备份到 {}（{}）", file.path.display(), size(file.size));
    }
    Ok(())
}

fn list_backups(db_path: &Path, json: bool) -> Result<(), Failure> {
    let dir = backup::backups_dir(db_path);
    let files: Vec<BackupFile> = backup::list_backups(&dir)?;
    if json {
        print_json(&files);
        return Ok(());
    }
    println!("备份文件夹：{}", dir.display());
    if files.is_empty() {
        println!("（还没有备份）");
    }
    for f in &files {
        println!("{}  {}", f.name, size(f.size));
    }
    Ok(())
}

pub fn restore(db_path: &Path, file: &Path, json: bool) -> Result<(), Failure> {
    let summary: RestoreSummary = backup::restore(db_path, file).map_err(|e| match e {
        // The refusal says it all; the field name (`backup`) would only be noise.
        CoreError::Invalid(errs) => Failure::Invalid(
            errs.0
                .iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>()
                .join("；"),
        ),
        other => other.into(),
    })?;
    // The restore in the restored database's own audit log, by the command line.
    let mut restored = Store::open(db_path).map_err(|e| Failure::Environment(e.to_string()))?;
    restored.act_as(xiaoqi_core::model::Actor::command_line());
    restored.record_event(
        xiaoqi_core::audit::Action::Restore,
        serde_json::json!({
            "file": file.file_name().map(|n| n.to_string_lossy().into_owned()),
            "kept_aside": summary.kept_aside.as_ref().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()),
            "graduates": summary.graduates,
        }),
    )?;
    drop(restored);
    if json {
        print_json(&summary);
        return Ok(());
    }
    let migrated = if summary.migrated_to > summary.schema_version {
        format!(
            "，数据结构已从版本 {} 升级到 {}",
            summary.schema_version, summary.migrated_to
        )
    } else {
        String::new()
    };
    println!(
        "已从 {} 恢复“{}”的数据：毕业生 {} 名，当前毕业去向 {} 条，用人单位 {} 家{migrated}",
        file.display(),
        summary.college_name,
        summary.graduates,
        summary.placements,
        summary.employers
    );
    match &summary.kept_aside {
        Some(aside) => println!("恢复前的数据库已另存为 {}", aside.display()),
        None => println!("恢复前没有数据库，未另存"),
    }
    if summary.new_device {
        println!(
            "本机将以新的设备身份同步：备份中未同步的更改会重新上传，备份之后服务器收到的更改会在下次同步时下载回来"
        );
    }
    Ok(())
}
