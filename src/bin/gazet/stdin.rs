//! Standard input and signals: a run stopped by SIGINT, SIGTERM or SIGHUP
//! stops between documents, also while stdin is idle.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A flag that Ctrl-C (SIGINT) sets, so that a run stops between documents
/// instead of dying in the middle of writing one.
pub(crate) fn interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let set = flag.clone();
    // SIGINT, SIGTERM and SIGHUP (the `termination` feature): a run stopped
    // by `timeout`, systemd or Kubernetes cleans up as one stopped by ^C.
    // Fails only if a handler is installed already; then the default
    // behaviour (exit at once, temporary files left hidden) remains.
    let _ = ctrlc::set_handler(move || set.store(true, Ordering::SeqCst));
    flag
}

/// Standard input read on a thread of its own, so that an interrupt is
/// seen while stdin is idle (a terminal, a producer that waits): a read
/// blocked in the kernel is restarted after the signal handler returns and
/// would wait for the next line or EOF.
pub(crate) struct InterruptibleStdin {
    chunks: std::sync::mpsc::Receiver<std::io::Result<Vec<u8>>>,
    current: std::io::Cursor<Vec<u8>>,
    interrupted: Arc<AtomicBool>,
}

impl InterruptibleStdin {
    pub(crate) fn new(interrupted: Arc<AtomicBool>) -> InterruptibleStdin {
        // A few chunks ahead at most, so a fast producer cannot fill memory.
        let (send, chunks) = std::sync::mpsc::sync_channel(4);
        std::thread::spawn(move || {
            let mut stdin = std::io::stdin().lock();
            loop {
                let mut buf = vec![0; 64 << 10];
                let got = match std::io::Read::read(&mut stdin, &mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        buf.truncate(n);
                        Ok(buf)
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => Err(e),
                };
                let failed = got.is_err();
                if send.send(got).is_err() || failed {
                    break;
                }
            }
        });
        InterruptibleStdin {
            chunks,
            current: std::io::Cursor::new(Vec::new()),
            interrupted,
        }
    }
}

impl std::io::Read for InterruptibleStdin {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::sync::mpsc::RecvTimeoutError;
        loop {
            let n = std::io::Read::read(&mut self.current, buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            if self.interrupted.load(Ordering::SeqCst) {
                return Err(std::io::Error::other("interrupted"));
            }
            match self
                .chunks
                .recv_timeout(std::time::Duration::from_millis(100))
            {
                Ok(chunk) => self.current = std::io::Cursor::new(chunk?),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Ok(0),
            }
        }
    }
}
