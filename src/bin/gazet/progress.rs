//! The progress bar on stderr: drawn only for a person watching a terminal
//! that the output does not also go to, and counting bytes, so that a
//! streamed file moves it chunk by chunk and the ETA holds from the start.

use crate::messages::count;
use gazet::batch::Annotated;
use gazet::walk::Input;
use gazet::Error;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

/// Progress over a list of input files.
pub(crate) struct Progress {
    bar: ProgressBar,
    /// Each input's size, asked of the file system once, by path.
    sizes: HashMap<PathBuf, u64>,
    /// Bytes of the inputs finished.
    done: u64,
    /// Bytes of the streamed input under way that its parts have covered.
    partial: u64,
    documents: usize,
}

impl Progress {
    /// A bar over `inputs`; hidden with `quiet`, when stderr is no
    /// terminal, or when `stdout_is_output` and stdout is a terminal too
    /// (the JSON lines would be drawn over).
    pub fn new(inputs: &[Input], quiet: bool, stdout_is_output: bool) -> Progress {
        let shares_terminal = stdout_is_output && std::io::stdout().is_terminal();
        if quiet || shares_terminal || !std::io::stderr().is_terminal() {
            return Progress {
                bar: ProgressBar::hidden(),
                sizes: HashMap::new(),
                done: 0,
                partial: 0,
                documents: 0,
            };
        }
        let sizes: HashMap<PathBuf, u64> =
            inputs.iter().map(|i| (i.path.clone(), size(i))).collect();
        let bar = {
            let total = sizes.values().sum();
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            // `wide_bar` takes what the terminal's width leaves, so the line
            // never wraps.
            if let Ok(style) = ProgressStyle::with_template(
                "{wide_bar} {binary_bytes}/{binary_total_bytes}, {msg}, {elapsed} elapsed, ETA {eta}",
            ) {
                bar.set_style(style);
            }
            bar.set_message("0 documents");
            // Elapsed time and ETA move while one large file is read.
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        };
        Progress {
            bar,
            sizes,
            done: 0,
            partial: 0,
            documents: 0,
        }
    }

    /// Counts one result for `input`: a part of a streamed file moves the
    /// bar by its chunk, a whole document (or a failed one) by its file.
    pub fn advance(&mut self, input: &Input, result: &Result<Annotated, Error>) {
        if self.bar.is_hidden() {
            return;
        }
        let size = self.sizes.get(&input.path).copied().unwrap_or(0);
        match result {
            Ok(a) if !a.is_last() => {
                self.partial = (self.partial + a.text.len() as u64).min(size);
                self.bar.set_position(self.done + self.partial);
            }
            _ => {
                self.done += size;
                self.partial = 0;
                self.documents += 1;
                self.bar.set_position(self.done);
                self.bar.set_message(count(self.documents, "document"));
            }
        }
    }

    /// Removes the bar.
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

/// The size of an input file, or 0 if it cannot be asked (it then fails
/// to be read too, and says so).
fn size(input: &Input) -> u64 {
    std::fs::metadata(&input.path).map_or(0, |m| m.len())
}
