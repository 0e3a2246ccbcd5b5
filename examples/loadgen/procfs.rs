//! CPU time and memory of a process, from `/proc` (Linux).

use std::time::Duration;

/// User and system CPU time of process `pid`, all its threads, living and exited.
pub(crate) fn cpu_times(pid: u32) -> Option<(Duration, Duration)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    // Fields 14 and 15 of the whole line (utime, stime) are 12 and 13 after the name.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    let ticks = |t: u64| Duration::from_secs_f64(t as f64 / ticks_per_second());
    Some((ticks(utime), ticks(stime)))
}

/// The clock ticks of `/proc/*/stat`: 100 per second on Linux (USER_HZ).
fn ticks_per_second() -> f64 {
    100.0
}

/// Resident memory of process `pid`, in bytes.
pub(crate) fn rss_bytes(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// This process's id.
pub(crate) fn own_pid() -> u32 {
    std::process::id()
}

/// Raises this process's file limit to `want` (children inherit it); returns the limit in force.
pub(crate) fn raise_file_limit(want: u64) -> u64 {
    use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
    let current = getrlimit(Resource::Nofile);
    let have = current.current.unwrap_or(u64::MAX);
    if have >= want {
        return have;
    }
    // Raising the hard limit needs privileges (root has them); else go up to the hard limit.
    let hard = current.maximum.unwrap_or(u64::MAX);
    let wanted = Rlimit {
        current: Some(want),
        maximum: Some(want.max(hard)),
    };
    if setrlimit(Resource::Nofile, wanted).is_ok() {
        return want;
    }
    let capped = Rlimit {
        current: Some(hard),
        maximum: Some(hard),
    };
    let _ = setrlimit(Resource::Nofile, capped);
    getrlimit(Resource::Nofile).current.unwrap_or(have)
}

/// CPU time of a process between two readings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CpuWatch {
    pid: u32,
    start: (Duration, Duration),
}

impl CpuWatch {
    pub(crate) fn start(pid: u32) -> CpuWatch {
        CpuWatch {
            pid,
            start: cpu_times(pid).unwrap_or_default(),
        }
    }

    /// CPU time used since [`start`](Self::start).
    pub(crate) fn elapsed(&self) -> Duration {
        let (user, system) = self.elapsed_split();
        user + system
    }

    /// User and system CPU time used since [`start`](Self::start).
    pub(crate) fn elapsed_split(&self) -> (Duration, Duration) {
        let (user, system) = cpu_times(self.pid).unwrap_or_default();
        (
            user.saturating_sub(self.start.0),
            system.saturating_sub(self.start.1),
        )
    }
}
